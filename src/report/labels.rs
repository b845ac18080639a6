//! The words of the ledgers. Ledgers are always in Chinese, as offices keep them: values come
//! from the zh-CN catalog (`crate::i18n`), plus the few words only ledgers use.

use crate::domain::{Category, QuestionState, Rating, Status, Tier, VisitMode};
use crate::i18n::Lang;

pub fn category(c: Category) -> &'static str {
    Lang::Zh.category(c)
}

pub fn tier(t: Tier) -> &'static str {
    Lang::Zh.tier(t)
}

pub fn status(s: Status) -> &'static str {
    Lang::Zh.status(s)
}

pub fn rating(r: Rating) -> &'static str {
    Lang::Zh.rating(r)
}

pub fn mode(m: VisitMode) -> &'static str {
    Lang::Zh.mode(m)
}

pub fn question_state(s: QuestionState) -> &'static str {
    Lang::Zh.question_state(s)
}

pub fn yes_no(b: bool) -> &'static str {
    if b { "是" } else { "否" }
}

pub fn mediated(m: bool) -> &'static str {
    if m { "已化解" } else { "未化解" }
}

/// Where a request came from: a visit, or anything else (a call, the service station).
pub fn source(from_visit: bool) -> &'static str {
    if from_visit { "走访" } else { "其他" }
}

pub const NEVER_VISITED: &str = "未走访";
