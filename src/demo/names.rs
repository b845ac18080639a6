//! Names for demo residents: surnames drawn by their frequency in China (polyphonic surnames
//! included, so lookup is tested on them) and given names that fit the generation.

use rand::{Rng, RngExt};

use crate::domain::Gender;

/// Surnames with rough weights (per mille of the population, rounded; rare ones at least 1).
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72),
    ("李", 71),
    ("张", 68),
    ("刘", 54),
    ("陈", 46),
    ("杨", 31),
    ("黄", 23),
    ("赵", 22),
    ("吴", 20),
    ("周", 20),
    ("徐", 14),
    ("孙", 13),
    ("马", 12),
    ("朱", 12),
    ("胡", 11),
    ("郭", 11),
    ("何", 10),
    ("高", 10),
    ("林", 10),
    ("罗", 9),
    ("郑", 9),
    ("梁", 8),
    ("谢", 7),
    ("宋", 6),
    ("唐", 6),
    ("许", 6),
    ("韩", 6),
    ("冯", 5),
    ("邓", 5),
    ("曹", 5),
    ("彭", 5),
    ("曾", 5),
    ("肖", 5),
    ("田", 5),
    ("董", 5),
    ("袁", 4),
    ("潘", 4),
    ("于", 4),
    ("蒋", 4),
    ("蔡", 4),
    ("余", 4),
    ("杜", 4),
    ("叶", 4),
    ("程", 4),
    ("苏", 3),
    ("魏", 3),
    ("吕", 3),
    ("丁", 3),
    ("任", 3),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("姜", 3),
    ("崔", 3),
    ("钟", 3),
    ("谭", 3),
    ("陆", 3),
    ("汪", 3),
    ("范", 3),
    ("金", 3),
    ("石", 3),
    ("廖", 3),
    ("贾", 2),
    ("夏", 2),
    ("韦", 2),
    ("付", 2),
    ("方", 2),
    ("白", 2),
    ("邹", 2),
    ("孟", 2),
    ("熊", 2),
    ("秦", 2),
    ("邱", 2),
    ("江", 2),
    ("尹", 2),
    ("薛", 2),
    ("闫", 2),
    ("段", 2),
    ("雷", 2),
    ("侯", 2),
    ("龙", 2),
    ("史", 2),
    ("陶", 2),
    ("黎", 2),
    ("贺", 2),
    ("顾", 2),
    ("毛", 2),
    ("郝", 2),
    ("龚", 2),
    ("邵", 2),
    ("万", 2),
    ("钱", 2),
    ("严", 2),
    ("覃", 1),
    ("武", 2),
    ("戴", 2),
    ("莫", 1),
    ("孔", 1),
    ("向", 1),
    ("汤", 1),
    ("单", 1),
    ("解", 1),
    ("仇", 1),
    ("区", 1),
    ("朴", 1),
    ("翟", 1),
    ("查", 1),
    ("乐", 1),
    ("盖", 1),
    ("缪", 1),
    ("尉", 1),
    ("欧阳", 1),
    ("司马", 1),
    ("诸葛", 1),
    ("上官", 1),
];

const OLD_MALE: &[&str] = &[
    "建国", "建军", "德军", "国华", "振华", "国强", "志刚", "永福", "长生", "德明", "文斌", "富贵",
    "玉山", "根生", "学文", "宝山", "庆丰", "树林", "有才", "广德",
];
const OLD_FEMALE: &[&str] = &[
    "秀英", "桂英", "淑珍", "玉兰", "凤英", "秀兰", "桂兰", "玉梅", "素芬", "翠花", "金凤", "淑华",
    "春梅", "秀珍", "月娥", "兰英", "玉珍", "冬梅",
];
const MID_MALE: &[&str] = &[
    "伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "斌",
    "海涛", "志强", "建华", "晓东", "国庆", "红军", "永强", "文华", "俊峰", "卫东",
];
const MID_FEMALE: &[&str] = &[
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "红", "萍", "丽娟", "晓燕", "海燕",
    "雪梅", "秀芳", "春燕", "红梅", "丽华", "慧", "颖",
];
const YOUNG_MALE: &[&str] = &[
    "子轩", "浩然", "宇轩", "俊杰", "梓豪", "博文", "一鸣", "天佑", "皓轩", "思远", "家豪", "明轩",
    "子墨", "泽宇", "晨阳", "嘉懿", "煜城", "逸飞",
];
const YOUNG_FEMALE: &[&str] = &[
    "梓涵", "一诺", "欣怡", "雨桐", "梓萱", "思涵", "若曦", "诗涵", "可馨", "语嫣", "子涵", "佳怡",
    "雨欣", "紫萱", "梦琪", "静怡", "芷若", "安然",
];

/// Draws a surname by frequency.
pub fn surname(rng: &mut impl Rng) -> &'static str {
    let total: u32 = SURNAMES.iter().map(|(_, w)| w).sum();
    let mut pick = rng.random_range(0..total);
    for (name, weight) in SURNAMES {
        if pick < *weight {
            return name;
        }
        pick -= weight;
    }
    "王"
}

/// A given name that fits someone born in `birth_year`.
pub fn given(rng: &mut impl Rng, gender: Gender, birth_year: i32) -> &'static str {
    let list = match (gender, birth_year) {
        (Gender::Male, ..=1960) => OLD_MALE,
        (Gender::Female, ..=1960) => OLD_FEMALE,
        (Gender::Male, 1961..=1995) => MID_MALE,
        (Gender::Female, 1961..=1995) => MID_FEMALE,
        (Gender::Male, _) => YOUNG_MALE,
        (Gender::Female, _) => YOUNG_FEMALE,
    };
    list[rng.random_range(0..list.len())]
}

/// A full name.
pub fn full(rng: &mut impl Rng, surname: &str, gender: Gender, birth_year: i32) -> String {
    format!("{surname}{}", given(rng, gender, birth_year))
}

/// Grid workers, party-member liaisons and building heads who record visits.
pub const WORKERS: &[&str] = &[
    "王芳",
    "李德军",
    "张丽娟",
    "刘建华",
    "陈静",
    "杨海燕",
    "赵志强",
    "周晓燕",
    "吴俊峰",
    "孙慧",
    "曾国庆",
    "翟红梅",
];
pub const HELPERS: &[&str] = &[
    "楼栋长 马玉兰",
    "党员 郑卫东",
    "志愿者 许晓东",
    "楼栋长 邓秀芳",
];
