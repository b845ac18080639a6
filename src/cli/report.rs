//! `gridbook report`: the period figures (table or JSON) and the ledgers (CSV or XLSX).

use super::out::outln;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::i18n::Msg;
use crate::i18n::said::Said;
use anyhow::Result;
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
        UsageError(
            Said::new(Msg::CliErrPeriod)
                .with("from", from)
                .with("to", to),
        )
        .into()
    })
}

fn check_usage(args: &ReportArgs, format: Format) -> Result<()> {
    let usage = |m: Msg| Err(UsageError(Said::new(m)).into());
    match format {
        Format::Csv if args.ledger.is_none() => usage(Msg::CliErrCsvLedger),
        Format::Xlsx if args.out.is_none() => usage(Msg::CliErrXlsxOut),
        Format::Table | Format::Json | Format::Xlsx if args.ledger.is_some() => {
            usage(Msg::CliErrLedgerFormat)
        }
        _ => Ok(()),
    }
}

pub fn run(cli: &Cli, args: &ReportArgs) -> Result<ExitCode> {
    let format = format_of(args);
    check_usage(args, format)?;
    let config = load_config()?;
    let path = super::db_path(cli)?;
    if !path.exists() {
        return Err(Said::new(Msg::CliErrNoDatabase)
            .with("path", path.display())
            .into());
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
            crate::fsutil::create_private_dir(dir).map_err(|cause| crate::fsutil::IoFailed {
                act: crate::fsutil::IoAct::CreateDir(dir.to_path_buf()),
                cause,
            })?;
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
            crate::fsutil::write_private(path, &bytes).map_err(|cause| {
                crate::fsutil::IoFailed {
                    act: crate::fsutil::IoAct::Write(path.to_path_buf()),
                    cause,
                }
            })?;
            outln!("{}", lang.f(Msg::CliWrote, &[("path", &path.display())]));
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
        // No grids yet reads as "-" in either language.
        let list = if known.is_empty() {
            "-".to_string()
        } else {
            known.join(", ")
        };
        return Err(Said::new(Msg::CliErrNoGrid)
            .with("grid", format!("{missing:?}"))
            .with("list", list)
            .into());
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
