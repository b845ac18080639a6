//! What an update asks the interface to do beyond its own state: say something, move to
//! another tab or household, open a screen over the current one, or tell everyone that the
//! database changed. Tabs return effects; `App::apply` carries them out, so no tab reaches into
//! another.

use crate::domain::HouseholdId;

use super::overlay::Overlay;

/// Which tab the interface shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
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

    pub fn label(self) -> crate::i18n::Msg {
        use crate::i18n::Msg;
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

/// What a write changed, for [`super::app::App::invalidate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    /// One household: its record, members, visits or requests.
    Household(HouseholdId),
    /// Any number of households (a roster or bundle import, a merge).
    Everything,
    /// Only what was sent to or heard from peers (an export).
    Synced,
}

#[derive(Debug)]
pub enum Effect {
    Status(String, Severity),
    /// Show a tab (loading it if what it shows is stale).
    Go(Tab),
    /// Open a household's card; `Esc` on it goes back to `from`.
    Open {
        household: HouseholdId,
        from: Tab,
    },
    /// Start a visit to a household (its draft, if one waits) over its card.
    Visit {
        household: HouseholdId,
        from: Tab,
    },
    /// Amend the visit selected on the open card.
    Amend,
    /// Start a lookup on the households tab with a fresh query.
    Lookup,
    Overlay(Overlay),
    Changed(Changed),
    Quit,
}

/// The effects of one update, in order.
#[derive(Debug, Default)]
pub struct Effects(pub Vec<Effect>);

impl Effects {
    pub fn none() -> Self {
        Self::default()
    }

    pub fn one(e: Effect) -> Self {
        Self(vec![e])
    }

    pub fn push(&mut self, e: Effect) -> &mut Self {
        self.0.push(e);
        self
    }

    pub fn info(text: impl Into<String>) -> Self {
        Self::one(Effect::Status(text.into(), Severity::Info))
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self::one(Effect::Status(text.into(), Severity::Error))
    }

    pub fn say(&mut self, text: impl Into<String>) -> &mut Self {
        self.push(Effect::Status(text.into(), Severity::Info))
    }
}

impl From<Effect> for Effects {
    fn from(e: Effect) -> Self {
        Self::one(e)
    }
}
