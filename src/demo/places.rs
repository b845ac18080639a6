//! Compounds, grids and numbering for demo addresses.

/// Residential compounds (小区).
pub const COMPOUNDS: &[&str] = &[
    "幸福小区",
    "和平家园",
    "阳光花园",
    "锦绣苑",
    "翠湖园",
    "滨江花城",
    "书香苑",
    "金桂园",
    "康乐小区",
    "南湖新村",
    "长青苑",
    "丽景华庭",
    "东方明珠苑",
    "润泽家园",
    "紫荆花园",
    "春晖小区",
    "碧水湾",
    "福星小区",
    "龙泉苑",
    "望江小区",
    "红星新村",
    "安居苑",
    "新华里",
    "柳荫小区",
];

/// Area codes (the first six digits of ID numbers) for local and migrant residents.
pub const AREA_CODES: &[&str] = &["520323", "520302", "520112", "510104", "430102", "410105"];

const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `第一网格`, `第十二网格`, … for 1-based grid numbers up to 99.
pub fn grid_name(n: usize) -> String {
    let tens = n / 10;
    let ones = n % 10;
    let number = match (tens, ones) {
        (0, o) => DIGITS[o].to_string(),
        (1, o) => format!("十{}", DIGITS[o]),
        (t, o) => format!("{}十{}", DIGITS[t % 10], DIGITS[o]),
    };
    format!("第{number}网格")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_names_read_as_chinese_numbers() {
        assert_eq!(grid_name(1), "第一网格");
        assert_eq!(grid_name(10), "第十网格");
        assert_eq!(grid_name(12), "第十二网格");
        assert_eq!(grid_name(30), "第三十网格");
        assert_eq!(grid_name(47), "第四十七网格");
    }
}
