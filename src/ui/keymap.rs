//! Key bindings: the embedded defaults (`keys.toml`) with the user's `[keys]` over them. Bad
//! key names, unknown actions and one key bound twice are reported with file and line.

use std::collections::HashMap;
use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::ConfigError;

const DEFAULTS: &str = include_str!("keys.toml");

/// A key with its modifiers, as written in the config (`ctrl-s`, `shift-tab`, `G`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Chord {
    /// Normalises a key event: shift is folded into the character for printable keys.
    pub fn from_event(key: KeyEvent) -> Self {
        let mut mods =
            key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match key.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::BackTab => {
                mods.insert(KeyModifiers::SHIFT);
                KeyCode::Tab
            }
            other => other,
        };
        Self { code, mods }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            let (prefix, m) = if lower.starts_with("ctrl-") {
                ("ctrl-", KeyModifiers::CONTROL)
            } else if lower.starts_with("alt-") {
                ("alt-", KeyModifiers::ALT)
            } else if lower.starts_with("shift-") {
                ("shift-", KeyModifiers::SHIFT)
            } else {
                break;
            };
            mods.insert(m);
            rest = rest.get(prefix.len()..)?;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                let c = if mods.contains(KeyModifiers::CONTROL) {
                    c.to_ascii_lowercase()
                } else {
                    c
                };
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c)
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => {
                    mods.insert(KeyModifiers::SHIFT);
                    KeyCode::Tab
                }
                "space" => KeyCode::Char(' '),
                "backspace" => KeyCode::Backspace,
                "delete" | "del" => KeyCode::Delete,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                f if f.starts_with('f') => {
                    KeyCode::F(f.get(1..)?.parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(Self { code, mods })
    }

    /// How the key is shown in hints and the help.
    pub fn display(&self) -> String {
        let mut s = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            s.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            s.push_str("Alt-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            s.push_str("Shift-");
        }
        match self.code {
            KeyCode::Char(' ') => s.push_str("Space"),
            KeyCode::Char(c) if self.mods.contains(KeyModifiers::CONTROL) => {
                s.push(c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => s.push(c),
            KeyCode::Enter => s.push_str("Enter"),
            KeyCode::Esc => s.push_str("Esc"),
            KeyCode::Tab => s.push_str("Tab"),
            KeyCode::Backspace => s.push_str("Backspace"),
            KeyCode::Delete => s.push_str("Del"),
            KeyCode::Up => s.push_str("Up"),
            KeyCode::Down => s.push_str("Down"),
            KeyCode::Left => s.push_str("Left"),
            KeyCode::Right => s.push_str("Right"),
            KeyCode::PageUp => s.push_str("PgUp"),
            KeyCode::PageDown => s.push_str("PgDn"),
            KeyCode::Home => s.push_str("Home"),
            KeyCode::End => s.push_str("End"),
            KeyCode::F(n) => s.push_str(&format!("F{n}")),
            _ => s.push('?'),
        }
        s
    }
}

#[derive(Debug, Clone)]
pub struct Keymap {
    map: HashMap<Chord, Action>,
    /// Bindings in the order they were written, for hints and the help.
    order: Vec<(Chord, Action)>,
}

impl Keymap {
    pub fn defaults() -> Self {
        let mut km = Self {
            map: HashMap::new(),
            order: Vec::new(),
        };
        // The embedded file is checked by a test; a mistake in it cannot reach a user.
        let _ = km.apply(
            DEFAULTS,
            &parse_table(DEFAULTS),
            Path::new("keys.toml"),
            false,
        );
        km
    }

    /// The defaults with the user's `[keys]` over them. `text` is the config file's content
    /// (for line numbers).
    pub fn with_user(
        keys: &std::collections::BTreeMap<String, String>,
        file: &Path,
        text: &str,
    ) -> Result<Self, ConfigError> {
        let mut km = Self::defaults();
        let entries: Vec<(String, String)> =
            keys.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        km.apply(text, &entries, file, true)?;
        Ok(km)
    }

    fn apply(
        &mut self,
        text: &str,
        entries: &[(String, String)],
        file: &Path,
        user: bool,
    ) -> Result<(), ConfigError> {
        let err = |key: &str, message: crate::i18n::said::Said| ConfigError {
            file: file.to_path_buf(),
            line: line_of_key(text, key),
            message,
        };
        let mut seen: HashMap<Chord, String> = HashMap::new();
        for (key, action) in entries {
            let chord = Chord::parse(key).ok_or_else(|| {
                err(
                    key,
                    crate::i18n::said::Said::new(crate::i18n::Msg::KeyNotAKey).with("key", key),
                )
            })?;
            if let Some(first) = seen.insert(chord, key.clone()) {
                return Err(err(
                    key,
                    crate::i18n::said::Said::new(crate::i18n::Msg::KeyTwice)
                        .with("key", key)
                        .with("first", &first),
                ));
            }
            if user {
                self.order.retain(|(c, _)| *c != chord);
                self.map.remove(&chord);
            }
            if action == "none" {
                continue;
            }
            let act = Action::from_name(action)
                .filter(|a| Action::BINDABLE.contains(a))
                .ok_or_else(|| {
                    let names: Vec<String> = Action::BINDABLE.iter().map(Action::name).collect();
                    err(
                        key,
                        crate::i18n::said::Said::new(crate::i18n::Msg::KeyUnknownAction)
                            .with("action", action)
                            .with("names", names.join(", ")),
                    )
                })?;
            self.map.insert(chord, act.clone());
            self.order.push((chord, act));
        }
        Ok(())
    }

    /// The keymap a config asks for: its `[keys]` over the defaults, with errors naming the
    /// config file and line.
    pub fn from_config(config: &crate::config::Config) -> Result<Self, ConfigError> {
        match &config.source {
            Some((file, text)) => Self::with_user(&config.keys, file, text),
            None => Ok(Self::defaults()),
        }
    }

    pub fn action(&self, chord: &Chord) -> Option<&Action> {
        self.map.get(chord)
    }

    /// The first key bound to `action`, for hints.
    pub fn key_for(&self, action: &Action) -> Option<String> {
        self.order
            .iter()
            .find(|(_, a)| a == action)
            .map(|(c, _)| c.display())
    }

    /// All keys of each bindable action, in help order.
    pub fn help_rows(&self) -> Vec<(String, Action)> {
        Action::BINDABLE
            .iter()
            .filter_map(|a| {
                let keys: Vec<String> = self
                    .order
                    .iter()
                    .filter(|(_, b)| b == a)
                    .map(|(c, _)| c.display())
                    .collect();
                (!keys.is_empty()).then(|| (keys.join(" "), a.clone()))
            })
            .collect()
    }
}

/// `"key" = "action"` pairs of a flat TOML table, in file order.
fn parse_table(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            if l.starts_with('#') || l.is_empty() {
                return None;
            }
            let (k, v) = l.split_once('=')?;
            Some((
                k.trim().trim_matches('"').to_string(),
                v.trim().trim_matches('"').to_string(),
            ))
        })
        .collect()
}

fn line_of_key(text: &str, key: &str) -> usize {
    let quoted = format!("\"{key}\"");
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&quoted)
                || t.starts_with(&format!("{key} "))
                || t.starts_with(&format!("{key}="))
        })
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn key(code: KeyCode, mods: KeyModifiers) -> Chord {
        Chord::from_event(KeyEvent::new(code, mods))
    }

    #[test]
    fn defaults_parse_and_cover_the_design_keys() {
        let entries = parse_table(DEFAULTS);
        let mut km = Keymap {
            map: HashMap::new(),
            order: Vec::new(),
        };
        km.apply(DEFAULTS, &entries, Path::new("keys.toml"), false)
            .unwrap();
        assert_eq!(
            km.action(&key(KeyCode::Char('/'), KeyModifiers::NONE)),
            Some(&Action::Search)
        );
        assert_eq!(
            km.action(&key(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(&Action::Save)
        );
        assert_eq!(
            km.action(&key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(&Action::PrevField)
        );
        assert_eq!(
            km.action(&key(KeyCode::Char('?'), KeyModifiers::SHIFT)),
            Some(&Action::Help)
        );
        assert_eq!(
            km.action(&key(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(&Action::TabRequests)
        );
        assert_eq!(km.key_for(&Action::Save).as_deref(), Some("Ctrl-S"));
    }

    #[test]
    fn user_keys_override_and_free_defaults() {
        let mut keys = BTreeMap::new();
        keys.insert("ctrl-f".to_string(), "search".to_string());
        keys.insert("/".to_string(), "none".to_string());
        let text = "[keys]\n\"ctrl-f\" = \"search\"\n\"/\" = \"none\"\n";
        let km = Keymap::with_user(&keys, Path::new("c.toml"), text).unwrap();
        assert_eq!(
            km.action(&key(KeyCode::Char('f'), KeyModifiers::CONTROL)),
            Some(&Action::Search)
        );
        assert_eq!(
            km.action(&key(KeyCode::Char('/'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(km.key_for(&Action::Search).as_deref(), Some("Ctrl-F"));
    }

    #[test]
    fn bad_bindings_name_the_line() {
        let mut keys = BTreeMap::new();
        keys.insert("ctrl-s".to_string(), "sav".to_string());
        let text = "worker = \"x\"\n[keys]\n\"ctrl-s\" = \"sav\"\n";
        let e = Keymap::with_user(&keys, Path::new("c.toml"), text).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(
            e.message.to_string().contains("unknown action `sav`"),
            "{e}"
        );

        let mut keys = BTreeMap::new();
        keys.insert("ctrl-x-y".to_string(), "save".to_string());
        let e = Keymap::with_user(
            &keys,
            Path::new("c.toml"),
            "[keys]\n\"ctrl-x-y\" = \"save\"\n",
        )
        .unwrap_err();
        assert_eq!(e.line, 2);

        let mut keys = BTreeMap::new();
        keys.insert("ctrl-s".to_string(), "quit".to_string());
        keys.insert("Ctrl-S".to_string(), "help".to_string());
        let text = "[keys]\n\"ctrl-s\" = \"quit\"\n\"Ctrl-S\" = \"help\"\n";
        let e = Keymap::with_user(&keys, Path::new("c.toml"), text).unwrap_err();
        assert!(e.message.to_string().contains("bound twice"), "{e}");
    }

    #[test]
    fn chords_round_trip_through_their_names() {
        for name in [
            "q",
            "G",
            "ctrl-s",
            "alt-x",
            "shift-tab",
            "enter",
            "esc",
            "f2",
            "pagedown",
            "space",
        ] {
            let c = Chord::parse(name).unwrap();
            assert_eq!(Chord::parse(&c.display()), Some(c), "{name}");
        }
        assert_eq!(Chord::parse("ctrl-"), None);
        assert_eq!(Chord::parse("f13"), None);
    }
}
