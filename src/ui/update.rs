//! `update(app, action, store)`: the only place the interface state changes. Writes go through
//! the store's op log; any error becomes a status message.

use super::action::Action;
use super::app::{App, Confirm, Overlay, Pending, Tab};
use super::card::{Card, Section};
use super::data;
use super::form::{Form, Target};
use super::list::HouseholdList;
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
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help),
        Action::TabHouseholds => app.tab = Tab::Households,
        Action::TabDue => {
            app.tab = Tab::Due;
            if app.due.queue.is_none() || app.due.stale {
                super::due_tab::load(app, store);
            }
        }
        Action::TabRequests => {
            app.tab = Tab::Requests;
            if !app.board.loaded || app.board.stale {
                super::board_tab::load(app, store);
            }
        }
        Action::TabFigures => {
            app.tab = Tab::Figures;
            if app.figures.figures.is_none() || app.figures.stale {
                super::figures_tab::load(app, store);
            }
        }
        Action::TabSync => {
            app.tab = Tab::Sync;
            if app.sync.status.is_none() || app.sync.stale {
                super::sync_tab::load(app, store);
            }
        }
        other => match app.tab {
            Tab::Households if app.card.is_some() => card(app, other, store),
            Tab::Households => list(app, other, store),
            Tab::Due => super::due_tab::update(app, other, store),
            Tab::Requests => super::board_tab::update(app, other, store),
            Tab::Figures => super::figures_tab::update(app, other, store),
            Tab::Sync => super::sync_tab::update(app, other, store),
        },
    }
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
fn list(app: &mut App, action: Action, store: &mut Store) {
    let searching = app.search.active();
    let page = page_size(app);
    match action {
        Action::Search => app.search.focused = true,
        Action::Type(text) if app.search.focused => {
            app.search.input.insert_str(&text);
            rerun_search(app);
        }
        Action::Backspace if app.search.focused => {
            app.search.input.backspace();
            rerun_search(app);
        }
        Action::Delete if app.search.focused => {
            app.search.input.delete();
            rerun_search(app);
        }
        Action::Left if app.search.focused => app.search.input.left(),
        Action::Right if app.search.focused => app.search.input.right(),
        Action::Home if app.search.focused => app.search.input.home(),
        Action::End if app.search.focused => app.search.input.end(),
        Action::Back => {
            if app.search.focused && !app.search.active() {
                app.search.focused = false;
            } else if searching {
                app.search.clear();
                app.search.focused = false;
            }
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::Home
        | Action::End => {
            let delta = match action {
                Action::Up => -1,
                Action::Down => 1,
                Action::PageUp => -(page as isize),
                Action::PageDown => page as isize,
                Action::Home => isize::MIN / 2,
                _ => isize::MAX / 2,
            };
            if searching {
                let len = app.search.hits.len();
                HouseholdList::move_by(&mut app.search.selected, len, delta);
            } else {
                let len = app.list.view.len();
                HouseholdList::move_by(&mut app.list.selected, len, delta);
            }
        }
        Action::Open => {
            let id = if searching {
                app.search.hits.get(app.search.selected).map(|h| h.id)
            } else {
                app.list
                    .selected_row()
                    .and_then(|i| app.list.rows.get(i))
                    .map(|r| r.id)
            };
            if let Some(id) = id {
                open_card(app, store, id);
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
            let text = app.lang.f(Msg::SortedBy, &[("s", &app.t(s))]);
            app.info(text);
        }
        Action::Filter => app.overlay = Some(Overlay::Picker(super::overlays::filter_picker(app))),
        Action::ImportRoster => app.overlay = Some(Overlay::Import(Box::default())),
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
            app.overlay = Some(Overlay::Form(Box::new(Form::household(
                Target::NewHousehold,
                &grid,
                &address,
                "",
            ))));
        }
        Action::NewVisit => {
            let id = if searching {
                app.search.hits.get(app.search.selected).map(|h| h.id)
            } else {
                app.list
                    .selected_row()
                    .and_then(|i| app.list.rows.get(i))
                    .map(|r| r.id)
            };
            if let Some(id) = id {
                super::visit::open(app, store, id);
            }
        }
        _ => {}
    }
}

fn page_size(app: &App) -> usize {
    usize::from(app.size.1.saturating_sub(6)).max(1)
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
fn card(app: &mut App, action: Action, store: &mut Store) {
    let Some(card) = app.card.as_mut() else {
        return;
    };
    match action {
        Action::Back => app.card = None,
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
            app.info(app.t(msg));
        }
        Action::Edit if card.section == Section::Visits => super::visit::amend(app, store),
        Action::Edit if card.section == Section::Members => match card.selected_member() {
            Some(m) => {
                let form = Form::member(app.lang, Target::Member(m.id), Some(m));
                app.overlay = Some(Overlay::Form(Box::new(form)));
            }
            None => app.info(app.t(Msg::SelectMemberFirst)),
        },
        Action::Edit | Action::EditHousehold => {
            let h = &card.household;
            let form = Form::household(Target::Household(h.id), &h.grid, &h.address, &h.note);
            app.overlay = Some(Overlay::Form(Box::new(form)));
        }
        Action::AddMember => {
            let form = Form::member(app.lang, Target::NewMember(card.household.id), None);
            app.overlay = Some(Overlay::Form(Box::new(form)));
        }
        Action::MoveOut => match card.selected_member() {
            Some(m) if m.status == crate::domain::MemberStatus::Present => {
                let question = app.lang.f(Msg::ConfirmMoveOut, &[("name", &m.name)]);
                let pending = Pending::MoveOut(m.id, m.name.clone());
                app.overlay = Some(Overlay::Confirm(Confirm {
                    question,
                    on_yes: pending,
                }));
            }
            _ => app.info(app.t(Msg::SelectMemberFirst)),
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
            app.overlay = Some(Overlay::Confirm(Confirm {
                question,
                on_yes: pending,
            }));
        }
        Action::NewVisit => {
            let id = card.household.id;
            super::visit::open(app, store, id);
        }
        _ => {}
    }
}
