//! Keystroke latency of the lookup index (DESIGN.md §6: ≤ 2 ms p99 at 10k households, ≤ 16 ms
//! at 100k), against a baseline of a plain substring scan over the head names.
//!
//! Besides criterion's timings of whole typing sequences, it prints per-keystroke median and p99
//! (narrowing as the query box does), build time and index size, and the ratio to the baseline.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use gridbook::domain::HouseholdId;
use gridbook::search::{Index, SearchDoc, Searcher};
use uuid::Uuid;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
    "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏",
    "韦", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "段", "雷", "侯", "龙", "史",
    "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔",
    "欧阳", "单", "解", "翟", "查", "区", "朴", "仇", "乐", "司马", "诸葛", "上官",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "华", "建", "国", "德", "志", "文", "玉", "红",
    "海", "林", "梅", "春", "燕", "辉", "鹏", "飞", "宇", "浩", "婷", "雪", "琳", "晨", "欣", "佳",
    "子", "涵", "轩", "博", "俊", "凯", "丹", "倩", "云", "荣", "福", "贵", "珍", "凤", "成", "亮",
];
const COMPOUNDS: &[&str] = &[
    "幸福小区",
    "和平小区",
    "长安小区",
    "东湖花园",
    "阳光家园",
    "锦绣苑",
    "翠湖新村",
    "金桥公寓",
    "滨江花园",
    "书香门第",
    "朝阳小区",
    "红星新村",
    "观山湖小区",
    "未来方舟",
    "世纪城",
    "碧水云天",
];
const TAGS: &[&str] = &[
    "低保户",
    "五保户",
    "独居老人",
    "空巢老人",
    "残疾人",
    "重病",
    "留守儿童",
    "外出务工",
    "退役军人",
    "党员",
    "出租户",
    "易地搬迁户",
];

/// A small deterministic generator (64-bit LCG), so every run indexes the same households.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next(list.len())]
    }

    fn name(&mut self) -> String {
        let mut s = self.pick(SURNAMES).to_owned();
        for _ in 0..1 + self.next(2) {
            s.push_str(self.pick(GIVEN));
        }
        s
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.next(10) as u8))
            .collect()
    }
}

fn synthetic(n: usize) -> Vec<SearchDoc> {
    let mut r = Lcg(20_240_601);
    (0..n)
        .map(|i| {
            let compound = r.pick(COMPOUNDS);
            let members: Vec<String> = (0..r.next(5)).map(|_| r.name()).collect();
            let persons = members.len() + 1;
            let address = format!(
                "{compound}{}栋{}单元{}{:02}室",
                1 + r.next(30),
                1 + r.next(6),
                1 + r.next(28),
                1 + r.next(4)
            );
            SearchDoc {
                id: HouseholdId(Uuid::from_u128(i as u128)),
                head: r.name(),
                members,
                address,
                compound: compound.to_owned(),
                phones: (0..1 + r.next(2))
                    .map(|_| format!("1{}{}", 3 + r.next(7), r.digits(9)))
                    .collect(),
                id_numbers: (0..persons)
                    .map(|_| {
                        let check = if r.next(11) == 10 {
                            "X".to_owned()
                        } else {
                            r.digits(1)
                        };
                        format!("5201{}19{}{}{check}", r.digits(2), r.digits(6), r.digits(3))
                    })
                    .collect(),
                tags: if r.next(10) < 3 {
                    vec![r.pick(TAGS).to_owned()]
                } else {
                    Vec::new()
                },
            }
        })
        .collect()
}

/// What a user types, one query box state per keystroke.
const SEQUENCES: &[&[&str]] = &[&["l", "ld", "ldj"], &["1", "13", "138"], &["幸", "幸福"]];
const LIMIT: usize = 50;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn baseline(heads: &[String], q: &str) -> Vec<usize> {
    heads
        .iter()
        .enumerate()
        .filter(|(_, h)| h.contains(q))
        .map(|(i, _)| i)
        .collect()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Per-keystroke timings printed as a table; criterion's numbers follow.
fn report(n: usize, index: &Index, heads: &[String]) {
    let reps = if n >= 100_000 { 60 } else { 400 };
    let mut all = Vec::new();
    println!("\n{n} households: per keystroke, {reps} runs, limit {LIMIT}");
    println!(
        "  {:<8} {:>10} {:>10} {:>9}   {:>10} {:>10} {:>7}",
        "query", "median ms", "p99 ms", "matched", "base med", "base p99", "ratio"
    );
    for seq in SEQUENCES {
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); seq.len()];
        let mut base: Vec<Vec<Duration>> = vec![Vec::new(); seq.len()];
        let mut matched = vec![0; seq.len()];
        for _ in 0..reps {
            let mut s = Searcher::new();
            for (k, q) in seq.iter().enumerate() {
                let t = Instant::now();
                black_box(s.search(index, q, LIMIT));
                times[k].push(t.elapsed());
                matched[k] = s.matched();
                let t = Instant::now();
                black_box(baseline(heads, q));
                base[k].push(t.elapsed());
            }
        }
        for (k, q) in seq.iter().enumerate() {
            times[k].sort();
            base[k].sort();
            all.extend_from_slice(&times[k]);
            let median = percentile(&times[k], 0.5);
            let base_median = percentile(&base[k], 0.5);
            println!(
                "  {:<8} {:>10.3} {:>10.3} {:>9}   {:>10.3} {:>10.3} {:>7.2}",
                q,
                ms(median),
                ms(percentile(&times[k], 0.99)),
                matched[k],
                ms(base_median),
                ms(percentile(&base[k], 0.99)),
                median.as_secs_f64() / base_median.as_secs_f64().max(1e-9)
            );
        }
    }
    all.sort();
    println!(
        "  every keystroke: median {:.3} ms, p99 {:.3} ms (ratio = median search / median \
         substring scan over head names)",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99))
    );
}

fn bench(c: &mut Criterion) {
    for n in [10_000, 100_000] {
        let docs = synthetic(n);
        let heads: Vec<String> = docs.iter().map(|d| d.head.clone()).collect();
        let names: usize = docs.iter().map(|d| 1 + d.members.len()).sum();
        let mut builds = Vec::new();
        let mut index = None;
        for _ in 0..5 {
            let input = docs.clone();
            let t = Instant::now();
            let built = Index::build(input);
            builds.push(t.elapsed());
            index = Some(built);
        }
        let Some(index) = index else { return };
        builds.sort();
        println!(
            "\n{n} households ({names} names): build median {:.1} ms, index {:.1} MB",
            ms(percentile(&builds, 0.5)),
            index.heap_bytes() as f64 / 1e6
        );
        report(n, &index, &heads);

        let mut group = c.benchmark_group(format!("search_{n}"));
        group.sample_size(if n >= 100_000 { 20 } else { 50 });
        group.measurement_time(Duration::from_secs(3));
        for seq in SEQUENCES {
            let label = seq.last().copied().unwrap_or_default();
            group.bench_function(format!("type {label}"), |b| {
                b.iter(|| {
                    let mut s = Searcher::new();
                    for q in *seq {
                        black_box(s.search(&index, q, LIMIT));
                    }
                })
            });
            group.bench_function(format!("baseline {label}"), |b| {
                b.iter(|| {
                    for q in *seq {
                        black_box(baseline(&heads, q));
                    }
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
