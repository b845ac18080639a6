//! Tab 3, the requests: every request across the worker's households, filtered, with the
//! selected one's timeline; dispatch, resolve, feed back, rate and reopen from here. A step the
//! request is not ready for is refused when its key is pressed, before any dialog opens.

use crate::domain::request::check_transition;
use crate::domain::{Category, Stage, Status, Tier};
use crate::i18n::{Lang, Msg};
use crate::store::board::{BoardCounts, BoardFilter, BoardRow};
use crate::store::requests::RequestEvent;
use crate::ui::action::Action;
use crate::ui::cursor::{Cursor, Move};
use crate::ui::cx::Cx;
use crate::ui::effect::{Effect, Effects, Tab};
use crate::ui::form::{Form, RequestAct, Target};
use crate::ui::layout;
use crate::ui::overlay::{Overlay, Pick, Picker};
use crate::ui::text::TextInput;

/// Which requests the tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// Every request whose loop is not closed yet (not rated): the default, so a resolved
    /// request stays in sight for its feedback and rating.
    #[default]
    ToDo,
    /// Resolved but not fed back, or fed back but not rated.
    LoopOpen,
    /// Open and dispatched.
    Unresolved,
    Overdue,
    Escalated,
    Status(Status),
    Category(Category),
    All,
}

impl View {
    pub fn filter(self, grids: &[String]) -> BoardFilter {
        let mut f = BoardFilter {
            grids: grids.to_vec(),
            ..BoardFilter::default()
        };
        match self {
            View::ToDo => {
                f.statuses = vec![
                    Status::Open,
                    Status::Dispatched,
                    Status::Resolved,
                    Status::FedBack,
                ]
            }
            View::LoopOpen => f.statuses = vec![Status::Resolved, Status::FedBack],
            View::Unresolved => f.statuses = vec![Status::Open, Status::Dispatched],
            View::Overdue => f.overdue_only = true,
            View::Escalated => {
                f.tiers = vec![Tier::Escalated];
                f.statuses = vec![Status::Open, Status::Dispatched];
            }
            View::Status(s) => f.statuses = vec![s],
            View::Category(c) => f.categories = vec![c],
            View::All => {}
        }
        f
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            View::ToDo => lang.t(Msg::BoardToDo).to_string(),
            View::LoopOpen => lang.t(Msg::BoardLoopOpen).to_string(),
            View::Unresolved => lang.t(Msg::BoardUnresolved).to_string(),
            View::Overdue => lang.t(Msg::BoardOverdue).to_string(),
            View::Escalated => lang.t(Msg::BoardEscalated).to_string(),
            View::Status(s) => lang.status(s).to_string(),
            View::Category(c) => lang.category(c).to_string(),
            View::All => lang.t(Msg::BoardAll).to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RequestsTab {
    pub view: View,
    pub rows: Vec<BoardRow>,
    /// Indices into `rows` that match the text being typed.
    pub shown: Vec<usize>,
    pub find: TextInput,
    pub finding: bool,
    pub cursor: Cursor,
    /// The timeline of the selected request.
    pub events: Vec<RequestEvent>,
    pub counts: BoardCounts,
    pub loaded: bool,
    pub stale: bool,
}

impl RequestsTab {
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.shown
            .get(self.cursor.selected)
            .and_then(|&i| self.rows.get(i))
    }

    pub fn needs_load(&self) -> bool {
        !self.loaded || self.stale
    }

    /// Requests listed at once on a screen of `size`.
    pub fn height(&self, size: (u16, u16)) -> usize {
        layout::requests_rows(
            size,
            self.finding || !self.find.is_empty(),
            self.events.len(),
        )
    }

    /// Narrows to the text typed. The selected request stays selected when it is still
    /// shown; otherwise the same position is (the next request).
    fn narrow(&mut self, keep: Option<crate::domain::RequestId>) {
        let q = self.find.text().to_string();
        self.shown = (0..self.rows.len())
            .filter(|&i| q.trim().is_empty() || self.rows[i].matches_text(&q))
            .collect();
        if let Some(pos) = keep.and_then(|id| {
            self.shown
                .iter()
                .position(|&i| self.rows[i].request.id == id)
        }) {
            self.cursor.selected = pos;
        }
        self.cursor.selected = self.cursor.selected.min(self.shown.len().saturating_sub(1));
    }

    /// Reads the requests of the current view (and the counts), keeping the selection.
    pub fn load(&mut self, cx: &Cx<'_>) -> Effects {
        let today = cx.today();
        let filter = self.view.filter(&cx.config.grids);
        let keep = self.selected_row().map(|r| r.request.id);
        match cx
            .store
            .board(&filter, today)
            .and_then(|rows| Ok((rows, cx.store.board_counts(&cx.config.grids, today)?)))
        {
            Ok((rows, counts)) => {
                self.rows = rows;
                self.counts = counts;
                self.narrow(keep);
                self.loaded = true;
                self.stale = false;
                self.load_events(cx);
                Effects::none()
            }
            Err(e) => Effects::error(crate::explain::shown(cx.lang, &e)),
        }
    }

    fn load_events(&mut self, cx: &Cx<'_>) {
        self.events = match self.selected_row() {
            Some(r) => cx.store.request_events(r.request.id).unwrap_or_default(),
            None => Vec::new(),
        };
        let height = self.height(cx.size);
        self.cursor.show(self.shown.len(), height);
    }

    /// Shows another view, keeping the selected request if it is in it.
    pub fn show_view(&mut self, view: View, cx: &Cx<'_>) -> Effects {
        self.view = view;
        self.load(cx)
    }

    fn view_picker(&self, lang: Lang) -> Picker {
        let mut views = vec![
            View::ToDo,
            View::LoopOpen,
            View::Unresolved,
            View::Overdue,
            View::Escalated,
        ];
        views.extend(Status::ALL.iter().map(|s| View::Status(*s)));
        views.extend(Category::ALL.iter().map(|c| View::Category(*c)));
        views.push(View::All);
        let selected = views.iter().position(|v| *v == self.view).unwrap_or(0);
        Picker {
            title: lang.t(Msg::ActionFilter).to_string(),
            items: views
                .into_iter()
                .map(|v| (v.label(lang), Pick::Requests(v)))
                .collect(),
            selected,
        }
    }

    /// The dialog for one step of the selected request, or why the step is refused now.
    fn act(&self, act: RequestAct, cx: &Cx<'_>) -> Effects {
        let Some(row) = self.selected_row() else {
            return Effects::info(cx.t(Msg::BoardEmpty));
        };
        let from = row.request.stage;
        let to = match act {
            RequestAct::Dispatch => Status::Dispatched,
            RequestAct::Resolve => Status::Resolved,
            RequestAct::Feedback => Status::FedBack,
            RequestAct::Rate => Status::Evaluated,
            RequestAct::Reopen => Status::Open,
        };
        let round = if to == Status::Open {
            from.round + 1
        } else {
            from.round
        };
        if let Err(e) = check_transition(from, Stage { status: to, round }) {
            return Effects::error(crate::ui::request_edit::refusal(
                cx.lang,
                Some(from.status),
                act,
                e,
            ));
        }
        let form = Form::request(
            cx.lang,
            Target::Request(row.request.id, act),
            row.request.category == Category::Dispute,
            &cx.config.departments,
        );
        Effects::one(Effect::Overlay(Overlay::Form(Box::new(form))))
    }

    pub fn update(&mut self, action: Action, cx: &mut Cx<'_>) -> Effects {
        if self.finding {
            let keep = self.selected_row().map(|r| r.request.id);
            match action {
                Action::Back => {
                    self.find.clear();
                    self.finding = false;
                }
                Action::Open | Action::Down | Action::Up => self.finding = false,
                other => {
                    if !self.find.apply(&other) {
                        return Effects::none();
                    }
                }
            }
            self.narrow(keep);
            self.load_events(cx);
            return Effects::none();
        }
        if let Some(m) = Move::of(&action) {
            let height = self.height(cx.size);
            self.cursor.go(m, self.shown.len(), height);
            self.load_events(cx);
            return Effects::none();
        }
        match action {
            Action::Search => {
                self.finding = true;
                Effects::none()
            }
            Action::Filter => {
                Effects::one(Effect::Overlay(Overlay::Picker(self.view_picker(cx.lang))))
            }
            Action::OpenLoops => {
                let view = if self.view == View::LoopOpen {
                    View::ToDo
                } else {
                    View::LoopOpen
                };
                let mut fx = self.show_view(view, cx);
                fx.say(
                    cx.lang
                        .f(Msg::BoardShowing, &[("view", &view.label(cx.lang))]),
                );
                fx
            }
            Action::Dispatch => self.act(RequestAct::Dispatch, cx),
            Action::Resolve => self.act(RequestAct::Resolve, cx),
            Action::Feedback => self.act(RequestAct::Feedback, cx),
            Action::Rate => self.act(RequestAct::Rate, cx),
            Action::Reopen => self.act(RequestAct::Reopen, cx),
            Action::Open => match self.selected_row().map(|r| r.request.household) {
                Some(household) => Effects::one(Effect::Open {
                    household,
                    from: Tab::Requests,
                }),
                None => Effects::none(),
            },
            Action::Back => {
                if !self.find.is_empty() {
                    let keep = self.selected_row().map(|r| r.request.id);
                    self.find.clear();
                    self.narrow(keep);
                    self.load_events(cx);
                    Effects::none()
                } else {
                    Effects::one(Effect::Go(Tab::Households))
                }
            }
            _ => Effects::none(),
        }
    }
}
