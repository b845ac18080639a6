//! English catalog.

use super::Msg;
use crate::domain::{
    Category, MemberStatus, Question, QuestionState, Rating, Relation, Status, Tier, VisitMode,
};

pub fn text(m: Msg) -> &'static str {
    use Msg::*;
    match m {
        AppName => "gridbook",
        TabHouseholds => "Households",
        TabDue => "Due",
        TabRequests => "Requests",
        TabFigures => "Figures",
        TabSync => "Sync",
        Coming => "Coming soon",
        ComingDetail => {
            "This page is being built; use Households to look up a household and its visits."
        }
        ColAddress => "Address",
        ColHead => "Head",
        ColMembers => "Ppl",
        ColTags => "Tags",
        ColSinceVisit => "Since",
        ColRequests => "Req",
        ColGrid => "Grid",
        NeverVisited => "never",
        DaysSuffix => "d",
        Unsynced => "unsynced {n}",
        OverdueRequests => "overdue {n}",
        AllGrids => "all grids",
        Loading => "Loading...",
        IndexLoading => "Building the search index, one moment",
        SearchPrompt => "Find: ",
        SearchHint => "name, pinyin initials, address, phone or ID tail",
        NoMatches => "No household matches",
        MatchCount => "{n} found",
        HouseholdsCount => "{n} households",
        SortedBy => "sort: {s}",
        SortAddress => "address",
        SortSinceVisit => "days since visit",
        SortName => "head's name",
        FilterLabel => "filter: {f}",
        FilterNone => "all",
        FilterOverdue => "overdue",
        FilterOpenRequests => "open requests",
        FilterTag => "tag {t}",
        FilterBuilding => "{b}",
        Archived => "moved away",
        CardMembers => "Members",
        CardRequests => "Open requests",
        CardVisits => "Visits",
        CardNoVisits => "No visits yet",
        CardNoRequests => "No open requests",
        ColRelation => "Relation",
        ColName => "Name",
        ColGender => "Sex",
        ColAge => "Age",
        ColPhone => "Phone",
        ColIdNumber => "ID number",
        ColDate => "Date",
        ColMode => "Mode",
        ColVisitor => "Visitor",
        ColSummary => "4Q",
        ColCategory => "Category",
        ColStatus => "Status",
        ColDue => "Due",
        Amended => "amended",
        Voided => "void",
        Revealed => "Numbers shown in full",
        Masked => "Numbers masked",
        HelpTitle => "Keys",
        HelpFooter => "Esc or ? closes; change keys under [keys] in config.toml",
        ActionQuit => "quit",
        ActionHelp => "help",
        ActionTabHouseholds => "households tab",
        ActionTabDue => "due tab",
        ActionTabRequests => "requests tab",
        ActionTabFigures => "figures tab",
        ActionTabSync => "sync tab",
        ActionUp => "up",
        ActionDown => "down",
        ActionPageUp => "page up",
        ActionPageDown => "page down",
        ActionHome => "top",
        ActionEnd => "bottom",
        ActionOpen => "open",
        ActionBack => "back",
        ActionSearch => "find",
        ActionNewVisit => "new visit",
        ActionEdit => "edit",
        ActionEditHousehold => "edit household",
        ActionReveal => "reveal numbers",
        ActionSort => "sort",
        ActionFilter => "filter",
        ActionAddHousehold => "add household",
        ActionAddMember => "add member",
        ActionMoveOut => "member moved out",
        ActionArchive => "household moved away",
        ActionSave => "save",
        ActionNextField => "next field",
        ActionPrevField => "previous field",
        ActionNextSection => "next section",
        FormHousehold => "Household",
        FormMember => "Member",
        FieldGrid => "Grid",
        FieldCompound => "Compound",
        FieldBuilding => "Building",
        FieldUnit => "Unit",
        FieldRoom => "Room",
        FieldNote => "Note",
        FieldName => "Name",
        FieldRelation => "Relation to head",
        FieldGender => "Sex",
        FieldBirth => "Birth date",
        FieldIdNumber => "ID number",
        FieldPhone => "Phone",
        FieldTags => "Categories",
        FormHint => "Tab next  Ctrl-S save  Esc discard",
        ChoiceHint => "<- -> choose",
        Saved => "Saved",
        NothingChanged => "Nothing changed",
        ConfirmMoveOut => "Has {name} moved out of this household?",
        ConfirmArchive => "Has the whole household moved away? Its records are kept.",
        ConfirmUnarchive => "Mark this household as living here again?",
        ConfirmYesNo => "y yes  n no",
        MovedOut => "{name} marked as moved out",
        ArchivedDone => "Household marked as moved away",
        UnarchivedDone => "Household marked as living here",
        ErrNameRequired => "A name is needed",
        ErrGridRequired => "A grid is needed",
        ErrIdNumber => "ID number: {e}",
        ErrPhone => "Phone: {e}",
        ErrBirth => "Write the birth date as 1972-01-31",
        ErrGenderMismatch => "The sex does not match the ID number",
        ErrWritesBlocked => {
            "This database came from another computer and is read-only here: run gridbook enrol first"
        }
        ErrGeneric => "Error: {e}",
        NotYet => "This is being built",
        SelectMemberFirst => "Select a member in the table first",
        AlreadyOpen => "The database is already open in another window; close that one first",
        Visits => "visits",
        Round => "round {n}",
        VisitTitle => "Visit",
        AmendTitle => "Amend visit",
        FieldDate => "Date",
        FieldMode => "Mode",
        FieldVisitor => "Visitor",
        FieldCompanions => "With",
        MembersCheck => "Members",
        MovedOutMark => "moved out",
        NewPhoneLabel => "new phone",
        HealthLabel => "health",
        NewPersonLabel => "new",
        AddPerson => "+ new person",
        DisputeFlag => "Dispute",
        DisputeText => "Dispute",
        NeedsLabel => "Needs",
        SuggestionFlag => "Make it a request",
        ConfirmDiscard => "Discard this visit? The draft is deleted too.",
        ConfirmNoQuestion => "No question was asked. Save anyway?",
        ConfirmReview => "Saving also changes the household record:",
        AmendReason => "Reason for the correction: ",
        VisitSaved => "Visit saved",
        VisitSavedWithRequests => "Visit saved with {n} new requests",
        ErrDate => "Write the date as 2026-11-23 09:30",
        ErrFuture => "A visit cannot be in the future",
        ErrTooOld => "That date is more than two years ago",
        ErrVisitor => "The visitor's name is needed",
        ErrReasonRequired => "Say why the visit is corrected",
        DraftRestored => "Unfinished visit draft restored",
        DraftsWaiting => "{n} unfinished visit drafts",
        DraftsTitle => "Unfinished visit drafts",
        CardDraft => "An unfinished visit draft is waiting: press n",
        NoLastVisit => "No earlier visit to copy",
        ActionNothingNew => "nothing new",
        ActionSameAsLast => "same as last visit",
        ActionToggle => "tick",
        ActionNewPhone => "new phone",
        ActionHealthNote => "health change",
        VisitHint => "Tab next  Ctrl-N nothing new  Ctrl-L same as last  Ctrl-S save  Esc discard",
        MembersHint => "o moved out  p new phone  h health  m new person",
        NeedsHint => "Space tick  <- -> handling",
        ReviewMovedOut => "{name} moved out",
        ReviewPhone => "{name}: phone {phone}",
        ReviewHealth => "{name}: health {text}",
        ReviewNewPerson => "New member {name} ({relation})",
        SelectVisitFirst => "Select a visit in the timeline first",
        HealthNotePrefix => "health",
        EmptyNotes => "(empty)",
        AmendOf => "correcting the visit of {date}",
        ImportTitle => "Import the roster",
        ImportPath => "File: ",
        ImportPathHint => "Type the path of the roster (CSV or Excel), Enter to preview",
        ImportPreview => "Preview (nothing written yet):",
        ImportHouseholds => "Households: {c} new, {u} updated, {n} unchanged",
        ImportMembers => "People: {c} new, {u} updated, {n} unchanged",
        ImportRejected => "{n} rows with problems (not imported):",
        ImportDuplicates => "{n} duplicate rows (imported once)",
        ImportMissing => "{n} people living here are not on the roster (not deleted)",
        ImportConfirm => "y import  n cancel",
        ImportConfirmSkip => "y import the other rows, skip these  n cancel",
        ImportDone => "Roster imported: {h} new households, {m} new people, {u} updated",
        ImportRejectedFile => "Refused rows written to {path}",
        ImportNothing => "The roster matches the records; nothing to import",
        ActionImport => "import roster",
    }
}

pub fn relation(r: Relation) -> &'static str {
    match r {
        Relation::Head => "head",
        Relation::Spouse => "spouse",
        Relation::Son => "son",
        Relation::Daughter => "daughter",
        Relation::Father => "father",
        Relation::Mother => "mother",
        Relation::Grandson => "grandson",
        Relation::Granddaughter => "granddaughter",
        Relation::DaughterInLaw => "daughter-in-law",
        Relation::SonInLaw => "son-in-law",
        Relation::Sibling => "sibling",
        Relation::Other => "other",
    }
}

pub fn member_status(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Present => "present",
        MemberStatus::MovedOut => "moved out",
        MemberStatus::Deceased => "deceased",
    }
}

pub fn mode(m: VisitMode) -> &'static str {
    match m {
        VisitMode::InPerson => "in person",
        VisitMode::Phone => "phone",
        VisitMode::Wechat => "WeChat",
        VisitMode::Other => "other",
    }
}

pub fn question(q: Question) -> &'static str {
    match q {
        Question::Basics => "Basics",
        Question::Family => "Family matters",
        Question::Difficulties => "Difficulties",
        Question::Suggestions => "Suggestions",
    }
}

pub fn question_short(q: Question) -> &'static str {
    match q {
        Question::Basics => "B",
        Question::Family => "F",
        Question::Difficulties => "D",
        Question::Suggestions => "S",
    }
}

pub fn question_state(s: QuestionState) -> &'static str {
    match s {
        QuestionState::Asked => "asked",
        QuestionState::NothingNew => "nothing new",
        QuestionState::NotAsked => "not asked",
    }
}

pub fn category(c: Category) -> &'static str {
    match c {
        Category::Subsistence => "subsistence aid",
        Category::Medical => "medical",
        Category::Employment => "employment",
        Category::Schooling => "schooling",
        Category::ElderCare => "elder care",
        Category::Repair => "repair",
        Category::Housing => "housing",
        Category::Dispute => "dispute",
        Category::Wish => "small wish",
        Category::Suggestion => "suggestion",
        Category::Other => "other",
    }
}

pub fn tier(t: Tier) -> &'static str {
    match t {
        Tier::OnTheSpot => "on the spot",
        Tier::TimeLimited => "time-limited",
        Tier::Escalated => "escalated",
    }
}

pub fn status(s: Status) -> &'static str {
    match s {
        Status::Open => "open",
        Status::Dispatched => "dispatched",
        Status::Resolved => "resolved",
        Status::FedBack => "fed back",
        Status::Evaluated => "rated",
    }
}

pub fn rating(r: Rating) -> &'static str {
    match r {
        Rating::Satisfied => "satisfied",
        Rating::BasicallySatisfied => "mostly satisfied",
        Rating::Dissatisfied => "dissatisfied",
    }
}
