//! Households: created, a field set, merged into another (a redirect).

use rusqlite::{Connection, params};
use uuid::Uuid;

use super::{Outcome, apply_set, missing_household};
use crate::oplog::op::{FieldSet, HouseholdCreate, HouseholdMerge, Op};
use crate::store::error::Result;
use crate::store::fields::EntityKind;
use crate::store::settle::Effects;

pub(super) fn create(
    conn: &Connection,
    op: &Op,
    h: &HouseholdCreate,
    _fx: &mut Effects,
) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    let hlc = op.env.hlc as i64;
    // A second creation of the same id is stored, not applied.
    let inserted = conn
        .prepare_cached(
            "INSERT INTO households (id, create_op, grid, compound, building, unit, room,
                 household_no, note, archived, created_hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            entity,
            op.env.id.to_string(),
            h.grid,
            h.compound,
            h.building,
            h.unit,
            h.room,
            h.household_no,
            h.note,
            hlc
        ])?;
    if inserted == 0 {
        return Ok(Outcome::Invalid);
    }
    Ok(Outcome::Applied)
}

pub(super) fn set(
    conn: &Connection,
    op: &Op,
    set: &FieldSet,
    _fx: &mut Effects,
) -> Result<Outcome> {
    if set.field == "merged_into"
        && let Some(target) = set.value.as_str().and_then(|t| Uuid::parse_str(t).ok())
        && let Some(missing) = missing_household(conn, target)?
    {
        return Ok(Outcome::Parked(missing));
    }
    apply_set(conn, EntityKind::Household, op, set)
}

pub(super) fn merge(
    conn: &Connection,
    op: &Op,
    m: &HouseholdMerge,
    _fx: &mut Effects,
) -> Result<Outcome> {
    if let Some(missing) = missing_household(conn, op.env.entity)? {
        return Ok(Outcome::Parked(missing));
    }
    if let Some(missing) = missing_household(conn, m.into.0)? {
        return Ok(Outcome::Parked(missing));
    }
    let set = FieldSet {
        field: "merged_into".into(),
        value: serde_json::Value::String(m.into.to_string()),
        seen: None,
        via: None,
        listed: None,
    };
    apply_set(conn, EntityKind::Household, op, &set)
}
