//! Resident requests (诉求) and their closed loop:
//! open → dispatched → resolved → fed back → evaluated, with reopen starting a new round.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 低保申请
    Subsistence,
    /// 就医
    Medical,
    /// 就业
    Employment,
    /// 入学
    Schooling,
    /// 养老
    ElderCare,
    /// 维修
    Repair,
    /// 住房
    Housing,
    /// 矛盾纠纷
    Dispute,
    /// 微心愿
    Wish,
    /// 意见建议
    Suggestion,
    /// 其他
    Other,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Self::Subsistence,
        Self::Medical,
        Self::Employment,
        Self::Schooling,
        Self::ElderCare,
        Self::Repair,
        Self::Housing,
        Self::Dispute,
        Self::Wish,
        Self::Suggestion,
        Self::Other,
    ];

    /// The needs offered as quick picks under 问困难需求.
    pub const NEEDS: [Category; 8] = [
        Self::Subsistence,
        Self::Medical,
        Self::Employment,
        Self::Schooling,
        Self::ElderCare,
        Self::Repair,
        Self::Housing,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Subsistence => "subsistence",
            Self::Medical => "medical",
            Self::Employment => "employment",
            Self::Schooling => "schooling",
            Self::ElderCare => "elder_care",
            Self::Repair => "repair",
            Self::Housing => "housing",
            Self::Dispute => "dispute",
            Self::Wish => "wish",
            Self::Suggestion => "suggestion",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// How a request is handled from the start (三级分类办理).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 即时答复: answered on the spot, resolved at once.
    OnTheSpot,
    /// 限时办结: resolved within the category's time limit.
    #[default]
    TimeLimited,
    /// 上报研判: escalated to the office.
    Escalated,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Self::OnTheSpot, Self::TimeLimited, Self::Escalated];

    pub fn code(self) -> &'static str {
        match self {
            Self::OnTheSpot => "on_the_spot",
            Self::TimeLimited => "time_limited",
            Self::Escalated => "escalated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    Dispatched,
    Resolved,
    FedBack,
    Evaluated,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Self::Open,
        Self::Dispatched,
        Self::Resolved,
        Self::FedBack,
        Self::Evaluated,
    ];

    /// Rank in the lifecycle; the merge rule orders events by (round, rank, hlc, origin).
    pub fn rank(self) -> u8 {
        self as u8
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Dispatched => "dispatched",
            Self::Resolved => "resolved",
            Self::FedBack => "fed_back",
            Self::Evaluated => "evaluated",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Resolved or later: the request counts as handled (办结).
    pub fn is_resolved(self) -> bool {
        self >= Self::Resolved
    }
}

/// The resident's rating (评价).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// 满意
    Satisfied,
    /// 基本满意
    BasicallySatisfied,
    /// 不满意
    Dissatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [
        Self::Satisfied,
        Self::BasicallySatisfied,
        Self::Dissatisfied,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Satisfied => "satisfied",
            Self::BasicallySatisfied => "basically_satisfied",
            Self::Dissatisfied => "dissatisfied",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Satisfied and basically satisfied both count towards the satisfaction rate.
    pub fn is_positive(self) -> bool {
        self != Self::Dissatisfied
    }
}

/// Where a request stands: its status within a round (reopen starts round + 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stage {
    pub status: Status,
    pub round: u32,
}

impl Stage {
    pub const NEW: Stage = Stage {
        status: Status::Open,
        round: 1,
    };
}

/// Why a step of the lifecycle is refused, in words a worker can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{}", not_allowed(*from, *to))]
    NotAllowed { from: Status, to: Status },
    #[error(
        "this request is not resolved yet, so it cannot be reopened; record its result first, or dispatch it again"
    )]
    ReopenTooEarly,
    #[error(
        "this request was reopened or changed meanwhile (another round); reload it and try again"
    )]
    WrongRound,
}

/// The message for a refused step between two statuses of one round.
fn not_allowed(from: Status, to: Status) -> &'static str {
    use Status::*;
    match (from, to) {
        (Resolved | FedBack | Evaluated, Dispatched) => {
            "this request is already resolved; reopen it to dispatch it again"
        }
        (Resolved | FedBack | Evaluated, Resolved) => {
            "this request is already resolved; reopen it to record a new result"
        }
        (Open | Dispatched, FedBack) => {
            "this request is not resolved yet; record its result before the feedback to the resident"
        }
        (Open | Dispatched, Evaluated) => {
            "this request is not resolved yet; the resident can rate it only after it is resolved and the result is fed back"
        }
        (Resolved, Evaluated) => {
            "the result has not been fed back to the resident yet; record the feedback before the rating"
        }
        _ => "this step is not part of a request's lifecycle",
    }
}

/// Checks one step of the lifecycle. `to.round` must equal `from.round`, except a reopen
/// (`to.status == Open`) which moves to `from.round + 1`.
pub fn check_transition(from: Stage, to: Stage) -> Result<(), TransitionError> {
    use Status::*;
    if to.status == Open {
        if !from.status.is_resolved() {
            return Err(TransitionError::ReopenTooEarly);
        }
        return if to.round == from.round + 1 {
            Ok(())
        } else {
            Err(TransitionError::WrongRound)
        };
    }
    if to.round != from.round {
        return Err(TransitionError::WrongRound);
    }
    let ok = matches!(
        (from.status, to.status),
        (Open | Dispatched, Dispatched)
            | (Open | Dispatched, Resolved)
            | (Resolved | FedBack | Evaluated, FedBack)
            | (FedBack | Evaluated, Evaluated)
    );
    if ok {
        Ok(())
    } else {
        Err(TransitionError::NotAllowed {
            from: from.status,
            to: to.status,
        })
    }
}

/// The due date a request gets from its tier: on the spot is due the day it opens, time-limited
/// after `limit_days`, escalated has none (the office sets it).
pub fn due_date(tier: Tier, opened: NaiveDate, limit_days: u32) -> Option<NaiveDate> {
    match tier {
        Tier::OnTheSpot => Some(opened),
        Tier::TimeLimited => opened.checked_add_days(Days::new(u64::from(limit_days))),
        Tier::Escalated => None,
    }
}

/// Overdue: not yet resolved and past its due date.
pub fn is_overdue(status: Status, due: Option<NaiveDate>, today: NaiveDate) -> bool {
    !status.is_resolved() && due.is_some_and(|d| today > d)
}

/// 办结率 and satisfaction as fractions; `None` when there is nothing to divide by.
pub fn rate(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn st(status: Status, round: u32) -> Stage {
        Stage { status, round }
    }

    #[test]
    fn every_pair_of_statuses_in_one_round() {
        let allowed = [
            (Open, Dispatched),
            (Open, Resolved),
            (Dispatched, Dispatched),
            (Dispatched, Resolved),
            (Resolved, FedBack),
            (FedBack, FedBack),
            (Evaluated, FedBack),
            (FedBack, Evaluated),
            (Evaluated, Evaluated),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                if to == Open {
                    continue;
                }
                let got = check_transition(st(from, 1), st(to, 1));
                assert_eq!(
                    got.is_ok(),
                    allowed.contains(&(from, to)),
                    "{from:?} -> {to:?}"
                );
            }
        }
    }

    #[test]
    fn reopen_needs_resolution_and_next_round() {
        assert_eq!(check_transition(st(Resolved, 1), st(Open, 2)), Ok(()));
        assert_eq!(check_transition(st(Evaluated, 2), st(Open, 3)), Ok(()));
        assert_eq!(
            check_transition(st(Dispatched, 1), st(Open, 2)),
            Err(TransitionError::ReopenTooEarly)
        );
        assert_eq!(
            check_transition(st(Resolved, 1), st(Open, 1)),
            Err(TransitionError::WrongRound)
        );
        assert_eq!(
            check_transition(st(Open, 1), st(Resolved, 2)),
            Err(TransitionError::WrongRound)
        );
    }

    #[test]
    fn due_dates_by_tier() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(due_date(Tier::OnTheSpot, d, 7), Some(d));
        assert_eq!(
            due_date(Tier::TimeLimited, d, 7),
            NaiveDate::from_ymd_opt(2026, 11, 30)
        );
        assert_eq!(due_date(Tier::Escalated, d, 7), None);
        let later = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert!(is_overdue(
            Dispatched,
            due_date(Tier::TimeLimited, d, 7),
            later
        ));
        assert!(!is_overdue(
            Resolved,
            due_date(Tier::TimeLimited, d, 7),
            later
        ));
        assert!(!is_overdue(Open, None, later));
    }

    #[test]
    fn every_refused_step_says_why_and_what_to_do() {
        let fallback = not_allowed(Open, Open);
        for from in Status::ALL {
            for to in Status::ALL {
                if to == Open {
                    continue;
                }
                if let Err(e) = check_transition(st(from, 1), st(to, 1)) {
                    let msg = e.to_string();
                    assert_ne!(msg, fallback, "{from:?} -> {to:?}");
                    assert!(
                        msg.contains("reopen") || msg.contains("before") || msg.contains("after"),
                        "{from:?} -> {to:?}: {msg}"
                    );
                }
            }
        }
        let e = check_transition(st(Resolved, 1), st(Evaluated, 1)).unwrap_err();
        assert!(e.to_string().contains("feedback"), "{e}");
        let e = check_transition(st(Open, 1), st(FedBack, 1)).unwrap_err();
        assert!(e.to_string().contains("record its result"), "{e}");
        assert!(
            TransitionError::ReopenTooEarly
                .to_string()
                .contains("not resolved")
        );
    }

    #[test]
    fn steps_across_rounds_are_refused() {
        // A step carried over from an earlier round (a stale screen, a late sync) is refused.
        for from in Status::ALL {
            for to in Status::ALL {
                if to == Open {
                    continue;
                }
                assert_eq!(
                    check_transition(st(from, 2), st(to, 1)),
                    Err(TransitionError::WrongRound),
                    "{from:?} -> {to:?}"
                );
                assert_eq!(
                    check_transition(st(from, 1), st(to, 3)),
                    Err(TransitionError::WrongRound),
                    "{from:?} -> {to:?}"
                );
            }
        }
        // Reopen must move exactly one round on, from every resolved state.
        for from in [Resolved, FedBack, Evaluated] {
            assert_eq!(check_transition(st(from, 1), st(Open, 2)), Ok(()));
            assert_eq!(
                check_transition(st(from, 1), st(Open, 3)),
                Err(TransitionError::WrongRound)
            );
        }
        for from in [Open, Dispatched] {
            assert_eq!(
                check_transition(st(from, 1), st(Open, 2)),
                Err(TransitionError::ReopenTooEarly)
            );
        }
    }

    #[test]
    fn due_dates_cross_months_and_years() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 28).unwrap();
        assert_eq!(
            due_date(Tier::TimeLimited, d, 7),
            NaiveDate::from_ymd_opt(2027, 1, 4)
        );
        assert_eq!(due_date(Tier::TimeLimited, d, 0), Some(d));
        assert_eq!(
            due_date(Tier::TimeLimited, d, 30),
            NaiveDate::from_ymd_opt(2027, 1, 27)
        );
        // Due on the day itself is not overdue; the day after is.
        let due = due_date(Tier::TimeLimited, d, 7);
        assert!(!is_overdue(
            Open,
            due,
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap()
        ));
        assert!(is_overdue(
            Open,
            due,
            NaiveDate::from_ymd_opt(2027, 1, 5).unwrap()
        ));
        // On the spot is resolved at once, so it never shows as overdue once resolved.
        assert!(!is_overdue(
            Resolved,
            due_date(Tier::OnTheSpot, d, 7),
            NaiveDate::from_ymd_opt(2027, 3, 1).unwrap()
        ));
    }

    #[test]
    fn rates_with_nothing_to_count() {
        assert_eq!(rate(0, 0), None);
        assert_eq!(rate(3, 4), Some(0.75));
    }

    #[test]
    fn codes_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_code(c.code()), Some(c));
        }
        for t in Tier::ALL {
            assert_eq!(Tier::from_code(t.code()), Some(t));
        }
        for s in Status::ALL {
            assert_eq!(Status::from_code(s.code()), Some(s));
        }
        for r in Rating::ALL {
            assert_eq!(Rating::from_code(r.code()), Some(r));
        }
    }
}
