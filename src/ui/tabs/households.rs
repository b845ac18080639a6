//! Tab 1, the households: the list with its lookup box, and the household card. Other tabs
//! open a card here through `Effect::Open`; `Esc` on it goes back to where it was opened from.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{HouseholdId, MemberStatus, VisitPolicy};
use crate::i18n::Msg;
use crate::search::Index;
use crate::ui::action::Action;
use crate::ui::card::{Card, Section};
use crate::ui::cursor::Move;
use crate::ui::cx::Cx;
use crate::ui::effect::{Effect, Effects, Tab};
use crate::ui::form::{Form, Target};
use crate::ui::layout;
use crate::ui::list::{Filter, HouseholdList, Sort};
use crate::ui::overlay::{Confirm, Overlay, Pending, Pick, Picker};
use crate::ui::search::SearchBox;

#[derive(Debug, Default)]
pub struct HouseholdsTab {
    pub list: HouseholdList,
    pub search: SearchBox,
    /// The open card, if any (it covers the list).
    pub card: Option<Card>,
    /// Where `Esc` on the card, and the end of a visit started from a tab, go back to.
    pub card_from: Tab,
    /// Row of each household in `list.rows`.
    pub row_of: HashMap<HouseholdId, usize>,
}

impl HouseholdsTab {
    /// Recomputes the list's view (grids, filter, sort) keeping the selection.
    pub fn refresh(&mut self, grids: &[String], policy: &VisitPolicy, today: NaiveDate) {
        self.list.refresh(grids, policy, today);
    }

    /// The household selected in the list or among the lookup's hits.
    pub fn selected(&self) -> Option<HouseholdId> {
        if self.search.active() {
            self.search.selected()
        } else {
            self.list
                .selected_row()
                .and_then(|i| self.list.rows.get(i))
                .map(|r| r.id)
        }
    }

    /// Opens a household's card (numbers masked unless the config says otherwise) and selects
    /// it in the list.
    pub fn open_card(&mut self, cx: &Cx<'_>, id: HouseholdId, from: Tab) -> Effects {
        let store = &*cx.store;
        let loaded = store.household_row(id).and_then(|row| match row {
            Some(row) => Card::load(store, row),
            None => Ok(None),
        });
        match loaded {
            Ok(Some(mut card)) => {
                card.reveal = !cx.config.mask;
                self.card = Some(card);
                self.card_from = from;
                self.search.focused = false;
                if let Some(&row) = self.row_of.get(&id) {
                    self.list.select_row(row);
                }
                Effects::none()
            }
            Ok(None) => Effects::none(),
            Err(e) => Effects::error(crate::explain::shown(cx.lang, &e)),
        }
    }

    /// Shows the list: the card closes.
    pub fn show_list(&mut self) {
        self.card = None;
        self.card_from = Tab::Households;
    }

    /// A fresh lookup: the card closes and the box takes the keys.
    pub fn start_lookup(&mut self) {
        self.show_list();
        self.search.clear();
        self.search.focused = true;
    }

    /// Runs the query again (after a keystroke, or when a new index arrives).
    pub fn rerun_search(&mut self, index: Option<&Index>) {
        if let Some(index) = index {
            self.search.run(index);
        }
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx<'_>, index: Option<&Index>) -> Effects {
        if self.card.is_some() {
            self.card_update(action, cx)
        } else {
            self.list_update(action, cx, index)
        }
    }

    /// The household list and its lookup box.
    fn list_update(&mut self, action: Action, cx: &mut Cx<'_>, index: Option<&Index>) -> Effects {
        let searching = self.search.active();
        let height = layout::household_rows(cx.size);
        if self.search.focused && self.search.input.apply(&action) {
            self.rerun_search(index);
            return Effects::none();
        }
        if let Some(m) = Move::of(&action) {
            if searching {
                let len = self.search.hits.len();
                self.search.cursor.go(m, len, height);
            } else {
                let len = self.list.view.len();
                self.list.cursor.go(m, len, height);
            }
            return Effects::none();
        }
        let selected = self.selected();
        match action {
            // `/` always starts a fresh lookup.
            Action::Search => Effects::one(Effect::Lookup),
            Action::Back => {
                if self.search.focused && !self.search.active() {
                    self.search.focused = false;
                } else if searching {
                    self.search.clear();
                    self.search.focused = false;
                }
                Effects::none()
            }
            Action::Open => match selected {
                Some(household) => Effects::one(Effect::Open {
                    household,
                    from: Tab::Households,
                }),
                None => Effects::none(),
            },
            Action::NewVisit => match selected {
                Some(household) => Effects::one(Effect::Visit {
                    household,
                    from: Tab::Households,
                }),
                None => Effects::none(),
            },
            Action::Sort => {
                self.list.sort = self.list.sort.next();
                self.refresh(&cx.config.grids, cx.policy, cx.today());
                let s = match self.list.sort {
                    Sort::Address => Msg::SortAddress,
                    Sort::SinceVisit => Msg::SortSinceVisit,
                    Sort::Name => Msg::SortName,
                };
                Effects::info(cx.lang.f(Msg::SortedBy, &[("s", &cx.t(s))]))
            }
            Action::Filter => {
                Effects::one(Effect::Overlay(Overlay::Picker(self.filter_picker(cx))))
            }
            Action::ImportRoster => Effects::one(Effect::Overlay(Overlay::Import(Box::default()))),
            Action::AddHousehold => {
                let selected = self.list.selected_row().and_then(|i| self.list.rows.get(i));
                let grid = cx
                    .config
                    .grids
                    .first()
                    .cloned()
                    .or_else(|| selected.map(|r| r.grid.clone()))
                    .unwrap_or_default();
                let mut address = selected.map(|r| r.address.clone()).unwrap_or_default();
                address.room.clear();
                Effects::one(Effect::Overlay(Overlay::Form(Box::new(Form::household(
                    Target::NewHousehold,
                    &grid,
                    &address,
                    "",
                )))))
            }
            _ => Effects::none(),
        }
    }

    /// The household card.
    fn card_update(&mut self, action: Action, cx: &mut Cx<'_>) -> Effects {
        let Some(card) = self.card.as_mut() else {
            return Effects::none();
        };
        let lang = cx.lang;
        let form = |f: Form| Effects::one(Effect::Overlay(Overlay::Form(Box::new(f))));
        match action {
            // `/` leaves the card for a fresh lookup; what follows is the query, never commands.
            Action::Search => Effects::one(Effect::Lookup),
            Action::Back => {
                let back = self.card_from;
                self.show_list();
                if back == Tab::Households {
                    Effects::none()
                } else {
                    Effects::one(Effect::Go(back))
                }
            }
            Action::Up => {
                card.move_by(-1);
                Effects::none()
            }
            Action::Down => {
                card.move_by(1);
                Effects::none()
            }
            Action::PageUp => {
                card.move_by(-10);
                Effects::none()
            }
            Action::PageDown => {
                card.move_by(10);
                Effects::none()
            }
            Action::Home => {
                card.move_by(isize::MIN / 2);
                Effects::none()
            }
            Action::End => {
                card.move_by(isize::MAX / 2);
                Effects::none()
            }
            Action::NextField => {
                card.section = card.section.next();
                Effects::none()
            }
            Action::PrevField => {
                card.section = card.section.prev();
                Effects::none()
            }
            Action::Reveal => {
                card.reveal = !card.reveal;
                Effects::info(cx.t(if card.reveal {
                    Msg::Revealed
                } else {
                    Msg::Masked
                }))
            }
            Action::Edit if card.section == Section::Visits => Effects::one(Effect::Amend),
            Action::Edit if card.section == Section::Members => match card.selected_member() {
                Some(m) => form(Form::member(lang, Target::Member(m.id), Some(m))),
                None => Effects::info(cx.t(Msg::SelectMemberFirst)),
            },
            Action::Edit | Action::EditHousehold => {
                let h = &card.household;
                form(Form::household(
                    Target::Household(h.id),
                    &h.grid,
                    &h.address,
                    &h.note,
                ))
            }
            Action::AddMember => form(Form::member(
                lang,
                Target::NewMember(card.household.id),
                None,
            )),
            Action::MoveOut => match card.selected_member() {
                Some(m) if m.status == MemberStatus::Present => {
                    Effects::one(Effect::Overlay(Overlay::Confirm(Confirm {
                        question: lang.f(Msg::ConfirmMoveOut, &[("name", &m.name)]),
                        on_yes: Pending::MoveOut(m.id, m.name.clone()),
                    })))
                }
                _ => Effects::info(cx.t(Msg::SelectMemberFirst)),
            },
            Action::Archive => {
                let (id, archived) = (card.household.id, card.household.archived);
                let question = cx
                    .t(if archived {
                        Msg::ConfirmUnarchive
                    } else {
                        Msg::ConfirmArchive
                    })
                    .to_string();
                Effects::one(Effect::Overlay(Overlay::Confirm(Confirm {
                    question,
                    on_yes: Pending::Archive(id, !archived),
                })))
            }
            Action::NewVisit => Effects::one(Effect::Visit {
                household: card.household.id,
                from: self.card_from,
            }),
            _ => Effects::none(),
        }
    }

    /// The filters: none, overdue, open requests, each tag and building with its count,
    /// moved away.
    pub fn filter_picker(&self, cx: &Cx<'_>) -> Picker {
        let lang = cx.lang;
        let (tags, buildings) = self.list.filter_choices(&cx.config.grids);
        let mut items = vec![
            (lang.t(Msg::FilterNone).to_string(), Filter::None),
            (lang.t(Msg::FilterOverdue).to_string(), Filter::Overdue),
            (
                lang.t(Msg::FilterOpenRequests).to_string(),
                Filter::OpenRequests,
            ),
        ];
        for (tag, n) in tags {
            items.push((
                format!("{} ({n})", lang.f(Msg::FilterTag, &[("t", &tag)])),
                Filter::Tag(tag),
            ));
        }
        for (compound, building, n) in buildings {
            let label = crate::domain::Address {
                compound: compound.clone(),
                building: building.clone(),
                unit: String::new(),
                room: String::new(),
            }
            .display();
            items.push((
                format!("{label} ({n})"),
                Filter::Building { compound, building },
            ));
        }
        items.push((lang.t(Msg::Archived).to_string(), Filter::Archived));
        let selected = items
            .iter()
            .position(|(_, f)| *f == self.list.filter)
            .unwrap_or(0);
        Picker {
            title: lang.t(Msg::ActionFilter).to_string(),
            items: items
                .into_iter()
                .map(|(l, f)| (l, Pick::Households(f)))
                .collect(),
            selected,
        }
    }
}
