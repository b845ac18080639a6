//! Applying an op to the tables the UI reads. Local writes, imports and `gridbook check`'s
//! rebuild all go through [`apply`], so the tables are a function of the op log.

use rusqlite::{Connection, OptionalExtension, params};

use super::error::{Result, StoreError};
use super::fields::{self, EntityKind};
use crate::domain::request::check_transition;
use crate::domain::{Stage, Status};
use crate::sync::op::{Body, FieldSet, Op, RequestOpen};

/// What became of an op.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Applied,
    /// Its parent (household, visit version, request) has not arrived yet.
    Parked,
    /// Its type is unknown to this version: stored and relayed, not applied.
    Unknown,
    /// Its payload breaks a rule (a field value of the wrong shape): stored, not applied.
    Invalid,
}

impl Outcome {
    /// The `ops.state` code.
    pub fn state(self) -> i64 {
        match self {
            Self::Applied => 0,
            Self::Parked => 1,
            Self::Unknown => 2,
            Self::Invalid => 3,
        }
    }
}

/// Applies `op` to the read tables. The op itself must already be in `ops`.
pub fn apply(conn: &Connection, op: &Op) -> Result<Outcome> {
    let Some(body) = &op.body else {
        return Ok(Outcome::Unknown);
    };
    let entity = op.env.entity.to_string();
    let hlc = op.env.hlc as i64;
    match body {
        Body::HouseholdCreate(h) => {
            if exists(conn, "households", &entity)? {
                return Ok(Outcome::Invalid);
            }
            conn.prepare_cached(
                "INSERT INTO households (id, create_op, grid, compound, building, unit, room,
                     household_no, note, archived, created_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10)",
            )?
            .execute(params![
                entity,
                op.env.id.to_string(),
                h.grid,
                h.compound,
                h.building,
                h.unit,
                h.room,
                h.household_no,
                h.note,
                hlc
            ])?;
        }
        Body::HouseholdSet(set) => return apply_set(conn, EntityKind::Household, op, set),
        Body::HouseholdMerge(m) => {
            if !exists(conn, "households", &entity)?
                || !exists(conn, "households", &m.into.to_string())?
            {
                return Ok(Outcome::Parked);
            }
            let set = FieldSet {
                field: "merged_into".into(),
                value: serde_json::Value::String(m.into.to_string()),
            };
            return apply_set(conn, EntityKind::Household, op, &set);
        }
        Body::MemberCreate(m) => {
            if exists(conn, "members", &entity)? {
                return Ok(Outcome::Invalid);
            }
            if !exists(conn, "households", &m.household.to_string())? {
                return Ok(Outcome::Parked);
            }
            let tags = serde_json::to_value(&m.tags)?;
            conn.prepare_cached(
                "INSERT INTO members (id, create_op, household, name, relation, gender, birth,
                     id_number, phone, tags, note, status, created_hlc)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'present', ?12)",
            )?
            .execute(params![
                entity,
                op.env.id.to_string(),
                m.household.to_string(),
                m.name,
                m.relation.code(),
                m.gender.map(gender_code),
                m.birth.map(|d| d.to_string()),
                m.id_number,
                m.phone,
                tags.to_string(),
                m.note,
                hlc
            ])?;
            fields::insert_member_tags(conn, &entity, &tags)?;
            refresh_members_summary(conn, &m.household.to_string())?;
        }
        Body::MemberSet(set) => {
            if set.field == "household"
                && let Some(target) = set.value.as_str()
                && !exists(conn, "households", target)?
            {
                return Ok(Outcome::Parked);
            }
            let before = member_household(conn, &entity)?;
            let outcome = apply_set(conn, EntityKind::Member, op, set)?;
            if outcome == Outcome::Applied {
                let after = member_household(conn, &entity)?;
                for household in before
                    .iter()
                    .chain(after.iter().filter(|a| Some(*a) != before.as_ref()))
                {
                    refresh_members_summary(conn, household)?;
                }
            }
            return Ok(outcome);
        }
        Body::VisitRecord(v) => {
            if v.id.0 != op.env.entity || exists(conn, "visits", &entity)? {
                return Ok(Outcome::Invalid);
            }
            if !exists(conn, "households", &v.household.to_string())? {
                return Ok(Outcome::Parked);
            }
            conn.prepare_cached(
                "INSERT INTO visits (id, household, first_version, current_version, at, day, mode,
                     visitor, versions, forked, voided)
                 VALUES (?1, ?2, ?3, ?3, '', '', '', '', 0, 0, 0)",
            )?
            .execute(params![
                entity,
                v.household.to_string(),
                op.env.id.to_string()
            ])?;
            insert_version(conn, op, None, "")?;
            refresh_visit(conn, &entity)?;
            refresh_last_visit(conn, &v.household.to_string())?;
        }
        Body::VisitAmend(a) => {
            if a.visit.id.0 != op.env.entity {
                return Ok(Outcome::Invalid);
            }
            if !version_exists(conn, &entity, &a.corrects.to_string())? {
                return Ok(Outcome::Parked);
            }
            insert_version(conn, op, Some(a.corrects.to_string()), &a.reason)?;
            refresh_visit(conn, &entity)?;
            refresh_last_visit(conn, &a.visit.household.to_string())?;
        }
        Body::VisitVoid(v) => {
            if !version_exists(conn, &entity, &v.corrects.to_string())? {
                return Ok(Outcome::Parked);
            }
            conn.prepare_cached("UPDATE visits SET voided = 1 WHERE id = ?1")?
                .execute([&entity])?;
            let household: String = conn
                .prepare_cached("SELECT household FROM visits WHERE id = ?1")?
                .query_row([&entity], |r| r.get(0))?;
            refresh_last_visit(conn, &household)?;
        }
        Body::RequestOpen(r) => return open_request(conn, op, r),
        Body::RequestSet(set) => {
            let outcome = apply_set(conn, EntityKind::Request, op, set)?;
            if outcome == Outcome::Applied {
                refresh_open_requests(conn, &entity)?;
            }
            return Ok(outcome);
        }
        Body::RequestTransition(t) => {
            let event = Event {
                to: t.to,
                round: t.round,
                from: t.from,
                at: super::dt(t.at),
                note: t.note.clone(),
                assignee: t.assignee.clone(),
                result: t.result.clone(),
                mediated: t.mediated,
                rating: None,
            };
            return request_event(conn, op, event);
        }
        Body::RequestFeedback(f) => {
            let event = Event {
                to: Status::FedBack,
                round: f.round,
                from: f.from,
                at: super::dt(f.at),
                note: f.text.clone(),
                assignee: None,
                result: None,
                mediated: None,
                rating: None,
            };
            return request_event(conn, op, event);
        }
        Body::RequestEvaluate(e) => {
            let event = Event {
                to: Status::Evaluated,
                round: e.round,
                from: e.from,
                at: super::dt(e.at),
                note: e.comment.clone(),
                assignee: None,
                result: None,
                mediated: None,
                rating: Some(e.rating.code().to_string()),
            };
            return request_event(conn, op, event);
        }
        Body::DeviceEnrol(d) => {
            conn.prepare_cached(
                "INSERT INTO devices (id, label, age_pk, first_seen) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (id) DO UPDATE SET label = excluded.label",
            )?
            .execute(params![entity, d.label, d.age_pk, hlc])?;
        }
    }
    Ok(Outcome::Applied)
}

fn gender_code(g: crate::domain::Gender) -> &'static str {
    match g {
        crate::domain::Gender::Male => "male",
        crate::domain::Gender::Female => "female",
    }
}

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    let sql = format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)");
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

fn apply_set(conn: &Connection, kind: EntityKind, op: &Op, set: &FieldSet) -> Result<Outcome> {
    if !exists(conn, kind.table(), &op.env.entity.to_string())? {
        return Ok(Outcome::Parked);
    }
    if !fields::value_fits(kind, &set.field, &set.value) {
        return Ok(Outcome::Invalid);
    }
    fields::apply_set(conn, kind, op, &set.field, &set.value)?;
    Ok(Outcome::Applied)
}

fn version_exists(conn: &Connection, visit: &str, version: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM visit_versions WHERE op_id = ?1 AND visit = ?2)",
        )?
        .query_row([version, visit], |r| r.get(0))?)
}

fn insert_version(
    conn: &Connection,
    op: &Op,
    corrects: Option<String>,
    reason: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO visit_versions (op_id, visit, corrects, reason, hlc, origin, author)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        op.env.id.to_string(),
        op.env.entity.to_string(),
        corrects,
        reason,
        op.env.hlc as i64,
        op.env.origin.to_string(),
        op.env.author
    ])?;
    Ok(())
}

/// The version shown is the newest (hlc, origin) of the versions no other version corrects;
/// two such versions mean concurrent amendments, flagged as a fork.
fn refresh_visit(conn: &Connection, visit: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.op_id, o.raw FROM visit_versions v JOIN ops o ON o.op_id = v.op_id
         WHERE v.visit = ?1
           AND NOT EXISTS (SELECT 1 FROM visit_versions w WHERE w.corrects = v.op_id)
         ORDER BY v.hlc DESC, v.origin DESC, v.op_id DESC",
    )?;
    let heads: Vec<(String, Vec<u8>)> = stmt
        .query_map([visit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let (current, raw) = heads
        .first()
        .ok_or_else(|| StoreError::Corrupt(format!("visit {visit} has no version")))?;
    let v = visit_in_op(raw)?;
    let versions: i64 = conn
        .prepare_cached("SELECT count(*) FROM visit_versions WHERE visit = ?1")?
        .query_row([visit], |r| r.get(0))?;
    conn.prepare_cached(
        "UPDATE visits SET current_version = ?2, at = ?3, day = ?4, mode = ?5, visitor = ?6,
             versions = ?7, forked = ?8
         WHERE id = ?1",
    )?
    .execute(params![
        visit,
        current,
        super::dt(v.at),
        v.at.date().to_string(),
        v.mode.code(),
        v.visitor,
        versions,
        i64::from(heads.len() > 1)
    ])?;
    Ok(())
}

fn open_request(conn: &Connection, op: &Op, r: &RequestOpen) -> Result<Outcome> {
    let entity = op.env.entity.to_string();
    if exists(conn, "requests", &entity)? {
        return Ok(Outcome::Invalid);
    }
    if !exists(conn, "households", &r.household.to_string())? {
        return Ok(Outcome::Parked);
    }
    let op_id = op.env.id.to_string();
    conn.prepare_cached(
        "INSERT INTO requests (id, create_op, household, visit, category, tier, summary, opened_at,
             due, status, round, status_op, created_hlc)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'open', 1, ?2, ?10)",
    )?
    .execute(params![
        entity,
        op_id,
        r.household.to_string(),
        r.visit.map(|v| v.to_string()),
        r.category.code(),
        r.tier.code(),
        r.summary,
        super::dt(r.opened_at),
        r.due.map(|d| d.to_string()),
        op.env.hlc as i64
    ])?;
    let event = Event {
        to: Status::Open,
        round: 1,
        from: Stage {
            status: Status::Open,
            round: 0,
        },
        at: super::dt(r.opened_at),
        note: String::new(),
        assignee: None,
        result: None,
        mediated: None,
        rating: None,
    };
    insert_event(conn, op, &event, true)?;
    refresh_open_requests(conn, &entity)?;
    Ok(Outcome::Applied)
}

struct Event {
    to: Status,
    round: u32,
    from: Stage,
    at: String,
    note: String,
    assignee: Option<String>,
    result: Option<String>,
    mediated: Option<bool>,
    rating: Option<String>,
}

fn insert_event(conn: &Connection, op: &Op, e: &Event, valid: bool) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO request_events (op_id, request, to_status, rank, round, from_status,
             from_round, valid, at, author, hlc, origin, note, assignee, result, mediated, rating)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        op.env.id.to_string(),
        op.env.entity.to_string(),
        e.to.code(),
        e.to.rank(),
        e.round,
        e.from.status.code(),
        e.from.round,
        valid,
        e.at,
        op.env.author,
        op.env.hlc as i64,
        op.env.origin.to_string(),
        e.note,
        e.assignee,
        e.result,
        e.mediated,
        e.rating
    ])?;
    Ok(())
}

/// Stores a lifecycle event; an event whose own `from → to` step is not allowed is stored as
/// invalid and does not move the status.
fn request_event(conn: &Connection, op: &Op, e: Event) -> Result<Outcome> {
    let request = op.env.entity.to_string();
    if !exists(conn, "requests", &request)? {
        return Ok(Outcome::Parked);
    }
    let valid = check_transition(
        e.from,
        Stage {
            status: e.to,
            round: e.round,
        },
    )
    .is_ok();
    insert_event(conn, op, &e, valid)?;
    refresh_request(conn, &request)?;
    refresh_open_requests(conn, &request)?;
    Ok(if valid {
        Outcome::Applied
    } else {
        Outcome::Invalid
    })
}

/// The fields of the latest valid event of one kind in a round.
struct Latest {
    at: String,
    assignee: Option<String>,
    result: Option<String>,
    mediated: Option<bool>,
    rating: Option<String>,
}

/// The status is the valid event with the greatest (round, rank, hlc, origin); the assignee,
/// result and rating come from the latest such events of the current round.
fn refresh_request(conn: &Connection, request: &str) -> Result<()> {
    let (status, round, status_op): (String, i64, String) = conn
        .prepare_cached(
            "SELECT to_status, round, op_id FROM request_events WHERE request = ?1 AND valid = 1
             ORDER BY round DESC, rank DESC, hlc DESC, origin DESC, op_id DESC LIMIT 1",
        )?
        .query_row([request], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let latest = |to: &str| -> Result<Option<Latest>> {
        Ok(conn
            .prepare_cached(
                "SELECT at, assignee, result, mediated, rating FROM request_events
                 WHERE request = ?1 AND valid = 1 AND round = ?2 AND to_status = ?3
                 ORDER BY hlc DESC, origin DESC, op_id DESC LIMIT 1",
            )?
            .query_row(params![request, round, to], |r| {
                Ok(Latest {
                    at: r.get(0)?,
                    assignee: r.get(1)?,
                    result: r.get(2)?,
                    mediated: r.get(3)?,
                    rating: r.get(4)?,
                })
            })
            .optional()?)
    };
    let dispatched = latest(Status::Dispatched.code())?;
    let resolved = latest(Status::Resolved.code())?;
    let evaluated = latest(Status::Evaluated.code())?;
    let resolved = resolved.as_ref();
    conn.prepare_cached(
        "UPDATE requests SET status = ?2, round = ?3, status_op = ?4, assignee = ?5,
             resolved_at = ?6, result = ?7, mediated = ?8, rating = ?9
         WHERE id = ?1",
    )?
    .execute(params![
        request,
        status,
        round,
        status_op,
        dispatched.and_then(|d| d.assignee),
        resolved.map(|r| r.at.as_str()),
        resolved.and_then(|r| r.result.as_deref()),
        resolved.and_then(|r| r.mediated),
        evaluated.and_then(|e| e.rating)
    ])?;
    Ok(())
}

/// The visit content a `visit.record` or `visit.amend` op carries.
pub(crate) fn visit_in_op(raw: &[u8]) -> Result<crate::domain::Visit> {
    match crate::sync::op::parse_body(raw)? {
        Some(Body::VisitRecord(v)) => Ok(v),
        Some(Body::VisitAmend(a)) => Ok(a.visit),
        _ => Err(StoreError::Corrupt(
            "a visit version is not a visit op".into(),
        )),
    }
}

/// The household's most recent visit day (voided visits do not count).
fn refresh_last_visit(conn: &Connection, household: &str) -> Result<()> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(day) FROM visits WHERE household = ?1 AND voided = 0")?
        .query_row([household], |r| r.get(0))?;
    conn.prepare_cached("UPDATE households SET last_visit = ?2 WHERE id = ?1")?
        .execute(params![household, last])?;
    Ok(())
}

/// The household's count of unresolved requests and the earliest due date among them.
fn refresh_open_requests(conn: &Connection, request: &str) -> Result<()> {
    let household: String = conn
        .prepare_cached("SELECT household FROM requests WHERE id = ?1")?
        .query_row([request], |r| r.get(0))?;
    let (open, due): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT count(*), min(due) FROM requests
             WHERE household = ?1 AND status IN ('open', 'dispatched')",
        )?
        .query_row([&household], |r| Ok((r.get(0)?, r.get(1)?)))?;
    conn.prepare_cached("UPDATE households SET open_requests = ?2, next_due = ?3 WHERE id = ?1")?
        .execute(params![household, open, due])?;
    Ok(())
}

fn member_household(conn: &Connection, member: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT household FROM members WHERE id = ?1")?
        .query_row([member], |r| r.get(0))
        .optional()?)
}

/// The household's head name, count of present members and their tags, for the list.
fn refresh_members_summary(conn: &Connection, household: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, relation, tags FROM members WHERE household = ?1 AND status = 'present'
         ORDER BY relation <> 'head', created_hlc, id",
    )?;
    let rows: Vec<(String, String, String)> = stmt
        .query_map([household], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let head = rows
        .iter()
        .find(|(_, relation, _)| relation == "head")
        .map(|(name, _, _)| name.clone())
        .unwrap_or_default();
    let mut tags: Vec<String> = Vec::new();
    for (_, _, list) in &rows {
        for tag in serde_json::from_str::<Vec<String>>(list).unwrap_or_default() {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
    }
    conn.prepare_cached(
        "UPDATE households SET head = ?2, member_count = ?3, tags = ?4 WHERE id = ?1",
    )?
    .execute(params![
        household,
        head,
        rows.len() as i64,
        serde_json::to_string(&tags)?
    ])?;
    Ok(())
}
