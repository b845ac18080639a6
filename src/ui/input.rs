//! Terminal events to actions. While a text field has the focus, printable keys are text and
//! never commands; everything else goes through the keymap.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::Action;
use super::app::{App, Overlay};
use super::keymap::Chord;

pub fn action_for(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Paste(text) if app.typing() => Some(Action::Type(text.replace(['\r', '\n'], " "))),
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(app, key),
        _ => None,
    }
}

fn key_action(app: &App, key: KeyEvent) -> Option<Action> {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    let visit_question = app.overlay.is_none()
        && app.visit.as_ref().is_some_and(|v| {
            matches!(
                v.prompt,
                Some(
                    super::visit::Prompt::Discard
                        | super::visit::Prompt::NoQuestion
                        | super::visit::Prompt::Review(_)
                )
            )
        });
    let import_question = matches!(
        &app.overlay,
        Some(Overlay::Import(i)) if matches!(i.step, super::roster_import::ImportStep::Preview { .. })
    ) || matches!(
        &app.overlay,
        Some(Overlay::Sync(d)) if matches!(**d, super::tabs::sync::Dialog::Import { preview: Some(_), .. })
    );
    if matches!(app.overlay, Some(Overlay::Confirm(_))) || visit_question || import_question {
        match key.code {
            KeyCode::Char('y' | 'Y') if plain => return Some(Action::Yes),
            KeyCode::Char('n' | 'N') if plain => return Some(Action::No),
            _ => {}
        }
    }
    let in_form = matches!(app.overlay, Some(Overlay::Form(_)))
        || (app.overlay.is_none() && app.visit.is_some());
    if app.typing() || in_form {
        match key.code {
            KeyCode::Char(c) if plain && app.typing() => return Some(Action::Type(c.to_string())),
            KeyCode::Backspace => return Some(Action::Backspace),
            KeyCode::Delete => return Some(Action::Delete),
            KeyCode::Left => return Some(Action::Left),
            KeyCode::Right => return Some(Action::Right),
            KeyCode::Home if app.typing() => return Some(Action::Home),
            KeyCode::End if app.typing() => return Some(Action::End),
            _ => {}
        }
    }
    app.keymap.action(&Chord::from_event(key)).cloned()
}
