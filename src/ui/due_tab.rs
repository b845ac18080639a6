//! Tab 2, the due queue: households the visit policy says to visit now, grouped by building so
//! the list reads as today's walking route. `Enter` opens the household, `n` starts its visit.

use super::action::Action;
use super::app::{App, Tab};
use super::list::HouseholdList;
use crate::domain::HouseholdId;
use crate::i18n::Msg;
use crate::report::{DueQueue, due_queue};
use crate::store::Store;

#[derive(Debug, Clone, Default)]
pub struct DueTab {
    pub queue: Option<DueQueue>,
    /// Index among the households (group headers are not selectable).
    pub selected: usize,
    pub offset: usize,
    /// Something was written since the queue was read.
    pub stale: bool,
}

impl DueTab {
    pub fn selected_household(&self) -> Option<HouseholdId> {
        self.queue
            .as_ref()?
            .households()
            .nth(self.selected)
            .map(|h| h.id)
    }
}

pub fn load(app: &mut App, store: &Store) {
    match due_queue(store, &app.policy, &app.config.grids, app.today()) {
        Ok(q) => {
            app.due.selected = app.due.selected.min(q.len().saturating_sub(1));
            app.due.queue = Some(q);
            app.due.stale = false;
        }
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}

pub fn update(app: &mut App, action: Action, store: &mut Store) {
    let len = app.due.queue.as_ref().map_or(0, DueQueue::len);
    let page = usize::from(app.size.1.saturating_sub(6)).max(1) as isize;
    match action {
        Action::Up => HouseholdList::move_by(&mut app.due.selected, len, -1),
        Action::Down => HouseholdList::move_by(&mut app.due.selected, len, 1),
        Action::PageUp => HouseholdList::move_by(&mut app.due.selected, len, -page),
        Action::PageDown => HouseholdList::move_by(&mut app.due.selected, len, page),
        Action::Home => app.due.selected = 0,
        Action::End => app.due.selected = len.saturating_sub(1),
        Action::Open | Action::NewVisit => {
            if let Some(id) = app.due.selected_household() {
                app.tab = Tab::Households;
                super::update::open_card(app, store, id);
                if action == Action::NewVisit {
                    super::visit::open(app, store, id);
                }
            }
        }
        Action::Back => app.tab = Tab::Households,
        _ => {}
    }
}
