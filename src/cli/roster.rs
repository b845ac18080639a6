//! `gridbook roster import FILE`: the office's population roster into the database.

use super::out::{errln, jsonln, out};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::{Cli, clock, db_path, fixed_now, load_config, open_store, progress};
use crate::fsutil::create_private_dir;
use crate::roster::{
    Duplicate, PlanOptions, Rejected, RosterError, RosterPlan, Warning, plan_file, rejected_path,
    write_rejected_csv,
};
use crate::store::roster_import::{
    Change, ChangeKind, ImportOptions, ImportReport, Kept, KeptBecause, Missing, Why, WhyKind,
    check_refusals, household_grids,
};
use crate::store::{IdSource, OpenOptions, Store};

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Import the office's population roster (台账, CSV or Excel): households and members are
    /// created or updated, people the roster no longer lists are reported, never deleted
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The roster: .csv (UTF-8 or GBK/GB18030), .xlsx or .xls
    pub file: PathBuf,
    /// Show what would be created, updated and refused; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Import the good rows and write the refused ones to FILE.rejected.csv with a reason column
    #[arg(long)]
    pub skip_bad: bool,
    /// The grid of households whose rows name none (default: the first of `grids` in the config)
    #[arg(long, value_name = "NAME")]
    pub grid: Option<String>,
    /// The worksheet to read (default: the first with a header row)
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Print the result as one JSON object on stdout
    #[arg(long)]
    pub json: bool,
}

pub fn run(cli: &Cli, command: &RosterCommand) -> Result<ExitCode> {
    match command {
        RosterCommand::Import(args) => import(cli, args),
    }
}

fn import(cli: &Cli, args: &ImportArgs) -> Result<ExitCode> {
    let config = load_config()?;
    let today = match fixed_now()? {
        Some(now) => now.date(),
        None => chrono::Local::now().date_naive(),
    };
    // The file is read and checked before the database is opened: a file that cannot be
    // imported leaves no trace, not even a new database.
    let spinner = progress::spinner("reading the roster");
    let planned = plan_file(
        &args.file,
        &PlanOptions {
            sheet: args.sheet.clone(),
            grid: None,
            today,
        },
    );
    spinner.finish_and_clear();
    let plan = planned.map_err(|e| roster_error(&args.file, &e))?;
    let opts = ImportOptions {
        default_grid: args.grid.clone().or_else(|| config.grids.first().cloned()),
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    household_grids(&plan, opts.default_grid.as_deref())?;
    if let Err(refused) = check_refusals(&plan, &opts) {
        for problem in &plan.rejected {
            errln!("{}", problem_line(problem));
        }
        if args.json {
            let nothing = ImportReport::default();
            let output = Output::new(&args.file, &plan, &nothing, None, false);
            jsonln!(serde_json::to_string_pretty(&output)?);
        }
        return Err(refused.into());
    }

    // A dry run against a database that does not exist yet uses an empty scratch database, so
    // that not even the file is created.
    let scratch = if args.dry_run && !db_path(cli)?.exists() {
        Some(Scratch::new()?)
    } else {
        None
    };
    let mut store = match &scratch {
        Some(scratch) => scratch.open()?,
        None => open_store(cli)?,
    };
    let bar = progress::bar(plan.persons_valid() as u64, "importing");
    let report = store.import_roster(&plan, &opts, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = report?;

    let rejected_file = (!plan.rejected.is_empty()).then(|| rejected_path(&args.file));
    if let Some(path) = &rejected_file
        && !args.dry_run
    {
        write_rejected_csv(&plan, path).with_context(|| {
            format!(
                "the roster was imported, but the refused rows could not be saved to {}",
                path.display()
            )
        })?;
    }
    drop(store);
    drop(scratch);
    let output = Output::new(
        &args.file,
        &plan,
        &report,
        rejected_file.as_deref(),
        !args.dry_run,
    );
    if args.json {
        jsonln!(serde_json::to_string_pretty(&output)?);
    } else {
        out!("{}", summary(&output, &report));
    }
    Ok(ExitCode::SUCCESS)
}

/// An empty database in a private temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir =
            std::env::temp_dir().join(format!("gridbook-dry-run-{}-{nanos}", std::process::id()));
        create_private_dir(&dir)
            .with_context(|| format!("cannot create a scratch folder {}", dir.display()))?;
        Ok(Self(dir))
    }

    fn open(&self) -> Result<Store> {
        let opts = OpenOptions {
            path: self.0.join("dry-run.db"),
            config_dir: self.0.join("config"),
            label: None,
        };
        Ok(Store::open_with(&opts, clock()?, IdSource::Random)?)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file that cannot be planned, as one line naming the file (the I/O errors already do).
fn roster_error(file: &Path, e: &RosterError) -> anyhow::Error {
    match e {
        RosterError::Io { .. } | RosterError::Write { .. } => anyhow::anyhow!("{e}"),
        _ => anyhow::anyhow!("{}: {e}", file.display()),
    }
}

/// One refused row's problem: row, name, column and (masked) value, reason code, what to do.
fn problem_line(r: &Rejected) -> String {
    let mut line = format!("row {}", r.row);
    if !r.name.is_empty() {
        let _ = write!(line, " {}", r.name);
    }
    if let Some(column) = &r.column {
        let _ = write!(line, ", {column}");
        if !r.value.is_empty() {
            let _ = write!(line, " {:?}", r.value);
        }
    }
    let _ = write!(line, ": {}: {}", r.reason.code(), r.hint);
    line
}

/// The `--json` object (DESIGN.md §5) and the source of the readable summary.
#[derive(Debug, Serialize)]
struct Output<'a> {
    file: String,
    encoding: &'static str,
    dry_run: bool,
    /// Whether anything was written to the database.
    written: bool,
    person_rows: usize,
    households_created: usize,
    households_updated: usize,
    households_unchanged: usize,
    members_created: usize,
    members_updated: usize,
    members_unchanged: usize,
    /// Rows naming a person already imported from an earlier row (imported once).
    duplicates: usize,
    duplicate_rows: &'a [Duplicate],
    /// One entry per problem: row, reason, name, column, value (ID numbers masked), hint.
    rejected: &'a [Rejected],
    rejected_file: Option<String>,
    /// People in the households and compounds the roster covers whom it does not list.
    missing: &'a [Missing],
    /// Every update, field by field (creations are counted, not listed).
    updates: Vec<&'a Change>,
    /// Fields where the roster's value differs and the value held was kept, with why.
    kept: &'a [Kept],
    /// Fields both the office and someone else changed: both values kept for the review list.
    conflicts: &'a [Kept],
    conflicts_opened: usize,
    /// Fields already holding the roster's value whose base an op recorded (nothing shown changed).
    bases_recorded: usize,
    warnings: &'a [Warning],
    ops: usize,
}

impl<'a> Output<'a> {
    fn new(
        file: &Path,
        plan: &'a RosterPlan,
        report: &'a ImportReport,
        rejected_file: Option<&Path>,
        written: bool,
    ) -> Self {
        Self {
            file: file.display().to_string(),
            encoding: plan.encoding,
            dry_run: report.dry_run,
            written: written && report.ops > 0,
            person_rows: plan.person_rows,
            households_created: report.households_created,
            households_updated: report.households_updated,
            households_unchanged: report.households_unchanged,
            members_created: report.members_created,
            members_updated: report.members_updated,
            members_unchanged: report.members_unchanged,
            duplicates: plan.duplicates.len(),
            duplicate_rows: &plan.duplicates,
            rejected: &plan.rejected,
            rejected_file: rejected_file.map(|p| p.display().to_string()),
            missing: &report.missing,
            updates: report.updates().collect(),
            kept: &report.kept,
            conflicts: &report.conflicts,
            conflicts_opened: report.conflicts_opened,
            bases_recorded: report.bases_recorded,
            warnings: &plan.warnings,
            ops: report.ops,
        }
    }
}

/// How many creations a dry run lists before it only counts them.
const CREATIONS_LISTED: usize = 40;

/// The summary a worker reads.
fn summary(out: &Output<'_>, report: &ImportReport) -> String {
    let mut s = String::new();
    let _ = if out.dry_run {
        writeln!(
            s,
            "dry run of {} ({}, {} person rows): nothing was written; an import would do this:",
            out.file, out.encoding, out.person_rows
        )
    } else {
        writeln!(
            s,
            "imported {} ({}, {} person rows):",
            out.file, out.encoding, out.person_rows
        )
    };
    let _ = writeln!(
        s,
        "  households: {} created, {} updated, {} unchanged",
        out.households_created, out.households_updated, out.households_unchanged
    );
    let _ = writeln!(
        s,
        "  members:    {} created, {} updated, {} unchanged",
        out.members_created, out.members_updated, out.members_unchanged
    );
    let _ = writeln!(
        s,
        "  duplicates merged: {}{}",
        out.duplicates,
        list(
            out.duplicate_rows
                .iter()
                .map(|d| format!("row {} repeats row {} ({})", d.row, d.first_row, d.name))
        )
    );
    let _ = writeln!(
        s,
        "  rows refused: {}{}",
        out.rejected.chunk_by(|a, b| a.row == b.row).count(),
        refused_by_reason(out.rejected)
    );
    if let Some(path) = &out.rejected_file {
        let verb = if out.dry_run {
            "would be written"
        } else {
            "written"
        };
        let _ = writeln!(s, "    {verb} to {path} with a reason column");
    }
    let _ = writeln!(
        s,
        "  missing from the roster (kept, not deleted): {}",
        out.missing.len()
    );
    let _ = writeln!(
        s,
        "  kept against the roster (changed since the last import): {}",
        out.kept.len()
    );
    let _ = writeln!(
        s,
        "  conflicts opened (both kept; settle them in the review list, sync tab): {}",
        out.conflicts_opened
    );
    if out.bases_recorded > 0 {
        let _ = writeln!(
            s,
            "  values already as the roster has them, recorded as the base of the next import: {}",
            out.bases_recorded
        );
    }
    let _ = writeln!(
        s,
        "  ops {}: {}",
        if out.dry_run { "to write" } else { "written" },
        out.ops
    );
    for r in out.rejected {
        let _ = writeln!(s, "refused: {}", problem_line(r));
    }
    for change in &out.updates {
        let fields: Vec<String> = change
            .fields
            .iter()
            .map(|f| format!("{} {:?} -> {:?}", f.field, f.old, f.new))
            .collect();
        let what = match change.kind {
            ChangeKind::HouseholdUpdated => "household",
            _ => "member",
        };
        let _ = writeln!(
            s,
            "updated: row {} {what} {}: {}",
            change.row,
            change.name,
            fields.join(", ")
        );
    }
    for k in out.kept {
        let mut line = format!(
            "kept: row {} {} {}: {}: kept {}, {} (the roster has {})",
            k.row,
            subject(k),
            k.name,
            k.field,
            shown(&k.kept),
            why_text(&k.why, k.member.is_some()),
            shown(&k.roster)
        );
        if k.because == KeptBecause::NeverImported {
            line.push_str("; no earlier import wrote this field");
        }
        let _ = writeln!(s, "{line}");
    }
    for k in out.conflicts {
        let _ = writeln!(
            s,
            "conflict: row {} {} {}: {}: {} ({}) and the roster's {} are both kept; settle it in the review list (sync tab)",
            k.row,
            subject(k),
            k.name,
            k.field,
            shown(&k.kept),
            why_text(&k.why, k.member.is_some()),
            shown(&k.roster)
        );
    }
    if out.dry_run {
        let created = report.changes.iter().filter(|c| {
            matches!(
                c.kind,
                ChangeKind::HouseholdCreated | ChangeKind::MemberCreated
            )
        });
        let total = created.clone().count();
        for c in created.take(CREATIONS_LISTED) {
            let what = match c.kind {
                ChangeKind::HouseholdCreated => "household",
                _ => "member",
            };
            let _ = writeln!(s, "would create: row {} {what} {}", c.row, c.name);
        }
        if total > CREATIONS_LISTED {
            let _ = writeln!(s, "would create: … and {} more", total - CREATIONS_LISTED);
        }
    }
    for m in out.missing {
        let id = m.id_number.as_deref().unwrap_or("no ID number");
        let hint = m
            .refused_row
            .map(|r| format!("; row {r} with this name was refused"))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "missing: {} ({id}) at {} {}{hint}",
            m.name, m.grid, m.address
        );
    }
    for w in out.warnings {
        let _ = writeln!(s, "note: {}", w.message);
    }
    s
}

fn subject(k: &Kept) -> &'static str {
    if k.member.is_some() {
        "member"
    } else {
        "household"
    }
}

/// A value in a line of the summary; an empty one says so.
fn shown(v: &str) -> &str {
    if v.is_empty() { "(empty)" } else { v }
}

/// What made a change that was kept, in words: "changed on a visit on 2026-12-01".
fn why_text(why: &Why, member: bool) -> String {
    let on = why.on;
    match why.kind {
        WhyKind::Visit => format!("changed on a visit on {on}"),
        WhyKind::Form if member => format!("changed in the member form on {on}"),
        WhyKind::Form => format!("changed in the household form on {on}"),
        WhyKind::Review => format!("settled in the review list on {on}"),
        WhyKind::Bundle => format!(
            "from another device's bundle ({}), changed on {on}",
            why.device.as_deref().unwrap_or("?")
        ),
        WhyKind::Roster => format!("written by an earlier roster import on {on}"),
        WhyKind::Added if member => format!("given when the person was added on {on}"),
        WhyKind::Added => format!("given when the household was added on {on}"),
        WhyKind::Edit => format!("changed on {on}"),
    }
}

fn list(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    if items.is_empty() {
        String::new()
    } else {
        format!(" ({})", items.join("; "))
    }
}

fn refused_by_reason(rejected: &[Rejected]) -> String {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for r in rejected {
        match counts.iter_mut().find(|(code, _)| *code == r.reason.code()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.reason.code(), 1)),
        }
    }
    list(counts.into_iter().map(|(code, n)| format!("{code} {n}")))
}
