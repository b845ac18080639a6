//! Things the import did on its own that the worker should know about. A warning never refuses
//! a row.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// Columns the import does not understand were ignored.
    UnknownColumns,
    /// A second column with the same meaning was ignored.
    RepeatedColumn,
    /// A phone that is not a phone number was left out; the member is imported without it.
    BadPhone,
    /// The cell held several phone numbers; the first is kept.
    ExtraPhones,
    /// The gender cell is neither 男 nor 女; the ID number's gender is used, if any.
    UnreadableGender,
    /// The birth-date cell is not a date; the ID number's date is used, if any.
    UnreadableBirth,
    /// The birth-date cell disagrees with the ID number; the ID number's date is used.
    BirthDiffersFromId,
    /// A member row names a different address than its household's head; it was placed by its
    /// own address.
    AddressDiffers,
    /// A row with no name, ID number, relation, gender, birth date or phone was skipped.
    NotAPerson,
    /// The header row repeated inside the data (printed ledgers do this per page) was skipped.
    RepeatedHeader,
    /// A household has no row with 户主/本人.
    NoHead,
}

impl WarningKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::UnknownColumns => "unknown_columns",
            Self::RepeatedColumn => "repeated_column",
            Self::BadPhone => "bad_phone",
            Self::ExtraPhones => "extra_phones",
            Self::UnreadableGender => "unreadable_gender",
            Self::UnreadableBirth => "unreadable_birth",
            Self::BirthDiffersFromId => "birth_differs_from_id",
            Self::AddressDiffers => "address_differs",
            Self::NotAPerson => "not_a_person",
            Self::RepeatedHeader => "repeated_header",
            Self::NoHead => "no_head",
        }
    }
}

/// One warning: where (row as Excel shows it, column header), what, and a sentence in English
/// for logs and tests (the user interface words it from `kind` and the fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub row: Option<usize>,
    pub kind: WarningKind,
    pub column: Option<String>,
    /// The cell as written, masked when it is a phone or an ID number.
    pub value: String,
    pub message: String,
}
