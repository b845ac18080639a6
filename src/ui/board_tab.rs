//! Tab 3, the requests board: every request across the worker's households, filtered, with
//! the selected one's timeline; dispatch, resolve, feed back, rate and reopen from here.

use super::action::Action;
use super::app::{App, Overlay, Pick, Picker, Tab};
use super::form::{Form, RequestAct, Target};
use super::list::HouseholdList;
use super::text::TextInput;
use crate::domain::{Category, RequestId, Status, Tier};
use crate::i18n::Msg;
use crate::store::Store;
use crate::store::board::{BoardCounts, BoardFilter, BoardRow};
use crate::store::requests::RequestEvent;

/// Which requests the board shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BoardView {
    /// Open and dispatched (the default: what is still to do).
    #[default]
    Unresolved,
    Overdue,
    Escalated,
    Status(Status),
    Category(Category),
    All,
}

impl BoardView {
    pub fn filter(self, grids: &[String]) -> BoardFilter {
        let mut f = BoardFilter {
            grids: grids.to_vec(),
            ..BoardFilter::default()
        };
        match self {
            BoardView::Unresolved => f.statuses = vec![Status::Open, Status::Dispatched],
            BoardView::Overdue => f.overdue_only = true,
            BoardView::Escalated => {
                f.tiers = vec![Tier::Escalated];
                f.statuses = vec![Status::Open, Status::Dispatched];
            }
            BoardView::Status(s) => f.statuses = vec![s],
            BoardView::Category(c) => f.categories = vec![c],
            BoardView::All => {}
        }
        f
    }

    pub fn label(self, app: &App) -> String {
        match self {
            BoardView::Unresolved => app.t(Msg::BoardUnresolved).to_string(),
            BoardView::Overdue => app.t(Msg::BoardOverdue).to_string(),
            BoardView::Escalated => app.t(Msg::BoardEscalated).to_string(),
            BoardView::Status(s) => app.lang.status(s).to_string(),
            BoardView::Category(c) => app.lang.category(c).to_string(),
            BoardView::All => app.t(Msg::BoardAll).to_string(),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct BoardTab {
    pub view: BoardView,
    pub rows: Vec<BoardRow>,
    /// Indices into `rows` that match the text being typed.
    pub shown: Vec<usize>,
    pub find: TextInput,
    pub finding: bool,
    pub selected: usize,
    pub offset: usize,
    /// The timeline of the selected request.
    pub events: Vec<RequestEvent>,
    pub counts: BoardCounts,
    pub loaded: bool,
    pub stale: bool,
}

impl BoardTab {
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    fn narrow(&mut self) {
        let q = self.find.text().to_string();
        let keep = self.selected_row().map(|r| r.request.id);
        self.shown = (0..self.rows.len())
            .filter(|&i| q.trim().is_empty() || self.rows[i].matches_text(&q))
            .collect();
        self.selected = keep
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.rows[i].request.id == id)
            })
            .unwrap_or(0);
    }
}

/// Reads the board for the current view (and the counts), keeping the selection.
pub fn load(app: &mut App, store: &Store) {
    let today = app.today();
    let filter = app.board.view.filter(&app.config.grids);
    match store
        .board(&filter, today)
        .and_then(|rows| Ok((rows, store.board_counts(&app.config.grids, today)?)))
    {
        Ok((rows, counts)) => {
            app.board.rows = rows;
            app.board.counts = counts;
            app.board.narrow();
            app.board.loaded = true;
            app.board.stale = false;
            load_events(app, store);
        }
        Err(e) => app.error(app.lang.f(Msg::ErrGeneric, &[("e", &e)])),
    }
}

fn load_events(app: &mut App, store: &Store) {
    app.board.events = match app.board.selected_row() {
        Some(r) => store.request_events(r.request.id).unwrap_or_default(),
        None => Vec::new(),
    };
}

fn view_picker(app: &App) -> Picker {
    let mut views = vec![
        BoardView::Unresolved,
        BoardView::Overdue,
        BoardView::Escalated,
    ];
    views.extend(Status::ALL.iter().map(|s| BoardView::Status(*s)));
    views.extend(Category::ALL.iter().map(|c| BoardView::Category(*c)));
    views.push(BoardView::All);
    let selected = views.iter().position(|v| *v == app.board.view).unwrap_or(0);
    Picker {
        title: app.t(Msg::ActionFilter).to_string(),
        items: views
            .into_iter()
            .map(|v| (v.label(app), Pick::Board(v)))
            .collect(),
        selected,
    }
}

fn act(app: &mut App, act: RequestAct) {
    let Some(row) = app.board.selected_row() else {
        return;
    };
    let id: RequestId = row.request.id;
    let dispute = row.request.category == Category::Dispute;
    let form = Form::request(
        app.lang,
        Target::Request(id, act),
        dispute,
        &app.config.departments,
    );
    app.overlay = Some(Overlay::Form(Box::new(form)));
}

pub fn update(app: &mut App, action: Action, store: &mut Store) {
    if app.board.finding {
        match action {
            Action::Type(t) => app.board.find.insert_str(&t),
            Action::Backspace => app.board.find.backspace(),
            Action::Left => app.board.find.left(),
            Action::Right => app.board.find.right(),
            Action::Back => {
                app.board.find.clear();
                app.board.finding = false;
            }
            Action::Open | Action::Down | Action::Up => app.board.finding = false,
            _ => return,
        }
        app.board.narrow();
        load_events(app, store);
        return;
    }
    let len = app.board.shown.len();
    let page = usize::from(app.size.1.saturating_sub(8)).max(1) as isize;
    match action {
        Action::Up => HouseholdList::move_by(&mut app.board.selected, len, -1),
        Action::Down => HouseholdList::move_by(&mut app.board.selected, len, 1),
        Action::PageUp => HouseholdList::move_by(&mut app.board.selected, len, -page),
        Action::PageDown => HouseholdList::move_by(&mut app.board.selected, len, page),
        Action::Home => app.board.selected = 0,
        Action::End => app.board.selected = len.saturating_sub(1),
        Action::Search => app.board.finding = true,
        Action::Filter => app.overlay = Some(Overlay::Picker(view_picker(app))),
        Action::Dispatch => act(app, RequestAct::Dispatch),
        Action::Resolve => act(app, RequestAct::Resolve),
        Action::Feedback => act(app, RequestAct::Feedback),
        Action::Rate => act(app, RequestAct::Rate),
        Action::Reopen => act(app, RequestAct::Reopen),
        Action::Open => {
            if let Some(h) = app.board.selected_row().map(|r| r.request.household) {
                app.tab = Tab::Households;
                super::update::open_card(app, store, h);
            }
        }
        Action::Back => {
            if !app.board.find.is_empty() {
                app.board.find.clear();
                app.board.narrow();
            } else {
                app.tab = Tab::Households;
            }
        }
        _ => return,
    }
    load_events(app, store);
}
