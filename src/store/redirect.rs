//! Household merges (duplicate → redirect) and the per-household aggregates.
//!
//! `household.merge` writes the `merged_into` register of the duplicate. The register's value is
//! resolved here: chains are followed to the end, and a cycle (two devices merging a pair in
//! opposite directions) keeps the household with the smallest id. `households.merged_into` holds
//! the resolved survivor (NULL for a household that is shown), and the members, visits and
//! requests whose home was merged are listed under the survivor (`household` column; `home`
//! keeps where they were written). Everything here is a function of the registers, so the
//! result does not depend on the order ops arrived in.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::error::Result;

/// The household a member, visit or request written to `home` is listed under.
pub(crate) fn survivor(conn: &Connection, home: &str) -> Result<String> {
    let merged: Option<String> = conn
        .prepare_cached("SELECT merged_into FROM households WHERE id = ?1")?
        .query_row([home], |r| r.get(0))?;
    Ok(merged.unwrap_or_else(|| home.to_string()))
}

/// The household a member, visit or request written to `home` is listed under, or `None` if
/// `home` has not arrived.
pub(crate) fn survivor_of(conn: &Connection, home: &str) -> Result<Option<String>> {
    let row: Option<Option<String>> = conn
        .prepare_cached("SELECT merged_into FROM households WHERE id = ?1")?
        .query_row([home], |r| r.get(0))
        .optional()?;
    Ok(row.map(|merged| merged.unwrap_or_else(|| home.to_string())))
}

/// Recomputes every redirect from the `merged_into` registers and moves what changed.
pub(crate) fn recompute(conn: &Connection) -> Result<()> {
    let registers = merge_registers(conn)?;
    let new = resolve(&registers);
    let old: BTreeMap<String, String> = conn
        .prepare_cached("SELECT id, merged_into FROM households WHERE merged_into IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if old == new {
        return Ok(());
    }
    let changed: BTreeSet<&String> = old
        .keys()
        .chain(new.keys())
        .filter(|h| old.get(*h) != new.get(*h))
        .collect();
    let mut affected: BTreeSet<String> = BTreeSet::new();
    for h in &changed {
        affected.insert((*h).clone());
        affected.extend(old.get(*h).cloned());
        affected.extend(new.get(*h).cloned());
        let target = new.get(*h).unwrap_or(*h);
        // Rows written to `h` are listed under its old survivor (or `h` itself) until now.
        let current = old.get(*h).unwrap_or(*h);
        conn.prepare_cached("UPDATE households SET merged_into = ?2 WHERE id = ?1")?
            .execute(params![h, new.get(*h)])?;
        for table in ["members", "visits", "requests"] {
            let sql =
                format!("UPDATE {table} SET household = ?3 WHERE household = ?2 AND home = ?1");
            conn.prepare_cached(&sql)?
                .execute(params![h, current, target])?;
        }
    }
    for h in &affected {
        refresh_last_visit(conn, h)?;
        refresh_open_requests(conn, h)?;
        refresh_members_summary(conn, h)?;
    }
    Ok(())
}

/// The value each household's `merged_into` register shows (the head with the greatest
/// (hlc, origin)), for households whose register points at another existing household.
fn merge_registers(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT f.entity, f.value FROM field_heads f
         WHERE f.field = 'merged_into'
           AND f.op_id = (SELECT g.op_id FROM field_heads g
                          WHERE g.entity = f.entity AND g.field = 'merged_into'
                          ORDER BY g.hlc DESC, g.origin DESC, g.op_id DESC LIMIT 1)",
    )?;
    let rows: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = BTreeMap::new();
    for (entity, value) in rows {
        let Ok(serde_json::Value::String(target)) = serde_json::from_str(&value) else {
            continue;
        };
        if target != entity && super::apply::exists(conn, "households", &target)? {
            out.insert(entity, target);
        }
    }
    Ok(out)
}

/// Follows each redirect to its end; in a cycle the smallest id survives.
fn resolve(registers: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for start in registers.keys() {
        let mut path: Vec<&String> = vec![start];
        let mut cur = start;
        let end = loop {
            match registers.get(cur) {
                None => break cur.clone(),
                Some(next) => {
                    if let Some(pos) = path.iter().position(|p| *p == next) {
                        let cycle = path.split_off(pos);
                        break cycle
                            .into_iter()
                            .min()
                            .cloned()
                            .unwrap_or_else(|| next.clone());
                    }
                    path.push(next);
                    cur = next;
                }
            }
        };
        if &end != start {
            out.insert(start.clone(), end);
        }
    }
    out
}

/// Moves the household's last visit to `day` if that is later (a new, unvoided visit).
pub(crate) fn note_visit(conn: &Connection, household: &str, day: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE households SET last_visit = ?2
         WHERE id = ?1 AND (last_visit IS NULL OR last_visit < ?2)",
    )?
    .execute(params![household, day])?;
    Ok(())
}

/// The household's head name, count of present members and their tags, for the list.
pub(crate) fn refresh_members_summary(conn: &Connection, household: &str) -> Result<()> {
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

/// The household's most recent visit day (voided visits do not count).
pub(crate) fn refresh_last_visit(conn: &Connection, household: &str) -> Result<()> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(day) FROM visits WHERE household = ?1 AND voided = 0")?
        .query_row([household], |r| r.get(0))?;
    conn.prepare_cached("UPDATE households SET last_visit = ?2 WHERE id = ?1")?
        .execute(params![household, last])?;
    Ok(())
}

/// Refreshes the open-request aggregates of the household a request is listed under.
pub(crate) fn refresh_open_requests_of(conn: &Connection, request: &str) -> Result<()> {
    let household: String = conn
        .prepare_cached("SELECT household FROM requests WHERE id = ?1")?
        .query_row([request], |r| r.get(0))?;
    refresh_open_requests(conn, &household)
}

/// The household's count of unresolved requests and the earliest due date among them.
pub(crate) fn refresh_open_requests(conn: &Connection, household: &str) -> Result<()> {
    let (open, due): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT count(*), min(due) FROM requests
             WHERE household = ?1 AND status IN ('open', 'dispatched')",
        )?
        .query_row([household], |r| Ok((r.get(0)?, r.get(1)?)))?;
    conn.prepare_cached("UPDATE households SET open_requests = ?2, next_due = ?3 WHERE id = ?1")?
        .execute(params![household, open, due])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn chains_end_at_the_last_household_and_cycles_keep_the_smallest() {
        assert_eq!(
            resolve(&map(&[("a", "b"), ("b", "c")])),
            map(&[("a", "c"), ("b", "c")])
        );
        assert_eq!(resolve(&map(&[("b", "a"), ("a", "b")])), map(&[("b", "a")]));
        assert_eq!(
            resolve(&map(&[("d", "c"), ("c", "b"), ("b", "c")])),
            map(&[("c", "b"), ("d", "b")])
        );
    }
}
