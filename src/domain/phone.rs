//! Phone numbers as residents give them: mobiles, landlines with area codes, with or without
//! `+86`, spaces, dashes and full-width digits.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number needs 7 to 12 digits; this one has {0}")]
    Length(usize),
    #[error("a phone number holds digits, spaces, dashes, brackets and an optional +86")]
    Characters,
    #[error("a mobile number has 11 digits starting with 13-19")]
    Mobile,
}

/// A normalised phone number: digits only, without the country code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let half = super::text::to_half_width(raw);
        let mut digits = String::new();
        for c in half.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '+' | '.' => {}
                _ => return Err(PhoneError::Characters),
            }
        }
        let digits = strip_country_code(&digits);
        let n = digits.len();
        if digits.starts_with('1') {
            let second = digits.as_bytes().get(1).copied().unwrap_or(b'0');
            if n != 11 || !(b'3'..=b'9').contains(&second) {
                return Err(PhoneError::Mobile);
            }
        } else if !(7..=12).contains(&n) {
            return Err(PhoneError::Length(n));
        }
        Ok(Self(digits.to_string()))
    }

    pub fn from_trusted(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_mobile(&self) -> bool {
        self.0.len() == 11 && self.0.starts_with('1')
    }

    /// `150****6030` for mobiles; landlines keep the area code and the last four digits.
    pub fn masked(&self) -> String {
        if self.is_mobile() {
            super::idnum::mask_middle(&self.0, 3, 4)
        } else {
            let head = if self.0.starts_with('0') { 3 } else { 0 };
            super::idnum::mask_middle(&self.0, head, 4)
        }
    }
}

impl std::fmt::Display for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn strip_country_code(digits: &str) -> &str {
    for prefix in ["0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix)
            && rest.len() == 11
            && rest.starts_with('1')
        {
            return rest;
        }
    }
    digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_common_forms() {
        for raw in [
            "150-9099-6030",
            "+86 150 9099 6030",
            "008615090996030",
            "１５０９０９９６０３０",
            " 15090996030 ",
        ] {
            assert_eq!(Phone::parse(raw).unwrap().as_str(), "15090996030", "{raw}");
        }
        assert_eq!(
            Phone::parse("0851-8822 1234").unwrap().as_str(),
            "085188221234"
        );
    }

    #[test]
    fn refuses_garbage() {
        assert_eq!(Phone::parse("1509099603"), Err(PhoneError::Mobile));
        assert_eq!(Phone::parse("12090996030"), Err(PhoneError::Mobile));
        assert_eq!(Phone::parse("abc"), Err(PhoneError::Characters));
        assert_eq!(Phone::parse("2345"), Err(PhoneError::Length(4)));
    }

    #[test]
    fn masks_mobiles_and_landlines() {
        assert_eq!(Phone::parse("15090996030").unwrap().masked(), "150****6030");
        assert_eq!(
            Phone::parse("085188221234").unwrap().masked(),
            "085*****1234"
        );
    }

    proptest! {
        #[test]
        fn any_mobile_survives_decoration(second in 3u8..=9, rest in "[0-9]{9}", sep in "[ -]?") {
            let plain = format!("1{second}{rest}");
            let decorated = format!("+86{sep}{}{sep}{}", plain.get(0..3).unwrap(), plain.get(3..).unwrap());
            let parsed = Phone::parse(&decorated).unwrap();
            prop_assert_eq!(parsed.as_str(), plain.as_str());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Phone::parse(&s);
        }
    }
}
