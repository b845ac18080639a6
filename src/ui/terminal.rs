//! Terminal setup and teardown. The terminal is restored on every exit path: normal return,
//! error (the guard's `Drop`), panic (ratatui's panic hook) and termination signals.

use std::io;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// A flag raised by SIGTERM, SIGHUP or SIGQUIT, so the interface can restore the terminal and
/// leave instead of dying in raw mode.
pub fn stop_signals() -> std::sync::Arc<std::sync::atomic::AtomicBool> {
    let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGQUIT,
    ] {
        let _ = signal_hook::flag::register(signal, flag.clone());
    }
    flag
}

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
        let _ = execute!(io::stdout(), DisableBracketedPaste);
        ratatui::restore();
    }
}
