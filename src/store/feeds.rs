//! The runs of an export: for each feed (origin, scope) the peer lacks, the contiguous runs of
//! ops held, each starting from a known link and ending at a head the importer can check — this
//! device signs its own feeds' heads, a relayed feed ends at a head its origin signed.

use rusqlite::{Connection, params};

use super::chains;
use super::error::{Result, StoreError};
use super::exchange::{ExportPlan, Series};
use crate::oplog::heads::SignedHead;
use crate::oplog::vector::{held, in_scopes};

/// One contiguous run of a feed in an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub origin: String,
    pub scope: String,
    pub from_seq: u64,
    pub to_seq: u64,
    /// `chain[from_seq - 1]`.
    pub prev: [u8; 32],
    /// `chain[to_seq]`.
    pub end: [u8; 32],
    /// The origin's signed head at `to_seq` for a relayed feed; `None` for this device's own
    /// feeds, whose head the exporter signs.
    pub head: Option<SignedHead>,
}

impl Run {
    pub fn len(&self) -> u64 {
        self.to_seq + 1 - self.from_seq
    }

    pub fn is_empty(&self) -> bool {
        self.to_seq < self.from_seq
    }
}

/// The runs an export holds, and how many ops it leaves out because no head signed by their
/// origin covers them (ops held from before bundle format 2, beyond the last head received).
pub(crate) fn plan(
    conn: &Connection,
    own: &str,
    plan: &ExportPlan,
    holdings: &[Series],
) -> Result<(Vec<Run>, u64)> {
    let mut runs = Vec::new();
    let mut left_out = 0u64;
    let revoked = revocations(conn)?;
    for s in holdings {
        if !plan.full && !in_scopes(&plan.scopes, &s.scope) {
            continue;
        }
        let from = if plan.full {
            0
        } else {
            held(&plan.acked, &s.origin, &s.scope)
        };
        if from >= s.max {
            continue;
        }
        // A revoked device's changes after its revocation go nowhere (every device of the
        // team refuses them), even if this one took them before it heard of the revocation.
        let cap = revoked
            .get(&s.origin)
            .map(|upto| upto.get(&s.scope).copied().unwrap_or(0));
        for (a, b) in segments(conn, &s.origin, &s.scope, from)? {
            let b = match cap {
                Some(cap) if cap < a => {
                    left_out += b + 1 - a;
                    continue;
                }
                Some(cap) if cap < b => {
                    left_out += b - cap;
                    cap
                }
                _ => b,
            };
            let (run, out) = run_of(conn, own, &s.origin, &s.scope, a, b)?;
            left_out += out;
            runs.extend(run);
        }
    }
    Ok((runs, left_out))
}

/// The revoked devices: the seqs per scope each wrote before its revocation.
fn revocations(
    conn: &Connection,
) -> Result<std::collections::HashMap<String, std::collections::BTreeMap<String, u64>>> {
    let mut stmt = conn.prepare_cached("SELECT device, upto FROM revocations")?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(device, upto)| Ok((device, serde_json::from_str(&upto)?)))
        .collect()
}

/// The contiguous stretches of a feed after `from`: (first seq, last seq), read from the
/// (origin, scope, seq) index alone.
fn segments(conn: &Connection, origin: &str, scope: &str, from: u64) -> Result<Vec<(u64, u64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq FROM ops WHERE origin = ?1 AND scope = ?2 AND seq > ?3 ORDER BY seq",
    )?;
    let mut rows = stmt.query(params![
        origin,
        scope,
        i64::try_from(from).unwrap_or(i64::MAX)
    ])?;
    let mut out: Vec<(u64, u64)> = Vec::new();
    while let Some(row) = rows.next()? {
        let seq = row.get::<_, i64>(0)? as u64;
        match out.last_mut() {
            Some((_, last)) if *last + 1 == seq => *last = seq,
            _ => out.push((seq, seq)),
        }
    }
    Ok(out)
}

/// The first op of a feed in `a..=b` whose link is unknown (migrated from before chains).
fn first_unlinked(
    conn: &Connection,
    origin: &str,
    scope: &str,
    a: u64,
    b: u64,
) -> Result<Option<u64>> {
    let first: Option<i64> = conn
        .prepare_cached(
            "SELECT min(seq) FROM ops WHERE origin = ?1 AND scope = ?2 AND seq BETWEEN ?3 AND ?4
             AND chain IS NULL",
        )?
        .query_row(params![origin, scope, a as i64, b as i64], |r| r.get(0))?;
    Ok(first.map(|s| s as u64))
}

/// The part of the stretch `a..=b` that can be sent, and how many of its ops cannot.
fn run_of(
    conn: &Connection,
    own: &str,
    origin: &str,
    scope: &str,
    a: u64,
    b: u64,
) -> Result<(Option<Run>, u64)> {
    let total = b + 1 - a;
    let Some(prev) = chains::link(conn, origin, scope, a - 1)? else {
        return Ok((None, total));
    };
    // Ops migrated from before chains whose link is unknown end the stretch.
    let mut to = match first_unlinked(conn, origin, scope, a, b)? {
        Some(first) if first == a => return Ok((None, total)),
        Some(first) => first - 1,
        None => b,
    };
    let mut head = None;
    if origin != own {
        match chains::head_at_or_below(conn, origin, scope, to)? {
            Some(h) if h.seq >= a => {
                to = h.seq;
                head = Some(h);
            }
            _ => return Ok((None, total)),
        }
    }
    let Some(end) = chains::link(conn, origin, scope, to)? else {
        return Ok((None, total));
    };
    if let Some(h) = &head
        && h.chain_bytes() != Some(end)
    {
        return Err(StoreError::Corrupt(format!(
            "the ops held from device {origin} in {scope} do not reach the head it signed"
        )));
    }
    let run = Run {
        origin: origin.to_string(),
        scope: scope.to_string(),
        from_seq: a,
        to_seq: to,
        prev,
        end,
        head,
    };
    Ok((Some(run), total - (to + 1 - a)))
}
