//! Ending the interface when its terminal ends. Termination signals (SIGHUP, SIGTERM, SIGQUIT,
//! SIGINT) and a hung-up terminal are watched on threads of their own, so no state of the event
//! loop can ignore them: crossterm's reader spins inside `poll` once the pty hangs up, and a long
//! import runs on the event loop's thread.
//!
//! On a request the event loop gets a short grace period to leave by itself (it checks
//! [`Shutdown::requested`] between events); after that the terminal is restored as far as it
//! still can be and the process ends by the signal's default action. Nothing is lost either way:
//! a visit draft is saved on every change, and an unfinished transaction is rolled back by
//! SQLite. The window lock is released by the kernel with the process.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long the event loop may take to leave by itself once asked.
const GRACE: Duration = Duration::from_millis(300);
/// How long restoring a terminal that may be gone may take.
const RESTORE: Duration = Duration::from_millis(200);

#[derive(Clone)]
pub(crate) struct Shutdown {
    requested: Arc<AtomicBool>,
}

impl Shutdown {
    /// Starts watching the signals and the terminal.
    pub(crate) fn install() -> Self {
        let shutdown = Self {
            requested: Arc::new(AtomicBool::new(false)),
        };
        #[cfg(unix)]
        {
            unix::watch_signals(shutdown.clone());
            unix::watch_hangup(shutdown.clone());
        }
        shutdown
    }

    /// Whether the interface has been asked to end.
    pub(crate) fn requested(&self) -> bool {
        self.requested.load(Ordering::SeqCst)
    }

    /// Asks the interface to end because of `signal`; ends the process after the grace period
    /// if the event loop has not left by then.
    #[cfg(unix)]
    fn request(&self, signal: i32) {
        if self.requested.swap(true, Ordering::SeqCst) {
            return;
        }
        std::thread::spawn(move || {
            std::thread::sleep(GRACE);
            restore_with_deadline();
            // SIGQUIT's default action dumps core, which would write the community's data to
            // a file: end with its exit status instead.
            if signal != signal_hook::consts::SIGQUIT {
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
            std::process::exit(128 + signal);
        });
    }
}

/// Restores the terminal on a thread of its own, waiting at most [`RESTORE`]: a terminal that
/// has gone away may block a write.
fn restore_with_deadline() {
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        super::terminal::restore();
        let _ = done.send(());
    });
    let _ = wait.recv_timeout(RESTORE);
}

#[cfg(unix)]
mod unix {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;

    use rustix::event::{PollFd, PollFlags, poll};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use signal_hook::iterator::Signals;

    use super::Shutdown;

    pub(super) fn watch_signals(shutdown: Shutdown) {
        let Ok(mut signals) = Signals::new([SIGHUP, SIGTERM, SIGQUIT, SIGINT]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                shutdown.request(signal);
            }
        });
    }

    /// Waits for the terminal to hang up (the window closed, the pty's other side gone) and
    /// treats it as SIGHUP, whether or not the kernel sent one.
    pub(super) fn watch_hangup(shutdown: Shutdown) {
        std::thread::spawn(move || {
            // The terminal crossterm reads: stdin when it is one, else the controlling tty.
            let stdin = std::io::stdin();
            let tty;
            let fd = if stdin.is_terminal() {
                stdin.as_fd()
            } else {
                match std::fs::File::open("/dev/tty") {
                    Ok(f) => {
                        tty = f;
                        tty.as_fd()
                    }
                    Err(_) => return,
                }
            };
            loop {
                // No events asked for: poll reports only hang-ups and errors.
                let mut fds = [PollFd::from_borrowed_fd(fd, PollFlags::empty())];
                match poll(&mut fds, None) {
                    Ok(_) => {
                        let got = fds[0].revents();
                        if got.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                            shutdown.request(SIGHUP);
                            return;
                        }
                    }
                    Err(rustix::io::Errno::INTR) => {}
                    Err(_) => return,
                }
            }
        });
    }
}
