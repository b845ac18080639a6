//! Applying a roster plan ([`RosterPlan`]) through the op log: new households and members are
//! created, the fields the roster names are merged three ways with what the database holds,
//! unchanged rows write nothing, and people the roster no longer lists are reported, never
//! deleted.
//!
//! Matching (ROSTER.md "Re-import"): a roster household is the existing household with its 户号,
//! else the household its 户主 heads (by ID number), else the household at its grid and address.
//! A member is the existing person with the ID number, else the person with the same name in
//! the matched household (unless both have different ID numbers). A field whose column the file
//! lacks is left alone, and so is a blank phone, ID number, gender, birth date or note.
//!
//! Merging (STYLE.md: "re-imports are three-way merges"): every op a roster import writes is
//! marked `via: roster`, so the base of a field, the value the newest roster import wrote to it,
//! is read back from the op log on any device (`history`). A roster value equal to its base is
//! no office change, and whatever was changed since is kept and reported with what made it (a
//! visit, the member form, the review list, another device's bundle: the `via` of the op that
//! wrote it, or its origin). An office change supersedes the heads that still hold the base and
//! stands beside any other head as a conflict for the review list. Tags merge tag by tag. A field
//! no roster import wrote is filled when blank and otherwise never replaced (`merge`).
//!
//! The whole import is one transaction; a dry run runs the same code and rolls it back, so its
//! report is exactly what the real import would do.

mod diff;
mod existing;
mod history;
mod importer;
mod merge;
mod report;
mod values;

pub use report::{
    Change, ChangeKind, FieldChange, ImportReport, Kept, KeptBecause, Missing, Why, WhyKind,
};

use super::{Store, StoreError};
use crate::roster::RosterPlan;

/// The page cache while a roster is imported: enough for 100,000 persons in one transaction.
const IMPORT_CACHE_MIB: i64 = 256;

/// How to apply a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The grid of households whose rows name none: `--grid`, else the worker's first grid.
    /// Plan with `PlanOptions::grid` left empty and pass the grid here, so that households the
    /// database already has keep their grid.
    pub default_grid: Option<String>,
    /// Import the accepted rows even when others were refused.
    pub skip_bad: bool,
    /// Work out and report everything, write nothing.
    pub dry_run: bool,
}

/// Why a plan was not applied. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{problems} problem(s) in {rows} row(s) refuse the whole file, and nothing was imported; fix them and import again, or import the other rows with --skip-bad"
    )]
    Refused { problems: usize, rows: usize },
    #[error(
        "row {row}: the household at {address} names no grid; pass --grid NAME, add a 网格 column, or set `grids` in the config file"
    )]
    NoGrid { row: usize, address: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The grid each planned household goes to, in plan order: its own, else `default_grid`.
pub fn household_grids(
    plan: &RosterPlan,
    default_grid: Option<&str>,
) -> Result<Vec<String>, ImportError> {
    let default_grid = default_grid.map(str::trim).filter(|g| !g.is_empty());
    plan.households
        .iter()
        .map(|h| {
            h.grid
                .as_deref()
                .map(str::trim)
                .filter(|g| !g.is_empty())
                .or(default_grid)
                .map(str::to_string)
                .ok_or_else(|| ImportError::NoGrid {
                    row: h.first_row,
                    address: h.address.display(),
                })
        })
        .collect()
}

/// Refuses a plan with refused rows unless they are to be skipped.
pub fn check_refusals(plan: &RosterPlan, opts: &ImportOptions) -> Result<(), ImportError> {
    if plan.rejected.is_empty() || opts.skip_bad {
        return Ok(());
    }
    Err(ImportError::Refused {
        problems: plan.rejected.len(),
        rows: plan.rejected_rows().len(),
    })
}

impl Store {
    /// Applies `plan` in one transaction (rolled back when `opts.dry_run`). `progress` is called
    /// with (members done, members in the plan) now and then.
    pub fn import_roster(
        &mut self,
        plan: &RosterPlan,
        opts: &ImportOptions,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<ImportReport, ImportError> {
        check_refusals(plan, opts)?;
        let grids = household_grids(plan, opts.default_grid.as_deref())?;
        let run = |w: &mut super::Writer<'_>| importer::run(w, plan, &grids, progress);
        // A large roster is one transaction of hundreds of thousands of rows: with the usual
        // page cache SQLite spills dirty pages to the WAL halfway and reads them back.
        self.set_cache_mb(IMPORT_CACHE_MIB)?;
        let result = if opts.dry_run {
            self.dry_run(run)
        } else {
            self.write(run)
        };
        self.set_cache_mb(super::CACHE_MIB)?;
        let mut report = result?;
        report.dry_run = opts.dry_run;
        Ok(report)
    }
}
