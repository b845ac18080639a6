//! Pause points, so tests can land a kill or a hang-up inside a window that is otherwise too
//! short to hit on purpose (an import's transaction, a bundle half written). With
//! `GRIDBOOK_TEST_PAUSE=NAME`, reaching the point named NAME writes NAME to the file named by
//! `GRIDBOOK_TEST_PAUSE_MARK` (so the test knows the window is open) and waits a minute. Without
//! the variable a point costs one check of a cached value.

use std::sync::OnceLock;
use std::time::Duration;

const PAUSE_ENV: &str = "GRIDBOOK_TEST_PAUSE";
const MARK_ENV: &str = "GRIDBOOK_TEST_PAUSE_MARK";

/// Pauses here if the environment names `point`.
pub(crate) fn reach(point: &str) {
    static WANTED: OnceLock<Option<String>> = OnceLock::new();
    let wanted = WANTED.get_or_init(|| std::env::var(PAUSE_ENV).ok().filter(|p| !p.is_empty()));
    if wanted.as_deref() != Some(point) {
        return;
    }
    if let Some(mark) = std::env::var_os(MARK_ENV) {
        let _ = crate::fsutil::write_private(std::path::Path::new(&mark), point.as_bytes());
    }
    std::thread::sleep(Duration::from_secs(60));
}
