//! What the interface's tests share: a temp dir with a database and a config dir, the demo
//! community, an interface on it, keys pressed, the screen as text, the test team.

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime};

use crate::i18n::Lang;
use crate::oplog::cert::{CertBody, Certificate, Role};
use crate::store::team::Team;
use crate::store::{FixedClock, IdSource, OpenOptions, Store};
use crate::sync::keys::DeviceKeys;
use crate::ui::action::Action;
use crate::ui::app::App;

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("grid.db")
    }

    pub fn config_dir(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    pub fn opts(&self) -> OpenOptions {
        OpenOptions {
            path: self.db(),
            config_dir: self.config_dir(),
            label: Some("测试设备".into()),
        }
    }

    pub fn open_at(&self, now: NaiveDateTime) -> Store {
        Store::open_with(
            &self.opts(),
            Box::new(FixedClock::at(now)),
            IdSource::Random,
        )
        .expect("open store")
    }

    pub fn open(&self) -> Store {
        self.open_at(now())
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn now() -> NaiveDateTime {
    date(2026, 11, 23).and_hms_opt(10, 0, 0).expect("time")
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

/// A demo community written into `env`'s database with "now" fixed at [`now()`].
pub fn demo_store(env: &Env, households: usize) -> Store {
    use crate::demo::{self, DemoOptions};
    let today = now().date();
    let clock = std::rc::Rc::new(FixedClock::at(demo::start_time(today)));
    let mut store =
        Store::open_with(&env.opts(), Box::new(clock.clone()), IdSource::seeded(7)).expect("open");
    demo::generate(
        &mut store,
        &clock,
        &DemoOptions {
            households,
            seed: 1,
            today,
        },
        &crate::config::Config::default(),
        &mut |_, _, _| {},
    )
    .expect("demo");
    drop(store);
    env.open()
}

/// An interface state on `store`, with the lookup index built.
pub fn app_for(store: &mut Store, lang: Lang, size: (u16, u16)) -> App {
    let mut app =
        crate::ui::new_app(store, crate::config::Config::default(), lang, size).expect("app");
    let started = std::time::Instant::now();
    while app.index.is_none() {
        assert!(
            started.elapsed().as_secs() < 60,
            "index never finished: {:?}",
            app.index_error
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        crate::ui::update::update(&mut app, Action::Tick, store);
    }
    app
}

/// Applies actions in order, following up chained actions.
pub fn press(app: &mut App, store: &mut Store, actions: &[Action]) {
    for a in actions {
        let mut next = Some(a.clone());
        while let Some(action) = next {
            next = crate::ui::update::update(app, action, store);
        }
    }
}

/// The screen for `app` at its size, as text.
pub fn screen(app: &App) -> String {
    let backend = ratatui::backend::TestBackend::new(app.size.0, app.size.1);
    let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
    terminal
        .draw(|f| crate::ui::views::render(f, app))
        .expect("draw");
    crate::ui::snapshot::text(terminal.backend().buffer())
}

/// The actions of typing `s` one character at a time.
pub fn typed(s: &str) -> Vec<Action> {
    s.chars().map(|c| Action::Type(c.to_string())).collect()
}

/// The team the tests' devices join: one fixed key, so devices made by one test trust each
/// other as a real team's devices do.
pub mod team {
    use super::*;

    pub fn team_key() -> ed25519_dalek::SigningKey {
        ed25519_dalek::SigningKey::from_bytes(&[42u8; 32])
    }

    pub fn team() -> Team {
        Team {
            pk: team_key().verifying_key().to_bytes(),
            name: "测试社区".into(),
        }
    }

    /// A certificate of the test team for `keys`' device.
    pub fn certificate(
        keys: &DeviceKeys,
        label: &str,
        role: Role,
        grids: &[&str],
        issued: u64,
    ) -> Certificate {
        CertBody {
            team: hex::encode(team().pk),
            team_name: team().name,
            device: keys.device,
            label: label.into(),
            grids: grids.iter().map(|g| g.to_string()).collect(),
            role,
            sign_pk: hex::encode(keys.sign_pk()),
            age_pk: keys.recipient(),
            issued,
        }
        .sign(&team_key())
    }

    /// Makes `store`'s device a member of the test team with `role`.
    pub fn join_team(store: &mut Store, label: &str, role: Role, grids: &[&str]) -> Certificate {
        let keys = crate::sync::keys::ensure(store).expect("keys");
        let issued =
            crate::oplog::hlc::tick(store.last_hlc().expect("hlc"), store.clock().now_ms());
        let cert = certificate(&keys, label, role, grids, issued);
        store
            .write(|w| {
                w.set_team(&team())?;
                w.certify(&cert)
            })
            .expect("join");
        cert
    }
}

/// Runs a SQL query on the file directly (behind the store's back) and returns rows as text.
pub fn sql_rows(db: &std::path::Path, sql: &str) -> Vec<Vec<String>> {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    let mut stmt = conn.prepare(sql).expect("prepare");
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(match v {
                    rusqlite::types::Value::Null => "NULL".to_string(),
                    rusqlite::types::Value::Integer(i) => i.to_string(),
                    rusqlite::types::Value::Real(f) => f.to_string(),
                    rusqlite::types::Value::Text(t) => t,
                    rusqlite::types::Value::Blob(b) => format!("{b:?}"),
                })
            })
            .collect()
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}
