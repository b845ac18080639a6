//! gridbook: a terminal notebook for community grid workers (网格员).
//!
//! The library holds everything; the `gridbook` binary only parses arguments and dispatches.
//! See DESIGN.md in the shared contract for the module map.

pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod explain;
pub mod fsutil;
pub mod i18n;
pub mod oplog;
pub mod report;
pub mod roster;
pub mod search;
pub mod store;
pub mod sync;
pub(crate) mod testpoint;
pub mod ui;
