//! The raw facts period figures are computed from: households present at a moment, visits in a
//! period, each household's last visit, and requests with their lifecycle events. The rules
//! (what counts as resolved, covered, overdue) live in `report`; these queries only select.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::error::{Result, StoreError};
use super::{Store, dt, parse_dt};
use crate::domain::{
    Address, Category, HouseholdId, Rating, RequestId, Status, Tag, Tier, VisitMode,
};
use crate::sync::hlc;

/// The SQL condition "household `h` is in the grids of `?1`", where `?1` is a JSON array of grid
/// names and an empty array means every grid.
pub(crate) const IN_GRIDS: &str =
    "(json_array_length(?1) = 0 OR h.grid IN (SELECT value FROM json_each(?1)))";

/// The name shown for household `h`: its head while present, else its first present member,
/// else anyone who lived there.
pub(crate) const HEAD_OF_H: &str = "(SELECT name FROM members m WHERE m.household = h.id
     ORDER BY m.status <> 'present', m.relation <> 'head', m.created_hlc, m.id LIMIT 1)";

pub(crate) fn grids_param(grids: &[String]) -> Result<String> {
    Ok(serde_json::to_string(grids)?)
}

/// A household as figures and the households ledger need it.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdFacts {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub head: String,
    /// Members living there now.
    pub members: u32,
    /// The distinct tags of the members living there now, sorted.
    pub tags: Vec<Tag>,
    pub open_requests: u32,
}

/// One visit that counts (not voided), as of its current version.
#[derive(Debug, Clone, PartialEq)]
pub struct VisitFact {
    pub household: HouseholdId,
    pub day: NaiveDate,
    pub mode: VisitMode,
    pub visitor: String,
}

/// A request and its valid lifecycle events up to a moment.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFacts {
    pub id: RequestId,
    pub household: HouseholdId,
    pub category: Category,
    pub tier: Tier,
    pub opened_at: NaiveDateTime,
    pub due: Option<NaiveDate>,
    /// Who recorded the request (the author of its opening).
    pub opened_by: String,
    /// Valid events before the moment asked for, in lifecycle order: round, then rank in the
    /// round, then clock (the order the store itself uses to settle a request's status).
    pub events: Vec<EventFact>,
}

/// One valid lifecycle event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventFact {
    pub to: Status,
    pub round: u32,
    pub at: NaiveDateTime,
    pub mediated: Option<bool>,
    pub rating: Option<Rating>,
}

fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {value:?}"))
}

pub(crate) fn parse_day(s: &str) -> Result<NaiveDate> {
    s.parse().map_err(|_| corrupt("date", s))
}

pub(crate) fn household_id(s: &str) -> Result<HouseholdId> {
    HouseholdId::parse(s).ok_or_else(|| corrupt("household id", s))
}

impl Store {
    /// The clock value of a local moment, for comparing with ops' clocks (`created_hlc`).
    fn hlc_at(&self, local: NaiveDateTime) -> i64 {
        hlc::from_millis(self.clock().local_ms(local)) as i64
    }

    /// The grids that hold at least one household not archived, sorted.
    pub fn grids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT grid FROM households WHERE archived = 0 AND merged_into IS NULL
             ORDER BY grid",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The households in `grids` (empty: all) present just before `end` (local time): created
    /// before it, and neither archived (moved away) nor merged into another before it. Archiving
    /// is dated by the change that set it. In walking order within each grid.
    pub fn households_present(
        &self,
        grids: &[String],
        end: NaiveDateTime,
    ) -> Result<Vec<HouseholdFacts>> {
        let sql = format!(
            "SELECT h.id, h.grid, h.compound, h.building, h.unit, h.room, h.open_requests,
                    coalesce({HEAD_OF_H}, ''),
                    (SELECT count(*) FROM members m
                     WHERE m.household = h.id AND m.status = 'present')
             FROM households h
             WHERE {IN_GRIDS} AND h.created_hlc < ?2
               AND (h.archived = 0 OR coalesce((SELECT max(f.hlc) FROM field_heads f
                    WHERE f.entity = h.id AND f.field = 'archived'), 0) >= ?2)
               AND (h.merged_into IS NULL OR coalesce((SELECT max(f.hlc) FROM field_heads f
                    WHERE f.entity = h.id AND f.field = 'merged_into'), 0) >= ?2)"
        );
        let end_hlc = self.hlc_at(end);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![grids_param(grids)?, end_hlc], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                Address {
                    compound: r.get(2)?,
                    building: r.get(3)?,
                    unit: r.get(4)?,
                    room: r.get(5)?,
                },
                r.get::<_, i64>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, grid, address, open, head, members) = row?;
            out.push(HouseholdFacts {
                id: household_id(&id)?,
                grid,
                address,
                head,
                members: u32::try_from(members).unwrap_or(0),
                tags: Vec::new(),
                open_requests: u32::try_from(open).unwrap_or(0),
            });
        }
        let mut tags = self.present_tags()?;
        for h in &mut out {
            if let Some(mut t) = tags.remove(&h.id) {
                t.sort();
                t.dedup();
                h.tags = t;
            }
        }
        out.sort_by_cached_key(|h| (h.grid.clone(), h.address.sort_key()));
        Ok(out)
    }

    /// The tags of members living in each household now.
    fn present_tags(&self) -> Result<HashMap<HouseholdId, Vec<Tag>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.household, t.tag FROM member_tags t JOIN members m ON m.id = t.member
             WHERE m.status = 'present'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out: HashMap<HouseholdId, Vec<Tag>> = HashMap::new();
        for row in rows {
            let (household, tag) = row?;
            if let Some(tag) = Tag::new(&tag) {
                out.entry(household_id(&household)?).or_default().push(tag);
            }
        }
        Ok(out)
    }

    /// The visits that count (not voided) to households in `grids`, dated `from` to `to`
    /// inclusive, oldest first.
    pub fn visits_between(
        &self,
        grids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<VisitFact>> {
        let sql = format!(
            "SELECT v.household, v.day, v.mode, v.visitor FROM visits v
             JOIN households h ON h.id = v.household
             WHERE {IN_GRIDS} AND v.voided = 0 AND v.day >= ?2 AND v.day <= ?3
             ORDER BY v.at, v.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params![grids_param(grids)?, from.to_string(), to.to_string()],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (household, day, mode, visitor) = row?;
            out.push(VisitFact {
                household: household_id(&household)?,
                day: parse_day(&day)?,
                mode: VisitMode::from_code(&mode).ok_or_else(|| corrupt("visit mode", &mode))?,
                visitor,
            });
        }
        Ok(out)
    }

    /// Each household's last visit on or before `to` (households in `grids`; voided visits do
    /// not count). Households never visited by then are absent.
    pub fn last_visits_until(
        &self,
        grids: &[String],
        to: NaiveDate,
    ) -> Result<HashMap<HouseholdId, NaiveDate>> {
        let sql = format!(
            "SELECT v.household, max(v.day) FROM visits v JOIN households h ON h.id = v.household
             WHERE {IN_GRIDS} AND v.voided = 0 AND v.day <= ?2 GROUP BY v.household"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params![grids_param(grids)?, to.to_string()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?;
        let mut out = HashMap::new();
        for row in rows {
            let (household, day) = row?;
            out.insert(household_id(&household)?, parse_day(&day)?);
        }
        Ok(out)
    }

    /// The requests of households in `grids` opened before `end` (local time), each with its
    /// valid lifecycle events dated before `end`.
    pub fn request_facts(&self, grids: &[String], end: NaiveDateTime) -> Result<Vec<RequestFacts>> {
        let end_text = dt(end);
        let grids = grids_param(grids)?;
        let sql = format!(
            "SELECT r.id, r.household, r.category, r.tier, r.opened_at, r.due FROM requests r
             JOIN households h ON h.id = r.household
             WHERE {IN_GRIDS} AND r.opened_at < ?2 ORDER BY r.opened_at, r.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![grids, end_text], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in rows {
            let (id, household, category, tier, opened, due) = row?;
            let request = RequestFacts {
                id: RequestId::parse(&id).ok_or_else(|| corrupt("request id", &id))?,
                household: household_id(&household)?,
                category: Category::from_code(&category)
                    .ok_or_else(|| corrupt("category", &category))?,
                tier: Tier::from_code(&tier).ok_or_else(|| corrupt("tier", &tier))?,
                opened_at: parse_dt(&opened)?,
                due: due.as_deref().map(parse_day).transpose()?,
                opened_by: String::new(),
                events: Vec::new(),
            };
            index.insert(id, out.len());
            out.push(request);
        }
        let sql = format!(
            "SELECT e.request, e.to_status, e.round, e.from_round, e.at, e.author, e.mediated,
                    e.rating
             FROM request_events e JOIN requests r ON r.id = e.request
             JOIN households h ON h.id = r.household
             WHERE {IN_GRIDS} AND e.valid = 1 AND e.at < ?2
             ORDER BY e.request, e.round, e.rank, e.hlc, e.origin, e.op_id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![grids, end_text], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<bool>>(6)?,
                r.get::<_, Option<String>>(7)?,
            ))
        })?;
        for row in rows {
            let (request, to, round, from_round, at, author, mediated, rating) = row?;
            let Some(&i) = index.get(&request) else {
                continue;
            };
            let to = Status::from_code(&to).ok_or_else(|| corrupt("status", &to))?;
            if to == Status::Open && from_round == 0 {
                out[i].opened_by = author;
            }
            out[i].events.push(EventFact {
                to,
                round: u32::try_from(round).unwrap_or(0),
                at: parse_dt(&at)?,
                mediated,
                rating: rating.as_deref().and_then(Rating::from_code),
            });
        }
        Ok(out)
    }
}
