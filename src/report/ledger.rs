//! The ledgers (台账): visits, requests and households of a period as tables with the Chinese
//! headers offices use. [`super::csv_file`] and [`super::xlsx`] write them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::labels;
use super::{Period, ReportError};
use crate::domain::request::is_overdue;
use crate::domain::{Answer, QuestionState, VisitPolicy};
use crate::store::Store;

/// Which ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LedgerKind {
    Visits,
    Requests,
    Households,
}

impl LedgerKind {
    pub const ALL: [LedgerKind; 3] = [Self::Visits, Self::Requests, Self::Households];

    /// What the progress bar says while this ledger is written.
    pub fn progress_label(self) -> &'static str {
        match self {
            Self::Visits => "writing the visits",
            Self::Requests => "writing the requests",
            Self::Households => "writing the households",
        }
    }

    /// The sheet name, also used in file names.
    pub fn title(self) -> &'static str {
        match self {
            Self::Visits => "走访台账",
            Self::Requests => "诉求台账",
            Self::Households => "住户台账",
        }
    }
}

/// One cell, typed so a spreadsheet gets real dates and numbers.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Cell {
    fn text(s: impl Into<String>) -> Self {
        Self::Text(s.into())
    }

    fn opt_text(s: Option<&str>) -> Self {
        match s {
            Some(s) if !s.is_empty() => Self::text(s),
            _ => Self::Empty,
        }
    }

    /// How the cell reads as text (CSV, and measuring column widths).
    pub fn display(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(s) => s.clone(),
            Self::Int(n) => n.to_string(),
            Self::Date(d) => d.format("%Y-%m-%d").to_string(),
            Self::DateTime(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        }
    }
}

/// A ledger: headers and rows of the same length.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: LedgerKind,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Reads one ledger of `period` for `grids` (empty: every grid).
pub fn read(
    store: &Store,
    kind: LedgerKind,
    period: Period,
    grids: &[String],
    policy: &VisitPolicy,
) -> Result<Table, ReportError> {
    match kind {
        LedgerKind::Visits => visits(store, period, grids),
        LedgerKind::Requests => requests(store, period, grids),
        LedgerKind::Households => households(store, period, grids, policy),
    }
}

pub const VISIT_HEADERS: [&str; 14] = [
    "走访日期",
    "走访时间",
    "网格",
    "户主",
    "地址",
    "走访方式",
    "走访人",
    "同行人员",
    "问基本情况",
    "问家长里短",
    "问困难需求",
    "问意见建议",
    "关联诉求",
    "更正次数",
];

/// An answer as one cell: the notes, marked when nothing was new or the question not asked.
fn answer(a: &Answer) -> Cell {
    let state = labels::question_state(a.state);
    match (a.state, a.notes.trim()) {
        (QuestionState::Asked, "") => Cell::text(state),
        (QuestionState::Asked, notes) => Cell::text(notes),
        (_, "") => Cell::text(state),
        (_, notes) => Cell::text(format!("{state}：{notes}")),
    }
}

/// Visits dated in the period (voided ones left out), as their current version reads.
fn visits(store: &Store, period: Period, grids: &[String]) -> Result<Table, ReportError> {
    let rows = store
        .ledger_visits(grids, period.from(), period.to())?
        .into_iter()
        .map(|v| {
            let c = &v.visit.checklist;
            let linked: Vec<String> = v
                .requests
                .iter()
                .map(|r| format!("{}：{}", labels::category(r.category), r.summary))
                .collect();
            vec![
                Cell::Date(v.visit.at.date()),
                Cell::text(v.visit.at.format("%H:%M").to_string()),
                Cell::text(v.grid),
                Cell::text(v.head),
                Cell::text(v.address.display()),
                Cell::text(labels::mode(v.visit.mode)),
                Cell::text(v.visit.visitor),
                Cell::opt_text(Some(&v.visit.companions.join("、"))),
                answer(&c.basics),
                answer(&c.family),
                answer(&c.difficulties),
                answer(&c.suggestions),
                Cell::opt_text(Some(&linked.join("；"))),
                Cell::Int(i64::from(v.amendments)),
            ]
        })
        .collect();
    Ok(Table {
        kind: LedgerKind::Visits,
        headers: VISIT_HEADERS.to_vec(),
        rows,
    })
}

pub const REQUEST_HEADERS: [&str; 21] = [
    "诉求编号",
    "登记时间",
    "网格",
    "户主",
    "地址",
    "类别",
    "诉求内容",
    "办理方式",
    "办结时限",
    "状态",
    "轮次",
    "分流部门",
    "办结时间",
    "办理结果",
    "是否化解",
    "反馈情况",
    "评价",
    "评价意见",
    "是否逾期",
    "登记人",
    "来源",
];

/// Requests opened in the period, or opened earlier and handled in it, as they stand now.
/// 是否逾期 is as of the period end.
fn requests(store: &Store, period: Period, grids: &[String]) -> Result<Table, ReportError> {
    let rows = store
        .ledger_requests(grids, period.from(), period.to())?
        .into_iter()
        .map(|l| {
            let r = &l.request;
            let overdue = is_overdue(r.stage.status, r.due, period.to());
            vec![
                Cell::text(r.id.to_string()),
                Cell::DateTime(r.opened_at),
                Cell::text(l.grid.as_str()),
                Cell::text(l.head.as_str()),
                Cell::text(l.address.display()),
                Cell::text(labels::category(r.category)),
                Cell::text(r.summary.as_str()),
                Cell::text(labels::tier(r.tier)),
                r.due.map_or(Cell::Empty, Cell::Date),
                Cell::text(labels::status(r.stage.status)),
                Cell::Int(i64::from(r.stage.round)),
                Cell::opt_text(r.assignee.as_deref()),
                r.resolved_at.map_or(Cell::Empty, Cell::DateTime),
                Cell::opt_text(r.result.as_deref()),
                r.mediated
                    .map_or(Cell::Empty, |m| Cell::text(labels::mediated(m))),
                Cell::opt_text(l.feedback.as_deref()),
                r.rating
                    .map_or(Cell::Empty, |x| Cell::text(labels::rating(x))),
                Cell::opt_text(l.rating_comment.as_deref()),
                Cell::text(labels::yes_no(overdue)),
                Cell::opt_text(Some(&l.opened_by)),
                Cell::text(labels::source(r.visit.is_some())),
            ]
        })
        .collect();
    Ok(Table {
        kind: LedgerKind::Requests,
        headers: REQUEST_HEADERS.to_vec(),
        rows,
    })
}

pub const HOUSEHOLD_HEADERS: [&str; 11] = [
    "网格",
    "地址",
    "户主",
    "在住人数",
    "人员类别",
    "走访频次（天）",
    "本期走访次数",
    "最近走访",
    "应访日期",
    "逾期天数",
    "未办结诉求",
];

/// Households present at the period end, in walking order, with their visits in the period and
/// where they stand against the policy at its end. 未办结诉求 is the count now.
fn households(
    store: &Store,
    period: Period,
    grids: &[String],
    policy: &VisitPolicy,
) -> Result<Table, ReportError> {
    let facts = super::figures::Facts::read(store, period, grids)?;
    let mut visits: HashMap<_, i64> = HashMap::new();
    for v in &facts.visits {
        *visits.entry(v.household).or_default() += 1;
    }
    let rows = facts
        .households
        .iter()
        .map(|h| {
            let last = facts.last_visits.get(&h.id).copied();
            let due = policy.due(&h.tags, last, period.to());
            let tags: Vec<&str> = h.tags.iter().map(|t| t.as_str()).collect();
            vec![
                Cell::text(h.grid.as_str()),
                Cell::text(h.address.display()),
                Cell::text(h.head.as_str()),
                Cell::Int(i64::from(h.members)),
                Cell::opt_text(Some(&tags.join("、"))),
                Cell::Int(i64::from(due.interval_days)),
                Cell::Int(visits.get(&h.id).copied().unwrap_or(0)),
                last.map_or_else(|| Cell::text(labels::NEVER_VISITED), Cell::Date),
                Cell::Date(due.due_on),
                Cell::Int(due.days_overdue.max(0)),
                Cell::Int(i64::from(h.open_requests)),
            ]
        })
        .collect();
    Ok(Table {
        kind: LedgerKind::Households,
        headers: HOUSEHOLD_HEADERS.to_vec(),
        rows,
    })
}
