//! The interface's control layer, driven through `update()` with a real database: no key lands
//! on the wrong household, tabs hand over through effects, one place marks what is stale, and
//! lists keep their cursor across actions.

#![allow(clippy::unwrap_used)]

use super::support::*;
use crate::domain::Status;
use crate::i18n::Lang;
use crate::ui::action::Action;
use crate::ui::app::{Overlay, Severity, Tab};
use crate::ui::tabs::requests::View;

/// From the card, `/` starts a fresh lookup: the letters after it are the query, never
/// commands (`n` used to open a visit on the card's household and the rest went into its
/// notes).
#[test]
fn slash_on_the_card_starts_a_lookup_and_no_letter_runs_as_a_command() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    let ops_before = store.unsynced_count().unwrap();
    press(&mut app, &mut store, &[Action::Open]);
    assert!(app.households.card.is_some());
    press(&mut app, &mut store, &[Action::Search]);
    press(&mut app, &mut store, &typed("wangchao"));
    assert!(app.visit.is_none(), "no visit was opened");
    assert!(app.households.card.is_none());
    assert_eq!(app.tab, Tab::Households);
    assert!(app.households.search.focused);
    assert_eq!(app.households.search.input.text(), "wangchao");
    assert!(app.overlay.is_none());
    assert_eq!(
        store.unsynced_count().unwrap(),
        ops_before,
        "nothing was written"
    );
    assert!(
        store.drafts().unwrap().is_empty(),
        "nothing went into a draft"
    );
}

/// The same from every other tab, and the query starts fresh each time.
#[test]
fn slash_starts_a_fresh_lookup_from_every_tab() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::En, (100, 30));
    press(&mut app, &mut store, &[Action::Search]);
    press(&mut app, &mut store, &typed("li"));
    for tab in [Action::TabDue, Action::TabFigures, Action::TabSync] {
        press(&mut app, &mut store, &[Action::Back, Action::Back, tab]);
        press(&mut app, &mut store, &[Action::Search]);
        assert_eq!(app.tab, Tab::Households);
        assert!(app.households.search.focused);
        assert_eq!(app.households.search.input.text(), "", "a fresh query");
        press(&mut app, &mut store, &typed("nxw"));
        assert!(app.visit.is_none() && app.overlay.is_none());
        assert_eq!(app.households.search.input.text(), "nxw");
    }
    // `1` from a card shows the list.
    press(
        &mut app,
        &mut store,
        &[Action::Back, Action::Back, Action::Open],
    );
    assert!(app.households.card.is_some());
    press(&mut app, &mut store, &[Action::TabHouseholds]);
    assert!(app.households.card.is_none());
}

/// A visit started from the route returns to the route with the next household selected;
/// `Esc` on a card opened from the route goes back to the route.
#[test]
fn the_route_comes_back_after_a_visit_with_the_next_household_selected() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::TabDue]);
    let queue = app.due.queue.clone().unwrap();
    let ids: Vec<_> = queue.households().map(|h| h.id).collect();
    assert!(ids.len() >= 3);
    press(&mut app, &mut store, &[Action::Down]);
    assert_eq!(app.due.selected_household(), Some(ids[1]));
    // Open and come back.
    press(&mut app, &mut store, &[Action::Open]);
    assert_eq!(app.tab, Tab::Households);
    assert_eq!(app.households.card.as_ref().unwrap().household.id, ids[1]);
    press(&mut app, &mut store, &[Action::Back]);
    assert_eq!(app.tab, Tab::Due);
    assert!(app.households.card.is_none());
    // Visit and save: back on the route, the next household selected.
    press(&mut app, &mut store, &[Action::NewVisit]);
    assert_eq!(app.visit.as_ref().unwrap().form.household, ids[1]);
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
    assert!(app.visit.is_none());
    assert_eq!(app.tab, Tab::Due, "back on the route");
    assert_eq!(app.due.selected_household(), Some(ids[2]));
    assert!(
        app.due
            .queue
            .as_ref()
            .unwrap()
            .households()
            .all(|h| h.id != ids[1])
    );
}

/// The requests tab refuses a step the request is not ready for when the key is pressed,
/// before any dialog opens; `l` shows the requests whose loop is open; resolved requests stay
/// in the default view for their feedback and rating.
#[test]
fn requests_refuse_early_steps_and_show_open_loops_in_one_key() {
    let env = Env::new();
    let mut store = demo_store(&env, 120);
    let mut app = app_for(&mut store, Lang::Zh, (120, 40));
    press(&mut app, &mut store, &[Action::TabRequests]);
    assert_eq!(app.requests.view, View::ToDo);
    let status_at = |app: &crate::ui::app::App, i: usize| {
        app.requests.rows[app.requests.shown[i]]
            .request
            .stage
            .status
    };
    assert!(
        (0..app.requests.shown.len()).any(|i| status_at(&app, i) == Status::FedBack),
        "fed-back requests wait for their rating in the default view"
    );
    let fed = (0..app.requests.shown.len())
        .find(|&i| status_at(&app, i) == Status::FedBack)
        .unwrap();
    for _ in 0..fed {
        press(&mut app, &mut store, &[Action::Down]);
    }
    let id = app.requests.selected_row().unwrap().request.id;
    press(&mut app, &mut store, &[Action::Dispatch]);
    assert!(
        app.overlay.is_none(),
        "no dialog for a step that cannot be taken"
    );
    assert!(matches!(app.status, Some((_, Severity::Error))));
    // Rating is the next step: its dialog opens, and after it the selection stays put.
    press(&mut app, &mut store, &[Action::Rate]);
    assert!(matches!(app.overlay, Some(Overlay::Form(_))));
    press(&mut app, &mut store, &[Action::Save]);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    assert_eq!(
        store.request(id).unwrap().unwrap().stage.status,
        Status::Evaluated
    );
    // `l`: only the loops to close, and back.
    press(&mut app, &mut store, &[Action::OpenLoops]);
    assert_eq!(app.requests.view, View::LoopOpen);
    assert!(
        (0..app.requests.shown.len())
            .all(|i| matches!(status_at(&app, i), Status::Resolved | Status::FedBack))
    );
    press(&mut app, &mut store, &[Action::OpenLoops]);
    assert_eq!(app.requests.view, View::ToDo);
    // Menus take Home and End.
    press(&mut app, &mut store, &[Action::Filter, Action::End]);
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("no picker")
    };
    assert_eq!(p.selected, p.items.len() - 1);
    press(&mut app, &mut store, &[Action::Home]);
    let Some(Overlay::Picker(p)) = &app.overlay else {
        panic!("no picker")
    };
    assert_eq!(p.selected, 0);
}

/// Moving up from a scrolled list moves the highlight, not the list; the offset is kept across
/// frames.
#[test]
fn moving_up_in_a_scrolled_list_moves_the_highlight() {
    let env = Env::new();
    let mut store = demo_store(&env, 120);
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    let page = crate::ui::layout::household_rows(app.size);
    for _ in 0..page + 5 {
        press(&mut app, &mut store, &[Action::Down]);
    }
    let offset = app.households.list.cursor.offset;
    assert!(offset > 0);
    let top_before = screen(&app).lines().nth(3).unwrap().to_string();
    press(&mut app, &mut store, &[Action::Up]);
    assert_eq!(
        app.households.list.cursor.offset, offset,
        "the list did not move"
    );
    assert_eq!(screen(&app).lines().nth(3).unwrap(), top_before);
    // PageDown moves by what is on screen.
    let at = app.households.list.cursor.selected;
    press(&mut app, &mut store, &[Action::PageDown]);
    assert_eq!(app.households.list.cursor.selected, at + page);
}

/// Settling a review item or importing from the interface marks every tab stale through the
/// one `invalidate`: the due queue shown next is read again.
#[test]
fn a_write_from_any_tab_reaches_the_due_queue_and_the_figures() {
    let env = Env::new();
    let mut store = demo_store(&env, 60);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::TabDue, Action::TabFigures]);
    assert!(!app.due.stale && !app.figures.stale);
    app.apply(
        crate::ui::effect::Effects::one(crate::ui::effect::Effect::Changed(
            crate::ui::effect::Changed::Everything,
        )),
        &mut store,
    );
    assert!(app.due.stale && app.requests.stale);
    assert!(!app.figures.stale, "the tab on screen read again at once");
    press(&mut app, &mut store, &[Action::TabDue]);
    assert!(!app.due.stale, "read again when shown");
}

/// Draws `app` and says whether the terminal's caret shows, and where.
fn caret(app: &crate::ui::app::App) -> (bool, (u16, u16)) {
    let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|f| crate::ui::views::render(f, app)).unwrap();
    let p = terminal.backend().cursor_position();
    (terminal.backend().cursor_visible(), (p.x, p.y))
}

/// The help covers the visit form completely: the form's caret does not blink through it.
#[test]
fn the_help_over_the_visit_form_hides_the_forms_caret() {
    let env = Env::new();
    let mut store = demo_store(&env, 30);
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(&mut app, &mut store, &[Action::NewVisit]);
    assert!(caret(&app).0, "the notes show their caret");
    press(&mut app, &mut store, &[Action::Help]);
    assert!(matches!(app.overlay, Some(Overlay::Help)));
    assert!(!caret(&app).0, "no caret under the help");
    press(&mut app, &mut store, &[Action::Back]);
    assert!(caret(&app).0);
}

/// A single-line field scrolls: what is typed at its end stays visible (a stray space in the
/// date used to push the rest out of sight).
#[test]
fn a_long_single_line_field_keeps_the_caret_and_the_typed_text_in_view() {
    let env = Env::new();
    let mut store = demo_store(&env, 30);
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    press(&mut app, &mut store, &[Action::NewVisit]);
    // Back from the first notes to the date: companions, visitor, mode, date.
    press(&mut app, &mut store, &vec![Action::PrevField; 4]);
    assert_eq!(
        app.visit.as_ref().unwrap().form.focus,
        crate::ui::visit_form::Focus::Date
    );
    press(&mut app, &mut store, &[Action::End]);
    press(&mut app, &mut store, &typed("  上午十点左右入户ZQ"));
    let shown = screen(&app);
    assert!(
        shown.contains("ZQ"),
        "the end of what was typed shows: {shown}"
    );
    let (visible, (x, _)) = caret(&app);
    assert!(visible && x < 80);
    // In the lookup box too.
    press(&mut app, &mut store, &[Action::Back, Action::Yes]);
    press(&mut app, &mut store, &[Action::Back, Action::Search]);
    press(&mut app, &mut store, &typed(&"幸福小区".repeat(12)));
    press(&mut app, &mut store, &typed("ZQ"));
    let top = screen(&app).lines().nth(1).unwrap_or("").to_string();
    assert!(top.contains("ZQ"), "the query's end shows: {top}");
}

/// At 80×24 the figures scroll to their last table instead of dropping it; every category the
/// policy has shows, 0 households included.
#[test]
fn the_figures_scroll_on_a_small_screen_and_list_every_policy_tag() {
    let env = Env::new();
    let mut store = env.open();
    // One household, nobody in any category.
    let h = store
        .write(|w| {
            let h = w.create_household(&crate::store::households::NewHousehold {
                grid: "第一网格".into(),
                address: crate::domain::Address::new("幸福小区", "3", "2", "401"),
                household_no: String::new(),
                note: String::new(),
            })?;
            w.add_member(
                h,
                &crate::store::households::NewMember {
                    name: "王建华".into(),
                    relation: crate::domain::Relation::Head,
                    gender: None,
                    birth: None,
                    id_number: None,
                    phone: None,
                    tags: Vec::new(),
                    note: String::new(),
                },
            )?;
            Ok(h)
        })
        .unwrap();
    let _ = h;
    let mut app = app_for(&mut store, Lang::Zh, (80, 24));
    press(&mut app, &mut store, &[Action::TabFigures]);
    let top = screen(&app);
    assert!(top.contains("上下键翻看更多"), "{top}");
    assert!(!top.contains("五保户"), "the tag table is below: {top}");
    press(
        &mut app,
        &mut store,
        &[Action::PageDown, Action::PageDown, Action::PageDown],
    );
    let bottom = screen(&app);
    assert!(bottom.contains("按人员类别"), "{bottom}");
    let row = bottom
        .lines()
        .find(|l| l.contains("五保户"))
        .unwrap_or_else(|| panic!("五保户 missing: {bottom}"));
    assert!(row.contains('0'), "{row}");
    press(&mut app, &mut store, &[Action::Up]);
    assert_ne!(screen(&app), bottom, "Up scrolls back");
}

/// The due queue's tag column takes the longest tag at 120 columns (留守儿童 30天 was cut).
#[test]
fn the_due_queues_tag_column_fits_its_longest_tag() {
    let env = Env::new();
    let mut store = env.open();
    store
        .write(|w| {
            let h = w.create_household(&crate::store::households::NewHousehold {
                grid: "第一网格".into(),
                address: crate::domain::Address::new("幸福小区", "3", "2", "401"),
                household_no: String::new(),
                note: String::new(),
            })?;
            w.add_member(
                h,
                &crate::store::households::NewMember {
                    name: "王小宝".into(),
                    relation: crate::domain::Relation::Head,
                    gender: None,
                    birth: None,
                    id_number: None,
                    phone: None,
                    tags: vec![crate::domain::Tag::new("留守儿童").unwrap()],
                    note: String::new(),
                },
            )
        })
        .unwrap();
    let mut app = app_for(&mut store, Lang::Zh, (120, 40));
    press(&mut app, &mut store, &[Action::TabDue]);
    let shown = screen(&app);
    assert!(shown.contains("留守儿童 30天"), "{shown}");
}

/// A roster imported from the interface reaches every tab: the due queue read before it is
/// read again.
#[test]
fn a_roster_imported_from_the_interface_marks_the_due_queue_stale() {
    let env = Env::new();
    let mut store = env.open();
    let mut app = app_for(&mut store, Lang::Zh, (100, 30));
    press(
        &mut app,
        &mut store,
        &[Action::TabDue, Action::TabHouseholds],
    );
    assert!(app.due.queue.as_ref().unwrap().is_empty());
    let roster =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/roster_sample.csv");
    press(&mut app, &mut store, &[Action::ImportRoster]);
    press(&mut app, &mut store, &typed(roster.to_str().unwrap()));
    press(&mut app, &mut store, &[Action::Open, Action::Yes]);
    assert!(app.overlay.is_none(), "{:?}", app.status);
    assert!(app.due.stale && app.figures.stale && app.requests.stale);
    press(&mut app, &mut store, &[Action::TabDue]);
    assert!(
        !app.due.queue.as_ref().unwrap().is_empty(),
        "the new households are due"
    );
}
