//! The raw facts period figures are computed from: households present at a moment, visits in a
//! period, each household's last visit, and requests with their lifecycle events. The rules
//! (what counts as resolved, covered, overdue) live in `report`; these queries only select.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use super::error::{Result, StoreError};
use super::{Store, dt, parse_dt};
use crate::domain::{
    Address, Category, HouseholdId, Rating, RequestId, Status, Tag, Tier, VisitMode,
};
use crate::oplog::hlc;

/// The SQL condition "household `h` is in the grids of `?1`", where `?1` is a JSON array of grid
/// names and an empty array means every grid.
pub(crate) const IN_GRIDS: &str =
    "(json_array_length(?1) = 0 OR h.grid IN (SELECT value FROM json_each(?1)))";

/// The name shown for household `h`: the `head` aggregate (the head while living there), else
/// its first member living there, else the first member ever recorded.
pub(crate) const HEAD_OF_H: &str = "CASE WHEN h.head <> '' THEN h.head ELSE coalesce(
     (SELECT name FROM members m WHERE m.household = h.id
      ORDER BY m.status <> 'present', m.relation <> 'head', m.created_hlc, m.id LIMIT 1), '') END";

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

/// Where an event falls in its request's lifecycle: round, rank in the round, clock, origin,
/// op id (the order the store settles a request's status by). Ids compare as numbers, which is
/// their order as text too (lower-case hex at fixed positions).
type LifecycleKey = (u32, i64, i64, u128, u128);

/// Column `i` as a UUID, compared as a number.
fn uuid_at(r: &rusqlite::Row<'_>, i: usize) -> Option<u128> {
    let text = r.get_ref(i).ok()?.as_str().ok()?;
    uuid::Uuid::parse_str(text).ok().map(|u| u.as_u128())
}

/// Column `i` as borrowed text (no allocation: reports read hundreds of thousands of rows).
fn text_at<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    Ok(r.get_ref(i)?.as_str().map_err(rusqlite::Error::from)?)
}

/// The `tags` aggregate (a JSON list) as sorted, distinct tags.
pub(crate) fn tags_of(json: &str) -> Result<Vec<Tag>> {
    let mut tags: Vec<Tag> = serde_json::from_str::<Vec<String>>(json)?
        .iter()
        .filter_map(|t| Tag::new(t))
        .collect();
    tags.sort();
    tags.dedup();
    Ok(tags)
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
                    {HEAD_OF_H}, h.member_count, h.tags
             FROM households h
             WHERE {IN_GRIDS} AND h.created_hlc < ?2
               AND (h.archived = 0 OR coalesce((SELECT max(f.hlc) FROM field_heads f
                    WHERE f.entity = h.id AND f.field = 'archived'), 0) >= ?2)
               AND (h.merged_into IS NULL OR coalesce((SELECT max(f.hlc) FROM field_heads f
                    WHERE f.entity = h.id AND f.field = 'merged_into'), 0) >= ?2)"
        );
        let end_hlc = self.hlc_at(end);
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let mut rows = stmt.query(params![grids_param(grids)?, end_hlc])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(HouseholdFacts {
                id: household_id(text_at(r, 0)?)?,
                grid: r.get(1)?,
                address: crate::store::address_at(r, 2)?,
                head: r.get(7)?,
                members: u32::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
                tags: tags_of(text_at(r, 9)?)?,
                open_requests: u32::try_from(r.get::<_, i64>(6)?).unwrap_or(0),
            });
        }
        out.sort_by_cached_key(|h| (h.grid.clone(), h.address.sort_key()));
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
            params![grids_param(grids)?, from.to_string(), to.to_string()],
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
    /// not count). Households never visited by then are absent. Reads the `last_visit`
    /// aggregate, and the visits themselves only for households visited after `to`.
    pub fn last_visits_until(
        &self,
        grids: &[String],
        to: NaiveDate,
    ) -> Result<HashMap<HouseholdId, NaiveDate>> {
        let sql = format!(
            "SELECT h.id, h.last_visit FROM households h
             WHERE {IN_GRIDS} AND h.last_visit IS NOT NULL"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([grids_param(grids)?], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut earlier = self.conn().prepare_cached(
            "SELECT day FROM visits WHERE household = ?1 AND voided = 0 AND day <= ?2
             ORDER BY at DESC LIMIT 1",
        )?;
        let to_text = to.to_string();
        let mut out = HashMap::new();
        for row in rows {
            let (household, last) = row?;
            let day = if last <= to_text {
                Some(last)
            } else {
                earlier
                    .query_row(params![household, to_text], |r| r.get::<_, String>(0))
                    .optional()?
            };
            if let Some(day) = day {
                out.insert(household_id(&household)?, parse_day(&day)?);
            }
        }
        Ok(out)
    }

    /// The ids of the households in `grids`, or `None` for every grid.
    fn scope(&self, grids: &[String]) -> Result<Option<HashSet<String>>> {
        if grids.is_empty() {
            return Ok(None);
        }
        let sql = format!("SELECT h.id FROM households h WHERE {IN_GRIDS}");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([grids_param(grids)?], |r| r.get(0))?;
        Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// The requests of households in `grids` opened before `end` (local time), each with its
    /// valid lifecycle events dated before `end`. Two plain scans joined here: a join in SQL
    /// would cost a key lookup per event.
    pub fn request_facts(&self, grids: &[String], end: NaiveDateTime) -> Result<Vec<RequestFacts>> {
        let end_text = dt(end);
        let scope = self.scope(grids)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, household, category, tier, opened_at, due FROM requests
             WHERE opened_at < ?1",
        )?;
        let mut rows = stmt.query([&end_text])?;
        let mut out = Vec::new();
        let mut index: HashMap<u128, usize> = HashMap::new();
        while let Some(r) = rows.next()? {
            let household = text_at(r, 1)?;
            if scope.as_ref().is_some_and(|s| !s.contains(household)) {
                continue;
            }
            let id = text_at(r, 0)?;
            let id = RequestId::parse(id).ok_or_else(|| corrupt("request id", id))?;
            let category = text_at(r, 2)?;
            let tier = text_at(r, 3)?;
            let due = r
                .get_ref(5)?
                .as_str_or_null()
                .map_err(rusqlite::Error::from)?;
            index.insert(id.0.as_u128(), out.len());
            out.push(RequestFacts {
                id,
                household: household_id(household)?,
                category: Category::from_code(category)
                    .ok_or_else(|| corrupt("category", category))?,
                tier: Tier::from_code(tier).ok_or_else(|| corrupt("tier", tier))?,
                opened_at: parse_dt(text_at(r, 4)?)?,
                due: due.map(parse_day).transpose()?,
                opened_by: String::new(),
                events: Vec::new(),
            });
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT request, to_status, round, rank, hlc, origin, op_id, from_round, at, author,
                    mediated, rating
             FROM request_events WHERE valid = 1 AND at < ?1",
        )?;
        let mut rows = stmt.query([&end_text])?;
        let mut keyed: Vec<Vec<(LifecycleKey, EventFact)>> = vec![Vec::new(); out.len()];
        while let Some(r) = rows.next()? {
            let Some(&i) = uuid_at(r, 0).and_then(|id| index.get(&id)) else {
                continue;
            };
            let (Some(req), Some(events)) = (out.get_mut(i), keyed.get_mut(i)) else {
                continue;
            };
            let to = text_at(r, 1)?;
            let to = Status::from_code(to).ok_or_else(|| corrupt("status", to))?;
            let round = u32::try_from(r.get::<_, i64>(2)?).unwrap_or(0);
            if to == Status::Open && r.get::<_, i64>(7)? == 0 {
                req.opened_by = r.get(9)?;
            }
            let event = EventFact {
                to,
                round,
                at: parse_dt(text_at(r, 8)?)?,
                mediated: r.get(10)?,
                rating: r
                    .get_ref(11)?
                    .as_str_or_null()
                    .map_err(rusqlite::Error::from)?
                    .and_then(Rating::from_code),
            };
            let key = (
                round,
                r.get(3)?,
                r.get(4)?,
                uuid_at(r, 5).unwrap_or(0),
                uuid_at(r, 6).unwrap_or(0),
            );
            events.push((key, event));
        }
        for (req, mut events) in out.iter_mut().zip(keyed) {
            events.sort_unstable_by_key(|(k, _)| *k);
            req.events = events.into_iter().map(|(_, e)| e).collect();
        }
        Ok(out)
    }
}
