//! Importing a verified bundle: one `BEGIN IMMEDIATE` transaction that inserts every new op,
//! links its preds, advances the clock, settles it (apply, park, wake), and records the peer's
//! vector and the bundle; any error before `COMMIT` rolls everything back. A dry run does the
//! same and rolls back.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use uuid::Uuid;

use super::Store;
use super::apply::Outcome;
use super::error::{Result, StoreError};
use super::settle::{Effects, Woken, is_transition, settle};
use super::writer::link_preds;
use crate::domain::DeviceId;
use crate::oplog::heads::SignedHead;
use crate::oplog::hlc;
use crate::oplog::keys::fingerprint;
use crate::oplog::op::Op;
use crate::oplog::vector::Vector;
use crate::store::import_report::{Gap, ImportReport, SeenDevice};

/// One op line of a verified bundle.
#[derive(Debug, Clone, Copy)]
pub struct RawOp<'a> {
    /// Its line number in the bundle (the header is line 1).
    pub line: usize,
    pub raw: &'a [u8],
    /// The SHA-256 of `raw`.
    pub sha256: [u8; 32],
}

/// A bundle whose every check passed, ready to import.
pub struct Incoming<'a> {
    pub bundle_id: Uuid,
    pub sha256: [u8; 32],
    pub kind: &'a str,
    pub from: DeviceId,
    pub from_label: &'a str,
    pub signer: [u8; 32],
    pub created_hlc: u64,
    pub sender_vector: &'a Vector,
    pub scopes: &'a [String],
    pub ops: &'a [RawOp<'a>],
    /// Each op's feed link, as the provenance checks computed it (aligned with `ops`).
    pub chains: &'a [[u8; 32]],
    /// Links before runs that start after a gap here: (origin, scope, seq, link).
    pub links: &'a [(String, String, u64, [u8; 32])],
    /// Heads signed by other devices, kept to forward when relaying their feeds.
    pub heads: &'a [SignedHead],
    pub encrypted: bool,
}

/// Whether a bundle was imported before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    New,
    /// Imported at this time (Unix ms), with the same content.
    Imported(i64),
    /// A bundle with this id but other content was imported.
    Clash,
}

/// Bundles with more ops than this are imported with a larger page cache.
const BIG_IMPORT: usize = 50_000;
const BIG_IMPORT_CACHE_MB: i64 = 256;

/// Bit of `ops.flags`: stamped before 2020 or more than a day ahead of the clock at import.
pub const FLAG_CLOCK_SUSPECT: i64 = 1;

fn bundle_seen(conn: &Connection, id: Uuid, sha256: &[u8; 32]) -> Result<Seen> {
    let row: Option<(Vec<u8>, i64)> = conn
        .query_row(
            "SELECT sha256, imported_at FROM bundles_in WHERE bundle_id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        None => Seen::New,
        Some((hash, at)) if hash.as_slice() == sha256.as_slice() => Seen::Imported(at),
        Some(_) => Seen::Clash,
    })
}

/// A bundle whose id was imported before with other content.
pub fn clash(id: Uuid) -> StoreError {
    refused(
        "bundle id",
        format!("a different bundle with the id {id} was imported before; ask for a new export"),
    )
}

fn refused(check: impl Into<String>, detail: impl Into<String>) -> StoreError {
    StoreError::ImportRefused {
        check: check.into(),
        detail: detail.into(),
    }
}

impl Store {
    pub fn bundle_seen(&self, id: Uuid, sha256: &[u8; 32]) -> Result<Seen> {
        bundle_seen(self.conn(), id, sha256)
    }

    /// Imports a verified bundle in one transaction (rolled back for a dry run).
    pub fn import(
        &mut self,
        inc: &Incoming<'_>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        // A large bundle touches most of the database: a bigger page cache for the one
        // transaction saves re-reading pages, and is given back afterwards.
        let big = inc.ops.len() > BIG_IMPORT;
        if big {
            self.set_cache_mb(BIG_IMPORT_CACHE_MB)?;
        }
        let result = self.import_in_tx(inc, dry_run, progress);
        if big {
            self.set_cache_mb(super::CACHE_MIB)?;
        }
        result
    }

    fn import_in_tx(
        &mut self,
        inc: &Incoming<'_>,
        dry_run: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        if let Some(reason) = &self.blocked {
            return Err(StoreError::WritesBlocked(reason.clone()));
        }
        let now = self.clock.now_ms();
        let own = self.device.to_string();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Checked again under the write lock: the same bundle imported by another process at
        // the same moment is either all here already or not at all.
        match bundle_seen(&tx, inc.bundle_id, &inc.sha256)? {
            Seen::New => {}
            Seen::Imported(at) => return Err(StoreError::AlreadyImported { at }),
            Seen::Clash => return Err(clash(inc.bundle_id)),
        }
        let mut report = ImportReport {
            bundle_id: inc.bundle_id.to_string(),
            from_device: inc.from.to_string(),
            from_label: inc.from_label.to_string(),
            kind: inc.kind.to_string(),
            op_count: inc.ops.len() as u64,
            encrypted: inc.encrypted,
            dry_run,
            ..ImportReport::default()
        };
        if inc.chains.len() != inc.ops.len() {
            return Err(StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvInternal)
                    .with("what", "the bundle's feed links were not computed"),
            ));
        }
        let conflicts_before = conflict_keys(&tx)?;
        // Devices this database held changes of before: the others are seen for the first time.
        let mut known_before: HashSet<String> = HashSet::new();
        let mut looked_at: HashSet<String> = HashSet::new();
        let holds_ops_of = |origin: &str| -> Result<bool> {
            Ok(tx
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM ops WHERE origin = ?1)")?
                .query_row([origin], |r| r.get(0))?)
        };
        let from = inc.from.to_string();
        if holds_ops_of(&from)? {
            known_before.insert(from.clone());
        }
        looked_at.insert(from.clone());
        let parked_before = count(&tx, "SELECT count(*) FROM parked")?;
        let mut clock: u64 = tx.query_row("SELECT hlc_last FROM device_self", [], |r| {
            r.get::<_, i64>(0)
        })? as u64;
        let mut gaps_before: BTreeMap<(String, String), Vec<(u64, u64)>> = BTreeMap::new();
        let mut origins: BTreeSet<String> = BTreeSet::new();
        let mut woken = Woken::default();
        let mut fx = Effects::deferred().with_parked(parked_before);
        let bundle = inc.bundle_id.to_string();
        let total = inc.ops.len() as u64;
        for (i, raw) in inc.ops.iter().enumerate() {
            let op = Op::from_checked(raw.raw.to_vec(), raw.sha256)?;
            let origin = op.env.origin.to_string();
            if looked_at.insert(origin.clone()) && holds_ops_of(&origin)? {
                known_before.insert(origin.clone());
            }
            let series = (origin.clone(), op.env.scope.clone());
            if let std::collections::btree_map::Entry::Vacant(slot) = gaps_before.entry(series) {
                let (origin, scope) = slot.key();
                let before = gaps(&tx, origin, scope)?;
                slot.insert(before);
            }
            let suspect = hlc::is_suspect(op.env.hlc, now);
            let link = inc
                .chains
                .get(i)
                .copied()
                .unwrap_or(crate::oplog::chain::GENESIS);
            if !insert_incoming(&tx, &op, &bundle, now, suspect, &link)? {
                match existing_hash(&tx, &op)? {
                    Some(hash) if hash.as_slice() == op.sha256.as_slice() => {
                        report.duplicate_ops += 1;
                        continue;
                    }
                    Some(_) => {
                        return Err(refused(
                            "record id",
                            format!(
                                "line {}: record {} was altered or its id reused (it differs from the copy already here)",
                                raw.line, op.env.id
                            ),
                        ));
                    }
                    None => {
                        return Err(refused(
                            "sequence",
                            format!(
                                "line {}: device {origin} numbered two different changes {} in {}: its database was copied and both copies were written (a cloned database); run `gridbook enrol` on the copy and export again",
                                raw.line, op.env.seq, op.env.scope
                            ),
                        ));
                    }
                }
            }
            link_preds(&tx, &op)?;
            clock = hlc::observe(clock, op.env.hlc, now);
            report.new_ops += 1;
            report.clock_suspect_ops += u64::from(suspect);
            origins.insert(origin);
            match settle(&tx, &op, &mut woken, &mut fx)? {
                Outcome::Invalid if is_transition(&op) => report.invalid_transitions += 1,
                Outcome::Invalid => report.invalid_ops += 1,
                Outcome::Unknown => report.unknown_ops += 1,
                Outcome::Applied | Outcome::Parked(_) => {}
            }
            if (i + 1).is_multiple_of(10_000) {
                progress(i as u64 + 1, total);
            }
        }
        fx.flush(&tx)?;
        for (origin, scope, seq, link) in inc.links {
            super::chains::remember_link(&tx, origin, scope, *seq, link)?;
        }
        for head in inc.heads {
            super::chains::keep_head(&tx, head)?;
        }
        progress(total, total);
        report.invalid_transitions += woken.invalid_transitions;
        report.invalid_ops += woken.invalid - woken.invalid_transitions;
        report.parked_ops = tx.query_row(
            "SELECT count(*) FROM parked p JOIN ops o ON o.op_id = p.op_id WHERE o.bundle = ?1",
            [&bundle],
            |r| r.get::<_, i64>(0),
        )? as u64;
        let parked_after = count(&tx, "SELECT count(*) FROM parked")?;
        report.unparked_ops = (parked_before + report.parked_ops).saturating_sub(parked_after);
        let conflicts_after = conflict_keys(&tx)?;
        report.conflicts_opened = conflicts_after.difference(&conflicts_before).count() as u64;
        report.conflicts_closed = conflicts_before.difference(&conflicts_after).count() as u64;
        for ((origin, scope), before) in &gaps_before {
            let after = gaps(&tx, origin, scope)?;
            let label = device_label(&tx, origin)?;
            let gap = |(from_seq, to_seq): (u64, u64)| Gap {
                device: origin.clone(),
                label: label.clone(),
                scope: scope.clone(),
                from_seq,
                to_seq,
            };
            for range in before {
                if !after.iter().any(|a| a.0 <= range.1 && range.0 <= a.1) {
                    report.gaps_closed.push(gap(*range));
                }
            }
            report.gaps.extend(after.into_iter().map(gap));
        }
        let signer_new = !known_before.contains(&from);
        if signer_new && !origins.contains(&from) {
            origins.insert(from.clone());
        }
        for origin in origins.iter().filter(|o| !known_before.contains(*o)) {
            report.first_seen_devices.push(SeenDevice {
                device: origin.clone(),
                label: device_label(&tx, origin)?,
                key_fingerprint: (signer_new && *origin == from).then(|| fingerprint(&inc.signer)),
            });
        }
        if from != own {
            record_peer(&tx, inc, now)?;
        }
        tx.execute(
            "UPDATE device_self SET hlc_last = ?1",
            [i64::try_from(clock).unwrap_or(i64::MAX)],
        )?;
        tx.execute(
            "INSERT INTO bundles_in (bundle_id, sha256, from_device, kind, op_count, imported_at, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                bundle,
                inc.sha256.as_slice(),
                from,
                inc.kind,
                inc.ops.len() as i64,
                now,
                serde_json::to_string(&report)?
            ],
        )?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
        }
        Ok(report)
    }
}

/// Inserts an incoming op; false if its id or its (origin, scope, seq) is already taken.
fn insert_incoming(
    conn: &Connection,
    op: &Op,
    bundle: &str,
    now: i64,
    suspect: bool,
    link: &[u8; 32],
) -> Result<bool> {
    let e = &op.env;
    let n = conn
        .prepare_cached(
            "INSERT INTO ops (op_id, origin, scope, seq, hlc, type, entity, raw, sha256, state,
                 flags, bundle, received_at, chain)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, ?11, ?12, ?13)
             ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            e.id.to_string(),
            e.origin.to_string(),
            e.scope,
            i64::try_from(e.seq).unwrap_or(i64::MAX),
            i64::try_from(e.hlc).unwrap_or(i64::MAX),
            e.kind,
            e.entity.to_string(),
            op.raw,
            op.sha256.as_slice(),
            if suspect { FLAG_CLOCK_SUSPECT } else { 0 },
            bundle,
            now,
            link.as_slice()
        ])?;
    Ok(n == 1)
}

fn existing_hash(conn: &Connection, op: &Op) -> Result<Option<Vec<u8>>> {
    Ok(conn
        .prepare_cached("SELECT sha256 FROM ops WHERE op_id = ?1")?
        .query_row([op.env.id.to_string()], |r| r.get(0))
        .optional()?)
}

fn record_peer(conn: &Connection, inc: &Incoming<'_>, now: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO peers (device, label, acked_vector, acked_hlc, scopes, last_in, last_in_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (device) DO UPDATE SET
             label = excluded.label,
             acked_vector = CASE WHEN excluded.acked_hlc >= acked_hlc
                                 THEN excluded.acked_vector ELSE acked_vector END,
             scopes = CASE WHEN excluded.acked_hlc >= acked_hlc
                           THEN excluded.scopes ELSE scopes END,
             acked_hlc = max(acked_hlc, excluded.acked_hlc),
             last_in = excluded.last_in,
             last_in_at = excluded.last_in_at",
        params![
            inc.from.to_string(),
            inc.from_label,
            serde_json::to_string(inc.sender_vector)?,
            i64::try_from(inc.created_hlc).unwrap_or(i64::MAX),
            serde_json::to_string(inc.scopes)?,
            inc.bundle_id.to_string(),
            now
        ],
    )?;
    Ok(())
}

fn conflict_keys(conn: &Connection) -> Result<HashSet<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT entity, field FROM conflicts")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn count(conn: &Connection, sql: &str) -> Result<u64> {
    Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
}

/// A device's label, or a short form of its id when it never announced one.
pub(crate) fn device_label(conn: &Connection, device: &str) -> Result<String> {
    let label: Option<String> = conn
        .prepare_cached("SELECT label FROM devices WHERE id = ?1")?
        .query_row([device], |r| r.get(0))
        .optional()?;
    Ok(label
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| format!("device {}", crate::domain::short_id(device))))
}

/// The runs of seqs missing below the highest one held, for one series.
pub(crate) fn gaps(conn: &Connection, origin: &str, scope: &str) -> Result<Vec<(u64, u64)>> {
    let (n, max): (i64, i64) = conn
        .prepare_cached(
            "SELECT count(*), coalesce(max(seq), 0) FROM ops WHERE origin = ?1 AND scope = ?2",
        )?
        .query_row([origin, scope], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if n == max {
        return Ok(Vec::new());
    }
    let mut stmt =
        conn.prepare_cached("SELECT seq FROM ops WHERE origin = ?1 AND scope = ?2 ORDER BY seq")?;
    let mut rows = stmt.query([origin, scope])?;
    let mut out = Vec::new();
    let mut expected = 1u64;
    while let Some(row) = rows.next()? {
        let seq = row.get::<_, i64>(0)? as u64;
        if seq > expected {
            out.push((expected, seq - 1));
        }
        expected = seq + 1;
    }
    Ok(out)
}
