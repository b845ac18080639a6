//! The team in the database: which team this database belongs to (local, set by `team init` or
//! `team join`), the certificates and revocations the team key signed (maintained from the
//! `team.certify` and `team.revoke` ops, rebuilt by `check`), and the ops that carry them.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, params};

use super::Store;
use super::error::{Result, StoreError};
use super::writer::Writer;
use crate::domain::DeviceId;
use crate::oplog::cert::{Certificate, Revocation, Role};
use crate::oplog::op::{Body, SCOPE_ALL};

/// The team this database belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub pk: [u8; 32],
    pub name: String,
}

/// A device's newest certificate, as the tables hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertRow {
    pub device: DeviceId,
    pub label: String,
    pub grids: Vec<String>,
    pub role: Role,
    pub sign_pk: [u8; 32],
    pub age_pk: String,
    pub issued: u64,
    /// The op that carried it.
    pub op_id: String,
    /// Set when the device is revoked: the seqs per scope written before it.
    pub revoked_upto: Option<BTreeMap<String, u64>>,
}

impl CertRow {
    /// Whether the device may write ops of `kind` in `scope`.
    pub fn may_write(&self, scope: &str, kind: &str) -> bool {
        crate::oplog::cert::may_write(self.role, &self.grids, scope, kind)
    }
}

fn key32(bytes: Vec<u8>) -> Result<[u8; 32]> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("a stored key is not 32 bytes".into()))
}

pub(crate) fn team_of(conn: &rusqlite::Connection) -> Result<Option<Team>> {
    let row: Option<(Vec<u8>, String)> = conn
        .prepare_cached("SELECT team_pk, name FROM team WHERE id = 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    row.map(|(pk, name)| {
        Ok(Team {
            pk: key32(pk)?,
            name,
        })
    })
    .transpose()
}

impl Store {
    /// The team this database belongs to; `None` for a team of one (solo use, the demo).
    pub fn team(&self) -> Result<Option<Team>> {
        team_of(self.conn())
    }

    /// Every certified device with its newest certificate and any revocation.
    pub fn certificates(&self) -> Result<Vec<CertRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.device, c.label, c.grids, c.role, c.sign_pk, c.age_pk, c.issued, r.upto,
                    c.op_id
             FROM certificates c LEFT JOIN revocations r ON r.device = c.device
             ORDER BY c.role DESC, c.label, c.device",
        )?;
        type Row = (
            String,
            String,
            String,
            String,
            Vec<u8>,
            String,
            i64,
            Option<String>,
            String,
        );
        let rows: Vec<Row> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        rows.into_iter()
            .map(
                |(device, label, grids, role, sign_pk, age_pk, issued, upto, op_id)| {
                    Ok(CertRow {
                        device: DeviceId::parse(&device)
                            .ok_or_else(|| StoreError::Corrupt(format!("device id {device:?}")))?,
                        label,
                        grids: serde_json::from_str(&grids)?,
                        role: if role == "office" {
                            Role::Office
                        } else {
                            Role::Worker
                        },
                        sign_pk: key32(sign_pk)?,
                        age_pk,
                        issued: issued as u64,
                        op_id,
                        revoked_upto: upto.map(|u| serde_json::from_str(&u)).transpose()?,
                    })
                },
            )
            .collect()
    }

    /// The newest certificate of `device`, if it has one.
    pub fn certificate(&self, device: DeviceId) -> Result<Option<CertRow>> {
        Ok(self
            .certificates()?
            .into_iter()
            .find(|c| c.device == device))
    }

    /// The raw certificate ops this database holds for `device` (for a join file).
    pub fn certificate_of(&self, device: DeviceId) -> Result<Option<Certificate>> {
        let raw: Option<Vec<u8>> = self
            .conn()
            .prepare_cached(
                "SELECT o.raw FROM certificates c JOIN ops o ON o.op_id = c.op_id WHERE c.device = ?1",
            )?
            .query_row([device.to_string()], |r| r.get(0))
            .optional()?;
        match raw.map(|r| crate::oplog::op::parse_body(&r)).transpose()? {
            Some(Some(Body::TeamCertify(cert))) => Ok(Some(cert)),
            _ => Ok(None),
        }
    }

    /// The highest seq held from `device` in each scope (what a revocation lets stand).
    pub fn held_seqs(&self, device: DeviceId) -> Result<BTreeMap<String, u64>> {
        let mut stmt = self
            .conn()
            .prepare("SELECT scope, max(seq) FROM ops WHERE origin = ?1 GROUP BY scope")?;
        let rows = stmt
            .query_map([device.to_string()], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

impl Writer<'_> {
    /// Makes this database a member of `team` (local: never synced).
    pub fn set_team(&mut self, team: &Team) -> Result<()> {
        let now = self.now_ms();
        if let Some(current) = team_of(self.conn())?
            && current.pk != team.pk
        {
            return Err(StoreError::Invalid(
                crate::i18n::said::Said::new(crate::i18n::Msg::InvOtherTeam)
                    .with("name", &current.name),
            ));
        }
        self.conn().execute(
            "INSERT INTO team (id, team_pk, name, joined_at) VALUES (1, ?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name",
            params![team.pk.as_slice(), team.name, now],
        )?;
        Ok(())
    }

    /// Records a certificate signed by the team key, as a `team.certify` op.
    pub fn certify(&mut self, cert: &Certificate) -> Result<()> {
        let entity = cert.body.device.0;
        self.append(
            SCOPE_ALL,
            entity,
            Vec::new(),
            Body::TeamCertify(cert.clone()),
        )
        .map(|_| ())
    }

    /// Records a revocation signed by the team key, as a `team.revoke` op.
    pub fn revoke(&mut self, revocation: &Revocation) -> Result<()> {
        let entity = revocation.body.device.0;
        self.append(
            SCOPE_ALL,
            entity,
            Vec::new(),
            Body::TeamRevoke(revocation.clone()),
        )
        .map(|_| ())
    }
}

/// What kind of record an op is about, for finding the grid it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    Household,
    Member,
    Visit,
    Request,
}

impl Store {
    /// The grid of the household a held record belongs to (`None` if it is not held).
    pub fn grid_of(&self, kind: Held, id: uuid::Uuid) -> Result<Option<String>> {
        let sql = match kind {
            Held::Household => "SELECT grid FROM households WHERE id = ?1",
            Held::Member => {
                "SELECT h.grid FROM members m JOIN households h ON h.id = m.household WHERE m.id = ?1"
            }
            Held::Visit => {
                "SELECT h.grid FROM visits v JOIN households h ON h.id = v.household WHERE v.id = ?1"
            }
            Held::Request => {
                "SELECT h.grid FROM requests r JOIN households h ON h.id = r.household WHERE r.id = ?1"
            }
        };
        Ok(self
            .conn()
            .prepare_cached(sql)?
            .query_row([id.to_string()], |r| r.get(0))
            .optional()?)
    }
}
