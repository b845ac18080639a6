//! Finding the header row and mapping its cells to what they mean.

use crate::domain::text::compact;

use super::error::limits;
use super::read::SourceRow;

/// What a roster column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Grid,
    Compound,
    Building,
    Unit,
    Room,
    Address,
    HouseholdNo,
    Name,
    Relation,
    Gender,
    Birth,
    IdNumber,
    Phone,
    Tags,
    Note,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Self::Grid,
        Self::Compound,
        Self::Building,
        Self::Unit,
        Self::Room,
        Self::Address,
        Self::HouseholdNo,
        Self::Name,
        Self::Relation,
        Self::Gender,
        Self::Birth,
        Self::IdNumber,
        Self::Phone,
        Self::Tags,
        Self::Note,
    ];

    /// Header spellings, compared after [`normalize_header`]. The first of each list is the one
    /// ROSTER.md documents first; a few common variants seen in office templates follow the
    /// documented ones.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Grid => &["网格", "所属网格", "网格名称", "grid"],
            Self::Compound => &["小区", "小区名称", "村组", "所属小区", "compound"],
            Self::Building => &["楼栋", "楼号", "栋", "楼栋号", "building"],
            Self::Unit => &["单元", "单元号", "unit"],
            Self::Room => &["门牌号", "房号", "室", "房间号", "门牌", "room"],
            Self::Address => &["住址", "地址", "家庭住址", "现住址", "address"],
            Self::HouseholdNo => &["户号", "户编号", "household", "household_no", "householdno"],
            Self::Name => &["姓名", "name"],
            Self::Relation => &["与户主关系", "关系", "relation"],
            Self::Gender => &["性别", "gender", "sex"],
            Self::Birth => &["出生日期", "出生年月", "出生年月日", "birth"],
            Self::IdNumber => &[
                "身份证号",
                "身份证号码",
                "公民身份号码",
                "身份证",
                "id_number",
                "idnumber",
            ],
            Self::Phone => &[
                "联系电话",
                "电话",
                "手机",
                "手机号",
                "手机号码",
                "联系方式",
                "phone",
            ],
            Self::Tags => &["人员类别", "类别", "标签", "关注对象", "tags"],
            Self::Note => &["备注", "note", "notes"],
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// Trims, removes spaces (full-width too), required-field stars and a parenthesised remark
/// (`身份证号码（18位）`), and lower-cases Latin letters.
pub fn normalize_header(cell: &str) -> String {
    let flat: String = compact(cell)
        .chars()
        .filter(|c| *c != '*')
        .collect::<String>()
        .to_lowercase();
    match flat.split_once('(') {
        Some((before, _)) if !before.is_empty() => before.to_string(),
        _ => flat,
    }
}

pub fn match_header(cell: &str) -> Option<Column> {
    let key = normalize_header(cell);
    if key.is_empty() {
        return None;
    }
    Column::ALL
        .into_iter()
        .find(|c| c.aliases().contains(&key.as_str()))
}

/// The header row and where each meaning sits in it.
#[derive(Debug, Clone)]
pub struct Columns {
    /// Row number of the header as Excel shows it.
    pub header_row: usize,
    /// Position of the header among the sheet's non-blank rows.
    pub header_index: usize,
    /// The header cells as written in the file.
    pub headers: Vec<String>,
    /// Headers that mean nothing to the import.
    pub unknown: Vec<String>,
    /// Headers that repeat a meaning already taken by a column to their left.
    pub repeated: Vec<String>,
    slots: [Option<usize>; Column::ALL.len()],
}

impl Columns {
    /// Where `column` is in the row, if the file has it.
    pub fn get(&self, column: Column) -> Option<usize> {
        self.slots.get(column.index()).copied().flatten()
    }

    pub fn has(&self, column: Column) -> bool {
        self.get(column).is_some()
    }

    /// The header text the file uses for `column`.
    pub fn header(&self, column: Column) -> Option<&str> {
        self.get(column)
            .and_then(|i| self.headers.get(i))
            .map(String::as_str)
    }

    /// The cell of `row` under `column`, `""` when the file has no such column.
    pub fn cell<'r>(&self, row: &'r SourceRow, column: Column) -> &'r str {
        self.get(column).map_or("", |i| row.cell(i))
    }

    fn from_cells(headers: Vec<String>, header_row: usize, header_index: usize) -> Self {
        let mut slots = [None; Column::ALL.len()];
        let mut unknown = Vec::new();
        let mut repeated = Vec::new();
        for (i, cell) in headers.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            match match_header(cell) {
                Some(column) => match slots.get_mut(column.index()) {
                    Some(slot @ None) => *slot = Some(i),
                    _ => repeated.push(cell.clone()),
                },
                None => unknown.push(cell.clone()),
            }
        }
        Self {
            header_row,
            header_index,
            headers,
            unknown,
            repeated,
            slots,
        }
    }
}

fn trimmed_cells(row: &SourceRow) -> Vec<String> {
    row.cells().map(|c| c.trim().to_string()).collect()
}

/// The header is the first row (among the first few) that has a name column. A two-level
/// header (住址 merged over 小区 | 楼栋 | 单元 | 门牌号 on the row below) is read as one: the row
/// under the header is a sub-header when its name cell is blank and at least two of its cells
/// are known headers; its cells then take the place of the ones above them.
pub fn find_header(rows: &[SourceRow]) -> Option<Columns> {
    let (index, row) = rows
        .iter()
        .take(limits::HEADER_SEARCH_ROWS)
        .enumerate()
        .find(|(_, row)| row.cells().any(|c| match_header(c) == Some(Column::Name)))?;
    let mut headers = trimmed_cells(row);
    let name_at = headers
        .iter()
        .position(|c| match_header(c) == Some(Column::Name))?;
    if let Some(below) = rows.get(index + 1)
        && below.number == row.number + 1
        && below.cell(name_at).trim().is_empty()
        && below.cells().filter(|c| match_header(c).is_some()).count() >= 2
    {
        let sub = trimmed_cells(below);
        headers.resize(headers.len().max(sub.len()), String::new());
        for (above, cell) in headers.iter_mut().zip(sub) {
            if !cell.is_empty() {
                *above = cell;
            }
        }
        return Some(Columns::from_cells(headers, below.number, index + 1));
    }
    Some(Columns::from_cells(headers, row.number, index))
}

pub fn has_header(rows: &[SourceRow]) -> bool {
    find_header(rows).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_after_normalising() {
        assert_eq!(match_header(" 姓 名 "), Some(Column::Name));
        assert_eq!(match_header("*姓名"), Some(Column::Name));
        assert_eq!(match_header("身份证号码（18位）"), Some(Column::IdNumber));
        assert_eq!(match_header("ID Number"), Some(Column::IdNumber));
        assert_eq!(match_header("Phone"), Some(Column::Phone));
        assert_eq!(match_header("户主姓名"), None);
        assert_eq!(match_header("社区网格人口信息台账（第一至第三网格）"), None);
    }

    #[test]
    fn a_two_level_header_is_read_as_one() {
        let mut sink = super::super::read::RowSink::default();
        sink.push(1, ["台账"]).unwrap();
        sink.push(2, ["姓名", "性别", "住址", "", "", "", "备注"])
            .unwrap();
        sink.push(3, ["", "", "小区", "楼栋", "单元", "门牌号"])
            .unwrap();
        sink.push(4, ["王宁", "男", "华家园", "3", "2", "401"])
            .unwrap();
        let rows = sink.finish();
        let columns = find_header(&rows).unwrap();
        assert_eq!(columns.header_index, 2);
        assert_eq!(columns.header_row, 3);
        assert_eq!(columns.get(Column::Room), Some(5));
        assert_eq!(columns.get(Column::Address), None);
        assert_eq!(columns.get(Column::Note), Some(6));
        assert!(columns.unknown.is_empty());
    }
}
