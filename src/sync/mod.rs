//! Sync by file (SYNC.md): the bundle format, export and import, and this device's keys. The
//! op log's vocabulary (ops, the clock, vectors, chains) is in `crate::oplog`, below the store;
//! bundles carry ops between devices as files, encrypted with age and signed with the sending
//! device's Ed25519 key.
//!
//! What the sync tab (tab 5) builds on:
//!
//! - [`status::status`]: this device, each peer (last import and export, changes it lacks,
//!   the grids it asked for), gaps in what this device holds, and how many review items wait.
//! - [`export::export`] with [`export::ExportOptions`] (`Target::Full` or `Target::Peer`,
//!   `Encryption::Team` for the configured keys) → [`export::ExportSummary`].
//! - [`import::import_file`] with [`import::ImportOptions`] (`dry_run`, passphrase) →
//!   [`crate::store::import_report::ImportReport`], the same report the CLI prints; a refused bundle is a
//!   [`SyncError`] whose [`SyncError::check`] names the failed check. Both take a progress
//!   callback (the import's says whether it is checking or applying).
//! - The review list: [`crate::store::Store::review`] (conflicts with each head's value,
//!   author and time; possible duplicate households; invalid request steps; parked changes;
//!   flags), settled by [`crate::store::Writer::resolve_conflict`],
//!   [`crate::store::Writer::merge_households`], [`crate::store::Writer::resolve_visit_fork`]
//!   and [`crate::store::Store::dismiss`].
//! - [`keys::ensure`] (this device's keys, made at first use) and
//!   [`crate::store::Store::add_team_key`] for the keys exports are encrypted to.

pub mod bundle;
pub mod crypt;
mod error;
pub mod export;
pub mod import;
pub mod keys;
pub mod provenance;
pub mod reader;
pub mod status;
pub mod strict;
pub mod team;

pub use error::SyncError;
