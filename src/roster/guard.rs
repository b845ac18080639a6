//! Running the workbook reader so that a panic inside it on a malformed file (calamine does
//! arithmetic on cell references that overflows on hostile ones) becomes an error, without the
//! panic message the default hook would print on stderr.

use std::cell::Cell;
use std::sync::Once;

use super::error::RosterError;

thread_local! {
    /// Set while this thread runs guarded code: its panics are expected and reported as errors.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static INSTALL: Once = Once::new();

/// Wraps the process's panic hook once: panics on a thread inside [`guarded`] are silent, every
/// other panic goes to the hook that was there before.
fn install_quiet_hook() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `read`; a panic inside it becomes [`RosterError::Workbook`] and prints nothing.
pub fn guarded<T>(read: impl FnOnce() -> Result<T, RosterError>) -> Result<T, RosterError> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    QUIET.with(|q| q.set(was_quiet));
    result.unwrap_or_else(|_| {
        Err(RosterError::Workbook {
            detail: "the workbook's contents are malformed".to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_inside_becomes_an_error_and_the_flag_is_restored() {
        let out: Result<(), RosterError> = guarded(|| panic!("overflow in a cell reference"));
        assert!(matches!(out, Err(RosterError::Workbook { .. })));
        assert!(!QUIET.with(Cell::get));
        assert_eq!(guarded(|| Ok(7)).ok(), Some(7));
    }
}
