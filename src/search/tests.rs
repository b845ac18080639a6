//! Behaviour of the whole search module: routing, ranking, highlights, narrowing.

use proptest::prelude::*;
use uuid::Uuid;

use super::*;

fn doc(n: u128, head: &str, members: &[&str], address: &str) -> SearchDoc {
    SearchDoc {
        id: HouseholdId(Uuid::from_u128(n)),
        head: head.into(),
        members: members.iter().map(|s| s.to_string()).collect(),
        address: address.into(),
        compound: address
            .chars()
            .take_while(|c| !c.is_ascii_digit())
            .collect(),
        phones: Vec::new(),
        id_numbers: Vec::new(),
        tags: Vec::new(),
    }
}

fn sample() -> Index {
    let mut a = doc(0, "李德军", &["王芳"], "幸福小区3栋2单元401室");
    a.phones = vec!["13812345678".into()];
    a.id_numbers = vec!["52030119800101585X".into()];
    a.tags = vec!["低保户".into()];
    let mut b = doc(1, "李德强", &["李德军华"], "和平小区1栋1单元101室");
    b.phones = vec!["15056781234".into()];
    let mut c = doc(2, "曾国藩", &["单雄信", "解缙"], "长安小区5栋1单元202室");
    c.tags = vec!["独居老人".into()];
    let d = doc(3, "欧阳修", &["翟志刚", "查良镛"], "幸福小区4栋1单元501室");
    let e = doc(
        4,
        "朴槿",
        &["区志强", "仇英", "乐嘉"],
        "东湖花园2栋1单元1201室",
    );
    Index::build(vec![a, b, c, d, e])
}

fn docs_of(hits: &[Hit]) -> Vec<usize> {
    hits.iter().map(|h| h.doc).collect()
}

fn find(index: &Index, q: &str) -> Vec<usize> {
    docs_of(&index.search(q, 50))
}

#[test]
fn empty_and_blank_queries_find_nothing() {
    let ix = sample();
    assert!(ix.search("", 10).is_empty());
    assert!(ix.search(" \u{3000} ", 10).is_empty());
    let mut s = Searcher::new();
    assert!(s.search(&ix, "", 10).is_empty());
}

#[test]
fn initials_find_names_without_false_polyphone_hits() {
    let ix = sample();
    // 李德军 (head of 0) and 李德军华 (member of 1); never 李德强.
    assert_eq!(find(&ix, "ldj"), [0, 1]);
    let hits = ix.search("ldj", 10);
    assert_eq!(hits[0].field, MatchField::Head);
    assert_eq!(hits[1].field, MatchField::Member(0));
    assert_eq!(find(&ix, "ldq"), [1]);
    assert_eq!(find(&ix, "LiDeJun"), [0, 1]);
    assert_eq!(find(&ix, "lidj"), [0, 1]);
}

#[test]
fn polyphonic_surnames_search_as_read() {
    let ix = sample();
    assert_eq!(find(&ix, "zgf"), [2]);
    assert!(find(&ix, "cgf").is_empty());
    assert_eq!(find(&ix, "shanxiongxin"), [2]);
    assert_eq!(find(&ix, "xiej"), [2]);
    assert_eq!(find(&ix, "oyx"), [3]);
    assert_eq!(find(&ix, "zhaizg"), [3]);
    assert_eq!(find(&ix, "zhaly"), [3]);
    assert_eq!(find(&ix, "piaoj"), [4]);
    assert_eq!(find(&ix, "ouzq"), [4]);
    assert_eq!(find(&ix, "qiuy"), [4]);
    // 乐 reads yue as a surname, with le kept as the one alternative.
    assert_eq!(find(&ix, "yuej"), [4]);
    assert_eq!(find(&ix, "lejia"), [4]);
}

#[test]
fn full_pinyin_finds_compounds_through_the_address() {
    let ix = sample();
    let hits = ix.search("xingfu", 10);
    assert_eq!(docs_of(&hits), [0, 3]);
    assert_eq!(hits[0].field, MatchField::Address);
    assert_eq!(hits[0].highlight, [0, 1]);
    assert_eq!(find(&ix, "xfxq"), [0, 3]);
    // 单 in 单元 and 区 in 小区 take their default readings.
    assert_eq!(find(&ix, "3dong2danyuan"), [0]);
}

#[test]
fn a_compound_outside_the_address_is_searched_on_its_own() {
    let mut d = doc(0, "王芳", &[], "3栋2单元401室");
    d.compound = "阳光花园".into();
    let ix = Index::build(vec![d]);
    let hits = ix.search("yangguang", 5);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, MatchField::Compound);
    assert_eq!(hits[0].highlight, [0, 1]);
    assert_eq!(ix.search("阳光", 5)[0].field, MatchField::Compound);
}

#[test]
fn chinese_queries_match_substrings_then_fuzzy() {
    let ix = sample();
    let hits = ix.search("德军", 10);
    assert_eq!(docs_of(&hits), [0, 1]);
    assert_eq!(hits[0].highlight, [1, 2]);
    let hits = ix.search("幸福", 10);
    assert_eq!(docs_of(&hits), [0, 3]);
    let hits = ix.search("低保", 10);
    assert_eq!(docs_of(&hits), [0]);
    assert_eq!(hits[0].field, MatchField::Tag(0));
    // In order with a gap: fuzzy, highlighted where the chars are.
    let hits = ix.search("李军", 10);
    assert_eq!(docs_of(&hits), [0, 1]);
    assert_eq!(hits[0].field, MatchField::Head);
    assert_eq!(hits[0].highlight, [0, 2]);
    // 幸福小区3栋2单元401室 before 幸福小区4栋1单元501室 (幸, 福, 4, 0, 1 in order, spread out).
    let hits = ix.search("幸福401", 10);
    assert_eq!(docs_of(&hits), [0, 3]);
    assert!(hits[0].score > hits[1].score);
    assert!(find(&ix, "军李").is_empty());
}

#[test]
fn phone_and_id_tails() {
    let ix = sample();
    let hits = ix.search("5678", 10);
    // 0's phone ends in 5678 (a tail), 1's has it in the middle.
    assert_eq!(docs_of(&hits), [0, 1]);
    assert_eq!(hits[0].field, MatchField::Phone(0));
    assert_eq!(hits[0].highlight, [7, 8, 9, 10]);
    assert_eq!(hits[1].highlight, [3, 4, 5, 6]);
    let hits = ix.search("585x", 10);
    assert_eq!(docs_of(&hits), [0]);
    assert_eq!(hits[0].field, MatchField::IdNumber(0));
    assert_eq!(hits[0].highlight, [14, 15, 16, 17]);
    assert_eq!(find(&ix, "1585X"), [0]);
    assert!(find(&ix, "5856X").is_empty());
    assert_eq!(find(&ix, "138"), [0]);
}

#[test]
fn room_numbers_in_addresses() {
    let ix = sample();
    let hits = ix.search("401", 10);
    assert_eq!(docs_of(&hits), [0]);
    assert_eq!(hits[0].field, MatchField::Address);
    assert_eq!(hits[0].highlight, [9, 10, 11]);
    // A whole number ranks above a part of one.
    let ix = Index::build(vec![
        doc(0, "", &[], "幸福小区1栋1单元1401室"),
        doc(1, "", &[], "幸福小区2栋1单元401室"),
    ]);
    let hits = ix.search("401", 10);
    assert_eq!(docs_of(&hits), [1, 0]);
    assert_eq!(hits[1].highlight, [10, 11, 12]);
}

#[test]
fn terms_are_anded() {
    let ix = sample();
    assert_eq!(find(&ix, "ld"), [0, 1]);
    assert_eq!(find(&ix, "ld xingfu"), [0]);
    assert_eq!(find(&ix, "ld 138"), [0]);
    assert!(find(&ix, "ldq 138").is_empty());
    let hits = ix.search("王 401", 10);
    assert_eq!(docs_of(&hits), [0]);
    let h = &hits[0];
    assert_eq!(h.field, MatchField::Member(0));
    assert_eq!(h.highlight, [0]);
    assert_eq!(
        h.also,
        [FieldHit {
            field: MatchField::Address,
            highlight: vec![9, 10, 11]
        }]
    );
    // Two terms on the same field merge their highlights.
    let hits = ix.search("李 军", 10);
    assert_eq!(hits[0].highlight, [0, 2]);
    assert!(hits[0].also.is_empty());
}

#[test]
fn ranking_head_then_member_then_address_shorter_first_then_document_order() {
    let ix = Index::build(vec![
        doc(0, "张三", &[], "王家小区1栋"),
        doc(1, "李四", &["王五"], "和平小区1栋"),
        doc(2, "王五", &[], "和平小区2栋"),
        doc(3, "王五一", &[], "和平小区3栋"),
        doc(4, "王五", &[], "和平小区4栋"),
    ]);
    // Head exact (shorter first, then document order), head prefix, member, address.
    assert_eq!(find(&ix, "王五"), [2, 4, 3, 1]);
    assert_eq!(find(&ix, "ww"), [2, 4, 3, 1]);
    assert_eq!(find(&ix, "王"), [2, 4, 3, 1, 0]);
    assert_eq!(find(&ix, "wang"), [2, 4, 3, 1, 0]);
    // Deterministic: the same query gives the same scores.
    assert_eq!(ix.search("w", 10), ix.search("w", 10));
}

#[test]
fn limit_keeps_the_best() {
    let ix = sample();
    // Heads 李 (0, 1), member 乐 read le (4), member 查良镛 (3), tag 独居老人 (2).
    assert_eq!(find(&ix, "l"), [0, 1, 4, 3, 2]);
    assert_eq!(docs_of(&ix.search("l", 2)), [0, 1]);
    assert!(ix.search("l", 0).is_empty());
}

#[test]
fn highlights_are_char_indices_in_mixed_width_text() {
    let mut d = doc(0, "买买提·艾力", &["Ａlice 王"], "Ｂ座3单元401室");
    d.compound = "Ｂ座".into();
    let ix = Index::build(vec![d]);
    let view = ix.doc(0).expect("doc 0");
    let check = |q: &str, field: MatchField, chars: &[usize]| {
        let hits = ix.search(q, 5);
        assert_eq!(hits.len(), 1, "{q}");
        assert_eq!(hits[0].field, field, "{q}");
        assert_eq!(hits[0].highlight, chars, "{q}");
        let text = view.text(field).expect("field text");
        assert!(chars.iter().all(|&i| i < text.chars().count()), "{q}");
    };
    // A member's prefix outranks a substring of the head's name.
    check("al", MatchField::Member(0), &[0, 1]);
    check("艾力", MatchField::Head, &[4, 5]);
    check("aili", MatchField::Head, &[4, 5]);
    check("alice", MatchField::Member(0), &[0, 1, 2, 3, 4]);
    check("cew", MatchField::Member(0), &[3, 4, 6]);
    check("401", MatchField::Address, &[5, 6, 7]);
    check("b座3", MatchField::Address, &[0, 1, 2]);
    check("bz3dy", MatchField::Address, &[0, 1, 2, 3, 4]);
}

#[test]
fn doc_views_return_the_display_form() {
    let mut d = doc(7, "Ａ王", &["李四", ""], "Ｂ座3单元");
    d.phones = vec!["13800000000".into()];
    d.id_numbers = vec!["52030119800101585X".into()];
    d.tags = vec!["低保户".into(), "党员".into()];
    let ix = Index::build(vec![d.clone()]);
    let view = ix.doc(0).expect("doc 0");
    assert_eq!(view.to_search_doc(), d);
    assert_eq!(view.text(MatchField::Tag(1)), Some("党员"));
    assert_eq!(view.text(MatchField::Phone(1)), None);
    assert!(ix.doc(1).is_none());
    assert_eq!(ix.len(), 1);
}

/// A deterministic household with a name from small tables, for large-index tests.
fn synthetic(i: usize) -> SearchDoc {
    const SURNAMES: [&str; 8] = ["王", "李", "张", "刘", "陈", "曾", "欧阳", "单"];
    const GIVEN: [&str; 10] = [
        "德军", "芳", "秀英", "强", "建国", "丽", "伟", "敏", "志刚", "娜",
    ];
    const COMPOUNDS: [&str; 4] = ["幸福小区", "和平小区", "长安小区", "东湖花园"];
    let name = |k: usize| {
        format!(
            "{}{}",
            SURNAMES[k % SURNAMES.len()],
            GIVEN[(k / 8) % GIVEN.len()]
        )
    };
    let compound = COMPOUNDS[i % COMPOUNDS.len()];
    SearchDoc {
        id: HouseholdId(Uuid::from_u128(i as u128)),
        head: name(i * 7 + 3),
        members: (0..i % 3).map(|m| name(i * 13 + m)).collect(),
        address: format!(
            "{compound}{}栋{}单元{}室",
            i % 20 + 1,
            i % 4 + 1,
            101 + i % 600
        ),
        compound: compound.into(),
        phones: vec![format!("138{:08}", i * 7919 % 100_000_000)],
        id_numbers: vec![format!("520301198001{:05}X", i % 100_000)],
        tags: if i.is_multiple_of(5) {
            vec!["低保户".into()]
        } else {
            Vec::new()
        },
    }
}

#[test]
fn a_parallel_build_keeps_every_household_in_place() {
    let docs: Vec<SearchDoc> = (0..20_000).map(synthetic).collect();
    let ix = Index::build(docs.clone());
    assert_eq!(ix.len(), docs.len());
    for i in [0, 1, 9_999, 10_000, 10_001, 19_999] {
        assert_eq!(ix.doc(i).map(|v| v.to_search_doc()), Some(docs[i].clone()));
    }
    let hits = ix.search("520301198001 15001x", 5);
    assert_eq!(docs_of(&hits), [15_001]);
    // Narrowed and fresh agree on a large (parallel) scan too.
    let mut s = Searcher::new();
    for q in ["z", "zd", "zdj", "zdj x", "zdj xi"] {
        assert_eq!(s.search(&ix, q, 20), ix.search(q, 20), "{q}");
    }
}

#[test]
fn narrowing_rescans_only_previous_matches() {
    let ix = sample();
    let mut s = Searcher::new();
    s.search(&ix, "l", 10);
    assert_eq!(s.matched(), 5);
    s.search(&ix, "ld", 10);
    assert_eq!(s.matched(), 2);
    s.search(&ix, "ldq", 10);
    assert_eq!(s.matched(), 1);
    // A rebuilt index is never narrowed against.
    let other = Index::build(vec![doc(0, "李德强", &[], "")]);
    assert_eq!(docs_of(&s.search(&other, "ld", 10)), [0]);
    // Deleting back to a shorter query scans everything again.
    assert_eq!(docs_of(&s.search(&ix, "l", 10)), [0, 1, 4, 3, 2]);
}

const NAME_CHARS: &[char] = &[
    '李', '德', '军', '强', '曾', '单', '乐', '王', '芳', '区', '长',
];
const ADDRESS_CHARS: &[char] = &[
    '幸', '福', '小', '区', '单', '元', '栋', '1', '2', '3', 'Ａ',
];

fn arb_text(chars: &'static [char], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(chars), 0..max).prop_map(|v| v.into_iter().collect())
}

fn arb_doc() -> impl Strategy<Value = SearchDoc> {
    (
        arb_text(NAME_CHARS, 4),
        prop::collection::vec(arb_text(NAME_CHARS, 4), 0..3),
        arb_text(ADDRESS_CHARS, 8),
        prop::collection::vec("1[0-9]{3,10}", 0..2),
        prop::collection::vec("[0-9]{5,17}X?", 0..2),
    )
        .prop_map(|(head, members, address, phones, id_numbers)| SearchDoc {
            id: HouseholdId(Uuid::nil()),
            head,
            members,
            compound: address.chars().take(2).collect(),
            address,
            phones,
            id_numbers,
            tags: Vec::new(),
        })
}

/// One edit of the query box: mostly typing, sometimes deleting or clearing.
fn arb_edits() -> impl Strategy<Value = Vec<Option<char>>> {
    let key = prop_oneof![
        8 => prop::sample::select(&['l', 'i', 'd', 'e', 'j', 'u', 'n', 'z', 'q', 'a', 'x', 'y', ' '][..]).prop_map(Some),
        3 => prop::sample::select(&['1', '2', '3', '8', 'x'][..]).prop_map(Some),
        3 => prop::sample::select(&['李', '德', '军', '幸', '福', '区'][..]).prop_map(Some),
        1 => Just(None),
    ];
    prop::collection::vec(key, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn narrowed_results_equal_fresh_results(
        docs in prop::collection::vec(arb_doc(), 0..40),
        edits in arb_edits(),
        limit in 1usize..8,
    ) {
        let ix = Index::build(docs);
        let mut searcher = Searcher::new();
        let mut query = String::new();
        for edit in edits {
            match edit {
                Some(c) => query.push(c),
                None => { query.pop(); }
            }
            let narrowed = searcher.search(&ix, &query, limit);
            let fresh = ix.search(&query, limit);
            prop_assert_eq!(narrowed, fresh, "query {:?}", query);
        }
    }
}

#[test]
fn an_empty_index_finds_nothing() {
    let ix = Index::build(Vec::new());
    assert!(ix.is_empty());
    assert!(ix.search("l", 10).is_empty());
    assert!(Searcher::new().search(&ix, "138", 10).is_empty());
}

#[test]
fn alternative_surname_readings_highlight_the_name() {
    let ix = sample();
    let hits = ix.search("lejia", 5);
    assert_eq!(docs_of(&hits), [4]);
    assert_eq!(hits[0].field, MatchField::Member(2));
    assert_eq!(hits[0].highlight, [0, 1]);
}

fn arb_any_doc() -> impl Strategy<Value = SearchDoc> {
    let text = || "\\PC{0,12}";
    (
        text(),
        prop::collection::vec(text(), 0..3),
        text(),
        text(),
        prop::collection::vec("[0-9xX]{0,12}", 0..2),
        prop::collection::vec(text(), 0..2),
    )
        .prop_map(
            |(head, members, address, compound, numbers, tags)| SearchDoc {
                id: HouseholdId(Uuid::nil()),
                head,
                members,
                address,
                compound,
                phones: numbers.clone(),
                id_numbers: numbers,
                tags,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any text in, any query: no panic, every highlight a char of the matched field, the
    /// display form kept.
    #[test]
    fn highlights_stay_inside_their_field(
        docs in prop::collection::vec(arb_any_doc(), 1..6),
        query in prop_oneof!["\\PC{0,6}", "[a-z]{1,4}", "[0-9x]{1,4}", "[李德军幸福区单 ]{1,4}"],
    ) {
        let ix = Index::build(docs.clone());
        for (i, d) in docs.iter().enumerate() {
            prop_assert_eq!(ix.doc(i).map(|v| v.to_search_doc()), Some(d.clone()));
        }
        for hit in ix.search(&query, 10) {
            let view = ix.doc(hit.doc).expect("hit doc");
            let fields = std::iter::once((hit.field, &hit.highlight))
                .chain(hit.also.iter().map(|f| (f.field, &f.highlight)));
            for (field, highlight) in fields {
                let text = view.text(field).expect("field text");
                let n = text.chars().count();
                prop_assert!(highlight.iter().all(|&c| c < n), "{:?} {:?} in {:?}", query, highlight, text);
                prop_assert!(highlight.windows(2).all(|w| w[0] < w[1]));
            }
        }
    }
}
