//! `update(app, action, store)`: the only place the interface state changes. Writes go through
//! the store's op log; any error becomes a status message.

use super::action::Action;
use super::app::{App, Confirm, Overlay, Pending, Pick, Picker, Tab};
use super::card::{Card, Section};
use super::form::{Form, Target};
use super::list::{Filter, HouseholdList};
use super::{data, edit};
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
        return update_overlay(app, overlay, action, store);
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
        Action::TabSync => app.tab = Tab::Sync,
        other => match app.tab {
            Tab::Households if app.card.is_some() => card(app, other, store),
            Tab::Households => list(app, other, store),
            Tab::Due => super::due_tab::update(app, other, store),
            Tab::Requests => super::board_tab::update(app, other, store),
            Tab::Figures => super::figures_tab::update(app, other, store),
            Tab::Sync => {
                if other == Action::Back {
                    app.tab = Tab::Households;
                }
            }
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
        Action::Filter => app.overlay = Some(Overlay::Picker(filter_picker(app))),
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
        Ok(Some(card)) => {
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

fn update_overlay(
    app: &mut App,
    overlay: Overlay,
    action: Action,
    store: &mut Store,
) -> Option<Action> {
    match overlay {
        Overlay::Help => {
            if !matches!(
                action,
                Action::Back | Action::Help | Action::Quit | Action::Open
            ) {
                app.overlay = Some(Overlay::Help);
            }
        }
        Overlay::Confirm(c) => match action {
            Action::Yes | Action::Open => edit::confirm(app, store, c.on_yes),
            Action::No | Action::Back => {}
            _ => app.overlay = Some(Overlay::Confirm(c)),
        },
        Overlay::Import(mut screen) => {
            use super::roster_import::{ImportStep, import, preview};
            screen.error = None;
            let keep = match (&mut screen.step, action) {
                (ImportStep::Path(input), Action::Type(t)) => {
                    input.insert_str(&t);
                    true
                }
                (ImportStep::Path(input), Action::Backspace) => {
                    input.backspace();
                    true
                }
                (ImportStep::Path(input), Action::Left) => {
                    input.left();
                    true
                }
                (ImportStep::Path(input), Action::Right) => {
                    input.right();
                    true
                }
                (ImportStep::Path(input), Action::Open) => {
                    let path = input.text().to_string();
                    match preview(app, store, &path) {
                        Ok(step) => screen.step = step,
                        Err(e) => screen.error = Some(e),
                    }
                    true
                }
                (ImportStep::Preview { path, plan, report }, Action::Yes | Action::Open) => {
                    if report.ops == 0 && plan.rejected.is_empty() {
                        app.info(app.t(Msg::ImportNothing));
                    } else {
                        let (path, plan) = (path.clone(), plan.clone());
                        match import(app, store, &path, &plan) {
                            Ok(msg) => app.info(msg),
                            Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
                        }
                    }
                    false
                }
                (_, Action::Back | Action::No) => false,
                _ => true,
            };
            if keep {
                app.overlay = Some(Overlay::Import(screen));
            }
        }
        Overlay::Drafts(drafts, mut selected) => match action {
            Action::Up | Action::Down => {
                let delta = if action == Action::Up { -1 } else { 1 };
                HouseholdList::move_by(&mut selected, drafts.len(), delta);
                app.overlay = Some(Overlay::Drafts(drafts, selected));
            }
            Action::Open => {
                if let Some((household, _)) = drafts.get(selected) {
                    open_card(app, store, *household);
                    super::visit::open(app, store, *household);
                }
            }
            Action::Back | Action::Quit => {}
            _ => app.overlay = Some(Overlay::Drafts(drafts, selected)),
        },
        Overlay::Picker(mut p) => match action {
            Action::Up => {
                HouseholdList::move_by(&mut p.selected, p.items.len(), -1);
                app.overlay = Some(Overlay::Picker(p));
            }
            Action::Down => {
                HouseholdList::move_by(&mut p.selected, p.items.len(), 1);
                app.overlay = Some(Overlay::Picker(p));
            }
            Action::Open => match p.items.get(p.selected).map(|(_, pick)| pick.clone()) {
                Some(Pick::Households(filter)) => {
                    app.list.filter = filter;
                    refresh_list(app);
                }
                Some(Pick::Board(view)) => {
                    app.board.view = view;
                    super::board_tab::load(app, store);
                }
                None => {}
            },
            Action::Back | Action::Filter => {}
            _ => app.overlay = Some(Overlay::Picker(p)),
        },
        Overlay::Form(mut form) => {
            let mut keep = true;
            match action {
                Action::Type(text) => {
                    if let Some(input) = form.focused_input() {
                        input.insert_str(&text);
                    }
                }
                Action::Backspace => {
                    if let Some(input) = form.focused_input() {
                        input.backspace();
                    }
                }
                Action::Delete => {
                    if let Some(input) = form.focused_input() {
                        input.delete();
                    }
                }
                Action::Left => {
                    if !form.choose(-1)
                        && let Some(input) = form.focused_input()
                    {
                        input.left();
                    }
                }
                Action::Right => {
                    if !form.choose(1)
                        && let Some(input) = form.focused_input()
                    {
                        input.right();
                    }
                }
                Action::Home => {
                    if let Some(input) = form.focused_input() {
                        input.home();
                    }
                }
                Action::End => {
                    if let Some(input) = form.focused_input() {
                        input.end();
                    }
                }
                Action::NextField | Action::Down | Action::Open => form.next(),
                Action::PrevField | Action::Up => form.prev(),
                Action::Save => keep = !edit::save_form(app, store, &mut form),
                Action::Back => keep = false,
                _ => {}
            }
            if keep {
                app.overlay = Some(Overlay::Form(form));
            }
        }
    }
    None
}

fn filter_picker(app: &App) -> Picker {
    let lang = app.lang;
    let (tags, buildings) = app.list.filter_choices(&app.config.grids);
    let mut items = vec![
        (lang.t(Msg::FilterNone).to_string(), Filter::None),
        (lang.t(Msg::FilterOverdue).to_string(), Filter::Overdue),
        (
            lang.t(Msg::FilterOpenRequests).to_string(),
            Filter::OpenRequests,
        ),
    ];
    for (tag, n) in tags {
        items.push((
            format!("{} ({n})", lang.f(Msg::FilterTag, &[("t", &tag)])),
            Filter::Tag(tag),
        ));
    }
    for (compound, building, n) in buildings {
        let label = crate::domain::Address {
            compound: compound.clone(),
            building: building.clone(),
            unit: String::new(),
            room: String::new(),
        }
        .display();
        items.push((
            format!("{label} ({n})"),
            Filter::Building { compound, building },
        ));
    }
    items.push((lang.t(Msg::Archived).to_string(), Filter::Archived));
    let selected = items
        .iter()
        .position(|(_, f)| *f == app.list.filter)
        .unwrap_or(0);
    Picker {
        title: lang.t(Msg::ActionFilter).to_string(),
        items: items
            .into_iter()
            .map(|(l, f)| (l, Pick::Households(f)))
            .collect(),
        selected,
    }
}
