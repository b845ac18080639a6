//! Visits (入户走访) and the four-question checklist (四问).

use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::ids::{HouseholdId, VisitId};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum VisitMode {
    /// 入户
    #[default]
    InPerson,
    /// 电话
    Phone,
    /// 微信
    Wechat,
    /// 其他
    Other,
}

impl VisitMode {
    pub const ALL: [VisitMode; 4] = [Self::InPerson, Self::Phone, Self::Wechat, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::InPerson => "in_person",
            Self::Phone => "phone",
            Self::Wechat => "wechat",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// The four questions, in the order they are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    /// 问基本情况
    Basics,
    /// 问家长里短
    Family,
    /// 问困难需求
    Difficulties,
    /// 问意见建议
    Suggestions,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Self::Basics,
        Self::Family,
        Self::Difficulties,
        Self::Suggestions,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Basics => "basics",
            Self::Family => "family",
            Self::Difficulties => "difficulties",
            Self::Suggestions => "suggestions",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// Asked, with something to note.
    Asked,
    /// Asked, nothing new since last time.
    NothingNew,
    #[default]
    NotAsked,
}

impl QuestionState {
    pub fn code(self) -> &'static str {
        match self {
            Self::Asked => "asked",
            Self::NothingNew => "nothing_new",
            Self::NotAsked => "not_asked",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub state: QuestionState,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// The four answers of one visit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Checklist {
    pub basics: Answer,
    pub family: Answer,
    pub difficulties: Answer,
    pub suggestions: Answer,
}

impl Checklist {
    pub fn get(&self, q: Question) -> &Answer {
        match q {
            Question::Basics => &self.basics,
            Question::Family => &self.family,
            Question::Difficulties => &self.difficulties,
            Question::Suggestions => &self.suggestions,
        }
    }

    pub fn get_mut(&mut self, q: Question) -> &mut Answer {
        match q {
            Question::Basics => &mut self.basics,
            Question::Family => &mut self.family,
            Question::Difficulties => &mut self.difficulties,
            Question::Suggestions => &mut self.suggestions,
        }
    }

    pub fn asked_count(&self) -> usize {
        Question::ALL
            .iter()
            .filter(|q| self.get(**q).state != QuestionState::NotAsked)
            .count()
    }
}

/// The content of one version of a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: VisitId,
    pub household: HouseholdId,
    /// Local date and time of the visit.
    pub at: NaiveDateTime,
    pub mode: VisitMode,
    pub visitor: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub companions: Vec<String>,
    pub checklist: Checklist,
}

/// Why a visit cannot be saved as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitError {
    #[error("the visit date is in the future")]
    FutureDate,
    #[error("the visit date is more than two years ago")]
    TooOld,
    #[error("the visitor's name is empty")]
    NoVisitor,
    #[error("notes are limited to {max} characters")]
    NotesTooLong { max: usize },
}

/// Longest notes text accepted for one question.
pub const MAX_NOTES_CHARS: usize = 4000;

impl Visit {
    /// Hard rules: no visit later than today, none absurdly old, a visitor, bounded notes.
    /// A visit with no question asked is allowed but [`Visit::needs_confirmation`].
    pub fn validate(&self, now: NaiveDateTime) -> Result<(), VisitError> {
        if self.at.date() > now.date() {
            return Err(VisitError::FutureDate);
        }
        if now - self.at > TimeDelta::days(731) {
            return Err(VisitError::TooOld);
        }
        if self.visitor.trim().is_empty() {
            return Err(VisitError::NoVisitor);
        }
        for q in Question::ALL {
            if self.checklist.get(q).notes.chars().count() > MAX_NOTES_CHARS {
                return Err(VisitError::NotesTooLong {
                    max: MAX_NOTES_CHARS,
                });
            }
        }
        Ok(())
    }

    /// True when no question was asked: the form asks the worker to confirm.
    pub fn needs_confirmation(&self) -> bool {
        self.checklist.asked_count() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn visit(when: NaiveDateTime) -> Visit {
        Visit {
            id: VisitId(Uuid::nil()),
            household: HouseholdId(Uuid::nil()),
            at: when,
            mode: VisitMode::InPerson,
            visitor: "王芳".into(),
            companions: vec![],
            checklist: Checklist::default(),
        }
    }

    #[test]
    fn future_dates_are_refused_but_later_today_is_fine() {
        let now = at(2026, 11, 23, 10);
        assert_eq!(
            visit(at(2026, 11, 24, 9)).validate(now),
            Err(VisitError::FutureDate)
        );
        assert_eq!(visit(at(2026, 11, 23, 18)).validate(now), Ok(()));
        assert_eq!(
            visit(at(2020, 1, 1, 9)).validate(now),
            Err(VisitError::TooOld)
        );
    }

    #[test]
    fn nothing_asked_needs_confirmation() {
        let now = at(2026, 11, 23, 10);
        let mut v = visit(now);
        assert!(v.needs_confirmation());
        v.checklist.get_mut(Question::Family).state = QuestionState::NothingNew;
        assert!(!v.needs_confirmation());
        v.visitor = " ".into();
        assert_eq!(v.validate(now), Err(VisitError::NoVisitor));
    }
}
