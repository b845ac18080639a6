//! Readings: how each character of a text is spelled in pinyin, and the compact key built from
//! them.
//!
//! A key is one reading per "unit" (a character that has a reading, or an ASCII letter or digit
//! kept as itself), all lower-case ASCII, with `ü` spelled `v` as input methods do. Personal names
//! read their surname from [`SURNAMES`] / [`COMPOUND_SURNAMES`] because the pinyin crate's first
//! reading is the common-word one (曾 → ceng, 单 → dan). Every other character, and all non-name
//! text, takes the crate's default reading: indexing every alternative reading of every character
//! would double the false hits (`ldj` would find 李德强 through 强's other readings).

use pinyin::ToPinyin;

/// Single-character surnames whose surname reading differs from the pinyin crate's default,
/// with an alternative reading where families genuinely use both.
const SURNAMES: &[(char, &str, Option<&str>)] = &[
    ('曾', "zeng", None),
    ('单', "shan", None),
    ('解', "xie", None),
    ('仇', "qiu", None),
    ('区', "ou", None),
    ('朴', "piao", None),
    ('翟', "zhai", None),
    ('查', "zha", None),
    ('乐', "yue", Some("le")),
    ('盖', "ge", Some("gai")),
    ('缪', "miao", None),
    ('尉', "yu", Some("wei")),
    ('覃', "qin", Some("tan")),
    ('秘', "bi", None),
    ('种', "chong", None),
    ('员', "yun", None),
    ('重', "chong", None),
    ('长', "chang", None),
    ('薄', "bo", None),
    ('阚', "kan", None),
    ('都', "du", None),
    ('隗', "wei", None),
    ('召', "shao", None),
    ('祭', "zhai", None),
    ('句', "gou", None),
    ('能', "nai", None),
    ('繁', "po", None),
    ('蕃', "pi", None),
    ('郇', "xun", None),
    ('折', "she", None),
    ('黑', "he", None),
    ('宓', "fu", Some("mi")),
];

/// Compound (two-character) surnames with their readings. Listed even where the default reading
/// is right, so that the single-surname table never applies to their first character (单于 is
/// chanyu, not shanyu).
const COMPOUND_SURNAMES: &[(&str, [&str; 2])] = &[
    ("欧阳", ["ou", "yang"]),
    ("司马", ["si", "ma"]),
    ("诸葛", ["zhu", "ge"]),
    ("上官", ["shang", "guan"]),
    ("东方", ["dong", "fang"]),
    ("皇甫", ["huang", "fu"]),
    ("尉迟", ["yu", "chi"]),
    ("令狐", ["ling", "hu"]),
    ("慕容", ["mu", "rong"]),
    ("司徒", ["si", "tu"]),
    ("万俟", ["mo", "qi"]),
    ("长孙", ["zhang", "sun"]),
    ("单于", ["chan", "yu"]),
    ("澹台", ["tan", "tai"]),
    ("乐正", ["yue", "zheng"]),
    ("夏侯", ["xia", "hou"]),
    ("公孙", ["gong", "sun"]),
    ("宇文", ["yu", "wen"]),
    ("轩辕", ["xuan", "yuan"]),
    ("端木", ["duan", "mu"]),
    ("西门", ["xi", "men"]),
    ("南宫", ["nan", "gong"]),
    ("独孤", ["du", "gu"]),
    ("呼延", ["hu", "yan"]),
    ("钟离", ["zhong", "li"]),
    ("闻人", ["wen", "ren"]),
    ("百里", ["bai", "li"]),
    ("鲜于", ["xian", "yu"]),
    ("闾丘", ["lv", "qiu"]),
    ("亓官", ["qi", "guan"]),
];

/// How the first character(s) of a personal name read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lead {
    /// No surname override: every character takes its default reading.
    Default,
    /// The first character reads this way.
    One(&'static str),
    /// The first two characters read this way (a compound surname).
    Two(&'static str, &'static str),
}

/// The surname readings of a personal name: the one to index, and an alternative one that gets
/// a second key (only a few surnames have one).
pub(crate) fn name_leads(name: &str) -> (Lead, Option<Lead>) {
    let mut chars = name.chars();
    let (Some(first), second) = (chars.next(), chars.next()) else {
        return (Lead::Default, None);
    };
    if let Some(second) = second {
        for (pair, readings) in COMPOUND_SURNAMES {
            let mut p = pair.chars();
            if p.next() == Some(first) && p.next() == Some(second) {
                return (Lead::Two(readings[0], readings[1]), None);
            }
        }
    }
    match SURNAMES.iter().find(|(c, _, _)| *c == first) {
        Some((_, reading, alt)) => (Lead::One(reading), alt.map(Lead::One)),
        None => (Lead::Default, None),
    }
}

/// The largest number of units and of reading bytes in one key; longer texts are keyed up to
/// that point (offsets and char indices are stored as `u8`).
pub(crate) const MAX_UNITS: usize = 255;
const MAX_FULL: usize = 255;

/// A key under construction, reused between texts to avoid allocation.
#[derive(Debug, Default)]
pub(crate) struct KeyBuf {
    /// Start of each unit's reading in `full`.
    pub offs: Vec<u8>,
    /// All readings concatenated.
    pub full: Vec<u8>,
    /// The char index in the source text of each unit.
    pub chars: Vec<u8>,
    /// [`letter_mask`] of `full`.
    pub mask: u32,
    /// [`letter_bit`] of each unit's first byte: every match starts at a unit.
    pub initials: u32,
}

impl KeyBuf {
    fn clear(&mut self) {
        self.offs.clear();
        self.full.clear();
        self.chars.clear();
        self.mask = 0;
        self.initials = 0;
    }

    /// Whether unit `i` sits at char `i` for every unit (no skipped characters), so the char
    /// indices need not be stored.
    pub fn dense(&self) -> bool {
        self.chars
            .iter()
            .enumerate()
            .all(|(i, &c)| usize::from(c) == i)
    }

    /// Appends one unit; false when the key is full.
    fn push(&mut self, char_index: usize, reading: &str) -> bool {
        let (Ok(ci), Ok(off)) = (u8::try_from(char_index), u8::try_from(self.full.len())) else {
            return false;
        };
        if self.offs.len() >= MAX_UNITS || self.full.len() + reading.len() > MAX_FULL {
            return false;
        }
        self.offs.push(off);
        self.chars.push(ci);
        let first = self.full.len();
        for ch in reading.chars() {
            let b = match ch {
                'ü' => b'v',
                c if c.is_ascii() => c.to_ascii_lowercase() as u8,
                _ => continue,
            };
            self.full.push(b);
            self.mask |= letter_bit(b);
        }
        if let Some(&b) = self.full.get(first) {
            self.initials |= letter_bit(b);
        }
        true
    }
}

/// Fills `buf` with the key of `text` (already normalised: half-width, lower-case ASCII), whose
/// first characters read as `lead` says.
pub(crate) fn fill_key(buf: &mut KeyBuf, text: &str, lead: Lead) {
    buf.clear();
    let mut ascii = [0u8; 4];
    for (i, ch) in text.chars().enumerate() {
        let reading: &str = match (lead, i) {
            (Lead::One(r), 0) | (Lead::Two(r, _), 0) | (Lead::Two(_, r), 1) => r,
            _ if ch.is_ascii_alphanumeric() => ch.to_ascii_lowercase().encode_utf8(&mut ascii),
            _ => match ch.to_pinyin() {
                Some(p) => p.plain(),
                None => continue,
            },
        };
        if !buf.push(i, reading) {
            break;
        }
    }
}

/// The bit of one key or query byte in a 32-bit "which bytes occur" mask: a bit per letter, and
/// the digits folded onto the remaining six bits. A key can only match a query whose mask is a
/// subset of its own.
pub(crate) fn letter_bit(b: u8) -> u32 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + (b - b'0') % 6),
        _ => 0,
    }
}

/// [`letter_bit`] of every byte.
pub(crate) fn letter_mask(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0, |m, &b| m | letter_bit(b))
}

/// The reading of each unit of a key built by [`fill_key`], for tests and highlights.
#[cfg(test)]
pub(crate) fn readings(buf: &KeyBuf) -> Vec<String> {
    let mut out = Vec::new();
    for (i, &o) in buf.offs.iter().enumerate() {
        let end = buf
            .offs
            .get(i + 1)
            .map_or(buf.full.len(), |&e| usize::from(e));
        out.push(String::from_utf8_lossy(&buf.full[usize::from(o)..end]).into_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str, name: bool) -> (String, String) {
        let mut buf = KeyBuf::default();
        let lead = if name {
            name_leads(text).0
        } else {
            Lead::Default
        };
        fill_key(&mut buf, text, lead);
        let r = readings(&buf);
        let initials: String = r.iter().filter_map(|s| s.chars().next()).collect();
        (initials, r.concat())
    }

    #[test]
    fn surnames_read_as_names_do() {
        assert_eq!(key("曾国藩", true), ("zgf".into(), "zengguofan".into()));
        assert_eq!(key("单雄信", true).0, "sxx");
        assert_eq!(key("解缙", true), ("xj".into(), "xiejin".into()));
        assert_eq!(key("区", true).1, "ou");
        assert_eq!(key("朴", true).1, "piao");
        assert_eq!(key("翟", true).1, "zhai");
        assert_eq!(key("查", true).1, "zha");
        assert_eq!(key("仇", true).1, "qiu");
        assert_eq!(key("欧阳修", true), ("oyx".into(), "ouyangxiu".into()));
        assert_eq!(key("尉迟恭", true).1, "yuchigong");
        assert_eq!(key("万俟卨", true).0, "mqx");
        assert_eq!(key("单于", true).1, "chanyu");
    }

    #[test]
    fn non_name_text_takes_default_readings() {
        // 单 in 单元 is dan, 区 in 小区 is qu: the surname table is for names only.
        assert_eq!(key("2单元", false).1, "2danyuan");
        assert_eq!(
            key("幸福小区", false),
            ("xfxq".into(), "xingfuxiaoqu".into())
        );
        // Only the first character of a name is a surname.
        assert_eq!(key("王单", true).1, "wangdan");
    }

    #[test]
    fn u_umlaut_is_spelled_v() {
        assert_eq!(key("吕绿", true).1, "lvlv");
    }

    #[test]
    fn alternatives_only_at_the_surname() {
        assert_eq!(
            name_leads("乐嘉"),
            (Lead::One("yue"), Some(Lead::One("le")))
        );
        assert_eq!(name_leads("李乐"), (Lead::Default, None));
        assert_eq!(name_leads(""), (Lead::Default, None));
    }

    #[test]
    fn skipped_characters_keep_char_indices() {
        let mut buf = KeyBuf::default();
        fill_key(&mut buf, "买买提·艾力", Lead::Default);
        assert_eq!(buf.chars, [0, 1, 2, 4, 5]);
        assert!(!buf.dense());
        fill_key(&mut buf, "a栋", Lead::Default);
        assert_eq!(readings(&buf), ["a", "dong"]);
        assert!(buf.dense());
    }

    #[test]
    fn mask_holds_every_letter() {
        let mut buf = KeyBuf::default();
        fill_key(&mut buf, "李德军", Lead::Default);
        assert_eq!(buf.mask, letter_mask(b"lidejun"));
        assert_eq!(letter_mask(b"ldj") & !buf.mask, 0);
        assert_ne!(letter_mask(b"ldq") & !buf.mask, 0);
        assert_eq!(buf.initials, letter_mask(b"ldj"));
    }
}
