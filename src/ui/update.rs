//! `update(app, action, store)`: the only place the interface state changes. Writes go through
//! the store's op log; any error becomes a status message.

use super::action::Action;
use super::app::{App, Overlay, Tab, cx};
use super::data;
use super::effect::{Effect, Effects};
use crate::store::Store;

/// Applies one action. Returns a follow-up action, if any.
pub fn update(app: &mut App, action: Action, store: &mut Store) -> Option<Action> {
    match action {
        Action::Tick => {
            tick(app, store);
            return None;
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            return None;
        }
        _ => app.status = None,
    }
    if let Some(overlay) = app.overlay.take() {
        return super::overlays::update(app, overlay, action, store);
    }
    if app.visit.is_some() {
        if action == Action::Help {
            app.overlay = Some(Overlay::Help);
        } else {
            super::visit::update(app, action, store);
        }
        return None;
    }
    let fx = match action {
        Action::Quit => Effects::one(Effect::Quit),
        Action::Help => Effects::one(Effect::Overlay(Overlay::Help)),
        Action::TabHouseholds => Effects::one(Effect::Go(Tab::Households)),
        Action::TabDue => Effects::one(Effect::Go(Tab::Due)),
        Action::TabRequests => Effects::one(Effect::Go(Tab::Requests)),
        Action::TabFigures => Effects::one(Effect::Go(Tab::Figures)),
        Action::TabSync => Effects::one(Effect::Go(Tab::Sync)),
        other => match app.tab {
            Tab::Households => {
                app.households
                    .update(other, &mut cx!(app, store), app.index.as_ref())
            }
            Tab::Due => app.due.update(other, &mut cx!(app, store)),
            Tab::Requests => app.requests.update(other, &mut cx!(app, store)),
            Tab::Figures => app.figures.update(other, &mut cx!(app, store)),
            Tab::Sync => app.sync.update(other, &mut cx!(app, store)),
        },
    };
    app.apply(fx, store);
    None
}

/// Background work: picks up a finished index and the clock.
fn tick(app: &mut App, store: &Store) {
    app.now = store.clock().now_local();
    let Some(job) = &app.index_job else { return };
    let finished = match job.try_recv() {
        Ok(result) => result,
        Err(std::sync::mpsc::TryRecvError::Empty) => return,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => Err("the index builder stopped".into()),
    };
    app.index_job = None;
    match finished {
        Ok(index) => {
            app.index = Some(index);
            app.index_error = None;
            if app.households.search.active() {
                rerun_search(app);
            }
        }
        Err(e) => app.index_error = Some(e),
    }
    if app.index_stale {
        app.index_stale = false;
        data::rebuild_index(app, store);
    }
}

fn rerun_search(app: &mut App) {
    app.households.rerun_search(app.index.as_ref());
}
