//! Households, their members and addresses.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::idnum::IdNumber;
use super::ids::{HouseholdId, MemberId};
use super::phone::Phone;
use super::tag::Tag;
use super::text::compact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn parse(raw: &str) -> Option<Self> {
        match compact(raw).to_lowercase().as_str() {
            "男" | "m" | "male" | "1" => Some(Self::Male),
            "女" | "f" | "female" | "2" => Some(Self::Female),
            _ => None,
        }
    }
}

/// How a member is related to the head of the household (与户主关系).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Head,
    Spouse,
    Son,
    Daughter,
    Father,
    Mother,
    Grandson,
    Granddaughter,
    DaughterInLaw,
    SonInLaw,
    Sibling,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 12] = [
        Self::Head,
        Self::Spouse,
        Self::Son,
        Self::Daughter,
        Self::Father,
        Self::Mother,
        Self::Grandson,
        Self::Granddaughter,
        Self::DaughterInLaw,
        Self::SonInLaw,
        Self::Sibling,
        Self::Other,
    ];

    /// Reads the relation as rosters write it (户主, 本人, 长子, 女儿 …) or by its code name.
    /// Anything unrecognised is `Other`.
    pub fn parse(raw: &str) -> Self {
        let s = compact(raw);
        match s.as_str() {
            "户主" | "本人" | "head" => Self::Head,
            "配偶" | "妻" | "妻子" | "夫" | "丈夫" | "spouse" => Self::Spouse,
            "子" | "儿子" | "长子" | "次子" | "三子" | "独生子" | "son" => Self::Son,
            "女" | "女儿" | "长女" | "次女" | "三女" | "独生女" | "daughter" => {
                Self::Daughter
            }
            "父亲" | "父" | "father" => Self::Father,
            "母亲" | "母" | "mother" => Self::Mother,
            "孙子" | "grandson" => Self::Grandson,
            "孙女" | "granddaughter" => Self::Granddaughter,
            "儿媳" | "daughter_in_law" => Self::DaughterInLaw,
            "女婿" | "son_in_law" => Self::SonInLaw,
            "兄弟姐妹" | "兄" | "弟" | "姐" | "妹" | "哥哥" | "弟弟" | "姐姐" | "妹妹"
            | "sibling" => Self::Sibling,
            _ => Self::Other,
        }
    }

    /// The code name used in ops and the string catalog (`relation.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Head => "head",
            Self::Spouse => "spouse",
            Self::Son => "son",
            Self::Daughter => "daughter",
            Self::Father => "father",
            Self::Mother => "mother",
            Self::Grandson => "grandson",
            Self::Granddaughter => "granddaughter",
            Self::DaughterInLaw => "daughter_in_law",
            Self::SonInLaw => "son_in_law",
            Self::Sibling => "sibling",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// Whether a member still lives in the household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    #[default]
    Present,
    MovedOut,
    Deceased,
}

impl MemberStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Present => "present",
            Self::MovedOut => "moved_out",
            Self::Deceased => "deceased",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Present, Self::MovedOut, Self::Deceased]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// Where a household lives: 小区 · 栋 · 单元 · 室, each normalised to its bare number or name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Address {
    pub compound: String,
    pub building: String,
    pub unit: String,
    pub room: String,
}

impl Address {
    pub fn new(compound: &str, building: &str, unit: &str, room: &str) -> Self {
        Self {
            compound: compact(compound),
            building: strip_suffixes(building, &["号楼", "栋", "幢", "号", "楼"]),
            unit: strip_suffixes(unit, &["单元"]),
            room: strip_suffixes(room, &["室", "号"]),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.compound.is_empty()
            && self.building.is_empty()
            && self.unit.is_empty()
            && self.room.is_empty()
    }

    /// The address as people write it: `幸福小区3栋2单元401室`.
    pub fn display(&self) -> String {
        let mut s = self.compound.clone();
        if !self.building.is_empty() {
            s.push_str(&self.building);
            s.push('栋');
        }
        if !self.unit.is_empty() {
            s.push_str(&self.unit);
            s.push_str("单元");
        }
        if !self.room.is_empty() {
            s.push_str(&self.room);
            s.push('室');
        }
        s
    }

    /// A key for walking order: compound, then buildings, units and rooms numerically.
    pub fn sort_key(&self) -> (String, u64, String, u64, String, u64, String) {
        (
            self.compound.clone(),
            leading_number(&self.building),
            self.building.clone(),
            leading_number(&self.unit),
            self.unit.clone(),
            leading_number(&self.room),
            self.room.clone(),
        )
    }
}

fn strip_suffixes(raw: &str, suffixes: &[&str]) -> String {
    let mut s = compact(raw);
    for suffix in suffixes {
        if let Some(rest) = s.strip_suffix(suffix)
            && !rest.is_empty()
        {
            s = rest.to_string();
            break;
        }
    }
    // Rooms and buildings typed as numbers in a spreadsheet arrive as "1204.0".
    if let Some(rest) = s.strip_suffix(".0")
        && !rest.is_empty()
        && rest.chars().all(|c| c.is_ascii_digit())
    {
        s = rest.to_string();
    }
    s
}

fn leading_number(s: &str) -> u64 {
    let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(u64::MAX)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    pub id: HouseholdId,
    pub grid: String,
    pub address: Address,
    pub note: String,
    pub archived: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub household: HouseholdId,
    pub name: String,
    pub relation: Relation,
    pub gender: Option<Gender>,
    pub birth: Option<NaiveDate>,
    pub id_number: Option<IdNumber>,
    pub phone: Option<Phone>,
    pub tags: Vec<Tag>,
    pub note: String,
    pub status: MemberStatus,
}

impl Member {
    pub fn age(&self, today: NaiveDate) -> Option<u32> {
        self.birth.map(|b| age_on(b, today))
    }
}

/// Whole years from `birth` to `today` (0 for a birth date in the future).
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        assert_eq!(age_on(d(1972, 1, 31), d(2026, 11, 23)), 54);
        assert_eq!(age_on(d(1972, 11, 24), d(2026, 11, 23)), 53);
        assert_eq!(age_on(d(1972, 11, 23), d(2026, 11, 23)), 54);
        assert_eq!(age_on(d(2000, 2, 29), d(2026, 2, 28)), 25);
        assert_eq!(age_on(d(2030, 1, 1), d(2026, 2, 28)), 0);
    }

    #[test]
    fn addresses_normalise_roster_spellings() {
        let a = Address::new("幸福小区 ", "３栋", "2单元", "401室");
        let b = Address::new("幸福小区", "3号楼", "2", "401");
        assert_eq!(a, b);
        assert_eq!(a.display(), "幸福小区3栋2单元401室");
        assert_eq!(Address::new("x", "3", "1", "1204.0").room, "1204");
    }

    #[test]
    fn walking_order_is_numeric() {
        let mut v = [
            Address::new("A", "10", "1", "101"),
            Address::new("A", "2", "1", "1201"),
            Address::new("A", "2", "1", "301"),
        ];
        v.sort_by_key(Address::sort_key);
        let rooms: Vec<_> = v.iter().map(|a| a.room.as_str()).collect();
        assert_eq!(rooms, ["301", "1201", "101"]);
    }

    #[test]
    fn relations_read_roster_words() {
        assert_eq!(Relation::parse("本人"), Relation::Head);
        assert_eq!(Relation::parse("长子"), Relation::Son);
        assert_eq!(Relation::parse("表哥"), Relation::Other);
        for r in Relation::ALL {
            assert_eq!(Relation::from_code(r.code()), Some(r));
            assert_eq!(Relation::parse(r.code()), r);
        }
    }
}
