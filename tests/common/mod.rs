//! Helpers shared by the integration tests: a temp dir with a database and a config dir.

#![allow(dead_code)]

pub mod pty;
pub mod rounds;
pub mod team;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use gridbook::domain::{Address, Gender, IdNumber, Phone, Relation, Tag};
use gridbook::store::households::{NewHousehold, NewMember};
use gridbook::store::{FixedClock, IdSource, OpenOptions, Store};

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

    /// The binary with this env's config dir and database, and a fixed clock.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.binary())
    }

    /// The binary as a plain process, with nothing of the caller's environment: the locale is
    /// pinned to English (`LANG=en_US.UTF-8`, no `LC_ALL`, `LC_MESSAGES` or `LANGUAGE`),
    /// `HOME` is the temp dir, and the config dir, database and clock are this env's.
    pub fn binary(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gridbook"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("LANG", "en_US.UTF-8")
            .env("GRIDBOOK_CONFIG_DIR", self.config_dir())
            .env("GRIDBOOK_DB", self.db())
            .env("GRIDBOOK_NOW", "2026-11-23T10:00:00");
        cmd
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Makes `office` the office of a team (unless it already is one) and enrols each of
    /// `devices` as an office device (it writes every grid), all through the binary as people
    /// do it: `team init`, `team request`, `team enrol --office`, `team join --yes`.
    pub fn form_team(&self, office: &Path, devices: &[&Path]) {
        let config = self.config_dir();
        let with_config: Vec<(&Path, &Path)> =
            devices.iter().map(|d| (*d, config.as_path())).collect();
        self.form_team_at(office, &with_config);
    }

    /// As [`Env::form_team`], for devices whose settings live in config dirs of their own.
    pub fn form_team_at(&self, office: &Path, devices: &[(&Path, &Path)]) {
        let in_team = self
            .binary()
            .arg("--db")
            .arg(office)
            .arg("team")
            .output()
            .expect("team");
        if String::from_utf8_lossy(&in_team.stdout).contains("in no team") {
            self.cmd()
                .arg("--db")
                .arg(office)
                .args(["team", "init", "--name", "测试社区"])
                .assert()
                .success();
        }
        for (i, (device, config)) in devices.iter().enumerate() {
            let request = self.path(&format!("team-request-{i}.json"));
            let cert = self.path(&format!("team-cert-{i}.json"));
            self.cmd()
                .env("GRIDBOOK_CONFIG_DIR", config)
                .arg("--db")
                .arg(device)
                .args(["team", "request", "--out"])
                .arg(&request)
                .assert()
                .success();
            self.cmd()
                .arg("--db")
                .arg(office)
                .args(["team", "enrol"])
                .arg(&request)
                .args(["--office", "--out"])
                .arg(&cert)
                .assert()
                .success();
            self.cmd()
                .env("GRIDBOOK_CONFIG_DIR", config)
                .arg("--db")
                .arg(device)
                .args(["team", "join", "--yes"])
                .arg(&cert)
                .assert()
                .success();
        }
    }
}

pub fn now() -> NaiveDateTime {
    date(2026, 11, 23).and_hms_opt(10, 0, 0).expect("time")
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

pub fn household() -> NewHousehold {
    NewHousehold {
        grid: "第一网格".into(),
        address: Address::new("幸福小区", "3", "2", "401"),
        household_no: String::new(),
        note: String::new(),
    }
}

pub fn member(name: &str, relation: Relation) -> NewMember {
    NewMember {
        name: name.into(),
        relation,
        gender: Some(Gender::Male),
        birth: Some(date(1972, 1, 31)),
        id_number: Some(IdNumber::parse("520323197201315856", date(2026, 1, 1)).expect("id")),
        phone: Some(Phone::parse("15090996030").expect("phone")),
        tags: vec![Tag::new("党员").expect("tag")],
        note: String::new(),
    }
}

/// Runs a SQL query on the file directly (behind the store's back) and returns rows as text.
pub fn sql_rows(db: &Path, sql: &str) -> Vec<Vec<String>> {
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

pub fn sql_exec(db: &Path, sql: &str) {
    let conn = rusqlite::Connection::open(db).expect("open raw");
    conn.execute_batch(sql).expect("exec");
}

/// Writes the seed-1 demo (600 households, a year to GRIDBOOK_NOW) into this env's database.
pub fn write_demo(env: &Env) {
    env.cmd()
        .args(["demo", "--no-tui", "--seed", "1", "--db"])
        .arg(env.db())
        .assert()
        .success();
}

/// A demo community written into `env`'s database with "now" fixed at [`now()`].
pub fn demo_store(env: &Env, households: usize) -> Store {
    use gridbook::demo::{self, DemoOptions};
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
        &gridbook::config::Config::default(),
        &mut |_, _, _| {},
    )
    .expect("demo");
    drop(store);
    env.open()
}

/// An interface on `store`, with the lookup index built.
pub fn app_for(
    store: &mut Store,
    lang: gridbook::i18n::Lang,
    size: (u16, u16),
) -> gridbook::ui::Session {
    let mut session =
        gridbook::ui::Session::new(store, gridbook::config::Config::default(), lang, size)
            .expect("interface");
    session.wait_for_index(store, 60).expect("index");
    session
}

/// Applies actions in order, following up chained actions.
pub fn press(
    session: &mut gridbook::ui::Session,
    store: &mut Store,
    actions: &[gridbook::ui::action::Action],
) {
    session.press(store, actions);
}

/// The screen at the interface's size, as text.
pub fn screen(session: &gridbook::ui::Session) -> String {
    session.screen()
}

/// The actions of typing `s` one character at a time.
pub fn typed(s: &str) -> Vec<gridbook::ui::action::Action> {
    s.chars()
        .map(|c| gridbook::ui::action::Action::Type(c.to_string()))
        .collect()
}
