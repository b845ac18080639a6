//! The real binary in a pseudo-terminal, its screen read back through a terminal emulator.
//!
//! The pty is opened here (rustix) rather than through a pty crate so that this harness holds
//! the only descriptor of the master side: [`Tui::hang_up`] then closes the terminal for real,
//! as closing a window does. The program runs under `setsid --ctty`, so the pty is its
//! controlling terminal (it gets SIGHUP and SIGWINCH as it would in a terminal emulator).
//! A lone Esc is sent in the kitty keyboard protocol's form (`CSI 27 u`), which crossterm reads
//! as Esc whatever follows it: a bare ESC byte read together with the next key is Alt+key, and
//! keeping them apart would take a sleep.

use std::fs::File;
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

pub struct Tui {
    child: Child,
    master: Option<Arc<OwnedFd>>,
    /// The program's side, kept to see how much typed input it has not read yet.
    slave: File,
    parser: Arc<Mutex<vt100::Parser>>,
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
}

impl Tui {
    /// Starts `gridbook ARGS` in a `cols`×`rows` terminal with the env's config dir and clock,
    /// in Chinese (the locale is pinned, whatever the caller's).
    pub fn spawn(env: &super::Env, db: &Path, args: &[&str], cols: u16, rows: u16) -> Self {
        // A worker who has started before: no first-start greeting.
        let config = env.config_dir().join("config.toml");
        if !config.exists() {
            std::fs::create_dir_all(env.config_dir()).expect("config dir");
            std::fs::write(&config, "worker = \"王芳\"\n").expect("config");
        }
        Self::spawn_raw(env, db, args, cols, rows)
    }

    /// Starts the program with the config dir as it is (a first start when it is empty).
    pub fn spawn_raw(env: &super::Env, db: &Path, args: &[&str], cols: u16, rows: u16) -> Self {
        Self::spawn_with(env, db, args, cols, rows, &[])
    }

    /// As [`Tui::spawn_raw`], with extra environment variables.
    pub fn spawn_with(
        env: &super::Env,
        db: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        vars: &[(&str, &str)],
    ) -> Self {
        Self::start(env, db, args, (cols, rows), vars, true)
    }

    /// As [`Tui::spawn`], but the pty is not the program's controlling terminal: the kernel
    /// sends it no SIGHUP when the terminal closes (a program started from a shell that was
    /// itself killed, or from a service manager).
    pub fn spawn_without_controlling_terminal(env: &super::Env, db: &Path) -> Self {
        let config = env.config_dir().join("config.toml");
        if !config.exists() {
            std::fs::create_dir_all(env.config_dir()).expect("config dir");
            std::fs::write(&config, "worker = \"王芳\"\n").expect("config");
        }
        Self::start(env, db, &[], (100, 30), &[], false)
    }

    fn start(
        env: &super::Env,
        db: &Path,
        args: &[&str],
        (cols, rows): (u16, u16),
        vars: &[(&str, &str)],
        ctty: bool,
    ) -> Self {
        let master =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(name.to_str().expect("pty name"))
            .expect("open the pty");
        tcsetwinsize(&master, winsize(cols, rows)).expect("window size");
        let mut cmd = Command::new("setsid");
        if ctty {
            cmd.arg("--ctty");
        }
        cmd.arg(env!("CARGO_BIN_EXE_gridbook"))
            .args(args)
            // Nothing of the caller's environment leaks in: the locale, the terminal and the
            // paths are the test's.
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", env.dir.path())
            .env("GRIDBOOK_CONFIG_DIR", env.config_dir())
            .env("GRIDBOOK_DB", db)
            .env("GRIDBOOK_NOW", "2026-11-23T10:00:00")
            .env("TERM", "xterm-256color")
            .env("LANG", "zh_CN.UTF-8")
            .envs(vars.iter().copied())
            .current_dir(env.dir.path())
            .stdin(Stdio::from(slave.try_clone().expect("pty stdin")))
            .stdout(Stdio::from(slave.try_clone().expect("pty stdout")))
            .stderr(Stdio::from(slave.try_clone().expect("pty stderr")));
        let child = cmd.spawn().expect("spawn");
        let master = Arc::new(master);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let stop = Arc::new(AtomicBool::new(false));
        let reader = {
            let (master, sink, stop) = (master.clone(), parser.clone(), stop.clone());
            std::thread::spawn(move || read_screen(&master, &sink, &stop))
        };
        Self {
            child,
            master: Some(master),
            slave,
            parser,
            stop,
            reader: Some(reader),
        }
    }

    fn master(&self) -> &OwnedFd {
        self.master.as_deref().expect("the terminal was hung up")
    }

    /// Sends bytes as typed keys and waits until the program's input queue is empty again.
    pub fn send(&mut self, bytes: &str) {
        let bytes = if bytes == "\x1b" { "\x1b[27u" } else { bytes };
        let mut rest = bytes.as_bytes();
        while !rest.is_empty() {
            match rustix::io::write(self.master(), rest) {
                Ok(n) => rest = &rest[n..],
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
                Err(e) => panic!("write to the terminal: {e}"),
            }
        }
        self.wait_read();
    }

    /// Waits until the program has read everything typed so far (its input queue is empty).
    fn wait_read(&self) {
        let started = Instant::now();
        while rustix::io::ioctl_fionread(&self.slave).unwrap_or(0) > 0 {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "the program stopped reading its input; screen:\n{}",
                self.contents()
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Sends text one character at a time, as typing does.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
        }
    }

    pub fn contents(&self) -> String {
        self.parser
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    /// Waits until the screen holds `needle`; panics with the screen after `secs`.
    pub fn wait_for(&self, needle: &str, secs: u64) -> String {
        self.wait_until(needle, secs, |screen| screen.contains(needle))
    }

    /// Waits until the screen no longer holds `needle`.
    pub fn wait_gone(&self, needle: &str, secs: u64) -> String {
        self.wait_until(needle, secs, |screen| !screen.contains(needle))
    }

    /// Waits until `done` holds for the screen; panics naming `what` after `secs`.
    pub fn wait_until(&self, what: &str, secs: u64, done: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        loop {
            let screen = self.contents();
            if done(&screen) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(secs),
                "waited for {what:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The text of the row the interface highlights (drawn with a background colour).
    pub fn selected_row(&self) -> Option<String> {
        let p = self.parser.lock().ok()?;
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let rows_text: Vec<String> = screen.rows(0, cols.get()).collect();
        (2..rows.get().saturating_sub(2)).find_map(|r| {
            let cell = screen.cell(r, 1)?;
            (cell.bgcolor() != vt100::Color::Default)
                .then(|| rows_text.get(usize::from(r)).cloned().unwrap_or_default())
        })
    }

    /// Moves the highlight down until it is on a row holding `text`; panics if the highlight
    /// stops moving first. Each step waits for the highlight to move, not for a set time.
    pub fn select_row(&mut self, text: &str) {
        let started = Instant::now();
        loop {
            let current = self.selected_row();
            if current.as_deref().is_some_and(|l| l.contains(text)) {
                return;
            }
            self.send("\x1b[B");
            // Wait for the highlight to move off the row it was on.
            loop {
                let now = self.selected_row();
                if now != current {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(10),
                    "no row with {text:?} below the highlight; screen:\n{}",
                    self.contents()
                );
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(
                std::num::NonZeroU16::new(rows).expect("rows"),
                std::num::NonZeroU16::new(cols).expect("cols"),
            );
        }
        tcsetwinsize(self.master(), winsize(cols, rows)).expect("resize");
    }

    /// Closes the terminal, as closing its window does: the harness's master side is the only
    /// one, so the program's side hangs up.
    pub fn hang_up(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
        self.master = None;
    }

    pub fn screen_state(&self) -> (bool, bool) {
        self.parser
            .lock()
            .map(|p| (p.screen().alternate_screen(), p.screen().hide_cursor()))
            .unwrap_or((true, true))
    }

    /// Waits for the process to end; returns its exit code (128 + the signal if a signal ended
    /// it). Panics if it is still running after `secs`.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        self.wait_exit_within(Duration::from_secs(secs))
            .unwrap_or_else(|| {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.contents())
            })
    }

    /// The exit code if the process ends within `limit`.
    pub fn wait_exit_within(&mut self, limit: Duration) -> Option<u32> {
        use std::os::unix::process::ExitStatusExt;
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what the process wrote last.
                if self.reader.is_some() {
                    std::thread::sleep(Duration::from_millis(100));
                }
                let code = status
                    .code()
                    .or_else(|| status.signal().map(|s| 128 + s))
                    .unwrap_or(-1);
                return Some(u32::try_from(code).unwrap_or(u32::MAX));
            }
            if started.elapsed() > limit {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    pub fn pid(&self) -> Option<u32> {
        Some(self.child.id())
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn winsize(cols: u16, rows: u16) -> Winsize {
    Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

/// Feeds the program's output to the emulator until told to stop or the program's side closes.
fn read_screen(master: &OwnedFd, sink: &Mutex<vt100::Parser>, stop: &AtomicBool) {
    let mut buf = [0u8; 8192];
    while !stop.load(Ordering::SeqCst) {
        let mut fds = [PollFd::new(master, PollFlags::IN)];
        let timeout = rustix::event::Timespec {
            tv_sec: 0,
            tv_nsec: 20_000_000,
        };
        match poll(&mut fds, Some(&timeout)) {
            Ok(0) => continue,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return,
        }
        match rustix::io::read(master.as_fd(), &mut buf) {
            Ok(0) => return,
            Ok(n) => {
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
            Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => {}
            // EIO: every descriptor of the program's side is closed (it exited).
            Err(_) => return,
        }
    }
}
