//! The store's side of exchanging bundles: what this database holds (sender vectors), the ops a
//! peer lacks, peers and their acknowledged vectors, bundles sent, devices and their keys, and
//! the team's public keys.

use rusqlite::{OptionalExtension, params};

use super::error::{Result, StoreError};
use super::{Store, Writer};
use crate::domain::DeviceId;
use crate::oplog::op::{Body, DeviceEnrol, SCOPE_ALL};
use crate::oplog::vector::{Vector, held, in_scopes};

/// One (origin, scope) series of the log as held here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub origin: String,
    pub scope: String,
    pub count: u64,
    pub max: u64,
    /// The highest seq held with every seq before it.
    pub contiguous: u64,
}

/// A device known to this database (from its enrol op or a bundle it signed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub id: String,
    pub label: String,
    pub sign_pk: Option<Vec<u8>>,
    pub age_pk: Option<String>,
}

/// A device this one has imported from or exported to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peer {
    pub device: String,
    pub label: String,
    /// What the peer holds, from the newest bundle imported from it.
    pub acked: Vector,
    /// The grids it asked for (empty: all).
    pub scopes: Vec<String>,
    pub last_in: Option<String>,
    pub last_in_at: Option<i64>,
    pub last_out: Option<String>,
    pub last_out_at: Option<i64>,
}

pub use super::feeds::Run;

/// Which ops an export holds.
#[derive(Debug, Clone, Default)]
pub struct ExportPlan {
    /// Everything in the log.
    pub full: bool,
    /// For a delta: what the peer holds, and the scopes it asked for.
    pub acked: Vector,
    pub scopes: Vec<String>,
}

/// Where [`Store::export_ops`] streams ops.
pub trait OpSink {
    type Error: From<StoreError>;
    /// Called once, before the ops: this database's vector, the runs of feeds that follow (in
    /// that order) and how many ops they hold.
    fn begin(
        &mut self,
        vector: &Vector,
        runs: &[Run],
        count: u64,
    ) -> std::result::Result<(), Self::Error>;
    fn op(&mut self, raw: &[u8]) -> std::result::Result<(), Self::Error>;
}

/// A bundle written by this device.
#[derive(Debug, Clone)]
pub struct ExportRecord<'a> {
    pub bundle_id: String,
    pub to: Option<String>,
    pub kind: &'a str,
    pub sha256: [u8; 32],
    pub path: String,
    pub op_count: u64,
}

impl Store {
    pub fn config_dir(&self) -> &std::path::Path {
        &self.config_dir
    }

    /// The clock value of this device's latest op or import.
    pub fn last_hlc(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT hlc_last FROM device_self", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }

    /// Every series of the log with how much of it is held.
    pub fn holdings(&self) -> Result<Vec<Series>> {
        series(self.conn())
    }

    /// What this database holds, as a sender vector.
    pub fn vector(&self) -> Result<Vector> {
        Ok(to_vector(&self.holdings()?))
    }

    /// Every gap in the log: (origin, scope, from seq, to seq).
    pub fn all_gaps(&self) -> Result<Vec<(String, String, u64, u64)>> {
        let mut out = Vec::new();
        for s in self.holdings()? {
            if s.count != s.max {
                for (a, b) in super::import::gaps(self.conn(), &s.origin, &s.scope)? {
                    out.push((s.origin.clone(), s.scope.clone(), a, b));
                }
            }
        }
        Ok(out)
    }

    /// Streams the ops of an export from one consistent snapshot: the sink is told this
    /// database's vector and the runs of feeds to send, then gets every op's stored bytes, run
    /// by run in seq order. Returns how many ops the peer lacks but no signed head covers.
    pub fn export_ops<S: OpSink>(
        &mut self,
        plan: &ExportPlan,
        sink: &mut S,
    ) -> std::result::Result<u64, S::Error> {
        let own = self.device().to_string();
        let tx = self.conn.transaction().map_err(StoreError::from)?;
        let holdings = series(&tx)?;
        let vector = to_vector(&holdings);
        let (runs, left_out) = super::feeds::plan(&tx, &own, plan, &holdings)?;
        let count: u64 = runs.iter().map(Run::len).sum();
        sink.begin(&vector, &runs, count)?;
        // The runs are merged by clock: the bundle keeps the order the changes were made in
        // (which is the order they apply best in), each feed's ops still in seq order (a
        // device's clock only goes forward along its feed).
        let mut statements = Vec::with_capacity(runs.len());
        for _ in &runs {
            statements.push(
                tx.prepare(
                    "SELECT hlc, raw FROM ops
                     WHERE origin = ?1 AND scope = ?2 AND seq BETWEEN ?3 AND ?4 ORDER BY seq",
                )
                .map_err(StoreError::from)?,
            );
        }
        let mut cursors = Vec::with_capacity(runs.len());
        for (stmt, run) in statements.iter_mut().zip(&runs) {
            cursors.push(
                stmt.query(params![
                    run.origin,
                    run.scope,
                    run.from_seq as i64,
                    run.to_seq as i64
                ])
                .map_err(StoreError::from)?,
            );
        }
        let mut heads: std::collections::BinaryHeap<std::cmp::Reverse<(i64, usize, Vec<u8>)>> =
            std::collections::BinaryHeap::with_capacity(cursors.len());
        let next = |rows: &mut rusqlite::Rows<'_>| -> Result<Option<(i64, Vec<u8>)>> {
            Ok(match rows.next()? {
                Some(row) => Some((row.get(0)?, row.get(1)?)),
                None => None,
            })
        };
        for (i, rows) in cursors.iter_mut().enumerate() {
            if let Some((hlc, raw)) = next(rows)? {
                heads.push(std::cmp::Reverse((hlc, i, raw)));
            }
        }
        while let Some(std::cmp::Reverse((_, i, raw))) = heads.pop() {
            sink.op(&raw)?;
            if let Some(rows) = cursors.get_mut(i)
                && let Some((hlc, raw)) = next(rows)?
            {
                heads.push(std::cmp::Reverse((hlc, i, raw)));
            }
        }
        Ok(left_out)
    }

    /// Records a bundle this device wrote, and when it last exported to that peer.
    pub fn record_export(&mut self, rec: &ExportRecord<'_>) -> Result<()> {
        let now = self.clock.now_ms();
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO bundles_out (bundle_id, to_device, kind, sha256, path, op_count, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                rec.bundle_id,
                rec.to,
                rec.kind,
                rec.sha256.as_slice(),
                rec.path,
                rec.op_count as i64,
                now
            ],
        )?;
        // The status line counts local changes since the last export.
        tx.execute("UPDATE device_self SET unsynced = 0", [])?;
        if let Some(to) = &rec.to {
            let label = super::import::device_label(&tx, to)?;
            tx.execute(
                "INSERT INTO peers (device, label, last_out, last_out_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (device) DO UPDATE SET last_out = excluded.last_out,
                     last_out_at = excluded.last_out_at",
                params![to, label, rec.bundle_id, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn peers(&self) -> Result<Vec<Peer>> {
        let mut stmt = self.conn().prepare(
            "SELECT device, label, acked_vector, scopes, last_in, last_in_at, last_out, last_out_at
             FROM peers ORDER BY label, device",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(
                |(device, label, acked, scopes, last_in, last_in_at, last_out, last_out_at)| {
                    Ok(Peer {
                        device,
                        label,
                        acked: serde_json::from_str(&acked)?,
                        scopes: serde_json::from_str(&scopes)?,
                        last_in,
                        last_in_at,
                        last_out,
                        last_out_at,
                    })
                },
            )
            .collect()
    }

    /// Every device this database knows, this one included.
    pub fn devices(&self) -> Result<Vec<DeviceRow>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT id, label, sign_pk, age_pk FROM devices ORDER BY label, id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(DeviceRow {
                    id: r.get(0)?,
                    label: r.get(1)?,
                    sign_pk: r.get(2)?,
                    age_pk: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn device_keys(&self, device: DeviceId) -> Result<Option<DeviceRow>> {
        Ok(self
            .devices()?
            .into_iter()
            .find(|d| d.id == device.to_string()))
    }

    /// How many ops in the log the peer lacks (within the scopes it asked for).
    pub fn unsynced_for(&self, peer: &Peer) -> Result<u64> {
        let mut n = 0;
        for s in self.holdings()? {
            if !in_scopes(&peer.scopes, &s.scope) {
                continue;
            }
            let from = held(&peer.acked, &s.origin, &s.scope);
            if from < s.max {
                n += self
                    .conn()
                    .prepare_cached(
                        "SELECT count(*) FROM ops WHERE origin = ?1 AND scope = ?2 AND seq > ?3",
                    )?
                    .query_row(params![s.origin, s.scope, from as i64], |r| {
                        r.get::<_, i64>(0)
                    })? as u64;
            }
        }
        Ok(n)
    }

    /// The public keys exports are encrypted to, as (label, age key).
    pub fn team_keys(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT label, age_pk FROM team_keys ORDER BY label")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Adds (or relabels) a public key exports are encrypted to.
    pub fn add_team_key(&mut self, label: &str, age_pk: &str) -> Result<()> {
        let label = label.trim();
        if label.is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvPeerLabel,
            )));
        }
        let now = self.clock.now_ms();
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM team_keys WHERE age_pk = ?1 OR label = ?2",
            params![age_pk, label],
        )?;
        tx.execute(
            "INSERT INTO team_keys (label, age_pk, added_at) VALUES (?1, ?2, ?3)",
            params![label, age_pk, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a team key by label; returns whether one was removed.
    pub fn remove_team_key(&mut self, label: &str) -> Result<bool> {
        Ok(self
            .conn
            .execute("DELETE FROM team_keys WHERE label = ?1", [label.trim()])?
            > 0)
    }
}

impl Writer<'_> {
    /// Announces this device's public keys in a `device.enrol` op, so peers learn them.
    pub fn announce_keys(&mut self, label: &str, sign_pk: &[u8; 32], age_pk: &str) -> Result<()> {
        let device = self.device();
        let body = Body::DeviceEnrol(DeviceEnrol {
            label: label.to_string(),
            sign_pk: Some(hex::encode(sign_pk)),
            age_pk: Some(age_pk.to_string()),
        });
        self.append(SCOPE_ALL, device.0, Vec::new(), body)?;
        // A device that made new keys (its key file was lost) signs with the new one.
        self.conn().execute(
            "UPDATE devices SET sign_pk = ?2 WHERE id = ?1",
            params![device.to_string(), sign_pk.as_slice()],
        )?;
        Ok(())
    }
}

fn series(conn: &rusqlite::Connection) -> Result<Vec<Series>> {
    let mut stmt = conn.prepare_cached(
        "SELECT origin, scope, count(*), max(seq) FROM ops GROUP BY origin, scope",
    )?;
    let rows: Vec<(String, String, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (origin, scope, count, max) in rows {
        let contiguous = if count == max {
            max as u64
        } else {
            super::import::gaps(conn, &origin, &scope)?
                .first()
                .map_or(max as u64, |g| g.0 - 1)
        };
        out.push(Series {
            origin,
            scope,
            count: count as u64,
            max: max as u64,
            contiguous,
        });
    }
    Ok(out)
}

fn to_vector(holdings: &[Series]) -> Vector {
    let mut v = Vector::new();
    for s in holdings.iter().filter(|s| s.contiguous > 0) {
        v.entry(s.origin.clone())
            .or_default()
            .insert(s.scope.clone(), s.contiguous);
    }
    v
}

impl Store {
    /// The device row of a peer named by label, id or id prefix (at least 4 characters).
    pub fn find_device(&self, name: &str) -> Result<Vec<DeviceRow>> {
        let name = name.trim();
        let own = self.device().to_string();
        let all: Vec<DeviceRow> = self
            .devices()?
            .into_iter()
            .filter(|d| d.id != own)
            .collect();
        let exact: Vec<DeviceRow> = all
            .iter()
            .filter(|d| d.id == name || d.label == name)
            .cloned()
            .collect();
        if !exact.is_empty() {
            return Ok(exact);
        }
        if name.chars().count() >= 4 {
            // The start of an id, or its end as short ids show it.
            let bare = name.to_ascii_lowercase();
            let prefix: Vec<DeviceRow> = all
                .iter()
                .filter(|d| d.id.starts_with(&bare) || d.id.replace('-', "").ends_with(&bare))
                .cloned()
                .collect();
            if !prefix.is_empty() {
                return Ok(prefix);
            }
        }
        // A team key's label names the device that announced that key.
        let key: Option<String> = self
            .conn()
            .query_row(
                "SELECT age_pk FROM team_keys WHERE label = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        Ok(match key {
            Some(k) => all
                .into_iter()
                .filter(|d| d.age_pk.as_deref() == Some(k.as_str()))
                .collect(),
            None => Vec::new(),
        })
    }

    /// The peer record of a device, or an empty one (it holds nothing we know of).
    pub fn peer(&self, device: &str) -> Result<Peer> {
        Ok(self
            .peers()?
            .into_iter()
            .find(|p| p.device == device)
            .unwrap_or_else(|| Peer {
                device: device.to_string(),
                label: String::new(),
                acked: Vector::new(),
                scopes: Vec::new(),
                last_in: None,
                last_in_at: None,
                last_out: None,
                last_out_at: None,
            }))
    }
}
