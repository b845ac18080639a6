//! Importing the office's roster from the households tab: a path, a preview of what would be
//! created, updated and refused (a dry run of the very import), then the import on a yes.

use std::path::PathBuf;

use super::app::App;
use super::text::TextInput;
use crate::i18n::Msg;
use crate::roster::{PlanOptions, RosterPlan, plan_file, rejected_path, write_rejected_csv};
use crate::store::Store;
use crate::store::roster_import::{ImportOptions, ImportReport, Kept, WhyKind};

#[derive(Debug, Clone)]
pub enum ImportStep {
    /// The path being typed.
    Path(TextInput),
    /// The preview, waiting for yes or no.
    Preview {
        path: PathBuf,
        plan: Box<RosterPlan>,
        report: Box<ImportReport>,
        /// The first line of the preview shown (it scrolls when the refused rows are many).
        scroll: usize,
    },
}

#[derive(Debug, Clone)]
pub struct ImportScreen {
    pub step: ImportStep,
    pub error: Option<String>,
}

impl ImportScreen {
    pub fn new() -> Self {
        Self {
            step: ImportStep::Path(TextInput::default()),
            error: None,
        }
    }

    pub fn typing(&self) -> bool {
        matches!(self.step, ImportStep::Path(_))
    }
}

impl Default for ImportScreen {
    fn default() -> Self {
        Self::new()
    }
}

fn options(app: &App, dry_run: bool, skip_bad: bool) -> ImportOptions {
    ImportOptions {
        default_grid: app.config.grids.first().cloned(),
        skip_bad,
        dry_run,
    }
}

/// Plans the file and runs the import as a dry run, for the preview.
pub fn preview(app: &App, store: &mut Store, path_text: &str) -> Result<ImportStep, String> {
    let path = super::path_input::resolve(path_text);
    let plan = plan_file(&path, &PlanOptions::new(app.today()))
        .map_err(|e| crate::explain::shown(app.lang, &e))?;
    let report = store
        .import_roster(&plan, &options(app, true, true), &mut |_, _| {})
        .map_err(|e| crate::explain::shown(app.lang, &e))?;
    Ok(ImportStep::Preview {
        path,
        plan: Box::new(plan),
        report: Box::new(report),
        scroll: 0,
    })
}

/// Imports for real (skipping refused rows, which the worker saw in the preview) and writes
/// them to `FILE.rejected.csv`. Returns the message for the status line.
pub fn import(
    app: &mut App,
    store: &mut Store,
    path: &std::path::Path,
    plan: &RosterPlan,
) -> Result<String, String> {
    let report = store
        .import_roster(plan, &options(app, false, true), &mut |_, _| {
            crate::testpoint::reach("roster-import");
        })
        .map_err(|e| crate::explain::shown(app.lang, &e))?;
    let mut msg = app.lang.f(
        Msg::ImportDone,
        &[
            ("h", &report.households_created),
            ("m", &report.members_created),
            ("u", &report.members_updated),
        ],
    );
    if !plan.rejected.is_empty() {
        let out = rejected_path(path);
        write_rejected_csv(plan, &out).map_err(|e| crate::explain::shown(app.lang, &e))?;
        msg.push_str("  ");
        msg.push_str(
            &app.lang
                .f(Msg::ImportRejectedFile, &[("path", &out.display())]),
        );
    }
    Ok(msg)
}

/// The preview in lines.
pub fn preview_lines(
    app: &App,
    path: &std::path::Path,
    plan: &RosterPlan,
    report: &ImportReport,
) -> Vec<String> {
    let l = app.lang;
    let mut lines = vec![
        l.t(Msg::ImportPreview).to_string(),
        l.f(
            Msg::ImportHouseholds,
            &[
                ("c", &report.households_created),
                ("u", &report.households_updated),
                ("n", &report.households_unchanged),
            ],
        ),
        l.f(
            Msg::ImportMembers,
            &[
                ("c", &report.members_created),
                ("u", &report.members_updated),
                ("n", &report.members_unchanged),
            ],
        ),
    ];
    if !plan.duplicates.is_empty() {
        lines.push(l.f(Msg::ImportDuplicates, &[("n", &plan.duplicates.len())]));
    }
    if !report.missing.is_empty() {
        lines.push(l.f(Msg::ImportMissing, &[("n", &report.missing.len())]));
    }
    for (list, head) in [
        (&report.conflicts, Msg::ImportConflicts),
        (&report.kept, Msg::ImportKept),
    ] {
        if list.is_empty() {
            continue;
        }
        lines.push(l.f(head, &[("n", &list.len())]));
        for k in list.iter().take(KEPT_LISTED) {
            lines.push(format!("  {}", kept_line(app, k)));
        }
        if list.len() > KEPT_LISTED {
            lines.push(format!("  ... +{}", list.len() - KEPT_LISTED));
        }
    }
    if !plan.rejected.is_empty() {
        lines.push(l.f(Msg::ImportRejected, &[("n", &plan.rejected_rows().len())]));
        lines.push(format!(
            "  {}",
            l.f(
                Msg::ImportRejectedWillWrite,
                &[("path", &rejected_path(path).display())]
            )
        ));
        // Every refused row, with its reason and what to do, in the worker's language.
        for r in &plan.rejected {
            let (reason, hint) = l.reject_reason(r.reason.code());
            lines.push(format!("  {} {} {reason}：{hint}", r.row, r.name));
        }
    }
    lines
}

/// How many kept values and conflicts the preview lists before it only counts them.
const KEPT_LISTED: usize = 6;

/// One kept value or conflict: who, which field, the value kept and why, the roster's value.
fn kept_line(app: &App, k: &Kept) -> String {
    let l = app.lang;
    let on = k.why.on;
    let why = match k.why.kind {
        WhyKind::Visit => l.f(Msg::ImportWhyVisit, &[("on", &on)]),
        WhyKind::Form => l.f(Msg::ImportWhyForm, &[("on", &on)]),
        WhyKind::Review => l.f(Msg::ImportWhyReview, &[("on", &on)]),
        WhyKind::Bundle => l.f(
            Msg::ImportWhyBundle,
            &[
                ("on", &on),
                ("device", &k.why.device.as_deref().unwrap_or("?")),
            ],
        ),
        WhyKind::Roster => l.f(Msg::ImportWhyRoster, &[("on", &on)]),
        WhyKind::Added => l.f(Msg::ImportWhyAdded, &[("on", &on)]),
        WhyKind::Edit => l.f(Msg::ImportWhyEdit, &[("on", &on)]),
    };
    let field = l
        .field(k.field)
        .unwrap_or_else(|| l.t(Msg::ImportFieldHousehold));
    let blank = |v: &str| {
        if v.is_empty() {
            "-".to_string()
        } else {
            v.to_string()
        }
    };
    l.f(
        Msg::ImportKeptLine,
        &[
            ("name", &k.name),
            ("field", &field),
            ("kept", &blank(&k.kept)),
            ("why", &why),
            ("roster", &blank(&k.roster)),
        ],
    )
}
