//! Settling an op that is already in the log: apply it, park it if its parent is missing, and
//! retry the ops that were waiting for what it made available. Local writes, imports and the
//! rebuild of `gridbook check` all settle ops here, so they give the same tables.

use rusqlite::{Connection, params};

use super::apply::{self, Outcome};
use super::error::Result;
use crate::sync::op::Op;

/// What happened to ops that were waiting and settled because of another op.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Woken {
    pub applied: u64,
    pub invalid: u64,
    pub invalid_transitions: u64,
    pub unknown: u64,
}

/// Applies `op` (already inserted into `ops`) and records its state; returns its outcome.
pub(crate) fn settle(conn: &Connection, op: &Op, woken: &mut Woken) -> Result<Outcome> {
    let outcome = apply::apply(conn, op)?;
    record(conn, op, outcome)?;
    if outcome == Outcome::Applied
        && let Some(key) = apply::unlocks(op)
    {
        wake(conn, key, woken)?;
    }
    Ok(outcome)
}

fn record(conn: &Connection, op: &Op, outcome: Outcome) -> Result<()> {
    let id = op.env.id.to_string();
    conn.prepare_cached("UPDATE ops SET state = ?2 WHERE op_id = ?1 AND state <> ?2")?
        .execute(params![id, outcome.state()])?;
    conn.prepare_cached("DELETE FROM parked WHERE op_id = ?1")?
        .execute([&id])?;
    if let Outcome::Parked(waits_for) = outcome {
        conn.prepare_cached("INSERT INTO parked (op_id, waits_for) VALUES (?1, ?2)")?
            .execute(params![id, waits_for.to_string()])?;
    }
    Ok(())
}

/// Settles the ops waiting for `key`, oldest first, and whatever they in turn make available.
fn wake(conn: &Connection, key: uuid::Uuid, woken: &mut Woken) -> Result<()> {
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
            let outcome = apply::apply(conn, &op)?;
            record(conn, &op, outcome)?;
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
