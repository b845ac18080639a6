//! What the op log says about one household or member, read when a roster row differs from it:
//! the base of each field (the value the newest roster import wrote, on this device or any
//! other) and, for every op that wrote its fields, what made it. Derived from the ops alone, so
//! it is the same after `gridbook check`'s rebuild and on every device that holds the ops.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::{Value, json};

use super::super::error::Result;
use crate::domain::OpId;
use crate::oplog::op::{Body, Op, Via};

/// One op that wrote fields of the entity.
#[derive(Debug, Clone)]
pub struct OpInfo {
    pub hlc: u64,
    pub origin: String,
    pub via: Option<Via>,
    /// The entity's creation (it wrote every field).
    pub create: bool,
    /// The field a set wrote.
    pub field: Option<String>,
    pub pred: Vec<OpId>,
    /// A roster import's write of a merged value (it carries the roster's own as `listed`).
    pub merged: bool,
}

/// The value the newest roster import wrote to a field, and its op.
#[derive(Debug, Clone)]
pub struct Base {
    pub op: OpId,
    pub value: Value,
    hlc: u64,
    origin: String,
}

#[derive(Debug, Default)]
pub struct History {
    pub create: Option<OpId>,
    pub ops: HashMap<OpId, OpInfo>,
    bases: HashMap<String, Base>,
}

impl History {
    pub fn load(conn: &Connection, entity: uuid::Uuid) -> Result<Self> {
        let mut stmt = conn.prepare_cached(
            "SELECT raw FROM ops WHERE entity = ?1 AND state = 0
               AND type IN ('household.create', 'household.set', 'member.create', 'member.set')
             ORDER BY rowid",
        )?;
        let raws: Vec<Vec<u8>> = stmt
            .query_map([entity.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut h = Self::default();
        for raw in raws {
            let op = Op::from_raw(raw)?;
            let e = &op.env;
            let mut info = OpInfo {
                hlc: e.hlc,
                origin: e.origin.to_string(),
                via: None,
                create: false,
                field: None,
                pred: e.pred.clone(),
                merged: false,
            };
            let written: Vec<(String, Value)> = match &op.body {
                Some(Body::HouseholdCreate(c)) => {
                    info.create = true;
                    info.via = c.via.as_deref().and_then(Via::from_code);
                    vec![
                        ("grid".into(), json!(c.grid)),
                        ("compound".into(), json!(c.compound)),
                        ("building".into(), json!(c.building)),
                        ("unit".into(), json!(c.unit)),
                        ("room".into(), json!(c.room)),
                        ("household_no".into(), json!(c.household_no)),
                    ]
                }
                Some(Body::MemberCreate(c)) => {
                    info.create = true;
                    info.via = c.via.as_deref().and_then(Via::from_code);
                    vec![
                        ("name".into(), json!(c.name)),
                        ("relation".into(), json!(c.relation.code())),
                        ("gender".into(), json!(c.gender)),
                        ("birth".into(), json!(c.birth.map(|d| d.to_string()))),
                        ("id_number".into(), json!(c.id_number)),
                        ("phone".into(), json!(c.phone)),
                        ("tags".into(), json!(c.tags)),
                        ("note".into(), json!(c.note)),
                        ("household".into(), json!(c.household.to_string())),
                    ]
                }
                Some(Body::HouseholdSet(s) | Body::MemberSet(s)) => {
                    info.via = s.via.as_deref().and_then(Via::from_code);
                    info.field = Some(s.field.clone());
                    info.merged = s.listed.is_some();
                    let listed = s.listed.clone().unwrap_or_else(|| s.value.clone());
                    vec![(s.field.clone(), listed)]
                }
                _ => continue,
            };
            if info.create {
                h.create = Some(e.id);
            }
            if info.via == Some(Via::Roster) {
                for (field, value) in written {
                    h.note_base(field, e.id, value, e.hlc, &info.origin);
                }
            }
            h.ops.insert(e.id, info);
        }
        Ok(h)
    }

    /// The newest roster write wins, by (hlc, origin) as the register shows values.
    fn note_base(&mut self, field: String, op: OpId, value: Value, hlc: u64, origin: &str) {
        let newer = self
            .bases
            .get(&field)
            .is_none_or(|b| (hlc, origin) > (b.hlc, b.origin.as_str()));
        if newer {
            self.bases.insert(
                field,
                Base {
                    op,
                    value,
                    hlc,
                    origin: origin.to_string(),
                },
            );
        }
    }

    /// The base of `field`: `None` when no roster import wrote it.
    pub fn base(&self, field: &str) -> Option<&Base> {
        self.bases.get(field)
    }

    /// The op to credit for the value `op` wrote: `op` itself, or for a roster import's merge
    /// of a tag set, the newest change of the field it merged.
    pub fn credit(&self, op: OpId) -> Option<(OpId, &OpInfo)> {
        let mut at = op;
        for _ in 0..64 {
            let info = self.ops.get(&at)?;
            if !(info.merged && info.via == Some(Via::Roster)) {
                return Some((at, info));
            }
            let earlier = info
                .pred
                .iter()
                .filter_map(|p| self.ops.get(p).map(|i| (*p, i)))
                .filter(|(_, i)| i.create || i.field == info.field)
                .max_by_key(|(_, i)| i.hlc);
            match earlier {
                Some((p, _)) => at = p,
                None => return Some((at, info)),
            }
        }
        self.ops.get(&at).map(|i| (at, i))
    }
}
