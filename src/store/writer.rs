//! The one write path: every change becomes an op appended to the log and applied to the read
//! tables inside the same transaction.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::apply::Outcome;
use super::clock::{Clock, IdSource};
use super::error::{Result, StoreError};
use super::settle::{Effects, Woken, settle};
use crate::domain::{DeviceId, OpId};
use crate::oplog::hlc;
use crate::oplog::op::{Body, Header, Op, Via};

pub struct Writer<'s> {
    tx: Transaction<'s>,
    device: DeviceId,
    author: &'s str,
    clock: &'s dyn Clock,
    ids: &'s mut IdSource,
    hlc: u64,
    /// Per scope: the last seq this device numbered and its feed link.
    seqs: HashMap<String, (u64, [u8; 32])>,
    /// Changes appended in this transaction (device enrolment not counted).
    appended: i64,
    /// Where the changes of this transaction are made, recorded on the ops that write fields.
    via: Option<Via>,
}

impl<'s> Writer<'s> {
    pub(super) fn new(
        tx: Transaction<'s>,
        device: DeviceId,
        author: &'s str,
        clock: &'s dyn Clock,
        ids: &'s mut IdSource,
        hlc: u64,
    ) -> Self {
        Self {
            tx,
            device,
            author,
            clock,
            ids,
            hlc,
            seqs: HashMap::new(),
            appended: 0,
            via: None,
        }
    }

    pub(super) fn commit(self) -> Result<()> {
        self.tx.execute(
            "UPDATE device_self SET hlc_last = ?1, unsynced = unsynced + ?2",
            [i64::try_from(self.hlc).unwrap_or(i64::MAX), self.appended],
        )?;
        self.tx.commit()?;
        Ok(())
    }

    pub(super) fn rollback(self) -> Result<()> {
        self.tx.rollback()?;
        Ok(())
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }

    /// The device this writer writes as.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// Unix milliseconds now.
    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// The local date and time now.
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now_local()
    }

    /// Records where the rest of this transaction's changes are made (the visit form, the
    /// member form …), on every op it writes that adds a household or member or sets a field.
    pub fn mark(&mut self, via: Via) {
        self.via = Some(via);
    }

    /// The code of [`Writer::mark`] for an op's `via`.
    pub(crate) fn via_code(&self) -> Option<String> {
        self.via.map(|v| v.code().to_string())
    }

    /// Runs `f` with the changes marked `via`, then restores the mark.
    pub(crate) fn marked<T>(&mut self, via: Via, f: impl FnOnce(&mut Self) -> T) -> T {
        let before = self.via.replace(via);
        let out = f(self);
        self.via = before;
        out
    }

    /// The local date of a clock value, by this device's clock.
    pub(crate) fn local_date(&self, hlc: u64) -> chrono::NaiveDate {
        let ms = hlc::millis(hlc);
        (self.clock.now_local()
            - chrono::TimeDelta::milliseconds(self.clock.now_ms().saturating_sub(ms)))
        .date()
    }

    /// A fresh UUIDv7 for a new entity.
    pub fn new_id(&mut self) -> Uuid {
        self.ids.next(self.clock.now_ms())
    }

    /// The next seq of this device's feed in `scope`, and the link before it.
    fn next_seq(&mut self, scope: &str) -> Result<(u64, [u8; 32])> {
        if let Some((last, link)) = self.seqs.get(scope) {
            return Ok((last + 1, *link));
        }
        let last: Option<(i64, Option<Vec<u8>>)> = self
            .tx
            .prepare_cached(
                "SELECT seq, chain FROM ops WHERE origin = ?1 AND scope = ?2
                 ORDER BY seq DESC LIMIT 1",
            )?
            .query_row(params![self.device.to_string(), scope], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match last {
            None => Ok((1, crate::oplog::chain::GENESIS)),
            Some((seq, Some(link))) => {
                let link: [u8; 32] = link
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("a feed link is not 32 bytes".into()))?;
                Ok((seq as u64 + 1, link))
            }
            Some((_, None)) => Err(StoreError::Corrupt(format!(
                "this device's own changes in {scope} have a gap; run `gridbook check`"
            ))),
        }
    }

    /// Appends one op and applies it. A local op must apply: anything else is refused and the
    /// whole transaction rolls back.
    pub(crate) fn append(
        &mut self,
        scope: &str,
        entity: Uuid,
        pred: Vec<OpId>,
        body: Body,
    ) -> Result<OpId> {
        self.hlc = hlc::tick(self.hlc, self.clock.now_ms());
        let id = OpId(self.ids.next(hlc::millis(self.hlc)));
        let (seq, before) = self.next_seq(scope)?;
        let op = Op::new(
            Header {
                id,
                origin: self.device,
                scope: scope.to_string(),
                seq,
                hlc: self.hlc,
                author: self.author.to_string(),
                entity,
                pred,
            },
            body,
        )?;
        let link = crate::oplog::chain::next(&before, &op.sha256);
        self.seqs.insert(scope.to_string(), (seq, link));
        insert_op(
            &self.tx,
            &op,
            Outcome::Applied,
            None,
            self.clock.now_ms(),
            Some(&link),
        )?;
        if !matches!(op.body, Some(Body::DeviceEnrol(_))) {
            self.appended += 1;
        }
        match settle(
            &self.tx,
            &op,
            &mut Woken::default(),
            &mut Effects::immediate(),
        )? {
            Outcome::Applied => Ok(id),
            other => Err(StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvInternal).with(
                    "what",
                    format!(
                        "{} on {entity} could not be applied ({other:?})",
                        op.env.kind
                    ),
                ),
            )),
        }
    }
}

/// Inserts an op into the log with its preds and its feed link.
pub(crate) fn insert_op(
    conn: &Connection,
    op: &Op,
    outcome: Outcome,
    bundle: Option<&str>,
    received_ms: i64,
    chain: Option<&[u8; 32]>,
) -> Result<()> {
    let e = &op.env;
    conn.prepare_cached(
        "INSERT INTO ops (op_id, origin, scope, seq, hlc, type, entity, raw, sha256, state, bundle,
             received_at, chain)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        e.id.to_string(),
        e.origin.to_string(),
        e.scope,
        e.seq as i64,
        e.hlc as i64,
        e.kind,
        e.entity.to_string(),
        op.raw,
        op.sha256.as_slice(),
        outcome.state(),
        bundle,
        received_ms,
        chain.map(|c| c.as_slice())
    ])?;
    link_preds(conn, op)
}

/// Records the ops an op supersedes.
pub(crate) fn link_preds(conn: &Connection, op: &Op) -> Result<()> {
    let mut pred =
        conn.prepare_cached("INSERT OR IGNORE INTO op_pred (op_id, pred_id) VALUES (?1, ?2)")?;
    for p in &op.env.pred {
        pred.execute(params![op.env.id.to_string(), p.to_string()])?;
    }
    Ok(())
}
