//! The op log's vocabulary, shared by the store (which writes and projects ops) and sync (which
//! carries them between devices): op types and their strict parsing, the hybrid logical clock,
//! version vectors, feed chains, signed feed heads, team certificates, and the signatures and
//! fingerprints they use. No SQL, no files, no terminal (DESIGN.md §4): it sits below both.

pub mod cert;
pub mod chain;
pub mod heads;
pub mod hlc;
pub mod keys;
pub mod op;
pub mod vector;
