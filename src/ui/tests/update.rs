//! `update()` driven by action sequences, without a terminal: key sequences → state.

#![allow(clippy::unwrap_used)]

use super::support::*;
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::app::{Overlay, Tab};
use crate::ui::card::Section;
use crate::ui::list::{Filter, Sort};

#[test]
fn search_by_initials_opens_the_card_and_reveals() {
    let env = Env::new();
    let mut store = demo_store(&env, 120);
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    let first = app.households.list.rows[app.households.list.view[0]].clone();
    press(&mut app, &mut store, &[Action::Search]);
    assert!(app.households.search.focused);
    assert!(app.typing());
    press(&mut app, &mut store, &typed(&first.head));
    assert!(!app.households.search.hits.is_empty());
    assert!(app.households.search.hits.iter().any(|h| h.id == first.id));
    // Command keys typed into the box are text: 'q' does not quit.
    press(&mut app, &mut store, &typed("q"));
    assert!(!app.quit);
    press(&mut app, &mut store, &[Action::Backspace]);
    let pos = app
        .households
        .search
        .hits
        .iter()
        .position(|h| h.id == first.id)
        .unwrap();
    for _ in 0..pos {
        press(&mut app, &mut store, &[Action::Down]);
    }
    press(&mut app, &mut store, &[Action::Open]);
    let card = app.households.card.as_ref().unwrap();
    assert_eq!(card.household.id, first.id);
    assert!(!card.reveal);
    press(&mut app, &mut store, &[Action::Reveal]);
    assert!(app.households.card.as_ref().unwrap().reveal);
    press(
        &mut app,
        &mut store,
        &[Action::NextField, Action::NextField],
    );
    assert_eq!(
        app.households.card.as_ref().unwrap().section,
        Section::Visits
    );
    press(&mut app, &mut store, &[Action::Back]);
    assert!(app.households.card.is_none());
    // Esc clears the query, a second leaves the box.
    press(&mut app, &mut store, &[Action::Search, Action::Back]);
    assert!(!app.households.search.active());
    assert!(!app.households.search.focused);
    press(&mut app, &mut store, &[Action::Quit]);
    assert!(app.quit);
}

#[test]
fn sort_and_filter_change_the_view() {
    let env = Env::new();
    let mut store = demo_store(&env, 120);
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    let all = app.households.list.view.len();
    assert_eq!(all, 120);
    press(&mut app, &mut store, &[Action::Sort]);
    assert_eq!(app.households.list.sort, Sort::SinceVisit);
    let today = app.today();
    let days: Vec<i64> = app
        .households
        .list
        .view
        .iter()
        .map(|&i| {
            app.households.list.rows[i]
                .last_visit
                .map_or(i64::MAX, |d| (today - d).num_days())
        })
        .collect();
    assert!(
        days.windows(2).all(|w| w[0] >= w[1]),
        "not sorted by days since visit"
    );
    press(&mut app, &mut store, &[Action::Filter]);
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("no picker")
    };
    let overdue_at = p
        .items
        .iter()
        .position(|(_, f)| *f == crate::ui::app::Pick::Households(Filter::Overdue))
        .unwrap();
    for _ in 0..overdue_at {
        press(&mut app, &mut store, &[Action::Down]);
    }
    press(&mut app, &mut store, &[Action::Open]);
    assert_eq!(app.households.list.filter, Filter::Overdue);
    assert!(app.households.list.view.len() < all);
    assert!(app.overlay.is_none());
}

#[test]
fn adding_a_household_and_its_head_goes_through_the_op_log() {
    let env = Env::new();
    let mut store = demo_store(&env, 30);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    let ops_before = store.op_count().unwrap();
    press(&mut app, &mut store, &[Action::AddHousehold]);
    let Some(Overlay::Form(_)) = &app.overlay else {
        panic!("no form")
    };
    // grid, compound, building, unit are prefilled from the selection; type the room.
    press(
        &mut app,
        &mut store,
        &[
            Action::NextField,
            Action::NextField,
            Action::NextField,
            Action::NextField,
        ],
    );
    press(&mut app, &mut store, &typed("1808"));
    press(&mut app, &mut store, &[Action::Save]);
    // The head's form follows.
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("no head form: {:?}", app.status)
    };
    assert_eq!(form.fields[0].value(), "");
    press(&mut app, &mut store, &typed("欧阳秀英"));
    press(
        &mut app,
        &mut store,
        &[Action::NextField, Action::NextField, Action::NextField],
    );
    press(&mut app, &mut store, &typed("520323195006266279"));
    press(&mut app, &mut store, &[Action::Save]);
    // A wrong ID number (male code, but the form has a female head) would be refused; this one
    // is a man's number and the sex was left blank, so it is filled from the number.
    assert!(app.overlay.is_none(), "{:?}", app.overlay);
    let card = app.households.card.as_ref().unwrap();
    assert_eq!(card.members.len(), 1);
    assert_eq!(card.members[0].name, "欧阳秀英");
    assert_eq!(card.members[0].gender, Some(crate::domain::Gender::Male));
    assert_eq!(store.op_count().unwrap(), ops_before + 2);
    assert!(
        app.households
            .list
            .rows
            .iter()
            .any(|r| r.head == "欧阳秀英")
    );
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn a_bad_id_number_keeps_the_form_open_with_a_message() {
    let env = Env::new();
    let mut store = demo_store(&env, 20);
    let mut app = app_for(&mut store, Lang::En, (100, 30));
    press(&mut app, &mut store, &[Action::Open, Action::AddMember]);
    press(&mut app, &mut store, &typed("王小明"));
    press(
        &mut app,
        &mut store,
        &[Action::NextField, Action::NextField, Action::NextField],
    );
    press(&mut app, &mut store, &typed("520323197201315857"));
    let before = store.op_count().unwrap();
    press(&mut app, &mut store, &[Action::Save]);
    let Some(Overlay::Form(form)) = &app.overlay else {
        panic!("form closed")
    };
    assert!(
        form.error.as_deref().unwrap_or("").contains("check digit"),
        "{:?}",
        form.error
    );
    assert_eq!(store.op_count().unwrap(), before);
    // Esc discards.
    press(&mut app, &mut store, &[Action::Back]);
    assert!(app.overlay.is_none());
}

#[test]
fn moving_a_member_out_and_archiving_ask_first() {
    let env = Env::new();
    let mut store = demo_store(&env, 20);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    let idx = app
        .households
        .list
        .view
        .iter()
        .position(|&i| app.households.list.rows[i].member_count >= 2)
        .unwrap();
    app.households.list.cursor.selected = idx;
    press(
        &mut app,
        &mut store,
        &[Action::Open, Action::Down, Action::MoveOut],
    );
    assert!(matches!(app.overlay, Some(Overlay::Confirm(_))));
    press(&mut app, &mut store, &[Action::No]);
    assert!(app.overlay.is_none());
    let before = app.households.card.as_ref().unwrap().row.member_count;
    press(&mut app, &mut store, &[Action::MoveOut, Action::Yes]);
    assert_eq!(
        app.households.card.as_ref().unwrap().row.member_count,
        before - 1
    );
    press(&mut app, &mut store, &[Action::Archive, Action::Yes]);
    assert!(app.households.card.as_ref().unwrap().household.archived);
    press(&mut app, &mut store, &[Action::Back]);
    let archived = app.households.card.is_none()
        && !app
            .households
            .list
            .view
            .iter()
            .any(|&i| app.households.list.rows[i].archived);
    assert!(archived, "archived households leave the list");
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn tabs_switch_and_come_back() {
    let env = Env::new();
    let mut store = demo_store(&env, 10);
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    press(&mut app, &mut store, &[Action::TabFigures]);
    assert_eq!(app.tab, Tab::Figures);
    press(&mut app, &mut store, &[Action::Back]);
    assert_eq!(app.tab, Tab::Households);
    press(&mut app, &mut store, &[Action::Help]);
    assert!(matches!(app.overlay, Some(Overlay::Help)));
    press(&mut app, &mut store, &[Action::Quit]);
    assert!(app.overlay.is_none());
    assert!(!app.quit, "q closes the help first");
}

#[test]
fn importing_a_roster_from_the_households_tab_previews_then_imports() {
    let env = Env::new();
    let mut store = env.open();
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    assert!(app.households.list.rows.is_empty());
    let messy =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample_messy.csv");
    let copy = env.path("台账.csv");
    std::fs::copy(&messy, &copy).unwrap();
    press(&mut app, &mut store, &[Action::ImportRoster]);
    assert!(app.typing());
    press(&mut app, &mut store, &typed(copy.to_str().unwrap()));
    press(&mut app, &mut store, &[Action::Open]);
    let Some(Overlay::Import(screen)) = &app.overlay else {
        panic!("no import screen")
    };
    let crate::ui::roster_import::ImportStep::Preview { report, plan, .. } = &screen.step else {
        panic!("no preview: {:?}", screen.error)
    };
    assert!(report.dry_run);
    assert_eq!(report.households_created, 106);
    assert_eq!(plan.rejected_rows().len(), 3);
    // Nothing written by the preview.
    assert_eq!(store.counts().unwrap().households, 0);
    press(&mut app, &mut store, &[Action::Yes]);
    assert!(app.overlay.is_none());
    assert_eq!(store.counts().unwrap().households, 106);
    assert_eq!(store.counts().unwrap().members, 301);
    assert_eq!(app.households.list.view.len(), 106);
    assert!(crate::roster::rejected_path(&copy).exists());
    // The same file again: nothing to import.
    press(&mut app, &mut store, &[Action::ImportRoster]);
    press(&mut app, &mut store, &typed(copy.to_str().unwrap()));
    press(&mut app, &mut store, &[Action::Open]);
    let ops = store.op_count().unwrap();
    press(&mut app, &mut store, &[Action::Yes]);
    assert_eq!(store.op_count().unwrap(), ops);
    // A missing file is a message, not a crash.
    press(&mut app, &mut store, &[Action::ImportRoster]);
    press(&mut app, &mut store, &typed("/no/such/file.xlsx"));
    press(&mut app, &mut store, &[Action::Open]);
    let Some(Overlay::Import(screen)) = &app.overlay else {
        panic!("closed")
    };
    assert!(screen.error.is_some());
    press(&mut app, &mut store, &[Action::Back]);
    assert!(app.overlay.is_none());
}

#[test]
fn the_board_takes_a_request_around_its_loop() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (120, 40));
    press(&mut app, &mut store, &[Action::TabRequests]);
    assert_eq!(app.tab, Tab::Requests);
    // Find an open request (status open) in the unresolved view.
    let pos = app
        .requests
        .shown
        .iter()
        .position(|&i| app.requests.rows[i].request.stage.status == crate::domain::Status::Open)
        .expect("an open request");
    app.requests.cursor.selected = pos;
    let id = app.requests.selected_row().unwrap().request.id;
    let before = app.requests.counts.by_status;
    // Feedback before resolution is refused when the key is pressed, with a reason: no dialog
    // opens and nothing is written.
    let ops = store.op_count().unwrap();
    press(&mut app, &mut store, &[Action::Feedback]);
    assert!(app.overlay.is_none());
    let (text, _) = app.status.clone().expect("a reason");
    assert!(text.contains("待办"), "{text}");
    assert_eq!(store.op_count().unwrap(), ops);
    // Dispatch to the second department.
    press(&mut app, &mut store, &[Action::Dispatch, Action::Right]);
    press(&mut app, &mut store, &[Action::Save]);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    let r = store.request(id).unwrap().unwrap();
    assert_eq!(r.stage.status, crate::domain::Status::Dispatched);
    assert_eq!(
        r.assignee.as_deref(),
        Some(app.config.departments[1].as_str())
    );
    assert_eq!(app.requests.counts.by_status[1], before[1] + 1);
    // Resolve, feed back, rate.
    let pos = app
        .requests
        .shown
        .iter()
        .position(|&i| app.requests.rows[i].request.id == id)
        .unwrap();
    app.requests.cursor.selected = pos;
    press(&mut app, &mut store, &[Action::Resolve]);
    press(&mut app, &mut store, &typed("已协调处理"));
    press(&mut app, &mut store, &[Action::Save]);
    assert_eq!(
        store.request(id).unwrap().unwrap().stage.status,
        crate::domain::Status::Resolved
    );
    // Resolved requests leave the unresolved view: show all.
    app.requests.view = crate::ui::tabs::requests::View::All;
    app.requests.stale = true;
    app.load_if_stale(crate::ui::effect::Tab::Requests, &mut store);
    app.requests.cursor.selected = app
        .requests
        .shown
        .iter()
        .position(|&i| app.requests.rows[i].request.id == id)
        .unwrap();
    press(&mut app, &mut store, &[Action::Feedback]);
    press(&mut app, &mut store, &typed("已电话告知"));
    press(&mut app, &mut store, &[Action::Save]);
    app.requests.cursor.selected = app
        .requests
        .shown
        .iter()
        .position(|&i| app.requests.rows[i].request.id == id)
        .unwrap();
    press(
        &mut app,
        &mut store,
        &[Action::Rate, Action::Right, Action::Save],
    );
    let r = store.request(id).unwrap().unwrap();
    assert_eq!(r.stage.status, crate::domain::Status::Evaluated);
    assert_eq!(r.rating, Some(crate::domain::Rating::BasicallySatisfied));
    assert_eq!(store.request_events(id).unwrap().len(), 5);
    // Reopen starts round 2.
    app.requests.cursor.selected = app
        .requests
        .shown
        .iter()
        .position(|&i| app.requests.rows[i].request.id == id)
        .unwrap();
    press(&mut app, &mut store, &[Action::Reopen]);
    press(&mut app, &mut store, &typed("居民又反映"));
    press(&mut app, &mut store, &[Action::Save]);
    assert_eq!(store.request(id).unwrap().unwrap().stage.round, 2);
    assert!(store.check(&mut |_, _| {}).unwrap().is_ok());
}

#[test]
fn the_due_tab_opens_a_visit_and_the_household_leaves_the_queue() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::TabDue]);
    let queue = app.due.queue.clone().unwrap();
    assert!(!queue.is_empty());
    let first = queue.households().next().unwrap().id;
    press(&mut app, &mut store, &[Action::NewVisit]);
    assert_eq!(app.tab, Tab::Households);
    assert_eq!(app.visit.as_ref().unwrap().form.household, first);
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
    press(&mut app, &mut store, &[Action::TabDue]);
    let after = app.due.queue.as_ref().unwrap();
    assert_eq!(after.len(), queue.len() - 1);
    assert!(after.households().all(|h| h.id != first));
}

#[test]
fn the_figures_tab_moves_between_months() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::TabFigures]);
    let now_month = app.figures.figures.clone().unwrap();
    assert_eq!(now_month.from, date(2026, 11, 1));
    assert_eq!(now_month.to, date(2026, 11, 23));
    press(&mut app, &mut store, &[Action::PrevPeriod]);
    let october = app.figures.figures.clone().unwrap();
    assert_eq!(
        (october.from, october.to),
        (date(2026, 10, 1), date(2026, 10, 31))
    );
    assert!(october.visits > 0);
    press(
        &mut app,
        &mut store,
        &[Action::NextPeriod, Action::NextPeriod],
    );
    assert_eq!(
        app.figures.figures.as_ref().unwrap().from,
        date(2026, 11, 1),
        "no month after this one"
    );
}

#[test]
fn numbers_show_in_full_when_masking_is_off() {
    let env = Env::new();
    let mut store = demo_store(&env, 5);
    let config = crate::config::Config {
        mask: false,
        ..Default::default()
    };
    let mut app = crate::ui::new_app(&store, config, Lang::Zh, (100, 30)).unwrap();
    press(&mut app, &mut store, &[Action::Open]);
    assert!(app.households.card.as_ref().unwrap().reveal);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::Open]);
    assert!(
        !app.households.card.as_ref().unwrap().reveal,
        "masked by default"
    );
}

/// The roster preview lists every refused row (it stopped at 8) with its reason and what to do
/// in the worker's language, names the rejected-rows file before `y`, and scrolls; the path may
/// come with the quotes a file manager adds.
#[test]
fn the_roster_preview_lists_every_refused_row_in_the_workers_words() {
    let env = Env::new();
    let mut store = env.open();
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    let mut csv = String::from(
        "网格,小区,楼栋,单元,门牌号,户号,姓名,与户主关系,性别,身份证号,联系电话,人员类别,备注\n",
    );
    csv.push_str(
        "第一网格,华家园,18栋,1单元,1201,H00001,王宁,户主,男,520323197201315856,15090996030,,\n",
    );
    // Twenty people whose ID numbers fail their check digit, each in a household of their own.
    for i in 0..20 {
        csv.push_str(&format!(
            "第一网格,华家园,19栋,1单元,{},H1{i:04},住户{i},户主,男,520323197201315857,,,\n",
            101 + i
        ));
    }
    let file = env.path("花名册 12月.csv");
    std::fs::write(&file, csv).unwrap();
    press(&mut app, &mut store, &[Action::ImportRoster]);
    press(
        &mut app,
        &mut store,
        &typed(&format!("'{}'", file.display())),
    );
    press(&mut app, &mut store, &[Action::Open]);
    let Some(Overlay::Import(screen_state)) = &app.overlay else {
        panic!("no import screen: {:?}", app.status)
    };
    let crate::ui::roster_import::ImportStep::Preview {
        path, plan, report, ..
    } = &screen_state.step
    else {
        panic!("no preview: {:?}", screen_state.error)
    };
    assert_eq!(plan.rejected_rows().len(), 20);
    let lines = crate::ui::roster_import::preview_lines(&app, path, plan, report);
    for i in 0..20 {
        let name = format!("住户{i}");
        let line = lines
            .iter()
            .find(|l| l.contains(&name))
            .unwrap_or_else(|| panic!("{name} not listed: {lines:?}"));
        assert!(
            line.contains("身份证号校验位不对") && line.contains("对照身份证"),
            "{line}"
        );
        assert!(!line.contains("id_number_checksum"), "{line}");
    }
    let rejected = crate::roster::rejected_path(&file).display().to_string();
    assert!(lines.iter().any(|l| l.contains(&rejected)), "{lines:?}");
    // At 80×24 the rows do not fit: the preview scrolls to the last one.
    let before = screen(&app);
    assert!(!before.contains("住户19"), "{before}");
    press(&mut app, &mut store, &[Action::End]);
    let after = screen(&app);
    assert!(after.contains("住户19"), "{after}");
    assert!(
        after.contains("y 跳过有问题的行"),
        "the question stays: {after}"
    );
    // Esc leaves without importing.
    press(&mut app, &mut store, &[Action::Back]);
    assert!(app.overlay.is_none());
    assert_eq!(store.counts().unwrap().households, 0);
}
