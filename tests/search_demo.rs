//! Lookup correctness on a 600-household demo: every head by its pinyin initials, every phone
//! by its tail, every address; and `gridbook search --json`.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use gridbook::search::Searcher;
use gridbook::store::lists::docs_in_chunks;
use gridbook::ui::build_index;
use pinyin::ToPinyin;

/// Initials as a person reads the name: surnames from a table (polyphonic and compound ones),
/// the rest by their common reading.
fn initials(name: &str) -> String {
    const SURNAMES: &[(&str, &str)] = &[
        ("欧阳", "oy"),
        ("司马", "sm"),
        ("诸葛", "zg"),
        ("上官", "sg"),
        ("曾", "z"),
        ("单", "s"),
        ("解", "x"),
        ("仇", "q"),
        ("区", "o"),
        ("朴", "p"),
        ("翟", "z"),
        ("查", "z"),
        ("乐", "y"),
        ("盖", "g"),
        ("缪", "m"),
        ("尉", "y"),
        ("覃", "q"),
    ];
    let (lead, rest) = SURNAMES
        .iter()
        .find_map(|(s, i)| name.strip_prefix(s).map(|rest| (i.to_string(), rest)))
        .unwrap_or_else(|| (String::new(), name));
    let tail: String = rest
        .chars()
        .filter_map(|c| c.to_pinyin().map(|p| p.first_letter().to_string()))
        .collect();
    format!("{lead}{tail}")
}

#[test]
fn every_head_phone_tail_and_address_is_found() {
    let env = Env::new();
    let store = demo_store(&env, 600);
    let rows = store.household_rows().unwrap();
    assert_eq!(rows.len(), 600);
    let index = build_index(store.path(), &[]).unwrap();
    let mut docs = Vec::new();
    docs_in_chunks(store.path(), 100, |chunk| {
        docs.extend(chunk);
        true
    })
    .unwrap();
    assert_eq!(docs.len(), 600);
    let mut searcher = Searcher::new();
    let mut misses = Vec::new();
    for r in &rows {
        let q = initials(&r.head);
        let hits = searcher.search(&index, &q, 600);
        let pos = hits.iter().position(|h| h.id == r.id);
        let tied = pos.map_or(0, |p| {
            hits.iter().filter(|h| h.score == hits[p].score).count()
        });
        if pos.is_none_or(|p| p >= 10) {
            misses.push(format!("{} ({q}) at {pos:?}, tied with {tied}", r.head));
        }
    }
    assert!(
        misses.is_empty(),
        "heads not in the top 10 for their initials: {misses:?}"
    );

    let mut phones = 0;
    for p in &docs {
        let Some(phone) = p.phones.first() else {
            continue;
        };
        let tail: String = phone.chars().skip(phone.len().saturating_sub(4)).collect();
        let hits = searcher.search(&index, &tail, 10);
        assert!(
            hits.iter().any(|h| Some(h.id) == p.id),
            "phone tail {tail} of {}",
            p.head
        );
        phones += 1;
    }
    assert!(phones > 500);

    for r in rows.iter().step_by(7) {
        let hits = searcher.search(&index, &r.address.display(), 3);
        assert!(
            hits.iter().any(|h| h.id == r.id),
            "address {}",
            r.address.display()
        );
    }

    // ID-number tails (with the check character) find their household.
    for p in docs.iter().step_by(11) {
        let Some(id) = p.id_numbers.first() else {
            continue;
        };
        let tail: String = id.chars().skip(12).collect();
        let hits = searcher.search(&index, &tail, 10);
        assert!(hits.iter().any(|h| Some(h.id) == p.id), "ID tail {tail}");
    }
}

#[test]
fn search_command_prints_json_lines_best_first() {
    let env = Env::new();
    let store = demo_store(&env, 100);
    let rows = store.household_rows().unwrap();
    drop(store);
    let target = &rows[3];
    let out = env
        .cmd()
        .args(["search", "--json", "--limit", "5"])
        .arg(initials(&target.head))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty() && lines.len() <= 5);
    for key in ["id", "head", "address", "members", "tags", "score"] {
        assert!(lines[0].get(key).is_some(), "missing {key}: {}", lines[0]);
    }
    let scores: Vec<i64> = lines.iter().map(|l| l["score"].as_i64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(lines.iter().any(|l| l["id"] == target.id.to_string()));
    // Plain output: one household per line.
    let out = env.cmd().args(["search", "幸福小区"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).lines().count() > 1);
}
