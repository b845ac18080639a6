//! Actions while something covers the screen: help, a yes/no question, a form, a picker, the
//! drafts offered at start, the roster import.

use super::action::Action;
use super::app::{App, Overlay, Pick, Picker};
use super::edit;
use super::list::{Filter, HouseholdList};
use super::update::{open_card, refresh_list};
use crate::i18n::Msg;
use crate::store::Store;

pub fn update(
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
        Overlay::Sync(d) => {
            if let Some(d) = super::sync_tab::dialog(app, *d, action, store) {
                app.overlay = Some(Overlay::Sync(Box::new(d)));
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

pub fn filter_picker(app: &App) -> Picker {
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
