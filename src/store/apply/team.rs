//! Certificates and revocations: applied only when the team key of this database signed them,
//! the newest (issued, op id) of each device winning whatever order they arrive in. A device's
//! label and keys shown are its certificate's.

use rusqlite::{Connection, params};

use super::Outcome;
use crate::oplog::cert::{Certificate, Revocation};
use crate::oplog::op::Op;
use crate::store::error::Result;
use crate::store::settle::Effects;
use crate::store::team::team_of;

pub(super) fn certify(
    conn: &Connection,
    op: &Op,
    cert: &Certificate,
    _fx: &mut Effects,
) -> Result<Outcome> {
    let Some(team) = team_of(conn)? else {
        return Ok(Outcome::Invalid);
    };
    let Some(sign_pk) = cert.body.sign_pk_bytes() else {
        return Ok(Outcome::Invalid);
    };
    if !cert.verifies(&team.pk) || cert.body.device.0 != op.env.entity {
        return Ok(Outcome::Invalid);
    }
    let b = &cert.body;
    let device = b.device.to_string();
    let issued = i64::try_from(b.issued).unwrap_or(i64::MAX);
    let op_id = op.env.id.to_string();
    let changed = conn
        .prepare_cached(
            "INSERT INTO certificates (device, label, grids, role, sign_pk, age_pk, issued, op_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (device) DO UPDATE SET
                 label = excluded.label, grids = excluded.grids, role = excluded.role,
                 sign_pk = excluded.sign_pk, age_pk = excluded.age_pk,
                 issued = excluded.issued, op_id = excluded.op_id
             WHERE (excluded.issued, excluded.op_id) > (certificates.issued, certificates.op_id)",
        )?
        .execute(params![
            device,
            b.label,
            serde_json::to_string(&b.grids)?,
            b.role.code(),
            sign_pk.as_slice(),
            b.age_pk,
            issued,
            op_id
        ])?;
    if changed > 0 {
        conn.prepare_cached(
            "INSERT INTO devices (id, label, sign_pk, age_pk, first_seen, enrol_hlc)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)
             ON CONFLICT (id) DO UPDATE SET
                 label = excluded.label, sign_pk = excluded.sign_pk, age_pk = excluded.age_pk",
        )?
        .execute(params![
            device,
            b.label,
            sign_pk.as_slice(),
            b.age_pk,
            op.env.hlc as i64
        ])?;
    }
    Ok(Outcome::Applied)
}

pub(super) fn revoke(
    conn: &Connection,
    op: &Op,
    revocation: &Revocation,
    _fx: &mut Effects,
) -> Result<Outcome> {
    let Some(team) = team_of(conn)? else {
        return Ok(Outcome::Invalid);
    };
    if !revocation.verifies(&team.pk) || revocation.body.device.0 != op.env.entity {
        return Ok(Outcome::Invalid);
    }
    let b = &revocation.body;
    conn.prepare_cached(
        "INSERT INTO revocations (device, upto, issued, op_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (device) DO UPDATE SET
             upto = excluded.upto, issued = excluded.issued, op_id = excluded.op_id
         WHERE (excluded.issued, excluded.op_id) > (revocations.issued, revocations.op_id)",
    )?
    .execute(params![
        b.device.to_string(),
        serde_json::to_string(&b.upto)?,
        i64::try_from(b.issued).unwrap_or(i64::MAX),
        op.env.id.to_string()
    ])?;
    Ok(Outcome::Applied)
}
