//! Members: created in a household, a field set (moving to another household included).

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::{Outcome, apply_set, missing_household};
use crate::oplog::op::{FieldSet, MemberCreate, Op};
use crate::store::error::Result;
use crate::store::fields::{self, EntityKind};
use crate::store::redirect;
use crate::store::settle::Effects;

pub(super) fn create(
    conn: &Connection,
    op: &Op,
    m: &MemberCreate,
    fx: &mut Effects,
) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    let hlc = op.env.hlc as i64;
    let home = m.household.to_string();
    let Some(shown) = redirect::survivor_of(conn, &home)? else {
        return Ok(Outcome::Parked(m.household.0));
    };
    let tags = serde_json::to_value(&m.tags)?;
    let inserted = conn
        .prepare_cached(
            "INSERT INTO members (id, create_op, household, name, relation, gender, birth,
                 id_number, phone, tags, note, status, created_hlc, home)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'present', ?12, ?13)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            entity,
            op.env.id.to_string(),
            shown,
            m.name,
            m.relation.code(),
            m.gender.map(gender_code),
            m.birth.map(|d| d.to_string()),
            m.id_number,
            m.phone,
            tags.to_string(),
            m.note,
            hlc,
            home
        ])?;
    if inserted == 0 {
        return Ok(Outcome::Invalid);
    }
    fields::insert_member_tags(conn, &entity, &tags)?;
    fx.members(conn, &shown)?;
    Ok(Outcome::Applied)
}

pub(super) fn set(conn: &Connection, op: &Op, set: &FieldSet, fx: &mut Effects) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    if set.field == "household"
        && let Some(target) = set.value.as_str().and_then(|t| Uuid::parse_str(t).ok())
        && let Some(missing) = missing_household(conn, target)?
    {
        return Ok(Outcome::Parked(missing));
    }
    let before = member_household(conn, &entity)?;
    let outcome = apply_set(conn, EntityKind::Member, op, set)?;
    if outcome == Outcome::Applied {
        let after = member_household(conn, &entity)?;
        for household in before
            .iter()
            .chain(after.iter().filter(|a| Some(*a) != before.as_ref()))
        {
            fx.members(conn, household)?;
        }
    }
    Ok(outcome)
}

fn gender_code(g: crate::domain::Gender) -> &'static str {
    match g {
        crate::domain::Gender::Male => "male",
        crate::domain::Gender::Female => "female",
    }
}

fn member_household(conn: &Connection, member: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT household FROM members WHERE id = ?1")?
        .query_row([member], |r| r.get(0))
        .optional()?)
}
