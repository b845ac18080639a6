//! `update(app, action, store)`: the only place the interface state changes. Writes go through
//! the store's op log; any error becomes a status message.

use super::action::Action;
use super::app::{App, Confirm, Overlay, Pending, Tab, cx};
use super::card::{Card, Section};
use super::cursor::Move;
use super::data;
use super::effect::{Effect, Effects};
use super::form::{Form, Target};
use crate::i18n::Msg;
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
            Tab::Households if app.card.is_some() => card(app, other, store),
            Tab::Households => list(app, other, store),
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
            if app.search.active() {
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
    if let Some(index) = &app.index {
        app.search.run(index);
    }
}

/// The household list and its lookup box.
fn list(app: &mut App, action: Action, store: &mut Store) -> Effects {
    let searching = app.search.active();
    let height = super::layout::household_rows(app.size);
    if app.search.focused && app.search.input.apply(&action) {
        rerun_search(app);
        return Effects::none();
    }
    if let Some(m) = Move::of(&action) {
        if searching {
            let len = app.search.hits.len();
            app.search.cursor.go(m, len, height);
        } else {
            let len = app.list.view.len();
            app.list.cursor.go(m, len, height);
        }
        return Effects::none();
    }
    let selected = if searching {
        app.search.selected()
    } else {
        app.list
            .selected_row()
            .and_then(|i| app.list.rows.get(i))
            .map(|r| r.id)
    };
    match action {
        // `/` always starts a fresh lookup.
        Action::Search => return Effects::one(Effect::Lookup),
        Action::Back => {
            if app.search.focused && !app.search.active() {
                app.search.focused = false;
            } else if searching {
                app.search.clear();
                app.search.focused = false;
            }
        }
        Action::Open => {
            if let Some(household) = selected {
                return Effects::one(Effect::Open {
                    household,
                    from: Tab::Households,
                });
            }
        }
        Action::Sort => {
            app.list.sort = app.list.sort.next();
            refresh_list(app);
            let s = match app.list.sort {
                super::list::Sort::Address => Msg::SortAddress,
                super::list::Sort::SinceVisit => Msg::SortSinceVisit,
                super::list::Sort::Name => Msg::SortName,
            };
            return Effects::info(app.lang.f(Msg::SortedBy, &[("s", &app.t(s))]));
        }
        Action::Filter => {
            return Effects::one(Effect::Overlay(Overlay::Picker(
                super::overlays::filter_picker(app),
            )));
        }
        Action::ImportRoster => {
            return Effects::one(Effect::Overlay(Overlay::Import(Box::default())));
        }
        Action::AddHousehold => {
            let selected = app.list.selected_row().and_then(|i| app.list.rows.get(i));
            let grid = app
                .config
                .grids
                .first()
                .cloned()
                .or_else(|| selected.map(|r| r.grid.clone()))
                .unwrap_or_default();
            let mut address = selected.map(|r| r.address.clone()).unwrap_or_default();
            address.room.clear();
            return Effects::one(Effect::Overlay(Overlay::Form(Box::new(Form::household(
                Target::NewHousehold,
                &grid,
                &address,
                "",
            )))));
        }
        Action::NewVisit => {
            if let Some(household) = selected {
                return Effects::one(Effect::Visit {
                    household,
                    from: Tab::Households,
                });
            }
        }
        _ => {}
    }
    let _ = store;
    Effects::none()
}

pub(super) fn refresh_list(app: &mut App) {
    let today = app.today();
    app.list.refresh(&app.config.grids, &app.policy, today);
}

pub(super) fn open_card(app: &mut App, store: &Store, id: crate::domain::HouseholdId) {
    let loaded = store.household_row(id).and_then(|row| match row {
        Some(row) => Card::load(store, row),
        None => Ok(None),
    });
    match loaded {
        Ok(Some(mut card)) => {
            // With `mask = false` in the config, numbers show in full from the start.
            card.reveal = !app.config.mask;
            app.card = Some(card);
            app.search.focused = false;
            if let Some(&row) = app.row_of.get(&id) {
                app.list.select_row(row);
            }
        }
        Ok(None) => {}
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}

/// The household card.
fn card(app: &mut App, action: Action, store: &mut Store) -> Effects {
    let Some(card) = app.card.as_mut() else {
        return Effects::none();
    };
    match action {
        // `/` leaves the card for a fresh lookup; what follows is the query, never commands.
        Action::Search => return Effects::one(Effect::Lookup),
        Action::Back => {
            app.card = None;
            let back = std::mem::replace(&mut app.card_from, Tab::Households);
            if back != Tab::Households {
                return Effects::one(Effect::Go(back));
            }
        }
        Action::Up => card.move_by(-1),
        Action::Down => card.move_by(1),
        Action::PageUp => card.move_by(-10),
        Action::PageDown => card.move_by(10),
        Action::Home => card.move_by(isize::MIN / 2),
        Action::End => card.move_by(isize::MAX / 2),
        Action::NextField => card.section = card.section.next(),
        Action::PrevField => card.section = card.section.prev(),
        Action::Reveal => {
            card.reveal = !card.reveal;
            let msg = if card.reveal {
                Msg::Revealed
            } else {
                Msg::Masked
            };
            return Effects::info(app.t(msg));
        }
        Action::Edit if card.section == Section::Visits => super::visit::amend(app, store),
        Action::Edit if card.section == Section::Members => match card.selected_member() {
            Some(m) => {
                let form = Form::member(app.lang, Target::Member(m.id), Some(m));
                return Effects::one(Effect::Overlay(Overlay::Form(Box::new(form))));
            }
            None => return Effects::info(app.t(Msg::SelectMemberFirst)),
        },
        Action::Edit | Action::EditHousehold => {
            let h = &card.household;
            let form = Form::household(Target::Household(h.id), &h.grid, &h.address, &h.note);
            return Effects::one(Effect::Overlay(Overlay::Form(Box::new(form))));
        }
        Action::AddMember => {
            let form = Form::member(app.lang, Target::NewMember(card.household.id), None);
            return Effects::one(Effect::Overlay(Overlay::Form(Box::new(form))));
        }
        Action::MoveOut => match card.selected_member() {
            Some(m) if m.status == crate::domain::MemberStatus::Present => {
                let question = app.lang.f(Msg::ConfirmMoveOut, &[("name", &m.name)]);
                let pending = Pending::MoveOut(m.id, m.name.clone());
                return Effects::one(Effect::Overlay(Overlay::Confirm(Confirm {
                    question,
                    on_yes: pending,
                })));
            }
            _ => return Effects::info(app.t(Msg::SelectMemberFirst)),
        },
        Action::Archive => {
            let (id, archived) = (card.household.id, card.household.archived);
            let question = app
                .t(if archived {
                    Msg::ConfirmUnarchive
                } else {
                    Msg::ConfirmArchive
                })
                .to_string();
            let pending = Pending::Archive(id, !archived);
            return Effects::one(Effect::Overlay(Overlay::Confirm(Confirm {
                question,
                on_yes: pending,
            })));
        }
        Action::NewVisit => {
            let id = card.household.id;
            super::visit::open(app, store, id);
        }
        _ => {}
    }
    Effects::none()
}
