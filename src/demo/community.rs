//! The demo community: grids, compounds, buildings and the households living in them.

use chrono::{Datelike, Days, NaiveDate};
use rand::{Rng, RngExt};

use super::names;
use super::places::{AREA_CODES, COMPOUNDS, grid_name};
use crate::domain::idnum::check_char;
use crate::domain::{Address, Gender, IdNumber, Phone, Relation, Tag};
use crate::store::households::NewMember;

/// About how many households one grid worker looks after.
const HOUSEHOLDS_PER_GRID: usize = 300;

pub struct PlannedHousehold {
    pub grid: usize,
    pub address: Address,
    pub members: Vec<NewMember>,
}

pub struct Community {
    pub grids: Vec<String>,
    pub households: Vec<PlannedHousehold>,
}

/// Lays out `n` households over grids and compounds, in walking order.
pub fn plan(rng: &mut impl Rng, n: usize, today: NaiveDate) -> Community {
    let grid_count = n.div_ceil(HOUSEHOLDS_PER_GRID).max(1);
    let grids: Vec<String> = (1..=grid_count).map(grid_name).collect();
    let mut households = Vec::with_capacity(n);
    let mut compound_no = 0usize;
    for g in 0..grid_count {
        let quota = n / grid_count + usize::from(g < n % grid_count);
        let mut placed = 0;
        while placed < quota {
            let compound = compound_name(compound_no);
            compound_no += 1;
            let buildings = rng.random_range(4..=12);
            'compound: for b in 1..=buildings {
                let units = rng.random_range(1..=4);
                let floors = rng.random_range(5..=18);
                let per_floor = rng.random_range(2..=4);
                for u in 1..=units {
                    for f in 1..=floors {
                        for r in 1..=per_floor {
                            if placed >= quota {
                                break 'compound;
                            }
                            if rng.random_bool(0.12) {
                                continue;
                            }
                            let address = Address::new(
                                &compound,
                                &b.to_string(),
                                &u.to_string(),
                                &format!("{f}{r:02}"),
                            );
                            let members = family(rng, today);
                            households.push(PlannedHousehold {
                                grid: g,
                                address,
                                members,
                            });
                            placed += 1;
                        }
                    }
                }
            }
        }
    }
    Community { grids, households }
}

fn compound_name(i: usize) -> String {
    let base = COMPOUNDS[i % COMPOUNDS.len()];
    match i / COMPOUNDS.len() {
        0 => base.to_string(),
        k => format!("{base}{}期", k + 1),
    }
}

struct Person {
    gender: Gender,
    birth: NaiveDate,
    relation: Relation,
    surname: &'static str,
}

/// A household of 1–6 people with plausible ages and relations.
fn family(rng: &mut impl Rng, today: NaiveDate) -> Vec<NewMember> {
    let size = weighted(rng, &[(1, 15), (2, 30), (3, 25), (4, 17), (5, 9), (6, 4)]);
    let head_age = match size {
        1 => rng.random_range(24..=92),
        2 => rng.random_range(28..=88),
        _ => rng.random_range(30..=72),
    };
    let head_gender = if rng.random_bool(0.68) {
        Gender::Male
    } else {
        Gender::Female
    };
    let surname = names::surname(rng);
    let mut people = vec![Person {
        gender: head_gender,
        birth: birth(rng, today, head_age),
        relation: Relation::Head,
        surname,
    }];
    if size >= 2 {
        let age = (head_age + rng.random_range(-4..=4)).max(20);
        people.push(Person {
            gender: other(head_gender),
            birth: birth(rng, today, age),
            relation: Relation::Spouse,
            surname: names::surname(rng),
        });
    }
    let family_surname = if head_gender == Gender::Male {
        surname
    } else {
        people.get(1).map_or(surname, |p| p.surname)
    };
    let mut left = size.saturating_sub(2);
    if head_age >= 55 && left >= 2 {
        let son_age = (head_age - rng.random_range(24..=32)).max(18);
        people.push(Person {
            gender: Gender::Male,
            birth: birth(rng, today, son_age),
            relation: Relation::Son,
            surname: family_surname,
        });
        people.push(Person {
            gender: Gender::Female,
            birth: {
                let age = son_age + rng.random_range(-3..=3);
                birth(rng, today, age)
            },
            relation: Relation::DaughterInLaw,
            surname: names::surname(rng),
        });
        left -= 2;
        while left > 0 {
            let age = (son_age - rng.random_range(22..=32)).max(0);
            let gender = random_gender(rng);
            let relation = by_gender(gender, Relation::Grandson, Relation::Granddaughter);
            people.push(Person {
                gender,
                birth: birth(rng, today, age),
                relation,
                surname: family_surname,
            });
            left -= 1;
        }
    } else {
        if left >= 2 && head_age < 50 && rng.random_bool(0.35) {
            let gender = random_gender(rng);
            let relation = by_gender(gender, Relation::Father, Relation::Mother);
            let age = head_age + rng.random_range(24..=32);
            people.push(Person {
                gender,
                birth: birth(rng, today, age),
                relation,
                surname: if gender == Gender::Male {
                    surname
                } else {
                    names::surname(rng)
                },
            });
            left -= 1;
        }
        while left > 0 {
            let age = (head_age - rng.random_range(22..=36)).max(0);
            let gender = random_gender(rng);
            let relation = by_gender(gender, Relation::Son, Relation::Daughter);
            people.push(Person {
                gender,
                birth: birth(rng, today, age),
                relation,
                surname: family_surname,
            });
            left -= 1;
        }
    }
    let mut members: Vec<NewMember> = people.iter().map(|p| member(rng, p, today)).collect();
    tag_household(rng, &mut members, today);
    members
}

fn member(rng: &mut impl Rng, p: &Person, today: NaiveDate) -> NewMember {
    let age = crate::domain::age_on(p.birth, today);
    let has_phone = age >= 16 && rng.random_bool(if age >= 80 { 0.5 } else { 0.93 });
    NewMember {
        name: names::full(rng, p.surname, p.gender, p.birth.year()),
        relation: p.relation,
        gender: Some(p.gender),
        birth: Some(p.birth),
        id_number: Some(id_number(rng, p.gender, p.birth, today)),
        phone: has_phone.then(|| phone(rng)),
        tags: Vec::new(),
        note: String::new(),
    }
}

/// Tags at realistic rates: 低保户 ~5% of households, 独居老人 ~4%, 残疾人 ~3% of people …
fn tag_household(rng: &mut impl Rng, members: &mut [NewMember], today: NaiveDate) {
    let ages: Vec<u32> = members
        .iter()
        .map(|m| m.birth.map_or(40, |b| crate::domain::age_on(b, today)))
        .collect();
    let add = |m: &mut NewMember, t: &str| {
        if let Some(tag) = Tag::new(t) {
            m.tags.push(tag);
        }
    };
    let n = members.len();
    if n == 1 && ages[0] >= 62 && rng.random_bool(0.7) {
        add(&mut members[0], "独居老人");
        if rng.random_bool(0.08) {
            add(&mut members[0], "五保户");
        }
    }
    if n == 2 && ages.iter().all(|a| *a >= 65) && rng.random_bool(0.6) {
        for m in members.iter_mut() {
            add(m, "空巢老人");
        }
    }
    if rng.random_bool(0.05) {
        add(&mut members[0], "低保户");
    }
    if rng.random_bool(0.05) {
        add(&mut members[0], "出租户");
    }
    let mut parent_away = false;
    for (i, m) in members.iter_mut().enumerate() {
        let age = ages[i];
        if rng.random_bool(0.03) {
            add(m, "残疾人");
        }
        if age >= 40 && rng.random_bool(0.025) {
            add(m, "重病");
        }
        if age >= 22 && rng.random_bool(0.08) {
            add(m, "党员");
        }
        if age >= 30 && m.gender == Some(Gender::Male) && rng.random_bool(0.04) {
            add(m, "退役军人");
        }
        if (20..=55).contains(&age) && m.relation != Relation::Head && rng.random_bool(0.12) {
            add(m, "外出务工");
            parent_away = true;
        }
    }
    if parent_away {
        for (i, m) in members.iter_mut().enumerate() {
            if ages[i] < 16 && rng.random_bool(0.6) {
                add(m, "留守儿童");
            }
        }
    }
}

fn weighted(rng: &mut impl Rng, options: &[(usize, u32)]) -> usize {
    let total: u32 = options.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (value, weight) in options {
        if pick < *weight {
            return *value;
        }
        pick -= weight;
    }
    options.first().map_or(1, |o| o.0)
}

fn random_gender(rng: &mut impl Rng) -> Gender {
    if rng.random_bool(0.5) {
        Gender::Male
    } else {
        Gender::Female
    }
}

fn by_gender<T>(g: Gender, male: T, female: T) -> T {
    if g == Gender::Male { male } else { female }
}

fn other(g: Gender) -> Gender {
    match g {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
    }
}

fn birth(rng: &mut impl Rng, today: NaiveDate, age: i32) -> NaiveDate {
    let days = i64::from(age) * 365 + rng.random_range(0..365);
    today
        .checked_sub_days(Days::new(u64::try_from(days).unwrap_or(0)))
        .unwrap_or(today)
}

fn id_number(rng: &mut impl Rng, gender: Gender, birth: NaiveDate, today: NaiveDate) -> IdNumber {
    let area = if rng.random_bool(0.8) {
        AREA_CODES[0]
    } else {
        AREA_CODES[rng.random_range(1..AREA_CODES.len())]
    };
    let mut seq: u32 = rng.random_range(0..500) * 2;
    if gender == Gender::Male {
        seq += 1;
    }
    let body = format!("{area}{}{seq:03}", birth.format("%Y%m%d"));
    let chars: Vec<char> = body.chars().collect();
    let check = check_char(&chars).unwrap_or('0');
    IdNumber::parse(&format!("{body}{check}"), today)
        .unwrap_or_else(|_| IdNumber::from_trusted(format!("{body}{check}")))
}

fn phone(rng: &mut impl Rng) -> Phone {
    const PREFIXES: &[&str] = &[
        "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155",
        "156", "157", "158", "159", "166", "177", "180", "181", "182", "185", "186", "187", "188",
        "189", "191", "199",
    ];
    let prefix = PREFIXES[rng.random_range(0..PREFIXES.len())];
    let rest: u32 = rng.random_range(0..100_000_000);
    Phone::from_trusted(format!("{prefix}{rest:08}"))
}
