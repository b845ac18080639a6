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

/// The names and numbers of one household's present members, for the lookup index.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct People {
    pub household: Option<HouseholdId>,
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
                address: Address {
                    compound: r.get(2)?,
                    building: r.get(3)?,
                    unit: r.get(4)?,
                    room: r.get(5)?,
                },
                head: r.get(6)?,
                member_count: r.get::<_, i64>(7)? as u32,
                tags: serde_json::from_str::<Vec<String>>(&tags)
                    .unwrap_or_default()
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

/// Loads every household's people on a fresh read-only connection to `path`, so it can run on
/// a background thread while the interface shows the list.
pub fn load_people(path: &Path) -> Result<Vec<People>> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    configure_reader(&conn)?;
    let mut stmt = conn.prepare(
        "SELECT household, name, relation, phone, id_number FROM members
         WHERE status = 'present' ORDER BY household, relation <> 'head', created_hlc, id",
    )?;
    let mut rows = stmt.query([])?;
    let mut out: Vec<People> = Vec::new();
    let mut current = String::new();
    while let Some(r) = rows.next()? {
        let household: String = r.get(0)?;
        if household != current || out.is_empty() {
            out.push(People {
                household: HouseholdId::parse(&household),
                ..People::default()
            });
            current = household;
        }
        let Some(p) = out.last_mut() else { continue };
        let name: String = r.get(1)?;
        let relation: String = r.get(2)?;
        if relation == "head" && p.head.is_empty() {
            p.head = name;
        } else {
            p.members.push(name);
        }
        if let Some(phone) = r.get::<_, Option<String>>(3)? {
            p.phones.push(phone);
        }
        if let Some(id) = r.get::<_, Option<String>>(4)? {
            p.id_numbers.push(id);
        }
    }
    Ok(out)
}

impl Store {
    /// Unresolved requests past their due date on `today`, in `grids` (all when empty).
    pub fn overdue_request_count(&self, today: NaiveDate, grids: &[String]) -> Result<u64> {
        let grids = serde_json::to_string(grids)?;
        Ok(self.conn().query_row(
            "SELECT count(*) FROM requests r JOIN households h ON h.id = r.household
             WHERE r.status IN ('open', 'dispatched') AND r.due < ?1 AND h.archived = 0
               AND (json_array_length(?2) = 0 OR h.grid IN (SELECT value FROM json_each(?2)))",
            rusqlite::params![today.to_string(), grids],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }
}
