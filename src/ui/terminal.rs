//! Terminal setup and teardown. The terminal is restored on every exit path: normal return,
//! error (the guard's `Drop`), panic (ratatui's panic hook) and termination signals (see
//! `shutdown`).

use std::io;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;

pub struct Guard {
    pub terminal: DefaultTerminal,
}

impl Guard {
    pub fn enter() -> io::Result<Self> {
        let terminal = ratatui::try_init()?;
        // Pasted text arrives as one event, so it never triggers command keys.
        let _ = execute!(io::stdout(), EnableBracketedPaste);
        Ok(Self { terminal })
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves raw mode and the alternate screen; errors (a terminal that is gone) are ignored.
pub(crate) fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste);
    ratatui::restore();
}
