//! Read models for the interface: one row per household for the list, and the people data the
//! lookup index is built from (loadable on a separate connection, off the interface thread).

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};

use super::error::Result;
use super::{Store, configure_reader};
use crate::domain::{Address, HouseholdId, Tag};

/// A household as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdRow {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub head: String,
    pub member_count: u32,
    pub tags: Vec<Tag>,
    pub last_visit: Option<NaiveDate>,
    pub open_requests: u32,
    /// The earliest due date among the unresolved requests.
    pub next_due: Option<NaiveDate>,
    pub archived: bool,
}

/// What the lookup index needs of one household: its address, tags and present members'
/// names and numbers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HouseholdDoc {
    pub id: Option<HouseholdId>,
    pub grid: String,
    pub address: Address,
    pub tags: Vec<String>,
    pub head: String,
    pub members: Vec<String>,
    pub phones: Vec<String>,
    pub id_numbers: Vec<String>,
}

impl Store {
    /// Every household not merged into another, archived ones included (the list hides them
    /// unless asked), in no particular order.
    pub fn household_rows(&self) -> Result<Vec<HouseholdRow>> {
        self.rows_where("merged_into IS NULL AND ?1 IS NULL", None)
    }

    /// One household's row (after an edit).
    pub fn household_row(&self, id: HouseholdId) -> Result<Option<HouseholdRow>> {
        Ok(self
            .rows_where("id = ?1", Some(id.to_string()))?
            .into_iter()
            .next())
    }

    fn rows_where(&self, condition: &str, arg: Option<String>) -> Result<Vec<HouseholdRow>> {
        let sql = format!(
            "SELECT id, grid, compound, building, unit, room, head, member_count, tags, last_visit,
                    open_requests, next_due, archived
             FROM households WHERE {condition}"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([arg], |r| {
            let id: String = r.get(0)?;
            let tags: String = r.get(8)?;
            let last: Option<String> = r.get(9)?;
            let due: Option<String> = r.get(11)?;
            Ok(HouseholdRow {
                id: HouseholdId::parse(&id).unwrap_or(HouseholdId(uuid::Uuid::nil())),
                grid: r.get(1)?,
                address: crate::store::address_at(r, 2)?,
                head: r.get(6)?,
                member_count: r.get::<_, i64>(7)? as u32,
                tags: parse_tags(&tags)
                    .iter()
                    .filter_map(|t| Tag::new(t))
                    .collect(),
                last_visit: last.and_then(|d| d.parse().ok()),
                open_requests: r.get::<_, i64>(10)? as u32,
                next_due: due.and_then(|d| d.parse().ok()),
                archived: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many changes were made on this device since its last export.
    pub fn unsynced_count(&self) -> Result<u64> {
        Ok(self
            .conn()
            .query_row("SELECT unsynced FROM device_self", [], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as u64)
    }
}

/// Reads every household that is not archived or merged, with its present members, on a fresh
/// read-only connection to `path` (so it can run on a background thread while the interface
/// shows the list). Households come in id order, handed to `f` in chunks of about `chunk`, so
/// the whole population is never held at once; `f` returns false to stop early.
pub fn docs_in_chunks(
    path: &Path,
    chunk: usize,
    mut f: impl FnMut(Vec<HouseholdDoc>) -> bool,
) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure_reader(&conn)?;
    let mut stmt = conn.prepare(
        "SELECT h.id, h.grid, h.compound, h.building, h.unit, h.room, h.tags, h.head,
                m.name, m.relation, m.phone, m.id_number
         FROM households h LEFT JOIN members m ON m.household = h.id AND m.status = 'present'
         WHERE h.archived = 0 AND h.merged_into IS NULL
         ORDER BY h.id, m.relation <> 'head', m.created_hlc, m.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<HouseholdDoc> = Vec::with_capacity(chunk);
    let mut current = String::new();
    while let Some(r) = rows.next()? {
        let household: String = r.get(0)?;
        if household != current || out.is_empty() {
            if out.len() >= chunk && !f(std::mem::replace(&mut out, Vec::with_capacity(chunk))) {
                return Ok(());
            }
            let tags: String = r.get(6)?;
            out.push(HouseholdDoc {
                id: HouseholdId::parse(&household),
                grid: r.get(1)?,
                address: crate::store::address_at(r, 2)?,
                tags: parse_tags(&tags),
                head: r.get(7)?,
                ..HouseholdDoc::default()
            });
            current = household;
        }
        let Some(d) = out.last_mut() else { continue };
        let Some(name) = r.get::<_, Option<String>>(8)? else {
            continue;
        };
        let relation: Option<String> = r.get(9)?;
        if relation.as_deref() != Some("head") || name != d.head {
            d.members.push(name);
        }
        if let Some(phone) = r.get::<_, Option<String>>(10)? {
            d.phones.push(phone);
        }
        if let Some(id) = r.get::<_, Option<String>>(11)? {
            d.id_numbers.push(id);
        }
    }
    if !out.is_empty() {
        f(out);
    }
    Ok(())
}

/// A JSON list of tags as stored; the common empty list without parsing.
fn parse_tags(json: &str) -> Vec<String> {
    if json == "[]" {
        return Vec::new();
    }
    serde_json::from_str(json).unwrap_or_default()
}

impl Store {
    /// Unresolved requests past their due date on `today`, in `grids` (all when empty).
    pub fn overdue_request_count(&self, today: NaiveDate, grids: &[String]) -> Result<u64> {
        let today = today.to_string();
        if grids.is_empty() {
            // One range of the (status, due) index: no join, fast at any size.
            return Ok(self.conn().prepare_cached(
                "SELECT count(*) FROM requests WHERE status IN ('open', 'dispatched') AND due < ?1",
            )?
            .query_row([today], |r| r.get::<_, i64>(0))?
            .max(0) as u64);
        }
        let mut stmt = self.conn().prepare_cached(
            "SELECT h.grid, count(*) FROM requests r JOIN households h ON h.id = r.household
             WHERE r.status IN ('open', 'dispatched') AND r.due < ?1
             GROUP BY h.grid",
        )?;
        let per_grid = stmt.query_map([today], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        let mut total = 0;
        for row in per_grid {
            let (grid, n) = row?;
            if grids.contains(&grid) {
                total += n.max(0) as u64;
            }
        }
        Ok(total)
    }
}
