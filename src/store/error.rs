//! What can go wrong opening or writing the database, in words a worker can act on.

use std::path::PathBuf;

use crate::domain::{TransitionError, VisitError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the folder {0} does not exist; create it or choose another path with --db")]
    MissingDirectory(PathBuf),
    /// (The cause is in the message, not chained, so the command line prints it once.)
    #[error("cannot create {path}: {cause}; choose a writable location with --db")]
    CannotCreate {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error(
        "{0} is not a gridbook database (not SQLite, or damaged); check the path given with --db or GRIDBOOK_DB"
    )]
    NotADatabase(PathBuf),
    #[error(
        "this database was made by a newer version of gridbook (schema {found}, this version knows up to {supported}); update gridbook to open it"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "{0} is a symbolic link; gridbook does not open a database or its journal through a link: give the real path with --db, or remove the link"
    )]
    Symlink(PathBuf),
    #[error("the database file is read-only; check its permissions or copy it somewhere writable")]
    ReadOnly,
    #[error("the disk is full; free some space and try again (nothing was written)")]
    DiskFull,
    #[error(
        "the database file could not be written or read (is the disk full or failing?); nothing was written"
    )]
    DiskFailed,
    #[error(
        "the database is busy: another gridbook is writing this database; try again in a moment"
    )]
    Busy,
    /// The file or the values in it are not what gridbook wrote.
    #[error(
        "the database is damaged ({what}); nothing was written; run `gridbook check` to see what is wrong, and keep a copy of the file"
    )]
    Damaged { what: &'static str },
    /// A bundle that was imported already, found inside the import's own transaction (another
    /// import of it finished first); `at` is when, in Unix ms.
    #[error("this bundle was already imported")]
    AlreadyImported { at: i64 },
    #[error("{0}")]
    WritesBlocked(String),
    #[error("this database is already open in another gridbook window; close that window first")]
    AlreadyOpen,
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: String },
    #[error("{0}")]
    Invalid(crate::i18n::said::Said),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Visit(#[from] VisitError),
    /// An import stopped by a check made inside its transaction (nothing was written).
    #[error("bundle refused ({check} check): {detail}; nothing was imported")]
    ImportRefused { check: String, detail: String },
    #[error(
        "the database is damaged (stored data could not be read: {0}); run `gridbook check` to see what is wrong, and keep a copy of the file"
    )]
    Corrupt(String),
    /// Any other SQLite failure: SQLite's own words are kept for debugging, not shown.
    #[error(
        "the database reported an unexpected error ({}); nothing was written; run `gridbook check`, and if it happens again keep a copy of the file for whoever supports gridbook",
        code_of(.0)
    )]
    Sqlite(rusqlite::Error),
    #[error("{context}: {cause}")]
    Io {
        context: crate::fsutil::IoAct,
        cause: std::io::Error,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::{Error as E, ErrorCode};
        // The shared-memory file cannot grow: in practice, the disk (or /dev/shm) is full.
        if let E::SqliteFailure(f, _) = &e
            && f.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
        {
            return Self::DiskFull;
        }
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => return Self::ReadOnly,
            Some(ErrorCode::DiskFull) => return Self::DiskFull,
            Some(ErrorCode::SystemIoFailure) => return Self::DiskFailed,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => return Self::Busy,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                return Self::Damaged {
                    what: "SQLite finds the file damaged",
                };
            }
            Some(ErrorCode::ConstraintViolation) => {
                return Self::Damaged {
                    what: "a change clashed with a record it holds",
                };
            }
            _ => {}
        }
        match e {
            E::InvalidColumnType(..)
            | E::FromSqlConversionFailure(..)
            | E::IntegralValueOutOfRange(..)
            | E::Utf8Error(..) => Self::Damaged {
                what: "a stored value is not of the kind gridbook wrote",
            },
            other => Self::Sqlite(other),
        }
    }
}

/// A short name for an unexpected SQLite error: its result code, or the kind of error.
fn code_of(e: &rusqlite::Error) -> String {
    match e {
        rusqlite::Error::SqliteFailure(f, _) => format!("SQLite code {}", f.extended_code),
        other => {
            let debug = format!("{other:?}");
            debug
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default()
                .to_string()
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}

impl From<crate::oplog::op::OpError> for StoreError {
    fn from(e: crate::oplog::op::OpError) -> Self {
        Self::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    /// Errors from a real SQLite database, as the worker reads them.
    #[test]
    fn sqlite_failures_read_as_what_to_do_never_in_sqlites_words() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("e.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER); INSERT INTO t VALUES ('a', 'many');",
        )
        .unwrap();
        let unique = conn
            .execute("INSERT INTO t VALUES ('a', 1)", [])
            .unwrap_err();
        let wrong_type = conn
            .query_row("SELECT n FROM t", [], |r| r.get::<_, i64>(0))
            .unwrap_err();
        let other = Connection::open(&path).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        let busy = other
            .execute("INSERT INTO t VALUES ('b', 2)", [])
            .unwrap_err();
        let syntax = conn.execute_batch("SELEKT 1").unwrap_err();
        let cases = [
            (unique, "damaged"),
            (wrong_type, "damaged"),
            (busy, "another gridbook is writing"),
            (syntax, "unexpected error (SqlInputError)"),
        ];
        for (e, expect) in cases {
            let text = StoreError::from(e).to_string();
            assert!(text.contains(expect), "{text}");
            for words in [
                "constraint failed",
                "Invalid column type",
                "locked",
                "syntax",
            ] {
                assert!(!text.contains(words), "{text}");
            }
        }
    }
}
