//! Settling an op that is already in the log: apply it, park it if its parent is missing, and
//! retry the ops that were waiting for what it made available. Local writes, imports and the
//! rebuild of `gridbook check` all settle ops here, so they give the same tables.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::apply::{self, Outcome};
use super::error::Result;
use super::redirect;
use crate::oplog::op::Op;

/// What happened to ops that were waiting and settled because of another op.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Woken {
    pub applied: u64,
    pub invalid: u64,
    pub invalid_transitions: u64,
    pub unknown: u64,
}

/// Derived values (a request's status, a household's last visit and open requests) that
/// applying ops changed. Written at once, or — for an import or a rebuild, where one request
/// may get many events — collected and written once at the end by [`Effects::flush`]: they are
/// functions of the tables, so when they are computed does not change what they are.
#[derive(Debug, Default)]
pub struct Effects {
    deferred: bool,
    // Ordered by id (UUIDv7, so by age): flushing walks the tables in order.
    requests: BTreeSet<String>,
    households: BTreeSet<String>,
    members: BTreeSet<String>,
    /// How many ops are parked, when known: with none, nothing needs waking.
    parked: Option<u64>,
}

impl Effects {
    /// Derived values written as each op is applied.
    pub fn immediate() -> Self {
        Self::default()
    }

    /// Derived values written by [`Effects::flush`].
    pub fn deferred() -> Self {
        Self {
            deferred: true,
            ..Self::default()
        }
    }

    /// Tells how many ops are parked now, so applied ops skip looking for waiting ones while
    /// there are none.
    pub fn with_parked(mut self, parked: u64) -> Self {
        self.parked = Some(parked);
        self
    }

    fn parked_changed(&mut self, by: i64) {
        if let Some(n) = &mut self.parked {
            *n = n.saturating_add_signed(by);
        }
    }

    /// A request got an event or a field write.
    pub(crate) fn request(&mut self, conn: &Connection, request: &str, status: bool) -> Result<()> {
        if self.deferred {
            self.requests.insert(request.to_string());
            return Ok(());
        }
        if status {
            apply::request::refresh_request(conn, request)?;
        }
        redirect::refresh_open_requests_of(conn, request)
    }

    /// A household's visits changed other than by a new visit.
    pub(crate) fn visits(&mut self, conn: &Connection, household: &str) -> Result<()> {
        if self.deferred {
            self.households.insert(household.to_string());
            return Ok(());
        }
        redirect::refresh_last_visit(conn, household)
    }

    /// A household's members changed (the list shows its head, member count and tags).
    pub(crate) fn members(&mut self, conn: &Connection, household: &str) -> Result<()> {
        if self.deferred {
            self.members.insert(household.to_string());
            return Ok(());
        }
        redirect::refresh_members_summary(conn, household)
    }

    /// Writes what was deferred.
    pub fn flush(&mut self, conn: &Connection) -> Result<()> {
        let mut open_requests: BTreeSet<String> = BTreeSet::new();
        for request in std::mem::take(&mut self.requests) {
            apply::request::refresh_request(conn, &request)?;
            let household: String = conn
                .prepare_cached("SELECT household FROM requests WHERE id = ?1")?
                .query_row([&request], |r| r.get(0))?;
            open_requests.insert(household);
        }
        for h in open_requests {
            redirect::refresh_open_requests(conn, &h)?;
        }
        for h in std::mem::take(&mut self.households) {
            redirect::refresh_last_visit(conn, &h)?;
        }
        for h in std::mem::take(&mut self.members) {
            redirect::refresh_members_summary(conn, &h)?;
        }
        Ok(())
    }
}

/// Applies `op` (already inserted into `ops`) and records its state; returns its outcome.
pub(crate) fn settle(
    conn: &Connection,
    op: &Op,
    woken: &mut Woken,
    fx: &mut Effects,
) -> Result<Outcome> {
    let outcome = apply::apply(conn, op, fx)?;
    record(conn, op, outcome, false)?;
    if let Outcome::Parked(_) = outcome {
        fx.parked_changed(1);
    }
    if outcome == Outcome::Applied
        && fx.parked != Some(0)
        && let Some(key) = apply::unlocks(op)
    {
        wake(conn, key, woken, fx)?;
    }
    Ok(outcome)
}

/// Records the op's state (a new op was inserted as applied and was never parked).
fn record(conn: &Connection, op: &Op, outcome: Outcome, was_parked: bool) -> Result<()> {
    let id = op.env.id.to_string();
    if outcome != Outcome::Applied || was_parked {
        conn.prepare_cached("UPDATE ops SET state = ?2 WHERE op_id = ?1")?
            .execute(params![id, outcome.state()])?;
    }
    if was_parked {
        conn.prepare_cached("DELETE FROM parked WHERE op_id = ?1")?
            .execute([&id])?;
    }
    if let Outcome::Parked(waits_for) = outcome {
        conn.prepare_cached("INSERT INTO parked (op_id, waits_for) VALUES (?1, ?2)")?
            .execute(params![id, waits_for.to_string()])?;
    }
    Ok(())
}

/// Settles the ops waiting for `key`, oldest first, and whatever they in turn make available.
fn wake(conn: &Connection, key: uuid::Uuid, woken: &mut Woken, fx: &mut Effects) -> Result<()> {
    let mut keys = vec![key];
    while let Some(key) = keys.pop() {
        let waiting: Vec<Vec<u8>> = conn
            .prepare_cached(
                "SELECT o.raw FROM parked p JOIN ops o ON o.op_id = p.op_id
                 WHERE p.waits_for = ?1 ORDER BY o.rowid",
            )?
            .query_map([key.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for raw in waiting {
            let op = Op::from_raw(raw)?;
            let outcome = apply::apply(conn, &op, fx)?;
            record(conn, &op, outcome, true)?;
            if !matches!(outcome, Outcome::Parked(_)) {
                fx.parked_changed(-1);
            }
            match outcome {
                Outcome::Applied => {
                    woken.applied += 1;
                    keys.extend(apply::unlocks(&op));
                }
                Outcome::Invalid => {
                    woken.invalid += 1;
                    if is_transition(&op) {
                        woken.invalid_transitions += 1;
                    }
                }
                Outcome::Unknown => woken.unknown += 1,
                Outcome::Parked(_) => {}
            }
        }
    }
    Ok(())
}

/// Whether the op is a request lifecycle event (its invalid outcome is an invalid transition).
pub fn is_transition(op: &Op) -> bool {
    matches!(
        op.env.kind.as_str(),
        "request.transition" | "request.feedback" | "request.evaluate"
    )
}
