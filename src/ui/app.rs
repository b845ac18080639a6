//! The interface state. Views render from `&App`; `update` is the only thing that changes it.

use chrono::{NaiveDate, NaiveDateTime};

use super::effect::{Changed, Effect, Effects};
use super::keymap::Keymap;
use crate::config::Config;
use crate::domain::VisitPolicy;
use crate::i18n::{Lang, Msg};
use crate::store::Store;

pub use super::effect::{Severity, Tab};
pub use super::overlay::{Overlay, Pending, Pick};

/// A background build of the lookup index.
pub type IndexJob = std::sync::mpsc::Receiver<Result<crate::search::Index, String>>;

pub struct App {
    pub lang: Lang,
    pub keymap: Keymap,
    pub config: Config,
    pub policy: VisitPolicy,
    pub now: NaiveDateTime,
    pub tab: Tab,
    pub households: super::tabs::households::HouseholdsTab,
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
    /// The visit form, when one is open (it covers the households tab).
    pub visit: Option<super::visit::VisitScreen>,
    pub due: super::tabs::due::DueTab,
    pub requests: super::tabs::requests::RequestsTab,
    pub figures: super::tabs::figures::FiguresTab,
    pub sync: super::tabs::sync::SyncTab,
}

/// What every tab may read, borrowed from the app beside the tab being updated (the fields
/// are disjoint, so a tab's `&mut self` and the context live together).
macro_rules! cx {
    ($app:expr, $store:expr) => {
        $crate::ui::cx::Cx {
            lang: $app.lang,
            config: &$app.config,
            policy: &$app.policy,
            now: $app.now,
            size: $app.size,
            store: $store,
        }
    };
}
pub(crate) use cx;

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
            None if self.tab == Tab::Requests => self.requests.finding,
            None => self.households.search.focused && self.households.card.is_none(),
        }
    }

    /// Carries out what an update asked for, in order.
    pub fn apply(&mut self, effects: Effects, store: &mut Store) {
        for e in effects.0 {
            match e {
                Effect::Status(text, severity) => self.status = Some((text, severity)),
                Effect::Go(tab) => self.show(tab, store),
                Effect::Open { household, from } => {
                    self.tab = Tab::Households;
                    let fx = self
                        .households
                        .open_card(&cx!(self, store), household, from);
                    self.apply(fx, store);
                }
                Effect::Visit { household, from } => {
                    self.tab = Tab::Households;
                    let fx = self
                        .households
                        .open_card(&cx!(self, store), household, from);
                    self.apply(fx, store);
                    super::visit::open(self, store, household);
                }
                Effect::Amend => super::visit::amend(self, store),
                Effect::Lookup => {
                    self.tab = Tab::Households;
                    self.households.start_lookup();
                }
                Effect::Overlay(o) => self.overlay = Some(o),
                Effect::Changed(what) => self.invalidate(what, store),
                Effect::Quit => self.quit = true,
            }
        }
    }

    /// Shows a tab, reading what it shows if that is stale. The households tab shows the list:
    /// an open card closes.
    pub fn show(&mut self, tab: Tab, store: &mut Store) {
        self.tab = tab;
        if tab == Tab::Households {
            self.households.show_list();
        }
        self.load_if_stale(tab, store);
    }

    /// Reads a tab's data again if something was written since it was read.
    pub fn load_if_stale(&mut self, tab: Tab, store: &mut Store) {
        let fx = match tab {
            Tab::Households => Effects::none(),
            Tab::Due if self.due.needs_load() => self.due.load(&cx!(self, store)),
            Tab::Requests if self.requests.needs_load() => self.requests.load(&cx!(self, store)),
            Tab::Figures if self.figures.needs_load() => self.figures.load(&cx!(self, store)),
            Tab::Sync if self.sync.needs_load() => self.sync.load(&cx!(self, store)),
            Tab::Due | Tab::Requests | Tab::Figures | Tab::Sync => Effects::none(),
        };
        self.apply(fx, store);
    }

    /// The one place that marks what the tabs show as stale after a write. Every tab is named
    /// (the match is exhaustive), so a new tab cannot be forgotten. The tab on screen reads
    /// again at once; the others when they are next shown.
    pub fn invalidate(&mut self, what: Changed, store: &mut Store) {
        for tab in Tab::ALL {
            match tab {
                Tab::Households => match what {
                    Changed::Household(id) => super::edit::refresh_household(self, store, id),
                    Changed::Everything => {
                        if let Err(e) = super::data::reload(self, store) {
                            self.error(crate::explain::shown(self.lang, &e));
                        }
                    }
                    // An export changes no household.
                    Changed::Synced => {}
                },
                Tab::Due => self.due.stale |= what != Changed::Synced,
                Tab::Requests => self.requests.stale |= what != Changed::Synced,
                Tab::Figures => self.figures.stale |= what != Changed::Synced,
                Tab::Sync => self.sync.stale = true,
            }
        }
        super::data::refresh_counters(self, store);
        if what != Changed::Synced {
            super::data::rebuild_index(self, store);
        }
        self.load_if_stale(self.tab, store);
    }

    /// Recomputes the household list's view (after a write, a filter, a new identity).
    pub fn refresh_list(&mut self) {
        let today = self.today();
        self.households
            .refresh(&self.config.grids, &self.policy, today);
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
            .field(
                "card",
                &self.households.card.as_ref().map(|c| c.household.id),
            )
            .field("overlay", &self.overlay)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}
