//! Writes from the interface: forms saved and confirmed changes, each one transaction through
//! the op log, followed by a refresh of what the screen shows.

use super::app::{App, Overlay, Pending};
use super::data;
use super::effect::Changed;
use super::form::{Form, Target};
use crate::domain::{HouseholdId, MemberStatus, Relation};
use crate::i18n::Msg;
use crate::oplog::op::Via;
use crate::store::households::{HouseholdField, MemberField, NewHousehold};
use crate::store::{Store, StoreError};

pub(super) fn store_error(app: &mut App, e: &StoreError) {
    let text = match e {
        StoreError::WritesBlocked(_) => app.t(Msg::ErrWritesBlocked).to_string(),
        other => crate::explain::store(app.lang, other),
    };
    app.error(text);
}

/// Saves a form; returns true when it is done (the form closes).
pub fn save_form(app: &mut App, store: &mut Store, form: &mut Form) -> bool {
    if let Target::Request(id, act) = form.target {
        return super::request_edit::save(app, store, form, id, act);
    }
    if form.target == Target::Identity {
        return save_identity(app, store, form);
    }
    let today = app.today();
    let result = match form.target.clone() {
        Target::NewHousehold | Target::Household(_) => {
            let values = match form.household_values(app.lang) {
                Ok(v) => v,
                Err(e) => {
                    form.error = Some(e);
                    return false;
                }
            };
            match form.target {
                Target::Household(id) => store.write(|w| {
                    w.mark(Via::Form);
                    let mut changed =
                        w.set_household(id, HouseholdField::Grid(values.grid.clone()))?;
                    for f in HouseholdField::address(&values.address) {
                        changed |= w.set_household(id, f)?;
                    }
                    changed |= w.set_household(id, HouseholdField::Note(values.note.clone()))?;
                    Ok((id, changed, false))
                }),
                _ => store.write(|w| {
                    w.mark(Via::Form);
                    let id = w.create_household(&NewHousehold {
                        grid: values.grid.clone(),
                        address: values.address.clone(),
                        household_no: String::new(),
                        note: values.note.clone(),
                    })?;
                    Ok((id, true, true))
                }),
            }
        }
        Target::NewMember(_) | Target::Member(_) => {
            let values = match form.member_values(app.lang, today) {
                Ok(v) => v,
                Err(e) => {
                    form.error = Some(e);
                    return false;
                }
            };
            match form.target {
                Target::Member(id) => store.write(|w| {
                    w.mark(Via::Form);
                    let fields = [
                        MemberField::Name(values.name.clone()),
                        MemberField::Relation(values.relation),
                        MemberField::Gender(values.gender),
                        MemberField::Birth(values.birth),
                        MemberField::IdNumber(values.id_number.clone()),
                        MemberField::Phone(values.phone.clone()),
                        MemberField::Tags(values.tags.clone()),
                        MemberField::Note(values.note.clone()),
                    ];
                    let mut changed = false;
                    for f in fields {
                        changed |= w.set_member(id, f)?;
                    }
                    let household = w.member_household(id)?;
                    Ok((household, changed, false))
                }),
                Target::NewMember(household) => store.write(|w| {
                    w.mark(Via::Form);
                    w.add_member(household, &values)?;
                    Ok((household, true, false))
                }),
                _ => return false,
            }
        }
        Target::Request(..) | Target::Identity => return false,
    };
    match result {
        Ok((household, changed, created)) => {
            app.info(app.t(if changed {
                Msg::Saved
            } else {
                Msg::NothingChanged
            }));
            after_write(app, store, household, created);
            if created {
                // A new household starts with its head.
                let mut next = Form::member(app.lang, Target::NewMember(household), None);
                if let Some(super::form::FieldKind::Choice { index, .. }) = next
                    .fields
                    .iter_mut()
                    .find(|f| f.label == Msg::FieldRelation)
                    .map(|f| &mut f.kind)
                {
                    *index = Relation::ALL
                        .iter()
                        .position(|r| *r == Relation::Head)
                        .unwrap_or(0);
                }
                app.overlay = Some(Overlay::Form(Box::new(next)));
            }
            true
        }
        Err(e) => {
            store_error(app, &e);
            form.error = app.status.as_ref().map(|(t, _)| t.clone());
            false
        }
    }
}

/// Carries out a confirmed change.
pub fn confirm(app: &mut App, store: &mut Store, pending: Pending) {
    let result = match &pending {
        Pending::MoveOut(member, _) => store.write(|w| {
            w.set_member(*member, MemberField::Status(MemberStatus::MovedOut))?;
            w.member_household(*member)
        }),
        Pending::Archive(household, archived) => store.write(|w| {
            w.set_household(*household, HouseholdField::Archived(*archived))?;
            Ok(*household)
        }),
    };
    match result {
        Ok(household) => {
            let msg = match &pending {
                Pending::MoveOut(_, name) => app.lang.f(Msg::MovedOut, &[("name", name)]),
                Pending::Archive(_, true) => app.t(Msg::ArchivedDone).to_string(),
                Pending::Archive(_, false) => app.t(Msg::UnarchivedDone).to_string(),
            };
            app.info(msg);
            after_write(app, store, household, false);
        }
        Err(e) => store_error(app, &e),
    }
}

/// After a write to one household: every tab learns of it through `App::invalidate`; `open`
/// shows the household's card.
pub fn after_write(app: &mut App, store: &mut Store, household: HouseholdId, open: bool) {
    app.invalidate(Changed::Household(household), store);
    if open {
        app.apply(
            super::effect::Effects::one(super::effect::Effect::Open {
                household,
                from: super::effect::Tab::Households,
            }),
            store,
        );
    }
}

/// The households tab's part of a write: the household's row in the list and its open card.
pub fn refresh_household(app: &mut App, store: &Store, household: HouseholdId) {
    match store.household_row(household) {
        Ok(Some(row)) => {
            match app.households.row_of.get(&household) {
                Some(&i) => app.households.list.rows[i] = row,
                None => {
                    app.households
                        .row_of
                        .insert(household, app.households.list.rows.len());
                    app.households.list.rows.push(row);
                }
            }
            app.refresh_list();
        }
        Ok(None) => {}
        Err(e) => store_error(app, &e),
    }
    if let Some(card) = app.households.card.as_mut()
        && card.household.id == household
        && let Err(e) = card.reload(store)
    {
        store_error(app, &e);
    }
}

/// The first-start form: saves the name and grid into the config file, signs changes with the
/// name, and labels this device with name and grid.
fn save_identity(app: &mut App, store: &mut Store, form: &mut Form) -> bool {
    let name = form.text_of(Msg::FieldName);
    if name.trim().is_empty() {
        form.error = Some(app.t(Msg::ErrNameRequired).to_string());
        return false;
    }
    let grid = form.text_of(Msg::FieldGrid);
    let path = app
        .config
        .source
        .as_ref()
        .map(|(p, _)| p.clone())
        .unwrap_or_else(crate::config::config_file);
    if let Err(e) = crate::config::save_identity(&path, &name, &grid) {
        form.error = Some(e.to_string());
        return false;
    }
    app.config.worker = name.trim().to_string();
    if !grid.trim().is_empty() {
        app.config.grids = vec![grid.trim().to_string()];
    }
    store.set_author(&name);
    let label = format!("{} {}", name.trim(), grid.trim());
    if store.blocked().is_none()
        && let Err(e) = store.relabel(label.trim())
    {
        store_error(app, &e);
    }
    app.refresh_list();
    data::refresh_counters(app, store);
    data::rebuild_index(app, store);
    app.info(app.lang.f(Msg::Welcome, &[("name", &name.trim())]));
    true
}
