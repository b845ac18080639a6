//! `gridbook doctor`: where the database, the config and this device's keys are, whether other
//! users can read them, whether the database opens, and whether the terminal can show Chinese;
//! every finding says what to do. Nothing is created or changed: the database is inspected
//! read-only ([`crate::store::inspect`]), permissions are reported with the `chmod` that fixes
//! them, not fixed. Also the `--version` line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Cli;
use super::out::{jsonln, outln};
use crate::config::{self, Config, ConfigError};
use crate::i18n::{Lang, Msg};
use crate::store::{Inspection, StoreError, latest_schema};

#[derive(Debug, clap::Args)]
pub struct DoctorArgs {
    /// Print the findings as one JSON object (English keys) instead of lines
    #[arg(long)]
    pub json: bool,
}

/// The bundle format this build writes, as `major.minor`.
fn bundle_format() -> String {
    let [major, minor] = crate::sync::bundle::FORMAT;
    format!("{major}.{minor}")
}

/// `gridbook 0.1.0 (bundle format 1.0, database schema 3)`.
pub fn version_line(lang: Lang) -> String {
    lang.f(
        Msg::VersionLine,
        &[
            ("version", &env!("CARGO_PKG_VERSION")),
            ("format", &bundle_format()),
            ("schema", &latest_schema()),
        ],
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Status {
    Ok,
    Note,
    Todo,
}

impl Status {
    fn mark(self) -> Msg {
        match self {
            Self::Ok => Msg::DoctorOk,
            Self::Note => Msg::DoctorNote,
            Self::Todo => Msg::DoctorTodo,
        }
    }
}

#[derive(Debug, Serialize)]
struct Finding {
    /// A stable code for scripts: `database`, `config_permissions`, `locale` ...
    item: &'static str,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    /// Unix permissions, as `0600`.
    #[serde(skip_serializing_if = "Option::is_none")]
    mode: Option<String>,
    /// The command that fixes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
    message: String,
}

#[derive(Serialize)]
struct Report<'a> {
    version: &'static str,
    bundle_format: String,
    schema: i64,
    todo: usize,
    findings: &'a [Finding],
}

struct Doctor {
    lang: Lang,
    findings: Vec<Finding>,
}

pub fn run(cli: &Cli, args: &DoctorArgs) -> Result<ExitCode> {
    let config_file = config::config_file();
    let loaded = Config::load(&config_file);
    let language = loaded.as_ref().map(|c| c.language.as_str()).unwrap_or("");
    let lang = Lang::choose(cli.lang.as_deref(), language);
    let mut doctor = Doctor {
        lang,
        findings: Vec::new(),
    };
    let db = super::chosen_db_path(cli).unwrap_or_else(config::default_db);
    let inspection = doctor.database(&db);
    let config_dir = config::config_dir();
    doctor.config(&config_dir, &config_file, &loaded);
    doctor.keys(&config_dir, &db, inspection.as_ref());
    doctor.locale(|name| std::env::var(name).ok());
    doctor.terminal(std::env::var("TERM").ok().as_deref());

    let todo = doctor
        .findings
        .iter()
        .filter(|f| f.status == Status::Todo)
        .count();
    if args.json {
        let report = Report {
            version: env!("CARGO_PKG_VERSION"),
            bundle_format: bundle_format(),
            schema: latest_schema(),
            todo,
            findings: &doctor.findings,
        };
        jsonln!(serde_json::to_string(&report)?);
    } else {
        outln!("{}", version_line(lang));
        let width = [Status::Ok, Status::Note, Status::Todo]
            .iter()
            .map(|s| lang.t(s.mark()).width())
            .max()
            .unwrap_or(0);
        for f in &doctor.findings {
            let mark = lang.t(f.status.mark());
            let pad = " ".repeat(width.saturating_sub(mark.width()));
            outln!("{mark}{pad}  {}", f.message);
        }
        if todo == 0 {
            outln!("{}", lang.t(Msg::DoctorAllWell));
        }
    }
    if todo > 0 {
        bail!(lang.f(Msg::DoctorTodoCount, &[("n", &todo)]));
    }
    Ok(ExitCode::SUCCESS)
}

impl Doctor {
    fn add(
        &mut self,
        item: &'static str,
        status: Status,
        path: &Path,
        message: String,
    ) -> &mut Finding {
        let at = self.findings.len();
        self.findings.push(Finding {
            item,
            status,
            path: Some(path.display().to_string()),
            mode: None,
            fix: None,
            message,
        });
        &mut self.findings[at]
    }

    fn say(&self, m: Msg, path: &Path, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let shown = path.display();
        let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("path", &shown)];
        all.extend_from_slice(args);
        self.lang.f(m, &all)
    }

    /// The database: whether it is there and opens, read without writing a byte.
    fn database(&mut self, path: &Path) -> Option<Inspection> {
        let found = match crate::store::inspect(path) {
            Ok(Some(found)) => found,
            Ok(None) => {
                let text = self.say(Msg::DoctorDbMissing, path, &[]);
                self.add("database", Status::Note, path, text);
                return None;
            }
            Err(e) => {
                let text = self.store_error(&e, path);
                self.add("database", Status::Todo, path, text);
                return None;
            }
        };
        let latest = latest_schema();
        if found.wal {
            // Before its first checkpoint the file holds little; the log is what tells.
            let text = self.say(Msg::DoctorDbWal, path, &[]);
            self.add("database", Status::Note, path, text);
        } else if found.schema == 0 {
            let text = self.say(Msg::DoctorDbEmpty, path, &[]);
            self.add("database", Status::Note, path, text);
        } else if found.schema < latest {
            let text = self.say(
                Msg::DoctorDbOld,
                path,
                &[("found", &found.schema), ("latest", &latest)],
            );
            self.add("database", Status::Note, path, text);
        } else {
            let text = self.say(Msg::DoctorDbFine, path, &[("schema", &found.schema)]);
            self.add("database", Status::Ok, path, text);
        }
        self.private(
            "database_permissions",
            Msg::DoctorWhatDb,
            path,
            false,
            false,
        );
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut journal = path.as_os_str().to_owned();
            journal.push(suffix);
            let journal = PathBuf::from(journal);
            self.private(
                "journal_permissions",
                Msg::DoctorWhatJournal,
                &journal,
                false,
                true,
            );
        }
        Some(found)
    }

    /// The store's refusals in the catalog's words; anything else with its own text.
    fn store_error(&self, e: &StoreError, path: &Path) -> String {
        match e {
            StoreError::Symlink(link) => self.say(Msg::DoctorDbSymlink, link, &[]),
            StoreError::NotADatabase(file) => self.say(Msg::DoctorDbNotOurs, file, &[]),
            StoreError::NewerSchema { found, supported } => self.say(
                Msg::DoctorDbNewer,
                path,
                &[("found", found), ("latest", supported)],
            ),
            other => self.say(Msg::DoctorDbError, path, &[("error", other)]),
        }
    }

    /// The config folder and file: there or not, readable, only the owner's.
    fn config(&mut self, dir: &Path, file: &Path, loaded: &Result<Config, ConfigError>) {
        if dir.is_dir() {
            self.private(
                "config_dir_permissions",
                Msg::DoctorWhatConfigDir,
                dir,
                true,
                false,
            );
        } else {
            let text = self.say(Msg::DoctorConfigDirMissing, dir, &[]);
            self.add("config_dir", Status::Note, dir, text);
        }
        match loaded {
            Ok(_) if !file.exists() => {
                let text = self.say(Msg::DoctorConfigMissing, file, &[]);
                self.add("config", Status::Note, file, text);
                return;
            }
            Ok(_) => {
                let text = self.say(Msg::DoctorConfigFine, file, &[]);
                self.add("config", Status::Ok, file, text);
            }
            Err(e) if e.line > 0 => {
                let text = self.say(
                    Msg::DoctorConfigBadLine,
                    file,
                    &[("line", &e.line), ("error", &e.message.in_lang(self.lang))],
                );
                self.add("config", Status::Todo, file, text);
            }
            Err(e) => {
                let text = self.say(
                    Msg::DoctorConfigBad,
                    file,
                    &[("error", &e.message.in_lang(self.lang))],
                );
                self.add("config", Status::Todo, file, text);
            }
        }
        self.private(
            "config_permissions",
            Msg::DoctorWhatConfig,
            file,
            false,
            false,
        );
    }

    /// This database's device file and keys, named by its id (as the store finds them).
    fn keys(&mut self, config_dir: &Path, db: &Path, found: Option<&Inspection>) {
        let devices = config_dir.join("devices");
        let Some((db_id, device)) = found.and_then(|f| Some((f.db_id.as_deref()?, f.device)))
        else {
            let text = self.say(Msg::DoctorKeysWhere, &devices, &[]);
            self.add("keys", Status::Note, &devices, text);
            return;
        };
        self.private(
            "keys_dir_permissions",
            Msg::DoctorWhatKeysDir,
            &devices,
            true,
            true,
        );
        let device_file = crate::store::device::file_path(config_dir, db_id);
        let on_disk = crate::store::device::read(config_dir, db_id).map(|f| f.device);
        if device.is_none() || on_disk != device {
            let shown = device_file.display();
            let text = self.say(Msg::DoctorDbBlocked, db, &[("device", &shown)]);
            self.add("device", Status::Todo, &device_file, text);
        } else {
            let text = self.say(Msg::DoctorDeviceFine, &device_file, &[]);
            self.add("device", Status::Ok, &device_file, text);
            self.private(
                "device_permissions",
                Msg::DoctorWhatDevice,
                &device_file,
                false,
                false,
            );
        }
        let key_file = crate::sync::keys::key_file(config_dir, db_id);
        if key_file.exists() {
            let text = self.say(Msg::DoctorKeysFine, &key_file, &[]);
            self.add("keys", Status::Ok, &key_file, text);
            self.private(
                "keys_permissions",
                Msg::DoctorWhatKeys,
                &key_file,
                false,
                false,
            );
        } else {
            let text = self.say(Msg::DoctorKeysMissing, &key_file, &[]);
            self.add("keys", Status::Note, &key_file, text);
        }
    }

    /// Whether only the owner may use `path` (what gridbook gives everything it makes: 0600
    /// files, 0700 folders). A missing path says nothing; `quiet` leaves out the line when all
    /// is well.
    fn private(&mut self, item: &'static str, what: Msg, path: &Path, dir: bool, quiet: bool) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let Ok(meta) = std::fs::metadata(path) else {
                return;
            };
            let mode = meta.permissions().mode() & 0o7777;
            let shown_mode = format!("{mode:04o}");
            let what = self.lang.t(what);
            if mode & 0o077 == 0 {
                if !quiet {
                    let text = self.say(
                        Msg::DoctorPrivate,
                        path,
                        &[("what", &what), ("mode", &shown_mode)],
                    );
                    self.add(item, Status::Ok, path, text);
                }
                return;
            }
            let fix = format!(
                "chmod {} {}",
                if dir { "700" } else { "600" },
                shell_word(path)
            );
            let text = self.say(
                Msg::DoctorOpen,
                path,
                &[("what", &what), ("mode", &shown_mode), ("fix", &fix)],
            );
            let finding = self.add(item, Status::Todo, path, text);
            finding.mode = Some(shown_mode);
            finding.fix = Some(fix);
        }
        #[cfg(not(unix))]
        let _ = (item, what, path, dir, quiet);
    }

    /// Whether the locale's character set is UTF-8: the first set of `LC_ALL`, `LC_CTYPE` and
    /// `LANG` decides it, as it does for the terminal's other programs.
    fn locale(&mut self, vars: impl Fn(&str) -> Option<String>) {
        let set = ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(|name| {
            vars(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name, v))
        });
        let lang = self.lang;
        let (status, message, fix) = match set {
            None => {
                let fix = "export LANG=zh_CN.UTF-8".to_string();
                let text = lang.f(Msg::DoctorLocaleUnset, &[("fix", &fix)]);
                (Status::Todo, text, Some(fix))
            }
            Some((var, value)) if is_utf8(&value) => {
                let text = lang.f(Msg::DoctorLocaleFine, &[("var", &var), ("value", &value)]);
                (Status::Ok, text, None)
            }
            Some((var, value)) => {
                let fix = format!("export {var}=zh_CN.UTF-8");
                let text = lang.f(
                    Msg::DoctorLocaleBad,
                    &[("var", &var), ("value", &value), ("fix", &fix)],
                );
                (Status::Todo, text, Some(fix))
            }
        };
        self.findings.push(Finding {
            item: "locale",
            status,
            path: None,
            mode: None,
            fix,
            message,
        });
    }

    /// The Linux text console draws no Chinese whatever the locale says.
    fn terminal(&mut self, term: Option<&str>) {
        if term == Some("linux") {
            self.findings.push(Finding {
                item: "terminal",
                status: Status::Todo,
                path: None,
                mode: None,
                fix: None,
                message: self.lang.t(Msg::DoctorTermConsole).to_string(),
            });
        }
    }
}

/// Whether a locale name (`zh_CN.UTF-8`, `en_US.utf8`, `C.UTF-8@euro`) names UTF-8.
fn is_utf8(locale: &str) -> bool {
    locale.split_once('.').is_some_and(|(_, codeset)| {
        let codeset = codeset.split('@').next().unwrap_or(codeset);
        codeset.replace('-', "").eq_ignore_ascii_case("utf8")
    })
}

/// `path` as one word for a POSIX shell: as it is when that is safe, else in single quotes.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    let safe = |c: char| c.is_alphanumeric() || "/._-+,:@%=".contains(c);
    if !text.is_empty() && text.chars().all(safe) {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locale_of(pairs: &[(&str, &str)], lang: Lang) -> Finding {
        let mut doctor = Doctor {
            lang,
            findings: Vec::new(),
        };
        doctor.locale(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        });
        doctor.findings.remove(0)
    }

    #[test]
    fn the_first_set_of_lc_all_lc_ctype_lang_decides_and_the_fix_names_it() {
        for (vars, ok, fix) in [
            (&[("LANG", "zh_CN.UTF-8")][..], true, None),
            (&[("LANG", "en_US.utf8")][..], true, None),
            (&[("LANG", "C.UTF-8")][..], true, None),
            (&[("LANG", "C")][..], false, Some("export LANG=zh_CN.UTF-8")),
            (&[][..], false, Some("export LANG=zh_CN.UTF-8")),
            (&[("LANG", "")][..], false, Some("export LANG=zh_CN.UTF-8")),
            // GB18030 shows Chinese, but gridbook writes UTF-8.
            (
                &[("LANG", "zh_CN.GB18030")][..],
                false,
                Some("export LANG=zh_CN.UTF-8"),
            ),
            (
                &[("LC_ALL", "POSIX"), ("LANG", "zh_CN.UTF-8")][..],
                false,
                Some("export LC_ALL=zh_CN.UTF-8"),
            ),
            (
                &[("LC_CTYPE", "zh_CN"), ("LANG", "zh_CN.UTF-8")][..],
                false,
                Some("export LC_CTYPE=zh_CN.UTF-8"),
            ),
            (&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "C")][..], true, None),
        ] {
            let f = locale_of(vars, Lang::En);
            assert_eq!(f.status == Status::Ok, ok, "{vars:?}: {}", f.message);
            assert_eq!(f.fix.as_deref(), fix, "{vars:?}");
            if let Some(fix) = fix {
                assert!(f.message.contains(fix), "{}", f.message);
                assert!(f.message.contains("Chinese may not show"), "{}", f.message);
                let zh = locale_of(vars, Lang::Zh);
                assert!(zh.message.contains("可能无法显示中文"), "{}", zh.message);
            }
        }
    }

    #[test]
    fn only_the_text_console_is_flagged() {
        let mut doctor = Doctor {
            lang: Lang::En,
            findings: Vec::new(),
        };
        for term in [None, Some("xterm-256color"), Some("screen"), Some("dumb")] {
            doctor.terminal(term);
        }
        assert!(doctor.findings.is_empty());
        doctor.terminal(Some("linux"));
        assert_eq!(doctor.findings[0].status, Status::Todo);
    }

    #[test]
    fn paths_are_quoted_only_when_the_shell_needs_it() {
        assert_eq!(
            shell_word(Path::new("/home/王芳/.local/share/gridbook/gridbook.db")),
            "/home/王芳/.local/share/gridbook/gridbook.db"
        );
        assert_eq!(
            shell_word(Path::new("/home/w/My Files/grid.db")),
            "'/home/w/My Files/grid.db'"
        );
        assert_eq!(shell_word(Path::new("/tmp/it's.db")), "'/tmp/it'\\''s.db'");
        assert_eq!(shell_word(Path::new("~/x;rm")), "'~/x;rm'");
    }

    #[test]
    fn the_version_line_reads_the_constants() {
        let line = version_line(Lang::En);
        assert!(
            line.contains(&format!("bundle format {}", bundle_format())),
            "{line}"
        );
        assert!(
            line.contains(&format!("schema {}", latest_schema())),
            "{line}"
        );
    }
}
