//! Strict checks of untrusted JSON lines before they are parsed into typed structs: nesting at
//! most 16 deep, strings at most 16 KiB, no duplicate keys, no control characters other than
//! tab and line breaks. serde_json alone accepts duplicate keys (the last wins) and strings of
//! any size.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};

/// The deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 16;
/// The longest string (in bytes, after unescaping) accepted.
pub const MAX_TEXT: usize = 16 * 1024;

/// Checks one JSON value (the whole of `line`); the error says what is wrong.
pub fn check(line: &[u8]) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_slice(line);
    Walk { depth: 0 }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| {
            // serde_json appends " at line 1 column N"; the column helps, the line does not.
            let text = e.to_string();
            match text.rsplit_once(" at line 1 ") {
                Some((what, col)) => format!("{what} ({col})"),
                None => text,
            }
        })
}

fn check_text(s: &str) -> Result<(), String> {
    if s.len() > MAX_TEXT {
        return Err(format!(
            "a text field is {} KiB, more than the {} KiB allowed",
            s.len().div_ceil(1024),
            MAX_TEXT / 1024
        ));
    }
    if let Some(c) = s
        .chars()
        .find(|c| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'))
    {
        return Err(format!(
            "a text field contains the control character U+{:04X}",
            u32::from(c)
        ));
    }
    Ok(())
}

struct Walk {
    depth: usize,
}

impl Walk {
    fn deeper<E: de::Error>(&self) -> Result<Walk, E> {
        let depth = self.depth + 1;
        if depth > MAX_DEPTH {
            return Err(E::custom(format!(
                "the JSON is nested deeper than {MAX_DEPTH} levels"
            )));
        }
        Ok(Walk { depth })
    }
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        check_text(s).map_err(E::custom)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        while seq
            .next_element_seed(Walk { depth: inner.depth })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.deeper()?;
        let mut few: Vec<String> = Vec::new();
        let mut many: HashSet<String> = HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            check_text(&key).map_err(de::Error::custom)?;
            let fresh = if many.is_empty() && few.len() < 32 {
                if few.contains(&key) {
                    false
                } else {
                    few.push(key.clone());
                    true
                }
            } else {
                many.extend(few.drain(..));
                many.insert(key.clone())
            };
            if !fresh {
                return Err(de::Error::custom(format!(
                    "the key \"{}\" appears twice in one object",
                    key.chars().take(40).collect::<String>()
                )));
            }
            map.next_value_seed(Walk { depth: inner.depth })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ops_pass() {
        assert_eq!(
            check(br#"{"a":[1,2,{"b":"x\ny"}],"c":null,"d":-1.5,"e":true}"#),
            Ok(())
        );
        assert_eq!(check("{\"名\":\"李德军\\t\"}".as_bytes()), Ok(()));
    }

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        let err = check(br#"{"a":{"b":1,"b":2}}"#).unwrap_err();
        assert!(err.contains("\"b\" appears twice"), "{err}");
        let many: String = (0..100).map(|i| format!("\"k{i}\":1,")).collect();
        let err = check(format!("{{{many}\"k7\":2}}").as_bytes()).unwrap_err();
        assert!(err.contains("\"k7\" appears twice"), "{err}");
    }

    #[test]
    fn deep_nesting_long_strings_and_control_characters_are_refused() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(
            check(deep.as_bytes())
                .unwrap_err()
                .contains("nested deeper")
        );
        let ok = format!("{}{}", "[".repeat(16), "]".repeat(16));
        assert_eq!(check(ok.as_bytes()), Ok(()));
        let long = format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_TEXT + 1));
        assert!(check(long.as_bytes()).unwrap_err().contains("KiB"));
        assert!(
            check(br#"{"a":"x\u0000y"}"#)
                .unwrap_err()
                .contains("U+0000")
        );
        assert!(
            check(br#"{"a":"x\u001by"}"#)
                .unwrap_err()
                .contains("U+001B")
        );
        assert!(check(br#"{"a":1} x"#).is_err());
        assert!(check(b"{\"a\":\"\xff\"}").is_err());
    }
}
