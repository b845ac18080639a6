//! The string catalog: every user-facing text of the interface, in zh-CN and English, looked up
//! by key. Each language is one exhaustive `match`, so a key missing from a catalog does not
//! compile.

mod en;
pub mod help_zh;
pub mod said;
mod zh;

use crate::domain::{
    Category, Gender, MemberStatus, Question, QuestionState, Rating, Relation, Status, Tier,
    VisitMode,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`/`en` (also `zh-CN`, `zh_CN.UTF-8`, `en_US` …).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") {
            Some(Self::Zh)
        } else if s.starts_with("en") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The language the environment asks for, in GNU gettext's order: the message locale is
    /// the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`; when it is not C/POSIX, `LANGUAGE` (a
    /// colon-separated list of preferences) wins over it. Chinese gets zh-CN, anything else
    /// English.
    pub fn from_locale(vars: impl Fn(&str) -> Option<String>) -> Self {
        let var = |name: &str| vars(name).filter(|v| !v.trim().is_empty());
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(&var);
        let is_c = locale.as_deref().is_none_or(|l| {
            let l = l.trim();
            l == "C" || l == "POSIX" || l.starts_with("C.")
        });
        if !is_c
            && let Some(list) = var("LANGUAGE")
            && let Some(lang) = list.split(':').find_map(Self::parse)
        {
            return lang;
        }
        match locale {
            Some(l) if l.trim().to_ascii_lowercase().starts_with("zh") => Self::Zh,
            _ => Self::En,
        }
    }

    /// `--lang`, else the config's `language`, else the locale.
    pub fn choose(flag: Option<&str>, config: &str) -> Self {
        flag.and_then(Self::parse)
            .or_else(|| Self::parse(config))
            .unwrap_or_else(|| Self::from_locale(|n| std::env::var(n).ok()))
    }

    pub fn t(self, m: Msg) -> &'static str {
        match self {
            Self::Zh => zh::text(m),
            Self::En => en::text(m),
        }
    }

    /// A catalog text with `{name}` placeholders filled in.
    pub fn f(self, m: Msg, args: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut out = self.t(m).to_string();
        for (name, value) in args {
            out = out.replace(&format!("{{{name}}}"), &value.to_string());
        }
        out
    }

    pub fn relation(self, r: Relation) -> &'static str {
        match self {
            Self::Zh => zh::relation(r),
            Self::En => en::relation(r),
        }
    }

    pub fn gender(self, g: Gender) -> &'static str {
        match (self, g) {
            (Self::Zh, Gender::Male) => "男",
            (Self::Zh, Gender::Female) => "女",
            (Self::En, Gender::Male) => "M",
            (Self::En, Gender::Female) => "F",
        }
    }

    pub fn member_status(self, s: MemberStatus) -> &'static str {
        match self {
            Self::Zh => zh::member_status(s),
            Self::En => en::member_status(s),
        }
    }

    pub fn mode(self, m: VisitMode) -> &'static str {
        match self {
            Self::Zh => zh::mode(m),
            Self::En => en::mode(m),
        }
    }

    pub fn question(self, q: Question) -> &'static str {
        match self {
            Self::Zh => zh::question(q),
            Self::En => en::question(q),
        }
    }

    /// One or two cells naming a question in summaries (基 家 困 建).
    pub fn question_short(self, q: Question) -> &'static str {
        match self {
            Self::Zh => zh::question_short(q),
            Self::En => en::question_short(q),
        }
    }

    pub fn question_state(self, s: QuestionState) -> &'static str {
        match self {
            Self::Zh => zh::question_state(s),
            Self::En => en::question_state(s),
        }
    }

    pub fn category(self, c: Category) -> &'static str {
        match self {
            Self::Zh => zh::category(c),
            Self::En => en::category(c),
        }
    }

    pub fn tier(self, t: Tier) -> &'static str {
        match self {
            Self::Zh => zh::tier(t),
            Self::En => en::tier(t),
        }
    }

    pub fn status(self, s: Status) -> &'static str {
        match self {
            Self::Zh => zh::status(s),
            Self::En => en::status(s),
        }
    }

    /// Why a roster row was refused, and what to do, in the worker's words, by the reason's
    /// stable code (`id_number_checksum`; ROSTER.md). An unknown code gives itself and no hint.
    pub fn reject_reason(self, code: &str) -> (&str, &'static str) {
        let found = match self {
            Self::Zh => zh::reject_reason(code),
            Self::En => en::reject_reason(code),
        };
        found.unwrap_or((code, ""))
    }

    /// A stored field's name as the worker knows it (电话, not `phone`).
    pub fn field(self, field: &str) -> Option<&'static str> {
        let m = match field {
            "grid" => Msg::FieldGrid,
            "compound" => Msg::FieldCompound,
            "building" => Msg::FieldBuilding,
            "unit" => Msg::FieldUnit,
            "room" => Msg::FieldRoom,
            "household_no" => Msg::ImportFieldHouseholdNo,
            "note" => Msg::FieldNote,
            "archived" => Msg::Archived,
            "name" => Msg::FieldName,
            "relation" => Msg::FieldRelation,
            "gender" => Msg::FieldGender,
            "birth" => Msg::FieldBirth,
            "id_number" => Msg::FieldIdNumber,
            "phone" => Msg::FieldPhone,
            "tags" => Msg::FieldTags,
            "household" => Msg::ImportFieldHousehold,
            "summary" => Msg::ColRequestSummary,
            "category" => Msg::ColCategory,
            "due" => Msg::ColDue,
            _ => return None,
        };
        Some(self.t(m))
    }

    pub fn rating(self, r: Rating) -> &'static str {
        match self {
            Self::Zh => zh::rating(r),
            Self::En => en::rating(r),
        }
    }

    /// A weekday name for the status line.
    pub fn weekday(self, w: chrono::Weekday) -> &'static str {
        use chrono::Weekday::*;
        match (self, w) {
            (Self::Zh, Mon) => "周一",
            (Self::Zh, Tue) => "周二",
            (Self::Zh, Wed) => "周三",
            (Self::Zh, Thu) => "周四",
            (Self::Zh, Fri) => "周五",
            (Self::Zh, Sat) => "周六",
            (Self::Zh, Sun) => "周日",
            (Self::En, Mon) => "Mon",
            (Self::En, Tue) => "Tue",
            (Self::En, Wed) => "Wed",
            (Self::En, Thu) => "Thu",
            (Self::En, Fri) => "Fri",
            (Self::En, Sat) => "Sat",
            (Self::En, Sun) => "Sun",
        }
    }
}

macro_rules! messages {
    ($($name:ident),* $(,)?) => {
        /// Keys of the catalog.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg { $($name),* }

        impl Msg {
            pub const ALL: &'static [Msg] = &[$(Msg::$name),*];
        }
    };
}

messages! {
    AppName,
    TabHouseholds,
    TabDue,
    TabRequests,
    TabFigures,
    TabSync,
    ColAddress,
    ColHead,
    ColMembers,
    ColTags,
    ColSinceVisit,
    ColRequests,
    ColGrid,
    NeverVisited,
    DaysSuffix,
    Unsynced,
    OverdueRequests,
    AllGrids,
    Loading,
    IndexLoading,
    SearchPrompt,
    SearchHint,
    NoMatches,
    MatchCount,
    HouseholdsCount,
    SortedBy,
    SortAddress,
    SortSinceVisit,
    SortName,
    FilterLabel,
    FilterNone,
    FilterOverdue,
    FilterOpenRequests,
    FilterTag,
    FilterBuilding,
    Archived,
    CardMembers,
    CardRequests,
    CardVisits,
    CardNoVisits,
    CardNoRequests,
    ColRelation,
    ColName,
    ColGender,
    ColAge,
    ColPhone,
    ColIdNumber,
    ColDate,
    ColMode,
    ColVisitor,
    ColSummary,
    ColCategory,
    ColStatus,
    ColDue,
    Amended,
    Voided,
    Revealed,
    Masked,
    HelpTitle,
    HelpFooter,
    ActionQuit,
    ActionHelp,
    ActionTabHouseholds,
    ActionTabDue,
    ActionTabRequests,
    ActionTabFigures,
    ActionTabSync,
    ActionUp,
    ActionDown,
    ActionPageUp,
    ActionPageDown,
    ActionHome,
    ActionEnd,
    ActionOpen,
    ActionBack,
    ActionSearch,
    ActionNewVisit,
    ActionEdit,
    ActionEditHousehold,
    ActionReveal,
    ActionSort,
    ActionFilter,
    ActionAddHousehold,
    ActionAddMember,
    ActionMoveOut,
    ActionArchive,
    ActionSave,
    ActionNextField,
    ActionPrevField,
    ActionNextSection,
    FormHousehold,
    FormMember,
    FieldGrid,
    FieldCompound,
    FieldBuilding,
    FieldUnit,
    FieldRoom,
    FieldNote,
    FieldName,
    FieldRelation,
    FieldGender,
    FieldBirth,
    FieldIdNumber,
    FieldPhone,
    FieldTags,
    FormHint,
    ChoiceHint,
    Saved,
    NothingChanged,
    ConfirmMoveOut,
    ConfirmArchive,
    ConfirmUnarchive,
    ConfirmYesNo,
    MovedOut,
    ArchivedDone,
    UnarchivedDone,
    ErrNameRequired,
    ErrGridRequired,
    ErrIdNumber,
    ErrPhone,
    ErrBirth,
    ErrGenderMismatch,
    ErrWritesBlocked,
    ErrGeneric,
    SelectMemberFirst,
    AlreadyOpen,
    Visits,
    Round,
    VisitTitle,
    AmendTitle,
    FieldDate,
    FieldMode,
    FieldVisitor,
    FieldCompanions,
    MembersCheck,
    MovedOutMark,
    NewPhoneLabel,
    HealthLabel,
    NewPersonLabel,
    AddPerson,
    DisputeFlag,
    DisputeText,
    NeedsLabel,
    SuggestionFlag,
    ConfirmDiscard,
    ConfirmNoQuestion,
    ConfirmReview,
    AmendReason,
    VisitSaved,
    VisitSavedWithRequests,
    ErrDate,
    ErrFuture,
    ErrTooOld,
    ErrVisitor,
    ErrReasonRequired,
    DraftRestored,
    DraftsWaiting,
    DraftsTitle,
    CardDraft,
    NoLastVisit,
    ActionNothingNew,
    ActionSameAsLast,
    ActionToggle,
    ActionNewPhone,
    ActionHealthNote,
    VisitHint,
    MembersHint,
    NeedsHint,
    ReviewMovedOut,
    ReviewPhone,
    ReviewHealth,
    ReviewNewPerson,
    SelectVisitFirst,
    HealthNotePrefix,
    EmptyNotes,
    AmendOf,
    ImportTitle,
    ImportPath,
    ImportPathHint,
    ImportPreview,
    ImportHouseholds,
    ImportMembers,
    ImportRejected,
    ImportDuplicates,
    ImportMissing,
    ImportConfirm,
    ImportConfirmSkip,
    ImportDone,
    ImportRejectedFile,
    ImportNothing,
    ActionImport,
    FirstRunTitle,
    Welcome,
    FirstSteps,
    SyncThisDevice,
    SyncPeers,
    SyncNoPeers,
    SyncColPeer,
    SyncColLastImport,
    SyncColLastExport,
    SyncColLacks,
    SyncGap,
    SyncReview,
    SyncNothingToReview,
    SyncConflict,
    SyncDuplicate,
    SyncSameAddress,
    SyncSameHeadId,
    SyncInvalid,
    SyncParked,
    SyncArchivedEdited,
    SyncForked,
    SyncSuspectClock,
    SyncHint,
    SyncExportTitle,
    SyncExportTo,
    SyncExportFull,
    SyncExportPath,
    SyncExported,
    SyncImportTitle,
    SyncImportPath,
    SyncImportHint,
    SyncImportPreview,
    SyncImportNew,
    SyncImportConflicts,
    SyncImportParked,
    SyncImportGaps,
    SyncImportConfirm,
    SyncImported,
    SyncAlready,
    SyncResolveTitle,
    SyncKeepValue,
    SyncMergeInto,
    SyncNotDuplicate,
    SyncDismiss,
    SyncKeepVersion,
    SyncKeptReason,
    SyncSettled,
    SyncParkedInfo,
    ActionExportBundle,
    ActionImportBundle,
    ColRequestSummary,
    DueCount,
    DueNone,
    DueGroupTitle,
    DueOverdueDays,
    DueToday,
    DueLast,
    DueNever,
    BoardCount,
    BoardUnresolved,
    BoardAll,
    BoardToDo,
    BoardLoopOpen,
    BoardShowing,
    ActionOpenLoops,
    SyncTypeValue,
    SyncTypeValueEmpty,
    SyncNeedsPassphrase,
    SyncPassphrase,
    ImportRejectedWillWrite,
    ImportPreviewScroll,
    FigMore,
    CfgRead,
    CfgWrite,
    CfgTooLarge,
    CfgToml,
    CfgCategory,
    CfgRecipient,
    CfgLanguage,
    KeyNotAKey,
    KeyTwice,
    KeyUnknownAction,
    SyRefusedTeam,
    SyRefusedRevoked,
    SyRefusedKeys,
    ChkIntegrity,
    ChkParents,
    ChkChain,
    ChkHash,
    ChkUnreadable,
    ChkStates,
    ChkTable,
    UsageUnknownArg,
    UsageUnknownCommand,
    UsageBadValue,
    UsageValid,
    UsageMissing,
    UsageConflict,
    UsageOther,
    WarnUnknownColumns,
    WarnRepeatedColumn,
    WarnBadPhone,
    WarnExtraPhones,
    WarnUnreadableGender,
    WarnUnreadableBirth,
    WarnBirthDiffers,
    WarnAddressDiffers,
    WarnNotAPerson,
    WarnRepeatedHeader,
    WarnNoHead,
    WarnWhere,
    ErrNotesTooLong,
    DemoHouseholds,
    DemoVisits,
    DemoWritten,
    CliErrDemoNotDemo,
    CliErrNoDatabase,
    CliErrNoGrid,
    CliErrPeriod,
    CliErrCsvLedger,
    CliErrXlsxOut,
    CliErrLedgerFormat,
    CliErrNow,
    CliErrPassEmpty,
    CliWrote,
    IoActCreateDir,
    IoActReadPassphrase,
    InvPeerLabel,
    InvNotInConflict,
    InvMergeSelf,
    InvMergedAlready,
    InvKeepReason,
    InvAmendReason,
    InvVoidReason,
    InvSummary,
    InvDispatchTo,
    InvHouseholdGrid,
    InvMemberName,
    InvValue,
    InvOtherTeam,
    InvInternal,
    ExErrIsFolder,
    ExErrNoFolder,
    ExErrNoPeerYet,
    ExErrNoPeer,
    ExErrAmbiguous,
    ExErrNoReader,
    ExErrReadBack,
    ExErrReadBackDiffers,
    ExErrInternal,
    ExErrEncrypt,
    KeyErrDamaged,
    KeyErrRead,
    KeyErrEncode,
    KeyErrSave,
    KeyErrNotAge,
    TeamErrName,
    TeamErrAlreadyIn,
    TeamErrJson,
    TeamErrBadRequest,
    TeamErrOwnRequest,
    TeamErrGrids,
    TeamErrNotCert,
    TeamErrCertSig,
    TeamErrOtherDevice,
    TeamErrOtherKeys,
    TeamErrNoDevice,
    TeamErrAmbiguous,
    TeamErrSelf,
    TeamErrNoTeam,
    TeamErrNoKey,
    TeamErrWrongKey,
    TeamErrNotFile,
    TeamErrNotCertFile,
    TeamMade,
    TeamFingerprint,
    TeamReadAloud,
    TeamRequestWrote,
    TeamEnrolled,
    TeamFingerprintJoin,
    TeamName,
    TeamThisDevice,
    TeamNotJoined,
    TeamJoined,
    TeamRevoked,
    TeamOffice,
    TeamWriting,
    TeamConfirm,
    TeamNone,
    TeamFp,
    TeamHoldsKey,
    TeamDevices,
    TeamDeviceLine,
    TeamOwn,
    TeamRevokedMark,
    TeamUncertified,
    KeysAdded,
    KeysRemoved,
    KeysThisDevice,
    KeysPublic,
    KeysSigning,
    KeysOnlyThis,
    KeysFor,
    KeysOffice,
    KeysPeer,
    KeysConfig,
    KeysTeamDevices,
    KeysTeamDevice,
    KeysRevoked,
    KeysAddPeerArgs,
    KeysAddPeerLabel,
    KeysNoPeer,
    CheckReplaying,
    CheckOk,
    CheckProblem,
    CheckFailed,
    EnrolDone,
    PipedSummary,
    IoNotFound,
    IoPermission,
    IoDiskFull,
    IoReadOnlyFs,
    IoIsDir,
    IoOther,
    IoActRead,
    IoActWrite,
    IoActWriteExport,
    IoActWriteBundle,
    IoActReadBack,
    IoActCreateLock,
    IoActLock,
    IoActBackup,
    IoActRemove,
    StMissingDir,
    StCannotCreate,
    StNotDb,
    StNewer,
    StSymlink,
    StReadOnly,
    StDiskFull,
    StDiskFailed,
    StBusy,
    StDamaged,
    StAlreadyImported,
    StAlreadyOpen,
    StNotFound,
    StCorrupt,
    StSqlite,
    SyRefused,
    SyRefusedEncryption,
    SyRefusedTruncated,
    SyRefusedFormat,
    SyRefusedSize,
    SyRefusedProvenance,
    SyRefusedOther,
    RoEmpty,
    RoTooLarge,
    RoCellTooLarge,
    RoTooManyRows,
    RoTooManyCells,
    RoTooMuchText,
    RoZipBomb,
    RoNotText,
    RoNotWorkbook,
    RoHtml,
    RoWorkbook,
    RoNoSheet,
    RoCsv,
    RoNoNameColumn,
    RoSeen,
    RoNoPersons,
    ErrConfigAt,
    ErrFallback,
    SyncCliWriting,
    SyncCliChecking,
    SyncCliApplying,
    SyncCliFor,
    SyncCliFull,
    SyncCliWrote,
    SyncCliPlain,
    SyncCliLeftOut,
    SyncCliByPassphrase,
    SyncCliEncryptedFor,
    SyncCliAlready,
    SyncCliEarlierDay,
    SyncCliDryRun,
    SyncCliBundle,
    SyncCliNotEncrypted,
    SyncCliNew,
    SyncCliDuplicate,
    SyncCliParked,
    SyncCliUnparked,
    SyncCliConflictsOpened,
    SyncCliConflictsClosed,
    SyncCliInvalid,
    SyncCliInvalidOps,
    SyncCliUnknown,
    SyncCliClock,
    SyncCliFirstSeen,
    SyncCliGapClosed,
    SyncCliGap,
    SyncCliSeq,
    SyncCliSeqs,
    SyncCliKindFull,
    SyncCliKindIncremental,
    RosterRefusedAll,
    RosterNoGrid,
    RosterReading,
    RosterImporting,
    RosterDryRunHead,
    RosterImportedHead,
    RosterHouseholds,
    RosterMembers,
    RosterDuplicates,
    RosterDuplicateRow,
    RosterRefused,
    RosterRejectedWould,
    RosterRejectedWritten,
    RosterMissing,
    RosterKept,
    RosterConflicts,
    RosterBases,
    RosterOpsToWrite,
    RosterOpsWritten,
    RosterRefusedLine,
    RosterRow,
    RosterProblemEnd,
    RosterHousehold,
    RosterMember,
    RosterUpdated,
    RosterKeptLine,
    RosterNeverImported,
    RosterConflictLine,
    RosterWouldCreate,
    RosterWouldCreateMore,
    RosterMissingLine,
    RosterNoId,
    RosterMissingRefused,
    RosterNote,
    RosterEmpty,
    RosterWhyVisit,
    RosterWhyMemberForm,
    RosterWhyHouseholdForm,
    RosterWhyReview,
    RosterWhyBundle,
    RosterWhyRoster,
    RosterWhyMemberAdded,
    RosterWhyHouseholdAdded,
    RosterWhyEdit,
    RosterSavedRejectedFailed,
    ReviewTag,
    HealthTagLabel,
    HealthTagNone,
    BoardOverdue,
    BoardEscalated,
    BoardEmpty,
    BoardTimeline,
    BoardHint,
    BoardFind,
    ActionDispatch,
    ActionResolve,
    ActionFeedback,
    ActionRate,
    ActionReopen,
    ActionPrevPeriod,
    ActionNextPeriod,
    FormDispatch,
    FormResolve,
    FormFeedback,
    FormRate,
    FormReopen,
    FieldDepartment,
    FieldNoteShort,
    FieldResult,
    FieldMediated,
    FieldFeedback,
    FieldRating,
    FieldComment,
    FieldReason,
    ChoiceYes,
    ChoiceNo,
    RequestDispatched,
    RequestResolved,
    RequestFedBack,
    RequestRated,
    RequestReopened,
    ErrTransition,
    ErrReopenEarly,
    ErrRequired,
    EventOpened,
    EventDispatched,
    EventResolved,
    EventFedBack,
    EventEvaluated,
    EventReopened,
    EventInvalid,
    FigThisMonth,
    FigHint,
    FigVisitsPerWeek,
    FigByCategory,
    FigByMode,
    FigLoading,
    // Figures (report and the figures tab).
    FigPeriod,
    FigPeriodRange,
    FigGrids,
    FigAssigned,
    FigVisited,
    FigCoverage,
    FigVisits,
    FigOpened,
    FigResolved,
    FigResolutionRate,
    FigMedianDays,
    FigRated,
    FigSatisfaction,
    FigDisputes,
    FigMediated,
    FigOverdue,
    FigNone,
    FigByWorker,
    FigWorker,
    FigWorkerVisits,
    FigWorkerHouseholds,
    FigWorkerRequests,
    FigByTag,
    FigTag,
    FigTagInterval,
    FigTagHouseholds,
    FigTagVisited,
    FigTagWithin,
    FigTagCoverage,
    // Roster re-import: what was kept and why.
    ImportKept,
    ImportConflicts,
    ImportKeptLine,
    ImportWhyVisit,
    ImportWhyForm,
    ImportWhyReview,
    ImportWhyBundle,
    ImportWhyRoster,
    ImportWhyAdded,
    ImportWhyEdit,
    ImportFieldHousehold,
    ImportFieldHouseholdNo,
    // doctor and version
    VersionLine,
    DoctorOk,
    DoctorNote,
    DoctorTodo,
    DoctorWhatDb,
    DoctorWhatJournal,
    DoctorWhatConfigDir,
    DoctorWhatConfig,
    DoctorWhatKeysDir,
    DoctorWhatDevice,
    DoctorWhatKeys,
    DoctorPrivate,
    DoctorOpen,
    DoctorDbFine,
    DoctorDbMissing,
    DoctorDbEmpty,
    DoctorDbOld,
    DoctorDbNewer,
    DoctorDbNotOurs,
    DoctorDbSymlink,
    DoctorDbError,
    DoctorDbWal,
    DoctorDbBlocked,
    DoctorConfigFine,
    DoctorConfigMissing,
    DoctorConfigBad,
    DoctorConfigBadLine,
    DoctorConfigDirMissing,
    DoctorKeysWhere,
    DoctorDeviceFine,
    DoctorKeysFine,
    DoctorKeysMissing,
    DoctorLocaleFine,
    DoctorLocaleUnset,
    DoctorLocaleBad,
    DoctorTermConsole,
    DoctorAllWell,
    DoctorTodoCount,
    // the team in the sync tab
    SyncTeam,
    SyncNoTeam,
    SyncColCert,
    SyncCertOffice,
    SyncCertNone,
    SyncCertRevoked,
    SyncThisCert,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_text_in_both_languages() {
        for m in Msg::ALL {
            assert!(!Lang::Zh.t(*m).is_empty(), "{m:?}");
            assert!(!Lang::En.t(*m).is_empty(), "{m:?}");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let holes = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split('}').next().map(String::from))
                .collect();
            v.sort();
            v
        };
        for m in Msg::ALL {
            assert_eq!(holes(Lang::Zh.t(*m)), holes(Lang::En.t(*m)), "{m:?}");
        }
    }

    #[test]
    fn every_roster_reason_has_words_and_a_hint_in_both_languages() {
        for r in crate::roster::RejectReason::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let (reason, hint) = lang.reject_reason(r.code());
                assert!(reason != r.code() && !hint.is_empty(), "{lang:?} {r:?}");
            }
            assert!(
                Lang::Zh
                    .reject_reason(r.code())
                    .0
                    .chars()
                    .any(|c| c > '\u{2e80}')
            );
        }
    }

    #[test]
    fn no_ambiguous_width_symbols_in_the_catalog() {
        // Drawn one column wide by unicode-width but two by many Chinese terminals.
        for m in Msg::ALL {
            for lang in [Lang::Zh, Lang::En] {
                let s = lang.t(*m);
                assert!(
                    !s.contains([
                        '·', '—', '…', '★', '“', '”', '①', '←', '→', '↑', '↓', '✓', '×', '‘', '’'
                    ]),
                    "{m:?}: {s}"
                );
            }
        }
    }

    #[test]
    fn locale_picks_chinese_only_for_chinese_locales() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "zh_TW"), ("LANG", "en_US")])),
            Lang::Zh
        );
        assert_eq!(Lang::from_locale(env(&[])), Lang::En);
        assert_eq!(
            Lang::from_locale(env(&[("LC_ALL", "C.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En,
            "LC_ALL wins over LANG"
        );
        assert_eq!(Lang::choose(Some("en"), "zh"), Lang::En);
        assert_eq!(Lang::choose(None, "zh"), Lang::Zh);
    }

    #[test]
    fn language_wins_over_the_locale_unless_the_locale_is_c() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |n: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == n)
                    .map(|(_, v)| v.to_string())
            }
        };
        let zh = Lang::Zh;
        let en = Lang::En;
        for (vars, want) in [
            (&[("LANGUAGE", "zh_CN:en"), ("LANG", "en_US.UTF-8")][..], zh),
            (&[("LANGUAGE", "en"), ("LC_ALL", "zh_CN.UTF-8")][..], en),
            // An unknown first preference falls to the next one.
            (&[("LANGUAGE", "fr:zh"), ("LANG", "de_DE.UTF-8")][..], zh),
            // GNU ignores LANGUAGE under the C locale, set or implied.
            (&[("LANGUAGE", "zh_CN"), ("LC_ALL", "C.UTF-8")][..], en),
            (&[("LANGUAGE", "zh_CN"), ("LANG", "POSIX")][..], en),
            (&[("LANGUAGE", "zh_CN")][..], en),
            // Nothing usable in LANGUAGE: the locale decides.
            (&[("LANGUAGE", "fr"), ("LANG", "zh_CN.UTF-8")][..], zh),
            (&[("LANGUAGE", ""), ("LANG", "zh_CN.UTF-8")][..], zh),
        ] {
            assert_eq!(Lang::from_locale(env(vars)), want, "{vars:?}");
        }
    }

    #[test]
    fn fills_placeholders() {
        assert_eq!(Lang::Zh.f(Msg::Unsynced, &[("n", &12)]), "未同步 12");
        assert_eq!(Lang::En.f(Msg::MatchCount, &[("n", &3)]), "3 found");
    }
}
