//! `gridbook report` with the real binary on a seeded demo database: the JSON figures against
//! figures computed here, plainly, from the raw rows; the ledgers read back from CSV and XLSX.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Days, NaiveDate, NaiveDateTime};
use common::*;
use gridbook::store::households::HouseholdField;
use serde_json::Value;

/// A demo database at the Env's path, a few households archived today and one created today,
/// one visit voided: the edges of "present at the period end" and "visits that count".
fn demo_env() -> Env {
    let env = Env::new();
    write_demo(&env);
    let mut store = env.open();
    let households = store.households().unwrap();
    store
        .write(|w| {
            for h in households.iter().take(3) {
                w.set_household(h.id, HouseholdField::Archived(true))?;
            }
            w.create_household(&household())?;
            Ok(())
        })
        .unwrap();
    let visit = households
        .iter()
        .skip(10)
        .flat_map(|h| store.visits(h.id).unwrap())
        .find(|v| v.visit.at.date() >= date(2026, 11, 1))
        .expect("a November visit");
    store
        .write(|w| w.void_visit(visit.visit.id, visit.current_version, "录错了户"))
        .unwrap();
    env
}

fn report_json(env: &Env, args: &[&str]) -> Value {
    let out = env
        .cmd()
        .arg("report")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

// ---- The independent computation, straight from the tables. ----

struct Raw {
    households: Vec<(String, String, i64, bool, Option<i64>)>,
    tags: HashMap<String, HashSet<String>>,
    visits: Vec<(String, NaiveDate, String, String, bool)>,
    requests: Vec<(String, String, String, NaiveDateTime, Option<NaiveDate>)>,
    events: HashMap<String, Vec<Event>>,
}

#[derive(Clone)]
struct Event {
    to: String,
    round: i64,
    rank: i64,
    hlc: i64,
    origin: String,
    op: String,
    at: NaiveDateTime,
    valid: bool,
    mediated: Option<bool>,
    rating: Option<String>,
    author: String,
    from_round: i64,
}

fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").unwrap()
}

fn read_raw(env: &Env) -> Raw {
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let archived_at: HashMap<String, i64> = conn
        .prepare(
            "SELECT entity, max(hlc) FROM field_heads WHERE field = 'archived' GROUP BY entity",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let households = conn
        .prepare("SELECT id, grid, created_hlc, archived FROM households WHERE merged_into IS NULL")
        .unwrap()
        .query_map([], |r| {
            let id: String = r.get(0)?;
            Ok((id, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .map(
            |(id, grid, created, archived): (String, String, i64, bool)| {
                let at = archived.then(|| archived_at[&id]);
                (id, grid, created, archived, at)
            },
        )
        .collect();
    let mut tags: HashMap<String, HashSet<String>> = HashMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT m.household, t.tag FROM member_tags t JOIN members m ON m.id = t.member
             WHERE m.status = 'present'",
        )
        .unwrap();
    for row in stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap() {
        let (h, t): (String, String) = row.unwrap();
        tags.entry(h).or_default().insert(t);
    }
    let visits = conn
        .prepare("SELECT household, day, mode, visitor, voided FROM visits")
        .unwrap()
        .query_map([], |r| {
            let day: String = r.get(1)?;
            Ok((
                r.get(0)?,
                day.parse().unwrap(),
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let requests = conn
        .prepare("SELECT id, household, category, opened_at, due FROM requests")
        .unwrap()
        .query_map([], |r| {
            let opened: String = r.get(3)?;
            let due: Option<String> = r.get(4)?;
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                dt(&opened),
                due.map(|d| d.parse().unwrap()),
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut events: HashMap<String, Vec<Event>> = HashMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT request, to_status, round, rank, hlc, origin, op_id, at, valid, mediated,
                    rating, author, from_round FROM request_events",
        )
        .unwrap();
    for row in stmt
        .query_map([], |r| {
            let at: String = r.get(7)?;
            Ok((
                r.get::<_, String>(0)?,
                Event {
                    to: r.get(1)?,
                    round: r.get(2)?,
                    rank: r.get(3)?,
                    hlc: r.get(4)?,
                    origin: r.get(5)?,
                    op: r.get(6)?,
                    at: dt(&at),
                    valid: r.get(8)?,
                    mediated: r.get(9)?,
                    rating: r.get(10)?,
                    author: r.get(11)?,
                    from_round: r.get(12)?,
                },
            ))
        })
        .unwrap()
    {
        let (request, e) = row.unwrap();
        events.entry(request).or_default().push(e);
    }
    Raw {
        households,
        tags,
        visits,
        requests,
        events,
    }
}

/// The default policy, written out again.
fn interval_of_tag(tag: &str) -> i64 {
    match tag {
        "独居老人" => 7,
        "重病" => 14,
        "低保户" | "残疾人" | "留守儿童" | "五保户" => 30,
        _ => 90,
    }
}

/// Figures for [from, to] over `grids` (empty: all), computed from the raw rows.
fn expected(raw: &Raw, from: NaiveDate, to: NaiveDate, grids: &[&str]) -> Value {
    let end = to
        .checked_add_days(Days::new(1))
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    // Local time is China time (UTC+8) under GRIDBOOK_NOW; clock values are ms << 16.
    let end_hlc = (end.and_utc().timestamp_millis() - 8 * 3600 * 1000) << 16;
    let in_scope = |grid: &str| grids.is_empty() || grids.contains(&grid);
    let scoped: HashSet<&str> = raw
        .households
        .iter()
        .filter(|h| in_scope(&h.1))
        .map(|h| h.0.as_str())
        .collect();
    let assigned: HashSet<&str> = raw
        .households
        .iter()
        .filter(|(_, grid, created, archived, archived_at)| {
            in_scope(grid) && *created < end_hlc && (!archived || archived_at.unwrap() >= end_hlc)
        })
        .map(|h| h.0.as_str())
        .collect();
    let in_period = |d: NaiveDate| from <= d && d <= to;
    let visits: Vec<_> = raw
        .visits
        .iter()
        .filter(|v| !v.4 && in_period(v.1) && scoped.contains(v.0.as_str()))
        .collect();
    let visited: HashSet<&str> = visits
        .iter()
        .map(|v| v.0.as_str())
        .filter(|h| assigned.contains(h))
        .collect();
    let mut modes: BTreeMap<&str, u64> =
        [("in_person", 0), ("phone", 0), ("wechat", 0), ("other", 0)].into();
    let mut workers: BTreeMap<String, (u64, HashSet<&str>, u64)> = BTreeMap::new();
    for v in &visits {
        *modes.get_mut(v.2.as_str()).unwrap() += 1;
        let w = workers.entry(v.3.clone()).or_default();
        w.0 += 1;
        w.1.insert(v.0.as_str());
    }

    let (mut opened, mut resolved, mut rated, mut positive) = (0u64, 0u64, 0u64, 0u64);
    let (mut disputes, mut mediated, mut overdue) = (0u64, 0u64, 0u64);
    let mut days: Vec<i64> = Vec::new();
    for (id, household, category, opened_at, due) in &raw.requests {
        if !scoped.contains(household.as_str()) || *opened_at >= end {
            continue;
        }
        let mut evs: Vec<Event> = raw.events[id]
            .iter()
            .filter(|e| e.valid && e.at < end)
            .cloned()
            .collect();
        evs.sort_by(|a, b| {
            (a.round, a.rank, a.hlc, &a.origin, &a.op)
                .cmp(&(b.round, b.rank, b.hlc, &b.origin, &b.op))
        });
        let last = evs.last().unwrap();
        let is_resolved = ["resolved", "fed_back", "evaluated"].contains(&last.to.as_str());
        let resolution = evs
            .iter()
            .filter(|e| e.round == last.round && e.to == "resolved")
            .max_by(|a, b| (a.hlc, &a.origin, &a.op).cmp(&(b.hlc, &b.origin, &b.op)));
        let rating = evs.iter().rfind(|e| e.to == "evaluated");
        if !is_resolved && due.is_some_and(|d| to > d) {
            overdue += 1;
        }
        if !in_period(opened_at.date()) {
            continue;
        }
        opened += 1;
        let author = &evs.iter().find(|e| e.from_round == 0).unwrap().author;
        workers.entry(author.clone()).or_default().2 += 1;
        if category == "dispute" {
            disputes += 1;
        }
        if is_resolved {
            let r = resolution.unwrap();
            resolved += 1;
            days.push((r.at.date() - opened_at.date()).num_days());
            if category == "dispute" && r.mediated == Some(true) {
                mediated += 1;
            }
        }
        if let Some(e) = rating {
            rated += 1;
            if e.rating.as_deref() != Some("dissatisfied") {
                positive += 1;
            }
        }
    }
    days.sort();
    let median = match days.len() {
        0 => Value::Null,
        n if n % 2 == 1 => days[n / 2].into(),
        n => ((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0).into(),
    };
    let ratio = |a: u64, b: u64| {
        if b == 0 {
            Value::Null
        } else {
            (a as f64 / b as f64).into()
        }
    };

    // Last visit on or before `to`, per household.
    let mut last: HashMap<&str, NaiveDate> = HashMap::new();
    for v in raw.visits.iter().filter(|v| !v.4 && v.1 <= to) {
        let e = last.entry(v.0.as_str()).or_insert(v.1);
        *e = (*e).max(v.1);
    }
    let mut tags: BTreeMap<String, (u64, u64, u64)> = BTreeMap::new();
    for t in ["独居老人", "重病", "低保户", "残疾人", "留守儿童", "五保户"] {
        tags.insert(t.to_string(), (0, 0, 0));
    }
    for h in &assigned {
        for t in raw.tags.get(*h).into_iter().flatten() {
            let e = tags.entry(t.clone()).or_default();
            e.0 += 1;
            e.1 += u64::from(visited.contains(h));
            e.2 += u64::from(
                last.get(h)
                    .is_some_and(|d| (to - *d).num_days() <= interval_of_tag(t)),
            );
        }
    }
    let by_tag: Vec<Value> = tags
        .iter()
        .map(|(t, (n, v, w))| {
            serde_json::json!({"tag": t, "interval_days": interval_of_tag(t), "households": n,
                "households_visited": v, "within_policy": w, "policy_coverage": ratio(*w, *n)})
        })
        .collect();
    let by_worker: Vec<Value> = workers
        .iter()
        .map(|(name, (v, hs, r))| {
            serde_json::json!({"worker": name, "visits": v, "households_visited": hs.len(),
                "requests_opened": r})
        })
        .collect();
    serde_json::json!({
        "from": from.to_string(),
        "to": to.to_string(),
        "households_assigned": assigned.len(),
        "households_visited": visited.len(),
        "coverage": ratio(visited.len() as u64, assigned.len() as u64),
        "visits": visits.len(),
        "visits_by_mode": modes,
        "requests_opened": opened,
        "requests_resolved": resolved,
        "resolution_rate": ratio(resolved, opened),
        "median_days_to_resolve": median,
        "satisfaction_rate": ratio(positive, rated),
        "disputes": disputes,
        "disputes_mediated": mediated,
        "overdue_requests": overdue,
        "by_worker": by_worker,
        "by_tag": by_tag,
    })
}

/// Compares numbers as numbers (rates to 1e-12), lists by their key field (order is the
/// report's to choose and is checked separately).
fn assert_same(got: &Value, want: &Value, path: &str) {
    match (got, want) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() < 1e-12, "{path}: got {a}, want {b}");
        }
        (Value::Object(a), Value::Object(b)) => {
            let ka: Vec<&String> = a.keys().collect();
            let kb: Vec<&String> = b.keys().collect();
            let (mut ka, mut kb) = (ka, kb);
            ka.sort();
            kb.sort();
            assert_eq!(ka, kb, "{path}: fields");
            for (k, v) in b {
                assert_same(&a[k], v, &format!("{path}.{k}"));
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let key = |v: &Value| {
                v.get("worker")
                    .or(v.get("tag"))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            assert_eq!(a.len(), b.len(), "{path}: length");
            for w in b {
                let g = a
                    .iter()
                    .find(|g| key(g) == key(w))
                    .unwrap_or_else(|| panic!("{path}: missing {}", key(w)));
                assert_same(g, w, &format!("{path}[{}]", key(w)));
            }
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

#[test]
fn json_figures_match_an_independent_count_of_the_raw_rows() {
    let env = demo_env();
    let raw = read_raw(&env);
    // This month to date (the defaults), last month, a whole year, and one grid.
    let cases: [(&[&str], NaiveDate, NaiveDate, &[&str]); 4] = [
        (&[], date(2026, 11, 1), date(2026, 11, 23), &[]),
        (
            &["--from", "2026-10-01", "--to", "2026-10-31"],
            date(2026, 10, 1),
            date(2026, 10, 31),
            &[],
        ),
        (
            &["--from", "2026-01-01", "--to", "2026-12-31"],
            date(2026, 1, 1),
            date(2026, 12, 31),
            &[],
        ),
        (
            &[
                "--from",
                "2026-09-01",
                "--to",
                "2026-10-15",
                "--grid",
                "第一网格",
            ],
            date(2026, 9, 1),
            date(2026, 10, 15),
            &["第一网格"],
        ),
    ];
    for (args, from, to, grids) in cases {
        let got = report_json(&env, args);
        let want = expected(&raw, from, to, grids);
        assert_same(&got, &want, &format!("{from}..{to}"));
        // A test that could not fail would be no test: these figures carry real numbers.
        assert!(got["visits"].as_u64().unwrap() > 0);
        assert!(got["requests_opened"].as_u64().unwrap() > 0);
        assert!(got["satisfaction_rate"].as_f64().is_some());
        // Ordering: workers by visits, tags by interval.
        let visits: Vec<u64> = got["by_worker"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["visits"].as_u64().unwrap())
            .collect();
        assert!(visits.windows(2).all(|w| w[0] >= w[1]), "{visits:?}");
        let intervals: Vec<u64> = got["by_tag"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["interval_days"].as_u64().unwrap())
            .collect();
        assert!(intervals.windows(2).all(|w| w[0] <= w[1]), "{intervals:?}");
    }
    // The archived households count at the end of October (archived today), not now; the one
    // created today counts now only.
    let oct = report_json(&env, &["--from", "2026-10-01", "--to", "2026-10-31"]);
    let now = report_json(&env, &[]);
    assert_eq!(oct["households_assigned"], 600);
    assert_eq!(now["households_assigned"], 600 - 3 + 1);
    // October's cohort is followed to the end of October only: some of its requests were
    // resolved in November, which a count from today's status would wrongly include.
    let late = raw.requests.iter().filter(|(id, _, _, opened, _)| {
        opened.date() >= date(2026, 10, 1)
            && opened.date() <= date(2026, 10, 31)
            && raw.events[id]
                .iter()
                .any(|e| e.valid && e.to == "resolved" && e.at.date() > date(2026, 10, 31))
    });
    assert!(late.count() > 0);
}

#[test]
fn a_period_with_nothing_in_it_gives_nulls() {
    let env = demo_env();
    let got = report_json(&env, &["--from", "2020-01-01", "--to", "2020-01-31"]);
    assert_eq!(got["households_assigned"], 0);
    assert!(got["coverage"].is_null());
    assert!(got["resolution_rate"].is_null());
    assert!(got["median_days_to_resolve"].is_null());
    assert!(got["satisfaction_rate"].is_null());
    assert_eq!(got["by_worker"], serde_json::json!([]));
}
