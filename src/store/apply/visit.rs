//! Visits: the first version is immutable; amendments and voids name the version they correct.

use rusqlite::{Connection, params};

use super::Outcome;
use crate::domain::Visit;
use crate::oplog::op::{Body, Op, VisitAmend, VisitVoid};
use crate::store::error::{Result, StoreError};
use crate::store::redirect;
use crate::store::settle::Effects;

pub(super) fn record(conn: &Connection, op: &Op, v: &Visit, _fx: &mut Effects) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
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
            crate::store::dt(v.at),
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
    Ok(Outcome::Applied)
}

pub(super) fn amend(
    conn: &Connection,
    op: &Op,
    a: &VisitAmend,
    fx: &mut Effects,
) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    if a.visit.id.0 != op.env.entity {
        return Ok(Outcome::Invalid);
    }
    if !version_exists(conn, &entity, &a.corrects.to_string())? {
        return Ok(Outcome::Parked(a.corrects.0));
    }
    insert_version(conn, op, Some(a.corrects.to_string()), &a.reason)?;
    refresh_visit(conn, &entity)?;
    fx.visits(conn, &visit_household(conn, &entity)?)?;
    Ok(Outcome::Applied)
}

pub(super) fn void(conn: &Connection, op: &Op, v: &VisitVoid, fx: &mut Effects) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    if !version_exists(conn, &entity, &v.corrects.to_string())? {
        return Ok(Outcome::Parked(v.corrects.0));
    }
    conn.prepare_cached("UPDATE visits SET voided = 1 WHERE id = ?1")?
        .execute([&entity])?;
    fx.visits(conn, &visit_household(conn, &entity)?)?;
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
        crate::store::dt(v.at),
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
    match crate::oplog::op::parse_body(raw)? {
        Some(Body::VisitRecord(v)) => Ok(v),
        Some(Body::VisitAmend(a)) => Ok(a.visit),
        _ => Err(StoreError::Corrupt(
            "a visit version is not a visit op".into(),
        )),
    }
}
