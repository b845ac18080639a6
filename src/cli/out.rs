//! Writing the commands' output without panicking. `println!` panics when stdout is a closed
//! pipe (`gridbook search 王 | head -1` exited 101 with "failed printing to stdout"); here a
//! closed pipe becomes [`PipeClosed`], which ends the command quietly as grep does, with the
//! work already done kept. Messages on stderr never fail a command.

use std::io::Write;

/// stdout was closed by the reader (a broken pipe): nothing more can be said.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct PipeClosed;

/// Writes text for people to stdout. Names and labels inside come from files (bundles,
/// rosters): every control or bidirectional character but the layout's own newlines and tabs
/// is shown as `<U+202E>`, so nothing in a file can reach the terminal as an escape sequence.
pub fn text(args: std::fmt::Arguments<'_>) -> anyhow::Result<()> {
    let text = args.to_string();
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match crate::domain::text::escape_char(c) {
            Some(escaped) if c != '\n' && c != '\t' => shown.push_str(&escaped),
            _ => shown.push(c),
        }
    }
    raw(shown.as_bytes())
}

/// Writes bytes to stdout as they are (JSON, CSV: their own formats say how text is quoted).
pub fn raw(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
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

/// Writes formatted text to stderr, ignoring failures (a closed or gone terminal); hidden
/// characters are shown as in [`text`].
pub fn error_text(args: std::fmt::Arguments<'_>) {
    let text = args.to_string();
    let shown: String = text
        .chars()
        .map(|c| match crate::domain::text::escape_char(c) {
            Some(escaped) if c != '\n' => escaped,
            _ => c.to_string(),
        })
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(shown.as_bytes());
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

/// One line of JSON (or other machine-readable text) to stdout, unchanged.
macro_rules! jsonln {
    ($value:expr) => {
        $crate::cli::out::raw(format!("{}\n", $value).as_bytes())?
    };
}

/// `print!` for commands.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::out::text(format_args!($($arg)*))? };
}

/// `eprintln!` that never panics.
macro_rules! errln {
    ($($arg:tt)*) => { $crate::cli::out::error_text(format_args!("{}\n", format_args!($($arg)*))) };
}

pub(crate) use {errln, jsonln, out, outln};
