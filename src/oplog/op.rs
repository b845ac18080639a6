//! Ops: the entries of the log. Each is one JSON object on one line, hashed and stored exactly as
//! written, so it can be re-exported byte for byte.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::domain::{
    Category, DeviceId, Gender, HouseholdId, OpId, Rating, Relation, Stage, Status, Tier, Visit,
    VisitId,
};

/// The scope of office-wide data that belongs to no grid.
pub const SCOPE_ALL: &str = "*";

/// The envelope every op shares. The payload is kept raw and parsed by type, so ops of types
/// this version does not know can be stored and relayed unchanged.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    pub id: OpId,
    pub origin: DeviceId,
    pub scope: String,
    pub seq: u64,
    pub hlc: u64,
    pub author: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub entity: Uuid,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pred: Vec<OpId>,
    pub payload: Box<RawValue>,
}

/// Where a local change was made. Ops that write household and member fields carry it as text
/// (`via`), so that a roster re-import can tell the values it wrote itself (the base of its
/// three-way merge) from changes made since, and say what made a change it keeps. Ops written
/// before it was recorded carry none; a code a newer version adds reads as `None` here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A roster import.
    Roster,
    /// A visit's basics (a new phone, a person moved out or in, a health note).
    Visit,
    /// The household or member form.
    Form,
    /// A conflict settled in the review list.
    Review,
}

impl Via {
    pub fn code(self) -> &'static str {
        match self {
            Self::Roster => "roster",
            Self::Visit => "visit",
            Self::Form => "form",
            Self::Review => "review",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Roster, Self::Visit, Self::Form, Self::Review]
            .into_iter()
            .find(|v| v.code() == code)
    }
}

/// One write of a single field of a household, member or request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldSet {
    pub field: String,
    pub value: serde_json::Value,
    /// On an archive: the newest clock value the archiving device held from each device, so
    /// an edit it had not seen (a concurrent one) can be told apart and flagged for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seen: Option<std::collections::BTreeMap<String, u64>>,
    /// Where the change was made ([`Via`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// On a roster import's write of a value merged with the field's (tags, merged tag by tag):
    /// the value the roster itself lists, which is the base of the next import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdCreate {
    pub grid: String,
    pub compound: String,
    pub building: String,
    pub unit: String,
    pub room: String,
    #[serde(default)]
    pub household_no: String,
    #[serde(default)]
    pub note: String,
    /// Where it was added ([`Via`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HouseholdMerge {
    pub into: HouseholdId,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberCreate {
    pub household: HouseholdId,
    pub name: String,
    pub relation: Relation,
    pub gender: Option<Gender>,
    pub birth: Option<NaiveDate>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub note: String,
    /// Where they were added ([`Via`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitAmend {
    /// The version (op id) this amendment corrects.
    pub corrects: OpId,
    pub reason: String,
    pub visit: Visit,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VisitVoid {
    pub corrects: OpId,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestOpen {
    pub household: HouseholdId,
    pub visit: Option<VisitId>,
    pub category: Category,
    pub tier: Tier,
    pub summary: String,
    pub opened_at: NaiveDateTime,
    pub due: Option<NaiveDate>,
}

/// A lifecycle event: dispatch, resolve or reopen. `from` is the stage its author saw, so
/// whether the event is valid depends on the event alone, never on arrival order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestTransition {
    pub to: Status,
    pub round: u32,
    pub from: Stage,
    pub at: NaiveDateTime,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mediated: Option<bool>,
}

/// The result told back to the resident (反馈); also moves the request to `fed_back`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestFeedback {
    pub round: u32,
    pub from: Stage,
    pub at: NaiveDateTime,
    pub text: String,
}

/// The resident's rating (评价); also moves the request to `evaluated`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestEvaluate {
    pub round: u32,
    pub from: Stage,
    pub at: NaiveDateTime,
    pub rating: Rating,
    #[serde(default)]
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeviceEnrol {
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_pk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_pk: Option<String>,
}

/// The typed content of an op.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    HouseholdCreate(HouseholdCreate),
    HouseholdSet(FieldSet),
    HouseholdMerge(HouseholdMerge),
    MemberCreate(MemberCreate),
    MemberSet(FieldSet),
    VisitRecord(Visit),
    VisitAmend(VisitAmend),
    VisitVoid(VisitVoid),
    RequestOpen(RequestOpen),
    RequestTransition(RequestTransition),
    RequestSet(FieldSet),
    RequestFeedback(RequestFeedback),
    RequestEvaluate(RequestEvaluate),
    DeviceEnrol(DeviceEnrol),
    /// A device's certificate, signed by the team key (valid whoever relays it).
    TeamCertify(crate::oplog::cert::Certificate),
    /// The end of a device's writing, signed by the team key.
    TeamRevoke(crate::oplog::cert::Revocation),
}

macro_rules! body_kinds {
    ($($variant:ident => $name:literal),* $(,)?) => {
        impl Body {
            /// Every op type this version knows.
            pub const KINDS: &'static [&'static str] = &[$($name),*];

            pub fn kind(&self) -> &'static str {
                match self {
                    $(Body::$variant(_) => $name,)*
                }
            }

            fn payload_json(&self) -> serde_json::Result<String> {
                match self {
                    $(Body::$variant(p) => serde_json::to_string(p),)*
                }
            }

            /// Parses a payload of a known type; `Ok(None)` for a type this version does not know.
            pub fn parse(kind: &str, payload: &RawValue) -> serde_json::Result<Option<Body>> {
                match kind {
                    $($name => serde_json::from_str(payload.get()).map(|p| Some(Body::$variant(p))),)*
                    _ => Ok(None),
                }
            }
        }
    };
}

body_kinds! {
    HouseholdCreate => "household.create",
    HouseholdSet => "household.set",
    HouseholdMerge => "household.merge",
    MemberCreate => "member.create",
    MemberSet => "member.set",
    VisitRecord => "visit.record",
    VisitAmend => "visit.amend",
    VisitVoid => "visit.void",
    RequestOpen => "request.open",
    RequestTransition => "request.transition",
    RequestSet => "request.set",
    RequestFeedback => "request.feedback",
    RequestEvaluate => "request.evaluate",
    DeviceEnrol => "device.enrol",
    TeamCertify => "team.certify",
    TeamRevoke => "team.revoke",
}

/// An op with its parsed body (if the type is known), its exact bytes and their hash.
#[derive(Debug, Clone)]
pub struct Op {
    pub env: Envelope,
    pub body: Option<Body>,
    pub raw: Vec<u8>,
    pub sha256: [u8; 32],
}

/// The fields of a new local op other than its body.
pub struct Header {
    pub id: OpId,
    pub origin: DeviceId,
    pub scope: String,
    pub seq: u64,
    pub hlc: u64,
    pub author: String,
    pub entity: Uuid,
    pub pred: Vec<OpId>,
}

#[derive(Debug, thiserror::Error)]
pub enum OpError {
    #[error("the op is not valid JSON of the expected shape: {0}")]
    Json(#[from] serde_json::Error),
}

impl Op {
    /// Serialises a new local op into its one-line form.
    pub fn new(h: Header, body: Body) -> Result<Self, OpError> {
        let payload = RawValue::from_string(body.payload_json()?)?;
        let env = Envelope {
            id: h.id,
            origin: h.origin,
            scope: h.scope,
            seq: h.seq,
            hlc: h.hlc,
            author: h.author,
            kind: body.kind().to_string(),
            entity: h.entity,
            pred: h.pred,
            payload,
        };
        let raw = serde_json::to_vec(&env)?;
        let sha256 = sha256(&raw);
        Ok(Self {
            env,
            body: Some(body),
            raw,
            sha256,
        })
    }

    /// Parses an op from its stored or received bytes.
    pub fn from_raw(raw: Vec<u8>) -> Result<Self, OpError> {
        let env: Envelope = serde_json::from_slice(&raw)?;
        let body = Body::parse(&env.kind, &env.payload)?;
        let sha256 = sha256(&raw);
        Ok(Self {
            env,
            body,
            raw,
            sha256,
        })
    }
}

impl Op {
    /// Parses an op whose bytes were already hashed (by the bundle reader).
    pub fn from_checked(raw: Vec<u8>, sha256: [u8; 32]) -> Result<Self, OpError> {
        let env: Envelope = serde_json::from_slice(&raw)?;
        let body = Body::parse(&env.kind, &env.payload)?;
        Ok(Self {
            env,
            body,
            raw,
            sha256,
        })
    }
}

/// Parses only the body of stored op bytes (no hashing): for reading content kept in the log.
pub fn parse_body(raw: &[u8]) -> Result<Option<Body>, OpError> {
    let env: Envelope = serde_json::from_slice(raw)?;
    Ok(Body::parse(&env.kind, &env.payload)?)
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_op_reads_back_identically() {
        let h = Header {
            id: OpId(Uuid::from_u128(1)),
            origin: DeviceId(Uuid::from_u128(2)),
            scope: "第一网格".into(),
            seq: 7,
            hlc: 42 << 16,
            author: "王芳".into(),
            entity: Uuid::from_u128(3),
            pred: vec![OpId(Uuid::from_u128(4))],
        };
        let body = Body::HouseholdSet(FieldSet {
            field: "note".into(),
            value: serde_json::json!("门口有狗"),
            seen: None,
            via: None,
            listed: None,
        });
        let op = Op::new(h, body.clone()).unwrap();
        assert!(!op.raw.contains(&b'\n'));
        let back = Op::from_raw(op.raw.clone()).unwrap();
        assert_eq!(back.body, Some(body));
        assert_eq!(back.sha256, op.sha256);
        assert_eq!(back.env.seq, 7);
    }

    #[test]
    fn unknown_types_parse_without_a_body() {
        let raw = br#"{"id":"00000000-0000-0000-0000-000000000001","origin":"00000000-0000-0000-0000-000000000002","scope":"*","seq":1,"hlc":1,"author":"x","type":"future.thing","entity":"00000000-0000-0000-0000-000000000003","payload":{"a":1}}"#;
        let op = Op::from_raw(raw.to_vec()).unwrap();
        assert!(op.body.is_none());
        assert_eq!(op.env.kind, "future.thing");
    }

    #[test]
    fn duplicate_keys_in_a_payload_are_refused() {
        let raw = br#"{"id":"00000000-0000-0000-0000-000000000001","origin":"00000000-0000-0000-0000-000000000002","scope":"*","seq":1,"hlc":1,"author":"x","type":"household.set","entity":"00000000-0000-0000-0000-000000000003","payload":{"field":"note","field":"grid","value":1}}"#;
        assert!(Op::from_raw(raw.to_vec()).is_err());
    }
}
