//! Applying request ops: opening, lifecycle events, feedback and evaluations. The status is a
//! max-register over the valid events: the greatest (round, rank, hlc, origin) wins, and whether
//! an event is valid depends only on the event itself (its own `from` stage).

use rusqlite::{Connection, params};

use super::{Outcome, apply_set, exists};
use crate::domain::request::check_transition;
use crate::domain::{Stage, Status};
use crate::oplog::op::{
    FieldSet, Op, RequestEvaluate, RequestFeedback, RequestOpen, RequestTransition,
};
use crate::store::error::{Result, StoreError};
use crate::store::fields::EntityKind;
use crate::store::redirect;
use crate::store::settle::Effects;

pub(super) fn open(
    conn: &Connection,
    op: &Op,
    r: &RequestOpen,
    fx: &mut Effects,
) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    let home = r.household.to_string();
    let Some(shown) = redirect::survivor_of(conn, &home)? else {
        return Ok(Outcome::Parked(r.household.0));
    };
    let op_id = op.env.id.to_string();
    let inserted = conn
        .prepare_cached(
            "INSERT INTO requests (id, create_op, household, visit, category, tier, summary,
                 opened_at, due, status, round, status_op, created_hlc, home)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', 1, ?2, ?10, ?11)
             ON CONFLICT (id) DO NOTHING",
        )?
        .execute(params![
            entity,
            op_id,
            shown,
            r.visit.map(|v| v.to_string()),
            r.category.code(),
            r.tier.code(),
            r.summary,
            crate::store::dt(r.opened_at),
            r.due.map(|d| d.to_string()),
            op.env.hlc as i64,
            home
        ])?;
    if inserted == 0 {
        return Ok(Outcome::Invalid);
    }
    let event = Event {
        to: Status::Open,
        round: 1,
        from: Stage {
            status: Status::Open,
            round: 0,
        },
        at: crate::store::dt(r.opened_at),
        note: String::new(),
        assignee: None,
        result: None,
        mediated: None,
        rating: None,
    };
    insert_event(conn, op, &event, true)?;
    fx.request(conn, &entity, false)?;
    Ok(Outcome::Applied)
}

pub(super) fn set(conn: &Connection, op: &Op, set: &FieldSet, fx: &mut Effects) -> Result<Outcome> {
    let outcome = apply_set(conn, EntityKind::Request, op, set)?;
    if outcome == Outcome::Applied {
        fx.request(conn, &op.env.entity.to_string(), false)?;
    }
    Ok(outcome)
}

pub(super) fn transition(
    conn: &Connection,
    op: &Op,
    t: &RequestTransition,
    fx: &mut Effects,
) -> Result<Outcome> {
    let event = Event {
        to: t.to,
        round: t.round,
        from: t.from,
        at: crate::store::dt(t.at),
        note: t.note.clone(),
        assignee: t.assignee.clone(),
        result: t.result.clone(),
        mediated: t.mediated,
        rating: None,
    };
    request_event(conn, op, event, fx)
}

pub(super) fn feedback(
    conn: &Connection,
    op: &Op,
    f: &RequestFeedback,
    fx: &mut Effects,
) -> Result<Outcome> {
    let event = Event {
        to: Status::FedBack,
        round: f.round,
        from: f.from,
        at: crate::store::dt(f.at),
        note: f.text.clone(),
        assignee: None,
        result: None,
        mediated: None,
        rating: None,
    };
    request_event(conn, op, event, fx)
}

pub(super) fn evaluate(
    conn: &Connection,
    op: &Op,
    e: &RequestEvaluate,
    fx: &mut Effects,
) -> Result<Outcome> {
    let event = Event {
        to: Status::Evaluated,
        round: e.round,
        from: e.from,
        at: crate::store::dt(e.at),
        note: e.comment.clone(),
        assignee: None,
        result: None,
        mediated: None,
        rating: Some(e.rating.code().to_string()),
    };
    request_event(conn, op, event, fx)
}

struct Event {
    to: Status,
    round: u32,
    from: Stage,
    at: String,
    note: String,
    assignee: Option<String>,
    result: Option<String>,
    mediated: Option<bool>,
    rating: Option<String>,
}

fn insert_event(conn: &Connection, op: &Op, e: &Event, valid: bool) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_events (op_id, request, to_status, rank, round, from_status,
             from_round, valid, at, author, hlc, origin, note, assignee, result, mediated, rating)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        op.env.id.to_string(),
        op.env.entity.to_string(),
        e.to.code(),
        e.to.rank(),
        e.round,
        e.from.status.code(),
        e.from.round,
        valid,
        e.at,
        op.env.author,
        op.env.hlc as i64,
        op.env.origin.to_string(),
        e.note,
        e.assignee,
        e.result,
        e.mediated,
        e.rating
    ])?;
    Ok(())
}

/// Stores a lifecycle event; an event whose own `from → to` step is not allowed is stored as
/// invalid and does not move the status.
fn request_event(conn: &Connection, op: &Op, e: Event, fx: &mut Effects) -> Result<Outcome> {
    let request = op.env.entity.to_string();
    if !exists(conn, "requests", &request)? {
        return Ok(Outcome::Parked(op.env.entity));
    }
    let valid = check_transition(
        e.from,
        Stage {
            status: e.to,
            round: e.round,
        },
    )
    .is_ok();
    insert_event(conn, op, &e, valid)?;
    if !valid {
        return Ok(Outcome::Invalid);
    }
    fx.request(conn, &request, true)?;
    Ok(Outcome::Applied)
}

/// The fields of the latest valid event of one kind in a round.
#[derive(Clone)]
struct Latest {
    at: String,
    assignee: Option<String>,
    result: Option<String>,
    mediated: Option<bool>,
    rating: Option<String>,
}

/// The status is the valid event with the greatest (round, rank, hlc, origin); the assignee,
/// result and rating come from the latest such events of the current round.
pub(crate) fn refresh_request(conn: &Connection, request: &str) -> Result<()> {
    // Every valid event, winner first; within the winner's round, the first event of each
    // status is the latest of that status (same rank, then hlc, origin, op id).
    let mut stmt = conn.prepare_cached(
        "SELECT to_status, round, op_id, at, assignee, result, mediated, rating
         FROM request_events WHERE request = ?1 AND valid = 1
         ORDER BY round DESC, rank DESC, hlc DESC, origin DESC, op_id DESC",
    )?;
    let events: Vec<(String, i64, String, Latest)> = stmt
        .query_map([request], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                Latest {
                    at: r.get(3)?,
                    assignee: r.get(4)?,
                    result: r.get(5)?,
                    mediated: r.get(6)?,
                    rating: r.get(7)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let (status, round, status_op) = events
        .first()
        .map(|(s, r, o, _)| (s.clone(), *r, o.clone()))
        .ok_or_else(|| StoreError::Corrupt(format!("request {request} has no valid event")))?;
    let latest = |to: Status| {
        events
            .iter()
            .find(|(s, r, _, _)| *r == round && s == to.code())
            .map(|(_, _, _, l)| l)
    };
    let dispatched = latest(Status::Dispatched).cloned();
    let resolved = latest(Status::Resolved);
    let evaluated = latest(Status::Evaluated).cloned();
    conn.prepare_cached(
        "UPDATE requests SET status = ?2, round = ?3, status_op = ?4, assignee = ?5,
             resolved_at = ?6, result = ?7, mediated = ?8, rating = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        request,
        status,
        round,
        status_op,
        dispatched.and_then(|d| d.assignee),
        resolved.map(|r| r.at.as_str()),
        resolved.and_then(|r| r.result.as_deref()),
        resolved.and_then(|r| r.mediated),
        evaluated.and_then(|e| e.rating)
    ])?;
    Ok(())
}
