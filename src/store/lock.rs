//! One interface window per database: an exclusive lock on `<db>.lock`, released when the
//! window closes (or its process dies, so a crash never leaves a stale lock).

use std::fs::File;
use std::path::{Path, PathBuf};

use super::error::{Result, StoreError};

#[derive(Debug)]
pub struct WindowLock {
    _file: File,
}

impl WindowLock {
    /// Takes the lock, or fails with [`StoreError::AlreadyOpen`] if another window holds it.
    pub fn acquire(db: &Path) -> Result<Self> {
        let path = PathBuf::from(format!("{}.lock", db.display()));
        let file =
            crate::fsutil::create_private_file(&path, false).map_err(|source| StoreError::Io {
                context: format!("cannot create the lock file {}", path.display()),
                source,
            })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen),
            Err(std::fs::TryLockError::Error(source)) => Err(StoreError::Io {
                context: format!("cannot lock {}", path.display()),
                source,
            }),
        }
    }
}
