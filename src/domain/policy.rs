//! Visit policy (走访频次): how often a household must be visited, from its members' tags.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::tag::Tag;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitPolicy {
    /// Days between visits for a household with none of the listed tags.
    pub default_days: u32,
    /// Days between visits per tag; the strictest (smallest) tag of any member wins.
    pub per_tag: BTreeMap<String, u32>,
}

impl Default for VisitPolicy {
    fn default() -> Self {
        let per_tag = [
            ("独居老人", 7),
            ("重病", 14),
            ("低保户", 30),
            ("残疾人", 30),
            ("留守儿童", 30),
            ("五保户", 30),
        ]
        .into_iter()
        .map(|(t, d)| (t.to_string(), d))
        .collect();
        Self {
            default_days: 90,
            per_tag,
        }
    }
}

/// Where a household stands against its policy on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub interval_days: u32,
    pub due_on: NaiveDate,
    /// Days past the due date; negative while it is still ahead.
    pub days_overdue: i64,
}

impl Due {
    pub fn is_due(&self) -> bool {
        self.days_overdue >= 0
    }
}

impl VisitPolicy {
    /// The visit interval for a household whose members carry `tags`.
    pub fn interval<'a>(&self, tags: impl IntoIterator<Item = &'a Tag>) -> u32 {
        tags.into_iter()
            .filter_map(|t| self.per_tag.get(t.as_str()).copied())
            .min()
            .unwrap_or(self.default_days)
            .max(1)
    }

    /// The tag that sets the interval, if any does.
    pub fn strictest_tag<'a>(&self, tags: impl IntoIterator<Item = &'a Tag>) -> Option<&'a Tag> {
        tags.into_iter()
            .filter_map(|t| self.per_tag.get(t.as_str()).map(|d| (*d, t)))
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, t)| t)
    }

    /// When the next visit is due: `interval` days after the last visit, or at once for a
    /// household never visited.
    pub fn due<'a>(
        &self,
        tags: impl IntoIterator<Item = &'a Tag>,
        last_visit: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Due {
        let interval_days = self.interval(tags);
        let due_on = match last_visit {
            Some(last) => last
                .checked_add_days(Days::new(u64::from(interval_days)))
                .unwrap_or(NaiveDate::MAX),
            None => today,
        };
        Due {
            interval_days,
            due_on,
            days_overdue: (today - due_on).num_days(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn tags(names: &[&str]) -> Vec<Tag> {
        names.iter().filter_map(|n| Tag::new(n)).collect()
    }

    #[test]
    fn strictest_tag_wins() {
        let p = VisitPolicy::default();
        assert_eq!(p.interval(&tags(&[])), 90);
        assert_eq!(p.interval(&tags(&["党员"])), 90);
        assert_eq!(p.interval(&tags(&["低保户", "独居老人", "重病"])), 7);
        assert_eq!(p.interval(&tags(&["残疾人", "重病"])), 14);
        let t = tags(&["低保户", "重病"]);
        assert_eq!(p.strictest_tag(&t).map(Tag::as_str), Some("重病"));
    }

    #[test]
    fn due_dates_follow_last_visit() {
        let p = VisitPolicy::default();
        let today = d(2026, 11, 23);
        let due = p.due(&tags(&["独居老人"]), Some(d(2026, 11, 10)), today);
        assert_eq!(due.due_on, d(2026, 11, 17));
        assert_eq!(due.days_overdue, 6);
        assert!(due.is_due());
        let due = p.due(&tags(&[]), Some(d(2026, 11, 10)), today);
        assert_eq!(due.days_overdue, -77);
        assert!(!due.is_due());
        let never = p.due(&tags(&[]), None, today);
        assert_eq!(never.days_overdue, 0);
        assert!(never.is_due());
    }

    #[test]
    fn several_tags_under_a_custom_policy() {
        let p = VisitPolicy {
            default_days: 60,
            per_tag: [
                ("出租户", 180),
                ("低保户", 30),
                ("残疾人", 30),
                ("独居老人", 10),
            ]
            .into_iter()
            .map(|(t, d)| (t.to_string(), d))
            .collect(),
        };
        // A listed tag replaces the default even when it is looser than it.
        assert_eq!(p.interval(&tags(&["出租户"])), 180);
        assert_eq!(p.interval(&tags(&["出租户", "党员"])), 180);
        assert_eq!(p.interval(&tags(&["出租户", "低保户"])), 30);
        // Equal intervals: the tag that sorts first names the rule, whatever the member order.
        let a = tags(&["残疾人", "低保户"]);
        let b = tags(&["低保户", "残疾人"]);
        assert_eq!(p.strictest_tag(&a), p.strictest_tag(&b));
        assert_eq!(p.strictest_tag(&tags(&["党员"])), None);
        let today = d(2026, 11, 23);
        let due = p.due(
            &tags(&["低保户", "独居老人", "出租户"]),
            Some(d(2026, 11, 1)),
            today,
        );
        assert_eq!((due.interval_days, due.days_overdue), (10, 12));
        // Never visited: due today whatever the tags.
        let never = p.due(&tags(&["出租户"]), None, today);
        assert_eq!((never.due_on, never.days_overdue), (today, 0));
        // An interval of 0 in a config is read as 1 day.
        let zero = VisitPolicy {
            default_days: 0,
            per_tag: BTreeMap::new(),
        };
        assert_eq!(zero.interval(&tags(&[])), 1);
    }
}
