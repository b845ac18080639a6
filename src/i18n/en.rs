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
        MembersHint => "o moved out  p new phone  h health (Tab: category)  m new person",
        NeedsHint => "Up/Down choose  Space tick  Left/Right handling",
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
        FirstRunTitle => "Welcome to gridbook: your name and grid first",
        Welcome => "Welcome, {name}. Your name signs your visits and changes",
        FirstSteps => {
            "No households yet. Press i to import the office's roster (Excel or CSV); or join the office's team (gridbook team request, then gridbook team join) and press I on the sync tab (5) to import a bundle from the office; or press a to add households one by one. To look around first, run gridbook demo."
        }
        SyncThisDevice => "This device: {label}  {ops} changes  {n} not exported",
        SyncPeers => "Peers",
        SyncNoPeers => "No exchange yet: X exports for the office, I imports a file from it",
        SyncColPeer => "Peer",
        SyncColLastImport => "Last import",
        SyncColLastExport => "Last export",
        SyncColLacks => "They lack",
        SyncGap => "Missing {from}-{to} from {label} ({scope}): ask for a full export",
        SyncReview => "To review ({n})",
        SyncNothingToReview => "Nothing to review",
        SyncConflict => "Conflict",
        SyncDuplicate => "Possible duplicate",
        SyncSameAddress => "same address",
        SyncSameHeadId => "same head ID number",
        SyncInvalid => "Invalid request step",
        SyncParked => "Waiting change",
        SyncArchivedEdited => "Moved away while edited elsewhere",
        SyncForked => "Two corrections of one visit",
        SyncSuspectClock => "Changes with a suspect clock",
        SyncHint => "X export  I import  Enter settle the selected item",
        SyncExportTitle => "Export a bundle",
        SyncExportTo => "For",
        SyncExportFull => "Everything (full)",
        SyncExportPath => "Save to",
        SyncExported => "Exported {n} changes to {path}",
        SyncImportTitle => "Import a bundle",
        SyncImportPath => "File",
        SyncImportHint => "Type the path of the .gbx file, Enter checks it (nothing written)",
        SyncImportPreview => "The file checks out: {n} changes from {label}:",
        SyncImportNew => "{n} new, {d} already here",
        SyncImportConflicts => "{o} new conflicts, {c} closed",
        SyncImportParked => "{p} waiting, {i} invalid steps, {u} unknown types",
        SyncImportGaps => "Gaps: {n}",
        SyncImportConfirm => "y import  n cancel",
        SyncImported => "Imported {n} new changes",
        SyncAlready => "Already imported on {date}; nothing to do",
        SyncResolveTitle => "Settle",
        SyncKeepValue => "Keep: {value} ({author}, {at})",
        SyncMergeInto => "Merge into {address}",
        SyncNotDuplicate => "Not duplicates: dismiss",
        SyncDismiss => "Noted: dismiss",
        SyncKeepVersion => "Keep {author}'s correction ({at})",
        SyncKeptReason => "Chosen on the sync tab",
        SyncSettled => "Settled",
        SyncParkedInfo => {
            "This change waits for the record it depends on and applies when it arrives"
        }
        ActionExportBundle => "export bundle",
        ActionImportBundle => "import bundle",
        ColRequestSummary => "Request",
        DueCount => "{n} due, {o} overdue",
        DueNone => "No household is due for a visit",
        DueGroupTitle => "{place}  {n} due  up to {d} days overdue",
        DueOverdueDays => "{d}d over",
        DueToday => "due today",
        DueLast => "last {date}",
        DueNever => "never visited",
        BoardCount => "{n}",
        BoardUnresolved => "unresolved",
        BoardAll => "all",
        BoardToDo => "loop not closed (open to awaiting rating)",
        BoardLoopOpen => "awaiting feedback or rating",
        BoardShowing => "Showing: {view}",
        ActionOpenLoops => "awaiting feedback",
        SyncTypeValue => "type a new value",
        SyncTypeValueEmpty => "Type the new value first, or choose one of the values above",
        SyncNeedsPassphrase => {
            "This bundle is protected by a passphrase: type the one the sender gave you and press Enter"
        }
        SyncPassphrase => "Passphrase",
        ImportRejectedWillWrite => {
            "After the import, the refused rows go to {path}; correct them there and import again"
        }
        ImportPreviewScroll => "Up and Down show every refused row",
        ReviewTag => "{name} becomes {tag} (the visit cadence follows)",
        HealthTagLabel => "category",
        HealthTagNone => "unchanged",
        RosterReading => "reading the roster",
        RosterImporting => "importing",
        RosterDryRunHead => {
            "dry run of {file} ({encoding}, {n} person rows): nothing was written; an import would do this:"
        }
        RosterImportedHead => "imported {file} ({encoding}, {n} person rows):",
        RosterHouseholds => "  households: {c} created, {u} updated, {n} unchanged",
        RosterMembers => "  members:    {c} created, {u} updated, {n} unchanged",
        RosterDuplicates => "  duplicates merged: {n}{list}",
        RosterDuplicateRow => "row {row} repeats row {first} ({name})",
        RosterRefused => "  rows refused: {n}{list}",
        RosterRejectedWould => "    would be written to {path} with a reason column",
        RosterRejectedWritten => "    written to {path} with a reason column",
        RosterMissing => "  missing from the roster (kept, not deleted): {n}",
        RosterKept => "  kept against the roster (changed since the last import): {n}",
        RosterConflicts => {
            "  conflicts opened (both kept; settle them in the review list, sync tab): {n}"
        }
        RosterBases => {
            "  values already as the roster has them, recorded as the base of the next import: {n}"
        }
        RosterOpsToWrite => "  ops to write: {n}",
        RosterOpsWritten => "  ops written: {n}",
        RosterRefusedLine => "refused: {line}",
        RosterRow => "row {row}",
        RosterProblemEnd => ": {reason}: {hint}",
        RosterHousehold => "household",
        RosterMember => "member",
        RosterUpdated => "updated: row {row} {what} {name}: {fields}",
        RosterKeptLine => {
            "kept: row {row} {what} {name}: {field}: kept {kept}, {why} (the roster has {roster})"
        }
        RosterNeverImported => "; no earlier import wrote this field",
        RosterConflictLine => {
            "conflict: row {row} {what} {name}: {field}: {kept} ({why}) and the roster's {roster} are both kept; settle it in the review list (sync tab)"
        }
        RosterWouldCreate => "would create: row {row} {what} {name}",
        RosterWouldCreateMore => "would create: ... and {n} more",
        RosterMissingLine => "missing: {name} ({id}) at {grid} {address}{hint}",
        RosterNoId => "no ID number",
        RosterMissingRefused => "; row {row} with this name was refused",
        RosterNote => "note: {text}",
        RosterEmpty => "(empty)",
        RosterWhyVisit => "changed on a visit on {on}",
        RosterWhyMemberForm => "changed in the member form on {on}",
        RosterWhyHouseholdForm => "changed in the household form on {on}",
        RosterWhyReview => "settled in the review list on {on}",
        RosterWhyBundle => "from another device's bundle ({device}), changed on {on}",
        RosterWhyRoster => "written by an earlier roster import on {on}",
        RosterWhyMemberAdded => "given when the person was added on {on}",
        RosterWhyHouseholdAdded => "given when the household was added on {on}",
        RosterWhyEdit => "changed on {on}",
        RosterSavedRejectedFailed => {
            "the roster was imported, but the refused rows could not be saved to {path}"
        }
        RosterRefusedAll => {
            "{problems} problem(s) in {rows} row(s) refuse the whole file, and nothing was imported; fix them and import again, or import the other rows with --skip-bad"
        }
        RosterNoGrid => {
            "row {row}: the household at {address} names no grid; pass --grid NAME, add a 网格 column, or set `grids` in the config file"
        }
        SyncCliWriting => "writing the bundle",
        SyncCliChecking => "checking the bundle",
        SyncCliApplying => "applying changes",
        SyncCliFor => "changes {label} ({id}) lacks",
        SyncCliFull => "everything (full)",
        SyncCliWrote => "wrote {path}: {what}, {n} changes, {size}",
        SyncCliPlain => {
            "WARNING: --no-encrypt: {path} is NOT encrypted. Anyone who gets the file can read every name, ID number and phone in it. Use it for inspection and tests only, and delete it after."
        }
        SyncCliLeftOut => {
            "note: {n} changes this peer lacks were left out: they were received before bundle format 2 and no head signed by the device that made them covers them; that device's own next export carries them"
        }
        SyncCliByPassphrase => {
            "encrypted with the passphrase: whoever has the passphrase can read it (keep the two apart: do not send the passphrase with the file)"
        }
        SyncCliEncryptedFor => "encrypted for: this device{readers}",
        SyncCliAlready => "already imported on {date}; nothing to do",
        SyncCliEarlierDay => "an earlier day",
        SyncCliDryRun => "dry run: nothing was written. Importing this bundle would give:",
        SyncCliBundle => "bundle {id} from {from}: {n} changes ({kind}{plain})",
        SyncCliNotEncrypted => ", NOT encrypted",
        SyncCliNew => "new changes applied or stored",
        SyncCliDuplicate => "already here (skipped)",
        SyncCliParked => {
            "waiting for a household, request or visit not yet received (applied when it arrives)"
        }
        SyncCliUnparked => "earlier waiting changes applied now",
        SyncCliConflictsOpened => {
            "new conflicts: both values kept; choose one in the review list (tab 5)"
        }
        SyncCliConflictsClosed => "conflicts closed by a resolution from elsewhere",
        SyncCliInvalid => {
            "request steps that skip the lifecycle: stored, not applied, listed for review"
        }
        SyncCliInvalidOps => "other changes stored but not applied (listed for review)",
        SyncCliUnknown => {
            "changes of types from a newer gridbook: kept and passed on; update gridbook to see them"
        }
        SyncCliClock => {
            "changes stamped before 2020 or more than a day in the future: the sender's clock is wrong"
        }
        SyncCliFirstSeen => "  first changes from {label} ({id}), a device certified by the team",
        SyncCliGapClosed => "  gap closed: received {seqs} from {label} ({scope})",
        SyncCliGap => "  gap: missing {seqs} from {label} ({scope}): ask them for a full export",
        SyncCliSeq => "seq {from}",
        SyncCliSeqs => "seq {from}–{to}",
        SyncCliKindFull => "full",
        SyncCliKindIncremental => "delta",
        IoNotFound => "no such file or folder",
        IoPermission => "permission denied; choose a folder you can write to",
        IoDiskFull => "the disk is full; free some space and try again (the file was not written)",
        IoReadOnlyFs => "the disk is read-only; choose another place",
        IoIsDir => "a folder of that name is in the way; choose another name",
        IoOther => "{e}",
        IoActRead => "cannot read {path}: {cause}",
        IoActWrite => "cannot write {path}: {cause}",
        IoActWriteExport => {
            "cannot write {path} (check that the disk has room and the folder is writable): {cause}"
        }
        IoActWriteBundle => "cannot write the bundle: {cause}",
        IoActReadBack => "cannot read back {path}: {cause}",
        IoActCreateLock => "cannot create the lock file {path}: {cause}",
        IoActLock => "cannot lock {path}: {cause}",
        IoActBackup => "cannot back up the database to {path}: {cause}",
        IoActRemove => "cannot remove {path}: {cause}",
        StMissingDir => {
            "the folder {path} does not exist; create it or choose another path with --db"
        }
        StCannotCreate => "cannot create {path}: {cause}; choose a writable location with --db",
        StNotDb => {
            "{path} is not a gridbook database (not SQLite, or damaged); check the path given with --db or GRIDBOOK_DB"
        }
        StNewer => {
            "this database was made by a newer version of gridbook (schema {found}, this version knows up to {supported}); update gridbook to open it"
        }
        StSymlink => {
            "{path} is a symbolic link; gridbook does not open a database or its journal through a link: give the real path with --db, or remove the link"
        }
        StReadOnly => {
            "the database file is read-only; check its permissions or copy it somewhere writable"
        }
        StDiskFull => "the disk is full; free some space and try again (nothing was written)",
        StDiskFailed => {
            "the database file could not be written or read (is the disk full or failing?); nothing was written"
        }
        StBusy => {
            "the database is busy: another gridbook is writing this database; try again in a moment"
        }
        StDamaged => {
            "the database is damaged ({what}); nothing was written; run `gridbook check` to see what is wrong, and keep a copy of the file"
        }
        StAlreadyImported => "this bundle was already imported",
        StAlreadyOpen => {
            "this database is already open in another gridbook window; close that window first"
        }
        StNotFound => "no {kind} with id {id}",
        StCorrupt => {
            "the database is damaged (stored data could not be read); run `gridbook check` to see what is wrong, and keep a copy of the file"
        }
        StSqlite => {
            "the database reported an unexpected error ({code}); nothing was written; run `gridbook check`, and if it happens again keep a copy of the file for whoever supports gridbook"
        }
        SyRefused => "bundle refused ({check} check): {detail}; nothing was imported",
        SyRefusedEncryption => {
            "it cannot be opened: it was not encrypted for this device, or the passphrase is wrong, or the file is damaged; ask the sender to export again to this device's key (`gridbook keys` shows it), or check the passphrase"
        }
        SyRefusedTruncated => {
            "the file is incomplete (cut short on the way); ask the sender to export again"
        }
        SyRefusedFormat => {
            "the file's format is wrong or from a newer gridbook; update gridbook, or ask the sender to export again"
        }
        SyRefusedSize => "the file is too large to be a bundle; check the file chosen",
        SyRefusedProvenance => {
            "its provenance does not verify: the file was altered, or was not written by a device of the team; check with the office, then ask the sender to export again"
        }
        SyRefusedOther => {
            "its content is wrong (damaged or altered); ask the sender to export again"
        }
        RoEmpty => "the file is empty; export the roster from Excel again",
        RoTooLarge => {
            "the file is {bytes} bytes, more than the {limit} a roster may have; split it by grid and import the parts"
        }
        RoCellTooLarge => {
            "row {row}, column {column}: a cell holds {bytes} bytes, more than the {limit} allowed; this does not look like a roster, check the file"
        }
        RoTooManyRows => {
            "the sheet has more than {limit} rows; split it by grid and import the parts"
        }
        RoTooManyCells => {
            "the sheet has more than {limit} cells; delete the unused columns to the right and import again"
        }
        RoTooMuchText => {
            "the sheet holds more than {limit} bytes of text; split it by grid and import the parts"
        }
        RoZipBomb => {
            "the workbook would inflate to {declared} bytes, more than the {limit} allowed (a zip bomb or not a roster); open it in Excel, copy the roster to a new workbook and save that"
        }
        RoNotText => {
            "the file is neither UTF-8 nor GB18030 text nor an Excel workbook; open it in Excel and save it as .xlsx or as CSV"
        }
        RoNotWorkbook => {
            "the file is named {extension} but is not an Excel workbook (it may be damaged or renamed); open it in Excel and save it as .xlsx"
        }
        RoHtml => {
            "the file is a web page or XML saved with an Excel name; open it in Excel and save it as .xlsx"
        }
        RoWorkbook => {
            "cannot read the workbook ({detail}); it may be damaged or have a password: open it in Excel and save it again as .xlsx without a password"
        }
        RoNoSheet => "no sheet named {name}; the workbook has: {available}",
        RoCsv => "cannot read the CSV text: {detail}; save it again from Excel as CSV",
        RoNoNameColumn => {
            "no header row with a name column (姓名 or name) in the first {searched} rows{seen}; add one and import again"
        }
        RoSeen => " (the first row has: {cells})",
        RoNoPersons => {
            "the file has a header row (row {row}) but no person rows under it; fill in the roster and import again"
        }
        ErrConfigAt => "{file}:{line}: {message}",
        ErrFallback => "{e}",
        TeamMade => "made the team {name}; this machine is its office and holds its key",
        TeamFingerprint => "team fingerprint: {fp}",
        TeamReadAloud => "read these digits aloud to each worker who joins: they must see the same",
        TeamRequestWrote => {
            "wrote {path}: the request of {label} ({id}) to join a team; take it to the office, which answers with `gridbook team enrol`"
        }
        TeamEnrolled => "enrolled {label} ({id}) as {what}; wrote its certificate to {path}",
        TeamFingerprintJoin => "team fingerprint, to read aloud when it joins: {fp}",
        TeamName => "team: {name}",
        TeamThisDevice => "this device: {label} ({id}), {what}",
        TeamNotJoined => "not joined: the fingerprint was not confirmed; nothing was changed",
        TeamJoined => "joined the team {name}; bundles from its devices are accepted from now on",
        TeamRevoked => {
            "revoked {label} ({id}): changes it makes from now on are refused on every device that receives this; what it wrote before stands"
        }
        TeamOffice => "an office device (writes every grid)",
        TeamWriting => "writing {grids}",
        TeamConfirm => "does the office's screen show exactly these digits? type yes to join: ",
        TeamNone => {
            "this device is in no team (a team of one: it accepts no bundles). The office makes the team with `gridbook team init --name NAME`; a device joins with `gridbook team request` and `gridbook team join`."
        }
        TeamFp => "fingerprint: {fp}",
        TeamHoldsKey => "this machine holds the team key (the office)",
        TeamDevices => "devices:",
        TeamDeviceLine => "  {label}{own} ({id}): {what}{revoked}",
        TeamOwn => " (this device)",
        TeamRevokedMark => ", REVOKED",
        TeamUncertified => "  {label} ({id}): not certified: nothing new from it is accepted",
        KeysAdded => "exports are now also encrypted for {label} ({key})",
        KeysRemoved => "exports are no longer encrypted for {label}",
        KeysThisDevice => "this device: {label} ({id})",
        KeysPublic => "  public key (give it to the office and peers): {key}",
        KeysSigning => "  signing key fingerprint: {fp}",
        KeysOnlyThis => {
            "exports are encrypted for this device only; join the office's team (`gridbook team request`, then `gridbook team join`)"
        }
        KeysFor => "exports are encrypted for:",
        KeysOffice => "  {label} (office): {key}",
        KeysPeer => "  {label}: {key}",
        KeysConfig => "  (config) {key}",
        KeysTeamDevices => "devices of the team (`gridbook team` for their grids):",
        KeysTeamDevice => "  {label} ({id}): {fp}{revoked}",
        KeysRevoked => ", revoked",
        KeysAddPeerArgs => "--add-peer takes a label and a key",
        KeysAddPeerLabel => "give the peer a label, e.g. --add-peer 社区办公室 age1...",
        KeysNoPeer => "no peer key labelled {label}; `gridbook keys` lists them",
        CheckReplaying => "replaying the op log",
        CheckOk => "ok: {n} ops replayed; the tables match the op log",
        CheckProblem => "problem: {p}",
        CheckFailed => {
            "the database failed {n} check(s); keep a copy of {path} and ask the office for a full export to rebuild from"
        }
        EnrolDone => "enrolled {path} as device {id} ({label})",
        PipedSummary => {
            "{path}: {h} households, {m} members, {v} visits, {r} requests ({o} open), {ops} ops"
        }
        TeamErrName => "give the team a name, e.g. --name \"幸福社区\"",
        TeamErrAlreadyIn => {
            "this database is already in the team {name} ({fp}); a database belongs to one team"
        }
        TeamErrJson => "cannot encode the file: {e}",
        TeamErrBadRequest => {
            "{path} is not a valid request to join (damaged, altered, or not made by `gridbook team request`)"
        }
        TeamErrOwnRequest => {
            "that request is this device's own; make the request on the device that joins"
        }
        TeamErrGrids => {
            "say which grids the device writes: --grid NAME (repeat for several), or --office"
        }
        TeamErrNotCert => "{path} is not a certificate file made by `gridbook team enrol`",
        TeamErrCertSig => {
            "{path} is not signed by the team it names (damaged or altered); ask the office for a new one"
        }
        TeamErrOtherDevice => "{path} is for another device ({label}, {id}), not this one ({own})",
        TeamErrOtherKeys => {
            "the certificate is for other keys than this device holds (the request was made before its keys were renewed); make a new request"
        }
        TeamErrNoDevice => "no device of the team is called {name}; `gridbook team` lists them",
        TeamErrAmbiguous => "{name} could be {list}; give the device id",
        TeamErrSelf => "the office cannot revoke itself",
        TeamErrNoTeam => {
            "this database is in no team; on the office machine run `gridbook team init --name NAME` first"
        }
        TeamErrNoKey => {
            "this machine does not hold the key of the team {name}; enrol and revoke devices on the office machine that made it"
        }
        TeamErrWrongKey => "the team key kept on this machine is not this database's team's",
        TeamErrNotFile => "{path} is not a team request file (damaged, or another kind of file)",
        TeamErrNotCertFile => {
            "{path} is not a team certificate file (damaged, or another kind of file)"
        }
        ExErrIsFolder => {
            "{path} is not a file name (it is a folder); give the bundle's name, e.g. --out {example}"
        }
        ExErrNoFolder => "the folder {path} does not exist; create it or choose another --out",
        ExErrNoPeerYet => {
            "no peer called {name} is known yet; import a bundle from them first, or use --full"
        }
        ExErrNoPeer => "no peer called {name}; known peers: {known}; or use --full",
        ExErrAmbiguous => "{name} could be {list}; give the device id instead",
        ExErrNoReader => {
            "no one else could open this export: add the office's key with `gridbook keys --add-peer LABEL KEY`, or use --passphrase-file"
        }
        ExErrReadBack => {
            "the bundle written to {path} does not read back ({e}); check the disk and export again"
        }
        ExErrReadBackDiffers => {
            "the bundle written to {path} does not read back as written; check the disk and export again"
        }
        ExErrEncrypt => "cannot encrypt: {e}",
        ExErrInternal => {
            "an internal error stopped the export ({what}); nothing was written; export again, and if it happens again keep the database for whoever supports gridbook"
        }
        KeyErrDamaged => {
            "{path} is damaged ({what}); move it aside and run the command again to make new keys"
        }
        KeyErrRead => "cannot read {path}: {e}",
        KeyErrEncode => "cannot encode the keys: {e}",
        KeyErrSave => "cannot save {path}: {e}",
        KeyErrNotAge => {
            "{text} is not an age public key (they start with age1 and are 62 characters); `gridbook keys` prints this device's"
        }
        InvPeerLabel => "give the peer a label",
        InvNotInConflict => {
            "{field} of {id} is not in conflict (it may have been resolved already)"
        }
        InvMergeSelf => "a household cannot be merged into itself",
        InvMergedAlready => "that household was already merged into this one",
        InvKeepReason => "say why this version is kept",
        InvAmendReason => "an amendment needs a reason",
        InvVoidReason => "voiding a visit needs a reason",
        InvSummary => "a request needs a summary",
        InvDispatchTo => "say who the request is dispatched to",
        InvHouseholdGrid => "a household needs a grid",
        InvMemberName => "a member needs a name",
        InvValue => "{value} is not a valid {field}",
        InvOtherTeam => {
            "this database already belongs to the team {name}; a database is in one team"
        }
        InvInternal => {
            "an internal error stopped this ({what}); nothing was written; run `gridbook check`, and if it happens again keep the database for whoever supports gridbook"
        }
        CliErrDemoNotDemo => {
            "{path} already exists and is not a demo database; choose another path with --db"
        }
        CliErrNoDatabase => {
            "there is no database at {path}; import the roster or run `gridbook demo` first, or name the database with --db"
        }
        CliErrNoGrid => "no households in grid {grid}; the grids in this database are: {list}",
        CliErrPeriod => "--from {from} is after --to {to}; the period runs from --from to --to",
        CliErrCsvLedger => {
            "a CSV file holds one ledger; add --ledger visits, requests or households (or use --format xlsx for all of them)"
        }
        CliErrXlsxOut => "--format xlsx writes a file; add --out FILE.xlsx",
        CliErrLedgerFormat => {
            "--ledger chooses the ledger of a CSV file; use --format csv (xlsx holds every ledger)"
        }
        CliErrNow => "{var}={text} is not a date-time like 2026-11-23T09:30:00",
        CliErrPassEmpty => {
            "the passphrase file {path} is empty; put the passphrase on its first line"
        }
        CliWrote => "wrote {path}",
        IoActCreateDir => "cannot create the folder {path}: {cause}",
        IoActReadPassphrase => "cannot read the passphrase file {path}: {cause}",
        DemoHouseholds => "households",
        DemoVisits => "a year of visits",
        DemoWritten => {
            "demo written to {path} in {secs}s: {h} households, {m} members, {v} visits, {r} requests ({o} open), {ops} ops"
        }
        ErrNotesTooLong => "notes are limited to {max} characters",
        WarnUnknownColumns => "{where}columns not understood were ignored: {value}",
        WarnRepeatedColumn => "{where}a second column with the same meaning was ignored: {value}",
        WarnBadPhone => "{where}{value} is not a phone number; the person is imported without it",
        WarnExtraPhones => "{where}several phone numbers in one cell ({value}); the first is kept",
        WarnUnreadableGender => {
            "{where}the gender {value} is neither 男 nor 女; the ID number's is used"
        }
        WarnUnreadableBirth => {
            "{where}the birth date {value} is not a date; the ID number's is used"
        }
        WarnBirthDiffers => {
            "{where}the birth date {value} differs from the ID number's; the ID number's is used"
        }
        WarnAddressDiffers => {
            "{where}the address {value} differs from the head's; the person is placed by their own address"
        }
        WarnNotAPerson => "{where}a row with nothing that describes a person was skipped",
        WarnRepeatedHeader => "{where}the header row repeated inside the data was skipped",
        WarnNoHead => "{where}the household {value} has no row with 户主 or 本人",
        WarnWhere => "row {row}: ",
        UsageUnknownArg => "unknown argument {arg}; `gridbook --help` lists them",
        UsageUnknownCommand => "no command called {arg}; `gridbook --help` lists them",
        UsageBadValue => "{value} is not a value {arg} takes{valid}",
        UsageValid => "; it takes: {list}",
        UsageMissing => "missing: {arg}; add it (see --help)",
        UsageConflict => "{arg} cannot be used with {other}",
        UsageOther => "the command line is not right ({kind}); see --help",
        ChkIntegrity => "SQLite integrity: {line}",
        ChkParents => "{n} rows point to missing parents",
        ChkChain => {
            "{n} ops do not continue their device's chain (the log was altered after they were written)"
        }
        ChkUnreadable => "op #{n} cannot be read: {e}",
        ChkHash => "op #{n} does not match its stored hash (altered after it was written)",
        ChkStates => "{n} ops have a different state than a replay gives",
        ChkTable => "table {table}: {n} rows differ from what the op log gives (e.g. {keys})",
        SyRefusedTeam => {
            "it is not from this device's team: this device has not joined a team yet, or the sender is not certified by it; join the office's team first (`gridbook team join`), or ask the office to enrol the sender"
        }
        SyRefusedRevoked => {
            "the sender's device was revoked by the office; its changes are no longer accepted"
        }
        SyRefusedKeys => {
            "it tries to change device keys without the team's signature; it was not imported; tell the office"
        }
        CfgWrite => "cannot write the config file: {e}",
        CfgRead => "cannot read the config file: {e}",
        CfgTooLarge => "the config file is larger than 1 MiB",
        CfgToml => "{e}",
        CfgCategory => "unknown request category `{code}`; allowed: {allowed}",
        CfgRecipient => {
            "`{key}` in [sync] recipients is not an age public key (they start with age1); `gridbook keys` prints one"
        }
        CfgLanguage => "language `{lang}` is not available; use `zh` or `en`",
        KeyNotAKey => "`{key}` is not a key name (examples: q, ctrl-s, shift-tab, enter, f2)",
        KeyTwice => "`{key}` is the same key as `{first}`, bound twice",
        KeyUnknownAction => "unknown action `{action}`; actions are: {names}, none",
        FigMore => "(Up/Down: more)",
        BoardOverdue => "overdue",
        BoardEscalated => "escalated",
        BoardEmpty => "No request matches",
        BoardTimeline => "Timeline",
        BoardHint => "d dispatch  r resolve  b feedback  t rate  R reopen  f filter  / find",
        BoardFind => "Find: ",
        ActionDispatch => "dispatch",
        ActionResolve => "resolve",
        ActionFeedback => "feedback",
        ActionRate => "rate",
        ActionReopen => "reopen",
        ActionPrevPeriod => "previous month",
        ActionNextPeriod => "next month",
        FormDispatch => "Dispatch",
        FormResolve => "Resolve",
        FormFeedback => "Feedback to the resident",
        FormRate => "Resident's rating",
        FormReopen => "Reopen",
        FieldDepartment => "To",
        FieldNoteShort => "Note",
        FieldResult => "Result",
        FieldMediated => "Mediated",
        FieldFeedback => "Told",
        FieldRating => "Rating",
        FieldComment => "Comment",
        FieldReason => "Reason",
        ChoiceYes => "yes",
        ChoiceNo => "no",
        RequestDispatched => "Dispatched to {who}",
        RequestResolved => "Resolved",
        RequestFedBack => "Feedback recorded",
        RequestRated => "Rating recorded",
        RequestReopened => "Reopened (round {n})",
        ErrTransition => "This request is {from}; it cannot be {to} now",
        ErrReopenEarly => "Only a resolved request can be reopened",
        ErrRequired => "{field} is needed",
        EventOpened => "opened",
        EventDispatched => "dispatched",
        EventResolved => "resolved",
        EventFedBack => "fed back",
        EventEvaluated => "rated",
        EventReopened => "reopened",
        EventInvalid => "(invalid, not applied)",
        FigThisMonth => "this month",
        FigHint => "[ previous month  ] next month",
        FigVisitsPerWeek => "Visits per week",
        FigByCategory => "Requests by category",
        FigByMode => "By mode",
        FigLoading => "Counting",
        FigPeriod => "Period",
        FigPeriodRange => "{from} to {to}",
        FigGrids => "Grids",
        FigAssigned => "Households assigned",
        FigVisited => "Households visited",
        FigCoverage => "Coverage",
        FigVisits => "Visits",
        FigOpened => "Requests opened",
        FigResolved => "Resolved (of those)",
        FigResolutionRate => "Resolution rate",
        FigMedianDays => "Median days to resolve",
        FigRated => "Requests rated",
        FigSatisfaction => "Satisfaction rate",
        FigDisputes => "Disputes",
        FigMediated => "Disputes mediated",
        FigOverdue => "Overdue requests (at period end)",
        FigNone => "n/a",
        FigByWorker => "By worker",
        FigWorker => "Worker",
        FigWorkerVisits => "Visits",
        FigWorkerHouseholds => "Households",
        FigWorkerRequests => "Requests opened",
        FigByTag => "By tag",
        FigTag => "Tag",
        FigTagInterval => "Every (days)",
        FigTagHouseholds => "Households",
        FigTagVisited => "Visited in period",
        FigTagWithin => "Within policy",
        FigTagCoverage => "Policy coverage",
        // Roster re-import: what was kept and why.
        ImportKept => "Kept, changed since the last import (the roster differs): {n}",
        ImportConflicts => {
            "Changed here and by the office, both kept for the review list (tab 5): {n}"
        }
        ImportKeptLine => "{name} {field}: {kept}, {why} (roster: {roster})",
        ImportWhyVisit => "changed on a visit on {on}",
        ImportWhyForm => "changed in the form on {on}",
        ImportWhyReview => "settled in the review list on {on}",
        ImportWhyBundle => "from {device}'s bundle, changed on {on}",
        ImportWhyRoster => "written by an earlier roster import on {on}",
        ImportWhyAdded => "given when added on {on}",
        ImportWhyEdit => "changed on {on}",
        ImportFieldHousehold => "Household",
        ImportFieldHouseholdNo => "Household no.",
        // doctor and version
        VersionLine => "gridbook {version} (bundle format {format}, database schema {schema})",
        DoctorOk => "ok",
        DoctorNote => "note",
        DoctorTodo => "to do",
        DoctorWhatDb => "database",
        DoctorWhatJournal => "database journal",
        DoctorWhatConfigDir => "config folder",
        DoctorWhatConfig => "config file",
        DoctorWhatKeysDir => "key folder",
        DoctorWhatDevice => "device file",
        DoctorWhatKeys => "key file",
        DoctorPrivate => "{what} {path}: only you can read it ({mode})",
        DoctorOpen => "{what} {path}: other users can read it ({mode}): run {fix}",
        DoctorDbFine => "database {path}: opens, schema {schema}",
        DoctorDbMissing => {
            "database {path} does not exist yet: gridbook creates it at the first start (to use another file: --db PATH or GRIDBOOK_DB)"
        }
        DoctorDbEmpty => "database {path} is empty: gridbook sets it up at the next start",
        DoctorDbOld => {
            "database {path}: schema {found}; the next start backs it up and upgrades it to schema {latest}"
        }
        DoctorDbNewer => {
            "database {path} was made by a newer gridbook (schema {found}; this one knows up to {latest}): install the newer gridbook to open it"
        }
        DoctorDbNotOurs => {
            "{path} is not a gridbook database (not SQLite, or damaged): check the path given with --db or GRIDBOOK_DB"
        }
        DoctorDbSymlink => {
            "{path} is a symbolic link, and gridbook does not open a database through one: give the real path with --db, or remove the link"
        }
        DoctorDbError => "database {path} cannot be read: {error}",
        DoctorDbWal => {
            "database {path} has a write-ahead log (-wal): gridbook is open in another window, or did not close; the lines above describe the file without it"
        }
        DoctorDbBlocked => {
            "database {path} belongs to another device: {device} is missing or names another one (the database was copied, or this machine's settings were reset); run `gridbook enrol` before making changes"
        }
        DoctorConfigFine => "config file {path}: read without problems",
        DoctorConfigMissing => {
            "config file {path} does not exist yet: the defaults apply (gridbook writes it when you first give your name)"
        }
        DoctorConfigBad => {
            "config file {path}: {error}; correct it, or move the file aside to use the defaults"
        }
        DoctorConfigBadLine => {
            "config file {path}, line {line}: {error}; correct that line, or move the file aside to use the defaults"
        }
        DoctorConfigDirMissing => {
            "config folder {path} does not exist yet: gridbook makes it, for you alone, when it first saves something"
        }
        DoctorKeysWhere => {
            "device and key files: none yet; they will be kept in {path}, named after the database"
        }
        DoctorDeviceFine => "device file {path}: matches the database",
        DoctorKeysFine => "key file {path}: this device's signing and encryption keys",
        DoctorKeysMissing => {
            "key file {path} is not made yet: `gridbook keys` makes it (the first export does too)"
        }
        DoctorLocaleFine => "terminal: {var}={value} is a UTF-8 locale, so Chinese shows",
        DoctorLocaleUnset => {
            "terminal: no locale is set (LC_ALL, LC_CTYPE and LANG are empty), so Chinese may not show: run {fix} and add that line to ~/.profile"
        }
        DoctorLocaleBad => {
            "terminal: {var}={value} is not a UTF-8 locale, so Chinese may not show: run {fix} and add that line to ~/.profile"
        }
        DoctorTermConsole => {
            "terminal: TERM=linux is the text console, which cannot draw Chinese: open gridbook in a terminal window on the desktop"
        }
        DoctorAllWell => "all is well",
        DoctorTodoCount => "{n} to do: the lines marked \"to do\" say how",
        // the team in the sync tab
        SyncTeam => "Team: {name}  fingerprint {fp}",
        SyncNoTeam => {
            "In no team, so no bundle is accepted: run gridbook team request, take the file to the office, then run gridbook team join with the file it gives back"
        }
        SyncColCert => "Certificate",
        SyncCertOffice => "office (all grids)",
        SyncCertNone => "not certified",
        SyncCertRevoked => "revoked",
        SyncThisCert => "This device: {cert}",
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

/// A refused roster row's reason and what to do about it, by the reason's code.
pub fn reject_reason(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "id_number_scientific_notation" => (
            "the ID number was turned into scientific notation by Excel",
            "Excel stored the ID number as a number and lost its last digits: format the ID-number column as text, enter the full number again and export again",
        ),
        "id_number_checksum" => (
            "the ID number's check digit is wrong",
            "the check digit does not match the other digits: compare the number with the ID card and correct it",
        ),
        "id_number_date" => (
            "the birth date in the ID number is impossible",
            "the birth date inside the ID number is impossible: compare the number with the ID card and correct it",
        ),
        "id_number_invalid" => (
            "the ID number has the wrong length or characters",
            "an ID number has 18 characters (digits, X allowed last) or 15 digits: correct it or leave the cell empty",
        ),
        "missing_name" => (
            "no name",
            "fill in the name, or delete the row if it is not a person",
        ),
        "gender_mismatch" => (
            "the gender contradicts the ID number",
            "the gender column contradicts the ID number: correct whichever is wrong",
        ),
        "no_household" => (
            "no household to place it in",
            "the row comes before any 户主 row and has no address: move it under its household's head or fill in the address",
        ),
        _ => return None,
    })
}
