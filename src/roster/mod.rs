//! Roster import, reading half: a community office's population ledger (人口信息台账, CSV or
//! Excel) → a [`RosterPlan`] of households, members, refused rows, duplicates and warnings.
//! Nothing here writes to the database; the store applies the plan.
//!
//! The pipeline: `read` (bytes → rows of text cells, encoding detection, size limits) →
//! `header` (find the header row, map columns) → `rows` (clean cells, fill down merged
//! cells) → `validate` (refuse rows by reason code) → `grouping` (households, duplicates) →
//! `plan` (the result). The rules are in ROSTER.md of the shared contract.
//!
//! Applying a plan: [`Store::import_roster`](crate::store::Store::import_roster) (see
//! `store::roster_import`). By default a plan with any [`RosterPlan::rejected`] entry imports
//! nothing (show every entry: row, column, value, hint). With `--skip-bad`, the store imports
//! [`RosterPlan::households`] and the caller writes the refused rows with [`write_rejected_csv`]
//! to [`rejected_path`] once the import is committed. Households come in file order, each member
//! once (duplicates are already left out and listed in [`RosterPlan::duplicates`]); a member's
//! `row` is the row to cite.
//!
//! An interface offering an import does: [`plan_file`] → show the refusals, duplicates and
//! warnings of the plan → `import_roster` with `dry_run: true` → show its report (what would be
//! created, updated, and who is missing) → on confirmation the same call with `dry_run: false`.

pub mod error;
mod grouping;
mod guard;
mod header;
mod plan;
mod read;
mod rejected_csv;
mod rows;
mod validate;
mod warning;
mod xlsx;

use std::io::Read as _;
use std::path::Path;

use chrono::NaiveDate;

pub use error::{RosterError, limits};
pub use plan::{
    Duplicate, DuplicateBy, FileColumns, PlannedHousehold, PlannedMember, Rejected, RosterPlan,
};
pub use rejected_csv::{
    REASON_HEADER, REASON_ZH_HEADER, rejected_csv_bytes, rejected_path, write_rejected_csv,
};
pub use validate::RejectReason;
pub use warning::{Warning, WarningKind};

/// Choices the worker makes on the command line, and the date (passed in, never read here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// `--sheet NAME`; else the first sheet with a header row.
    pub sheet: Option<String>,
    /// The grid of households whose rows do not say. Leave it empty when the plan is to be
    /// imported and pass the grid in `ImportOptions::default_grid` instead: a grid filled in
    /// here counts as written in the file, so a re-import would move households into it.
    pub grid: Option<String>,
    /// Today, for ID-number and birth-date checks.
    pub today: NaiveDate,
}

impl PlanOptions {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            sheet: None,
            grid: None,
            today,
        }
    }
}

/// Reads and plans the roster at `path`. The size limit is checked before the file is read.
pub fn plan_file(path: &Path, opts: &PlanOptions) -> Result<RosterPlan, RosterError> {
    let io_error = |cause| RosterError::Io {
        path: path.to_path_buf(),
        cause,
    };
    // A named pipe, a device or a folder is refused at once instead of being waited on.
    let file = crate::fsutil::open_regular(path).map_err(io_error)?;
    let declared = file.metadata().map_err(io_error)?.len();
    if declared > limits::MAX_FILE_BYTES {
        return Err(RosterError::FileTooLarge {
            bytes: declared,
            limit: limits::MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::new();
    // Read one byte past the limit, in case the file grew since its size was read.
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    plan_bytes(&bytes, &name, opts)
}

/// Plans a roster held in memory. `file_name` is used only for its extension (a text file named
/// `.xlsx` gets a clearer error than "not text").
pub fn plan_bytes(
    bytes: &[u8],
    file_name: &str,
    opts: &PlanOptions,
) -> Result<RosterPlan, RosterError> {
    let sheet = read::read_sheet(bytes, file_name, opts.sheet.as_deref(), &header::has_header)?;
    let Some(columns) = header::find_header(&sheet.rows) else {
        let seen = sheet
            .rows
            .first()
            .map(|r| {
                r.cells()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .take(20)
                    .map(|c| c.chars().take(40).collect())
                    .collect()
            })
            .unwrap_or_default();
        return Err(RosterError::NoNameColumn {
            searched: limits::HEADER_SEARCH_ROWS,
            seen,
        });
    };
    let plan = grouping::plan_rows(
        &sheet.rows,
        &columns,
        sheet.encoding,
        opts.today,
        opts.grid.as_deref(),
    );
    if plan.person_rows == 0 {
        return Err(RosterError::NoPersons {
            header_row: columns.header_row,
        });
    }
    Ok(plan)
}
