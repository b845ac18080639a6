//! The terminal interface: Key → Action → update → render. `App` holds the state, `update`
//! changes it (writes go through the store), the views render from `&App`.

pub mod action;
pub(crate) mod app;
pub(crate) mod card;
pub(crate) mod cursor;
pub(crate) mod cx;
pub(crate) mod data;
mod edit;
pub(crate) mod effect;
pub(crate) mod form;
pub(crate) mod input;
pub(crate) mod keymap;
pub(crate) mod layout;
pub(crate) mod list;
pub(crate) mod overlay;
mod overlays;
mod path_input;
mod request_edit;
pub(crate) mod roster_import;
pub(crate) mod search;
pub mod session;
mod shutdown;
pub(crate) mod snapshot;
pub(crate) mod tabs;
mod terminal;
#[cfg(test)]
mod tests;
pub(crate) mod text;
pub(crate) mod theme;
pub(crate) mod update;
pub(crate) mod views;
pub(crate) mod visit;
pub(crate) mod visit_form;
mod visit_save;

pub use self::data::{build_index, spawn_index};
pub use self::session::Session;

use std::time::Duration;

use crossterm::event;

use self::action::Action;
use self::app::{App, Tab};
use self::keymap::Keymap;
use crate::config::{Config, ConfigError};
use crate::i18n::Lang;
use crate::store::lock::WindowLock;
use crate::store::{Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum UiError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("the terminal failed: {0}")]
    Terminal(#[from] std::io::Error),
}

/// A fresh interface state for `store` (rows loaded, index build started).
pub(crate) fn new_app(
    store: &Store,
    config: Config,
    lang: Lang,
    size: (u16, u16),
) -> Result<App, UiError> {
    let keymap = Keymap::from_config(&config)?;
    let mut app = App {
        lang,
        keymap,
        policy: config.policy(),
        config,
        now: store.clock().now_local(),
        tab: Tab::Households,
        households: Default::default(),
        overlay: None,
        status: None,
        unsynced: 0,
        overdue: 0,
        index: None,
        index_job: None,
        index_error: None,
        index_stale: false,
        size,
        quit: false,
        visit: None,
        due: Default::default(),
        requests: Default::default(),
        figures: Default::default(),
        sync: Default::default(),
    };
    data::load(&mut app, store)?;
    Ok(app)
}

/// Runs the interface until the worker quits. One window per database. `greet` asks a worker
/// whose name is not in the config for name and grid first (not on the demo).
pub fn run(mut store: Store, config: Config, lang: Lang, greet: bool) -> Result<(), UiError> {
    let _lock = WindowLock::acquire(store.path())?;
    let size = crossterm::terminal::size().unwrap_or((80, 24));
    let mut app = new_app(&store, config, lang, size)?;
    if greet && app.config.worker.is_empty() {
        // The first start: who is working here, and on which grid.
        let grid = app
            .households
            .list
            .rows
            .first()
            .map(|r| r.grid.clone())
            .unwrap_or_default();
        app.overlay = Some(app::Overlay::Form(Box::new(form::Form::identity(&grid))));
    }
    let shutdown = shutdown::Shutdown::install();
    let mut guard = terminal::Guard::enter()?;
    // Once a signal or a hang-up asked the interface to end, a failing terminal is expected.
    let ended = |e: std::io::Error| {
        if shutdown.requested() {
            Ok(())
        } else {
            Err(UiError::Terminal(e))
        }
    };
    loop {
        if let Err(e) = guard.terminal.draw(|frame| views::render(frame, &app)) {
            return ended(e);
        }
        // Quit, or a termination signal (kill, the terminal closed): leave the loop so the
        // guard restores the terminal. A draft in progress is already saved.
        if app.quit || shutdown.requested() {
            return Ok(());
        }
        let ready = match event::poll(Duration::from_millis(100)) {
            Ok(ready) => ready,
            Err(e) => return ended(e),
        };
        let mut next = if ready {
            match event::read() {
                Ok(event) => input::action_for(&app, event),
                Err(e) => return ended(e),
            }
        } else {
            Some(Action::Tick)
        };
        while let Some(action) = next {
            next = update::update(&mut app, action, &mut store);
        }
        if app.index_job.is_some() {
            update::update(&mut app, Action::Tick, &mut store);
        }
    }
}
