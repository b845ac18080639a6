//! What can go wrong opening or writing the database, in words a worker can act on.

use std::path::PathBuf;

use crate::domain::{TransitionError, VisitError};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the folder {0} does not exist; create it or choose another path with --db")]
    MissingDirectory(PathBuf),
    #[error("cannot create {path}: {source}; choose a writable location with --db")]
    CannotCreate {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0} is not a gridbook database (not SQLite, or damaged); check the path given with --db or GRIDBOOK_DB"
    )]
    NotADatabase(PathBuf),
    #[error(
        "this database was made by a newer version of gridbook (schema {found}, this version knows up to {supported}); update gridbook to open it"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("the database file is read-only; check its permissions or copy it somewhere writable")]
    ReadOnly,
    #[error("the disk is full; free some space and try again (nothing was saved)")]
    DiskFull,
    #[error(
        "the database file could not be written or read (is the disk full or failing?); nothing was saved"
    )]
    DiskFailed,
    #[error("the database is busy in another gridbook window; close that window and try again")]
    Busy,
    #[error("{0}")]
    WritesBlocked(String),
    #[error("this database is already open in another gridbook window; close that window first")]
    AlreadyOpen,
    #[error("no {kind} with id {id}")]
    NotFound { kind: &'static str, id: String },
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Transition(#[from] TransitionError),
    #[error(transparent)]
    Visit(#[from] VisitError),
    /// An import stopped by a check made inside its transaction (nothing was written).
    #[error("bundle refused ({check} check): {detail}; nothing was imported")]
    ImportRefused { check: String, detail: String },
    #[error("stored data could not be read: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::SystemIoFailure) => Self::DiskFailed,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            _ => Self::Sqlite(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}

impl From<crate::sync::op::OpError> for StoreError {
    fn from(e: crate::sync::op::OpError) -> Self {
        Self::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
