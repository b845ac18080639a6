//! Schema migrations: an ordered list of SQL files, applied one transaction each and tracked in
//! `PRAGMA user_version`; a migration may add a step in Rust run in the same transaction (the
//! feed chains of schema 4 are computed from the op log). An existing database is backed up with
//! `VACUUM INTO` before migrating.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// Marks a SQLite file as gridbook's ("GBK1").
pub const APPLICATION_ID: i64 = 0x4742_4B31;

/// One schema step: its SQL, then an optional step in Rust inside the same transaction.
pub(crate) struct Migration {
    sql: &'static str,
    then: Option<fn(&Connection) -> Result<()>>,
}

impl Migration {
    const fn sql(sql: &'static str) -> Self {
        Self { sql, then: None }
    }
}

const MIGRATIONS: &[Migration] = &[
    Migration::sql(include_str!("migrations/0001_init.sql")),
    Migration::sql(include_str!("migrations/0002_drafts.sql")),
    Migration::sql(include_str!("migrations/0003_sync.sql")),
    Migration {
        sql: include_str!("migrations/0004_provenance.sql"),
        then: Some(super::chains::backfill),
    },
];

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
    migrate_with(conn, path, MIGRATIONS)
}

fn migrate_with(
    conn: &mut Connection,
    path: &Path,
    migrations: &[Migration],
) -> Result<Option<PathBuf>> {
    let latest = migrations.len() as i64;
    let found = user_version(conn)?;
    if found > latest {
        return Err(StoreError::NewerSchema {
            found,
            supported: latest,
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
    let backup = if found > 0 && found < latest {
        Some(backup(conn, path, found)?)
    } else {
        None
    };
    for (i, step) in migrations.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        if let Some(then) = step.then {
            then(&tx)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(backup)
}

/// Copies the database to `<db>.v<version>.bak` (or `.v<version>.<n>.bak` if that name is
/// taken): `VACUUM INTO` a temporary file created owner-only beside it, renamed into place once
/// it is whole. A link at a taken name is left alone; nothing is written through one.
fn backup(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let taken = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    let mut target = PathBuf::from(format!("{}.v{version}.bak", path.display()));
    let mut n = 1;
    while taken(&target) {
        target = PathBuf::from(format!("{}.v{version}.{n}.bak", path.display()));
        n += 1;
    }
    let io = |cause| StoreError::Io {
        context: crate::fsutil::IoAct::Backup(target.to_path_buf()),
        cause,
    };
    let file = crate::fsutil::NewFile::create(&target).map_err(io)?;
    let temp_text = file.temp_path().to_str().ok_or_else(|| {
        StoreError::Invalid(
            crate::i18n::said::Said::new(crate::i18n::Msg::InvInternal)
                .with("what", format!("cannot back up to {}", target.display())),
        )
    })?;
    conn.execute("VACUUM INTO ?1", [temp_text])?;
    file.persist().map_err(io)?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST: Migration =
        Migration::sql("CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);");
    const SECOND: Migration =
        Migration::sql("ALTER TABLE a ADD COLUMN y TEXT; UPDATE a SET y = 'two';");
    const BROKEN: Migration = Migration::sql("CREATE TABLE b (z); INSERT INTO nowhere VALUES (1);");

    #[test]
    fn migrating_an_existing_file_backs_it_up_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        assert_eq!(migrate_with(&mut conn, &path, &[FIRST]).unwrap(), None);
        let backup = migrate_with(&mut conn, &path, &[FIRST, SECOND])
            .unwrap()
            .unwrap();
        assert_eq!(user_version(&conn).unwrap(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&backup).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let old = Connection::open(&backup).unwrap();
        assert_eq!(user_version(&old).unwrap(), 1);
        let cols: i64 = old
            .query_row("SELECT count(*) FROM pragma_table_info('a')", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(cols, 1);
    }

    #[test]
    fn a_failing_migration_leaves_the_previous_version_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.db");
        let mut conn = Connection::open(&path).unwrap();
        migrate_with(&mut conn, &path, &[FIRST]).unwrap();
        assert!(migrate_with(&mut conn, &path, &[FIRST, BROKEN]).is_err());
        assert_eq!(user_version(&conn).unwrap(), 1);
        let b: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'b'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(b, 0);
    }

    #[test]
    fn the_real_migrations_run_from_empty() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, Path::new(":memory:")).unwrap();
        assert_eq!(user_version(&conn).unwrap(), latest());
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }
}
