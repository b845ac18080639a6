//! Devices: what a device says of itself (its label and public keys) in a `device.enrol` op.

use rusqlite::{Connection, params};

use super::Outcome;
use crate::oplog::op::{DeviceEnrol, Op};
use crate::store::error::Result;
use crate::store::settle::Effects;

pub(super) fn enrol(
    conn: &Connection,
    op: &Op,
    d: &DeviceEnrol,
    _fx: &mut Effects,
) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    let hlc = op.env.hlc as i64;
    // A device enrols itself only: an enrol op about another device is a forgery.
    if op.env.entity != op.env.origin.0 {
        return Ok(Outcome::Invalid);
    }
    // The label and keys shown are those of the device's certificate once it has one (only the
    // team key changes them); before that, of its latest enrol op, a signing key once known
    // being kept.
    conn.prepare_cached(
        "INSERT INTO devices (id, label, sign_pk, age_pk, first_seen, enrol_hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)
         ON CONFLICT (id) DO UPDATE SET
             label = CASE WHEN excluded.enrol_hlc > enrol_hlc THEN excluded.label ELSE label END,
             age_pk = CASE WHEN excluded.enrol_hlc > enrol_hlc AND excluded.age_pk IS NOT NULL
                           THEN excluded.age_pk ELSE age_pk END,
             sign_pk = coalesce(sign_pk, excluded.sign_pk),
             enrol_hlc = max(enrol_hlc, excluded.enrol_hlc)
         WHERE NOT EXISTS (SELECT 1 FROM certificates c WHERE c.device = excluded.id)",
    )?
    .execute(params![
        entity,
        d.label,
        d.sign_pk
            .as_deref()
            .and_then(|k| hex::decode(k).ok())
            .filter(|k| k.len() == 32),
        d.age_pk,
        hlc
    ])?;
    Ok(Outcome::Applied)
}
