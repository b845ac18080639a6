//! `--help` in Chinese: the about line of every command and the help of every argument, by
//! path (`export`, `export.out`, `team.enrol.grids`). The English is the clap definitions' own;
//! a test walks the command tree so that nothing the office can read is left without Chinese.

/// The Chinese help for a command (`team.init`) or an argument (`team.init.name`); the root
/// command is the empty path.
pub fn help(path: &str) -> Option<&'static str> {
    Some(match path {
        "" => "社区网格员的终端记事本：住户、走访、诉求，用文件同步",
        ".version" => "显示版本、写出的同步格式和数据库结构版本",
        ".db" => "数据库文件（默认：用户数据目录下的 gridbook.db；环境变量 GRIDBOOK_DB）",
        ".lang" => "界面语言：zh（中文）或 en（英文）",
        ".help" => "显示帮助",
        "demo" => "建立一个逼真的演示数据库（一年的走访和诉求）并打开它",
        "demo.households" => "住户数",
        "demo.seed" => "生成用的种子：同一天用同一个种子得到同样的数据",
        "demo.no_tui" => "只写数据库，不打开界面",
        "search" => "像界面一样查找住户（姓名、拼音、首字母、地址、电话、身份证尾号）",
        "search.query" => "姓名、拼音或首字母、地址、电话数字或身份证号尾号",
        "search.limit" => "最多显示这么多条",
        "search.json" => "每行一个 JSON 对象",
        "check" => "检查数据库：SQLite 完整性、变更的哈希，以及由变更记录重建的各表",
        "export" => "为办公室或同事写出一个变更同步文件（加密并签名）",
        "export.out" => "同步文件写到哪里（.gbx 文件）",
        "export.to" => "只导出这位同事还没有的（名称或设备编号），按对方上次告诉的为准",
        "export.full" => "导出本数据库的全部内容",
        "export.passphrase_file" => "用这个文件（第一行）里的口令加密，而不是团队的密钥",
        "export.recipients" => "加密给这个 age 公钥（age1...），而不是团队的密钥；可重复",
        "export.no_encrypt" => "不加密（只用于检查和测试：拿到文件的人都能看）",
        "import" => "导入办公室或同事的同步文件；要么全部导入，要么什么也不写，并给出报告",
        "import.file" => "要导入的同步文件（.gbx 文件）",
        "import.dry_run" => "核验同步文件并报告会改变什么；什么也不写",
        "import.json" => "把报告输出为一个 JSON 对象",
        "import.passphrase_file" => "同步文件加密用的口令（这个文件的第一行）",
        "import.allow_plain" => "接受没有加密的同步文件（只用于检查和测试）",
        "keys" => "显示本机的公钥；增加或去掉导出时加密给的同事公钥",
        "keys.add_peer" => "以后导出时也加密给这位同事的 age 公钥（办公室的、同事的）",
        "keys.remove_peer" => "不再加密给这个名称的同事",
        "team" => "团队：谁可以写（建立、加入、登记和吊销设备、列出）",
        "team.init" => "在办公室电脑上：建立团队；本机保管团队密钥",
        "team.init.name" => "团队名称，例如 幸福社区",
        "team.request" => "在设备上：写一份加入办公室团队的申请（只含编号和公钥）",
        "team.request.out" => "申请写到哪里",
        "team.enrol" => "在办公室：为申请里的设备认证它负责的网格，并写出它的证书",
        "team.enrol.file" => "设备的申请文件",
        "team.enrol.grids" => "设备负责的一个网格（多个就重复）",
        "team.enrol.office" => "这是办公室设备：可写所有网格",
        "team.enrol.out" => "设备的证书写到哪里",
        "team.join" => "在设备上：核对指纹后加入证书文件所属的团队",
        "team.join.cert" => "办公室给的证书文件",
        "team.join.yes" => "不要求确认指纹（用于脚本）",
        "team.revoke" => "在办公室：停止一台设备的写入（丢失或被盗的电脑）；它之前写的保留",
        "team.revoke.device" => "设备的名称或编号",
        "enrol" => "把复制来的数据库登记为一台新设备（从另一台电脑复制之后）",
        "enrol.label" => "这台设备的名称，例如 王芳 第一网格",
        "report" => "一段时间的统计（表格或 JSON）和台账（CSV 或 XLSX）",
        "report.from" => "统计期间的第一天，YYYY-MM-DD [默认：--to 所在月份的第一天]",
        "report.to" => "统计期间的最后一天（含），YYYY-MM-DD [默认：今天]",
        "report.format" => {
            "table：在屏幕上显示统计；json：给脚本用的统计；csv：一份台账；xlsx：统计和全部台账 [默认：按 --out 的扩展名，否则 table]"
        }
        "report.ledger" => "CSV 里放哪份台账（csv 时必填）",
        "report.out" => "写到这个文件而不是屏幕（xlsx 时必填）",
        "report.grids" => "只统计这个网格；多个就重复 [默认：配置文件中的网格，否则全部]",
        "roster" => "导入社区办公室的花名册（CSV 或 Excel）",
        "roster.import" => {
            "导入办公室的人口花名册（台账，CSV 或 Excel）：新建或更新住户和人员，花名册上没有的人只报告，从不删除"
        }
        "roster.import.file" => "花名册：.csv（UTF-8 或 GBK/GB18030）、.xlsx 或 .xls",
        "roster.import.dry_run" => "显示会新建、更新和拒绝什么；什么也不写",
        "roster.import.skip_bad" => {
            "导入没问题的行，把有问题的行写到 FILE.rejected.csv（带原因列）"
        }
        "roster.import.grid" => "没写网格的住户归入这个网格（默认：配置文件 grids 中的第一个）",
        "roster.import.sheet" => "读哪个工作表（默认：第一个有表头的）",
        "roster.import.json" => "把结果输出为一个 JSON 对象",
        "config" => "显示网格通把设置放在哪里",
        "config.path" => "显示配置文件的路径",
        "doctor" => "说明数据库、配置和密钥在哪里，别人能否读取，以及终端能否显示中文",
        "doctor.json" => "把检查结果输出为一个 JSON 对象（英文键）而不是文字",
        _ => return None,
    })
}
