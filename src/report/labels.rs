//! The words reports are written in. Ledgers are always in Chinese (they go to the office as
//! offices keep them); the text summary follows the interface language.

use crate::domain::{Category, QuestionState, Rating, Status, Tier, VisitMode};

/// The language of the text summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

pub fn category(c: Category) -> &'static str {
    match c {
        Category::Subsistence => "低保申请",
        Category::Medical => "就医",
        Category::Employment => "就业",
        Category::Schooling => "入学",
        Category::ElderCare => "养老",
        Category::Repair => "维修",
        Category::Housing => "住房",
        Category::Dispute => "矛盾纠纷",
        Category::Wish => "微心愿",
        Category::Suggestion => "意见建议",
        Category::Other => "其他",
    }
}

pub fn tier(t: Tier) -> &'static str {
    match t {
        Tier::OnTheSpot => "即时答复",
        Tier::TimeLimited => "限时办结",
        Tier::Escalated => "上报研判",
    }
}

pub fn status(s: Status) -> &'static str {
    match s {
        Status::Open => "待办",
        Status::Dispatched => "已分流",
        Status::Resolved => "已办结",
        Status::FedBack => "已反馈",
        Status::Evaluated => "已评价",
    }
}

pub fn rating(r: Rating) -> &'static str {
    match r {
        Rating::Satisfied => "满意",
        Rating::BasicallySatisfied => "基本满意",
        Rating::Dissatisfied => "不满意",
    }
}

pub fn mode(m: VisitMode) -> &'static str {
    match m {
        VisitMode::InPerson => "入户",
        VisitMode::Phone => "电话",
        VisitMode::Wechat => "微信",
        VisitMode::Other => "其他",
    }
}

pub fn mode_en(m: VisitMode) -> &'static str {
    match m {
        VisitMode::InPerson => "in person",
        VisitMode::Phone => "phone",
        VisitMode::Wechat => "WeChat",
        VisitMode::Other => "other",
    }
}

pub fn question_state(s: QuestionState) -> &'static str {
    match s {
        QuestionState::Asked => "已问",
        QuestionState::NothingNew => "无新情况",
        QuestionState::NotAsked => "未问",
    }
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

/// One line of the figures summary: its Chinese and English labels.
#[derive(Debug, Clone, Copy)]
pub struct Label {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Label {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

const fn l(zh: &'static str, en: &'static str) -> Label {
    Label { zh, en }
}

pub const PERIOD: Label = l("统计期间", "Period");
pub const GRIDS: Label = l("网格", "Grids");
pub const ALL_GRIDS: Label = l("全部", "all");
pub const ASSIGNED: Label = l("应访户数", "Households assigned");
pub const VISITED: Label = l("已走访户数", "Households visited");
pub const COVERAGE: Label = l("走访覆盖率", "Coverage");
pub const VISITS: Label = l("走访次数", "Visits");
pub const OPENED: Label = l("受理诉求", "Requests opened");
pub const RESOLVED: Label = l("已办结", "Resolved (of those)");
pub const RESOLUTION_RATE: Label = l("办结率", "Resolution rate (办结率)");
pub const MEDIAN_DAYS: Label = l("办结用时中位数（天）", "Median days to resolve");
pub const SATISFACTION: Label = l("满意率", "Satisfaction rate");
pub const RATED: Label = l("参评", "rated");
pub const DISPUTES: Label = l("矛盾纠纷", "Disputes");
pub const MEDIATED: Label = l("已化解", "Disputes mediated");
pub const OVERDUE: Label = l("逾期诉求（期末）", "Overdue requests (at period end)");
pub const NONE: Label = l("无", "n/a");
pub const WORKER: Label = l("走访人", "Worker");
pub const WORKER_VISITS: Label = l("走访次数", "Visits");
pub const WORKER_HOUSEHOLDS: Label = l("走访户数", "Households");
pub const WORKER_REQUESTS: Label = l("登记诉求", "Requests opened");
pub const TAG: Label = l("人员类别", "Tag");
pub const TAG_INTERVAL: Label = l("走访频次（天）", "Every (days)");
pub const TAG_HOUSEHOLDS: Label = l("户数", "Households");
pub const TAG_VISITED: Label = l("本期走访户数", "Visited in period");
pub const TAG_WITHIN: Label = l("按频次已访", "Within policy");
pub const TAG_COVERAGE: Label = l("频次达标率", "Policy coverage");
pub const BY_WORKER: Label = l("按走访人", "By worker");
pub const BY_TAG: Label = l("按人员类别", "By tag");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_has_a_distinct_label() {
        let mut seen: Vec<&str> = Category::ALL.iter().map(|c| category(*c)).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), Category::ALL.len());
        let mut seen: Vec<&str> = Status::ALL.iter().map(|s| status(*s)).collect();
        seen.dedup();
        assert_eq!(seen.len(), Status::ALL.len());
        assert_eq!(rating(Rating::BasicallySatisfied), "基本满意");
        assert_eq!(mode(VisitMode::Wechat), "微信");
    }
}
