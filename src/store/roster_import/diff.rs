//! The fields a roster row speaks of, as the values ops hold, and the values the database
//! shows for them. A field whose column the file lacks says nothing, and neither does a blank
//! phone, ID number, gender, birth date, note, 户号 or address part: an office roster that does
//! not know a phone the worker collected does not erase it. The tag column, when present,
//! always speaks (a blank cell is the office's empty classification).

use serde_json::Value;

use super::existing::{ExHousehold, id_key};
use crate::domain::{HouseholdId, IdNumber, Member};
use crate::roster::{FileColumns, PlannedHousehold, PlannedMember};
use crate::store::households::{HouseholdField, MemberField};

/// The household fields the roster names, with its values. `grid` is the household's grid in
/// the roster; `named_grid` whether the file itself names it (a default grid never moves a
/// household).
pub fn household(
    columns: FileColumns,
    new: &PlannedHousehold,
    grid: &str,
    named_grid: bool,
) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    if named_grid {
        out.push(HouseholdField::Grid(grid.to_string()).split());
    }
    if columns.address {
        let a = &new.address;
        for part in HouseholdField::address(a) {
            let (name, value) = part.split();
            if value.as_str().is_some_and(|v| !v.is_empty()) {
                out.push((name, value));
            }
        }
    }
    if let Some(no) = new.household_no.as_ref().filter(|n| !n.is_empty()) {
        out.push(HouseholdField::HouseholdNo(no.clone()).split());
    }
    out
}

/// The value a household shows for `field`.
pub fn household_shown(old: &ExHousehold, field: &str) -> Value {
    let a = &old.address;
    let text = match field {
        "grid" => &old.grid,
        "compound" => &a.compound,
        "building" => &a.building,
        "unit" => &a.unit,
        "room" => &a.room,
        "household_no" => &old.household_no,
        _ => return Value::Null,
    };
    Value::String(text.clone())
}

/// The member fields the roster names, with its values; `to` is the household the roster
/// puts the member in.
pub fn member(
    columns: FileColumns,
    new: &PlannedMember,
    to: HouseholdId,
) -> Vec<(&'static str, Value)> {
    let mut out = vec![MemberField::Name(new.name.clone()).split()];
    if columns.relation {
        out.push(MemberField::Relation(new.relation).split());
    }
    if new.gender.is_some() {
        out.push(MemberField::Gender(new.gender).split());
    }
    if new.birth.is_some() {
        out.push(MemberField::Birth(new.birth).split());
    }
    if new.id_number.is_some() {
        out.push(MemberField::IdNumber(new.id_number.clone()).split());
    }
    if new.phone.is_some() {
        out.push(MemberField::Phone(new.phone.clone()).split());
    }
    if columns.tags {
        out.push(MemberField::Tags(new.tags.clone()).split());
    }
    if !new.note.is_empty() {
        out.push(MemberField::Note(new.note.clone()).split());
    }
    out.push(MemberField::Household(to).split());
    out
}

/// The value a member shows for `field`. For `household`, the household it was put in (its
/// register), unless it is listed under `to` already (put in a household merged into `to`).
pub fn member_shown(
    old: &Member,
    home: Option<HouseholdId>,
    to: HouseholdId,
    field: &str,
) -> Value {
    let f = match field {
        "name" => MemberField::Name(old.name.clone()),
        "relation" => MemberField::Relation(old.relation),
        "gender" => MemberField::Gender(old.gender),
        "birth" => MemberField::Birth(old.birth),
        "id_number" => MemberField::IdNumber(old.id_number.clone()),
        "phone" => MemberField::Phone(old.phone.clone()),
        "tags" => MemberField::Tags(old.tags.clone()),
        "note" => MemberField::Note(old.note.clone()),
        "household" if old.household == to => MemberField::Household(to),
        "household" => MemberField::Household(home.unwrap_or(old.household)),
        _ => return Value::Null,
    };
    f.split().1
}

/// Whether a planned member may be the existing one with the same name: not when both have ID
/// numbers and they differ.
pub fn ids_compatible(old: Option<&IdNumber>, new: Option<&IdNumber>) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => id_key(a) == id_key(b),
        _ => true,
    }
}
