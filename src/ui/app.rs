//! The interface state. Views render from `&App`; `update` is the only thing that changes it.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::card::Card;
use super::form::Form;
use super::keymap::Keymap;
use super::list::HouseholdList;
use super::search::SearchBox;
use crate::config::Config;
use crate::domain::{HouseholdId, VisitPolicy};
use crate::i18n::{Lang, Msg};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Households,
    Due,
    Requests,
    Figures,
    Sync,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Households,
        Tab::Due,
        Tab::Requests,
        Tab::Figures,
        Tab::Sync,
    ];

    pub fn label(self) -> Msg {
        match self {
            Tab::Households => Msg::TabHouseholds,
            Tab::Due => Msg::TabDue,
            Tab::Requests => Msg::TabRequests,
            Tab::Figures => Msg::TabFigures,
            Tab::Sync => Msg::TabSync,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Error,
}

/// A yes/no question and what a yes does.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: String,
    pub on_yes: Pending,
}

/// A write waiting for the worker's yes.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    MoveOut(crate::domain::MemberId, String),
    Archive(HouseholdId, bool),
}

/// What choosing an item of a picker does.
#[derive(Debug, Clone, PartialEq)]
pub enum Pick {
    /// Filters the household list.
    Households(super::list::Filter),
    /// Chooses which requests the board shows.
    Board(super::board_tab::BoardView),
}

/// A list to choose one item from (the filters).
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, Pick)>,
    pub selected: usize,
}

/// What covers the screen, if anything.
#[derive(Debug, Clone)]
pub enum Overlay {
    Help,
    Confirm(Confirm),
    Form(Box<Form>),
    Picker(Picker),
    /// Unfinished visit drafts offered at start: (household, label), selected.
    Drafts(Vec<(HouseholdId, String)>, usize),
    /// Importing the office's roster.
    Import(Box<super::roster_import::ImportScreen>),
    /// Export, import and settling review items on the sync tab.
    Sync(Box<super::sync_tab::Dialog>),
}

/// A background build of the lookup index.
pub type IndexJob = std::sync::mpsc::Receiver<Result<crate::search::Index, String>>;

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub config: Config,
    pub policy: VisitPolicy,
    pub now: NaiveDateTime,
    pub tab: Tab,
    pub list: HouseholdList,
    pub search: SearchBox,
    pub card: Option<Card>,
    pub overlay: Option<Overlay>,
    pub status: Option<(String, Severity)>,
    pub unsynced: u64,
    /// Unresolved requests past their due date.
    pub overdue: u64,
    /// The lookup index; `None` until the first build finishes.
    pub index: Option<crate::search::Index>,
    /// A build in progress (the previous index keeps serving meanwhile).
    pub index_job: Option<IndexJob>,
    /// Why the last build failed, if it did.
    pub index_error: Option<String>,
    /// A rebuild was asked for while one was running.
    pub index_stale: bool,
    pub size: (u16, u16),
    pub quit: bool,
    /// Row of each household in `list.rows`.
    pub row_of: HashMap<HouseholdId, usize>,
    /// The visit form, when one is open (it covers the households tab).
    pub visit: Option<super::visit::VisitScreen>,
    pub due: super::due_tab::DueTab,
    pub board: super::board_tab::BoardTab,
    pub figures: super::figures_tab::FiguresTab,
    pub sync: super::sync_tab::SyncTab,
}

impl App {
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    pub fn t(&self, m: Msg) -> &'static str {
        self.lang.t(m)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), Severity::Info));
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some((text.into(), Severity::Error));
    }

    /// Whether keys go to a text field (so command keys must not fire).
    pub fn typing(&self) -> bool {
        if self.overlay.is_none()
            && let Some(v) = &self.visit
        {
            return v.typing();
        }
        match &self.overlay {
            Some(Overlay::Form(f)) => f.focused_is_text(),
            Some(Overlay::Import(i)) => i.typing(),
            Some(Overlay::Sync(d)) => d.typing(),
            Some(_) => false,
            None if self.tab == Tab::Requests => self.board.finding,
            None => self.search.focused && self.card.is_none(),
        }
    }

    /// The grids shown in the status line.
    pub fn grid_label(&self) -> String {
        if self.config.grids.is_empty() {
            self.t(Msg::AllGrids).to_string()
        } else {
            self.config.grids.join("、")
        }
    }
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("tab", &self.tab)
            .field("card", &self.card.as_ref().map(|c| c.household.id))
            .field("overlay", &self.overlay)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
