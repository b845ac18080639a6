//! Requests (诉求) and their lifecycle events.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, Row};
use serde_json::json;

use super::error::{Result, StoreError};
use super::fields::EntityKind;
use super::{Store, Writer, parse_dt};
use crate::domain::request::{check_transition, due_date};
use crate::domain::{Category, HouseholdId, OpId, Rating, RequestId, Stage, Status, Tier, VisitId};
use crate::oplog::op::{Body, RequestEvaluate, RequestFeedback, RequestOpen, RequestTransition};

/// A request to open.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub household: HouseholdId,
    pub visit: Option<VisitId>,
    pub category: Category,
    pub tier: Tier,
    pub summary: String,
    pub opened_at: NaiveDateTime,
    /// The time limit for this category (days), from the config.
    pub limit_days: u32,
    /// For an on-the-spot request: the answer given, recorded as its resolution.
    pub answer: String,
}

/// A request as the board shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub id: RequestId,
    pub household: HouseholdId,
    pub visit: Option<VisitId>,
    pub category: Category,
    pub tier: Tier,
    pub summary: String,
    pub opened_at: NaiveDateTime,
    pub due: Option<NaiveDate>,
    pub stage: Stage,
    pub assignee: Option<String>,
    pub resolved_at: Option<NaiveDateTime>,
    pub result: Option<String>,
    pub mediated: Option<bool>,
    pub rating: Option<Rating>,
}

impl RequestRow {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        crate::domain::request::is_overdue(self.stage.status, self.due, today)
    }
}

/// One entry of a request's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestEvent {
    pub op: OpId,
    pub to: Status,
    pub round: u32,
    pub from: Stage,
    pub valid: bool,
    pub at: NaiveDateTime,
    pub author: String,
    pub note: String,
    pub assignee: Option<String>,
    pub result: Option<String>,
    pub mediated: Option<bool>,
    pub rating: Option<Rating>,
}

/// One editable non-status field of a request.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestField {
    Summary(String),
    Category(Category),
    Tier(Tier),
    Due(Option<NaiveDate>),
}

impl Writer<'_> {
    pub fn open_request(&mut self, r: &NewRequest) -> Result<RequestId> {
        let summary = r.summary.trim();
        if summary.is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvSummary,
            )));
        }
        let scope = self.household_grid(r.household)?;
        let id = RequestId(self.new_id());
        let body = Body::RequestOpen(RequestOpen {
            household: r.household,
            visit: r.visit,
            category: r.category,
            tier: r.tier,
            summary: summary.to_string(),
            opened_at: r.opened_at,
            due: due_date(r.tier, r.opened_at.date(), r.limit_days),
        });
        self.append(&scope, id.0, Vec::new(), body)?;
        if r.tier == Tier::OnTheSpot {
            self.resolve_request(id, &r.answer, None, r.opened_at)?;
        }
        Ok(id)
    }

    fn stage_of(&self, id: RequestId) -> Result<(Stage, String)> {
        self.conn()
            .prepare_cached(
                "SELECT r.status, r.round, h.grid FROM requests r
                 JOIN households h ON h.id = r.household WHERE r.id = ?1",
            )?
            .query_row([id.to_string()], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })
            .optional()?
            .and_then(|(s, round, grid)| {
                Status::from_code(&s).map(|status| {
                    (
                        Stage {
                            status,
                            round: round as u32,
                        },
                        grid,
                    )
                })
            })
            .ok_or_else(|| StoreError::NotFound {
                kind: "request",
                id: id.to_string(),
            })
    }

    fn transition(
        &mut self,
        id: RequestId,
        to: Status,
        make: impl FnOnce(Stage, u32) -> Body,
    ) -> Result<OpId> {
        let (from, scope) = self.stage_of(id)?;
        let round = if to == Status::Open {
            from.round + 1
        } else {
            from.round
        };
        check_transition(from, Stage { status: to, round })?;
        self.append(&scope, id.0, Vec::new(), make(from, round))
    }

    /// 分流交办: sends the request to a department or person.
    pub fn dispatch_request(
        &mut self,
        id: RequestId,
        assignee: &str,
        note: &str,
        at: NaiveDateTime,
    ) -> Result<OpId> {
        if assignee.trim().is_empty() {
            return Err(StoreError::Invalid(crate::i18n::said::Said::new(
                crate::i18n::Msg::InvDispatchTo,
            )));
        }
        self.transition(id, Status::Dispatched, |from, round| {
            Body::RequestTransition(RequestTransition {
                to: Status::Dispatched,
                round,
                from,
                at,
                note: note.trim().to_string(),
                assignee: Some(assignee.trim().to_string()),
                result: None,
                mediated: None,
            })
        })
    }

    /// 办结: records the result; for disputes, whether it was mediated (化解).
    pub fn resolve_request(
        &mut self,
        id: RequestId,
        result: &str,
        mediated: Option<bool>,
        at: NaiveDateTime,
    ) -> Result<OpId> {
        self.transition(id, Status::Resolved, |from, round| {
            Body::RequestTransition(RequestTransition {
                to: Status::Resolved,
                round,
                from,
                at,
                note: String::new(),
                assignee: None,
                result: Some(result.trim().to_string()),
                mediated,
            })
        })
    }

    /// 反馈: the result told back to the resident.
    pub fn feedback_request(
        &mut self,
        id: RequestId,
        text: &str,
        at: NaiveDateTime,
    ) -> Result<OpId> {
        self.transition(id, Status::FedBack, |from, round| {
            Body::RequestFeedback(RequestFeedback {
                round,
                from,
                at,
                text: text.trim().to_string(),
            })
        })
    }

    /// 评价: the resident's rating.
    pub fn evaluate_request(
        &mut self,
        id: RequestId,
        rating: Rating,
        comment: &str,
        at: NaiveDateTime,
    ) -> Result<OpId> {
        self.transition(id, Status::Evaluated, |from, round| {
            Body::RequestEvaluate(RequestEvaluate {
                round,
                from,
                at,
                rating,
                comment: comment.trim().to_string(),
            })
        })
    }

    /// Starts a new round for a request that was resolved but is not settled.
    pub fn reopen_request(
        &mut self,
        id: RequestId,
        reason: &str,
        at: NaiveDateTime,
    ) -> Result<OpId> {
        self.transition(id, Status::Open, |from, round| {
            Body::RequestTransition(RequestTransition {
                to: Status::Open,
                round,
                from,
                at,
                note: reason.trim().to_string(),
                assignee: None,
                result: None,
                mediated: None,
            })
        })
    }

    pub fn set_request(&mut self, id: RequestId, field: RequestField) -> Result<bool> {
        let (_, scope) = self.stage_of(id)?;
        let (name, value) = match field {
            RequestField::Summary(s) => ("summary", json!(s)),
            RequestField::Category(c) => ("category", json!(c.code())),
            RequestField::Tier(t) => ("tier", json!(t.code())),
            RequestField::Due(d) => ("due", json!(d.map(|d| d.to_string()))),
        };
        self.set_field(
            EntityKind::Request,
            &scope,
            id.0,
            name,
            value,
            Body::RequestSet,
        )
    }
}

/// The columns [`request_at`] reads, in order, from `requests r`.
pub(super) const REQUEST_COLUMNS: &str = "r.id, r.household, r.visit, r.category, r.tier,
    r.summary, r.opened_at, r.due, r.status, r.round, r.assignee, r.resolved_at, r.result,
    r.mediated, r.rating";

/// The number of columns in [`REQUEST_COLUMNS`].
pub(super) const REQUEST_COLUMN_COUNT: usize = 15;

/// A request from [`REQUEST_COLUMNS`] starting at column `first`, and whether its stored
/// opening time and status could be read.
pub(super) fn request_at(r: &Row<'_>, first: usize) -> rusqlite::Result<(RequestRow, bool)> {
    let text = |i: usize| r.get::<_, String>(first + i);
    let opt = |i: usize| r.get::<_, Option<String>>(first + i);
    let id = text(0)?;
    let household = text(1)?;
    let category = text(3)?;
    let tier = text(4)?;
    let opened = text(6)?;
    let status = text(8)?;
    let parsed_opened = parse_dt(&opened).ok();
    let status = Status::from_code(&status);
    let ok = parsed_opened.is_some() && status.is_some();
    Ok((
        RequestRow {
            id: RequestId::parse(&id).unwrap_or(RequestId(uuid::Uuid::nil())),
            household: HouseholdId::parse(&household).unwrap_or(HouseholdId(uuid::Uuid::nil())),
            visit: opt(2)?.and_then(|v| VisitId::parse(&v)),
            category: Category::from_code(&category).unwrap_or(Category::Other),
            tier: Tier::from_code(&tier).unwrap_or_default(),
            summary: text(5)?,
            opened_at: parsed_opened.unwrap_or_default(),
            due: opt(7)?.and_then(|d| d.parse().ok()),
            stage: Stage {
                status: status.unwrap_or(Status::Open),
                round: r.get::<_, i64>(first + 9)? as u32,
            },
            assignee: opt(10)?,
            resolved_at: opt(11)?.and_then(|s| parse_dt(&s).ok()),
            result: opt(12)?,
            mediated: r.get(first + 13)?,
            rating: opt(14)?.and_then(|s| Rating::from_code(&s)),
        },
        ok,
    ))
}

fn request_from_row(r: &Row<'_>) -> rusqlite::Result<(RequestRow, bool)> {
    request_at(r, 0)
}

impl Store {
    pub fn request(&self, id: RequestId) -> Result<Option<RequestRow>> {
        let row = self
            .conn()
            .prepare_cached(&format!(
                "SELECT {REQUEST_COLUMNS} FROM requests r WHERE r.id = ?1"
            ))?
            .query_row([id.to_string()], request_from_row)
            .optional()?;
        row.map(checked).transpose()
    }

    /// The requests of a household, newest first.
    pub fn requests_of(&self, household: HouseholdId) -> Result<Vec<RequestRow>> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {REQUEST_COLUMNS} FROM requests r WHERE r.household = ?1
             ORDER BY r.opened_at DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map([household.to_string()], request_from_row)?;
        rows.map(|r| checked(r?)).collect()
    }

    /// A request's timeline, oldest first, invalid events included (marked).
    pub fn request_events(&self, id: RequestId) -> Result<Vec<RequestEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT op_id, to_status, round, from_status, from_round, valid, at, author, note,
                    assignee, result, mediated, rating
             FROM request_events WHERE request = ?1 ORDER BY at, hlc, origin, op_id",
        )?;
        let rows = stmt.query_map([id.to_string()], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, Option<String>>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<bool>>(11)?,
                r.get::<_, Option<String>>(12)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                op,
                to,
                round,
                from,
                from_round,
                valid,
                at,
                author,
                note,
                assignee,
                result,
                mediated,
                rating,
            ) = row?;
            let bad = || StoreError::Corrupt(format!("request event {op}"));
            out.push(RequestEvent {
                op: OpId::parse(&op).ok_or_else(bad)?,
                to: Status::from_code(&to).ok_or_else(bad)?,
                round: round as u32,
                from: Stage {
                    status: Status::from_code(&from).ok_or_else(bad)?,
                    round: from_round as u32,
                },
                valid,
                at: parse_dt(&at)?,
                author,
                note,
                assignee,
                result,
                mediated,
                rating: rating.and_then(|r| Rating::from_code(&r)),
            });
        }
        Ok(out)
    }
}

pub(super) fn checked((row, ok): (RequestRow, bool)) -> Result<RequestRow> {
    if ok {
        Ok(row)
    } else {
        Err(StoreError::Corrupt(format!("request {}", row.id)))
    }
}
