//! Actions while something covers the screen: help, a yes/no question, a form, a picker, the
//! drafts offered at start, the roster import.

use super::action::Action;
use super::app::{App, Overlay, Pick, cx};
use super::cursor::{Cursor, Move};
use super::edit;
use super::effect::{Effect, Effects, Tab};
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
                (_, Action::Back | Action::No) => false,
                (ImportStep::Path(input), Action::NextField) => {
                    if let Some(done) = super::path_input::complete(input.text()) {
                        *input = super::text::TextInput::new(&done);
                    }
                    true
                }
                (ImportStep::Path(input), Action::Open | Action::Save) => {
                    let path = input.text().to_string();
                    match preview(app, store, &path) {
                        Ok(step) => screen.step = step,
                        Err(e) => screen.error = Some(e),
                    }
                    true
                }
                (ImportStep::Path(input), other) => {
                    input.apply(&other);
                    true
                }
                (
                    ImportStep::Preview { scroll, .. },
                    a @ (Action::Up
                    | Action::Down
                    | Action::PageUp
                    | Action::PageDown
                    | Action::Home
                    | Action::End),
                ) => {
                    // The refused rows scroll; the view keeps the scroll in range.
                    let page = super::layout::body_height(app.size)
                        .saturating_sub(8)
                        .max(1);
                    *scroll = match a {
                        Action::Up => scroll.saturating_sub(1),
                        Action::Down => *scroll + 1,
                        Action::PageUp => scroll.saturating_sub(page),
                        Action::PageDown => *scroll + page,
                        Action::Home => 0,
                        _ => usize::MAX / 2,
                    };
                    true
                }
                (
                    ImportStep::Preview {
                        path, plan, report, ..
                    },
                    Action::Yes | Action::Open | Action::Save,
                ) => {
                    if report.ops == 0 && plan.rejected.is_empty() {
                        app.info(app.t(Msg::ImportNothing));
                    } else {
                        let (path, plan) = (path.clone(), plan.clone());
                        match import(app, store, &path, &plan) {
                            Ok(msg) => {
                                app.invalidate(super::effect::Changed::Everything, store);
                                app.info(msg);
                            }
                            Err(e) => app.error(e),
                        }
                    }
                    false
                }
                _ => true,
            };
            if keep {
                app.overlay = Some(Overlay::Import(screen));
            }
        }
        Overlay::Sync(d) => {
            let (d, fx) = app.sync.dialog(*d, action, &mut cx!(app, store));
            if let Some(d) = d {
                app.overlay = Some(Overlay::Sync(Box::new(d)));
            }
            app.apply(fx, store);
        }
        Overlay::Drafts(drafts, mut selected) => match action {
            Action::Open | Action::Save => {
                if let Some((household, _)) = drafts.get(selected) {
                    let fx = Effects::one(Effect::Visit {
                        household: *household,
                        from: Tab::Households,
                    });
                    app.apply(fx, store);
                }
            }
            Action::Back | Action::Quit => {}
            other => {
                choose(&mut selected, drafts.len(), &other);
                app.overlay = Some(Overlay::Drafts(drafts, selected));
            }
        },
        Overlay::Picker(mut p) => match action {
            Action::Open | Action::Save => {
                match p.items.get(p.selected).map(|(_, pick)| pick.clone()) {
                    Some(Pick::Households(filter)) => {
                        app.households.list.filter = filter;
                        app.refresh_list();
                    }
                    Some(Pick::Requests(view)) => {
                        let fx = app.requests.show_view(view, &cx!(app, store));
                        app.apply(fx, store);
                    }
                    None => {}
                }
            }
            Action::Back | Action::Filter => {}
            other => {
                choose(&mut p.selected, p.items.len(), &other);
                app.overlay = Some(Overlay::Picker(p));
            }
        },
        Overlay::Form(mut form) => {
            let mut keep = true;
            match action {
                Action::Left if form.choose(-1) => {}
                Action::Right if form.choose(1) => {}
                ref a @ (Action::Type(_)
                | Action::Backspace
                | Action::Delete
                | Action::Left
                | Action::Right
                | Action::Home
                | Action::End) => {
                    if let Some(input) = form.focused_input() {
                        input.apply(a);
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

/// Moves the selection of a menu: arrows, pages, Home and End.
fn choose(selected: &mut usize, len: usize, action: &Action) {
    if let Some(m) = Move::of(action) {
        let mut c = Cursor {
            selected: *selected,
            offset: 0,
        };
        c.go(m, len, 10);
        *selected = c.selected;
    }
}
