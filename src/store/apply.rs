//! Applying an op to the tables the UI reads. Local writes, imports and `gridbook check`'s
//! rebuild all go through [`apply`] (by way of [`super::settle`]), so the tables are a function of
//! the op log.

use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::apply_request;
use super::error::{Result, StoreError};
use super::fields::{self, EntityKind};
use super::redirect;
use super::settle::Effects;
use crate::sync::op::{Body, FieldSet, Op};

/// What became of an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Its parent has not arrived yet: the household, request or visit version (an op id) it
    /// waits for. It is applied when that arrives.
    Parked(Uuid),
    /// Its type is unknown to this version: stored and relayed, not applied.
    Unknown,
    /// It breaks a rule (a field value of the wrong shape, an invalid request transition, a
    /// second creation of one entity): stored, not applied.
    Invalid,
}

impl Outcome {
    /// The `ops.state` code.
    pub fn state(self) -> i64 {
        match self {
            Self::Applied => 0,
            Self::Parked(_) => 1,
            Self::Unknown => 2,
            Self::Invalid => 3,
        }
    }
}

/// Applies `op` to the read tables. The op itself must already be in `ops`.
pub fn apply(conn: &Connection, op: &Op, fx: &mut Effects) -> Result<Outcome> {
    let Some(body) = &op.body else {
        return Ok(Outcome::Unknown);
    };
    let entity = op.env.entity.to_string();
    let hlc = op.env.hlc as i64;
    match body {
        Body::HouseholdCreate(h) => {
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
        }
        Body::HouseholdSet(set) => {
            if set.field == "merged_into"
                && let Some(target) = set.value.as_str().and_then(|t| Uuid::parse_str(t).ok())
                && let Some(missing) = missing_household(conn, target)?
            {
                return Ok(Outcome::Parked(missing));
            }
            return apply_set(conn, EntityKind::Household, op, set);
        }
        Body::HouseholdMerge(m) => {
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
            return apply_set(conn, EntityKind::Household, op, &set);
        }
        Body::MemberCreate(m) => {
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
        }
        Body::MemberSet(set) => {
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
            return Ok(outcome);
        }
        Body::VisitRecord(v) => {
            if v.id.0 != op.env.entity {
                return Ok(Outcome::Invalid);
            }
            let home = v.household.to_string();
            let Some(shown) = redirect::survivor_of(conn, &home)? else {
                return Ok(Outcome::Parked(v.household.0));
            };
            // Its amendments wait for it, so a new visit has one version: this one.
            let day = v.at.date().to_string();
            let inserted = conn
                .prepare_cached(
                    "INSERT INTO visits (id, household, first_version, current_version, at, day,
                         mode, visitor, versions, forked, voided, home)
                     VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6, ?7, 1, 0, 0, ?8)
                     ON CONFLICT (id) DO NOTHING",
                )?
                .execute(params![
                    entity,
                    shown,
                    op.env.id.to_string(),
                    super::dt(v.at),
                    day,
                    v.mode.code(),
                    v.visitor,
                    home
                ])?;
            if inserted == 0 {
                return Ok(Outcome::Invalid);
            }
            insert_version(conn, op, None, "")?;
            // A new visit can only move the household's last visit later.
            redirect::note_visit(conn, &shown, &day)?;
        }
        Body::VisitAmend(a) => {
            if a.visit.id.0 != op.env.entity {
                return Ok(Outcome::Invalid);
            }
            if !version_exists(conn, &entity, &a.corrects.to_string())? {
                return Ok(Outcome::Parked(a.corrects.0));
            }
            insert_version(conn, op, Some(a.corrects.to_string()), &a.reason)?;
            refresh_visit(conn, &entity)?;
            fx.visits(conn, &visit_household(conn, &entity)?)?;
        }
        Body::VisitVoid(v) => {
            if !version_exists(conn, &entity, &v.corrects.to_string())? {
                return Ok(Outcome::Parked(v.corrects.0));
            }
            conn.prepare_cached("UPDATE visits SET voided = 1 WHERE id = ?1")?
                .execute([&entity])?;
            fx.visits(conn, &visit_household(conn, &entity)?)?;
        }
        Body::RequestOpen(r) => return apply_request::open(conn, op, r, fx),
        Body::RequestSet(set) => {
            let outcome = apply_set(conn, EntityKind::Request, op, set)?;
            if outcome == Outcome::Applied {
                fx.request(conn, &entity, false)?;
            }
            return Ok(outcome);
        }
        Body::RequestTransition(t) => return apply_request::transition(conn, op, t, fx),
        Body::RequestFeedback(f) => return apply_request::feedback(conn, op, f, fx),
        Body::RequestEvaluate(e) => return apply_request::evaluate(conn, op, e, fx),
        Body::DeviceEnrol(d) => {
            // A device enrols itself only: an enrol op about another device is a forgery.
            if op.env.entity != op.env.origin.0 {
                return Ok(Outcome::Invalid);
            }
            // The label and keys shown are those of the device's latest enrol op; a signing key
            // once known is kept (a different one is refused at import).
            conn.prepare_cached(
                "INSERT INTO devices (id, label, sign_pk, age_pk, first_seen, enrol_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)
                 ON CONFLICT (id) DO UPDATE SET
                     label = CASE WHEN excluded.enrol_hlc > enrol_hlc THEN excluded.label ELSE label END,
                     age_pk = CASE WHEN excluded.enrol_hlc > enrol_hlc AND excluded.age_pk IS NOT NULL
                                   THEN excluded.age_pk ELSE age_pk END,
                     sign_pk = coalesce(sign_pk, excluded.sign_pk),
                     enrol_hlc = max(enrol_hlc, excluded.enrol_hlc)",
            )?
            .execute(params![
                entity,
                d.label,
                d.sign_pk
                    .as_deref()
                    .and_then(|k| hex::decode(k).ok())
                    .filter(|k| k.len() == 32),
                d.age_pk,
                hlc
            ])?;
        }
    }
    Ok(Outcome::Applied)
}

/// The ids other ops may wait for that applying `op` makes available: the entity it creates, or
/// the visit version it adds.
pub fn unlocks(op: &Op) -> Option<Uuid> {
    match op.body.as_ref()? {
        Body::HouseholdCreate(_) | Body::MemberCreate(_) | Body::RequestOpen(_) => {
            Some(op.env.entity)
        }
        Body::VisitRecord(_) | Body::VisitAmend(_) => Some(op.env.id.0),
        _ => None,
    }
}

fn gender_code(g: crate::domain::Gender) -> &'static str {
    match g {
        crate::domain::Gender::Male => "male",
        crate::domain::Gender::Female => "female",
    }
}

pub(crate) fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

fn missing_household(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok((!exists(conn, "households", &id.to_string())?).then_some(id))
}

fn apply_set(conn: &Connection, kind: EntityKind, op: &Op, set: &FieldSet) -> Result<Outcome> {
    if !exists(conn, kind.table(), &op.env.entity.to_string())? {
        return Ok(Outcome::Parked(op.env.entity));
    }
    if !fields::value_fits(kind, &set.field, &set.value) {
        return Ok(Outcome::Invalid);
    }
    fields::apply_set(conn, kind, op, &set.field, &set.value)?;
    Ok(Outcome::Applied)
}

fn version_exists(conn: &Connection, visit: &str, version: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM visit_versions WHERE op_id = ?1 AND visit = ?2)",
        )?
        .query_row([version, visit], |r| r.get(0))?)
}

fn visit_household(conn: &Connection, visit: &str) -> Result<String> {
    Ok(conn
        .prepare_cached("SELECT household FROM visits WHERE id = ?1")?
        .query_row([visit], |r| r.get(0))?)
}

fn insert_version(
    conn: &Connection,
    op: &Op,
    corrects: Option<String>,
    reason: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO visit_versions (op_id, visit, corrects, reason, hlc, origin, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        op.env.id.to_string(),
        op.env.entity.to_string(),
        corrects,
        reason,
        op.env.hlc as i64,
        op.env.origin.to_string(),
        op.env.author
    ])?;
    Ok(())
}

/// The version shown is the newest (hlc, origin) of the versions that no other version names in
/// its `pred`; two such versions mean concurrent amendments, flagged as a fork. An amendment
/// whose `pred` names every head closes the fork.
fn refresh_visit(conn: &Connection, visit: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.op_id, o.raw FROM visit_versions v JOIN ops o ON o.op_id = v.op_id
         WHERE v.visit = ?1
           AND NOT EXISTS (SELECT 1 FROM op_pred p JOIN visit_versions w ON w.op_id = p.op_id
                           WHERE p.pred_id = v.op_id AND w.visit = ?1)
         ORDER BY v.hlc DESC, v.origin DESC, v.op_id DESC",
    )?;
    let heads: Vec<(String, Vec<u8>)> = stmt
        .query_map([visit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let heads = if heads.is_empty() {
        // Versions that name each other (only a forged log does that): show the newest.
        conn.prepare_cached(
            "SELECT v.op_id, o.raw FROM visit_versions v JOIN ops o ON o.op_id = v.op_id
             WHERE v.visit = ?1 ORDER BY v.hlc DESC, v.origin DESC, v.op_id DESC",
        )?
        .query_map([visit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<(String, Vec<u8>)>>>()?
    } else {
        heads
    };
    let (current, raw) = heads
        .first()
        .ok_or_else(|| StoreError::Corrupt(format!("visit {visit} has no version")))?;
    let v = visit_in_op(raw)?;
    let versions: i64 = conn
        .prepare_cached("SELECT count(*) FROM visit_versions WHERE visit = ?1")?
        .query_row([visit], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE visits SET current_version = ?2, at = ?3, day = ?4, mode = ?5, visitor = ?6,
             versions = ?7, forked = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        visit,
        current,
        super::dt(v.at),
        v.at.date().to_string(),
        v.mode.code(),
        v.visitor,
        versions,
        i64::from(heads.len() > 1)
    ])?;
    Ok(())
}

/// The visit content a `visit.record` or `visit.amend` op carries.
pub(crate) fn visit_in_op(raw: &[u8]) -> Result<crate::domain::Visit> {
    match crate::sync::op::parse_body(raw)? {
        Some(Body::VisitRecord(v)) => Ok(v),
        Some(Body::VisitAmend(a)) => Ok(a.visit),
        _ => Err(StoreError::Corrupt(
            "a visit version is not a visit op".into(),
        )),
    }
}

fn member_household(conn: &Connection, member: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT household FROM members WHERE id = ?1")?
        .query_row([member], |r| r.get(0))
        .optional()?)
}
