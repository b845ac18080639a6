//! The visit screen: the form, its yes/no prompts, and the keys it understands. Every change is
//! saved to a draft at once.

use super::action::Action;
use super::app::App;
use super::text::TextInput;
use super::visit_form::{Focus, MemberEdit, VisitForm};
use crate::domain::{HouseholdId, VisitId};
use crate::i18n::Msg;
use crate::store::Store;

/// A question the visit screen waits on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Prompt {
    Discard,
    NoQuestion,
    /// The household-record changes to confirm, one line each.
    Review(Vec<String>),
    /// The reason for an amendment, being typed.
    Reason(TextInput),
}

#[derive(Debug, Clone, PartialEq)]
pub struct VisitScreen {
    pub form: VisitForm,
    pub address: String,
    pub prompt: Option<Prompt>,
    pub error: Option<String>,
    /// The worker already said yes to saving without questions / to the record changes.
    pub no_question_ok: bool,
    pub review_ok: bool,
    pub reason: Option<String>,
}

impl VisitScreen {
    pub fn typing(&self) -> bool {
        matches!(self.prompt, Some(Prompt::Reason(_)))
            || (self.prompt.is_none() && self.form.typing())
    }
}

/// Cells the notes wrap at for a terminal `w` wide (shared with the view).
pub fn notes_width(w: u16) -> usize {
    usize::from(w).saturating_sub(6).max(10)
}

/// Opens the form for a household: its draft if one is waiting, else a new visit.
pub fn open(app: &mut App, store: &Store, household: HouseholdId) {
    let address = app
        .households
        .row_of
        .get(&household)
        .and_then(|&i| app.households.list.rows.get(i))
        .map(|r| r.address.display())
        .unwrap_or_default();
    let restored = match store.draft(household) {
        Ok(Some(d)) => serde_json::from_str::<VisitForm>(&d.content).ok(),
        _ => None,
    };
    let form = match restored {
        Some(form) => {
            app.info(app.t(Msg::DraftRestored));
            form
        }
        None => {
            let members = store.members(household).unwrap_or_default();
            let last = store
                .visits(household)
                .ok()
                .and_then(|v| v.into_iter().find(|v| !v.voided));
            let visitor = if app.config.worker.is_empty() {
                store.author().to_string()
            } else {
                app.config.worker.clone()
            };
            let id = VisitId(crate::store::IdSource::Random.next(store.clock().now_ms()));
            VisitForm::new(
                household,
                id,
                app.now,
                &visitor,
                &members,
                last.map(|v| v.visit.checklist.basics),
            )
        }
    };
    let mut form = form;
    form.cadence_tags = cadence_tags(&app.policy);
    start(app, store, form, address);
}

/// The categories the visit policy gives a cadence to, strictest first.
fn cadence_tags(policy: &crate::domain::VisitPolicy) -> Vec<String> {
    let mut tags: Vec<(&u32, &String)> = policy.per_tag.iter().map(|(t, d)| (d, t)).collect();
    tags.sort();
    tags.into_iter().map(|(_, t)| t.clone()).collect()
}

/// Opens an amendment of the selected visit of the open card.
pub fn amend(app: &mut App, store: &Store) {
    let Some(card) = &app.households.card else {
        return;
    };
    let household = card.household.id;
    if matches!(store.draft(household), Ok(Some(_))) {
        open(app, store, household);
        return;
    }
    let Some(v) = card.visits.get(card.visit_sel) else {
        app.info(app.t(Msg::SelectVisitFirst));
        return;
    };
    let form = VisitForm::amend(&v.visit, v.current_version, &card.members);
    let address = card.household.address.display();
    start(app, store, form, address);
}

fn start(app: &mut App, store: &Store, form: VisitForm, address: String) {
    app.visit = Some(VisitScreen {
        form,
        address,
        prompt: None,
        error: None,
        no_question_ok: false,
        review_ok: false,
        reason: None,
    });
    save_draft(app, store);
}

pub fn save_draft(app: &mut App, store: &Store) {
    let Some(v) = &app.visit else { return };
    let lang = app.lang;
    let result = serde_json::to_string(&v.form)
        .map_err(|e| crate::explain::shown(lang, &e))
        .and_then(|json| {
            store
                .save_draft(v.form.household, v.form.visit.0, &json)
                .map_err(|e| crate::explain::shown(lang, &e))
        });
    if let Err(e) = result {
        app.error(e);
    }
}

/// One action on the visit screen.
pub fn update(app: &mut App, action: Action, store: &mut Store) {
    let width = notes_width(app.size.0);
    let Some(screen) = app.visit.as_mut() else {
        return;
    };
    if let Some(prompt) = screen.prompt.take() {
        return prompt_update(app, prompt, action, store);
    }
    screen.error = None;
    let form = &mut screen.form;
    let mut changed = true;
    match action {
        Action::Type(_) => match form.input_mut() {
            Some(input) => {
                input.apply(&action);
                form.touched();
            }
            None => changed = false,
        },
        Action::Backspace
        | Action::Delete
        | Action::Left
        | Action::Right
        | Action::Home
        | Action::End
            if form.typing() =>
        {
            if let Some(input) = form.input_mut() {
                input.apply(&action);
            }
        }
        Action::Left => form.cycle(-1),
        Action::Right => form.cycle(1),
        // Enter after typing a member's new phone or health change ends that entry and stays
        // on the member list.
        Action::Open if form.focus == Focus::Members && form.member_edit.is_some() => {
            form.member_edit = None;
        }
        Action::Open if matches!(form.focus, Focus::Notes(_)) => {
            if let Some(input) = form.input_mut() {
                input.insert('\n');
            }
        }
        Action::Open | Action::Toggle if !form.typing() => form.toggle(),
        Action::Open => form.next_field(true),
        Action::Toggle => {
            if let Some(input) = form.input_mut() {
                input.insert(' ');
            }
        }
        Action::Up | Action::Down => {
            let down = action == Action::Down;
            let moved = match form.focus {
                Focus::Notes(q) => form.question_mut(q).notes.vertical(width, down),
                Focus::Members | Focus::Needs => form.move_in_list(if down { 1 } else { -1 }),
                _ => false,
            };
            if !moved {
                form.next_field(down);
            }
            changed = false;
        }
        Action::NextField => form.next_field(true),
        Action::PrevField => form.next_field(false),
        Action::NothingNew => form.nothing_new(),
        Action::SameAsLast => {
            if !form.same_as_last() {
                changed = false;
                let text = app.t(Msg::NoLastVisit);
                if let Some(s) = app.visit.as_mut() {
                    s.error = Some(text.to_string());
                }
            }
        }
        Action::MoveOut => form.toggle_moved_out(),
        Action::NewPhone => form.edit_member(MemberEdit::Phone),
        Action::HealthNote => form.edit_member(MemberEdit::Health),
        Action::AddMember => form.add_person(),
        Action::Save => {
            changed = false;
            super::visit_save::save(app, store);
        }
        Action::Back | Action::Quit => {
            changed = false;
            if form.member_edit.is_some() {
                form.member_edit = None;
            } else {
                screen.prompt = Some(Prompt::Discard);
            }
        }
        _ => changed = false,
    }
    if changed {
        save_draft(app, store);
    }
}

fn prompt_update(app: &mut App, prompt: Prompt, action: Action, store: &mut Store) {
    let Some(screen) = app.visit.as_mut() else {
        return;
    };
    match (prompt, action) {
        (Prompt::Reason(mut input), action) => match action {
            Action::Open | Action::Save => {
                if input.text().trim().is_empty() {
                    screen.error = Some(app.lang.t(Msg::ErrReasonRequired).to_string());
                    screen.prompt = Some(Prompt::Reason(input));
                } else {
                    screen.reason = Some(input.text().trim().to_string());
                    super::visit_save::save(app, store);
                }
            }
            Action::Back => {}
            other => {
                input.apply(&other);
                screen.prompt = Some(Prompt::Reason(input));
            }
        },
        (Prompt::Discard, Action::Yes | Action::Open) => {
            let household = screen.form.household;
            app.visit = None;
            if let Err(e) = store.delete_draft(household) {
                app.error(crate::explain::shown(app.lang, &e));
            }
            if let Some(card) = app.households.card.as_mut() {
                card.draft = false;
            }
        }
        (Prompt::NoQuestion, Action::Yes | Action::Open) => {
            screen.no_question_ok = true;
            super::visit_save::save(app, store);
        }
        (Prompt::Review(_), Action::Yes | Action::Open) => {
            screen.review_ok = true;
            super::visit_save::save(app, store);
        }
        (_, Action::No | Action::Back) => {}
        (prompt, _) => screen.prompt = Some(prompt),
    }
}
