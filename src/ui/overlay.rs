//! What can cover the screen: the help, a yes/no question, a form, a picker, the drafts
//! offered at start, the roster import, the sync tab's dialogs.

use crate::domain::HouseholdId;

use super::form::Form;

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
    /// Chooses which requests the requests tab shows.
    Requests(super::tabs::requests::View),
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
    Sync(Box<super::tabs::sync::Dialog>),
}
