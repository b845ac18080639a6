//! Renders the main screens from a seeded demo with a fixed clock into SVG files, for the
//! README. `scripts/screenshots.sh` runs this and converts the SVGs to PNG.
//!
//! Usage: `cargo run --release --example screenshots -- OUT_DIR`

use std::path::PathBuf;
use std::rc::Rc;

use chrono::NaiveDate;
use gridbook::config::Config;
use gridbook::demo::{self, DemoOptions};
use gridbook::i18n::Lang;
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};
use gridbook::ui::Session;
use gridbook::ui::action::Action;

const FONT: &str = "WenQuanYi Micro Hei Mono, Noto Sans Mono CJK SC, monospace";

fn shoot(
    app: &Session,
    out: &std::path::Path,
    name: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let svg = app.svg(FONT);
    std::fs::write(out.join(format!("{name}.svg")), svg)?;
    println!("{name}.svg");
    Ok(())
}

fn press(app: &mut Session, store: &mut Store, actions: &[Action]) {
    app.press(store, actions);
}

fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Type(c.to_string())).collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "screenshots".into()),
    );
    std::fs::create_dir_all(&out)?;
    let dir = tempfile::tempdir()?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).ok_or("date")?;
    let opts = OpenOptions {
        path: dir.path().join("demo.db"),
        config_dir: dir.path().join("config"),
        label: Some("演示设备".into()),
    };
    let clock = Rc::new(FixedClock::at(demo::start_time(today)));
    let mut store = Store::open_with(&opts, Box::new(clock.clone()), IdSource::seeded(1))?;
    demo::generate(
        &mut store,
        &clock,
        &DemoOptions {
            households: 600,
            seed: 1,
            today,
        },
        &Config::default(),
        &mut |_, _, _| {},
    )?;
    drop(store);
    let now = today.and_hms_opt(10, 0, 0).ok_or("time")?;
    let mut store = Store::open_with(&opts, Box::new(FixedClock::at(now)), IdSource::Random)?;
    for (lang, suffix) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let config = Config {
            grids: vec!["第一网格".into()],
            worker: "王芳".into(),
            ..Config::default()
        };
        let mut app = Session::new(&store, config, lang, (100, 30))?;
        app.wait_for_index(&mut store, 60)?;
        shoot(&app, &out, &format!("households_{suffix}"))?;
        press(&mut app, &mut store, &[Action::Search]);
        press(&mut app, &mut store, &typed("wjh"));
        shoot(&app, &out, &format!("search_{suffix}"))?;
        press(&mut app, &mut store, &[Action::Open]);
        shoot(&app, &out, &format!("card_{suffix}"))?;
        press(
            &mut app,
            &mut store,
            &[Action::NextField, Action::NextField],
        );
        shoot(&app, &out, &format!("visits_{suffix}"))?;
        press(&mut app, &mut store, &[Action::Help]);
        shoot(&app, &out, &format!("help_{suffix}"))?;
        press(&mut app, &mut store, &[Action::Back, Action::NewVisit]);
        press(
            &mut app,
            &mut store,
            &typed("老人血压偏高，按时服药，精神状态不错。"),
        );
        press(&mut app, &mut store, &[Action::NothingNew]);
        press(
            &mut app,
            &mut store,
            &typed("与对门邻居关系很好，平时互相照应。"),
        );
        press(&mut app, &mut store, &[Action::NothingNew]);
        press(&mut app, &mut store, &typed("楼道灯坏了，晚上出行不便。"));
        press(
            &mut app,
            &mut store,
            &[Action::NextField, Action::NextField],
        );
        for _ in 0..5 {
            press(&mut app, &mut store, &[Action::Down]);
        }
        press(&mut app, &mut store, &[Action::Toggle]);
        shoot(&app, &out, &format!("visit_{suffix}"))?;
        // Leave the form without saving: the screenshots must not change the demo.
        press(
            &mut app,
            &mut store,
            &[Action::Back, Action::Yes, Action::Back, Action::Back],
        );
        press(&mut app, &mut store, &[Action::TabDue]);
        shoot(&app, &out, &format!("due_{suffix}"))?;
        press(&mut app, &mut store, &[Action::TabRequests]);
        shoot(&app, &out, &format!("requests_{suffix}"))?;
        press(&mut app, &mut store, &[Action::TabFigures]);
        shoot(&app, &out, &format!("figures_{suffix}"))?;
        press(&mut app, &mut store, &[Action::TabSync]);
        shoot(&app, &out, &format!("sync_{suffix}"))?;
        press(&mut app, &mut store, &[Action::TabHouseholds]);
    }
    Ok(())
}
