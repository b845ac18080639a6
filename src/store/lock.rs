//! One interface window per database: an exclusive lock on `<db>.lock`, released when the
//! window closes (or its process dies, so a crash never leaves a stale lock). The lock file is
//! owner-only and never opened through a symbolic link.

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
        let file = crate::fsutil::open_in_place(&path).map_err(|cause| StoreError::Io {
            context: crate::fsutil::IoAct::CreateLock(path.to_path_buf()),
            cause,
        })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::AlreadyOpen),
            Err(std::fs::TryLockError::Error(cause)) => Err(StoreError::Io {
                context: crate::fsutil::IoAct::Lock(path.to_path_buf()),
                cause,
            }),
        }
    }
}
