//! `gridbook report`: the period figures (table or JSON) and the ledgers (CSV or XLSX).

use super::out::outln;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::{Cli, UsageError, load_config, open_store, progress};
use crate::report::{self, LedgerKind, Period, csv_file, ledger, text, xlsx};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// First day of the period, YYYY-MM-DD [default: the first of the month of --to]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day of the period, included, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// table: the figures on screen; json: the figures for scripts; csv: one ledger; xlsx: the
    /// figures and every ledger [default: from the --out extension, else table]
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// The ledger a CSV holds (required with csv)
    #[arg(long, value_enum)]
    pub ledger: Option<Ledger>,
    /// Write to this file instead of the screen (required with xlsx)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only this grid; repeat for several [default: the grids in the config, else all]
    #[arg(long = "grid", value_name = "NAME")]
    pub grids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Xlsx,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ledger {
    /// 走访台账: the visits of the period
    Visits,
    /// 诉求台账: requests opened or handled in the period
    Requests,
    /// 住户台账: households, their visits in the period and where they stand
    Households,
}

impl Ledger {
    fn kind(self) -> LedgerKind {
        match self {
            Self::Visits => LedgerKind::Visits,
            Self::Requests => LedgerKind::Requests,
            Self::Households => LedgerKind::Households,
        }
    }
}

/// Reads `2026-11-01`, `2026/11/01` or `20261101`.
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .ok_or_else(|| format!("{text:?} is not a date; write it like 2026-11-01"))
}

fn format_of(args: &ReportArgs) -> Format {
    if let Some(f) = args.format {
        return f;
    }
    let ext = args
        .out
        .as_deref()
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some("json") => Format::Json,
        _ => Format::Table,
    }
}

/// The period from the arguments: `--to` defaults to today, `--from` to the first of the month
/// of `--to`.
fn period(args: &ReportArgs, today: NaiveDate) -> Result<Period> {
    let to = args.to.unwrap_or(today);
    let from = args
        .from
        .unwrap_or_else(|| Period::month_to_date(to).from());
    Period::new(from, to).map_err(|_| {
        UsageError(format!(
            "--from {from} is after --to {to}; the period runs from --from to --to"
        ))
        .into()
    })
}

fn check_usage(args: &ReportArgs, format: Format) -> Result<()> {
    let usage = |m: &str| Err(UsageError(m.to_string()).into());
    match format {
        Format::Csv if args.ledger.is_none() => usage(
            "a CSV file holds one ledger; add --ledger visits, requests or households (or use --format xlsx for all of them)",
        ),
        Format::Xlsx if args.out.is_none() => {
            usage("--format xlsx writes a file; add --out FILE.xlsx")
        }
        Format::Table | Format::Json | Format::Xlsx if args.ledger.is_some() => usage(
            "--ledger chooses the ledger of a CSV file; use --format csv (xlsx holds every ledger)",
        ),
        _ => Ok(()),
    }
}

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<ExitCode> {
    let format = format_of(args);
    check_usage(args, format)?;
    let config = load_config()?;
    let path = super::db_path(cli)?;
    if !path.exists() {
        anyhow::bail!(
            "there is no database at {}; import the roster or run `gridbook demo` first, or name the database with --db",
            path.display()
        );
    }
    let store = open_store(cli)?;
    let today = store.clock().now_local().date();
    let period = period(args, today)?;
    let grids = if args.grids.is_empty() {
        config.grids.clone()
    } else {
        check_grids(&store.grids()?, &args.grids)?;
        args.grids.clone()
    };
    let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), &config.language);
    let grid_label = |lang: crate::i18n::Lang| {
        if grids.is_empty() {
            lang.t(crate::i18n::Msg::AllGrids).to_string()
        } else {
            grids.join("、")
        }
    };
    let policy = config.policy();
    let bytes = match format {
        Format::Json => {
            let figures = report::figures(&store, period, &grids, &policy)?;
            let mut json = serde_json::to_vec_pretty(&figures)?;
            json.push(b'\n');
            json
        }
        Format::Table => {
            let figures = report::figures(&store, period, &grids, &policy)?;
            text::summary(&figures, &grid_label(lang), lang).into_bytes()
        }
        Format::Csv => {
            let kind = args.ledger.map_or(LedgerKind::Visits, Ledger::kind);
            let table = ledger::read(&store, kind, period, &grids, &policy)?;
            let bar = progress::bar(table.rows.len() as u64, "writing the ledger");
            let bytes = csv_file::to_csv(&table, &mut |done, _| bar.set_position(done))?;
            bar.finish_and_clear();
            bytes
        }
        Format::Xlsx => {
            let figures = report::figures(&store, period, &grids, &policy)?;
            let out = args.out.as_deref().unwrap_or(Path::new("."));
            let dir = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            crate::fsutil::create_private_dir(dir)
                .with_context(|| format!("cannot create the folder {}", dir.display()))?;
            let mut book = xlsx::Ledgers::new(&figures, &grid_label(crate::i18n::Lang::Zh), dir)?;
            // One ledger at a time: read, write, let go.
            for kind in LedgerKind::ALL {
                let table = ledger::read(&store, kind, period, &grids, &policy)?;
                let bar = progress::bar(table.rows.len() as u64, kind.progress_label());
                let mut done = 0u64;
                book.add(&table, &mut || {
                    done += 1;
                    if done.is_multiple_of(256) {
                        bar.set_position(done);
                    }
                })?;
                bar.finish_and_clear();
            }
            book.finish()?
        }
    };
    match &args.out {
        Some(path) => {
            crate::fsutil::write_private(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            outln!("wrote {}", path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(super::out::closed)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_grids(known: &[String], asked: &[String]) -> Result<()> {
    if let Some(missing) = asked.iter().find(|g| !known.contains(g)) {
        let list = if known.is_empty() {
            "none yet".to_string()
        } else {
            known.join(", ")
        };
        anyhow::bail!("no households in grid {missing:?}; the grids in this database are: {list}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_three_spellings() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 1);
        assert_eq!(parse_date("2026-11-01").ok(), d);
        assert_eq!(parse_date("2026/11/01").ok(), d);
        assert_eq!(parse_date(" 20261101 ").ok(), d);
        assert!(parse_date("2026-13-01").unwrap_err().contains("2026-11-01"));
        assert!(parse_date("2026-02-30").is_err());
    }
}
