//! The "to review" list of the sync tab: open conflicts, possible duplicate households, invalid
//! request transitions, parked changes, and flagged cases (an archive racing an edit, concurrent
//! amendments of a visit, clocks that are off). The writes that settle them are
//! [`Writer::resolve_conflict`](super::Writer::resolve_conflict),
//! [`Writer::merge_households`](super::Writer::merge_households),
//! [`Writer::resolve_visit_fork`](super::Writer::resolve_visit_fork) and [`Store::dismiss`].

use chrono::{NaiveDateTime, TimeDelta};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use uuid::Uuid;

use super::error::{Result, StoreError};
use super::fields::EntityKind;
pub use super::flags::{Flag, VisitHead};
use super::import::device_label;
use super::{Store, parse_dt};
use crate::domain::{HouseholdId, OpId, RequestId, Stage, Status};
use crate::oplog::hlc;

/// Everything waiting for a person to look at it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Review {
    pub conflicts: Vec<OpenConflict>,
    pub duplicates: Vec<DuplicatePair>,
    pub invalid_transitions: Vec<InvalidTransition>,
    pub parked: Vec<ParkedOp>,
    pub flags: Vec<Flag>,
}

impl Review {
    pub fn len(&self) -> usize {
        self.conflicts.len()
            + self.duplicates.len()
            + self.invalid_transitions.len()
            + self.parked.len()
            + self.flags.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One of the values a field in conflict holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictHead {
    pub op: OpId,
    pub value: Value,
    pub author: String,
    pub device: String,
    pub device_label: String,
    pub hlc: u64,
    /// When it was written, by the writer's clock, in local time.
    pub at: NaiveDateTime,
    /// The value shown until the conflict is resolved (greatest (hlc, device)).
    pub shown: bool,
}

/// A field whose heads hold different values.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenConflict {
    pub entity: Uuid,
    pub kind: EntityKind,
    /// The household it belongs to (for a member or request, the one it is listed under).
    pub household: Option<HouseholdId>,
    pub field: String,
    /// Shown value first.
    pub heads: Vec<ConflictHead>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuplicateReason {
    /// The same normalised address (as displayed).
    SameAddress(String),
    /// The same head ID number (unmasked: mask it on screen as everywhere).
    SameHeadIdNumber(String),
}

/// Two households that may be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicatePair {
    /// The older of the two (created first).
    pub a: HouseholdId,
    pub b: HouseholdId,
    pub reason: DuplicateReason,
}

impl DuplicatePair {
    /// The key under which "not duplicates" is remembered.
    pub fn key(&self) -> String {
        let (x, y) = if self.a.0 < self.b.0 {
            (self.a, self.b)
        } else {
            (self.b, self.a)
        };
        format!("{x}|{y}")
    }
}

/// A request step that does not follow the lifecycle: stored, not applied.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidTransition {
    pub op: OpId,
    pub request: RequestId,
    pub household: HouseholdId,
    pub summary: String,
    pub from: Stage,
    pub to: Status,
    pub round: u32,
    pub author: String,
    pub at: NaiveDateTime,
    /// Where the request stands.
    pub current: Stage,
}

/// A change waiting for its parent.
#[derive(Debug, Clone, PartialEq)]
pub struct ParkedOp {
    pub op: OpId,
    pub kind: String,
    pub entity: Uuid,
    /// The household, request or visit version (op id) it waits for.
    pub waits_for: Uuid,
    pub device: String,
    pub device_label: String,
    pub author: String,
    pub received_at: NaiveDateTime,
}

/// What a dismissed item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dismissal {
    Duplicate,
    InvalidTransition,
    Flag,
}

impl Dismissal {
    fn code(self) -> &'static str {
        match self {
            Self::Duplicate => "duplicate",
            Self::InvalidTransition => "invalid",
            Self::Flag => "flag",
        }
    }
}

impl Store {
    /// The whole review list.
    pub fn review(&self) -> Result<Review> {
        Ok(Review {
            conflicts: self.open_conflicts()?,
            duplicates: self.duplicate_households()?,
            invalid_transitions: self.invalid_transitions()?,
            parked: self.parked_ops()?,
            flags: self.flags()?,
        })
    }

    /// A Unix-ms time in the local time of this store's clock.
    pub fn local_from_ms(&self, ms: i64) -> NaiveDateTime {
        let clock = self.clock();
        clock.now_local() - TimeDelta::milliseconds(clock.now_ms().saturating_sub(ms))
    }

    pub(crate) fn local_from_hlc(&self, hlc: u64) -> NaiveDateTime {
        self.local_from_ms(hlc::millis(hlc))
    }

    pub fn open_conflicts(&self) -> Result<Vec<OpenConflict>> {
        let keys: Vec<(String, String)> = self
            .conn()
            .prepare("SELECT entity, field FROM conflicts ORDER BY entity, field")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for (entity, field) in keys {
            let (kind, household) = self.entity_kind(&entity)?;
            let mut stmt = self.conn().prepare_cached(
                "SELECT f.op_id, f.value, f.hlc, f.origin, o.raw FROM field_heads f
                 JOIN ops o ON o.op_id = f.op_id
                 WHERE f.entity = ?1 AND f.field = ?2
                 ORDER BY f.hlc DESC, f.origin DESC, f.op_id DESC",
            )?;
            let rows: Vec<(String, String, i64, String, Vec<u8>)> = stmt
                .query_map(params![entity, field], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            let mut heads = Vec::with_capacity(rows.len());
            for (i, (op, value, hlc, origin, raw)) in rows.into_iter().enumerate() {
                let author = crate::oplog::op::Op::from_raw(raw)?.env.author;
                heads.push(ConflictHead {
                    op: op_id(&op)?,
                    value: serde_json::from_str(&value)?,
                    author,
                    device_label: device_label(self.conn(), &origin)?,
                    device: origin,
                    hlc: hlc as u64,
                    at: self.local_from_hlc(hlc as u64),
                    shown: i == 0,
                });
            }
            out.push(OpenConflict {
                entity: uuid(&entity)?,
                kind,
                household,
                field,
                heads,
            });
        }
        Ok(out)
    }

    /// Which kind of entity an id names, and the household it is listed under.
    pub(crate) fn entity_kind(&self, entity: &str) -> Result<(EntityKind, Option<HouseholdId>)> {
        let household = |sql: &str| -> Result<Option<Option<String>>> {
            Ok(self
                .conn()
                .prepare_cached(sql)?
                .query_row([entity], |r| r.get(0))
                .optional()?)
        };
        if let Some(h) =
            household("SELECT coalesce(merged_into, id) FROM households WHERE id = ?1")?
        {
            return Ok((
                EntityKind::Household,
                h.and_then(|h| HouseholdId::parse(&h)),
            ));
        }
        if let Some(h) = household("SELECT household FROM members WHERE id = ?1")? {
            return Ok((EntityKind::Member, h.and_then(|h| HouseholdId::parse(&h))));
        }
        if let Some(h) = household("SELECT household FROM requests WHERE id = ?1")? {
            return Ok((EntityKind::Request, h.and_then(|h| HouseholdId::parse(&h))));
        }
        Err(StoreError::NotFound {
            kind: "household, member or request",
            id: entity.to_string(),
        })
    }

    /// Households that may be one: the same normalised address or the same head ID number.
    /// Archived, merged and dismissed pairs are left out.
    pub fn duplicate_households(&self) -> Result<Vec<DuplicatePair>> {
        let mut out = Vec::new();
        let groups: Vec<(String, String, String, String, String)> = self
            .conn()
            .prepare(
                "SELECT compound, building, unit, room,
                        group_concat(id, ',') FROM (SELECT * FROM households
                            WHERE merged_into IS NULL AND archived = 0
                              AND (compound <> '' OR building <> '' OR unit <> '' OR room <> '')
                            ORDER BY created_hlc, id)
                 GROUP BY compound, building, unit, room HAVING count(*) > 1",
            )?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (compound, building, unit, room, ids) in groups {
            let address = crate::domain::Address {
                compound,
                building,
                unit,
                room,
            }
            .display();
            pairs(&ids, DuplicateReason::SameAddress(address), &mut out);
        }
        let groups: Vec<(String, String)> = self
            .conn()
            .prepare(
                "SELECT id_number, group_concat(household, ',') FROM (
                     SELECT DISTINCT m.id_number, m.household, h.created_hlc FROM members m
                     JOIN households h ON h.id = m.household
                     WHERE m.relation = 'head' AND m.id_number IS NOT NULL AND m.id_number <> ''
                       AND m.status = 'present' AND h.merged_into IS NULL AND h.archived = 0
                     ORDER BY h.created_hlc, m.household)
                 GROUP BY id_number HAVING count(*) > 1",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (number, ids) in groups {
            pairs(&ids, DuplicateReason::SameHeadIdNumber(number), &mut out);
        }
        let dismissed = self.dismissed(Dismissal::Duplicate)?;
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|p| !dismissed.contains(&p.key()) && seen.insert(p.key()));
        Ok(out)
    }

    /// Request steps stored but not applied because they skip the lifecycle.
    pub fn invalid_transitions(&self) -> Result<Vec<InvalidTransition>> {
        let rows: Vec<[String; 8]> = self
            .conn()
            .prepare(
                "SELECT e.op_id, e.request, r.household, r.summary, e.from_status, e.to_status,
                        e.author, e.at
                 FROM request_events e JOIN requests r ON r.id = e.request
                 WHERE e.valid = 0 ORDER BY e.at, e.op_id",
            )?
            .query_map([], |r| {
                Ok([
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ])
            })?
            .collect::<rusqlite::Result<_>>()?;
        let dismissed = self.dismissed(Dismissal::InvalidTransition)?;
        let mut out = Vec::new();
        for [op, request, household, summary, from, to, author, at] in rows {
            if dismissed.contains(&op) {
                continue;
            }
            let (from_round, round): (i64, i64) = self.conn().query_row(
                "SELECT from_round, round FROM request_events WHERE op_id = ?1",
                [&op],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let request_id = RequestId(uuid(&request)?);
            let current = self
                .request(request_id)?
                .map(|r| r.stage)
                .ok_or_else(|| StoreError::Corrupt(format!("request {request}")))?;
            let status = |s: &str| {
                Status::from_code(s).ok_or_else(|| StoreError::Corrupt(format!("status {s:?}")))
            };
            out.push(InvalidTransition {
                op: op_id(&op)?,
                request: request_id,
                household: HouseholdId(uuid(&household)?),
                summary,
                from: Stage {
                    status: status(&from)?,
                    round: from_round as u32,
                },
                to: status(&to)?,
                round: round as u32,
                author,
                at: parse_dt(&at)?,
                current,
            });
        }
        Ok(out)
    }

    /// Changes waiting for a parent that has not arrived, oldest first.
    pub fn parked_ops(&self) -> Result<Vec<ParkedOp>> {
        let rows: Vec<ParkedRow> = self
            .conn()
            .prepare(
                "SELECT o.op_id, o.type, o.entity, p.waits_for, o.origin, o.received_at, o.raw
                 FROM parked p JOIN ops o ON o.op_id = p.op_id ORDER BY o.rowid",
            )?
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(rows.len());
        for (op, kind, entity, waits_for, origin, received, raw) in rows {
            out.push(ParkedOp {
                op: op_id(&op)?,
                kind,
                entity: uuid(&entity)?,
                waits_for: uuid(&waits_for)?,
                device_label: device_label(self.conn(), &origin)?,
                device: origin,
                author: crate::oplog::op::Op::from_raw(raw)?.env.author,
                received_at: self.local_from_ms(received),
            });
        }
        Ok(out)
    }

    /// Remembers that an item was looked at and set aside (local to this device).
    pub fn dismiss(&mut self, what: Dismissal, key: &str) -> Result<()> {
        let now = self.clock().now_ms();
        self.conn().execute(
            "INSERT OR REPLACE INTO review_dismissed (kind, item, dismissed_at) VALUES (?1, ?2, ?3)",
            params![what.code(), key, now],
        )?;
        Ok(())
    }

    pub(crate) fn dismissed(&self, what: Dismissal) -> Result<std::collections::HashSet<String>> {
        let rows = self
            .conn()
            .prepare_cached("SELECT item FROM review_dismissed WHERE kind = ?1")?
            .query_map([what.code()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// Pairs the first household of a group with each other one.
fn pairs(ids: &str, reason: DuplicateReason, out: &mut Vec<DuplicatePair>) {
    let ids: Vec<HouseholdId> = ids.split(',').filter_map(HouseholdId::parse).collect();
    if let Some((first, rest)) = ids.split_first() {
        for other in rest {
            out.push(DuplicatePair {
                a: *first,
                b: *other,
                reason: reason.clone(),
            });
        }
    }
}

/// op id, type, entity, waits for, origin, received at, raw.
type ParkedRow = (String, String, String, String, String, i64, Vec<u8>);

pub(crate) fn op_id(s: &str) -> Result<OpId> {
    OpId::parse(s).ok_or_else(|| StoreError::Corrupt(format!("op id {s:?}")))
}

pub(crate) fn uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| StoreError::Corrupt(format!("id {s:?}")))
}
