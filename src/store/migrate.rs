//! Schema migrations: an ordered list of SQL files, applied one transaction each and tracked in
//! `PRAGMA user_version`. An existing database is backed up with `VACUUM INTO` before migrating.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// Marks a SQLite file as gridbook's ("GBK1").
pub const APPLICATION_ID: i64 = 0x4742_4B31;

const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

/// The schema version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database to the latest schema. `path` is the file on disk (for the backup);
/// returns the backup made, if any.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<Option<PathBuf>> {
    let found = user_version(conn)?;
    if found > latest() {
        return Err(StoreError::NewerSchema {
            found,
            supported: latest(),
        });
    }
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if found == 0 {
        let tables: i64 = conn.query_row(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
            [],
            |r| r.get(0),
        )?;
        if tables > 0 || (app_id != 0 && app_id != APPLICATION_ID) {
            return Err(StoreError::NotADatabase(path.to_path_buf()));
        }
    } else if app_id != APPLICATION_ID {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let backup = if found > 0 && found < latest() {
        Some(backup(conn, path, found)?)
    } else {
        None
    };
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(backup)
}

fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let mut target = PathBuf::from(format!("{}.v{version}.bak", path.display()));
    let mut n = 1;
    while target.exists() {
        target = PathBuf::from(format!("{}.v{version}.{n}.bak", path.display()));
        n += 1;
    }
    let target_text = target
        .to_str()
        .ok_or_else(|| StoreError::Invalid(format!("cannot back up to {}", target.display())))?;
    conn.execute("VACUUM INTO ?1", [target_text])?;
    Ok(target)
}
