//! Person categories (人员类别 / 关注对象) such as 低保户 or 独居老人.

use serde::{Deserialize, Serialize};

/// A category a member belongs to. Offices use their own lists, so any non-empty text is a tag;
/// the common ones are in [`Tag::KNOWN`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Tag(String);

impl Tag {
    pub const KNOWN: [&'static str; 12] = [
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

    pub fn new(raw: &str) -> Option<Self> {
        let s = super::text::compact(raw);
        (!s.is_empty()).then_some(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Splits a roster cell such as `低保户、残疾人` on 、 , ， ; ； / | and spaces, keeping
    /// the first occurrence of each.
    pub fn split_list(raw: &str) -> Vec<Tag> {
        let mut tags: Vec<Tag> = Vec::new();
        for tag in raw
            .split(['、', ',', '，', ';', '；', '/', ' ', '\u{3000}', '|'])
            .filter_map(Tag::new)
        {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags
    }
}

impl std::fmt::Display for Tag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_separator() {
        let tags = Tag::split_list("低保户、残疾人，党员; 低保户 重病");
        let names: Vec<_> = tags.iter().map(Tag::as_str).collect();
        assert_eq!(names, ["低保户", "残疾人", "党员", "重病"]);
        assert!(Tag::split_list(" ， ").is_empty());
    }
}
