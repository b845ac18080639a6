//! The SQLite store: the only module with SQL. It opens the database (pragmas, migrations,
//! device identity), appends ops through [`Writer`] and keeps the read tables in step with them.

pub mod apply;
pub mod board;
mod chains;
pub mod check;
mod clock;
pub mod device;
pub mod drafts;
pub mod due;
mod error;
pub mod exchange;
mod feeds;
pub(crate) mod fields;
pub mod figures;
mod flags;
pub mod households;
pub mod import;
pub mod import_report;
mod inspect;
pub mod ledger;
pub mod lists;
pub mod lock;
mod migrate;
mod open;
mod redirect;
pub mod requests;
mod resolve;
pub mod review;
pub mod roster_import;
pub mod settle;
pub mod team;
pub mod visits;
mod writer;

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::{Connection, ErrorCode, OpenFlags, OptionalExtension, TransactionBehavior, params};

pub use clock::{Clock, FixedClock, IdSource, SystemClock};
pub use error::{Result, StoreError};
pub use fields::EntityKind;
pub use inspect::{Inspection, inspect};
pub use migrate::{APPLICATION_ID, latest as latest_schema};
pub use writer::Writer;

use crate::domain::DeviceId;
use crate::oplog::op::{Body, DeviceEnrol, SCOPE_ALL};

/// Where the database and this device's identity file live.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub path: PathBuf,
    pub config_dir: PathBuf,
    /// The label for this device if the database is created now (the worker's name and grid).
    pub label: Option<String>,
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    config_dir: PathBuf,
    clock: Box<dyn Clock>,
    ids: IdSource,
    db_id: String,
    device: DeviceId,
    label: String,
    author: String,
    blocked: Option<String>,
    created: bool,
    backup: Option<PathBuf>,
}

/// Local date-times are stored as `YYYY-MM-DDTHH:MM:SS`, which sorts as text.
pub(crate) fn dt(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The four address columns (compound, building, unit, room) starting at column `first`.
pub(crate) fn address_at(
    r: &rusqlite::Row<'_>,
    first: usize,
) -> rusqlite::Result<crate::domain::Address> {
    Ok(crate::domain::Address {
        compound: r.get(first)?,
        building: r.get(first + 1)?,
        unit: r.get(first + 2)?,
        room: r.get(first + 3)?,
    })
}

pub(crate) fn parse_dt(s: &str) -> Result<NaiveDateTime> {
    fixed_dt(s.as_bytes()).ok_or_else(|| StoreError::Corrupt(format!("date-time {s:?}")))
}

/// Reads exactly `YYYY-MM-DDTHH:MM:SS` (reports read hundreds of thousands of these; chrono's
/// format-string parser is several times slower).
fn fixed_dt(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<u32> {
        b.get(from..from + len)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    chrono::NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?
        .and_hms_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?)
}

impl Store {
    /// Opens (creating if needed) the database with the system clock and random ids.
    pub fn open(opts: &OpenOptions) -> Result<Self> {
        Self::open_with(opts, Box::new(SystemClock), IdSource::Random)
    }

    pub fn open_with(opts: &OpenOptions, clock: Box<dyn Clock>, ids: IdSource) -> Result<Self> {
        let path = opts.path.clone();
        // Nothing is written before the file is known to be ours (or new).
        let created = open::prepare(&path)?;
        let mut conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|e| open_error(e, &path))?;
        configure(&conn).map_err(|e| open_error(e, &path))?;
        let backup = migrate::migrate(&mut conn, &path).map_err(|e| match e {
            StoreError::Sqlite(inner) => open_error(inner, &path),
            other => other,
        })?;
        let mut store = Self {
            conn,
            path,
            config_dir: opts.config_dir.clone(),
            clock,
            ids,
            db_id: String::new(),
            device: DeviceId(uuid::Uuid::nil()),
            label: String::new(),
            author: String::new(),
            blocked: None,
            created,
            backup,
        };
        store.load_identity(opts.label.as_deref())?;
        Ok(store)
    }

    fn load_identity(&mut self, label: Option<&str>) -> Result<()> {
        let db_id: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(db_id) = db_id else {
            return self.enrol_new(label.unwrap_or(&default_label()), true);
        };
        let (id, label): (String, String) = self
            .conn
            .query_row("SELECT id, label FROM device_self", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .map_err(|_| StoreError::Corrupt("the database has no device identity".into()))?;
        self.device =
            DeviceId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("device id {id:?}")))?;
        self.author.clone_from(&label);
        self.label = label;
        self.db_id = db_id;
        let on_disk = device::read(&self.config_dir, &self.db_id);
        if on_disk.as_ref().map(|f| f.device) != Some(self.device) {
            self.blocked = Some(format!(
                "this database belongs to another device (it was copied, or this machine's gridbook \
                 settings were reset); changes are blocked until you run `gridbook enrol` to register \
                 this copy as a new device ({})",
                device::file_path(&self.config_dir, &self.db_id).display()
            ));
        }
        Ok(())
    }

    /// Gives this database a new device identity (at creation, or after it was copied).
    fn enrol_new(&mut self, label: &str, fresh: bool) -> Result<()> {
        let now = self.clock.now_ms();
        let device = DeviceId(IdSource::Random.next(now));
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if fresh {
            self.db_id = IdSource::Random.next(now).to_string();
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('db_id', ?1), ('created_ms', ?2)",
                params![self.db_id, now.to_string()],
            )?;
        }
        let hlc_last: i64 = tx
            .query_row("SELECT max(hlc_last) FROM device_self", [], |r| {
                r.get::<_, Option<i64>>(0)
            })?
            .unwrap_or(0);
        tx.execute("DELETE FROM device_self", [])?;
        tx.execute(
            "INSERT INTO device_self (id, label, hlc_last, enrolled_at) VALUES (?1, ?2, ?3, ?4)",
            params![device.to_string(), label, hlc_last, now],
        )?;
        tx.commit()?;
        device::write(
            &self.config_dir,
            &self.db_id,
            &device::DeviceFile {
                device,
                label: label.to_string(),
            },
        )
        .map_err(|cause| StoreError::CannotCreate {
            path: device::file_path(&self.config_dir, &self.db_id),
            cause,
        })?;
        self.device = device;
        self.label = label.to_string();
        self.author = label.to_string();
        self.blocked = None;
        let body = Body::DeviceEnrol(DeviceEnrol {
            label: label.to_string(),
            sign_pk: None,
            age_pk: None,
        });
        self.write(|w| w.append(SCOPE_ALL, device.0, Vec::new(), body).map(|_| ()))
    }

    /// Registers a copied database as a new device so it can be written again.
    pub fn enrol(&mut self, label: &str) -> Result<()> {
        self.enrol_new(label, false)
    }

    /// Gives this device a new label (the worker's name and grid), told to peers with an enrol
    /// op; its keys, once announced, stay as they are.
    pub fn relabel(&mut self, label: &str) -> Result<()> {
        let label = label.trim();
        if label.is_empty() || label == self.label {
            return Ok(());
        }
        let device = self.device;
        let body = Body::DeviceEnrol(DeviceEnrol {
            label: label.to_string(),
            sign_pk: None,
            age_pk: None,
        });
        self.write(|w| {
            w.conn()
                .execute("UPDATE device_self SET label = ?1", [label])?;
            w.append(SCOPE_ALL, device.0, Vec::new(), body).map(|_| ())
        })?;
        device::write(
            &self.config_dir,
            &self.db_id,
            &device::DeviceFile {
                device,
                label: label.to_string(),
            },
        )
        .map_err(|cause| StoreError::CannotCreate {
            path: device::file_path(&self.config_dir, &self.db_id),
            cause,
        })?;
        self.label = label.to_string();
        Ok(())
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction; every op it appends is committed together
    /// with the read tables, or nothing is.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.transact(true, f)
    }

    /// Runs `f` exactly as [`Store::write`] would, then rolls the transaction back: whatever `f`
    /// returns describes what a real write would do, and nothing is written. Writes blocked on
    /// this database are refused here too, as the real write would be.
    pub fn dry_run<T>(&mut self, f: impl FnOnce(&mut Writer<'_>) -> Result<T>) -> Result<T> {
        self.transact(false, f)
    }

    fn transact<T>(
        &mut self,
        commit: bool,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if let Some(reason) = &self.blocked {
            return Err(StoreError::WritesBlocked(reason.clone()));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let hlc: i64 = tx.query_row("SELECT hlc_last FROM device_self", [], |r| r.get(0))?;
        let mut w = Writer::new(
            tx,
            self.device,
            &self.author,
            &*self.clock,
            &mut self.ids,
            hlc as u64,
        );
        let out = f(&mut w)?;
        if commit {
            w.commit()?;
        } else {
            w.rollback()?;
        }
        Ok(out)
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// The name ops are signed with as author (the worker); defaults to the device label.
    pub fn set_author(&mut self, author: &str) {
        if !author.trim().is_empty() {
            self.author = author.trim().to_string();
        }
    }

    pub fn author(&self) -> &str {
        &self.author
    }

    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// Why writes are blocked, if they are.
    pub fn blocked(&self) -> Option<&str> {
        self.blocked.as_deref()
    }

    /// Whether this open created the database file.
    pub fn created(&self) -> bool {
        self.created
    }

    /// The backup made before migrating, if a migration ran.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_deref()
    }

    pub fn db_id(&self) -> &str {
        &self.db_id
    }

    /// Sets SQLite's page cache for this connection; bulk writers (the demo, imports) use a
    /// larger one than the interface needs.
    pub fn set_cache_mb(&self, mb: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -mb * 1024)?;
        Ok(())
    }

    /// Number of ops in the log.
    pub fn op_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM ops", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

fn default_label() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "gridbook".into());
    format!("{user}'s laptop")
}

/// The page cache, in MiB, the database is opened with.
pub(crate) const CACHE_MIB: i64 = 8;

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // The write path uses a few dozen distinct statements; keep them all prepared, and keep
    // their plans: without the planner stability guarantee SQLite re-prepares a statement
    // whenever a bound value might change its plan, which cost a quarter of every write.
    conn.set_prepared_statement_cache_capacity(256);
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    // WAL cannot be used on some file systems (network shares); SQLite then keeps its default
    // rollback journal, which is just as safe, only slower.
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;",
    )?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{}", CACHE_MIB * 1024))?;
    Ok(())
}

/// Settings for extra read-only connections (background loading).
pub(crate) fn configure_reader(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    Ok(())
}

fn open_error(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase(path.to_path_buf()),
        Some(ErrorCode::CannotOpen) => StoreError::CannotCreate {
            path: path.to_path_buf(),
            cause: std::io::Error::other("SQLite cannot open the file"),
        },
        _ => StoreError::from(e),
    }
}

impl Store {
    /// Marks this database as demo data, which `gridbook demo` may overwrite.
    pub fn mark_demo(&mut self) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')",
            [],
        )?;
        Ok(())
    }

    /// Whether the file at `path` is a gridbook demo database (which may be replaced).
    pub fn is_demo(path: &Path) -> Result<bool> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| open_error(e, path))?;
        let demo: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'demo'", [], |r| {
                r.get(0)
            })
            .optional()
            .unwrap_or(None);
        Ok(demo.as_deref() == Some("1"))
    }

    /// Deletes a database file with its WAL and shared-memory files.
    pub fn remove_files(path: &Path) -> Result<()> {
        for suffix in ["", "-wal", "-shm"] {
            let p = PathBuf::from(format!("{}{suffix}", path.display()));
            match std::fs::remove_file(&p) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(cause) => {
                    return Err(StoreError::Io {
                        context: crate::fsutil::IoAct::Remove(p.to_path_buf()),
                        cause,
                    });
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_read_exactly_as_written() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 2, 28)
            .unwrap()
            .and_hms_opt(23, 5, 9)
            .unwrap();
        assert_eq!(parse_dt(&dt(t)).unwrap(), t);
        for bad in [
            "2026-02-29T10:00:00",
            "2026-13-01T10:00:00",
            "2026-01-01 10:00:00",
            "2026-01-01T10:00",
            "2026-01-01T10:00:00.5",
            "２026-01-01T10:00:00",
            "2026-01-01T24:00:00",
            "",
        ] {
            assert!(parse_dt(bad).is_err(), "{bad}");
        }
    }
}
