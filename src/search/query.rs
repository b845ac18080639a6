//! Parsing a query into terms and routing each term by its shape.

use memchr::memmem::Finder;

use super::match_pinyin::MAX_QUERY;
use super::match_text::digit_pairs;
use super::norm_char;
use super::pinyin_keys::letter_mask;

/// Which matcher a term goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    /// Digits, optionally ending in `x`: phones, ID numbers, numbers in the address.
    Number,
    /// ASCII letters and digits: pinyin keys.
    Pinyin,
    /// Anything else: names, address, compound and tags as written.
    Text,
}

/// One whitespace-separated part of a query, normalised like the index.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub route: Route,
    pub text: String,
    /// For [`Route::Pinyin`]: the letters a key must contain.
    pub mask: u32,
    /// For [`Route::Number`]: the digit pairs a household must contain.
    pub pairs: u128,
    /// Finds `text` (for [`Route::Number`] and [`Route::Text`]).
    pub finder: Finder<'static>,
    /// For [`Route::Text`]: one finder per char, for the in-order check.
    pub chars: Vec<Finder<'static>>,
}

impl Term {
    fn new(token: &str) -> Option<Term> {
        let stripped: String = token.chars().filter(|&c| c != '\'').collect();
        let is_number = {
            let digits = stripped.strip_suffix('x').unwrap_or(&stripped);
            !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
        };
        let is_pinyin = stripped.len() <= MAX_QUERY
            && stripped.bytes().all(|b| b.is_ascii_alphanumeric())
            && stripped.bytes().any(|b| b.is_ascii_alphabetic());
        let (route, text) = if is_number {
            (Route::Number, stripped)
        } else if is_pinyin {
            (Route::Pinyin, stripped)
        } else if stripped.is_empty() {
            return None;
        } else {
            (Route::Text, token.to_owned())
        };
        let mut buf = [0u8; 4];
        let chars = if route == Route::Text {
            text.chars()
                .map(|c| Finder::new(c.encode_utf8(&mut buf).as_bytes()).into_owned())
                .collect()
        } else {
            Vec::new()
        };
        Some(Term {
            route,
            mask: if route == Route::Pinyin {
                letter_mask(text.as_bytes())
            } else {
                0
            },
            pairs: if route == Route::Number {
                digit_pairs(text.as_bytes())
            } else {
                0
            },
            finder: Finder::new(text.as_bytes()).into_owned(),
            chars,
            text,
        })
    }

    /// Whether every text this term matches is also matched by `prev`.
    fn extends(&self, prev: &Term) -> bool {
        self.route == prev.route && self.text.starts_with(&prev.text)
    }
}

/// A parsed query: terms that must all match.
#[derive(Debug, Clone)]
pub(crate) struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    pub fn parse(raw: &str) -> Query {
        let normalised: String = raw.chars().map(norm_char).collect();
        Query {
            terms: normalised
                .split_whitespace()
                .filter_map(Term::new)
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether this query can only match households that `prev` matched: the same terms, the
    /// last one possibly extended (same route), and possibly more terms after it.
    pub fn narrows(&self, prev: &Query) -> bool {
        let Some((last, init)) = prev.terms.split_last() else {
            return false;
        };
        self.terms.len() >= prev.terms.len()
            && init
                .iter()
                .zip(&self.terms)
                .all(|(p, t)| t.route == p.route && t.text == p.text)
            && self.terms.get(init.len()).is_some_and(|t| t.extends(last))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routes(q: &str) -> Vec<(Route, String)> {
        Query::parse(q)
            .terms
            .into_iter()
            .map(|t| (t.route, t.text))
            .collect()
    }

    #[test]
    fn routes_by_shape() {
        use Route::*;
        assert_eq!(routes("138"), [(Number, "138".into())]);
        assert_eq!(routes("5856X"), [(Number, "5856x".into())]);
        assert_eq!(routes("ＬＤＪ"), [(Pinyin, "ldj".into())]);
        assert_eq!(
            routes("xi'an 3dong"),
            [(Pinyin, "xian".into()), (Pinyin, "3dong".into())]
        );
        assert_eq!(
            routes("幸福　401"),
            [(Text, "幸福".into()), (Number, "401".into())]
        );
        assert_eq!(routes("x"), [(Pinyin, "x".into())]);
        assert_eq!(routes("王f"), [(Text, "王f".into())]);
        assert!(routes("  ' ").is_empty());
        assert!(Query::parse("").is_empty());
    }

    #[test]
    fn narrowing_needs_an_extension_on_the_same_route() {
        let n = |a: &str, b: &str| Query::parse(b).narrows(&Query::parse(a));
        assert!(n("l", "ld"));
        assert!(n("ld", "ld"));
        assert!(n("ld", "ldj 138"));
        assert!(n("王 13", "王 138"));
        assert!(!n("ld", "l"));
        assert!(!n("1", "1a"));
        assert!(!n("王 13", "王芳 138"));
        assert!(!n("", "a"));
        assert!(!n("ab cd", "abc cd"));
    }
}
