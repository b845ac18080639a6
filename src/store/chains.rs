//! Feed chains in the database: every op stores `chain[seq]` of its (origin, scope) feed, so a
//! bundle's run can be checked to continue what is held and re-exported with the link before
//! it; signed heads received are kept so a relay forwards the origin's signature.

use rusqlite::{Connection, OptionalExtension, params};

use super::error::{Result, StoreError};
use crate::oplog::chain;
use crate::oplog::heads::SignedHead;

/// Schema 4's step: the chain of every op held, feed by feed in seq order. A feed with a gap
/// (its ops before the gap not held) gets no links after the gap: they are unknown.
pub(crate) fn backfill(conn: &Connection) -> Result<()> {
    let mut read = conn
        .prepare("SELECT rowid, origin, scope, seq, sha256 FROM ops ORDER BY origin, scope, seq")?;
    let mut write = conn.prepare("UPDATE ops SET chain = ?2 WHERE rowid = ?1")?;
    let mut rows = read.query([])?;
    let mut feed: Option<(String, String)> = None;
    let mut link: Option<[u8; 32]> = None;
    let mut last_seq = 0i64;
    while let Some(row) = rows.next()? {
        let rowid: i64 = row.get(0)?;
        let key = (row.get::<_, String>(1)?, row.get::<_, String>(2)?);
        let seq: i64 = row.get(3)?;
        let hash = hash32(&row.get::<_, Vec<u8>>(4)?)?;
        if feed.as_ref() != Some(&key) {
            feed = Some(key);
            link = Some(chain::GENESIS);
            last_seq = 0;
        }
        link = link
            .filter(|_| seq == last_seq + 1)
            .map(|l| chain::next(&l, &hash));
        last_seq = seq;
        if let Some(l) = link {
            write.execute(params![rowid, l.as_slice()])?;
        }
    }
    Ok(())
}

fn hash32(bytes: &[u8]) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("an op hash is not 32 bytes".into()))
}

/// `chain[seq]` of a feed as this database knows it: from the op held at `seq`, or a link
/// learnt before a gap; `chain[0]` is the genesis link.
pub(crate) fn link(
    conn: &Connection,
    origin: &str,
    scope: &str,
    seq: u64,
) -> Result<Option<[u8; 32]>> {
    if seq == 0 {
        return Ok(Some(chain::GENESIS));
    }
    let seq = i64::try_from(seq).unwrap_or(i64::MAX);
    let held: Option<Option<Vec<u8>>> = conn
        .prepare_cached("SELECT chain FROM ops WHERE origin = ?1 AND scope = ?2 AND seq = ?3")?
        .query_row(params![origin, scope, seq], |r| r.get(0))
        .optional()?;
    let bytes = match held {
        Some(b) => b,
        None => conn
            .prepare_cached(
                "SELECT chain FROM feed_links WHERE origin = ?1 AND scope = ?2 AND seq = ?3",
            )?
            .query_row(params![origin, scope, seq], |r| r.get(0))
            .optional()?,
    };
    bytes.map(|b| hash32(&b)).transpose()
}

/// Remembers the link before a run that started after a gap.
pub(crate) fn remember_link(
    conn: &Connection,
    origin: &str,
    scope: &str,
    seq: u64,
    link: &[u8; 32],
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO feed_links (origin, scope, seq, chain) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        origin,
        scope,
        i64::try_from(seq).unwrap_or(i64::MAX),
        link.as_slice()
    ])?;
    Ok(())
}

/// Keeps a head signed by its origin, to forward when relaying its feed.
pub(crate) fn keep_head(conn: &Connection, head: &SignedHead) -> Result<()> {
    let chain = head.chain_bytes().ok_or_else(|| {
        StoreError::Invalid(
            crate::i18n::said::Said::new(crate::i18n::Msg::InvInternal)
                .with("what", "a feed head's link is malformed"),
        )
    })?;
    conn.prepare_cached(
        "INSERT OR IGNORE INTO feed_heads (origin, scope, seq, chain, signature)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        head.origin.to_string(),
        head.scope,
        i64::try_from(head.seq).unwrap_or(i64::MAX),
        chain.as_slice(),
        head.signature
    ])?;
    Ok(())
}

/// The newest kept head of a feed at or below `seq`.
pub(crate) fn head_at_or_below(
    conn: &Connection,
    origin: &str,
    scope: &str,
    seq: u64,
) -> Result<Option<SignedHead>> {
    let row: Option<(i64, Vec<u8>, String)> = conn
        .prepare_cached(
            "SELECT seq, chain, signature FROM feed_heads
             WHERE origin = ?1 AND scope = ?2 AND seq <= ?3 ORDER BY seq DESC LIMIT 1",
        )?
        .query_row(
            params![origin, scope, i64::try_from(seq).unwrap_or(i64::MAX)],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((seq, chain, signature)) = row else {
        return Ok(None);
    };
    let origin = crate::domain::DeviceId::parse(origin)
        .ok_or_else(|| StoreError::Corrupt(format!("device id {origin:?}")))?;
    Ok(Some(SignedHead {
        origin,
        scope: scope.to_string(),
        seq: seq as u64,
        chain: hex::encode(hash32(&chain)?),
        signature,
    }))
}

/// The ops whose stored link does not follow from the op before them: what `check` reports.
pub(crate) fn broken_links(conn: &Connection) -> Result<u64> {
    let mut stmt = conn
        .prepare("SELECT origin, scope, seq, sha256, chain FROM ops ORDER BY origin, scope, seq")?;
    let mut rows = stmt.query([])?;
    let mut broken = 0u64;
    // The op before, in the same walk: its feed, seq and stored link.
    type Prev = ((String, String), i64, Option<[u8; 32]>);
    let mut prev: Option<Prev> = None;
    while let Some(row) = rows.next()? {
        let key = (row.get::<_, String>(0)?, row.get::<_, String>(1)?);
        let seq: i64 = row.get(2)?;
        let hash = hash32(&row.get::<_, Vec<u8>>(3)?)?;
        let stored = row
            .get::<_, Option<Vec<u8>>>(4)?
            .map(|b| hash32(&b))
            .transpose()?;
        let before = match &prev {
            Some((k, s, link)) if *k == key && *s + 1 == seq => *link,
            _ if seq == 1 => Some(chain::GENESIS),
            _ => link(conn, &key.0, &key.1, (seq - 1) as u64)?,
        };
        if let (Some(before), Some(stored)) = (before, stored)
            && chain::next(&before, &hash) != stored
        {
            broken += 1;
        }
        prev = Some((key, seq, stored));
    }
    Ok(broken)
}

impl super::Store {
    /// `chain[seq]` of a feed as this database knows it (see [`link`]).
    pub fn feed_link(&self, origin: &str, scope: &str, seq: u64) -> Result<Option<[u8; 32]>> {
        link(self.conn(), origin, scope, seq)
    }

    /// The links learnt before gaps that fall inside `from..=to` of a feed.
    pub fn feed_links_between(
        &self,
        origin: &str,
        scope: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<(u64, [u8; 32])>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT seq, chain FROM feed_links WHERE origin = ?1 AND scope = ?2
             AND seq BETWEEN ?3 AND ?4",
        )?;
        let rows: Vec<(i64, Vec<u8>)> = stmt
            .query_map(
                params![
                    origin,
                    scope,
                    i64::try_from(from).unwrap_or(i64::MAX),
                    i64::try_from(to).unwrap_or(i64::MAX)
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(|(seq, chain)| Ok((seq as u64, hash32(&chain)?)))
            .collect()
    }

    /// The stored hash of an op, if it is held.
    pub fn op_hash(&self, id: crate::domain::OpId) -> Result<Option<[u8; 32]>> {
        let hash: Option<Vec<u8>> = self
            .conn()
            .prepare_cached("SELECT sha256 FROM ops WHERE op_id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?;
        hash.map(|h| hash32(&h)).transpose()
    }
}
