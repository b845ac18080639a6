//! Saving a visit: checks, the worker's confirmations, then one transaction that records the
//! visit (or its amendment), the requests born from it, the household-record changes, and
//! deletes the draft.

use super::app::App;
use super::visit::Prompt;
use super::visit_form::VisitForm;
use crate::domain::{Category, MemberStatus, Phone, Question, Tier, VisitError};
use crate::i18n::{Lang, Msg};
use crate::store::households::{MemberField, NewMember};
use crate::store::requests::NewRequest;
use crate::store::{Store, StoreError};

/// The record changes in words, for the review prompt.
fn review_lines(lang: Lang, f: &VisitForm) -> Vec<String> {
    let mut lines = Vec::new();
    for m in &f.members {
        if m.moved_out {
            lines.push(lang.f(Msg::ReviewMovedOut, &[("name", &m.name)]));
        }
        if let Some(p) = m.phone.as_ref().filter(|p| !p.is_empty()) {
            lines.push(lang.f(Msg::ReviewPhone, &[("name", &m.name), ("phone", &p.text())]));
        }
        if let Some(h) = m.health.as_ref().filter(|h| !h.is_empty()) {
            lines.push(lang.f(Msg::ReviewHealth, &[("name", &m.name), ("text", &h.text())]));
        }
        if let Some(t) = &m.tag {
            lines.push(lang.f(Msg::ReviewTag, &[("name", &m.name), ("tag", t)]));
        }
    }
    for p in f.new_people.iter().filter(|p| !p.name.is_empty()) {
        lines.push(lang.f(
            Msg::ReviewNewPerson,
            &[
                ("name", &p.name.text().trim()),
                ("relation", &lang.relation(p.relation)),
            ],
        ));
    }
    lines
}

fn fail(app: &mut App, text: String) {
    if let Some(s) = app.visit.as_mut() {
        s.error = Some(text);
    }
}

/// The requests a visit opens: picked needs, a dispute, a suggestion marked as a request.
fn requests_of(lang: Lang, f: &VisitForm) -> Vec<(Category, Tier, String)> {
    let notes = |q: Question| f.question(q).notes.text().trim().to_string();
    let mut out = Vec::new();
    for n in f.needs.iter().filter(|n| n.picked) {
        let text = notes(Question::Difficulties);
        let summary = if text.is_empty() {
            lang.category(n.category).to_string()
        } else {
            text
        };
        out.push((n.category, n.tier, summary));
    }
    if f.dispute {
        let text = f.dispute_text.text().trim().to_string();
        let summary = if text.is_empty() {
            notes(Question::Family)
        } else {
            text
        };
        let summary = if summary.is_empty() {
            lang.category(Category::Dispute).to_string()
        } else {
            summary
        };
        out.push((Category::Dispute, Tier::TimeLimited, summary));
    }
    if f.suggestion_request {
        let text = notes(Question::Suggestions);
        let summary = if text.is_empty() {
            lang.category(Category::Suggestion).to_string()
        } else {
            text
        };
        out.push((Category::Suggestion, Tier::TimeLimited, summary));
    }
    out
}

pub fn save(app: &mut App, store: &mut Store) {
    let lang = app.lang;
    let Some(screen) = app.visit.as_mut() else {
        return;
    };
    let f = screen.form.clone();
    let Some(visit) = f.to_visit() else {
        return fail(app, lang.t(Msg::ErrDate).to_string());
    };
    if let Err(e) = visit.validate(app.now) {
        let msg = match e {
            VisitError::FutureDate => Msg::ErrFuture,
            VisitError::TooOld => Msg::ErrTooOld,
            VisitError::NoVisitor => Msg::ErrVisitor,
            VisitError::NotesTooLong { max } => {
                return fail(app, lang.f(Msg::ErrNotesTooLong, &[("max", &max)]));
            }
        };
        return fail(app, lang.t(msg).to_string());
    }
    let mut phones = Vec::new();
    for m in &f.members {
        if let Some(p) = m.phone.as_ref().filter(|p| !p.is_empty()) {
            match Phone::parse(p.text()) {
                Ok(phone) => phones.push((m.member, phone)),
                Err(e) => {
                    return fail(
                        app,
                        format!("{}: {}", m.name, lang.f(Msg::ErrPhone, &[("e", &e)])),
                    );
                }
            }
        }
    }
    if visit.needs_confirmation() && !screen.no_question_ok {
        screen.prompt = Some(Prompt::NoQuestion);
        return;
    }
    let review = review_lines(lang, &f);
    if !review.is_empty() && !screen.review_ok {
        screen.prompt = Some(Prompt::Review(review));
        return;
    }
    if f.corrects.is_some() && screen.reason.is_none() {
        screen.prompt = Some(Prompt::Reason(Default::default()));
        return;
    }
    let reason = screen.reason.clone().unwrap_or_default();
    let requests = requests_of(lang, &f);
    let today = app.today();
    let limits: Vec<u32> = requests
        .iter()
        .map(|(c, _, _)| app.config.time_limit(*c))
        .collect();
    let health_prefix = lang.t(Msg::HealthNotePrefix);
    // Members' categories with the one a health change adds (read before the write).
    let mut tagged = Vec::new();
    for m in &f.members {
        let Some(tag) = m.tag.as_deref().and_then(crate::domain::Tag::new) else {
            continue;
        };
        let mut tags = match store.member(m.member) {
            Ok(Some(member)) => member.tags,
            Ok(None) => continue,
            Err(e) => return fail(app, crate::explain::shown(lang, &e)),
        };
        if !tags.contains(&tag) {
            tags.push(tag);
            tagged.push((m.member, tags));
        }
    }
    let result = store.write(|w| {
        match f.corrects {
            Some(corrects) => w.amend_visit(corrects, &reason, &visit)?,
            None => w.record_visit(&visit)?,
        };
        for ((category, tier, summary), limit) in requests.iter().zip(&limits) {
            w.open_request(&NewRequest {
                household: f.household,
                visit: Some(visit.id),
                category: *category,
                tier: *tier,
                summary: summary.clone(),
                opened_at: visit.at,
                limit_days: *limit,
                answer: summary.clone(),
            })?;
        }
        for m in &f.members {
            if m.moved_out {
                w.set_member(m.member, MemberField::Status(MemberStatus::MovedOut))?;
            }
            if let Some(h) = m.health.as_ref().filter(|h| !h.is_empty()) {
                let old = w.member_note(m.member)?;
                let line = format!("{today} {health_prefix}：{}", h.text().trim());
                let note = if old.is_empty() {
                    line
                } else {
                    format!("{old}\n{line}")
                };
                w.set_member(m.member, MemberField::Note(note))?;
            }
        }
        for (member, tags) in &tagged {
            w.set_member(*member, MemberField::Tags(tags.clone()))?;
        }
        for (member, phone) in &phones {
            w.set_member(*member, MemberField::Phone(Some(phone.clone())))?;
        }
        for p in f.new_people.iter().filter(|p| !p.name.is_empty()) {
            w.add_member(
                f.household,
                &NewMember {
                    name: p.name.text().trim().to_string(),
                    relation: p.relation,
                    gender: None,
                    birth: None,
                    id_number: None,
                    phone: None,
                    tags: Vec::new(),
                    note: String::new(),
                },
            )?;
        }
        w.delete_draft(f.household)
    });
    match result {
        Ok(()) => {
            app.visit = None;
            let msg = if requests.is_empty() {
                lang.t(Msg::VisitSaved).to_string()
            } else {
                lang.f(Msg::VisitSavedWithRequests, &[("n", &requests.len())])
            };
            super::edit::after_write(app, store, f.household, false);
            if let Some(card) = app.households.card.as_mut() {
                card.draft = false;
            }
            // A visit started from the route goes back to the route, the next household
            // selected; from the list or a lookup, the card stays.
            if app.households.card_from == super::effect::Tab::Due {
                app.show(super::effect::Tab::Due, store);
            }
            app.info(msg);
        }
        Err(StoreError::WritesBlocked(_)) => fail(app, lang.t(Msg::ErrWritesBlocked).to_string()),
        Err(e) => fail(app, crate::explain::shown(lang, &e)),
    }
}
