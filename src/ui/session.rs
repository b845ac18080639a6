//! The interface without a terminal, for what drives it from outside the crate: the
//! screenshots, the interface benchmark and end-to-end tests that look only at the screen.
//! Everything else of the interface is internal to the crate.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::UiError;
use super::action::Action;
use super::app::App;
use crate::config::Config;
use crate::i18n::Lang;
use crate::store::Store;

/// One interface state on a store, with the size of the screen it draws.
pub struct Session {
    app: App,
}

impl Session {
    /// A fresh interface for `store` (rows read, the lookup index building in the background).
    pub fn new(
        store: &Store,
        config: Config,
        lang: Lang,
        size: (u16, u16),
    ) -> Result<Self, UiError> {
        Ok(Self {
            app: super::new_app(store, config, lang, size)?,
        })
    }

    /// Applies actions in order, as keys would, with their follow-ups.
    pub fn press(&mut self, store: &mut Store, actions: &[Action]) {
        for a in actions {
            let mut next = Some(a.clone());
            while let Some(action) = next {
                next = super::update::update(&mut self.app, action, store);
            }
        }
    }

    /// Types `text` one character at a time.
    pub fn type_text(&mut self, store: &mut Store, text: &str) {
        for c in text.chars() {
            self.press(store, &[Action::Type(c.to_string())]);
        }
    }

    /// Waits (ticking) until the lookup index is built, at most `seconds`.
    pub fn wait_for_index(&mut self, store: &mut Store, seconds: u64) -> Result<(), String> {
        let started = std::time::Instant::now();
        while self.app.index.is_none() {
            if let Some(e) = &self.app.index_error {
                return Err(e.clone());
            }
            if started.elapsed().as_secs() >= seconds {
                return Err("the index was not built in time".into());
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
            self.press(store, &[Action::Tick]);
        }
        Ok(())
    }

    /// Whether the lookup index is built.
    pub fn index_ready(&self) -> bool {
        self.app.index.is_some()
    }

    /// Draws the interface into a frame.
    pub fn draw(&self, frame: &mut ratatui::Frame<'_>) {
        super::views::render(frame, &self.app);
    }

    pub fn size(&self) -> (u16, u16) {
        self.app.size
    }

    /// The screen as text, one line per row.
    pub fn screen(&self) -> String {
        self.buffer()
            .map(|b| super::snapshot::text(&b))
            .unwrap_or_default()
    }

    /// The screen as an SVG drawn in `font`.
    pub fn svg(&self, font: &str) -> String {
        self.buffer()
            .map(|b| super::snapshot::svg(&b, font))
            .unwrap_or_default()
    }

    fn buffer(&self) -> Option<ratatui::buffer::Buffer> {
        let (w, h) = self.app.size;
        let mut terminal = Terminal::new(TestBackend::new(w, h)).ok()?;
        terminal.draw(|f| self.draw(f)).ok()?;
        Some(terminal.backend().buffer().clone())
    }

    /// The heads of the households listed (for a baseline scan in the benchmark).
    pub fn heads(&self) -> Vec<String> {
        self.app
            .households
            .list
            .rows
            .iter()
            .map(|r| r.head.clone())
            .collect()
    }

    /// Whether the interface was asked to quit.
    pub fn quit(&self) -> bool {
        self.app.quit
    }
}
