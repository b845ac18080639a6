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
        MembersHint => "o 迁出  p 新电话  h 健康变化（Tab 选类别）  m 新成员",
        NeedsHint => "上下键 选择  空格 勾选  左右键 办理方式",
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
        FirstRunTitle => "欢迎使用网格通：请先填写您的姓名和网格",
        Welcome => "欢迎，{name}。您的姓名会作为走访人和修改记录的署名",
        FirstSteps => {
            "还没有住户。按 i 导入社区的花名册（Excel 或 CSV）；或先加入社区的团队（gridbook team request，再 gridbook team join），然后到同步页（5）按 I 导入社区发来的同步文件；也可以按 a 逐户添加。想先看看效果，运行 gridbook demo。"
        }
        SyncThisDevice => "本机：{label}  共 {ops} 条变更  未导出 {n} 条",
        SyncPeers => "交换对象",
        SyncNoPeers => "还没有和谁交换过文件：按 X 导出给社区，按 I 导入社区发来的文件",
        SyncColPeer => "对方",
        SyncColLastImport => "上次导入",
        SyncColLastExport => "上次导出",
        SyncColLacks => "对方缺少",
        SyncGap => "缺少 {label} 的第 {from}-{to} 条（{scope}）：请对方做一次完整导出",
        SyncReview => "待处理 ({n})",
        SyncNothingToReview => "没有需要处理的事项",
        SyncConflict => "冲突",
        SyncDuplicate => "可能重复的住户",
        SyncSameAddress => "同一地址",
        SyncSameHeadId => "户主身份证号相同",
        SyncInvalid => "无效的诉求步骤",
        SyncParked => "等待中的变更",
        SyncArchivedEdited => "迁出时另一台电脑在修改",
        SyncForked => "同一次走访有两个更正",
        SyncSuspectClock => "时间可疑的变更",
        SyncHint => "X 导出  I 导入  Enter 处理选中项",
        SyncExportTitle => "导出同步文件",
        SyncExportTo => "导出给",
        SyncExportFull => "完整导出（全部）",
        SyncExportPath => "保存到",
        SyncExported => "已导出 {n} 条变更到 {path}",
        SyncImportTitle => "导入同步文件",
        SyncImportPath => "文件",
        SyncImportHint => "输入收到的 .gbx 文件路径，按 Enter 检查（不会写入）",
        SyncImportPreview => "文件检查通过，来自 {label}，共 {n} 条变更：",
        SyncImportNew => "新变更 {n} 条，已有 {d} 条",
        SyncImportConflicts => "新冲突 {o} 处，解决 {c} 处",
        SyncImportParked => "等待中 {p} 条，无效步骤 {i} 条，未知类型 {u} 条",
        SyncImportGaps => "有缺漏：{n} 处",
        SyncImportConfirm => "y 导入  n 取消",
        SyncImported => "已导入 {n} 条新变更",
        SyncAlready => "这个文件已经导入过（{date}），无需再导入",
        SyncResolveTitle => "处理",
        SyncKeepValue => "保留：{value}（{author}，{at}）",
        SyncMergeInto => "合并到 {address}",
        SyncNotDuplicate => "不是重复，忽略",
        SyncDismiss => "已知晓，忽略",
        SyncKeepVersion => "保留 {author} 的更正（{at}）",
        SyncKeptReason => "在同步页确认",
        SyncSettled => "已处理",
        SyncParkedInfo => "这条变更在等它所依赖的记录，收到后会自动生效",
        ActionExportBundle => "导出同步文件",
        ActionImportBundle => "导入同步文件",
        ColRequestSummary => "诉求内容",
        DueCount => "待走访 {n} 户，其中逾期 {o} 户",
        DueNone => "没有到期待走访的住户",
        DueGroupTitle => "{place}  {n} 户  最久逾期 {d} 天",
        DueOverdueDays => "逾期{d}天",
        DueToday => "今天到期",
        DueLast => "上次 {date}",
        DueNever => "从未走访",
        BoardCount => "{n} 件",
        BoardUnresolved => "未办结",
        BoardAll => "全部",
        BoardToDo => "未闭环（待办至待评价）",
        BoardLoopOpen => "待回访、待评价",
        BoardShowing => "显示：{view}",
        ActionOpenLoops => "待回访评价",
        SyncTypeValue => "输入新的值",
        SyncTypeValueEmpty => "请先输入新的值，或选择上面的一个值",
        SyncNeedsPassphrase => "这个数据包设了口令：请输入发送人告诉你的口令，按回车",
        SyncPassphrase => "口令",
        ImportRejectedWillWrite => "导入后，有问题的行会写入 {path}，改好后可再导入",
        ImportPreviewScroll => "按上下方向键翻看全部有问题的行",
        ReviewTag => "{name} 加入人员类别「{tag}」（走访周期随之改变）",
        HealthTagLabel => "类别",
        HealthTagNone => "不变",
        RosterReading => "正在读取花名册",
        RosterImporting => "正在导入",
        RosterDryRunHead => {
            "试导入 {file}（{encoding}，{n} 行人员）：什么也没有写入；正式导入会这样："
        }
        RosterImportedHead => "已导入 {file}（{encoding}，{n} 行人员）：",
        RosterHouseholds => "  住户：新建 {c}，更新 {u}，无变化 {n}",
        RosterMembers => "  人员：新增 {c}，更新 {u}，无变化 {n}",
        RosterDuplicates => "  重复的行（已合并）：{n}{list}",
        RosterDuplicateRow => "第 {row} 行与第 {first} 行重复（{name}）",
        RosterRefused => "  有问题的行：{n}{list}",
        RosterRejectedWould => "    会写入 {path}（带原因列）",
        RosterRejectedWritten => "    已写入 {path}（带原因列）",
        RosterMissing => "  花名册上没有的人（保留，未删除）：{n}",
        RosterKept => "  与花名册不同但保留的值（上次导入后改过）：{n}",
        RosterConflicts => "  新的冲突（两个值都保留，请在同步页的待处理中处理）：{n}",
        RosterBases => "  已与花名册一致的值，记为下次导入的基准：{n}",
        RosterOpsToWrite => "  将写入的变更：{n}",
        RosterOpsWritten => "  已写入的变更：{n}",
        RosterRefusedLine => "有问题：{line}",
        RosterRow => "第 {row} 行",
        RosterProblemEnd => "：{reason}：{hint}",
        RosterHousehold => "住户",
        RosterMember => "人员",
        RosterUpdated => "更新：第 {row} 行 {what} {name}：{fields}",
        RosterKeptLine => {
            "保留：第 {row} 行 {what} {name}：{field}：保留 {kept}，{why}（花名册为 {roster}）"
        }
        RosterNeverImported => "；之前的导入没有写过这一项",
        RosterConflictLine => {
            "冲突：第 {row} 行 {what} {name}：{field}：{kept}（{why}）和花名册的 {roster} 都保留；请在同步页的待处理中处理"
        }
        RosterWouldCreate => "将新建：第 {row} 行 {what} {name}",
        RosterWouldCreateMore => "将新建：... 还有 {n} 条",
        RosterMissingLine => "花名册上没有：{name}（{id}）{grid} {address}{hint}",
        RosterNoId => "无身份证号",
        RosterMissingRefused => "；同名的第 {row} 行有问题未导入",
        RosterNote => "提示：{text}",
        RosterEmpty => "（空）",
        RosterWhyVisit => "{on} 走访时更改",
        RosterWhyMemberForm => "{on} 在人员表单中更改",
        RosterWhyHouseholdForm => "{on} 在住户表单中更改",
        RosterWhyReview => "{on} 在待处理列表中确定",
        RosterWhyBundle => "来自另一台设备（{device}）的同步文件，{on} 更改",
        RosterWhyRoster => "{on} 由先前导入的花名册写入",
        RosterWhyMemberAdded => "{on} 添加此人时填写",
        RosterWhyHouseholdAdded => "{on} 添加住户时填写",
        RosterWhyEdit => "{on} 更改",
        RosterSavedRejectedFailed => "花名册已导入，但有问题的行没能保存到 {path}",
        RosterRefusedAll => {
            "{rows} 行共有 {problems} 处问题，整个文件都没有导入；改正后再导入，或用 --skip-bad 先导入其余的行"
        }
        RosterNoGrid => {
            "第 {row} 行：{address} 这一户没有写网格；请加上 --grid 网格名，或在花名册里加一列 网格，或在配置文件中设置 grids"
        }
        SyncCliWriting => "正在写同步文件",
        SyncCliChecking => "正在核验同步文件",
        SyncCliApplying => "正在写入变更",
        SyncCliFor => "{label}（{id}）还没有的变更",
        SyncCliFull => "全部（完整导出）",
        SyncCliWrote => "已写出 {path}：{what}，{n} 条变更，{size}",
        SyncCliPlain => {
            "警告：--no-encrypt：{path} 没有加密。拿到这个文件的人能看到里面所有的姓名、身份证号和电话。只用于检查和测试，用完请删除。"
        }
        SyncCliLeftOut => {
            "提示：对方还缺的 {n} 条变更没有带上：它们是在第 2 版同步格式之前收到的，没有原设备签名的记录覆盖；原设备下次导出时会带上"
        }
        SyncCliByPassphrase => {
            "已用口令加密：知道口令的人都能打开（口令和文件要分开给：不要和文件一起发送口令）"
        }
        SyncCliEncryptedFor => "已加密，能打开的：本机{readers}",
        SyncCliAlready => "已在 {date} 导入过，无需再导入",
        SyncCliEarlierDay => "更早的某天",
        SyncCliDryRun => "试导入：什么也没有写入。导入这个同步文件会得到：",
        SyncCliBundle => "同步文件 {id}，来自 {from}：{n} 条变更（{kind}{plain}）",
        SyncCliNotEncrypted => "，未加密",
        SyncCliNew => "条新变更已写入或保存",
        SyncCliDuplicate => "条本机已有（跳过）",
        SyncCliParked => "条在等还没收到的住户、诉求或走访（收到后写入）",
        SyncCliUnparked => "条之前等待的变更现已写入",
        SyncCliConflictsOpened => "个新冲突：两个值都保留；请在待处理列表（第 5 页）中选择",
        SyncCliConflictsClosed => "个冲突已由别处的处理关闭",
        SyncCliInvalid => "条跳过流程的诉求步骤：已保存未写入，列入待处理",
        SyncCliInvalidOps => "条其他变更已保存未写入（列入待处理）",
        SyncCliUnknown => "条来自新版网格通的变更：已保留并会转发；升级网格通后可见",
        SyncCliClock => "条变更的时间早于 2020 年或比现在晚一天以上：发送方的时钟不对",
        SyncCliFirstSeen => "  第一次收到 {label}（{id}）的变更，这是团队认证的设备",
        SyncCliGapClosed => "  缺口已补上：收到 {label}（{scope}）的 {seqs}",
        SyncCliGap => "  缺口：缺 {label}（{scope}）的 {seqs}：请对方做一次完整导出",
        SyncCliSeq => "序号 {from}",
        SyncCliSeqs => "序号 {from}–{to}",
        SyncCliKindFull => "完整",
        SyncCliKindIncremental => "增量",
        IoNotFound => "找不到这个文件或文件夹",
        IoPermission => "没有权限；请换一个你能写入的文件夹",
        IoDiskFull => "磁盘已满；请腾出空间后再试（文件没有写入）",
        IoReadOnlyFs => "磁盘是只读的；请换一个位置",
        IoIsDir => "有一个同名的文件夹；请换一个名字",
        IoOther => "系统报告：{e}",
        IoActRead => "读不了 {path}：{cause}",
        IoActWrite => "写不了 {path}：{cause}",
        IoActWriteExport => "写不了 {path}（请检查磁盘空间和文件夹是否可写）：{cause}",
        IoActWriteBundle => "写不了同步文件：{cause}",
        IoActReadBack => "写好后读不回 {path}：{cause}",
        IoActCreateLock => "建不了锁文件 {path}：{cause}",
        IoActLock => "锁不住 {path}：{cause}",
        IoActBackup => "备份不了数据库到 {path}：{cause}",
        IoActRemove => "删不掉 {path}：{cause}",
        StMissingDir => "文件夹 {path} 不存在；请先建好它，或用 --db 换一个位置",
        StCannotCreate => "建不了 {path}：{cause}；请用 --db 换一个可写的位置",
        StNotDb => {
            "{path} 不是网格通的数据库（不是 SQLite 文件，或已损坏）；请检查 --db 或 GRIDBOOK_DB 给的路径"
        }
        StNewer => {
            "这个数据库来自更新版本的网格通（结构版本 {found}，本版本最高 {supported}）；请升级网格通后再打开"
        }
        StSymlink => {
            "{path} 是一个符号链接；网格通不通过链接打开数据库：请用 --db 给出真实路径，或删除这个链接"
        }
        StReadOnly => "数据库文件是只读的；请检查权限，或复制到可写的位置",
        StDiskFull => "磁盘已满；请腾出空间后再试（什么也没有写入）",
        StDiskFailed => "数据库文件读写失败（磁盘满了或有故障？）；什么也没有写入",
        StBusy => "数据库正忙：另一个网格通正在写入；请稍后再试",
        StDamaged => {
            "数据库已损坏（{what}）；什么也没有写入；请运行 gridbook check 查看问题，并保留一份文件副本"
        }
        StAlreadyImported => "这个同步文件已经导入过",
        StAlreadyOpen => "这个数据库已在另一个网格通窗口中打开；请先关闭那个窗口",
        StNotFound => "找不到编号为 {id} 的记录（{kind}）",
        StCorrupt => {
            "数据库已损坏（存储的数据读不出来）；请运行 gridbook check 查看问题，并保留一份文件副本"
        }
        StSqlite => {
            "数据库报告了意外错误（{code}）；什么也没有写入；请运行 gridbook check，如果再次出现，请保留一份文件副本交给技术支持"
        }
        SyRefused => "同步文件没有通过核验（{check}），什么也没有导入：{detail}",
        SyRefusedEncryption => {
            "打不开：它不是加密给本机的，或口令不对，或文件已损坏；请对方用本机的公钥（gridbook keys 会显示）重新导出，或核对口令"
        }
        SyRefusedTruncated => "文件不完整（传输中被截断）；请对方重新导出",
        SyRefusedFormat => "文件格式不对，或来自更新版本的网格通；请升级网格通，或请对方重新导出",
        SyRefusedSize => "文件太大，不像是同步文件；请检查选的文件",
        SyRefusedProvenance => {
            "来源核验不通过：文件被改动过，或不是团队认证的设备写的；请向办公室确认后，请对方重新导出"
        }
        SyRefusedOther => "文件内容不对（可能已损坏或被改动）；请对方重新导出",
        RoEmpty => "文件是空的；请从 Excel 重新导出花名册",
        RoTooLarge => "文件有 {bytes} 字节，超过花名册上限 {limit}；请按网格拆开分别导入",
        RoCellTooLarge => {
            "第 {row} 行第 {column} 列：一个单元格有 {bytes} 字节，超过上限 {limit}；这不像花名册，请检查文件"
        }
        RoTooManyRows => "工作表超过 {limit} 行；请按网格拆开分别导入",
        RoTooManyCells => "工作表超过 {limit} 个单元格；请删掉右边没用的列后再导入",
        RoTooMuchText => "工作表的文字超过 {limit} 字节；请按网格拆开分别导入",
        RoZipBomb => {
            "工作簿解压后有 {declared} 字节，超过上限 {limit}（可能是恶意文件或不是花名册）；请在 Excel 中把花名册复制到新工作簿再保存"
        }
        RoNotText => {
            "文件既不是 UTF-8 或 GB18030 文本，也不是 Excel 工作簿；请在 Excel 中另存为 .xlsx 或 CSV"
        }
        RoNotWorkbook => {
            "文件名是 {extension}，但不是 Excel 工作簿（可能已损坏或改过名）；请在 Excel 中另存为 .xlsx"
        }
        RoHtml => "文件其实是网页或 XML，只是用了 Excel 的文件名；请在 Excel 中另存为 .xlsx",
        RoWorkbook => {
            "读不了工作簿（{detail}）；可能已损坏或设了密码：请在 Excel 中去掉密码另存为 .xlsx"
        }
        RoNoSheet => "没有名为 {name} 的工作表；工作簿中有：{available}",
        RoCsv => "读不了 CSV 文本（{detail}）；请从 Excel 重新另存为 CSV",
        RoNoNameColumn => "前 {searched} 行中没有带 姓名 列的表头{seen}；请加上表头后再导入",
        RoSeen => "（第一行是：{cells}）",
        RoNoPersons => "文件有表头（第 {row} 行），但下面没有人员；请填好花名册后再导入",
        ErrConfigAt => "配置文件 {file} 第 {line} 行：{message}",
        ErrFallback => "出错了：{e}",
        TeamMade => "已建立团队 {name}；本机是它的办公室，保管团队密钥",
        TeamFingerprint => "团队指纹：{fp}",
        TeamReadAloud => "请把这串数字念给每位加入的网格员听：他们看到的必须一样",
        TeamRequestWrote => {
            "已写出 {path}：{label}（{id}）加入团队的申请；请带到办公室，办公室用 gridbook team enrol 答复"
        }
        TeamEnrolled => "已登记 {label}（{id}），{what}；证书已写到 {path}",
        TeamFingerprintJoin => "团队指纹（加入时念给对方核对）：{fp}",
        TeamName => "团队：{name}",
        TeamThisDevice => "本机：{label}（{id}），{what}",
        TeamNotJoined => "没有加入：指纹没有确认；什么也没有改变",
        TeamJoined => "已加入团队 {name}；从现在起接受它的设备发来的同步文件",
        TeamRevoked => {
            "已吊销 {label}（{id}）：从现在起，收到这条记录的设备都不再接受它的新变更；它之前写的保留"
        }
        TeamOffice => "办公室设备（可写所有网格）",
        TeamWriting => "负责 {grids}",
        TeamConfirm => "办公室屏幕上显示的数字和这里完全一样吗？一样请输入 是 加入：",
        TeamNone => {
            "本机不在任何团队中（只有自己：不接受任何同步文件）。办公室用 gridbook team init --name 名称 建立团队；设备用 gridbook team request 和 gridbook team join 加入。"
        }
        TeamFp => "指纹：{fp}",
        TeamHoldsKey => "本机保管团队密钥（办公室）",
        TeamDevices => "设备：",
        TeamDeviceLine => "  {label}{own}（{id}）：{what}{revoked}",
        TeamOwn => "（本机）",
        TeamRevokedMark => "，已吊销",
        TeamUncertified => "  {label}（{id}）：未认证：不接受它的新变更",
        KeysAdded => "导出的文件现在也加密给 {label}（{key}）",
        KeysRemoved => "导出的文件不再加密给 {label}",
        KeysThisDevice => "本机：{label}（{id}）",
        KeysPublic => "  公钥（交给办公室和同事）：{key}",
        KeysSigning => "  签名密钥指纹：{fp}",
        KeysOnlyThis => {
            "导出的文件只加密给本机；请加入办公室的团队（先 gridbook team request，再 gridbook team join）"
        }
        KeysFor => "导出的文件加密给：",
        KeysOffice => "  {label}（办公室）：{key}",
        KeysPeer => "  {label}：{key}",
        KeysConfig => "  （配置文件）{key}",
        KeysTeamDevices => "团队的设备（gridbook team 显示各自的网格）：",
        KeysTeamDevice => "  {label}（{id}）：签名指纹 {fp}{revoked}",
        KeysRevoked => "，已吊销",
        KeysAddPeerArgs => "--add-peer 需要一个名称和一个公钥",
        KeysAddPeerLabel => "请给对方起个名称，例如 --add-peer 社区办公室 age1...",
        KeysNoPeer => "没有名为 {label} 的对方公钥；gridbook keys 会列出它们",
        CheckReplaying => "正在重放变更记录",
        CheckOk => "正常：已重放 {n} 条变更；各表与变更记录一致",
        CheckProblem => "问题：{p}",
        CheckFailed => {
            "数据库有 {n} 项检查未通过；请保留一份 {path} 的副本，并请办公室做一次完整导出以便重建"
        }
        EnrolDone => "已把 {path} 登记为设备 {id}（{label}）",
        PipedSummary => "{path}：住户 {h}，人员 {m}，走访 {v}，诉求 {r}（未办结 {o}），变更 {ops}",
        TeamErrName => "请给团队起个名字，例如 --name 幸福社区",
        TeamErrAlreadyIn => "这个数据库已经在团队 {name}（{fp}）中；一个数据库只属于一个团队",
        TeamErrJson => "无法生成文件：{e}",
        TeamErrBadRequest => {
            "{path} 不是有效的加入申请（已损坏、被改动，或不是 gridbook team request 生成的）"
        }
        TeamErrOwnRequest => "这是本机自己的申请；请在要加入的设备上生成申请",
        TeamErrGrids => "请说明这台设备负责哪些网格：--grid 网格名（多个就重复），或 --office",
        TeamErrNotCert => "{path} 不是 gridbook team enrol 生成的证书文件",
        TeamErrCertSig => "{path} 没有所写团队的签名（已损坏或被改动）；请办公室重新发一份",
        TeamErrOtherDevice => "{path} 是给另一台设备的（{label}，{id}），不是本机（{own}）",
        TeamErrOtherKeys => "证书对应的密钥不是本机现在的（申请是在更换密钥之前做的）；请重新申请",
        TeamErrNoDevice => "团队中没有叫 {name} 的设备；gridbook team 会列出它们",
        TeamErrAmbiguous => "{name} 可能是 {list}；请给出设备编号",
        TeamErrSelf => "办公室不能吊销自己",
        TeamErrNoTeam => {
            "这个数据库不在任何团队中；请先在办公室电脑上运行 gridbook team init --name 名称"
        }
        TeamErrNoKey => "本机没有团队 {name} 的密钥；请在建立团队的办公室电脑上登记和吊销设备",
        TeamErrWrongKey => "本机保存的团队密钥不属于这个数据库的团队",
        TeamErrNotFile => "{path} 不是团队的加入申请文件（已损坏，或是别的文件）",
        TeamErrNotCertFile => "{path} 不是团队的证书文件（已损坏，或是别的文件）",
        ExErrIsFolder => {
            "{path} 不是文件名（它是一个文件夹）；请给出同步文件的名字，例如 --out {example}"
        }
        ExErrNoFolder => "文件夹 {path} 不存在；请先建好它，或换一个 --out",
        ExErrNoPeerYet => "还不知道叫 {name} 的同事；请先导入一个对方的同步文件，或用 --full",
        ExErrNoPeer => "没有叫 {name} 的同事；已知的有：{known}；或用 --full",
        ExErrAmbiguous => "{name} 可能是 {list}；请改用设备编号",
        ExErrNoReader => {
            "除了本机没人能打开这个导出：请用 gridbook keys --add-peer 名称 公钥 加上办公室的公钥，或用 --passphrase-file"
        }
        ExErrReadBack => "写到 {path} 的同步文件读不回来（{e}）；请检查磁盘后重新导出",
        ExErrReadBackDiffers => "写到 {path} 的同步文件读回来和写的不一样；请检查磁盘后重新导出",
        ExErrEncrypt => "无法加密：{e}",
        ExErrInternal => {
            "导出因内部错误停止（{what}）；什么也没有写出；请重新导出，如果再次出现，请保留数据库交给技术支持"
        }
        KeyErrDamaged => "{path} 已损坏（{what}）；请把它移到别处，再运行一次命令以生成新的密钥",
        KeyErrRead => "读不了 {path}：{e}",
        KeyErrEncode => "无法保存密钥：{e}",
        KeyErrSave => "保存不了 {path}：{e}",
        KeyErrNotAge => {
            "{text} 不是 age 公钥（公钥以 age1 开头，共 62 个字符）；gridbook keys 会显示本机的公钥"
        }
        InvPeerLabel => "请给对方起个名称",
        InvNotInConflict => "{id} 的 {field} 没有冲突（可能已经处理过）",
        InvMergeSelf => "一户不能合并到它自己",
        InvMergedAlready => "那一户已经合并到这一户了",
        InvKeepReason => "请说明为什么保留这个版本",
        InvAmendReason => "更正需要写明原因",
        InvVoidReason => "作废走访需要写明原因",
        InvSummary => "诉求需要写明内容",
        InvDispatchTo => "请说明诉求交办给谁",
        InvHouseholdGrid => "住户需要有所属网格",
        InvMemberName => "人员需要有姓名",
        InvValue => "{value} 不是有效的{field}",
        InvOtherTeam => "这个数据库已经属于团队 {name}；一个数据库只属于一个团队",
        InvInternal => {
            "因内部错误停止（{what}）；什么也没有写入；请运行 gridbook check，如果再次出现，请保留数据库交给技术支持"
        }
        CliErrDemoNotDemo => "{path} 已存在且不是演示数据库；请用 --db 换一个路径",
        CliErrNoDatabase => {
            "{path} 没有数据库；请先导入花名册或运行 gridbook demo，或用 --db 指定数据库"
        }
        CliErrNoGrid => "网格 {grid} 中没有住户；这个数据库里的网格有：{list}",
        CliErrPeriod => "--from {from} 晚于 --to {to}；统计期间从 --from 到 --to",
        CliErrCsvLedger => {
            "一个 CSV 文件只放一份台账；请加上 --ledger visits、requests 或 households（或用 --format xlsx 得到全部台账）"
        }
        CliErrXlsxOut => "--format xlsx 会写出文件；请加上 --out 文件名.xlsx",
        CliErrLedgerFormat => {
            "--ledger 用来选择 CSV 文件中的台账；请用 --format csv（xlsx 包含全部台账）"
        }
        CliErrNow => "{var}={text} 不是 2026-11-23T09:30:00 这样的日期时间",
        CliErrPassEmpty => "口令文件 {path} 是空的；请把口令写在第一行",
        CliWrote => "已写出 {path}",
        IoActCreateDir => "建不了文件夹 {path}：{cause}",
        IoActReadPassphrase => "读不了口令文件 {path}：{cause}",
        DemoHouseholds => "住户",
        DemoVisits => "一年的走访",
        DemoWritten => {
            "演示数据已写到 {path}（用时 {secs} 秒）：住户 {h}，人员 {m}，走访 {v}，诉求 {r}（未办结 {o}），变更 {ops}"
        }
        ErrNotesTooLong => "每项记录最多 {max} 个字",
        WarnUnknownColumns => "{where}看不懂的列已忽略：{value}",
        WarnRepeatedColumn => "{where}意思相同的第二列已忽略：{value}",
        WarnBadPhone => "{where}{value} 不是电话号码；这个人照常导入，不带电话",
        WarnExtraPhones => "{where}一个单元格里有几个电话（{value}）；保留第一个",
        WarnUnreadableGender => "{where}性别 {value} 既不是男也不是女；按身份证号取性别",
        WarnUnreadableBirth => "{where}出生日期 {value} 不是日期；按身份证号取出生日期",
        WarnBirthDiffers => "{where}出生日期 {value} 与身份证号不符；按身份证号取出生日期",
        WarnAddressDiffers => "{where}地址 {value} 与户主的不同；按这个人自己的地址归户",
        WarnNotAPerson => "{where}一行里没有任何人员信息，已跳过",
        WarnRepeatedHeader => "{where}数据中间重复的表头行已跳过",
        WarnNoHead => "{where}住户 {value} 没有户主或本人的行",
        WarnWhere => "第 {row} 行：",
        UsageUnknownArg => "不认识的参数 {arg}；gridbook --help 会列出可用的参数",
        UsageUnknownCommand => "没有 {arg} 这个命令；gridbook --help 会列出可用的命令",
        UsageBadValue => "{value} 不是 {arg} 能用的值{valid}",
        UsageValid => "；可用的值：{list}",
        UsageMissing => "缺少：{arg}；请加上（见 --help）",
        UsageConflict => "{arg} 不能和 {other} 一起用",
        UsageOther => "命令行不对（{kind}）；请看 --help",
        ChkIntegrity => "SQLite 完整性：{line}",
        ChkParents => "{n} 行指向不存在的上级记录",
        ChkChain => "{n} 条变更接不上它所属设备的链（写入后记录被改动过）",
        ChkUnreadable => "第 {n} 条变更读不出来：{e}",
        ChkHash => "第 {n} 条变更与保存的哈希不符（写入后被改动过）",
        ChkStates => "{n} 条变更的状态与重放结果不同",
        ChkTable => "表 {table}：{n} 行与变更记录给出的不同（例如 {keys}）",
        SyRefusedTeam => {
            "不是本团队的：本机还没加入团队，或发送方没有被本团队认证；请先加入办公室的团队（gridbook team join），或请办公室为发送方登记"
        }
        SyRefusedRevoked => "发送方的设备已被办公室吊销，不再接受它的变更",
        SyRefusedKeys => "它想在没有团队签名的情况下更换设备密钥；已拒绝导入；请告知办公室",
        CfgWrite => "写不了配置文件：{e}",
        CfgRead => "读不了配置文件：{e}",
        CfgTooLarge => "配置文件超过 1 MiB",
        CfgToml => "写法不对：{e}",
        CfgCategory => "不认识的诉求类别 {code}；可用的有：{allowed}",
        CfgRecipient => {
            "[sync] recipients 中的 {key} 不是 age 公钥（公钥以 age1 开头）；gridbook keys 会显示一个"
        }
        CfgLanguage => "没有 {lang} 这种语言；请用 zh 或 en",
        KeyNotAKey => "{key} 不是按键名（例如：q、ctrl-s、shift-tab、enter、f2）",
        KeyTwice => "{key} 和 {first} 是同一个键，绑定了两次",
        KeyUnknownAction => "不认识的动作 {action}；可用的动作有：{names}、none",
        FigMore => "（上下键翻看更多）",
        BoardOverdue => "逾期",
        BoardEscalated => "上报研判待定",
        BoardEmpty => "没有符合条件的诉求",
        BoardTimeline => "办理过程",
        BoardHint => "d 交办  r 办结  b 反馈  t 评价  R 重办  f 筛选  / 查找",
        BoardFind => "查找：",
        ActionDispatch => "分流交办",
        ActionResolve => "办结",
        ActionFeedback => "反馈",
        ActionRate => "评价",
        ActionReopen => "重新办理",
        ActionPrevPeriod => "上个月",
        ActionNextPeriod => "下个月",
        FormDispatch => "分流交办",
        FormResolve => "办结",
        FormFeedback => "反馈结果",
        FormRate => "居民评价",
        FormReopen => "重新办理",
        FieldDepartment => "交办给",
        FieldNoteShort => "说明",
        FieldResult => "办理结果",
        FieldMediated => "是否化解",
        FieldFeedback => "反馈内容",
        FieldRating => "评价",
        FieldComment => "意见",
        FieldReason => "原因",
        ChoiceYes => "是",
        ChoiceNo => "否",
        RequestDispatched => "已交办给 {who}",
        RequestResolved => "已办结",
        RequestFedBack => "已记录反馈",
        RequestRated => "已记录评价",
        RequestReopened => "已重新办理（第{n}轮）",
        ErrTransition => "这件诉求现在是「{from}」，不能{to}",
        ErrReopenEarly => "只有办结后的诉求才能重新办理",
        ErrRequired => "请填写{field}",
        EventOpened => "受理",
        EventDispatched => "交办",
        EventResolved => "办结",
        EventFedBack => "反馈",
        EventEvaluated => "评价",
        EventReopened => "重新办理",
        EventInvalid => "（无效，未生效）",
        FigThisMonth => "本月",
        FigHint => "[ 上个月  ] 下个月",
        FigVisitsPerWeek => "每周走访",
        FigByCategory => "诉求类别",
        FigByMode => "走访方式",
        FigLoading => "正在统计",
        FigPeriod => "统计期间",
        FigPeriodRange => "{from} 至 {to}",
        FigGrids => "网格",
        FigAssigned => "应访户数",
        FigVisited => "已走访户数",
        FigCoverage => "走访覆盖率",
        FigVisits => "走访次数",
        FigOpened => "受理诉求",
        FigResolved => "已办结",
        FigResolutionRate => "办结率",
        FigMedianDays => "办结用时中位数（天）",
        FigRated => "参评诉求",
        FigSatisfaction => "满意率",
        FigDisputes => "矛盾纠纷",
        FigMediated => "已化解",
        FigOverdue => "逾期诉求（期末）",
        FigNone => "无",
        FigByWorker => "按走访人",
        FigWorker => "走访人",
        FigWorkerVisits => "走访次数",
        FigWorkerHouseholds => "走访户数",
        FigWorkerRequests => "登记诉求",
        FigByTag => "按人员类别",
        FigTag => "人员类别",
        FigTagInterval => "走访频次（天）",
        FigTagHouseholds => "户数",
        FigTagVisited => "本期走访户数",
        FigTagWithin => "按频次已访",
        FigTagCoverage => "频次达标率",
        // Roster re-import: what was kept and why.
        ImportKept => "保留上次导入后改过的值（与名单不同）：{n} 项",
        ImportConflicts => "这里和社区都改过，两个值都保留，请到同步页的待处理列表确定：{n} 项",
        ImportKeptLine => "{name} {field}：{kept}，{why}（名单：{roster}）",
        ImportWhyVisit => "{on} 走访时更改",
        ImportWhyForm => "{on} 在表单中更改",
        ImportWhyReview => "{on} 在待处理列表中确定",
        ImportWhyBundle => "来自 {device} 的同步文件，{on} 更改",
        ImportWhyRoster => "{on} 由先前导入的名单写入",
        ImportWhyAdded => "{on} 添加时填写",
        ImportWhyEdit => "{on} 更改",
        ImportFieldHousehold => "所在户",
        ImportFieldHouseholdNo => "户号",
        // doctor and version
        VersionLine => "gridbook {version}（同步包格式 {format}，数据库结构版本 {schema}）",
        DoctorOk => "正常",
        DoctorNote => "提示",
        DoctorTodo => "待处理",
        DoctorWhatDb => "数据库",
        DoctorWhatJournal => "数据库日志文件",
        DoctorWhatConfigDir => "配置文件夹",
        DoctorWhatConfig => "配置文件",
        DoctorWhatKeysDir => "密钥文件夹",
        DoctorWhatDevice => "设备文件",
        DoctorWhatKeys => "密钥文件",
        DoctorPrivate => "{what} {path}：仅本人可以读取（权限 {mode}）",
        DoctorOpen => "{what} {path}：其他用户也能读取（权限 {mode}），请运行 {fix}",
        DoctorDbFine => "数据库 {path}：可以打开，结构版本 {schema}",
        DoctorDbMissing => {
            "数据库 {path} 尚不存在：首次启动 gridbook 时创建（要用其他文件：--db 路径 或 GRIDBOOK_DB）"
        }
        DoctorDbEmpty => "数据库 {path} 是空文件：下次启动 gridbook 时初始化",
        DoctorDbOld => {
            "数据库 {path}：结构版本 {found}；下次启动时先备份，再升级到结构版本 {latest}"
        }
        DoctorDbNewer => {
            "数据库 {path} 由更新版本的 gridbook 创建（结构版本 {found}，本版本最高支持 {latest}）：请安装新版 gridbook 后再打开"
        }
        DoctorDbNotOurs => {
            "{path} 不是 gridbook 数据库（不是 SQLite 文件，或已损坏）：请检查 --db 或 GRIDBOOK_DB 给出的路径"
        }
        DoctorDbSymlink => {
            "{path} 是符号链接，gridbook 不通过链接打开数据库：请用 --db 给出实际路径，或删除该链接"
        }
        DoctorDbError => "无法读取数据库 {path}：{error}",
        DoctorDbWal => {
            "数据库 {path} 旁有预写日志（-wal）：gridbook 正在其他窗口中运行，或上次没有正常关闭；以上各行只反映数据库文件本身"
        }
        DoctorDbBlocked => {
            "数据库 {path} 属于另一台设备：{device} 缺失或记录的是另一台设备（数据库是复制来的，或本机设置被重置）；修改数据前请运行 `gridbook enrol`"
        }
        DoctorConfigFine => "配置文件 {path}：读取正常",
        DoctorConfigMissing => {
            "配置文件 {path} 尚不存在：使用默认设置（首次填写姓名时 gridbook 会创建）"
        }
        DoctorConfigBad => "配置文件 {path}：{error}；请改正，或把该文件移走以使用默认设置",
        DoctorConfigBadLine => {
            "配置文件 {path} 第 {line} 行：{error}；请改正这一行，或把该文件移走以使用默认设置"
        }
        DoctorConfigDirMissing => {
            "配置文件夹 {path} 尚不存在：gridbook 首次保存设置时创建（仅本人可以访问）"
        }
        DoctorKeysWhere => "设备文件与密钥文件：尚无；将保存在 {path}，以数据库编号命名",
        DoctorDeviceFine => "设备文件 {path}：与数据库一致",
        DoctorKeysFine => "密钥文件 {path}：本设备的签名与加密密钥",
        DoctorKeysMissing => {
            "密钥文件 {path} 尚未生成：运行 `gridbook keys` 即可生成（首次导出时也会生成）"
        }
        DoctorLocaleFine => "终端：{var}={value} 是 UTF-8 区域设置，可以显示中文",
        DoctorLocaleUnset => {
            "终端：未设置区域（LC_ALL、LC_CTYPE、LANG 均为空），可能无法显示中文：请运行 {fix}，并把这一行加入 ~/.profile"
        }
        DoctorLocaleBad => {
            "终端：{var}={value} 不是 UTF-8 区域设置，可能无法显示中文：请运行 {fix}，并把这一行加入 ~/.profile"
        }
        DoctorTermConsole => {
            "终端：TERM=linux 是字符控制台，无法显示汉字：请在桌面的终端窗口中打开 gridbook"
        }
        DoctorAllWell => "一切正常",
        DoctorTodoCount => "有 {n} 项待处理：做法见上面标为待处理的各行",
        // the team in the sync tab
        SyncTeam => "团队：{name}  指纹 {fp}",
        SyncNoTeam => {
            "未加入团队，不接受同步文件：在本机运行 gridbook team request，把文件交给社区，再用社区给的文件运行 gridbook team join"
        }
        SyncColCert => "证书",
        SyncCertOffice => "社区（全部网格）",
        SyncCertNone => "未认证",
        SyncCertRevoked => "已吊销",
        SyncThisCert => "本机证书：{cert}",
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

/// A refused roster row's reason and what to do about it, by the reason's code.
pub fn reject_reason(code: &str) -> Option<(&'static str, &'static str)> {
    Some(match code {
        "id_number_scientific_notation" => (
            "身份证号被 Excel 变成了科学计数法",
            "Excel 把身份证号当成数字，丢了后几位：把这一列设为文本，重新录入完整号码后再导出",
        ),
        "id_number_checksum" => (
            "身份证号校验位不对",
            "最后一位和前面的数字对不上：对照身份证改正",
        ),
        "id_number_date" => ("身份证号里的出生日期不存在", "对照身份证改正号码"),
        "id_number_invalid" => (
            "身份证号位数或字符不对",
            "身份证号是 18 位（最后一位可以是 X）或 15 位数字：改正，或留空",
        ),
        "missing_name" => ("没有姓名", "填上姓名；如果这一行不是人，删掉它"),
        "gender_mismatch" => ("性别和身份证号不符", "改正性别或身份证号中错的那一个"),
        "no_household" => (
            "找不到所属的户",
            "这一行在所有户主行之前，也没有地址：移到户主行下面，或填上地址",
        ),
        _ => return None,
    })
}
