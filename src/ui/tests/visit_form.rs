//! The visit form driven by actions: the whole flow, validation, drafts, amendments, quick picks.

#![allow(clippy::unwrap_used)]

use super::support::*;
use crate::domain::{Category, MemberStatus, Question, QuestionState, Status, Tier};
use crate::i18n::Lang;
use crate::store::Store;
use crate::ui::action::Action;
use crate::ui::app::App;
use crate::ui::visit::Prompt;
use crate::ui::visit_form::Focus;

fn setup(households: usize) -> (Env, Store, App) {
    let env = Env::new();
    let mut store = demo_store(&env, households);
    let app = app_for(&mut store, Lang::Zh, (100, 30));
    (env, store, app)
}

/// The selected household of the list.
fn selected(app: &App) -> crate::domain::HouseholdId {
    app.households.list.rows[app.households.list.selected_row().unwrap()].id
}

#[test]
fn a_routine_nothing_new_visit_takes_six_keys() {
    let (_env, mut store, mut app) = setup(20);
    let household = selected(&app);
    let before = store.visits(household).unwrap().len();
    press(&mut app, &mut store, &[Action::NewVisit]);
    assert_eq!(
        app.visit.as_ref().unwrap().form.focus,
        Focus::Notes(Question::Basics)
    );
    press(
        &mut app,
        &mut store,
        &[
            Action::NothingNew,
            Action::NothingNew,
            Action::NothingNew,
            Action::NothingNew,
            Action::Save,
        ],
    );
    assert!(
        app.visit.is_none(),
        "{:?}",
        app.visit.as_ref().map(|v| &v.error)
    );
    let visits = store.visits(household).unwrap();
    assert_eq!(visits.len(), before + 1);
    let v = &visits[0].visit;
    assert!(
        Question::ALL
            .iter()
            .all(|q| v.checklist.get(*q).state == QuestionState::NothingNew)
    );
    assert_eq!(v.at, now());
    assert!(store.draft(household).unwrap().is_none());
    // Days since the last visit are 0 at once.
    let row = &app.households.list.rows[*app.households.row_of.get(&household).unwrap()];
    assert_eq!(row.last_visit, Some(now().date()));
}

#[test]
fn notes_and_a_picked_need_become_a_visit_and_a_linked_request() {
    let (_env, mut store, mut app) = setup(20);
    let household = selected(&app);
    let ops = store.op_count().unwrap();
    press(&mut app, &mut store, &[Action::NewVisit]);
    press(&mut app, &mut store, &typed("老人血压偏高，按时服药。"));
    press(&mut app, &mut store, &[Action::NothingNew]);
    // Family: nothing new. Difficulties: notes and a need.
    press(&mut app, &mut store, &[Action::NothingNew]);
    press(&mut app, &mut store, &typed("楼道灯坏了"));
    press(
        &mut app,
        &mut store,
        &[Action::NextField, Action::NextField],
    );
    assert_eq!(app.visit.as_ref().unwrap().form.focus, Focus::Needs);
    // Down to 维修 (repair), pick it.
    let repair = app
        .visit
        .as_ref()
        .unwrap()
        .form
        .needs
        .iter()
        .position(|n| n.category == Category::Repair)
        .unwrap();
    for _ in 0..repair {
        press(&mut app, &mut store, &[Action::Down]);
    }
    press(&mut app, &mut store, &[Action::Toggle]);
    press(&mut app, &mut store, &[Action::Save]);
    assert!(
        app.visit.is_none(),
        "{:?}",
        app.visit.as_ref().map(|v| (&v.error, &v.prompt))
    );
    let visits = store.visits(household).unwrap();
    let v = &visits[0].visit;
    assert_eq!(v.checklist.basics.notes, "老人血压偏高，按时服药。");
    assert_eq!(v.checklist.basics.state, QuestionState::Asked);
    assert_eq!(v.checklist.difficulties.notes, "楼道灯坏了");
    let requests = store.requests_of(household).unwrap();
    let linked: Vec<_> = requests.iter().filter(|r| r.visit == Some(v.id)).collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].category, Category::Repair);
    assert_eq!(linked[0].tier, Tier::TimeLimited);
    assert_eq!(linked[0].stage.status, Status::Open);
    assert_eq!(linked[0].summary, "楼道灯坏了");
    assert_eq!(store.op_count().unwrap(), ops + 2);
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
    // The card shows it at once.
    press(&mut app, &mut store, &[Action::Open]);
    assert_eq!(
        app.households.card.as_ref().unwrap().visits[0].visit.id,
        v.id
    );
}

#[test]
fn a_future_date_is_refused_and_an_empty_visit_asks_first() {
    let (_env, mut store, mut app) = setup(10);
    let household = selected(&app);
    let before = store.visits(household).unwrap().len();
    press(
        &mut app,
        &mut store,
        &[
            Action::NewVisit,
            Action::PrevField,
            Action::PrevField,
            Action::PrevField,
            Action::PrevField,
        ],
    );
    assert_eq!(app.visit.as_ref().unwrap().form.focus, Focus::Date);
    for _ in 0..16 {
        press(&mut app, &mut store, &[Action::Backspace]);
    }
    press(&mut app, &mut store, &typed("2026-12-01 09:00"));
    press(&mut app, &mut store, &[Action::Save]);
    let screen = app.visit.as_ref().unwrap();
    assert!(
        screen.error.as_deref().unwrap_or("").contains("未来"),
        "{:?}",
        screen.error
    );
    for _ in 0..16 {
        press(&mut app, &mut store, &[Action::Backspace]);
    }
    press(&mut app, &mut store, &typed("2026-11-20 09:00"));
    press(&mut app, &mut store, &[Action::Save]);
    assert_eq!(app.visit.as_ref().unwrap().prompt, Some(Prompt::NoQuestion));
    press(&mut app, &mut store, &[Action::No]);
    assert!(app.visit.is_some());
    assert_eq!(store.visits(household).unwrap().len(), before);
    press(&mut app, &mut store, &[Action::Save, Action::Yes]);
    assert!(app.visit.is_none());
    assert_eq!(store.visits(household).unwrap().len(), before + 1);
}

#[test]
fn drafts_hold_the_exact_text_and_come_back() {
    let (env, mut store, mut app) = setup(10);
    let household = selected(&app);
    press(&mut app, &mut store, &[Action::NewVisit]);
    press(&mut app, &mut store, &typed("儿子在外地务工"));
    press(&mut app, &mut store, &[Action::Type("\n".into())]);
    let draft = store.draft(household).unwrap().unwrap();
    assert!(draft.content.contains("儿子在外地务工"));
    // The window closes without saving (a crash): a new interface offers the draft.
    drop(app);
    drop(store);
    let mut store = env.open();
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    assert!(
        matches!(app.overlay, Some(crate::ui::app::Overlay::Drafts(ref d, 0)) if d.len() == 1),
        "{:?} {:?}",
        app.overlay,
        store.drafts().unwrap().len()
    );
    press(&mut app, &mut store, &[Action::Open]);
    let form = &app.visit.as_ref().unwrap().form;
    assert_eq!(
        form.question(Question::Basics).notes.text(),
        "儿子在外地务工\n"
    );
    assert_eq!(form.household, household);
    let visit_id = form.visit;
    press(
        &mut app,
        &mut store,
        &[
            Action::NothingNew,
            Action::NothingNew,
            Action::NothingNew,
            Action::Save,
        ],
    );
    assert!(app.visit.is_none());
    let visits = store.visits(household).unwrap();
    assert_eq!(visits.iter().filter(|v| v.visit.id == visit_id).count(), 1);
    assert!(store.drafts().unwrap().is_empty());
}

#[test]
fn escape_asks_before_discarding() {
    let (_env, mut store, mut app) = setup(10);
    let household = selected(&app);
    press(&mut app, &mut store, &[Action::NewVisit]);
    press(&mut app, &mut store, &typed("记一下"));
    press(&mut app, &mut store, &[Action::Back]);
    assert_eq!(app.visit.as_ref().unwrap().prompt, Some(Prompt::Discard));
    press(&mut app, &mut store, &[Action::No]);
    assert!(app.visit.is_some());
    assert!(store.draft(household).unwrap().is_some());
    press(&mut app, &mut store, &[Action::Back, Action::Yes]);
    assert!(app.visit.is_none());
    assert!(store.draft(household).unwrap().is_none());
}

#[test]
fn same_as_last_visit_fills_basics() {
    let (_env, mut store, mut app) = setup(20);
    let household = selected(&app);
    let last = store
        .visits(household)
        .unwrap()
        .into_iter()
        .next()
        .unwrap()
        .visit
        .checklist
        .basics;
    press(
        &mut app,
        &mut store,
        &[Action::NewVisit, Action::SameAsLast],
    );
    let form = &app.visit.as_ref().unwrap().form;
    assert_eq!(form.question(Question::Basics).notes.text(), last.notes);
    assert_ne!(
        form.question(Question::Basics).state,
        QuestionState::NotAsked
    );
}

#[test]
fn basics_picks_change_the_household_record_after_review() {
    let (_env, mut store, mut app) = setup(30);
    let idx = app
        .households
        .list
        .view
        .iter()
        .position(|&i| app.households.list.rows[i].member_count >= 2)
        .unwrap();
    app.households.list.cursor.selected = idx;
    let household = selected(&app);
    press(
        &mut app,
        &mut store,
        &[Action::NewVisit, Action::NextField, Action::NextField],
    );
    assert_eq!(app.visit.as_ref().unwrap().form.focus, Focus::Members);
    // Second member moved out; first member a new phone; a new person.
    press(
        &mut app,
        &mut store,
        &[Action::Down, Action::MoveOut, Action::Up, Action::NewPhone],
    );
    press(&mut app, &mut store, &typed("13912345678"));
    press(&mut app, &mut store, &[Action::Back, Action::AddMember]);
    press(&mut app, &mut store, &typed("王小宝"));
    press(&mut app, &mut store, &[Action::Back, Action::Save]);
    let Some(Prompt::Review(lines)) = app.visit.as_ref().unwrap().prompt.clone() else {
        panic!(
            "no review: {:?}",
            app.visit.as_ref().map(|v| (&v.prompt, &v.error))
        )
    };
    assert_eq!(lines.len(), 3, "{lines:?}");
    press(&mut app, &mut store, &[Action::Yes]);
    assert!(
        app.visit.is_none(),
        "{:?}",
        app.visit.as_ref().map(|v| &v.error)
    );
    let members = store.members(household).unwrap();
    assert_eq!(members[0].phone.as_ref().unwrap().as_str(), "13912345678");
    assert_eq!(members[1].status, MemberStatus::MovedOut);
    assert!(members.iter().any(|m| m.name == "王小宝"));
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

/// Enter after `p` keeps the member list; `h` with `Tab` adds a category (重病) that changes the
/// household's cadence, and the card shows it.
#[test]
fn a_health_change_adds_a_category_and_the_cadence_follows() {
    let (_env, mut store, mut app) = setup(30);
    let idx = app
        .households
        .list
        .view
        .iter()
        .position(|&i| {
            let r = &app.households.list.rows[i];
            r.tags.is_empty() && r.member_count >= 1
        })
        .unwrap();
    app.households.list.cursor.selected = idx;
    let household = selected(&app);
    let before = app.policy.interval(&[]);
    press(
        &mut app,
        &mut store,
        &[Action::NewVisit, Action::NextField, Action::NextField],
    );
    press(&mut app, &mut store, &[Action::NewPhone]);
    press(&mut app, &mut store, &typed("13912345678"));
    press(&mut app, &mut store, &[Action::Open]);
    let form = &app.visit.as_ref().unwrap().form;
    assert_eq!(
        form.focus,
        Focus::Members,
        "Enter after p stays on the list"
    );
    assert!(form.member_edit.is_none());
    press(&mut app, &mut store, &[Action::HealthNote]);
    press(&mut app, &mut store, &typed("确诊肺癌，卧床"));
    press(&mut app, &mut store, &[Action::NextField]);
    // Strictest first: 独居老人 (7 days), then 重病 (14).
    press(&mut app, &mut store, &[Action::Right, Action::Right]);
    let form = &app.visit.as_ref().unwrap().form;
    assert_eq!(form.members[0].tag.as_deref(), Some("重病"));
    press(&mut app, &mut store, &[Action::Open, Action::Save]);
    let Some(Prompt::Review(lines)) = app.visit.as_ref().unwrap().prompt.clone() else {
        panic!("no review")
    };
    assert!(lines.iter().any(|l| l.contains("重病")), "{lines:?}");
    press(&mut app, &mut store, &[Action::Yes]);
    assert!(
        app.visit.is_none(),
        "{:?}",
        app.visit.as_ref().map(|v| &v.error)
    );
    let members = store.members(household).unwrap();
    assert!(members[0].tags.iter().any(|t| t.as_str() == "重病"));
    assert!(members[0].note.contains("确诊肺癌"));
    let card = app.households.card.as_ref().unwrap();
    assert!(
        card.members
            .iter()
            .any(|m| m.tags.iter().any(|t| t.as_str() == "重病")),
        "the card shows the new category"
    );
    let row = store.household_row(household).unwrap().unwrap();
    assert!(app.policy.interval(&row.tags) < before);
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn amending_a_visit_keeps_both_versions() {
    let (_env, mut store, mut app) = setup(20);
    let household = selected(&app);
    press(
        &mut app,
        &mut store,
        &[Action::Open, Action::NextField, Action::NextField],
    );
    let original = app.households.card.as_ref().unwrap().visits[0].clone();
    press(&mut app, &mut store, &[Action::Edit]);
    let form = &app.visit.as_ref().unwrap().form;
    assert_eq!(form.corrects, Some(original.current_version));
    assert_eq!(form.visit, original.visit.id);
    press(&mut app, &mut store, &[Action::End]);
    press(&mut app, &mut store, &typed("（补记：已联系家属）"));
    press(&mut app, &mut store, &[Action::Save]);
    assert!(matches!(
        app.visit.as_ref().unwrap().prompt,
        Some(Prompt::Reason(_))
    ));
    press(&mut app, &mut store, &[Action::Open]);
    assert!(
        app.visit.as_ref().unwrap().error.is_some(),
        "an empty reason is refused"
    );
    press(&mut app, &mut store, &typed("漏记内容"));
    press(&mut app, &mut store, &[Action::Open]);
    assert!(
        app.visit.is_none(),
        "{:?}",
        app.visit.as_ref().map(|v| (&v.error, &v.prompt))
    );
    let versions = store.visit_versions(original.visit.id).unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[1].corrects, Some(original.current_version));
    assert_eq!(versions[1].reason, "漏记内容");
    assert!(
        versions[1]
            .visit
            .checklist
            .basics
            .notes
            .ends_with("（补记：已联系家属）")
    );
    let shown = &store.visits(household).unwrap()[0];
    assert_eq!(shown.versions, 2);
    let amend_ops = sql_rows(
        store.path(),
        "SELECT count(*) FROM ops WHERE type = 'visit.amend'",
    );
    assert_eq!(amend_ops[0][0], "1");
}
