//! Resident identity numbers (居民身份证号码) after GB 11643-1999.
//!
//! An 18-character number is six digits of area code, eight of birth date, three of sequence
//! (odd for men, even for women) and a check character computed with ISO 7064 MOD 11-2.
//! Legacy 15-digit numbers carry a two-digit year (19xx) and no check character.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::household::Gender;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Why an identity number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error(
        "an identity number has 18 characters (or 15 digits for old numbers), this one has {0}"
    )]
    Length(usize),
    #[error("an identity number holds digits only, with an optional X at the end")]
    Characters,
    #[error("the number looks like Excel turned it into scientific notation and lost digits")]
    ScientificNotation,
    #[error("the check digit does not match the other 17 digits")]
    Checksum,
    #[error("the birth date inside the number is impossible")]
    Date,
}

/// A validated identity number, kept in its normalised form (ASCII, upper-case X).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdNumber(String);

impl IdNumber {
    /// Validates `raw` against GB 11643: normalises full-width characters and spaces, checks the
    /// length, the birth date (not after `today`, not before 1900) and the check character.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, IdNumberError> {
        let text = normalize(raw);
        if looks_scientific(&text) {
            return Err(IdNumberError::ScientificNotation);
        }
        let chars: Vec<char> = text.chars().collect();
        match chars.len() {
            18 => {
                let body_ok = chars.iter().take(17).all(char::is_ascii_digit);
                let last = chars[17];
                if !body_ok || !(last.is_ascii_digit() || last == 'X') {
                    return Err(IdNumberError::Characters);
                }
                birth_from_digits(&chars[6..14], today).ok_or(IdNumberError::Date)?;
                if check_char(&chars) != Some(last) {
                    return Err(IdNumberError::Checksum);
                }
                Ok(Self(text))
            }
            15 => {
                if !chars.iter().all(char::is_ascii_digit) {
                    return Err(IdNumberError::Characters);
                }
                let mut digits = vec!['1', '9'];
                digits.extend_from_slice(&chars[6..12]);
                birth_from_digits(&digits, today).ok_or(IdNumberError::Date)?;
                Ok(Self(text))
            }
            n => Err(IdNumberError::Length(n)),
        }
    }

    /// Wraps a string already known to be valid (read back from the database).
    pub fn from_trusted(text: String) -> Self {
        Self(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date written in the number.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let chars: Vec<char> = self.0.chars().collect();
        let far_future = NaiveDate::MAX;
        if chars.len() == 18 {
            birth_from_digits(&chars[6..14], far_future)
        } else if chars.len() == 15 {
            let mut digits = vec!['1', '9'];
            digits.extend_from_slice(&chars[6..12]);
            birth_from_digits(&digits, far_future)
        } else {
            None
        }
    }

    /// The gender written in the number: the sequence digit is odd for men, even for women.
    pub fn gender(&self) -> Option<Gender> {
        let chars: Vec<char> = self.0.chars().collect();
        let idx = match chars.len() {
            18 => 16,
            15 => 14,
            _ => return None,
        };
        let digit = chars.get(idx)?.to_digit(10)?;
        Some(if digit % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        })
    }

    /// The 18-character form, for telling whether two numbers name the same person: a 15-digit
    /// number gets `19` before its year and its check character appended.
    pub fn eighteen(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() != 15 {
            return self.0.clone();
        }
        let mut long: Vec<char> = chars.iter().take(6).copied().collect();
        long.extend(['1', '9']);
        long.extend(chars.iter().skip(6));
        match check_char(&long) {
            Some(check) => {
                long.push(check);
                long.into_iter().collect()
            }
            None => self.0.clone(),
        }
    }

    /// Masked for display: the first four and the last four characters.
    pub fn masked(&self) -> String {
        mask_middle(&self.0, 4, 4)
    }

    /// The last `n` characters, used by lookup ("ID-number tail").
    pub fn tail(&self, n: usize) -> &str {
        let skip = self.0.len().saturating_sub(n);
        self.0.get(skip..).unwrap_or(&self.0)
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Computes the check character for the first 17 digits of an 18-character number.
pub fn check_char(chars: &[char]) -> Option<char> {
    let mut sum = 0u32;
    for (c, w) in chars.iter().take(17).zip(WEIGHTS) {
        sum += c.to_digit(10)? * w;
    }
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// Converts full-width digits and letters to ASCII, drops spaces and upper-cases `x`.
pub fn normalize(raw: &str) -> String {
    super::text::to_half_width(raw)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn looks_scientific(text: &str) -> bool {
    text.contains("E+") || (text.contains('.') && text.contains('E'))
}

fn birth_from_digits(digits: &[char], today: NaiveDate) -> Option<NaiveDate> {
    let s: String = digits.iter().collect();
    let year: i32 = s.get(0..4)?.parse().ok()?;
    let month: u32 = s.get(4..6)?.parse().ok()?;
    let day: u32 = s.get(6..8)?.parse().ok()?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    (year >= 1900 && date <= today && date.year() == year).then_some(date)
}

/// Keeps `head` leading and `tail` trailing characters and stars the rest.
pub fn mask_middle(text: &str, head: usize, tail: usize) -> String {
    let n = text.chars().count();
    if n <= head + tail {
        return "*".repeat(n);
    }
    text.chars()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn fifteen_digit_numbers_have_an_eighteen_character_form() {
        let old = IdNumber::parse("520323720131585", today()).unwrap();
        assert_eq!(old.eighteen(), "520323197201315856");
        let new = IdNumber::parse("520323197201315856", today()).unwrap();
        assert_eq!(new.eighteen(), new.as_str());
    }

    #[test]
    fn accepts_valid_numbers_and_reads_birth_and_gender() {
        let id = IdNumber::parse("520323197201315856", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1972, 1, 31));
        assert_eq!(id.gender(), Some(Gender::Male));
        let id = IdNumber::parse("14103320011207908x", today()).unwrap();
        assert_eq!(id.as_str(), "14103320011207908X");
        assert_eq!(id.gender(), Some(Gender::Female));
    }

    #[test]
    fn full_width_and_spaces_are_normalised() {
        let id = IdNumber::parse(" ５２０３２３１９７２０１３１５８５６ ", today()).unwrap();
        assert_eq!(id.as_str(), "520323197201315856");
    }

    #[test]
    fn refuses_wrong_check_digit() {
        assert_eq!(
            IdNumber::parse("520323197201315857", today()),
            Err(IdNumberError::Checksum)
        );
    }

    #[test]
    fn refuses_impossible_and_future_dates() {
        let mut chars: Vec<char> = "520323197202305856".chars().collect();
        let c = check_char(&chars).unwrap();
        chars[17] = c;
        let s: String = chars.iter().collect();
        assert_eq!(IdNumber::parse(&s, today()), Err(IdNumberError::Date));
        let mut chars: Vec<char> = "520323202712015856".chars().collect();
        chars[17] = check_char(&chars).unwrap();
        let s: String = chars.iter().collect();
        assert_eq!(IdNumber::parse(&s, today()), Err(IdNumberError::Date));
    }

    #[test]
    fn refuses_scientific_notation() {
        assert_eq!(
            IdNumber::parse("1.41033E+17", today()),
            Err(IdNumberError::ScientificNotation)
        );
    }

    #[test]
    fn legacy_fifteen_digit_numbers() {
        let id = IdNumber::parse("520323720131585", today()).unwrap();
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1972, 1, 31));
        assert_eq!(id.gender(), Some(Gender::Male));
        assert_eq!(
            IdNumber::parse("520323721331585", today()),
            Err(IdNumberError::Date)
        );
    }

    #[test]
    fn masks_the_middle() {
        let id = IdNumber::parse("520323197201315856", today()).unwrap();
        assert_eq!(id.masked(), "5203**********5856");
        assert_eq!(id.tail(4), "5856");
    }

    proptest! {
        #[test]
        fn any_generated_number_validates(
            area in 110000u32..659999,
            days in 0i64..40000,
            seq in 0u32..999,
        ) {
            let birth = NaiveDate::from_ymd_opt(1910, 1, 1).unwrap() + chrono::Days::new(days as u64);
            prop_assume!(birth <= today());
            let body = format!("{area:06}{}{seq:03}", birth.format("%Y%m%d"));
            let chars: Vec<char> = body.chars().collect();
            let full = format!("{body}{}", check_char(&chars).unwrap());
            let id = IdNumber::parse(&full, today()).unwrap();
            prop_assert_eq!(id.birth_date(), Some(birth));
            let expected = if seq % 2 == 1 { Gender::Male } else { Gender::Female };
            prop_assert_eq!(id.gender(), Some(expected));
        }

        #[test]
        fn a_changed_digit_is_caught(pos in 0usize..17, delta in 1u32..10) {
            let good: Vec<char> = "520323197201315856".chars().collect();
            let mut bad = good.clone();
            let d = bad[pos].to_digit(10).unwrap();
            bad[pos] = char::from_digit((d + delta) % 10, 10).unwrap();
            let s: String = bad.iter().collect();
            prop_assert!(IdNumber::parse(&s, today()).is_err());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = IdNumber::parse(&s, today());
        }
    }
}
