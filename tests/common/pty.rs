//! The real binary in a pseudo-terminal, its screen read back through a terminal emulator.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub struct Tui {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Tui {
    /// Starts `gridbook ARGS` in a `cols`×`rows` terminal with the env's config dir and clock.
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
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gridbook"));
        cmd.args(args);
        cmd.env("GRIDBOOK_CONFIG_DIR", env.config_dir());
        cmd.env("GRIDBOOK_DB", db);
        cmd.env("GRIDBOOK_NOW", "2026-11-23T10:00:00");
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "zh_CN.UTF-8");
        cmd.cwd(env.dir.path());
        let child = pair.slave.spawn_command(cmd).expect("spawn");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(rows).expect("rows"),
            std::num::NonZeroU16::new(cols).expect("cols"),
            0,
        )));
        let sink = parser.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        Self {
            child,
            writer,
            parser,
            _master: pair.master,
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).expect("write");
        self.writer.flush().expect("flush");
        if bytes == "\x1b" {
            // A lone Esc followed at once by a key reads as Alt+key; give it time to stand alone.
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// Sends text one character at a time, as typing does.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.send(&c.to_string());
            std::thread::sleep(Duration::from_millis(15));
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
        let started = Instant::now();
        loop {
            let screen = self.contents();
            if screen.contains(needle) {
                return screen;
            }
            assert!(
                started.elapsed() < Duration::from_secs(secs),
                "waited for {needle:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
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

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        if let Ok(mut p) = self.parser.lock() {
            p.screen_mut().set_size(
                std::num::NonZeroU16::new(rows).expect("rows"),
                std::num::NonZeroU16::new(cols).expect("cols"),
            );
        }
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    pub fn screen_state(&self) -> (bool, bool) {
        self.parser
            .lock()
            .map(|p| (p.screen().alternate_screen(), p.screen().hide_cursor()))
            .unwrap_or((true, true))
    }

    /// Waits for the process to end; returns its exit code.
    pub fn wait_exit(&mut self, secs: u64) -> u32 {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                // Let the reader drain what the process wrote last.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if started.elapsed() > Duration::from_secs(secs) {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
    }
}
