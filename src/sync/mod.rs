//! Sync by file (SYNC.md): the op log's semantics, the bundle format, and export and import.
//! Ops and the hybrid logical clock are the log; bundles carry ops between devices as files,
//! encrypted with age and signed with the sending device's Ed25519 key.

pub mod bundle;
pub mod crypt;
mod error;
pub mod export;
pub mod hlc;
pub mod import;
pub mod keys;
pub mod op;
pub mod reader;
pub mod report;
pub mod status;
pub mod strict;
pub mod vector;

pub use error::SyncError;
