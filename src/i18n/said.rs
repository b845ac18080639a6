//! A message as a library error carries it: a catalog key and its values, so the edge can say
//! it in the user's language. `Display` gives the English (for logs and English screens).

use super::{Lang, Msg};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub msg: Msg,
    pub args: Vec<(&'static str, String)>,
}

impl Said {
    pub fn new(msg: Msg) -> Self {
        Self {
            msg,
            args: Vec::new(),
        }
    }

    /// Adds a value for the placeholder `{name}`.
    pub fn with(mut self, name: &'static str, value: impl std::fmt::Display) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    pub fn in_lang(&self, lang: Lang) -> String {
        let args: Vec<(&str, &dyn std::fmt::Display)> = self
            .args
            .iter()
            .map(|(n, v)| (*n, v as &dyn std::fmt::Display))
            .collect();
        lang.f(self.msg, &args)
    }
}

impl std::error::Error for Said {}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn said_in_both_languages_with_its_values() {
        let s = Said::new(Msg::TeamErrNoDevice).with("name", "\"旧电脑\"");
        assert!(s.to_string().contains("\"旧电脑\""));
        assert!(s.in_lang(Lang::Zh).contains("\"旧电脑\""));
        assert_ne!(s.in_lang(Lang::Zh), s.to_string());
    }
}
