//! Row validation: the reasons a row is refused, and reading each field into its domain type.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::idnum::{mask_middle, normalize};
use crate::domain::{Gender, IdNumber, IdNumberError, Phone, Relation, Tag};

use super::header::Column;
use super::rows::RowFields;
use super::warning::{Warning, WarningKind};

/// Why a row was refused. `code()` gives the stable names of ROSTER.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Excel turned the ID number into `1.41033E+17`; its last digits are gone.
    IdNumberScientificNotation,
    /// The ID number's check character is wrong.
    IdNumberChecksum,
    /// The birth date inside the ID number is impossible.
    IdNumberDate,
    /// The ID number has the wrong length or characters.
    IdNumberInvalid,
    MissingName,
    /// The gender column contradicts the ID number.
    GenderMismatch,
    /// A member row before any head row, with no address to place it.
    NoHousehold,
}

impl RejectReason {
    pub const ALL: [RejectReason; 7] = [
        Self::IdNumberScientificNotation,
        Self::IdNumberChecksum,
        Self::IdNumberDate,
        Self::IdNumberInvalid,
        Self::MissingName,
        Self::GenderMismatch,
        Self::NoHousehold,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::IdNumberScientificNotation => "id_number_scientific_notation",
            Self::IdNumberChecksum => "id_number_checksum",
            Self::IdNumberDate => "id_number_date",
            Self::IdNumberInvalid => "id_number_invalid",
            Self::MissingName => "missing_name",
            Self::GenderMismatch => "gender_mismatch",
            Self::NoHousehold => "no_household",
        }
    }

    /// What the worker should do about it (in English; the catalog has both languages).
    pub fn hint(self) -> &'static str {
        crate::i18n::Lang::En.reject_reason(self.code()).1
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One problem found on a row, before it is placed in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub reason: RejectReason,
    pub column: Option<Column>,
    /// The offending value, masked when it is an ID number.
    pub value: String,
}

/// A row read into domain types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub relation: Relation,
    pub gender: Option<Gender>,
    pub birth: Option<NaiveDate>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
    pub tags: Vec<Tag>,
    pub note: String,
}

/// Masks an ID number as entered (which may not be valid): first four and last four kept.
pub fn mask_id(raw: &str) -> String {
    mask_middle(&normalize(raw), 4, 4)
}

fn mask_phone(raw: &str) -> String {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    mask_middle(&digits, 3, 4)
}

/// Reads `fields` into a person, or lists every reason to refuse the row. Warnings about fields
/// that were dropped or replaced go to `warnings`; `header` names a column for them.
pub fn check(
    row: usize,
    fields: &RowFields,
    today: NaiveDate,
    header: &dyn Fn(Column) -> Option<String>,
    warnings: &mut Vec<Warning>,
) -> Result<Person, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut warn = |kind: WarningKind, column: Column, value: String, message: String| {
        warnings.push(Warning {
            row: Some(row),
            kind,
            column: header(column),
            value,
            message,
        });
    };
    if fields.name.is_empty() {
        problems.push(Problem {
            reason: RejectReason::MissingName,
            column: Some(Column::Name),
            value: String::new(),
        });
    }

    let id_number = if fields.id_number.is_empty() {
        None
    } else {
        match IdNumber::parse(&fields.id_number, today) {
            Ok(id) => Some(id),
            Err(e) => {
                let (reason, value) = match e {
                    IdNumberError::ScientificNotation => (
                        RejectReason::IdNumberScientificNotation,
                        fields.id_number.clone(),
                    ),
                    IdNumberError::Checksum => {
                        (RejectReason::IdNumberChecksum, mask_id(&fields.id_number))
                    }
                    IdNumberError::Date => (RejectReason::IdNumberDate, mask_id(&fields.id_number)),
                    IdNumberError::Length(_) | IdNumberError::Characters => {
                        (RejectReason::IdNumberInvalid, mask_id(&fields.id_number))
                    }
                };
                problems.push(Problem {
                    reason,
                    column: Some(Column::IdNumber),
                    value,
                });
                None
            }
        }
    };

    let written_gender = if fields.gender.is_empty() {
        None
    } else {
        let parsed = Gender::parse(&fields.gender)
            .or_else(|| Gender::parse(fields.gender.trim_end_matches('性')));
        if parsed.is_none() {
            warn(
                WarningKind::UnreadableGender,
                Column::Gender,
                fields.gender.clone(),
                format!(
                    "row {row}: gender {:?} is neither 男 nor 女; taken from the ID number if there is one",
                    fields.gender
                ),
            );
        }
        parsed
    };
    let id_gender = id_number.as_ref().and_then(IdNumber::gender);
    if let (Some(written), Some(from_id)) = (written_gender, id_gender)
        && written != from_id
    {
        problems.push(Problem {
            reason: RejectReason::GenderMismatch,
            column: Some(Column::Gender),
            value: fields.gender.clone(),
        });
    }

    let id_birth = id_number.as_ref().and_then(IdNumber::birth_date);
    let written_birth = if fields.birth.is_empty() {
        None
    } else {
        let parsed = parse_birth(&fields.birth, today);
        match (parsed, id_birth) {
            (None, _) => warn(
                WarningKind::UnreadableBirth,
                Column::Birth,
                fields.birth.clone(),
                format!(
                    "row {row}: birth date {:?} is not a date; taken from the ID number if there is one",
                    fields.birth
                ),
            ),
            (Some(written), Some(from_id)) if !same_birth(written, from_id) => warn(
                WarningKind::BirthDiffersFromId,
                Column::Birth,
                fields.birth.clone(),
                format!(
                    "row {row}: birth date {} differs from the ID number's {from_id}; the ID number's is used",
                    fields.birth
                ),
            ),
            _ => {}
        }
        parsed.map(|(date, _)| date)
    };

    let phone = if fields.phone.is_empty() {
        None
    } else {
        read_phone(&fields.phone, |kind, message| {
            warn(
                kind,
                Column::Phone,
                mask_phone(&fields.phone),
                format!("row {row}: {message}"),
            );
        })
    };

    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Person {
        name: fields.name.clone(),
        relation: Relation::parse(&fields.relation),
        gender: written_gender.or(id_gender),
        birth: id_birth.or(written_birth),
        id_number,
        phone,
        tags: Tag::split_list(&fields.tags),
        note: fields.note.clone(),
    })
}

/// A written birth date and whether it had a day (出生年月 often has only year and month).
fn same_birth((written, has_day): (NaiveDate, bool), from_id: NaiveDate) -> bool {
    if has_day {
        written == from_id
    } else {
        (written.year(), written.month()) == (from_id.year(), from_id.month())
    }
}

/// Reads `1972-01-31`, `1972/1/31`, `1972.01.31`, `1972年1月31日`, `19720131`, `1972-01`,
/// `197201`, and Excel serial day numbers (five digits, 1927 onwards). Returns the date and whether it had a day.
pub fn parse_birth(raw: &str, today: NaiveDate) -> Option<(NaiveDate, bool)> {
    let text = raw.trim();
    let (y, m, d) = if text.chars().all(|c| c.is_ascii_digit()) {
        let n = text.len();
        let num = |skip: usize, take: usize| -> Option<u32> {
            text.chars()
                .skip(skip)
                .take(take)
                .collect::<String>()
                .parse()
                .ok()
        };
        match n {
            8 => (num(0, 4)?, num(4, 2)?, Some(num(6, 2)?)),
            6 => (num(0, 4)?, num(4, 2)?, None),
            5 => {
                let serial: u64 = text.parse().ok()?;
                let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
                let date = base.checked_add_days(chrono::Days::new(serial))?;
                return (date.year() >= 1900 && date <= today).then_some((date, true));
            }
            _ => return None,
        }
    } else {
        let date_part = text.split_whitespace().next().unwrap_or("");
        let numbers: Vec<&str> = date_part
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        let parse = |s: &&str| s.parse::<u32>().ok();
        match numbers.as_slice() {
            [y, m, d] if y.len() == 4 => (parse(y)?, parse(m)?, Some(parse(d)?)),
            [y, m] if y.len() == 4 => (parse(y)?, parse(m)?, None),
            _ => return None,
        }
    };
    let year = i32::try_from(y).ok()?;
    let date = NaiveDate::from_ymd_opt(year, m, d.unwrap_or(1))?;
    (year >= 1900 && date <= today).then_some((date, d.is_some()))
}

/// Reads a phone cell. A cell with several numbers (`138…/139…`) keeps the first; a cell with
/// none is dropped. Either way `warn` is told.
fn read_phone(raw: &str, mut warn: impl FnMut(WarningKind, String)) -> Option<Phone> {
    if let Ok(phone) = Phone::parse(raw) {
        return Some(phone);
    }
    let separators = ['/', '、', ',', '，', ';', '；', '|', '\\'];
    let mut found: Vec<Phone> = raw
        .split(separators)
        .filter_map(|piece| Phone::parse(piece).ok())
        .collect();
    if found.is_empty() {
        found = raw
            .split_whitespace()
            .filter_map(|piece| Phone::parse(piece).ok())
            .collect();
    }
    match found.len() {
        0 => {
            warn(
                WarningKind::BadPhone,
                "the phone is not a phone number; the member is imported without it".to_string(),
            );
            None
        }
        1 => Some(found.remove(0)),
        n => {
            warn(
                WarningKind::ExtraPhones,
                format!("the phone cell holds {n} numbers; only the first is imported"),
            );
            Some(found.remove(0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn fields(name: &str, gender: &str, id: &str) -> RowFields {
        RowFields {
            name: name.into(),
            gender: gender.into(),
            id_number: id.into(),
            ..RowFields::default()
        }
    }

    fn reasons(f: &RowFields) -> Vec<RejectReason> {
        let mut w = Vec::new();
        match check(3, f, today(), &|_| None, &mut w) {
            Ok(_) => vec![],
            Err(p) => p.into_iter().map(|p| p.reason).collect(),
        }
    }

    #[test]
    fn birth_dates_in_roster_spellings() {
        for raw in [
            "1972-01-31",
            "1972/1/31",
            "1972.01.31",
            "1972年1月31日",
            "19720131",
            "26329",
            "1972-01-31 00:00:00",
        ] {
            assert_eq!(
                parse_birth(raw, today()),
                Some((d(1972, 1, 31), true)),
                "{raw}"
            );
        }
        assert_eq!(
            parse_birth("1972.01", today()),
            Some((d(1972, 1, 1), false))
        );
        assert_eq!(parse_birth("197201", today()), Some((d(1972, 1, 1), false)));
        assert_eq!(parse_birth("2030-01-01", today()), None);
        assert_eq!(parse_birth("不详", today()), None);
    }

    #[test]
    fn every_reason_is_found_and_all_are_listed() {
        assert_eq!(reasons(&fields("王宁", "男", "520323197201315856")), vec![]);
        assert_eq!(
            reasons(&fields("王宁", "男性", "520323197201315856")),
            vec![]
        );
        assert_eq!(
            reasons(&fields("王宁", "女性", "520323197201315856")),
            vec![RejectReason::GenderMismatch]
        );
        assert_eq!(
            reasons(&fields("", "女", "520323197201315856")),
            vec![RejectReason::MissingName, RejectReason::GenderMismatch]
        );
        assert_eq!(
            reasons(&fields("王宁", "男", "1.41033E+17")),
            vec![RejectReason::IdNumberScientificNotation]
        );
        assert_eq!(
            reasons(&fields("王宁", "男", "520323197201315857")),
            vec![RejectReason::IdNumberChecksum]
        );
        assert_eq!(
            reasons(&fields("王宁", "男", "52032319720131585")),
            vec![RejectReason::IdNumberInvalid]
        );
        let codes: Vec<_> = RejectReason::ALL.iter().map(|r| r.code()).collect();
        assert!(codes.contains(&"id_number_date") && codes.contains(&"no_household"));
    }

    #[test]
    fn reasons_serialise_as_their_codes() {
        for reason in RejectReason::ALL {
            let json = serde_json::to_string(&reason).unwrap();
            assert_eq!(json, format!("\"{}\"", reason.code()));
        }
    }

    #[test]
    fn gender_and_birth_come_from_the_id_number_when_blank() {
        let mut w = Vec::new();
        let p = check(
            3,
            &fields("王宁", "", "520323197201315856"),
            today(),
            &|_| None,
            &mut w,
        )
        .unwrap();
        assert_eq!(p.gender, Some(Gender::Male));
        assert_eq!(p.birth, Some(d(1972, 1, 31)));
        assert!(w.is_empty());
    }

    #[test]
    fn phones_are_kept_normalised_or_dropped_with_a_warning() {
        let mut w = Vec::new();
        let mut f = fields("王宁", "", "");
        f.phone = "+86 150-9099-6030".into();
        let p = check(3, &f, today(), &|_| None, &mut w).unwrap();
        assert_eq!(p.phone.unwrap().as_str(), "15090996030");
        f.phone = "无".into();
        let p = check(4, &f, today(), &|_| None, &mut w).unwrap();
        assert_eq!(p.phone, None);
        f.phone = "13812345678/0851-88221234".into();
        let p = check(5, &f, today(), &|_| None, &mut w).unwrap();
        assert_eq!(p.phone.unwrap().as_str(), "13812345678");
        let kinds: Vec<_> = w.iter().map(|w| (w.row, w.kind)).collect();
        assert_eq!(
            kinds,
            vec![
                (Some(4), WarningKind::BadPhone),
                (Some(5), WarningKind::ExtraPhones)
            ]
        );
    }
}
