//! This device's identity. It lives in the database and, keyed by the database's own id, in a
//! small file in the config dir; when the two disagree the database was copied from another
//! machine and writes stop until it is enrolled as a new device.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::domain::DeviceId;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceFile {
    pub device: DeviceId,
    pub label: String,
}

pub fn file_path(config_dir: &Path, db_id: &str) -> PathBuf {
    config_dir.join("devices").join(format!("{db_id}.json"))
}

/// Reads the device file; `None` if it is missing or unreadable.
pub fn read(config_dir: &Path, db_id: &str) -> Option<DeviceFile> {
    let text = std::fs::read_to_string(file_path(config_dir, db_id)).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn write(config_dir: &Path, db_id: &str, file: &DeviceFile) -> std::io::Result<()> {
    let path = file_path(config_dir, db_id);
    let text = serde_json::to_string_pretty(file).map_err(std::io::Error::other)?;
    crate::fsutil::write_private(&path, text.as_bytes())
}
