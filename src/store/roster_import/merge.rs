//! The three-way merge of one field (STYLE.md: "apply what changed since the last import, not
//! what differs now"). The base is the value the newest roster import wrote to the field; the
//! heads are the field's current values (SYNC.md registers). A roster value equal to its base
//! is no office change: what was changed since is kept. A roster value that differs from its
//! base is the office's change: it supersedes the heads that still hold the base (or already
//! hold the roster's value), and stands beside any other head as a conflict, its `pred` naming
//! the base op and those heads only.
//!
//! A field no roster import wrote (a person added in gridbook, or a database from before the
//! base was recorded) has no base: a blank value is filled, a value changed since the person
//! was added is kept, and a value the person was added with stands beside the roster's as a
//! conflict (the write names no op; see `fields::keep_creation_head`). A value entered in the
//! field is never replaced without a trace.

use serde_json::Value;

use super::existing::Head;
use super::history::History;
use super::report::KeptBecause;
use super::values::{blank, merge_tags, same, tag_list};
use crate::domain::OpId;
use crate::oplog::op::Via;

/// One field of a matched household or member, as the roster and the database have it.
pub struct Field<'a> {
    pub name: &'static str,
    pub roster: &'a Value,
    /// The value shown (the first head's, or the column's when the field was never written).
    pub shown: &'a Value,
    /// Shown first; empty when the value is the one the entity was created with.
    pub heads: &'a [Head],
    pub conflict: bool,
}

impl Field<'_> {
    /// Whether the field can be left alone without reading its history: the roster says what
    /// is shown, and the value shown is what a roster import wrote (or was never changed).
    pub fn settled(&self) -> bool {
        !self.conflict
            && same(self.name, self.roster, self.shown)
            && self
                .heads
                .iter()
                .all(|h| h.via == Some(Via::Roster) && !h.merged)
    }
}

/// What to do with a field.
#[derive(Debug, Default)]
pub struct Outcome {
    pub write: Option<Write>,
    /// The value held was kept against the roster's: (the value kept, why, the op to credit).
    pub kept: Option<(Value, KeptBecause, OpId)>,
}

/// A roster op to append.
#[derive(Debug)]
pub struct Write {
    pub pred: Vec<OpId>,
    pub value: Value,
    /// The roster's own value, when `value` is a merge of it with the field's.
    pub listed: Option<Value>,
    pub effect: Effect,
}

#[derive(Debug)]
pub enum Effect {
    /// The value shown changes: an office change, or a blank filled.
    Update,
    /// The value shown stays; the op records the roster's value as the base.
    Base,
    /// The roster's value stands beside another head's as a conflict.
    Conflict {
        other: Value,
        credit: OpId,
        because: KeptBecause,
        /// The field was not in conflict before.
        opened: bool,
    },
}

fn ids(heads: &[&Head]) -> Vec<OpId> {
    heads.iter().map(|h| h.op).collect()
}

/// The `pred` of an ordinary write: every head, or the creation when there is none.
fn all_heads(f: &Field<'_>, h: &History) -> Vec<OpId> {
    if f.heads.is_empty() {
        h.create.into_iter().collect()
    } else {
        f.heads.iter().map(|x| x.op).collect()
    }
}

fn with(mut pred: Vec<OpId>, op: OpId) -> Vec<OpId> {
    if !pred.contains(&op) {
        pred.push(op);
    }
    pred
}

/// The op that wrote the value shown.
fn shown_op(f: &Field<'_>, h: &History) -> Option<OpId> {
    f.heads.first().map(|x| x.op).or(h.create)
}

fn keep(value: &Value, because: KeptBecause, f: &Field<'_>, h: &History) -> Outcome {
    Outcome {
        write: None,
        kept: shown_op(f, h).map(|op| (value.clone(), because, op)),
    }
}

pub fn decide(f: &Field<'_>, h: &History) -> Outcome {
    // An open conflict the roster's value is already part of waits for the review list.
    if f.conflict && f.heads.iter().any(|x| same(f.name, &x.value, f.roster)) {
        return Outcome::default();
    }
    if f.name == "tags" {
        return tags(f, h);
    }
    let base = h.base(f.name);
    if !f.conflict && same(f.name, f.roster, f.shown) {
        // Someone made the office's change already: record it as the base, so that a later
        // change in the field is not mistaken for one against an older roster.
        return match base {
            Some(b) if same(f.name, &b.value, f.roster) => Outcome::default(),
            _ if f.heads.is_empty() => Outcome::default(),
            _ => write(all_heads(f, h), f.roster.clone(), None, Effect::Base),
        };
    }
    let Some(base) = base else {
        if !f.conflict && blank(f.shown) {
            return write(all_heads(f, h), f.roster.clone(), None, Effect::Update);
        }
        if f.conflict || !f.heads.is_empty() {
            return keep(f.shown, KeptBecause::NeverImported, f, h);
        }
        let Some(create) = h.create else {
            return Outcome::default();
        };
        return write(
            Vec::new(),
            f.roster.clone(),
            None,
            Effect::Conflict {
                other: f.shown.clone(),
                credit: create,
                because: KeptBecause::NeverImported,
                opened: true,
            },
        );
    };
    if same(f.name, f.roster, &base.value) {
        return keep(f.shown, KeptBecause::RosterUnchanged, f, h);
    }
    let (gone, stay): (Vec<&Head>, Vec<&Head>) = f
        .heads
        .iter()
        .partition(|x| same(f.name, &x.value, &base.value) || same(f.name, &x.value, f.roster));
    let pred = with(ids(&gone), base.op);
    match stay.first() {
        None if same(f.name, f.shown, f.roster) => {
            write(pred, f.roster.clone(), None, Effect::Base)
        }
        None => write(pred, f.roster.clone(), None, Effect::Update),
        Some(other) => write(
            pred,
            f.roster.clone(),
            None,
            Effect::Conflict {
                other: other.value.clone(),
                credit: other.op,
                because: KeptBecause::BothChanged,
                opened: !f.conflict,
            },
        ),
    }
}

fn write(pred: Vec<OpId>, value: Value, listed: Option<Value>, effect: Effect) -> Outcome {
    Outcome {
        write: Some(Write {
            pred,
            value,
            listed,
            effect,
        }),
        kept: None,
    }
}

/// Tags merge tag by tag (see [`merge_tags`]): the office's classification is applied where
/// it changed, the tags someone added or removed since stay so, and a tag set never becomes a
/// conflict. Without a base nothing is removed.
fn tags(f: &Field<'_>, h: &History) -> Outcome {
    let base = h.base(f.name);
    let roster_unchanged = base.is_some_and(|b| same(f.name, &b.value, f.roster));
    let because = match base {
        None => KeptBecause::NeverImported,
        Some(_) if roster_unchanged => KeptBecause::RosterUnchanged,
        Some(_) => KeptBecause::BothChanged,
    };
    if f.conflict {
        return keep(f.shown, because, f, h);
    }
    let base_tags = base.map(|b| tag_list(&b.value)).unwrap_or_default();
    let merged = merge_tags(&base_tags, &tag_list(f.shown), &tag_list(f.roster));
    let differs = !same(f.name, &merged, f.roster);
    let listed = differs.then(|| f.roster.clone());
    let kept = |value: &Value| {
        differs
            .then(|| shown_op(f, h).map(|op| (value.clone(), because, op)))
            .flatten()
    };
    if same(f.name, &merged, f.shown) {
        // Nothing shown changes; the roster's tags become the base unless they are already.
        // Tags never written since a person was added, and never imported, get no op (on a
        // database from before bases were recorded that would be one op per person).
        let record = !roster_unchanged && (base.is_some() || !f.heads.is_empty());
        let write = record.then(|| Write {
            pred: base.map_or_else(|| all_heads(f, h), |b| with(all_heads(f, h), b.op)),
            value: f.shown.clone(),
            listed: listed.clone(),
            effect: Effect::Base,
        });
        return Outcome {
            write,
            kept: kept(f.shown),
        };
    }
    let pred = base.map_or_else(|| all_heads(f, h), |b| with(all_heads(f, h), b.op));
    Outcome {
        kept: kept(&merged),
        write: Some(Write {
            pred,
            value: merged,
            listed,
            effect: Effect::Update,
        }),
    }
}
