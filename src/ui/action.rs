//! Everything the interface can be asked to do. Keys map to actions (the keymap names them in
//! snake_case); `update` applies them.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    TabHouseholds,
    TabDue,
    TabRequests,
    TabFigures,
    TabSync,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Back,
    Search,
    NewVisit,
    Edit,
    EditHousehold,
    Reveal,
    Sort,
    Filter,
    AddHousehold,
    ImportRoster,
    ExportBundle,
    ImportBundle,
    Dispatch,
    Resolve,
    Feedback,
    Rate,
    Reopen,
    /// The requests whose loop is open (resolved but not fed back or rated), and back.
    OpenLoops,
    PrevPeriod,
    NextPeriod,
    AddMember,
    MoveOut,
    Archive,
    Save,
    NothingNew,
    SameAsLast,
    Toggle,
    NewPhone,
    HealthNote,
    NextField,
    PrevField,
    /// Text typed into the focused field (never from the keymap).
    #[serde(skip)]
    Type(String),
    #[serde(skip)]
    Backspace,
    #[serde(skip)]
    Delete,
    #[serde(skip)]
    Left,
    #[serde(skip)]
    Right,
    /// Answers to a yes/no question.
    #[serde(skip)]
    Yes,
    #[serde(skip)]
    No,
    /// The terminal changed size.
    #[serde(skip)]
    Resize(u16, u16),
    /// Time passed (drives background work such as the index build).
    #[serde(skip)]
    Tick,
}

impl Action {
    /// Actions that can be bound to keys, in the order the help lists them.
    pub const BINDABLE: &'static [Action] = &[
        Action::Search,
        Action::Open,
        Action::Back,
        Action::NewVisit,
        Action::Edit,
        Action::EditHousehold,
        Action::Reveal,
        Action::Sort,
        Action::Filter,
        Action::AddHousehold,
        Action::ImportRoster,
        Action::ExportBundle,
        Action::ImportBundle,
        Action::Dispatch,
        Action::Resolve,
        Action::Feedback,
        Action::Rate,
        Action::Reopen,
        Action::OpenLoops,
        Action::PrevPeriod,
        Action::NextPeriod,
        Action::AddMember,
        Action::MoveOut,
        Action::Archive,
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Home,
        Action::End,
        Action::TabHouseholds,
        Action::TabDue,
        Action::TabRequests,
        Action::TabFigures,
        Action::TabSync,
        Action::Save,
        Action::NothingNew,
        Action::SameAsLast,
        Action::Toggle,
        Action::NewPhone,
        Action::HealthNote,
        Action::NextField,
        Action::PrevField,
        Action::Help,
        Action::Quit,
    ];

    /// The catalog key that describes this action in the help and the footer.
    pub fn label(&self) -> Msg {
        match self {
            Self::Quit => Msg::ActionQuit,
            Self::Help => Msg::ActionHelp,
            Self::TabHouseholds => Msg::ActionTabHouseholds,
            Self::TabDue => Msg::ActionTabDue,
            Self::TabRequests => Msg::ActionTabRequests,
            Self::TabFigures => Msg::ActionTabFigures,
            Self::TabSync => Msg::ActionTabSync,
            Self::Up => Msg::ActionUp,
            Self::Down => Msg::ActionDown,
            Self::PageUp => Msg::ActionPageUp,
            Self::PageDown => Msg::ActionPageDown,
            Self::Home => Msg::ActionHome,
            Self::End => Msg::ActionEnd,
            Self::Open => Msg::ActionOpen,
            Self::Back => Msg::ActionBack,
            Self::Search => Msg::ActionSearch,
            Self::NewVisit => Msg::ActionNewVisit,
            Self::Edit => Msg::ActionEdit,
            Self::EditHousehold => Msg::ActionEditHousehold,
            Self::Reveal => Msg::ActionReveal,
            Self::Sort => Msg::ActionSort,
            Self::Filter => Msg::ActionFilter,
            Self::AddHousehold => Msg::ActionAddHousehold,
            Self::ImportRoster => Msg::ActionImport,
            Self::ExportBundle => Msg::ActionExportBundle,
            Self::ImportBundle => Msg::ActionImportBundle,
            Self::Dispatch => Msg::ActionDispatch,
            Self::Resolve => Msg::ActionResolve,
            Self::Feedback => Msg::ActionFeedback,
            Self::Rate => Msg::ActionRate,
            Self::Reopen => Msg::ActionReopen,
            Self::OpenLoops => Msg::ActionOpenLoops,
            Self::PrevPeriod => Msg::ActionPrevPeriod,
            Self::NextPeriod => Msg::ActionNextPeriod,
            Self::AddMember => Msg::ActionAddMember,
            Self::MoveOut => Msg::ActionMoveOut,
            Self::Archive => Msg::ActionArchive,
            Self::Save => Msg::ActionSave,
            Self::NothingNew => Msg::ActionNothingNew,
            Self::SameAsLast => Msg::ActionSameAsLast,
            Self::Toggle => Msg::ActionToggle,
            Self::NewPhone => Msg::ActionNewPhone,
            Self::HealthNote => Msg::ActionHealthNote,
            Self::NextField => Msg::ActionNextField,
            Self::PrevField => Msg::ActionPrevField,
            _ => Msg::ActionHelp,
        }
    }

    /// The snake_case name used in the config file.
    pub fn name(&self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }

    pub fn from_name(name: &str) -> Option<Action> {
        serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
    }
}
