//! What a roster row changes in an existing household or member, compared in memory so that
//! an unchanged row costs no query and writes no op.

use super::existing::{ExHousehold, id_key};
use super::report::FieldChange;
use crate::domain::{Gender, HouseholdId, IdNumber, Member, Phone, Tag};
use crate::roster::{FileColumns, PlannedHousehold, PlannedMember};
use crate::store::households::{HouseholdField, MemberField};

fn change(field: &'static str, old: impl Into<String>, new: impl Into<String>) -> FieldChange {
    FieldChange {
        field,
        old: old.into(),
        new: new.into(),
    }
}

/// The household fields the roster changes. `grid` is the household's grid in the roster;
/// `named_grid` whether the file itself names it (a default grid never moves a household).
pub fn household(
    columns: FileColumns,
    old: &ExHousehold,
    new: &PlannedHousehold,
    grid: &str,
    named_grid: bool,
) -> Vec<(HouseholdField, FieldChange)> {
    let mut out = Vec::new();
    if named_grid && old.grid != grid {
        out.push((
            HouseholdField::Grid(grid.to_string()),
            change("grid", &old.grid, grid),
        ));
    }
    if columns.address {
        let parts = [
            ("compound", &old.address.compound, &new.address.compound),
            ("building", &old.address.building, &new.address.building),
            ("unit", &old.address.unit, &new.address.unit),
            ("room", &old.address.room, &new.address.room),
        ];
        // A blank part is one the file does not know, not one to erase.
        for (name, was, now) in parts {
            if now.is_empty() || was == now {
                continue;
            }
            let field = match name {
                "compound" => HouseholdField::Compound(now.clone()),
                "building" => HouseholdField::Building(now.clone()),
                "unit" => HouseholdField::Unit(now.clone()),
                _ => HouseholdField::Room(now.clone()),
            };
            out.push((field, change(name, was.as_str(), now.as_str())));
        }
    }
    if let Some(no) = new.household_no.as_ref().filter(|n| !n.is_empty())
        && *no != old.household_no
    {
        out.push((
            HouseholdField::HouseholdNo(no.clone()),
            change("household_no", &old.household_no, no),
        ));
    }
    out
}

/// Where a member lives now and where the roster puts them, as people write the addresses.
pub struct Move<'a> {
    pub to: HouseholdId,
    pub from_address: &'a str,
    pub to_address: &'a str,
}

/// The member fields the roster changes.
pub fn member(
    columns: FileColumns,
    old: &Member,
    new: &PlannedMember,
    home: &Move<'_>,
) -> Vec<(MemberField, FieldChange)> {
    let mut out = Vec::new();
    if old.name != new.name {
        out.push((
            MemberField::Name(new.name.clone()),
            change("name", &old.name, &new.name),
        ));
    }
    if columns.relation && old.relation != new.relation {
        out.push((
            MemberField::Relation(new.relation),
            change("relation", old.relation.code(), new.relation.code()),
        ));
    }
    if let Some(gender) = new.gender
        && old.gender != Some(gender)
    {
        out.push((
            MemberField::Gender(Some(gender)),
            change("gender", gender_text(old.gender), gender_text(Some(gender))),
        ));
    }
    if let Some(birth) = new.birth
        && old.birth != Some(birth)
    {
        let was = old.birth.map(|b| b.to_string()).unwrap_or_default();
        out.push((
            MemberField::Birth(Some(birth)),
            change("birth", was, birth.to_string()),
        ));
    }
    if let Some(id) = &new.id_number
        && old.id_number.as_ref().map(id_key) != Some(id_key(id))
    {
        out.push((
            MemberField::IdNumber(Some(id.clone())),
            change("id_number", masked_id(old.id_number.as_ref()), id.masked()),
        ));
    }
    if let Some(phone) = &new.phone
        && old.phone.as_ref() != Some(phone)
    {
        out.push((
            MemberField::Phone(Some(phone.clone())),
            change("phone", masked_phone(old.phone.as_ref()), phone.masked()),
        ));
    }
    if columns.tags && !same_tags(&old.tags, &new.tags) {
        out.push((
            MemberField::Tags(new.tags.clone()),
            change("tags", tags_text(&old.tags), tags_text(&new.tags)),
        ));
    }
    if !new.note.is_empty() && old.note != new.note {
        out.push((
            MemberField::Note(new.note.clone()),
            change("note", &old.note, &new.note),
        ));
    }
    if old.household != home.to {
        out.push((
            MemberField::Household(home.to),
            change("household", home.from_address, home.to_address),
        ));
    }
    out
}

/// Tags compare as sets: the same categories in another order are no change.
fn same_tags(a: &[Tag], b: &[Tag]) -> bool {
    let mut a: Vec<&Tag> = a.iter().collect();
    let mut b: Vec<&Tag> = b.iter().collect();
    a.sort();
    a.dedup();
    b.sort();
    b.dedup();
    a == b
}

fn tags_text(tags: &[Tag]) -> String {
    tags.iter().map(Tag::as_str).collect::<Vec<_>>().join("、")
}

fn gender_text(g: Option<Gender>) -> &'static str {
    match g {
        Some(Gender::Male) => "male",
        Some(Gender::Female) => "female",
        None => "",
    }
}

fn masked_id(id: Option<&IdNumber>) -> String {
    id.map(IdNumber::masked).unwrap_or_default()
}

fn masked_phone(phone: Option<&Phone>) -> String {
    phone.map(Phone::masked).unwrap_or_default()
}

/// Whether a planned member may be the existing one with the same name: not when both have ID
/// numbers and they differ.
pub fn ids_compatible(old: Option<&IdNumber>, new: Option<&IdNumber>) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => id_key(a) == id_key(b),
        _ => true,
    }
}
