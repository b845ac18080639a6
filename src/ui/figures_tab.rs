//! Tab 4, the figures: the month so far by default, `[` and `]` for other months.

use chrono::{Datelike, Months, NaiveDate};

use super::action::Action;
use super::app::{App, Tab};
use crate::i18n::Msg;
use crate::report::{Figures, Period, figures};
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct FiguresTab {
    /// The first day of the month shown; `None` is the current month.
    pub month: Option<NaiveDate>,
    pub figures: Option<Figures>,
    pub stale: bool,
}

/// The month shown: the whole month, or up to today for the current one.
pub fn period(app: &App) -> Period {
    let today = app.today();
    match app.figures.month {
        Some(first) if first.with_day(1) != today.with_day(1) => {
            let last = first
                .checked_add_months(Months::new(1))
                .and_then(|d| d.pred_opt())
                .unwrap_or(first);
            Period::new(first, last.min(today)).unwrap_or_else(|_| Period::month_to_date(today))
        }
        _ => Period::month_to_date(today),
    }
}

pub fn load(app: &mut App, store: &Store) {
    match figures(store, period(app), &app.config.grids, &app.policy) {
        Ok(f) => {
            app.figures.figures = Some(f);
            app.figures.stale = false;
        }
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}

pub fn update(app: &mut App, action: Action, store: &mut Store) {
    let today = app.today();
    let current = period(app).from().with_day(1).unwrap_or(today);
    let month = match action {
        Action::PrevPeriod => current.checked_sub_months(Months::new(1)),
        Action::NextPeriod => current
            .checked_add_months(Months::new(1))
            .filter(|m| *m <= today),
        Action::Home => Some(today.with_day(1).unwrap_or(today)),
        Action::Back => {
            app.tab = Tab::Households;
            return;
        }
        _ => return,
    };
    if let Some(m) = month {
        app.figures.month = Some(m);
        load(app, store);
    }
}
