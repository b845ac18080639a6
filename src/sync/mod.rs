//! Sync by file: the op log's semantics. Ops and the hybrid logical clock live here; the store
//! appends and applies them, and bundles (issue: sync by file) carry them between devices.

pub mod hlc;
pub mod op;
