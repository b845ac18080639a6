//! What a roster import did, or in a dry run would do: counts, every creation and update with
//! its row, and the people the database has that the roster no longer lists.

use serde::Serialize;

use crate::domain::{HouseholdId, MemberId};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// Nothing was written: the counts say what a real import would do.
    pub dry_run: bool,
    pub households_created: usize,
    /// Existing households whose grid, address or 户号 the roster changed.
    pub households_updated: usize,
    /// Existing households the roster names without changing them (members may have changed).
    pub households_unchanged: usize,
    pub members_created: usize,
    /// Existing members with at least one field changed (moving to another household included).
    pub members_updated: usize,
    pub members_unchanged: usize,
    /// Ops appended to the log (or that would be).
    pub ops: usize,
    /// Every household and member created or updated, in file order.
    pub changes: Vec<Change>,
    /// People living in the households and compounds the roster covers whom it does not list.
    /// They are reported, never deleted.
    pub missing: Vec<Missing>,
}

impl ImportReport {
    /// The updates only (creations left out), for a report a worker reads line by line.
    pub fn updates(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| {
            matches!(
                c.kind,
                ChangeKind::HouseholdUpdated | ChangeKind::MemberUpdated
            )
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    HouseholdCreated,
    HouseholdUpdated,
    MemberCreated,
    MemberUpdated,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The row as Excel shows it (a household's first row).
    pub row: usize,
    pub kind: ChangeKind,
    /// The member's name, or the household's grid and address.
    pub name: String,
    /// In a dry run the ids of created entities name nothing that exists.
    pub household: HouseholdId,
    pub member: Option<MemberId>,
    /// The fields an update changed; empty for a creation.
    pub fields: Vec<FieldChange>,
}

/// One changed field. ID numbers and phones are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's name in ops: `phone`, `tags`, `household`, `room` …
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// A person in the database whom the roster does not list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub member: MemberId,
    pub household: HouseholdId,
    pub name: String,
    pub grid: String,
    /// The household's address as people write it.
    pub address: String,
    /// Masked.
    pub id_number: Option<String>,
    /// A row this import refused that has the same name: the person may be in the file after
    /// all, in a row that needs fixing.
    pub refused_row: Option<usize>,
}
