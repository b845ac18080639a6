//! The import plan: what importing a roster would create, refuse and report. Built by
//! `grouping`; applied by the store.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::{Address, Gender, IdNumber, Phone, Relation, Tag};

use super::validate::RejectReason;
use super::warning::Warning;

/// What an import of the file would do. Nothing in it has been written anywhere.
#[derive(Debug, Clone)]
pub struct RosterPlan {
    /// Households with at least one accepted member, in the order the file first names them.
    pub households: Vec<PlannedHousehold>,
    /// One entry per problem (a row with two problems appears twice), in row order.
    pub rejected: Vec<Rejected>,
    pub duplicates: Vec<Duplicate>,
    pub warnings: Vec<Warning>,
    /// "utf-8", "utf-8-sig", "gb18030", "utf-16le", "utf-16be", "xlsx" or "xls".
    pub encoding: &'static str,
    /// Rows that describe a person, refused and duplicate ones included (no title, header or
    /// blank rows).
    pub person_rows: usize,
    /// The header row's number as Excel shows it.
    pub header_row: usize,
    /// The header cells as written, for the rejected-rows file.
    pub headers: Vec<String>,
    /// Which kinds of column the file has: a re-import leaves alone what the file does not say.
    pub columns: FileColumns,
}

/// Which kinds of column a roster has. A field whose column is missing is unknown, not empty:
/// applying the plan must not clear it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FileColumns {
    pub grid: bool,
    /// Any of 小区, 楼栋, 单元, 门牌号 or a written address.
    pub address: bool,
    pub household_no: bool,
    pub relation: bool,
    pub gender: bool,
    pub birth: bool,
    pub id_number: bool,
    pub phone: bool,
    pub tags: bool,
    pub note: bool,
}

impl RosterPlan {
    /// Members the import would create or update: accepted rows minus duplicates.
    pub fn persons_valid(&self) -> usize {
        self.households.iter().map(|h| h.members.len()).sum()
    }

    /// Distinct people named in the file: person rows minus duplicate rows.
    pub fn persons_in_file(&self) -> usize {
        self.person_rows.saturating_sub(self.duplicates.len())
    }

    /// The refused rows, each once, in row order.
    pub fn rejected_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self.rejected.iter().map(|r| r.row).collect();
        rows.dedup();
        rows
    }

    /// How many problems of each reason, in the order of [`RejectReason::ALL`].
    pub fn rejected_by_reason(&self) -> Vec<(RejectReason, usize)> {
        RejectReason::ALL
            .into_iter()
            .map(|reason| {
                let n = self.rejected.iter().filter(|r| r.reason == reason).count();
                (reason, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedHousehold {
    /// The grid column's value, else `PlanOptions::grid`.
    pub grid: Option<String>,
    pub address: Address,
    /// The 户号 when the file has that column.
    pub household_no: Option<String>,
    /// The row that first names the household.
    pub first_row: usize,
    pub members: Vec<PlannedMember>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedMember {
    pub row: usize,
    pub name: String,
    pub relation: Relation,
    /// As written, else from the ID number.
    pub gender: Option<Gender>,
    /// From the ID number, else as written.
    pub birth: Option<NaiveDate>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
    pub tags: Vec<Tag>,
    pub note: String,
}

/// A refused row (one entry per problem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Row number as Excel shows it, title and header rows included.
    pub row: usize,
    pub reason: RejectReason,
    pub name: String,
    /// The header of the offending column as the file writes it.
    pub column: Option<String>,
    /// The offending value; ID numbers are masked.
    pub value: String,
    /// What to do about it.
    pub hint: &'static str,
    /// The row's cells under the file's headers, with blank merged grid/address/户号 cells
    /// filled in as the import read them, so the rejected-rows file can be fixed and imported
    /// on its own.
    #[serde(skip)]
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateBy {
    IdNumber,
    NameInHousehold,
}

/// A row naming a person already imported from an earlier row; it is imported once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub row: usize,
    pub first_row: usize,
    pub name: String,
    pub by: DuplicateBy,
}
