//! The requests board: every request across households, filtered, with the household it
//! belongs to. Each request's timeline is [`Store::request_events`].

use std::cmp::{Ordering, Reverse};

use chrono::NaiveDate;

use super::Store;
use super::error::Result;
use super::figures::{HEAD_OF_H, grids_param};
use super::requests::{REQUEST_COLUMN_COUNT, REQUEST_COLUMNS, RequestRow, checked, request_at};
use crate::domain::{Address, Category, Status, Tier};

/// What the board shows. Empty lists mean "any"; all given conditions must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub statuses: Vec<Status>,
    pub categories: Vec<Category>,
    pub tiers: Vec<Tier>,
    /// Only requests not yet resolved and past their due date.
    pub overdue_only: bool,
    pub grids: Vec<String>,
    /// Words that must all appear (case-insensitive) in the summary, the head's name, the
    /// address, the grid, the assignee or the result.
    pub text: String,
}

/// One line of the board.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub request: RequestRow,
    pub grid: String,
    pub address: Address,
    pub head: String,
    /// Not resolved and past its due date on the day asked for.
    pub overdue: bool,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
}

/// Counts for tab titles and the status line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BoardCounts {
    /// Requests in each status, in [`Status::ALL`] order.
    pub by_status: [u64; 5],
    /// Not resolved and past their due date.
    pub overdue: u64,
    /// Escalated (上报研判) and not resolved: waiting on the office.
    pub escalated: u64,
}

fn codes<T: Copy>(items: &[T], code: fn(T) -> &'static str) -> Result<String> {
    let list: Vec<&str> = items.iter().map(|i| code(*i)).collect();
    Ok(serde_json::to_string(&list)?)
}

/// The board's order: unresolved requests first — overdue ones at the top, most overdue first,
/// then by due date, then escalated ones (no due date) — each by opening time; then resolved
/// requests, newest first.
fn board_order(a: &BoardRow, b: &BoardRow) -> Ordering {
    let (ra, rb) = (&a.request, &b.request);
    let done = |r: &RequestRow| r.stage.status.is_resolved();
    done(ra).cmp(&done(rb)).then_with(|| {
        if done(ra) {
            (Reverse(ra.opened_at), ra.id).cmp(&(Reverse(rb.opened_at), rb.id))
        } else {
            (ra.due.is_none(), ra.due, ra.opened_at, ra.id).cmp(&(
                rb.due.is_none(),
                rb.due,
                rb.opened_at,
                rb.id,
            ))
        }
    })
}

impl BoardRow {
    /// Whether every word of `query` appears (case-insensitive) in the summary, the head's
    /// name, the address, the grid, the assignee or the result: the board's text filter, for
    /// narrowing rows already loaded as the worker types.
    pub fn matches_text(&self, query: &str) -> bool {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        self.matches_words(&words)
    }

    fn matches_words(&self, words: &[String]) -> bool {
        if words.is_empty() {
            return true;
        }
        let r = &self.request;
        let haystack = [
            r.summary.as_str(),
            self.head.as_str(),
            &self.address.display(),
            self.grid.as_str(),
            r.assignee.as_deref().unwrap_or(""),
            r.result.as_deref().unwrap_or(""),
        ]
        .join("\n")
        .to_lowercase();
        words.iter().all(|w| haystack.contains(w.as_str()))
    }
}

impl Store {
    /// The requests `filter` selects, as of `today`, in board order (see [`BoardFilter`]).
    pub fn board(&self, filter: &BoardFilter, today: NaiveDate) -> Result<Vec<BoardRow>> {
        // Only the filters in use go into the SQL, so SQLite can pick an index for them (the
        // grid through `households_grid`, the status through `requests_status`).
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<String> = Vec::new();
        let mut list = |column: &str, json: String| {
            values.push(json);
            conditions.push(format!(
                "{column} IN (SELECT value FROM json_each(?{}))",
                values.len()
            ));
        };
        if !filter.grids.is_empty() {
            list("h.grid", grids_param(&filter.grids)?);
        }
        if !filter.statuses.is_empty() {
            list("r.status", codes(&filter.statuses, Status::code)?);
        }
        if !filter.categories.is_empty() {
            list("r.category", codes(&filter.categories, Category::code)?);
        }
        if !filter.tiers.is_empty() {
            list("r.tier", codes(&filter.tiers, Tier::code)?);
        }
        if filter.overdue_only {
            values.push(today.to_string());
            conditions.push(format!(
                "r.status IN ('open', 'dispatched') AND r.due < ?{}",
                values.len()
            ));
        }
        let filters = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        let sql = format!(
            "SELECT {REQUEST_COLUMNS}, h.grid, h.compound, h.building, h.unit, h.room,
                    coalesce({HEAD_OF_H}, '')
             FROM requests r JOIN households h ON h.id = r.household {filters}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| {
            let n = REQUEST_COLUMN_COUNT;
            Ok((
                request_at(r, 0)?,
                r.get::<_, String>(n)?,
                crate::store::address_at(r, n + 1)?,
                r.get::<_, String>(n + 5)?,
            ))
        })?;
        let words: Vec<String> = filter
            .text
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let mut out = Vec::new();
        for row in rows {
            let (request, grid, address, head) = row?;
            let request = checked(request)?;
            let overdue = request.is_overdue(today);
            let days_overdue = match (overdue, request.due) {
                (true, Some(due)) => (today - due).num_days(),
                _ => 0,
            };
            let row = BoardRow {
                request,
                grid,
                address,
                head,
                overdue,
                days_overdue,
            };
            if row.matches_words(&words) {
                out.push(row);
            }
        }
        out.sort_by(board_order);
        Ok(out)
    }

    /// How many requests of households in `grids` (empty: all) are in each status, overdue on
    /// `today`, and escalated without a resolution.
    pub fn board_counts(&self, grids: &[String], today: NaiveDate) -> Result<BoardCounts> {
        // Without a grid there is nothing to join: the status index answers alone.
        let (join, values) = if grids.is_empty() {
            ("", vec![today.to_string()])
        } else {
            (
                "JOIN households h ON h.id = r.household
                 WHERE h.grid IN (SELECT value FROM json_each(?2))",
                vec![today.to_string(), grids_param(grids)?],
            )
        };
        let sql = format!(
            "SELECT r.status, count(*),
                    total(r.status IN ('open', 'dispatched') AND coalesce(r.due < ?1, 0)),
                    total(r.status IN ('open', 'dispatched') AND r.tier = 'escalated')
             FROM requests r {join} GROUP BY r.status"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, f64>(2)? as i64,
                r.get::<_, f64>(3)? as i64,
            ))
        })?;
        let mut counts = BoardCounts::default();
        for row in rows {
            let (status, n, overdue, escalated) = row?;
            if let Some(s) = Status::from_code(&status)
                && let Some(slot) = counts.by_status.get_mut(usize::from(s.rank()))
            {
                *slot = n as u64;
            }
            counts.overdue += overdue as u64;
            counts.escalated += escalated as u64;
        }
        Ok(counts)
    }
}
