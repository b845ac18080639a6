//! Taking a request one step around its loop from the board: dispatch, resolve, feed back,
//! rate, reopen. Refused steps say why, in the worker's language.

use super::app::App;
use super::form::{Form, RequestAct};
use crate::domain::{Rating, RequestId, TransitionError};
use crate::i18n::{Lang, Msg};
use crate::store::{Store, StoreError};

fn act_label(act: RequestAct) -> Msg {
    match act {
        RequestAct::Dispatch => Msg::ActionDispatch,
        RequestAct::Resolve => Msg::ActionResolve,
        RequestAct::Feedback => Msg::ActionFeedback,
        RequestAct::Rate => Msg::ActionRate,
        RequestAct::Reopen => Msg::ActionReopen,
    }
}

/// Why a step is refused, in the worker's words.
pub fn refusal(
    lang: Lang,
    from: Option<crate::domain::Status>,
    act: RequestAct,
    e: TransitionError,
) -> String {
    match e {
        TransitionError::ReopenTooEarly => lang.t(Msg::ErrReopenEarly).to_string(),
        _ => {
            let from = from.map_or("", |s| lang.status(s));
            lang.f(
                Msg::ErrTransition,
                &[("from", &from), ("to", &lang.t(act_label(act)))],
            )
        }
    }
}

/// Saves the step; returns true when the form may close.
pub fn save(
    app: &mut App,
    store: &mut Store,
    form: &mut Form,
    id: RequestId,
    act: RequestAct,
) -> bool {
    let lang = app.lang;
    let required = |label: Msg| -> Result<String, String> {
        let v = form.text_of(label);
        if v.trim().is_empty() {
            Err(lang.f(Msg::ErrRequired, &[("field", &lang.t(label))]))
        } else {
            Ok(v)
        }
    };
    let checked = match act {
        RequestAct::Resolve => required(Msg::FieldResult).map(|_| ()),
        RequestAct::Feedback => required(Msg::FieldFeedback).map(|_| ()),
        RequestAct::Reopen => required(Msg::FieldReason).map(|_| ()),
        RequestAct::Dispatch => form
            .choice_of(Msg::FieldDepartment)
            .filter(|(_, d)| !d.is_empty())
            .map(|_| ())
            .ok_or_else(|| {
                lang.f(
                    Msg::ErrRequired,
                    &[("field", &lang.t(Msg::FieldDepartment))],
                )
            }),
        RequestAct::Rate => Ok(()),
    };
    if let Err(e) = checked {
        form.error = Some(e);
        return false;
    }
    let at = app.now;
    let before = store.request(id).ok().flatten();
    let result = store.write(|w| match act {
        RequestAct::Dispatch => {
            let who = form
                .choice_of(Msg::FieldDepartment)
                .map(|(_, d)| d)
                .unwrap_or_default();
            w.dispatch_request(id, &who, &form.text_of(Msg::FieldNoteShort), at)
                .map(|_| ())
        }
        RequestAct::Resolve => {
            let mediated = form.choice_of(Msg::FieldMediated).map(|(i, _)| i == 0);
            w.resolve_request(id, &form.text_of(Msg::FieldResult), mediated, at)
                .map(|_| ())
        }
        RequestAct::Feedback => w
            .feedback_request(id, &form.text_of(Msg::FieldFeedback), at)
            .map(|_| ()),
        RequestAct::Rate => {
            let rating = form
                .choice_of(Msg::FieldRating)
                .and_then(|(i, _)| Rating::ALL.get(i).copied())
                .unwrap_or(Rating::Satisfied);
            w.evaluate_request(id, rating, &form.text_of(Msg::FieldComment), at)
                .map(|_| ())
        }
        RequestAct::Reopen => w
            .reopen_request(id, &form.text_of(Msg::FieldReason), at)
            .map(|_| ()),
    });
    match result {
        Ok(()) => {
            let after = store.request(id).ok().flatten();
            let msg = match act {
                RequestAct::Dispatch => lang.f(
                    Msg::RequestDispatched,
                    &[(
                        "who",
                        &after
                            .as_ref()
                            .and_then(|r| r.assignee.clone())
                            .unwrap_or_default(),
                    )],
                ),
                RequestAct::Resolve => lang.t(Msg::RequestResolved).to_string(),
                RequestAct::Feedback => lang.t(Msg::RequestFedBack).to_string(),
                RequestAct::Rate => lang.t(Msg::RequestRated).to_string(),
                RequestAct::Reopen => lang.f(
                    Msg::RequestReopened,
                    &[("n", &after.as_ref().map_or(0, |r| r.stage.round))],
                ),
            };
            if let Some(h) = after.as_ref().map(|r| r.household) {
                super::edit::after_write(app, store, h, false);
            }
            app.info(msg);
            true
        }
        Err(StoreError::Transition(e)) => {
            let text = refusal(lang, before.map(|r| r.stage.status), act, e);
            form.error = Some(text.clone());
            app.error(text);
            false
        }
        Err(e) => {
            super::edit::store_error(app, &e);
            form.error = app.status.as_ref().map(|(t, _)| t.clone());
            false
        }
    }
}
