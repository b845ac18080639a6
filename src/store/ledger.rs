//! The rows of the ledgers (台账) the office asks for: visits and requests of a period with the
//! household each belongs to.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use rusqlite::params;

use super::apply::visit_in_op;
use super::error::Result;
use super::figures::{HEAD_OF_H, IN_GRIDS, grids_param};
use super::requests::{REQUEST_COLUMN_COUNT, REQUEST_COLUMNS, RequestRow, checked, request_at};
use super::{Store, dt};
use crate::domain::{Address, Category, RequestId, Visit};

/// A visit of the period, as its current version reads.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerVisit {
    pub visit: Visit,
    pub grid: String,
    pub address: Address,
    pub head: String,
    /// How many times the visit was corrected after it was recorded.
    pub amendments: u32,
    /// The requests recorded from this visit, oldest first.
    pub requests: Vec<LinkedRequest>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinkedRequest {
    pub id: RequestId,
    pub category: Category,
    pub summary: String,
}

/// A request of the period, as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerRequest {
    pub request: RequestRow,
    pub grid: String,
    pub address: Address,
    pub head: String,
    /// Who recorded the request.
    pub opened_by: String,
    /// The latest feedback told to the resident in the current round.
    pub feedback: Option<String>,
    /// The resident's comment with the current rating.
    pub rating_comment: Option<String>,
}

/// The first moment after `to` (local time): periods are whole days.
pub(crate) fn day_after(to: NaiveDate) -> String {
    dt(to
        .checked_add_days(Days::new(1))
        .unwrap_or(NaiveDate::MAX)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default())
}

fn day_start(from: NaiveDate) -> String {
    dt(from.and_hms_opt(0, 0, 0).unwrap_or_default())
}

impl Store {
    /// The visits that count (not voided) to households in `grids` (empty: all), dated `from`
    /// to `to` inclusive, in the order they were made.
    pub fn ledger_visits(
        &self,
        grids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<LedgerVisit>> {
        let grids = grids_param(grids)?;
        let (from, to) = (from.to_string(), to.to_string());
        let sql = format!(
            "SELECT r.visit, r.id, r.category, r.summary FROM requests r
             JOIN visits v ON v.id = r.visit JOIN households h ON h.id = v.household
             WHERE {IN_GRIDS} AND v.day >= ?2 AND v.day <= ?3
             ORDER BY r.opened_at, r.id"
        );
        let mut linked: HashMap<String, Vec<LinkedRequest>> = HashMap::new();
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![grids, from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (visit, id, category, summary) = row?;
            if let Some(id) = RequestId::parse(&id) {
                linked.entry(visit).or_default().push(LinkedRequest {
                    id,
                    category: Category::from_code(&category).unwrap_or(Category::Other),
                    summary,
                });
            }
        }
        let sql = format!(
            "SELECT v.id, o.raw, v.versions, h.grid, h.compound, h.building, h.unit, h.room,
                    coalesce({HEAD_OF_H}, '')
             FROM visits v JOIN households h ON h.id = v.household
             JOIN ops o ON o.op_id = v.current_version
             WHERE {IN_GRIDS} AND v.voided = 0 AND v.day >= ?2 AND v.day <= ?3
             ORDER BY v.at, v.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![grids, from, to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                super::address_at(r, 4)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, raw, versions, grid, address, head) = row?;
            out.push(LedgerVisit {
                visit: visit_in_op(&raw)?,
                grid,
                address,
                head,
                amendments: u32::try_from(versions - 1).unwrap_or(0),
                requests: linked.remove(&id).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The requests of households in `grids` (empty: all) that belong to the period `from` to
    /// `to` inclusive: opened in it, or opened earlier and dispatched, resolved, fed back, rated
    /// or reopened in it. Oldest first.
    pub fn ledger_requests(
        &self,
        grids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<LedgerRequest>> {
        let sql = format!(
            "SELECT {REQUEST_COLUMNS}, h.grid, h.compound, h.building, h.unit, h.room,
                    coalesce({HEAD_OF_H}, ''),
                    (SELECT e.author FROM request_events e
                     WHERE e.request = r.id AND e.from_round = 0 LIMIT 1),
                    (SELECT e.note FROM request_events e
                     WHERE e.request = r.id AND e.valid = 1 AND e.round = r.round
                       AND e.to_status = 'fed_back'
                     ORDER BY e.hlc DESC, e.origin DESC, e.op_id DESC LIMIT 1),
                    (SELECT e.note FROM request_events e
                     WHERE e.request = r.id AND e.valid = 1 AND e.round = r.round
                       AND e.to_status = 'evaluated'
                     ORDER BY e.hlc DESC, e.origin DESC, e.op_id DESC LIMIT 1)
             FROM requests r JOIN households h ON h.id = r.household
             WHERE {IN_GRIDS} AND r.opened_at < ?3
               AND (r.opened_at >= ?2 OR EXISTS (SELECT 1 FROM request_events e
                    WHERE e.request = r.id AND e.valid = 1 AND e.at >= ?2 AND e.at < ?3))
             ORDER BY r.opened_at, r.id"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![grids_param(grids)?, day_start(from), day_after(to)],
            |r| {
                let n = REQUEST_COLUMN_COUNT;
                Ok((
                    request_at(r, 0)?,
                    r.get::<_, String>(n)?,
                    super::address_at(r, n + 1)?,
                    r.get::<_, String>(n + 5)?,
                    r.get::<_, Option<String>>(n + 6)?,
                    r.get::<_, Option<String>>(n + 7)?,
                    r.get::<_, Option<String>>(n + 8)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (request, grid, address, head, opened_by, feedback, comment) = row?;
            out.push(LedgerRequest {
                request: checked(request)?,
                grid,
                address,
                head,
                opened_by: opened_by.unwrap_or_default(),
                feedback: feedback.filter(|f| !f.is_empty()),
                rating_comment: comment.filter(|c| !c.is_empty()),
            });
        }
        Ok(out)
    }
}
