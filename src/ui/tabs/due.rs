//! Tab 2, the due queue: households the visit policy says to visit now, grouped by building so
//! the list reads as today's walking route. `Enter` opens the household, `n` starts its visit;
//! after the visit the worker is back on the route with the next household selected.

use crate::domain::HouseholdId;
use crate::report::{DueQueue, due_queue};
use crate::ui::action::Action;
use crate::ui::cursor::Move;
use crate::ui::cx::Cx;
use crate::ui::effect::{Effect, Effects, Tab};
use crate::ui::layout;

#[derive(Debug, Clone, Default)]
pub struct DueTab {
    pub queue: Option<DueQueue>,
    /// Index among the households (group headers are not selectable).
    pub selected: usize,
    /// The first line shown (lines include the buildings' headers).
    pub offset: usize,
    /// Something was written since the queue was read.
    pub stale: bool,
    /// The household opened from the route, to step past when the worker comes back.
    pub opened: Option<HouseholdId>,
}

impl DueTab {
    pub fn selected_household(&self) -> Option<HouseholdId> {
        self.queue
            .as_ref()?
            .households()
            .nth(self.selected)
            .map(|h| h.id)
    }

    pub fn needs_load(&self) -> bool {
        self.queue.is_none() || self.stale
    }

    /// Reads the queue again. The household visited from the route has usually left it, so
    /// the same index now selects the next one; if it is still due, the next one is selected.
    pub fn load(&mut self, cx: &Cx<'_>) -> Effects {
        match due_queue(cx.store, cx.policy, &cx.config.grids, cx.today()) {
            Ok(q) => {
                if let Some(opened) = self.opened.take()
                    && let Some(pos) = q.households().position(|h| h.id == opened)
                {
                    self.selected = pos + 1;
                }
                self.selected = self.selected.min(q.len().saturating_sub(1));
                self.queue = Some(q);
                self.stale = false;
                self.offset = self.keep_in_view(layout::due_lines(cx.size));
                Effects::none()
            }
            Err(e) => Effects::error(crate::explain::shown(cx.lang, &e)),
        }
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx<'_>) -> Effects {
        let len = self.queue.as_ref().map_or(0, DueQueue::len);
        let height = layout::due_lines(cx.size);
        if let Some(m) = Move::of(&action) {
            let mut c = crate::ui::cursor::Cursor {
                selected: self.selected,
                offset: 0,
            };
            c.go(m, len, height);
            self.selected = c.selected;
            self.offset = self.keep_in_view(height);
            return Effects::none();
        }
        match action {
            Action::Open | Action::NewVisit => {
                let Some(household) = self.selected_household() else {
                    return Effects::none();
                };
                self.opened = Some(household);
                Effects::one(if action == Action::NewVisit {
                    Effect::Visit {
                        household,
                        from: Tab::Due,
                    }
                } else {
                    Effect::Open {
                        household,
                        from: Tab::Due,
                    }
                })
            }
            Action::Search => Effects::one(Effect::Lookup),
            Action::Back => Effects::one(Effect::Go(Tab::Households)),
            _ => Effects::none(),
        }
    }

    /// Which household each line shows (`None` for a building's header).
    pub fn lines(&self) -> Vec<Option<usize>> {
        let mut lines = Vec::new();
        let mut i = 0;
        for g in self.queue.iter().flat_map(|q| &q.groups) {
            lines.push(None);
            for _ in &g.households {
                lines.push(Some(i));
                i += 1;
            }
        }
        lines
    }

    /// The first line to show so the selection stays where it was on screen when it can, in
    /// view always, with its building's header when that fits.
    pub fn keep_in_view(&self, height: usize) -> usize {
        let lines = self.lines();
        let Some(sel) = lines.iter().position(|l| *l == Some(self.selected)) else {
            return 0;
        };
        let mut offset = self.offset.min(lines.len().saturating_sub(height));
        if sel < offset {
            offset = sel;
        } else if sel >= offset + height {
            offset = sel + 1 - height;
        }
        match lines[..=sel].iter().rposition(Option::is_none) {
            Some(header) if sel - header < height && header < offset => header,
            _ => offset,
        }
    }
}
