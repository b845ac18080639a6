//! `gridbook check`: SQLite's integrity check, the op hashes, and a rebuild of every read table
//! from the op log compared with the live tables.

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::apply::Outcome;
use super::error::{Result, StoreError};
use super::settle::{Effects, Woken, settle};
use super::writer::insert_op;
use super::{Store, migrate};
use crate::oplog::op::{Op, sha256};

/// The read tables rebuilt and compared, with the key shown when rows differ.
const TABLES: &[(&str, &str)] = &[
    ("households", "id"),
    ("members", "id"),
    ("member_tags", "member"),
    ("visits", "id"),
    ("visit_versions", "op_id"),
    ("requests", "id"),
    ("request_events", "op_id"),
    ("field_heads", "entity"),
    ("conflicts", "entity"),
    ("field_writes", "op_id"),
    ("parked", "op_id"),
    ("certificates", "device"),
    ("revocations", "device"),
];

/// What `check` found. Empty `problems` means the database is sound.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    pub ops: u64,
    pub problems: Vec<crate::i18n::said::Said>,
}

impl CheckReport {
    pub fn is_ok(&self) -> bool {
        self.problems.is_empty()
    }
}

impl Store {
    /// Runs every check; `progress` is called with (ops replayed, total).
    pub fn check(&self, progress: &mut dyn FnMut(u64, u64)) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        let mut stmt = self.conn().prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if lines != ["ok"] {
            report.problems.extend(lines.into_iter().take(20).map(|l| {
                crate::i18n::said::Said::new(crate::i18n::Msg::ChkIntegrity).with("line", l)
            }));
            return Ok(report);
        }
        let fk: i64 =
            self.conn()
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
        if fk > 0 {
            report
                .problems
                .push(crate::i18n::said::Said::new(crate::i18n::Msg::ChkParents).with("n", fk));
        }
        report.ops = self.op_count()?;
        let broken = super::chains::broken_links(self.conn())?;
        if broken > 0 {
            report
                .problems
                .push(crate::i18n::said::Said::new(crate::i18n::Msg::ChkChain).with("n", broken));
        }
        rebuild_and_compare(self.path(), report.ops, &mut report, progress)?;
        Ok(report)
    }
}

fn rebuild_and_compare(
    live: &Path,
    total: u64,
    report: &mut CheckReport,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<()> {
    // An empty file name gives a private temporary database that spills to disk when large.
    let mut fresh = Connection::open_with_flags(
        "",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
    )?;
    fresh.execute_batch("PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;")?;
    migrate::migrate(&mut fresh, Path::new("rebuild"))?;
    let live_text = live.to_str().ok_or_else(|| {
        StoreError::Invalid(
            crate::i18n::said::Said::new(crate::i18n::Msg::InvInternal)
                .with("what", format!("cannot read {}", live.display())),
        )
    })?;
    fresh.execute("ATTACH DATABASE ?1 AS live", [live_text])?;
    // Certificates are checked against this database's team key: the local membership is copied,
    // not rebuilt.
    fresh.execute("INSERT INTO main.team SELECT * FROM live.team", [])?;

    let tx = fresh.transaction()?;
    let mut states: Vec<(String, i64)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT raw, sha256, state FROM live.ops ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        let mut done = 0u64;
        let mut woken = Woken::default();
        let mut fx = Effects::deferred().with_parked(0);
        while let Some(row) = rows.next()? {
            let raw: Vec<u8> = row.get(0)?;
            let hash: Vec<u8> = row.get(1)?;
            let state: i64 = row.get(2)?;
            done += 1;
            if done.is_multiple_of(10_000) {
                progress(done, total);
            }
            if sha256(&raw).as_slice() != hash.as_slice() {
                report
                    .problems
                    .push(crate::i18n::said::Said::new(crate::i18n::Msg::ChkHash).with("n", done));
                continue;
            }
            let op = match Op::from_raw(raw) {
                Ok(op) => op,
                Err(e) => {
                    report.problems.push(
                        crate::i18n::said::Said::new(crate::i18n::Msg::ChkUnreadable)
                            .with("n", done)
                            .with("e", e),
                    );
                    continue;
                }
            };
            states.push((op.env.id.to_string(), state));
            insert_op(&tx, &op, Outcome::Applied, None, 0, None)?;
            settle(&tx, &op, &mut woken, &mut fx)?;
        }
        fx.flush(&tx)?;
        progress(done, total);
    }
    let mut state_stmt = tx.prepare("SELECT state FROM ops WHERE op_id = ?1")?;
    let mut wrong_states = 0;
    for (id, live_state) in &states {
        let rebuilt: i64 = state_stmt.query_row([id], |r| r.get(0))?;
        if rebuilt != *live_state {
            wrong_states += 1;
        }
    }
    drop(state_stmt);
    if wrong_states > 0 {
        report.problems.push(
            crate::i18n::said::Said::new(crate::i18n::Msg::ChkStates).with("n", wrong_states),
        );
    }
    for (table, key) in TABLES {
        compare(&tx, table, key, report)?;
    }
    Ok(())
}

fn compare(conn: &Connection, table: &str, key: &str, report: &mut CheckReport) -> Result<()> {
    let missing = differing_keys(
        conn,
        &format!("main.{table}"),
        &format!("live.{table}"),
        key,
    )?;
    let extra = differing_keys(
        conn,
        &format!("live.{table}"),
        &format!("main.{table}"),
        key,
    )?;
    if missing.0 > 0 || extra.0 > 0 {
        let mut keys = missing.1;
        keys.extend(extra.1);
        keys.sort();
        keys.dedup();
        keys.truncate(5);
        report.problems.push(
            crate::i18n::said::Said::new(crate::i18n::Msg::ChkTable)
                .with("table", table)
                .with("n", missing.0.max(extra.0))
                .with("keys", keys.join(", ")),
        );
    }
    Ok(())
}

/// Rows of `a` not in `b`: how many, and a few of their keys.
fn differing_keys(conn: &Connection, a: &str, b: &str, key: &str) -> Result<(u64, Vec<String>)> {
    let count: i64 = conn.query_row(
        &format!("SELECT count(*) FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b})"),
        [],
        |r| r.get(0),
    )?;
    if count == 0 {
        return Ok((0, Vec::new()));
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT {key} FROM (SELECT * FROM {a} EXCEPT SELECT * FROM {b}) LIMIT 5"
    ))?;
    let keys = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((count as u64, keys))
}
