//! Phrase banks for demo visits and requests, so the notes read like a worker's.

use rand::{Rng, RngExt};

use crate::domain::Category;

pub fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

pub const BASICS: &[&str] = &[
    "家中人员均在，身体状况稳定。",
    "老人血压偏高，按时服药，精神状态不错。",
    "儿子在外地务工，春节回来，家里由老伴照顾。",
    "户主近期腿脚不便，出行需人陪同。",
    "家庭成员信息无变化，联系电话已核实。",
    "女儿已参加工作，搬到单位宿舍住，周末回家。",
    "老人耳背，交流时需大声，由儿媳代为回答。",
    "户主刚做完白内障手术，恢复良好。",
    "孙子今年上初中，学习情况良好。",
    "一家人刚从老家回来，情况正常。",
    "家里新装了燃气报警器，已提醒定期检查。",
    "户主退休在家，每天到公园锻炼。",
];

pub const FAMILY: &[&str] = &[
    "家庭和睦，邻里关系融洽。",
    "子女每周回来看望，老人心情愉快。",
    "夫妻俩在楼下开小卖部，生意一般。",
    "老人独自在家时间较长，希望多来坐坐。",
    "与对门邻居关系很好，平时互相照应。",
    "孩子叛逆期，家长有些操心，已开导。",
    "老两口身体尚可，自己买菜做饭。",
    "家里养了一只猫，提醒注意楼道卫生。",
    "儿子儿媳工作忙，孙女由奶奶接送。",
];

pub const DISPUTES: &[&str] = &[
    "与楼上住户因卫生间漏水产生矛盾。",
    "兄弟俩因老人赡养问题有分歧。",
    "与邻居因楼道堆放杂物发生争执。",
    "因停车位问题与邻居闹得不愉快。",
    "楼上装修噪音大，多次沟通未果。",
];

pub const SUGGESTIONS: &[&str] = &[
    "建议小区增设电动车集中充电桩。",
    "希望社区多组织老年人文体活动。",
    "建议加强小区夜间巡逻。",
    "垃圾分类点气味大，建议增加清运次数。",
    "希望在小区里多装几把休息座椅。",
    "建议物业及时修剪楼前树木，挡光严重。",
    "希望开设老年人智能手机培训班。",
    "小区东门路灯太暗，建议更换。",
];

pub const NOTHING_NEW: &[&str] = &["", "", "情况无变化。", "同上次。"];

/// What residents ask for under each category.
pub fn need(rng: &mut impl Rng, category: Category) -> &'static str {
    let list: &[&str] = match category {
        Category::Subsistence => &[
            "家庭收入低，咨询低保申请条件。",
            "低保年审材料不清楚怎么准备。",
            "丈夫去世后收入减少，希望申请低保。",
        ],
        Category::Medical => &[
            "老人慢性病门诊报销流程不清楚。",
            "希望家庭医生上门随访。",
            "需要办理残疾人证，咨询鉴定流程。",
        ],
        Category::Employment => &[
            "儿子失业在家，希望介绍工作。",
            "想参加社区组织的技能培训。",
            "咨询灵活就业人员社保缴纳。",
        ],
        Category::Schooling => &[
            "孩子明年上小学，咨询学区划分。",
            "外地户口孩子入学需要哪些材料。",
            "孩子放学后无人接送，希望有托管。",
        ],
        Category::ElderCare => &[
            "希望申请居家养老上门服务。",
            "老人行动不便，想申请助餐服务。",
            "咨询高龄津贴办理。",
        ],
        Category::Repair => &[
            "楼道灯坏了，晚上出行不便。",
            "单元门禁损坏，陌生人随意进出。",
            "楼顶防水层老化，雨天漏水。",
            "下水道堵塞，污水返流。",
        ],
        Category::Housing => &[
            "房屋墙体开裂，担心安全。",
            "咨询公租房申请条件。",
            "老旧小区改造何时开始。",
        ],
        Category::Dispute => DISPUTES,
        Category::Wish => &[
            "孩子想要一套课外书。",
            "老人希望有人陪着去一趟公园。",
            "想要一台收音机听戏。",
        ],
        Category::Suggestion => SUGGESTIONS,
        Category::Other => &["咨询医保卡异地使用。", "家里网络经常断，不知道找谁。"],
    };
    pick(rng, list)
}

/// Who a request of this category is usually dispatched to.
pub fn department(category: Category) -> &'static str {
    match category {
        Category::Subsistence => "街道民政办",
        Category::Medical => "社区卫生服务站",
        Category::Employment => "街道社保所",
        Category::Schooling => "社区居委会",
        Category::ElderCare => "街道民政办",
        Category::Repair => "物业服务中心",
        Category::Housing => "社区居委会",
        Category::Dispute => "社区党委",
        Category::Wish => "社区居委会",
        Category::Suggestion => "物业服务中心",
        Category::Other => "社区居委会",
    }
}

pub const RESULTS: &[&str] = &[
    "已协调相关部门处理完毕。",
    "已上门办理，居民表示认可。",
    "已联系物业维修完成。",
    "材料已代为提交，审批通过。",
    "已当面解释政策，居民表示理解。",
    "已安排专人对接，问题解决。",
];

pub const MEDIATED: &[&str] = &[
    "经调解双方达成一致，矛盾化解。",
    "组织双方当面沟通，签订调解协议。",
];

pub const NOT_MEDIATED: &[&str] = &["双方分歧较大，已引导通过法律途径解决。"];

pub const FEEDBACK: &[&str] = &[
    "已电话告知办理结果。",
    "入户告知办理结果，居民表示感谢。",
    "通过微信告知结果并发送相关材料。",
];

pub const COMMENTS: &[&str] = &[
    "",
    "",
    "办事效率高。",
    "网格员很耐心。",
    "希望以后继续关注。",
];
pub const COMPLAINTS: &[&str] = &["处理太慢了。", "问题没有根本解决。"];
