//! Applying an op to the tables the UI reads, one file per entity. Local writes, imports and
//! `gridbook check`'s rebuild all go through [`apply`] (by way of [`super::settle`]), so the
//! tables are a function of the op log.

mod device;
mod household;
mod member;
pub(crate) mod request;
mod team;
mod visit;

use rusqlite::Connection;
use uuid::Uuid;

use super::error::Result;
use super::fields::{self, EntityKind};
use super::settle::Effects;
use crate::oplog::op::{Body, FieldSet, Op};

pub(crate) use visit::visit_in_op;

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
    match body {
        Body::HouseholdCreate(h) => household::create(conn, op, h, fx),
        Body::HouseholdSet(set) => household::set(conn, op, set, fx),
        Body::HouseholdMerge(m) => household::merge(conn, op, m, fx),
        Body::MemberCreate(m) => member::create(conn, op, m, fx),
        Body::MemberSet(set) => member::set(conn, op, set, fx),
        Body::VisitRecord(v) => visit::record(conn, op, v, fx),
        Body::VisitAmend(a) => visit::amend(conn, op, a, fx),
        Body::VisitVoid(v) => visit::void(conn, op, v, fx),
        Body::RequestOpen(r) => request::open(conn, op, r, fx),
        Body::RequestSet(set) => request::set(conn, op, set, fx),
        Body::RequestTransition(t) => request::transition(conn, op, t, fx),
        Body::RequestFeedback(f) => request::feedback(conn, op, f, fx),
        Body::RequestEvaluate(e) => request::evaluate(conn, op, e, fx),
        Body::DeviceEnrol(d) => device::enrol(conn, op, d, fx),
        Body::TeamCertify(c) => team::certify(conn, op, c, fx),
        Body::TeamRevoke(r) => team::revoke(conn, op, r, fx),
    }
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

pub(crate) fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

pub(super) fn missing_household(conn: &Connection, id: Uuid) -> Result<Option<Uuid>> {
    Ok((!exists(conn, "households", &id.to_string())?).then_some(id))
}

pub(super) fn apply_set(
    conn: &Connection,
    kind: EntityKind,
    op: &Op,
    set: &FieldSet,
) -> Result<Outcome> {
    if !exists(conn, kind.table(), &op.env.entity.to_string())? {
        return Ok(Outcome::Parked(op.env.entity));
    }
    if !fields::value_fits(kind, &set.field, &set.value) {
        return Ok(Outcome::Invalid);
    }
    fields::apply_set(conn, kind, op, &set.field, &set.value)?;
    Ok(Outcome::Applied)
}
