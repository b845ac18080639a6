//! Looking at a database without changing it, for `gridbook doctor`. The path is checked as
//! [`super::open`] checks it and the header judged the same way; then SQLite reads the file in
//! its `immutable` mode: no lock taken, no `-wal` or `-shm` made, nothing created or migrated.
//! (A plain read-only connection leaves a `-wal` and a `-shm` behind.) What is read is the file
//! as of its last checkpoint: [`Inspection::wal`] says when a write-ahead log holds more.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::error::{Result, StoreError};
use super::open::{is_link, journal_paths, judge, read_header};
use super::open_error;
use crate::domain::DeviceId;

/// What a database file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// The schema version (`user_version`); 0 for an empty file or an empty SQLite database.
    pub schema: i64,
    /// The database's own id, which names its device and key files.
    pub db_id: Option<String>,
    /// The device this database was enrolled as.
    pub device: Option<DeviceId>,
    /// A non-empty `-wal` lies beside the file: another gridbook has it open, or did not close.
    pub wal: bool,
}

/// Inspects the database at `path` read-only; `Ok(None)` if there is no file there.
pub fn inspect(path: &Path) -> Result<Option<Inspection>> {
    for journal in journal_paths(path) {
        if is_link(&journal) {
            return Err(StoreError::Symlink(journal));
        }
    }
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(cause) => {
            return Err(StoreError::Io {
                context: crate::fsutil::IoAct::Read(path.to_path_buf()),
                cause,
            });
        }
    };
    if meta.file_type().is_symlink() {
        return Err(StoreError::Symlink(path.to_path_buf()));
    }
    if !meta.is_file() {
        return Err(StoreError::NotADatabase(path.to_path_buf()));
    }
    let wal = journal_paths(path)
        .next()
        .and_then(|wal| std::fs::symlink_metadata(wal).ok())
        .is_some_and(|m| m.len() > 0);
    let empty = Inspection {
        schema: 0,
        db_id: None,
        device: None,
        wal,
    };
    let Some(header) = read_header(path)? else {
        return Ok(Some(empty));
    };
    judge(&header, path)?;
    if header.user_version == 0 {
        return Ok(Some(empty));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NOFOLLOW
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn =
        Connection::open_with_flags(immutable_uri(path), flags).map_err(|e| open_error(e, path))?;
    let schema: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| open_error(e, path))?;
    let db_id: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(|e| open_error(e, path))?;
    let device: Option<String> = conn
        .query_row("SELECT id FROM device_self", [], |r| r.get(0))
        .optional()
        .map_err(|e| open_error(e, path))?;
    let device = match device {
        Some(id) => Some(
            DeviceId::parse(&id).ok_or_else(|| StoreError::Corrupt(format!("device id {id:?}")))?,
        ),
        None => None,
    };
    Ok(Some(Inspection {
        schema,
        db_id,
        device,
        wal,
    }))
}

/// `file:PATH?mode=ro&immutable=1`, the path percent-encoded byte by byte (a `?`, `#` or `%` in a
/// folder name would otherwise end or change the path).
fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?mode=ro&immutable=1");
    uri
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{FixedClock, IdSource, OpenOptions, Store, latest_schema};

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                let bytes = std::fs::read(&p).unwrap_or_default();
                (p.display().to_string(), bytes)
            })
            .collect();
        v.sort();
        v
    }

    fn store_in(dir: &Path, name: &str) -> Store {
        let opts = OpenOptions {
            path: dir.join(name),
            config_dir: dir.join("config"),
            label: Some("测试".into()),
        };
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23)
            .and_then(|d| d.and_hms_opt(10, 0, 0))
            .unwrap();
        Store::open_with(&opts, Box::new(FixedClock::at(now)), IdSource::seeded(1)).unwrap()
    }

    #[test]
    fn reads_the_id_and_device_and_leaves_every_byte_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        // Odd characters in the name must not end or change the URI's path.
        let name = "a b?c#d%e 网格.db";
        let store = store_in(dir.path(), name);
        let (db_id, device) = (store.db_id().to_string(), store.device());
        drop(store);
        let before = files(dir.path());
        let found = inspect(&dir.path().join(name)).unwrap().unwrap();
        assert_eq!(
            found,
            Inspection {
                schema: latest_schema(),
                db_id: Some(db_id),
                device: Some(device),
                wal: false,
            }
        );
        assert_eq!(
            files(dir.path()),
            before,
            "no -wal, no -shm, nothing changed"
        );
    }

    #[test]
    fn a_missing_file_is_none_and_stays_missing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("none.db");
        assert_eq!(inspect(&path).unwrap(), None);
        assert!(files(dir.path()).is_empty());
    }

    #[test]
    fn an_empty_file_is_schema_0_and_a_foreign_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, b"").unwrap();
        let found = inspect(&empty).unwrap().unwrap();
        assert_eq!((found.schema, found.db_id), (0, None));
        let csv = dir.path().join("roster.csv");
        std::fs::write(&csv, "household,name\n1,王芳\n".repeat(10)).unwrap();
        assert!(matches!(inspect(&csv), Err(StoreError::NotADatabase(_))));
    }

    #[test]
    fn an_open_database_shows_its_write_ahead_log() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path(), "open.db");
        // What the file holds before its first checkpoint may be only the header; the log is
        // what tells.
        let found = inspect(&dir.path().join("open.db")).unwrap().unwrap();
        assert!(found.wal, "the store keeps its WAL while open");
        drop(store);
        let closed = inspect(&dir.path().join("open.db")).unwrap().unwrap();
        assert!(!closed.wal);
        assert_eq!(closed.schema, latest_schema());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(store_in(dir.path(), "real.db"));
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(dir.path().join("real.db"), &link).unwrap();
        assert!(matches!(inspect(&link), Err(StoreError::Symlink(_))));
    }
}
