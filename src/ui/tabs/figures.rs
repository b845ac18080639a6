//! Tab 4, the figures: the month so far by default, `[` and `]` for other months; the page
//! scrolls when the tables do not fit.

use chrono::{Datelike, Months, NaiveDate};

use crate::report::{Figures, Period, figures};
use crate::ui::action::Action;
use crate::ui::cx::Cx;
use crate::ui::effect::{Effect, Effects, Tab};

#[derive(Debug, Clone, Default)]
pub struct FiguresTab {
    /// The first day of the month shown; `None` is the current month.
    pub month: Option<NaiveDate>,
    pub figures: Option<Figures>,
    pub stale: bool,
    /// The first line shown when the page is taller than the screen.
    pub scroll: usize,
    /// How far the last frame could scroll (the view knows the page's length).
    pub max_scroll: std::cell::Cell<usize>,
}

impl FiguresTab {
    /// The month shown: the whole month, or up to today for the current one.
    pub fn period(&self, today: NaiveDate) -> Period {
        match self.month {
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

    pub fn needs_load(&self) -> bool {
        self.figures.is_none() || self.stale
    }

    pub fn load(&mut self, cx: &Cx<'_>) -> Effects {
        match figures(
            cx.store,
            self.period(cx.today()),
            &cx.config.grids,
            cx.policy,
        ) {
            Ok(f) => {
                self.figures = Some(f);
                self.stale = false;
                Effects::none()
            }
            Err(e) => Effects::error(crate::explain::shown(cx.lang, &e)),
        }
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx<'_>) -> Effects {
        let today = cx.today();
        let current = self.period(today).from().with_day(1).unwrap_or(today);
        let page = crate::ui::layout::body_height(cx.size).max(1);
        let month = match action {
            Action::PrevPeriod => current.checked_sub_months(Months::new(1)),
            Action::NextPeriod => current
                .checked_add_months(Months::new(1))
                .filter(|m| *m <= today),
            Action::Home => {
                self.scroll = 0;
                Some(today.with_day(1).unwrap_or(today))
            }
            Action::Down => {
                self.scroll = (self.scroll + 1).min(self.max_scroll.get());
                None
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                None
            }
            Action::PageDown => {
                self.scroll = (self.scroll + page).min(self.max_scroll.get());
                None
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page);
                None
            }
            Action::Search => return Effects::one(Effect::Lookup),
            Action::Back => return Effects::one(Effect::Go(Tab::Households)),
            _ => None,
        };
        match month {
            Some(m) => {
                self.month = Some(m);
                self.load(cx)
            }
            None => Effects::none(),
        }
    }
}
