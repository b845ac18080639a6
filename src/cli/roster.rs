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
use crate::i18n::{Lang, Msg};
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
    let lang = Lang::choose(cli.lang.as_deref(), &config.language);
    let today = match fixed_now()? {
        Some(now) => now.date(),
        None => chrono::Local::now().date_naive(),
    };
    // The file is read and checked before the database is opened: a file that cannot be
    // imported leaves no trace, not even a new database.
    let spinner = progress::spinner(lang.t(Msg::RosterReading));
    let planned = plan_file(
        &args.file,
        &PlanOptions {
            sheet: args.sheet.clone(),
            grid: None,
            today,
        },
    );
    spinner.finish_and_clear();
    let plan = planned.map_err(|e| roster_error(lang, &args.file, &e))?;
    let opts = ImportOptions {
        default_grid: args.grid.clone().or_else(|| config.grids.first().cloned()),
        skip_bad: args.skip_bad,
        dry_run: args.dry_run,
    };
    household_grids(&plan, opts.default_grid.as_deref()).map_err(|e| import_error(lang, e))?;
    if let Err(refused) = check_refusals(&plan, &opts) {
        for problem in &plan.rejected {
            errln!("{}", problem_line(lang, problem));
        }
        if args.json {
            let nothing = ImportReport::default();
            let output = Output::new(&args.file, &plan, &nothing, None, false);
            jsonln!(serde_json::to_string_pretty(&output)?);
        }
        return Err(import_error(lang, refused));
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
    let bar = progress::bar(plan.persons_valid() as u64, lang.t(Msg::RosterImporting));
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
            lang.f(Msg::RosterSavedRejectedFailed, &[("path", &path.display())])
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
        out!("{}", summary(lang, &output, &report));
    }
    Ok(ExitCode::SUCCESS)
}

/// A refused import in the worker's language (the library's error carries the kind and the
/// values; the words are the catalog's).
fn import_error(lang: Lang, e: crate::store::roster_import::ImportError) -> anyhow::Error {
    use crate::store::roster_import::ImportError;
    let words = match e {
        ImportError::Refused { problems, rows } => lang.f(
            Msg::RosterRefusedAll,
            &[("problems", &problems), ("rows", &rows)],
        ),
        ImportError::NoGrid { row, address } => {
            lang.f(Msg::RosterNoGrid, &[("row", &row), ("address", &address)])
        }
        other => return other.into(),
    };
    crate::explain::Worded(words).into()
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
fn roster_error(lang: Lang, file: &Path, e: &RosterError) -> anyhow::Error {
    let words = crate::explain::roster(lang, e);
    let text = match e {
        RosterError::Io { .. } | RosterError::Write { .. } => words,
        _ if lang == Lang::Zh => format!("{}：{words}", file.display()),
        _ => format!("{}: {words}", file.display()),
    };
    crate::explain::Worded(text).into()
}

/// One refused row's problem: row, name, column and (masked) value, the reason (its code in
/// English, its words in Chinese), what to do.
fn problem_line(lang: Lang, r: &Rejected) -> String {
    let mut line = lang.f(Msg::RosterRow, &[("row", &r.row)]);
    if !r.name.is_empty() {
        let _ = write!(line, " {}", r.name);
    }
    if let Some(column) = &r.column {
        let comma = if lang == Lang::Zh { "，" } else { ", " };
        let _ = write!(line, "{comma}{column}");
        if !r.value.is_empty() {
            let _ = write!(line, " {:?}", r.value);
        }
    }
    let (words, hint) = lang.reject_reason(r.reason.code());
    let reason = match lang {
        Lang::En => r.reason.code(),
        Lang::Zh => words,
    };
    line.push_str(&lang.f(
        Msg::RosterProblemEnd,
        &[("reason", &reason), ("hint", &hint)],
    ));
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

/// The summary a worker reads, in their language.
fn summary(lang: Lang, out: &Output<'_>, report: &ImportReport) -> String {
    let mut s = String::new();
    let mut line = |text: String| {
        s.push_str(&text);
        s.push('\n');
    };
    let head = if out.dry_run {
        Msg::RosterDryRunHead
    } else {
        Msg::RosterImportedHead
    };
    line(lang.f(
        head,
        &[
            ("file", &out.file),
            ("encoding", &out.encoding),
            ("n", &out.person_rows),
        ],
    ));
    line(lang.f(
        Msg::RosterHouseholds,
        &[
            ("c", &out.households_created),
            ("u", &out.households_updated),
            ("n", &out.households_unchanged),
        ],
    ));
    line(lang.f(
        Msg::RosterMembers,
        &[
            ("c", &out.members_created),
            ("u", &out.members_updated),
            ("n", &out.members_unchanged),
        ],
    ));
    let duplicates = list(
        lang,
        out.duplicate_rows.iter().map(|d| {
            lang.f(
                Msg::RosterDuplicateRow,
                &[("row", &d.row), ("first", &d.first_row), ("name", &d.name)],
            )
        }),
    );
    line(lang.f(
        Msg::RosterDuplicates,
        &[("n", &out.duplicates), ("list", &duplicates)],
    ));
    line(lang.f(
        Msg::RosterRefused,
        &[
            ("n", &out.rejected.chunk_by(|a, b| a.row == b.row).count()),
            ("list", &refused_by_reason(lang, out.rejected)),
        ],
    ));
    if let Some(path) = &out.rejected_file {
        let m = if out.dry_run {
            Msg::RosterRejectedWould
        } else {
            Msg::RosterRejectedWritten
        };
        line(lang.f(m, &[("path", path)]));
    }
    line(lang.f(Msg::RosterMissing, &[("n", &out.missing.len())]));
    line(lang.f(Msg::RosterKept, &[("n", &out.kept.len())]));
    line(lang.f(Msg::RosterConflicts, &[("n", &out.conflicts_opened)]));
    if out.bases_recorded > 0 {
        line(lang.f(Msg::RosterBases, &[("n", &out.bases_recorded)]));
    }
    let ops = if out.dry_run {
        Msg::RosterOpsToWrite
    } else {
        Msg::RosterOpsWritten
    };
    line(lang.f(ops, &[("n", &out.ops)]));
    for r in out.rejected {
        line(lang.f(Msg::RosterRefusedLine, &[("line", &problem_line(lang, r))]));
    }
    // Fields by their stable names in English (as `--json` has them), in words in Chinese.
    let field = |f: &str| match lang {
        Lang::En => f.to_string(),
        Lang::Zh => lang.field(f).map_or_else(|| f.to_string(), str::to_string),
    };
    for change in &out.updates {
        let fields: Vec<String> = change
            .fields
            .iter()
            .map(|f| format!("{} {:?} -> {:?}", field(f.field), f.old, f.new))
            .collect();
        let what = match change.kind {
            ChangeKind::HouseholdUpdated => lang.t(Msg::RosterHousehold),
            _ => lang.t(Msg::RosterMember),
        };
        line(lang.f(
            Msg::RosterUpdated,
            &[
                ("row", &change.row),
                ("what", &what),
                ("name", &change.name),
                ("fields", &fields.join(", ")),
            ],
        ));
    }
    for k in out.kept {
        let mut text = lang.f(
            Msg::RosterKeptLine,
            &[
                ("row", &k.row),
                ("what", &subject(lang, k)),
                ("name", &k.name),
                ("field", &field(k.field)),
                ("kept", &shown(lang, &k.kept)),
                ("why", &why_text(lang, &k.why, k.member.is_some())),
                ("roster", &shown(lang, &k.roster)),
            ],
        );
        if k.because == KeptBecause::NeverImported {
            text.push_str(lang.t(Msg::RosterNeverImported));
        }
        line(text);
    }
    for k in out.conflicts {
        line(lang.f(
            Msg::RosterConflictLine,
            &[
                ("row", &k.row),
                ("what", &subject(lang, k)),
                ("name", &k.name),
                ("field", &field(k.field)),
                ("kept", &shown(lang, &k.kept)),
                ("why", &why_text(lang, &k.why, k.member.is_some())),
                ("roster", &shown(lang, &k.roster)),
            ],
        ));
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
                ChangeKind::HouseholdCreated => lang.t(Msg::RosterHousehold),
                _ => lang.t(Msg::RosterMember),
            };
            line(lang.f(
                Msg::RosterWouldCreate,
                &[("row", &c.row), ("what", &what), ("name", &c.name)],
            ));
        }
        if total > CREATIONS_LISTED {
            line(lang.f(
                Msg::RosterWouldCreateMore,
                &[("n", &(total - CREATIONS_LISTED))],
            ));
        }
    }
    for m in out.missing {
        let id = m
            .id_number
            .clone()
            .unwrap_or_else(|| lang.t(Msg::RosterNoId).to_string());
        let hint = m
            .refused_row
            .map(|r| lang.f(Msg::RosterMissingRefused, &[("row", &r)]))
            .unwrap_or_default();
        line(lang.f(
            Msg::RosterMissingLine,
            &[
                ("name", &m.name),
                ("id", &id),
                ("grid", &m.grid),
                ("address", &m.address),
                ("hint", &hint),
            ],
        ));
    }
    for w in out.warnings {
        line(lang.f(Msg::RosterNote, &[("text", &warning_text(lang, w))]));
    }
    s
}

/// A warning in the user's language: in English its own sentence, in Chinese from its kind.
fn warning_text(lang: Lang, w: &Warning) -> String {
    use crate::roster::WarningKind as K;
    if lang == Lang::En {
        return w.message.clone();
    }
    let m = match w.kind {
        K::UnknownColumns => Msg::WarnUnknownColumns,
        K::RepeatedColumn => Msg::WarnRepeatedColumn,
        K::BadPhone => Msg::WarnBadPhone,
        K::ExtraPhones => Msg::WarnExtraPhones,
        K::UnreadableGender => Msg::WarnUnreadableGender,
        K::UnreadableBirth => Msg::WarnUnreadableBirth,
        K::BirthDiffersFromId => Msg::WarnBirthDiffers,
        K::AddressDiffers => Msg::WarnAddressDiffers,
        K::NotAPerson => Msg::WarnNotAPerson,
        K::RepeatedHeader => Msg::WarnRepeatedHeader,
        K::NoHead => Msg::WarnNoHead,
    };
    let place = w
        .row
        .map(|r| lang.f(Msg::WarnWhere, &[("row", &r)]))
        .unwrap_or_default();
    let value = match &w.column {
        Some(c) if !w.value.is_empty() => format!("{c} {:?}", w.value),
        Some(c) => c.clone(),
        None => w.value.clone(),
    };
    lang.f(m, &[("where", &place), ("value", &value)])
}

fn subject(lang: Lang, k: &Kept) -> &'static str {
    if k.member.is_some() {
        lang.t(Msg::RosterMember)
    } else {
        lang.t(Msg::RosterHousehold)
    }
}

/// A value in a line of the summary; an empty one says so.
fn shown(lang: Lang, v: &str) -> String {
    if v.is_empty() {
        lang.t(Msg::RosterEmpty).to_string()
    } else {
        v.to_string()
    }
}

/// What made a change that was kept, in words: "changed on a visit on 2026-12-01".
fn why_text(lang: Lang, why: &Why, member: bool) -> String {
    let on = why.on;
    let m = match why.kind {
        WhyKind::Visit => Msg::RosterWhyVisit,
        WhyKind::Form if member => Msg::RosterWhyMemberForm,
        WhyKind::Form => Msg::RosterWhyHouseholdForm,
        WhyKind::Review => Msg::RosterWhyReview,
        WhyKind::Bundle => Msg::RosterWhyBundle,
        WhyKind::Roster => Msg::RosterWhyRoster,
        WhyKind::Added if member => Msg::RosterWhyMemberAdded,
        WhyKind::Added => Msg::RosterWhyHouseholdAdded,
        WhyKind::Edit => Msg::RosterWhyEdit,
    };
    lang.f(
        m,
        &[
            ("on", &on),
            ("device", &why.device.as_deref().unwrap_or("?")),
        ],
    )
}

fn list(lang: Lang, items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match lang {
        _ if items.is_empty() => String::new(),
        Lang::En => format!(" ({})", items.join("; ")),
        Lang::Zh => format!("（{}）", items.join("；")),
    }
}

/// The refused rows counted by reason: codes in English, words in Chinese.
fn refused_by_reason(lang: Lang, rejected: &[Rejected]) -> String {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for r in rejected {
        match counts.iter_mut().find(|(code, _)| *code == r.reason.code()) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.reason.code(), 1)),
        }
    }
    list(
        lang,
        counts.into_iter().map(|(code, n)| match lang {
            Lang::En => format!("{code} {n}"),
            Lang::Zh => format!("{} {n}", lang.reject_reason(code).0),
        }),
    )
}
