//! Period figures, the due queue and the ledgers (台账), computed from the store. No SQL here
//! (the queries are in `store::figures`, `store::ledger`, `store::due`) and no terminal: the
//! results are values, CSV bytes or XLSX bytes.

mod asof;
pub mod csv_file;
pub mod due;
pub mod figures;
#[cfg(test)]
mod figures_tests;
pub mod labels;
pub mod ledger;
mod stats;
pub mod text;
pub mod xlsx;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

pub use due::{DueGroup, DueHousehold, DueQueue, due_queue};
pub use figures::{Figures, TagFigures, VisitsByMode, WeekCount, WorkerFigures, figures};
pub use ledger::{Cell, LedgerKind, Table};
pub use stats::median;

use crate::store::StoreError;

/// What can go wrong producing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("the period starts ({from}) after it ends ({to}); give the earlier date first")]
    Reversed { from: NaiveDate, to: NaiveDate },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(String),
    #[error("cannot write the CSV file: {0}")]
    Csv(String),
}

/// A period of whole days, `from` to `to` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, ReportError> {
        if from > to {
            return Err(ReportError::Reversed { from, to });
        }
        Ok(Self { from, to })
    }

    /// The calendar month holding `day`, up to and including `day` (month to date).
    pub fn month_to_date(day: NaiveDate) -> Self {
        Self {
            from: day.with_day(1).unwrap_or(day),
            to: day,
        }
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// The first moment after the period (midnight after `to`, local time): "as of the period
    /// end" means "before this".
    pub fn end(&self) -> NaiveDateTime {
        self.to
            .checked_add_days(Days::new(1))
            .unwrap_or(NaiveDate::MAX)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_are_whole_days_in_order() {
        assert!(matches!(
            Period::new(d(2026, 11, 2), d(2026, 11, 1)),
            Err(ReportError::Reversed { .. })
        ));
        let p = Period::new(d(2026, 11, 1), d(2026, 11, 30)).unwrap();
        assert!(p.contains(d(2026, 11, 30)) && !p.contains(d(2026, 12, 1)));
        assert_eq!(p.end(), d(2026, 12, 1).and_hms_opt(0, 0, 0).unwrap());
        let one = Period::new(d(2026, 11, 5), d(2026, 11, 5)).unwrap();
        assert!(one.contains(d(2026, 11, 5)));
        let m = Period::month_to_date(d(2026, 11, 23));
        assert_eq!((m.from(), m.to()), (d(2026, 11, 1), d(2026, 11, 23)));
    }
}
