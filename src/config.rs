//! Paths and the config file (`config.toml` in the config dir). Every key is optional; the
//! defaults are embedded. A bad key or value is reported with the file, the line and what is
//! allowed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::{Category, VisitPolicy};

/// Overrides the config dir (tests never touch a real user's files).
pub const CONFIG_DIR_ENV: &str = "GRIDBOOK_CONFIG_DIR";
/// Overrides the database path.
pub const DB_ENV: &str = "GRIDBOOK_DB";

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "gridbook")
}

/// Where this user's config lives: `$GRIDBOOK_CONFIG_DIR`, else the platform's config dir.
pub fn config_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    project_dirs()
        .map(|d| d.config_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".gridbook"))
}

/// Where databases live by default.
pub fn data_dir() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".gridbook"))
}

/// The worker's real database.
pub fn default_db() -> PathBuf {
    data_dir().join("gridbook.db")
}

/// The demo database, kept apart from the real one.
pub fn demo_db() -> PathBuf {
    data_dir().join("demo.db")
}

pub fn config_file() -> PathBuf {
    config_dir().join("config.toml")
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The worker's name, used as the visitor and the author of changes.
    pub worker: String,
    /// The grids this worker looks after; empty means all grids in the database.
    pub grids: Vec<String>,
    /// `zh` or `en`; empty means from the locale.
    pub language: String,
    /// Mask ID numbers and phones on screen until revealed.
    pub mask: bool,
    pub policy: PolicyConfig,
    /// Time limits in days for time-limited requests, by category code (`repair = 3`).
    pub time_limits: BTreeMap<String, u32>,
    /// Where requests are dispatched to.
    pub departments: Vec<String>,
    /// Key bindings: key → action name.
    pub keys: BTreeMap<String, String>,
    /// The file this was read from and its text (for line numbers in later checks).
    #[serde(skip)]
    pub source: Option<(PathBuf, String)>,
    pub sync: SyncConfig,
}

/// `[sync]`: who exported bundles are encrypted to, besides the keys added with
/// `gridbook keys --add-peer`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// age public keys (`age1…`) of the office and team devices.
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PolicyConfig {
    pub default_days: u32,
    /// Days between visits per tag; replaces the built-in list when given.
    pub tags: BTreeMap<String, u32>,
}

impl Default for PolicyConfig {
    fn default() -> Self {
        let p = VisitPolicy::default();
        Self {
            default_days: p.default_days,
            tags: p.per_tag,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            worker: String::new(),
            grids: Vec::new(),
            language: String::new(),
            mask: true,
            policy: PolicyConfig::default(),
            time_limits: BTreeMap::new(),
            departments: [
                "社区居委会",
                "社区党委",
                "物业服务中心",
                "街道民政办",
                "街道社保所",
                "社区卫生服务站",
                "派出所",
                "城管中队",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            keys: BTreeMap::new(),
            source: None,
            sync: SyncConfig::default(),
        }
    }
}

/// A config file that cannot be used, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: usize,
    pub message: crate::i18n::said::Said,
}

/// Default time limit (days) for time-limited requests.
pub const DEFAULT_TIME_LIMIT: u32 = 7;

impl Config {
    /// Reads `path`; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(ConfigError {
                file: path.to_path_buf(),
                line: 0,
                message: crate::i18n::said::Said::new(crate::i18n::Msg::CfgRead).with("e", e),
            }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let err = |line: usize, message: crate::i18n::said::Said| ConfigError {
            file: path.to_path_buf(),
            line,
            message,
        };
        if text.len() > 1 << 20 {
            return Err(err(
                0,
                crate::i18n::said::Said::new(crate::i18n::Msg::CfgTooLarge),
            ));
        }
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
            err(
                line,
                crate::i18n::said::Said::new(crate::i18n::Msg::CfgToml)
                    .with("e", e.message().trim()),
            )
        })?;
        for code in config.time_limits.keys() {
            if Category::from_code(code).is_none() {
                let allowed: Vec<&str> = Category::ALL.iter().map(|c| c.code()).collect();
                return Err(err(
                    find_line(text, code),
                    crate::i18n::said::Said::new(crate::i18n::Msg::CfgCategory)
                        .with("code", code)
                        .with("allowed", allowed.join(", ")),
                ));
            }
        }
        for key in &config.sync.recipients {
            if crate::sync::keys::parse_recipient(key).is_err() {
                return Err(err(
                    find_line(text, key),
                    crate::i18n::said::Said::new(crate::i18n::Msg::CfgRecipient).with("key", key),
                ));
            }
        }
        if !config.language.is_empty() && !matches!(config.language.as_str(), "zh" | "en") {
            return Err(err(
                find_line(text, "language"),
                crate::i18n::said::Said::new(crate::i18n::Msg::CfgLanguage)
                    .with("lang", &config.language),
            ));
        }
        config.source = Some((path.to_path_buf(), text.to_string()));
        Ok(config)
    }

    pub fn policy(&self) -> VisitPolicy {
        VisitPolicy {
            default_days: self.policy.default_days.max(1),
            per_tag: self.policy.tags.clone(),
        }
    }

    /// The time limit for a category's time-limited requests.
    pub fn time_limit(&self, category: Category) -> u32 {
        self.time_limits
            .get(category.code())
            .copied()
            .unwrap_or(DEFAULT_TIME_LIMIT)
    }

    /// The due date of a request opened on `opened`: the same day on the spot, after the
    /// category's time limit when time-limited, none when escalated (the office sets it).
    pub fn request_due(
        &self,
        category: Category,
        tier: crate::domain::Tier,
        opened: chrono::NaiveDate,
    ) -> Option<chrono::NaiveDate> {
        crate::domain::request::due_date(tier, opened, self.time_limit(category))
    }
}

/// Writes the worker's name and grid into the config file at `path` (created if missing),
/// keeping every other line, comment included.
pub fn save_identity(path: &Path, worker: &str, grid: &str) -> Result<(), ConfigError> {
    let err = |message: crate::i18n::said::Said| ConfigError {
        file: path.to_path_buf(),
        line: 0,
        message,
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(err(
                crate::i18n::said::Said::new(crate::i18n::Msg::CfgRead).with("e", e)
            ));
        }
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        err(crate::i18n::said::Said::new(crate::i18n::Msg::CfgToml).with("e", e.message()))
    })?;
    doc["worker"] = toml_edit::value(worker.trim());
    if !grid.trim().is_empty() {
        let mut grids = toml_edit::Array::new();
        grids.push(grid.trim());
        doc["grids"] = toml_edit::value(grids);
    }
    let out = doc.to_string();
    // What is written must read back as a valid config.
    Config::parse(&out, path)?;
    crate::fsutil::write_private(path, out.as_bytes())
        .map_err(|e| err(crate::i18n::said::Said::new(crate::i18n::Msg::CfgWrite).with("e", e)))
}

fn line_of(text: &str, byte: usize) -> usize {
    text.bytes().take(byte).filter(|b| *b == b'\n').count() + 1
}

fn find_line(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let mut c = Config::parse("", Path::new("c.toml")).unwrap();
        c.source = None;
        assert_eq!(c, Config::default());
        assert_eq!(
            c.policy()
                .interval(&[crate::domain::Tag::new("独居老人").unwrap()]),
            7
        );
    }

    #[test]
    fn values_override_defaults() {
        let c = Config::parse(
            "worker = \"王芳\"\n[policy]\ndefault_days = 60\n[policy.tags]\n\"独居老人\" = 3\n[time_limits]\nrepair = 3\n",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(c.worker, "王芳");
        assert_eq!(c.policy().default_days, 60);
        assert_eq!(c.time_limit(Category::Repair), 3);
        assert_eq!(c.time_limit(Category::Medical), DEFAULT_TIME_LIMIT);
        let opened = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        use crate::domain::Tier;
        assert_eq!(
            c.request_due(Category::Repair, Tier::TimeLimited, opened),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
        );
        assert_eq!(
            c.request_due(Category::Medical, Tier::TimeLimited, opened),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(
            c.request_due(Category::Repair, Tier::OnTheSpot, opened),
            Some(opened)
        );
        assert_eq!(
            c.request_due(Category::Repair, Tier::Escalated, opened),
            None
        );
    }

    #[test]
    fn saving_the_identity_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        save_identity(&path, "王芳", "第一网格").unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(
            (c.worker.as_str(), c.grids.clone()),
            ("王芳", vec!["第一网格".to_string()])
        );
        std::fs::write(
            &path,
            "# my settings\nworker = \"x\"\n[policy]\ndefault_days = 60\n",
        )
        .unwrap();
        save_identity(&path, "李德军", "").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# my settings"), "{text}");
        let c = Config::load(&path).unwrap();
        assert_eq!(c.worker, "李德军");
        assert_eq!(c.policy.default_days, 60);
    }

    #[test]
    fn bad_keys_and_values_name_the_line() {
        let e = Config::parse("worker = \"x\"\nwokrer = 1\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("c.toml:2:"), "{e}");
        let e = Config::parse("\n[time_limits]\nrepiar = 3\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.to_string().contains("repair"), "{e}");
        let e = Config::parse("language = \"fr\"\n", Path::new("c.toml")).unwrap_err();
        assert_eq!(e.line, 1);
    }
}
