//! Writing the commands' output without panicking. `println!` panics when stdout is a closed
//! pipe (`gridbook search 王 | head -1` exited 101 with "failed printing to stdout"); here a
//! closed pipe becomes [`PipeClosed`], which ends the command quietly as grep does, with the
//! work already done kept. Messages on stderr never fail a command.

use std::io::Write;

/// stdout was closed by the reader (a broken pipe): nothing more can be said.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct PipeClosed;

/// Writes formatted text to stdout.
pub fn text(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.flush())
        .map_err(closed)
}

/// Maps a write error on stdout: a closed pipe is [`PipeClosed`], anything else says so.
pub fn closed(e: std::io::Error) -> anyhow::Error {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        anyhow::Error::new(PipeClosed)
    } else {
        anyhow::Error::new(e).context("cannot write the output")
    }
}

/// Writes formatted text to stderr, ignoring failures (a closed or gone terminal).
pub fn error_text(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args);
    let _ = err.flush();
}

/// Ends the process as a closed pipe ends grep: by SIGPIPE's default action (exit status 141
/// in a shell), so a pipeline sees the reader's status and nothing is printed.
pub fn end_quietly() -> std::process::ExitCode {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    }
    std::process::ExitCode::from(141)
}

/// `println!` for commands: a closed stdout returns [`PipeClosed`] from the calling function.
macro_rules! outln {
    () => { $crate::cli::out::text(format_args!("\n"))? };
    ($($arg:tt)*) => { $crate::cli::out::text(format_args!("{}\n", format_args!($($arg)*)))? };
}

/// `print!` for commands.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::text(format_args!($($arg)*))? };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::out::error_text(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {errln, out, outln};
