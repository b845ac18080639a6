//! The terminal interface: Key → Action → update → render. `App` holds the state, `update`
//! changes it (writes go through the store), the views render from `&App`.

pub mod action;
pub mod app;
pub mod card;
pub mod cursor;
pub mod cx;
pub mod data;
mod edit;
pub mod effect;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod overlay;
mod overlays;
mod path_input;
mod request_edit;
pub mod roster_import;
pub mod search;
mod shutdown;
pub mod snapshot;
pub mod tabs;
mod terminal;
pub mod text;
pub mod theme;
pub mod update;
pub mod views;
pub mod visit;
pub mod visit_form;
mod visit_save;

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
pub fn new_app(
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
