//! What a roster import did, or in a dry run would do: counts, every creation and update with
//! its row, and the people the database has that the roster no longer lists.

use chrono::NaiveDate;
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
    /// People living in the households the roster lists whom it does not list. They are
    /// reported, never deleted.
    pub missing: Vec<Missing>,
    /// Fields whose roster value differs from the value held, where the value held was kept: the
    /// office did not change the field since the last import, or no import ever wrote it.
    pub kept: Vec<Kept>,
    /// Fields both the office and someone else changed since the last import: both values are
    /// kept as a conflict in the review list.
    pub conflicts: Vec<Kept>,
    /// How many of `conflicts` were not in conflict before this import.
    pub conflicts_opened: usize,
    /// Fields that already held the roster's value, changed to it by someone else since the
    /// last import (or written before imports were recorded): an op records the roster's value
    /// as the base of the next import; nothing shown changes.
    pub bases_recorded: usize,
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

/// A field where the import kept the value held instead of the roster's (or beside it, as a
/// conflict). ID numbers and phones are masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kept {
    /// The row as Excel shows it (a household's first row).
    pub row: usize,
    /// The member's name, or the household's grid and address.
    pub name: String,
    pub household: HouseholdId,
    pub member: Option<MemberId>,
    /// The field's name in ops: `phone`, `tags`, `household`, `room` …
    pub field: &'static str,
    /// The value held (for a conflict, the value beside the roster's).
    pub kept: String,
    /// The roster's value.
    pub roster: String,
    pub because: KeptBecause,
    /// What wrote the value kept.
    pub why: Why,
}

/// Why the import did not simply write the roster's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptBecause {
    /// The roster still has the value the last import wrote: the office did not change it, and
    /// the change made since is newer.
    RosterUnchanged,
    /// No roster import wrote this field before (a person added in gridbook, or a database from
    /// before gridbook kept what imports wrote): a value held is never replaced by one.
    NeverImported,
    /// The office and someone else both changed it since the last import.
    BothChanged,
}

/// What made the change that was kept, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Why {
    pub kind: WhyKind,
    /// The day the change was written, by the clock of the device that wrote it.
    pub on: NaiveDate,
    /// The device's label, for a change from another device's bundle.
    pub device: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WhyKind {
    /// The basics of a visit (a new phone, a person moved out or in).
    Visit,
    /// The member or household form.
    Form,
    /// A conflict settled in the review list.
    Review,
    /// A change that came in another device's bundle.
    Bundle,
    /// An earlier roster import.
    Roster,
    /// The value the person or household was added with.
    Added,
    /// An edit that does not say where it was made (written before gridbook recorded that).
    Edit,
}
