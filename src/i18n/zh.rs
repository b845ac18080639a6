//! 简体中文 catalog.

use super::Msg;
use crate::domain::{
    Category, MemberStatus, Question, QuestionState, Rating, Relation, Status, Tier, VisitMode,
};

pub fn text(m: Msg) -> &'static str {
    use Msg::*;
    match m {
        AppName => "网格通",
        TabHouseholds => "住户",
        TabDue => "待走访",
        TabRequests => "诉求",
        TabFigures => "统计",
        TabSync => "同步",
        Coming => "即将推出",
        ComingDetail => "这一页还在开发中，先用「住户」页查户、看走访记录。",
        ColAddress => "地址",
        ColHead => "户主",
        ColMembers => "人数",
        ColTags => "标签",
        ColSinceVisit => "未访",
        ColRequests => "诉求",
        ColGrid => "网格",
        NeverVisited => "未访过",
        DaysSuffix => "天",
        Unsynced => "未同步 {n}",
        OverdueRequests => "逾期诉求 {n}",
        AllGrids => "全部网格",
        Loading => "正在读取",
        IndexLoading => "正在建立检索索引，请稍候",
        SearchPrompt => "查找：",
        SearchHint => "姓名、拼音首字母、地址、电话或身份证尾号",
        NoMatches => "没有找到匹配的住户",
        MatchCount => "找到 {n} 户",
        HouseholdsCount => "共 {n} 户",
        SortedBy => "排序：{s}",
        SortAddress => "按地址",
        SortSinceVisit => "按未访天数",
        SortName => "按户主姓名",
        FilterLabel => "筛选：{f}",
        FilterNone => "全部",
        FilterOverdue => "逾期",
        FilterOpenRequests => "有未办结诉求",
        FilterTag => "标签 {t}",
        FilterBuilding => "{b}",
        Archived => "已迁出",
        CardMembers => "家庭成员",
        CardRequests => "未办结诉求",
        CardVisits => "走访记录",
        CardNoVisits => "还没有走访记录",
        CardNoRequests => "没有未办结的诉求",
        ColRelation => "关系",
        ColName => "姓名",
        ColGender => "性别",
        ColAge => "年龄",
        ColPhone => "电话",
        ColIdNumber => "身份证号",
        ColDate => "日期",
        ColMode => "方式",
        ColVisitor => "走访人",
        ColSummary => "四问",
        ColCategory => "类别",
        ColStatus => "状态",
        ColDue => "期限",
        Amended => "已更正",
        Voided => "已作废",
        Revealed => "已显示完整号码",
        Masked => "号码已隐藏",
        HelpTitle => "按键帮助",
        HelpFooter => "按 Esc 或 ? 关闭；按键可在 config.toml 的 [keys] 中修改",
        ActionQuit => "退出",
        ActionHelp => "帮助",
        ActionTabHouseholds => "住户页",
        ActionTabDue => "待走访页",
        ActionTabRequests => "诉求页",
        ActionTabFigures => "统计页",
        ActionTabSync => "同步页",
        ActionUp => "上移",
        ActionDown => "下移",
        ActionPageUp => "上一页",
        ActionPageDown => "下一页",
        ActionHome => "到顶",
        ActionEnd => "到底",
        ActionOpen => "打开",
        ActionBack => "返回",
        ActionSearch => "查找",
        ActionNewVisit => "新走访",
        ActionEdit => "编辑",
        ActionEditHousehold => "编辑住户",
        ActionReveal => "显示号码",
        ActionSort => "排序",
        ActionFilter => "筛选",
        ActionAddHousehold => "新增住户",
        ActionAddMember => "新增成员",
        ActionMoveOut => "成员迁出",
        ActionArchive => "住户迁出",
        ActionSave => "保存",
        ActionNextField => "下一项",
        ActionPrevField => "上一项",
        ActionNextSection => "切换区域",
        FormHousehold => "住户信息",
        FormMember => "成员信息",
        FieldGrid => "网格",
        FieldCompound => "小区",
        FieldBuilding => "楼栋",
        FieldUnit => "单元",
        FieldRoom => "门牌号",
        FieldNote => "备注",
        FieldName => "姓名",
        FieldRelation => "与户主关系",
        FieldGender => "性别",
        FieldBirth => "出生日期",
        FieldIdNumber => "身份证号",
        FieldPhone => "电话",
        FieldTags => "人员类别",
        FormHint => "Tab 下一项  Ctrl-S 保存  Esc 放弃",
        ChoiceHint => "左右键 选择",
        Saved => "已保存",
        NothingChanged => "没有改动",
        ConfirmMoveOut => "确认 {name} 已迁出本户？",
        ConfirmArchive => "确认本户已整户迁出？记录会保留。",
        ConfirmUnarchive => "恢复本户为在住？",
        ConfirmYesNo => "y 确认  n 取消",
        MovedOut => "{name} 已标记为迁出",
        ArchivedDone => "本户已标记为迁出",
        UnarchivedDone => "本户已恢复为在住",
        ErrNameRequired => "请填写姓名",
        ErrGridRequired => "请填写网格",
        ErrIdNumber => "身份证号有误：{e}",
        ErrPhone => "电话有误：{e}",
        ErrBirth => "出生日期请写成 1972-01-31",
        ErrGenderMismatch => "性别与身份证号不符",
        ErrWritesBlocked => "此数据库来自另一台电脑，暂不能修改：请先运行 gridbook enrol",
        ErrGeneric => "出错了：{e}",
        NotYet => "这个功能还在开发中",
        SelectMemberFirst => "先在成员表中选中一人",
        AlreadyOpen => "数据库已在另一个窗口中打开，请先关闭那个窗口",
        Visits => "次走访",
        Round => "第{n}轮",
        VisitTitle => "走访",
        AmendTitle => "更正走访",
        FieldDate => "日期",
        FieldMode => "方式",
        FieldVisitor => "走访人",
        FieldCompanions => "同行",
        MembersCheck => "核对成员",
        MovedOutMark => "迁出",
        NewPhoneLabel => "新电话",
        HealthLabel => "健康变化",
        NewPersonLabel => "新成员",
        AddPerson => "+ 新成员",
        DisputeFlag => "矛盾纠纷",
        DisputeText => "纠纷描述",
        NeedsLabel => "困难需求",
        SuggestionFlag => "转为诉求",
        ConfirmDiscard => "放弃这次走访记录？草稿也会删除。",
        ConfirmNoQuestion => "四问一项都没有问，仍要保存吗？",
        ConfirmReview => "保存时将同时修改住户信息：",
        AmendReason => "更正原因：",
        VisitSaved => "走访已保存",
        VisitSavedWithRequests => "走访已保存，新建诉求 {n} 件",
        ErrDate => "日期请写成 2026-11-23 09:30",
        ErrFuture => "不能记录未来日期的走访",
        ErrTooOld => "日期太早了（超过两年）",
        ErrVisitor => "请填写走访人",
        ErrReasonRequired => "请写明更正原因",
        DraftRestored => "已恢复未完成的走访草稿",
        DraftsWaiting => "有 {n} 份未完成的走访草稿",
        DraftsTitle => "未完成的走访草稿",
        CardDraft => "本户有未完成的走访草稿，按 n 继续",
        NoLastVisit => "没有上次的走访记录",
        ActionNothingNew => "无新情况",
        ActionSameAsLast => "同上次",
        ActionToggle => "勾选",
        ActionNewPhone => "新电话",
        ActionHealthNote => "健康变化",
        VisitHint => "Tab 下一项  Ctrl-N 无新情况  Ctrl-L 同上次  Ctrl-S 保存  Esc 放弃",
        MembersHint => "o 迁出  p 新电话  h 健康变化  m 新成员",
        NeedsHint => "空格 勾选  左右键 办理方式",
        ReviewMovedOut => "{name} 迁出",
        ReviewPhone => "{name} 电话改为 {phone}",
        ReviewHealth => "{name} 健康变化：{text}",
        ReviewNewPerson => "新成员 {name}（{relation}）",
        SelectVisitFirst => "先在走访记录中选中一次走访",
        HealthNotePrefix => "健康",
        EmptyNotes => "（未填写）",
        AmendOf => "更正 {date} 的走访",
        ImportTitle => "导入花名册",
        ImportPath => "文件路径：",
        ImportPathHint => "输入花名册文件（CSV 或 Excel）的路径，按 Enter 预览",
        ImportPreview => "预览（尚未写入）：",
        ImportHouseholds => "住户：新建 {c}，更新 {u}，无变化 {n}",
        ImportMembers => "人员：新增 {c}，更新 {u}，无变化 {n}",
        ImportRejected => "有问题的行 {n} 行（不会导入）：",
        ImportDuplicates => "重复的行 {n} 行（只导入一次）",
        ImportMissing => "名单中没有、但住在这些户里的人 {n} 人（不会删除）",
        ImportConfirm => "y 导入  n 取消",
        ImportConfirmSkip => "y 跳过有问题的行，导入其余  n 取消",
        ImportDone => "花名册已导入：新建 {h} 户，新增 {m} 人，更新 {u} 人",
        ImportRejectedFile => "有问题的行已写入 {path}",
        ImportNothing => "花名册与现有记录一致，没有需要导入的内容",
        ActionImport => "导入花名册",
    }
}

pub fn relation(r: Relation) -> &'static str {
    match r {
        Relation::Head => "户主",
        Relation::Spouse => "配偶",
        Relation::Son => "子",
        Relation::Daughter => "女",
        Relation::Father => "父亲",
        Relation::Mother => "母亲",
        Relation::Grandson => "孙子",
        Relation::Granddaughter => "孙女",
        Relation::DaughterInLaw => "儿媳",
        Relation::SonInLaw => "女婿",
        Relation::Sibling => "兄弟姐妹",
        Relation::Other => "其他",
    }
}

pub fn member_status(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Present => "在住",
        MemberStatus::MovedOut => "已迁出",
        MemberStatus::Deceased => "已故",
    }
}

pub fn mode(m: VisitMode) -> &'static str {
    match m {
        VisitMode::InPerson => "入户",
        VisitMode::Phone => "电话",
        VisitMode::Wechat => "微信",
        VisitMode::Other => "其他",
    }
}

pub fn question(q: Question) -> &'static str {
    match q {
        Question::Basics => "问基本情况",
        Question::Family => "问家长里短",
        Question::Difficulties => "问困难需求",
        Question::Suggestions => "问意见建议",
    }
}

pub fn question_short(q: Question) -> &'static str {
    match q {
        Question::Basics => "基",
        Question::Family => "家",
        Question::Difficulties => "困",
        Question::Suggestions => "建",
    }
}

pub fn question_state(s: QuestionState) -> &'static str {
    match s {
        QuestionState::Asked => "已问",
        QuestionState::NothingNew => "无新情况",
        QuestionState::NotAsked => "未问",
    }
}

pub fn category(c: Category) -> &'static str {
    match c {
        Category::Subsistence => "低保申请",
        Category::Medical => "就医",
        Category::Employment => "就业",
        Category::Schooling => "入学",
        Category::ElderCare => "养老",
        Category::Repair => "维修",
        Category::Housing => "住房",
        Category::Dispute => "矛盾纠纷",
        Category::Wish => "微心愿",
        Category::Suggestion => "意见建议",
        Category::Other => "其他",
    }
}

pub fn tier(t: Tier) -> &'static str {
    match t {
        Tier::OnTheSpot => "即时答复",
        Tier::TimeLimited => "限时办结",
        Tier::Escalated => "上报研判",
    }
}

pub fn status(s: Status) -> &'static str {
    match s {
        Status::Open => "待办",
        Status::Dispatched => "已交办",
        Status::Resolved => "已办结",
        Status::FedBack => "已反馈",
        Status::Evaluated => "已评价",
    }
}

pub fn rating(r: Rating) -> &'static str {
    match r {
        Rating::Satisfied => "满意",
        Rating::BasicallySatisfied => "基本满意",
        Rating::Dissatisfied => "不满意",
    }
}
