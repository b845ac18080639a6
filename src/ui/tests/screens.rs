//! Screens rendered with ratatui's TestBackend at 80×24 and 120×40, fixed clock, seeded data,
//! checked with insta snapshots (Chinese text included).

#![allow(clippy::unwrap_used)]

use super::support::*;
use crate::domain::{Address, Gender, IdNumber, Relation, Tag};
use crate::i18n::Lang;
use crate::oplog::cert::Role;
use crate::store::Store;
use crate::store::households::{NewHousehold, NewMember};
use crate::ui::action::Action;

/// The demo plus a household with a long address and a name with a middle dot.
fn fixture(env: &Env) -> Store {
    let mut store = demo_store(env, 60);
    store
        .write(|w| {
            let h = w.create_household(&NewHousehold {
                grid: "第一网格".into(),
                address: Address::new("乌鲁木齐市天山区幸福路街道阳光花园东区", "12", "3", "1702"),
                household_no: String::new(),
                note: "门口有狗，先打电话".into(),
            })?;
            w.add_member(
                h,
                &NewMember {
                    name: "买买提·艾力".into(),
                    relation: Relation::Head,
                    gender: Some(Gender::Male),
                    birth: None,
                    id_number: Some(IdNumber::parse("65010219500315231X", now().date()).unwrap()),
                    phone: Some(crate::domain::Phone::parse("13899912345").unwrap()),
                    tags: vec![Tag::new("独居老人").unwrap(), Tag::new("党员").unwrap()],
                    note: String::new(),
                },
            )
        })
        .unwrap();
    store
}

fn shots(lang: Lang, size: (u16, u16), name: &str) {
    let env = Env::new();
    let mut store = fixture(&env);
    let mut app = app_for(&mut store, lang, size);
    insta::assert_snapshot!(format!("{name}_list"), screen(&app));
    press(&mut app, &mut store, &[Action::Search]);
    press(&mut app, &mut store, &typed("mmt"));
    insta::assert_snapshot!(format!("{name}_search"), screen(&app));
    press(&mut app, &mut store, &[Action::Open]);
    insta::assert_snapshot!(format!("{name}_card"), screen(&app));
    press(
        &mut app,
        &mut store,
        &[Action::Back, Action::Back, Action::Back],
    );
    press(
        &mut app,
        &mut store,
        &[
            Action::Down,
            Action::Down,
            Action::Open,
            Action::NextField,
            Action::NextField,
        ],
    );
    insta::assert_snapshot!(format!("{name}_card_visits"), screen(&app));
    press(&mut app, &mut store, &[Action::Help]);
    insta::assert_snapshot!(format!("{name}_help"), screen(&app));
    press(&mut app, &mut store, &[Action::Back, Action::EditHousehold]);
    insta::assert_snapshot!(format!("{name}_form"), screen(&app));
}

#[test]
fn screens_zh_80x24() {
    shots(Lang::Zh, (80, 24), "zh_80x24");
}

#[test]
fn screens_zh_120x40() {
    shots(Lang::Zh, (120, 40), "zh_120x40");
}

#[test]
fn screens_en_80x24() {
    shots(Lang::En, (80, 24), "en_80x24");
}

fn visit_shots(lang: Lang, size: (u16, u16), name: &str) {
    let env = Env::new();
    let mut store = fixture(&env);
    let mut app = app_for(&mut store, lang, size);
    press(
        &mut app,
        &mut store,
        &[Action::Down, Action::Down, Action::NewVisit],
    );
    press(
        &mut app,
        &mut store,
        &typed("老人血压偏高，按时服药，精神状态不错。儿子在外地务工，春节回来。"),
    );
    insta::assert_snapshot!(format!("{name}_visit_basics"), screen(&app));
    press(
        &mut app,
        &mut store,
        &[
            Action::NextField,
            Action::NextField,
            Action::Down,
            Action::MoveOut,
        ],
    );
    insta::assert_snapshot!(format!("{name}_visit_members"), screen(&app));
    press(
        &mut app,
        &mut store,
        &[Action::NothingNew, Action::NothingNew],
    );
    press(&mut app, &mut store, &typed("楼道灯坏了"));
    press(
        &mut app,
        &mut store,
        &[
            Action::NextField,
            Action::NextField,
            Action::Toggle,
            Action::Right,
        ],
    );
    insta::assert_snapshot!(format!("{name}_visit_needs"), screen(&app));
    press(&mut app, &mut store, &[Action::Back]);
    insta::assert_snapshot!(format!("{name}_visit_discard"), screen(&app));
}

#[test]
fn visit_form_zh_80x24() {
    visit_shots(Lang::Zh, (80, 24), "zh_80x24");
}

#[test]
fn visit_form_zh_120x40() {
    visit_shots(Lang::Zh, (120, 40), "zh_120x40");
}

#[test]
fn visit_form_en_80x24() {
    visit_shots(Lang::En, (80, 24), "en_80x24");
}

fn tab_shots(lang: Lang, size: (u16, u16), name: &str) {
    let env = Env::new();
    let mut store = fixture(&env);
    let mut app = app_for(&mut store, lang, size);
    press(&mut app, &mut store, &[Action::TabDue]);
    insta::assert_snapshot!(format!("{name}_due"), screen(&app));
    press(&mut app, &mut store, &[Action::TabRequests]);
    insta::assert_snapshot!(format!("{name}_requests"), screen(&app));
    // The dialog opens only for a request ready to be dispatched: select the first one.
    let ready = app
        .requests
        .shown
        .iter()
        .position(|&i| !app.requests.rows[i].request.stage.status.is_resolved())
        .expect("an unresolved request in the demo");
    for _ in 0..ready {
        press(&mut app, &mut store, &[Action::Down]);
    }
    press(&mut app, &mut store, &[Action::Dispatch]);
    insta::assert_snapshot!(format!("{name}_requests_dispatch"), screen(&app));
    press(&mut app, &mut store, &[Action::Back, Action::TabFigures]);
    insta::assert_snapshot!(format!("{name}_figures"), screen(&app));
    // In a team, with a worker certified for one grid and a laptop that was revoked.
    team::join_team(&mut store, "测试设备", Role::Office, &[]);
    let issued = crate::oplog::hlc::from_millis(1_795_000_000_000);
    for (label, revoke) in [("王芳 第一网格", false), ("丢失的电脑", true)] {
        let keys = crate::sync::keys::DeviceKeys::generate(crate::domain::DeviceId(
            uuid::Uuid::from_u128(if revoke { 2 } else { 1 }),
        ));
        let cert = team::certificate(&keys, label, Role::Worker, &["第一网格"], issued);
        store.write(|w| w.certify(&cert)).unwrap();
        if revoke {
            let r = crate::oplog::cert::RevokeBody {
                team: hex::encode(team::team().pk),
                device: keys.device,
                upto: Default::default(),
                issued,
            }
            .sign(&team::team_key());
            store.write(|w| w.revoke(&r)).unwrap();
        }
    }
    press(&mut app, &mut store, &[Action::TabSync]);
    insta::assert_snapshot!(format!("{name}_sync"), screen(&app));
}

#[test]
fn tabs_zh_80x24() {
    tab_shots(Lang::Zh, (80, 24), "zh_80x24");
}

#[test]
fn tabs_zh_120x40() {
    tab_shots(Lang::Zh, (120, 40), "zh_120x40");
}

#[test]
fn tabs_en_120x40() {
    tab_shots(Lang::En, (120, 40), "en_120x40");
}

#[test]
fn a_new_database_says_how_to_start() {
    let env = Env::new();
    let mut store = env.open();
    let app = app_for(&mut store, Lang::Zh, (80, 24));
    insta::assert_snapshot!("zh_80x24_first_run", screen(&app));
}

#[test]
fn figures_say_none_for_an_empty_rate_and_keep_their_headers_apart() {
    for (lang, none, headers) in [
        (
            Lang::Zh,
            "无",
            [
                "人员类别",
                "走访频次（天）",
                "户数",
                "按频次已访",
                "频次达标率",
            ],
        ),
        (
            Lang::En,
            "n/a",
            [
                "Tag",
                "Every (days)",
                "Households",
                "Within policy",
                "Policy coverage",
            ],
        ),
    ] {
        let env = Env::new();
        let mut store = fixture(&env);
        let mut app = app_for(&mut store, lang, (120, 40));
        press(&mut app, &mut store, &[Action::TabFigures]);
        let screen = screen(&app);
        // The fixture's month has requests, none rated: the satisfaction rate has nothing to
        // divide by (README: "null in JSON and 无 on screen, never 0").
        let rate = screen
            .lines()
            .find(|l| {
                l.contains(if lang == Lang::Zh {
                    "满意率"
                } else {
                    "Satisfaction"
                })
            })
            .unwrap();
        assert!(rate.contains(none) && !rate.contains(" - "), "{rate}");
        // Every column header whole, two cells at least from the next.
        let header = screen.lines().find(|l| l.contains(headers[1])).unwrap();
        for pair in headers.windows(2) {
            let a = header.find(pair[0]).unwrap() + pair[0].len();
            let b = header.find(pair[1]).unwrap();
            assert!(
                header.get(a..b).is_some_and(|gap| gap.starts_with("  ")),
                "{header}"
            );
        }
    }
}
