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
    if let Some(Overlay::Confirm(_)) = app.overlay {
        match key.code {
            KeyCode::Char('y' | 'Y') if plain => return Some(Action::Yes),
            KeyCode::Char('n' | 'N') if plain => return Some(Action::No),
            _ => {}
        }
    }
    let in_form = matches!(app.overlay, Some(Overlay::Form(_)));
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
