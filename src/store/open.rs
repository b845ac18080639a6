//! Before SQLite touches the file: the database path and its journals are checked without
//! writing anything (no symbolic link; a regular file whose SQLite header is gridbook's and not
//! from a newer version), so a refused file is left byte for byte as it was. A new database is
//! created owner-only; an existing one of ours is made owner-only, which SQLite then gives its
//! `-wal` and `-shm` files too.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};
use super::migrate::{APPLICATION_ID, latest};

/// The files SQLite keeps beside the database.
const JOURNALS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Checks the file at `path` and creates it owner-only if it is missing. Returns whether it was
/// created.
pub(super) fn prepare(path: &Path) -> Result<bool> {
    for journal in journal_paths(path) {
        if is_link(&journal) {
            return Err(StoreError::Symlink(journal));
        }
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(StoreError::Symlink(path.to_path_buf())),
        Ok(meta) if meta.is_file() => {
            check_header(path)?;
            make_owner_only(path);
            Ok(false)
        }
        Ok(_) => Err(StoreError::NotADatabase(path.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(cause) => Err(StoreError::CannotCreate {
            path: path.to_path_buf(),
            cause,
        }),
    }
}

pub(super) fn journal_paths(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    JOURNALS
        .iter()
        .map(move |s| PathBuf::from(format!("{}{s}", path.display())))
}

pub(super) fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

fn create(path: &Path) -> Result<bool> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        return Err(StoreError::MissingDirectory(parent.to_path_buf()));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    match opts.open(path) {
        Ok(_) => Ok(true),
        // Another process created it a moment ago: check it as any existing file.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => prepare(path),
        Err(cause) => Err(StoreError::CannotCreate {
            path: path.to_path_buf(),
            cause: crate::fsutil::explain(cause),
        }),
    }
}

/// Takes group and other permissions away from the database and its journals (best effort: a
/// file of another owner keeps its mode, and SQLite reports what it then cannot do).
fn make_owner_only(path: &Path) {
    #[cfg(unix)]
    for file in std::iter::once(path.to_path_buf()).chain(journal_paths(path)) {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::symlink_metadata(&file)
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            let owner = meta.permissions().mode() & 0o700;
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(owner));
        }
    }
}

/// What the first page of a SQLite file says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    pub user_version: i64,
    pub application_id: i64,
    /// Whether the schema table lists anything (tables, indexes …).
    pub has_schema: bool,
}

const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The 100-byte database header and the 8-byte b-tree page header of page 1 that follows it.
const HEADER_LEN: usize = 108;

/// Reads the header of a non-empty file: `None` if it is not a SQLite database.
pub(super) fn parse_header(bytes: &[u8]) -> Option<Header> {
    if bytes.len() < HEADER_LEN || !bytes.starts_with(MAGIC) {
        return None;
    }
    let be32 = |at: usize| -> Option<i64> {
        let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
        Some(i64::from(i32::from_be_bytes(b)))
    };
    let page_type = *bytes.get(100)?;
    let cells = u16::from_be_bytes(bytes.get(103..105)?.try_into().ok()?);
    Some(Header {
        user_version: be32(60)?,
        application_id: be32(68)?,
        // A leaf page (0x0D) lists its cells; an interior page (0x05) means many entries.
        has_schema: page_type != 0x0D || cells > 0,
    })
}

/// Whether gridbook may open a file with this header: it is ours (or a new, empty SQLite
/// file), and not from a newer gridbook.
pub(super) fn judge(h: &Header, path: &Path) -> Result<()> {
    let not_ours = || StoreError::NotADatabase(path.to_path_buf());
    let latest = latest();
    if h.application_id == APPLICATION_ID {
        if h.user_version > latest {
            return Err(StoreError::NewerSchema {
                found: h.user_version,
                supported: latest,
            });
        }
        if h.user_version == 0 && h.has_schema {
            return Err(not_ours());
        }
        return Ok(());
    }
    if h.application_id != 0 || h.user_version != 0 || h.has_schema {
        return Err(not_ours());
    }
    Ok(())
}

/// Reads the header read-only and judges it. An empty file is a new database. (In WAL mode the
/// header in the file is that of the last checkpoint; the checks made after opening, in
/// `migrate`, see the rest.)
fn check_header(path: &Path) -> Result<()> {
    match read_header(path)? {
        Some(header) => judge(&header, path),
        None => Ok(()),
    }
}

/// Reads the header of the file at `path` without writing: `None` if the file is empty.
pub(super) fn read_header(path: &Path) -> Result<Option<Header>> {
    let mut bytes = Vec::with_capacity(HEADER_LEN);
    crate::fsutil::open_regular(path)
        .and_then(|f| f.take(HEADER_LEN as u64).read_to_end(&mut bytes))
        .map_err(|cause| StoreError::Io {
            context: crate::fsutil::IoAct::Read(path.to_path_buf()),
            cause,
        })?;
    if bytes.is_empty() {
        return Ok(None);
    }
    parse_header(&bytes)
        .map(Some)
        .ok_or_else(|| StoreError::NotADatabase(path.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn header_of(sql: &str) -> Header {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        parse_header(&std::fs::read(&path).unwrap()).unwrap()
    }

    #[test]
    fn the_header_gives_what_the_pragmas_say() {
        let h = header_of(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 7; CREATE TABLE t (x);"
        ));
        assert_eq!(h.application_id, APPLICATION_ID);
        assert_eq!(h.user_version, 7);
        assert!(h.has_schema);
        let bare = header_of("PRAGMA user_version = 1; PRAGMA user_version = 0;");
        assert_eq!((bare.user_version, bare.application_id), (0, 0));
        assert!(!bare.has_schema);
        let many = header_of(
            &(0..200)
                .map(|i| format!("CREATE TABLE t{i} (x);"))
                .collect::<String>(),
        );
        assert!(many.has_schema);
    }

    #[test]
    fn only_ours_or_an_empty_file_is_accepted() {
        let p = Path::new("x.db");
        let h = |application_id, user_version, has_schema| Header {
            user_version,
            application_id,
            has_schema,
        };
        assert!(judge(&h(APPLICATION_ID, latest(), true), p).is_ok());
        assert!(judge(&h(APPLICATION_ID, 1, true), p).is_ok());
        assert!(judge(&h(0, 0, false), p).is_ok());
        assert!(matches!(
            judge(&h(APPLICATION_ID, latest() + 1, true), p),
            Err(StoreError::NewerSchema { .. })
        ));
        for other in [
            h(0, 0, true),
            h(0, 2, true),
            h(0x1234_5678, 0, false),
            h(0x1234_5678, latest() + 1, true),
            h(APPLICATION_ID, 0, true),
        ] {
            assert!(
                matches!(judge(&other, p), Err(StoreError::NotADatabase(_))),
                "{other:?}"
            );
        }
        assert_eq!(parse_header(b"not sqlite at all"), None);
        assert_eq!(parse_header(&[0u8; 200]), None);
    }
}
