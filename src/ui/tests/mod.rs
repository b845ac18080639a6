//! The interface's tests, inside the crate so the interface's internals can stay `pub(crate)`:
//! `update()` driven by action sequences on a real database, the control layer, the visit
//! form, the sync tab, and the screens as `insta` snapshots (Chinese included).

#![allow(clippy::unwrap_used)]

mod control;
mod screens;
mod support;
mod sync;
mod update;
mod visit_form;
