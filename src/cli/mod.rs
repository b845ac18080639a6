//! The command line: clap definitions, dispatch, exit codes and progress bars. Exit 0 on success,
//! 1 on a user-facing error (one line on stderr saying what to do), 2 on bad usage.

mod demo;
mod doctor;
pub mod help;
mod out;
mod progress;
mod report;
mod roster;
mod search;
mod sync;
mod team;

use self::out::{errln, outln};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use chrono::NaiveDateTime;
use clap::{Parser, Subcommand};

use crate::config::{self, Config};
use crate::i18n::Msg;
use crate::i18n::said::Said;
use crate::store::{Clock, FixedClock, IdSource, OpenOptions, Store, SystemClock};

/// Fixes "now" (`YYYY-MM-DDTHH:MM:SS`, local time) for repeatable demos, tests and screenshots.
pub const NOW_ENV: &str = "GRIDBOOK_NOW";

#[derive(Debug, Parser)]
#[command(
    name = "gridbook",
    version,
    disable_version_flag = true,
    about = "A terminal notebook for community grid workers: households, visits, requests, sync by file"
)]
pub struct Cli {
    /// Print the version, the bundle format it writes and the database schema
    #[arg(short = 'V', long)]
    pub version: bool,
    /// The database file (default: gridbook.db in the user data dir; env GRIDBOOK_DB)
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Interface language
    #[arg(long, global = true, value_parser = ["zh", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a realistic demo database (a year of visits and requests) and open it
    Demo(demo::DemoArgs),
    /// Look up households as the interface does (names, pinyin, initials, address, phone, ID tail)
    Search(search::SearchArgs),
    /// Check the database: SQLite integrity, op hashes, and the tables rebuilt from the op log
    Check {
        /// Rebuild the tables from the op log and compare (always done; kept for scripts)
        #[arg(long, hide = true)]
        rebuild: bool,
    },
    /// Write a bundle of changes for the office or a peer (encrypted and signed)
    Export(sync::ExportArgs),
    /// Import a bundle from the office or a peer; all or nothing, with a report
    Import(sync::ImportArgs),
    /// Show this device's public keys; add or remove a peer's key exports are encrypted to
    Keys(sync::KeysArgs),
    /// The team: who may write (make it, join it, enrol and revoke devices, list it)
    Team(team::TeamArgs),
    /// Register this copy of a database as a new device (after it was copied from another machine)
    Enrol {
        /// A label for this device, e.g. "王芳 第一网格"
        #[arg(long)]
        label: Option<String>,
    },
    /// Figures for a period (table or JSON) and the ledgers (台账) as CSV or XLSX
    Report(report::ReportArgs),
    /// Import the community office's roster (CSV or Excel)
    Roster {
        #[command(subcommand)]
        what: roster::RosterCommand,
    },
    /// Show where gridbook keeps its settings
    Config {
        #[command(subcommand)]
        what: ConfigCommand,
    },
    /// Say where the database, config and keys are, whether others can read them, and whether the terminal can show Chinese
    Doctor(doctor::DoctorArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the path of the config file
    Path,
}

/// Runs the command line and turns errors into one line and exit code 1.
pub fn main() -> ExitCode {
    // The language is known before the arguments are parsed, so `--help` and errors speak it;
    // a broken config file must not hide them.
    let language = load_config().map(|c| c.language).unwrap_or_default();
    let lang = crate::i18n::Lang::choose(lang_in_args().as_deref(), &language);
    let matches = match help::command(lang).try_get_matches() {
        Ok(m) => m,
        Err(e) => return help::usage_error(lang, e),
    };
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) if e.downcast_ref::<out::PipeClosed>().is_some() => out::end_quietly(),
        Err(e) => {
            let text = match e.downcast_ref::<UsageError>() {
                Some(u) => u.0.in_lang(lang),
                None => crate::explain::error(lang, &e),
            };
            errln!("gridbook: {text}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// The value of `--lang` among the arguments, before clap has parsed them.
fn lang_in_args() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    })
}

/// Arguments that cannot go together: reported like any error, but with exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub Said);

fn run(cli: Cli) -> Result<ExitCode> {
    if cli.version {
        // A broken config file must not hide the version.
        let language = load_config().map(|c| c.language).unwrap_or_default();
        let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), &language);
        outln!("{}", doctor::version_line(lang));
        return Ok(ExitCode::SUCCESS);
    }
    match &cli.command {
        None => {
            let store = open_store(&cli)?;
            tui(&cli, store, true)
        }
        Some(Command::Search(args)) => search::run(&cli, args),
        Some(Command::Demo(args)) => demo::run(&cli, args),
        Some(Command::Check { .. }) => check(&cli),
        Some(Command::Export(args)) => sync::run_export(&cli, args),
        Some(Command::Import(args)) => sync::run_import(&cli, args),
        Some(Command::Keys(args)) => sync::run_keys(&cli, args),
        Some(Command::Team(args)) => team::run(&cli, args),
        Some(Command::Report(args)) => report::run(&cli, args),
        Some(Command::Roster { what }) => roster::run(&cli, what),
        Some(Command::Enrol { label }) => {
            let mut store = open_store(&cli)?;
            let config = load_config()?;
            let label = label.clone().unwrap_or_else(|| {
                if config.worker.is_empty() {
                    store.label().to_string()
                } else {
                    config.worker.clone()
                }
            });
            store.enrol(&label)?;
            let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), &config.language);
            outln!(
                "{}",
                lang.f(
                    crate::i18n::Msg::EnrolDone,
                    &[
                        ("path", &store.path().display()),
                        ("id", &store.device()),
                        ("label", &label),
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config {
            what: ConfigCommand::Path,
        }) => {
            outln!("{}", config::config_file().display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor(args)) => doctor::run(&cli, args),
    }
}

/// The database path given with `--db` or `$GRIDBOOK_DB`, if one was.
fn chosen_db_path(cli: &Cli) -> Option<PathBuf> {
    cli.db.clone().or_else(|| {
        std::env::var_os(config::DB_ENV)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    })
}

/// The database path: `--db`, else `$GRIDBOOK_DB`, else the default in the data dir (created).
pub fn db_path(cli: &Cli) -> Result<PathBuf> {
    if let Some(p) = chosen_db_path(cli) {
        return Ok(p);
    }
    let path = config::default_db();
    if let Some(dir) = path.parent() {
        crate::fsutil::create_private_dir(dir).map_err(|cause| crate::fsutil::IoFailed {
            act: crate::fsutil::IoAct::CreateDir(dir.to_path_buf()),
            cause,
        })?;
    }
    Ok(path)
}

pub fn load_config() -> Result<Config> {
    Ok(Config::load(&config::config_file())?)
}

/// The clock: fixed by `GRIDBOOK_NOW`, else the system clock.
pub fn clock() -> Result<Box<dyn Clock>> {
    match fixed_now()? {
        Some(now) => Ok(Box::new(FixedClock::at(now))),
        None => Ok(Box::new(SystemClock)),
    }
}

pub fn fixed_now() -> Result<Option<NaiveDateTime>> {
    match std::env::var(NOW_ENV) {
        Ok(text) if !text.is_empty() => {
            let now = NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").map_err(|_| {
                Said::new(Msg::CliErrNow)
                    .with("var", NOW_ENV)
                    .with("text", format!("{text:?}"))
            })?;
            Ok(Some(now))
        }
        _ => Ok(None),
    }
}

pub fn open_store(cli: &Cli) -> Result<Store> {
    let config = load_config()?;
    let opts = OpenOptions {
        path: db_path(cli)?,
        config_dir: config::config_dir(),
        label: (!config.worker.is_empty()).then(|| config.worker.clone()),
    };
    let mut store = Store::open_with(&opts, clock()?, IdSource::Random)?;
    store.set_author(&config.worker);
    Ok(store)
}

/// Opens the interface on `store`. Without a terminal (piped), prints a summary instead.
pub fn tui(cli: &Cli, store: Store, greet: bool) -> Result<ExitCode> {
    use std::io::IsTerminal;
    let config = load_config()?;
    // A bad key binding is reported before anything else, with the file and line.
    crate::ui::keymap::Keymap::from_config(&config)?;
    let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), &config.language);
    if !std::io::stdout().is_terminal() {
        let c = store.counts()?;
        outln!(
            "{}",
            lang.f(
                crate::i18n::Msg::PipedSummary,
                &[
                    ("path", &store.path().display()),
                    ("h", &c.households),
                    ("m", &c.members),
                    ("v", &c.visits),
                    ("r", &c.requests),
                    ("o", &c.open_requests),
                    ("ops", &c.ops),
                ]
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    crate::ui::run(store, config, lang, greet)?;
    Ok(ExitCode::SUCCESS)
}

fn check(cli: &Cli) -> Result<ExitCode> {
    use crate::i18n::{Lang, Msg};
    let lang = Lang::choose(cli.lang.as_deref(), &load_config()?.language);
    let store = open_store(cli)?;
    let bar = progress::bar(0, lang.t(Msg::CheckReplaying));
    let report = store.check(&mut |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    if report.is_ok() {
        outln!("{}", lang.f(Msg::CheckOk, &[("n", &report.ops)]));
        return Ok(ExitCode::SUCCESS);
    }
    for p in &report.problems {
        errln!("{}", lang.f(Msg::CheckProblem, &[("p", &p.in_lang(lang))]));
    }
    Err(crate::explain::Worded(lang.f(
        Msg::CheckFailed,
        &[
            ("n", &report.problems.len()),
            ("path", &store.path().display()),
        ],
    ))
    .into())
}
