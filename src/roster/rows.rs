//! One source row → the text of each field, cleaned (full-width → ASCII, stray spaces), and the
//! address parts with the fill-down rules for merged cells.

use crate::domain::Address;
use crate::domain::text::{compact, to_half_width};

use super::header::{Column, Columns};
use super::read::SourceRow;

/// Half-width, trimmed, inner runs of whitespace collapsed to one space, and without the
/// leading apostrophe people type to make Excel keep digits as text.
pub fn clean(cell: &str) -> String {
    let text = to_half_width(cell)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    match text.strip_prefix('\'') {
        Some(rest) => rest.trim_start().to_string(),
        None => text,
    }
}

/// Grid and address as written on one row (before or after filling).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressParts {
    pub grid: String,
    pub compound: String,
    pub building: String,
    pub unit: String,
    pub room: String,
}

impl AddressParts {
    /// No compound, building, unit or room (a grid alone places nobody).
    pub fn is_blank(&self) -> bool {
        self.compound.is_empty()
            && self.building.is_empty()
            && self.unit.is_empty()
            && self.room.is_empty()
    }

    pub fn address(&self) -> Address {
        Address::new(&self.compound, &self.building, &self.unit, &self.room)
    }

    fn fields_mut(&mut self) -> [&mut String; 5] {
        [
            &mut self.grid,
            &mut self.compound,
            &mut self.building,
            &mut self.unit,
            &mut self.room,
        ]
    }

    fn fields(&self) -> [&String; 5] {
        [
            &self.grid,
            &self.compound,
            &self.building,
            &self.unit,
            &self.room,
        ]
    }

    /// Within a household: every blank field takes the value of the row above (merged cells).
    pub fn fill_from(&mut self, above: &AddressParts) {
        for (mine, theirs) in self.fields_mut().into_iter().zip(above.fields()) {
            if mine.is_empty() {
                mine.clone_from(theirs);
            }
        }
    }

    /// Across households: a cell merged over several households leaves the later ones blank from
    /// the left. The grid, and the address fields left of the first one this row writes, are
    /// carried from the row above; nothing right of a written field is.
    pub fn carry_from(&mut self, above: &AddressParts) {
        if self.grid.is_empty() {
            self.grid.clone_from(&above.grid);
        }
        for (mine, theirs) in [
            (&mut self.compound, &above.compound),
            (&mut self.building, &above.building),
            (&mut self.unit, &above.unit),
            (&mut self.room, &above.room),
        ] {
            if !mine.is_empty() {
                break;
            }
            mine.clone_from(theirs);
        }
    }

    /// Whether a field written on this row names a different place than `address`.
    pub fn conflicts_with(&self, address: &Address) -> bool {
        let mine = self.address();
        (!self.compound.is_empty() && mine.compound != address.compound)
            || (!self.building.is_empty() && mine.building != address.building)
            || (!self.unit.is_empty() && mine.unit != address.unit)
            || (!self.room.is_empty() && mine.room != address.room)
    }
}

/// The cleaned text of every field on one row.
#[derive(Debug, Clone, Default)]
pub struct RowFields {
    pub name: String,
    pub relation: String,
    pub gender: String,
    pub birth: String,
    pub id_number: String,
    pub phone: String,
    pub tags: String,
    pub note: String,
    pub household_no: String,
    /// The grid and address written on this row, before any filling.
    pub parts: AddressParts,
}

impl RowFields {
    pub fn extract(row: &SourceRow, columns: &Columns) -> Self {
        let get = |c: Column| clean(columns.cell(row, c));
        let mut parts = AddressParts {
            grid: get(Column::Grid),
            compound: get(Column::Compound),
            building: get(Column::Building),
            unit: get(Column::Unit),
            room: get(Column::Room),
        };
        if parts.is_blank() {
            let whole = get(Column::Address);
            if !whole.is_empty() {
                let parsed = parse_address(&whole);
                parts = AddressParts {
                    grid: parts.grid,
                    ..parsed
                };
            }
        }
        Self {
            name: compact(columns.cell(row, Column::Name)),
            relation: get(Column::Relation),
            gender: get(Column::Gender),
            birth: get(Column::Birth),
            id_number: get(Column::IdNumber),
            phone: get(Column::Phone),
            tags: get(Column::Tags),
            note: columns.cell(row, Column::Note).trim().to_string(),
            household_no: compact(columns.cell(row, Column::HouseholdNo)),
            parts,
        }
    }

    /// Whether the row describes a person at all: a name, an ID number, a relation, a gender,
    /// a birth date or a phone. Rows with only an address, a grid or a remark (section
    /// headings, 合计 lines, vacant rooms) are not people.
    pub fn is_person(&self) -> bool {
        [
            &self.name,
            &self.id_number,
            &self.relation,
            &self.gender,
            &self.birth,
            &self.phone,
        ]
        .iter()
        .any(|f| !f.is_empty())
    }
}

const BUILDING_MARKS: [&str; 5] = ["号楼", "栋", "幢", "座", "楼"];

/// Splits a written address (`幸福小区3栋2单元401室`, `幸福小区 3-2-401`) into its parts. What
/// cannot be told apart stays in the compound.
pub fn parse_address(text: &str) -> AddressParts {
    let text = compact(text);
    let mut parts = AddressParts::default();
    let (head, room_part) = if let Some((before, after)) = text.split_once("单元") {
        let (rest, unit) = split_trailing(before, |c| c.is_ascii_alphanumeric());
        parts.unit = unit;
        (rest, after.to_string())
    } else {
        (text.clone(), String::new())
    };
    let mut building_found = false;
    for mark in BUILDING_MARKS {
        if let Some((before, after)) = head.rsplit_once(mark) {
            let (compound, building) = split_trailing(before, |c| c.is_ascii_alphanumeric());
            if building.is_empty() {
                continue;
            }
            parts.compound = compound;
            parts.building = building;
            parts.room = if parts.unit.is_empty() {
                after.to_string()
            } else {
                room_part.clone()
            };
            building_found = true;
            break;
        }
    }
    if !building_found {
        if parts.unit.is_empty() {
            let (compound, tail) = split_trailing(&head, |c| c.is_ascii_digit() || c == '-');
            let numbers: Vec<&str> = tail.split('-').collect();
            match numbers.as_slice() {
                [b, u, r] if ![b, u, r].iter().any(|s| s.is_empty()) => {
                    parts.compound = compound;
                    parts.building = (*b).to_string();
                    parts.unit = (*u).to_string();
                    parts.room = (*r).to_string();
                }
                [b, r] if !b.is_empty() && !r.is_empty() => {
                    parts.compound = compound;
                    parts.building = (*b).to_string();
                    parts.room = (*r).to_string();
                }
                _ => parts.compound = head,
            }
        } else {
            parts.compound = head;
            parts.room = room_part;
        }
    }
    parts.room = parts
        .room
        .trim_end_matches(['室', '号'])
        .trim_start_matches('-')
        .to_string();
    parts
}

/// Splits `s` before its trailing run of characters matching `keep`.
fn split_trailing(s: &str, keep: impl Fn(char) -> bool) -> (String, String) {
    let chars: Vec<char> = s.chars().collect();
    let cut = chars.iter().rposition(|c| !keep(*c)).map_or(0, |i| i + 1);
    let head: String = chars.iter().take(cut).collect();
    let tail: String = chars.iter().skip(cut).collect();
    (head, tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(compound: &str, building: &str, unit: &str, room: &str) -> AddressParts {
        AddressParts {
            grid: String::new(),
            compound: compound.into(),
            building: building.into(),
            unit: unit.into(),
            room: room.into(),
        }
    }

    #[test]
    fn written_addresses_split_into_parts() {
        assert_eq!(
            parse_address("幸福小区3栋2单元401室"),
            p("幸福小区", "3", "2", "401")
        );
        assert_eq!(
            parse_address("幸福小区 3号楼 2单元 401"),
            p("幸福小区", "3", "2", "401")
        );
        assert_eq!(
            parse_address("幸福小区３栋２单元４０１"),
            p("幸福小区", "3", "2", "401")
        );
        assert_eq!(
            parse_address("幸福小区3-2-401"),
            p("幸福小区", "3", "2", "401")
        );
        assert_eq!(
            parse_address("幸福小区12栋1102"),
            p("幸福小区", "12", "", "1102")
        );
        assert_eq!(parse_address("石桥村五组"), p("石桥村五组", "", "", ""));
    }

    #[test]
    fn fill_down_within_and_carry_across_households() {
        let above = AddressParts {
            grid: "第一网格".into(),
            ..p("华家园", "3", "2", "401")
        };
        let mut member = p("", "", "2单元", "");
        member.fill_from(&above);
        assert_eq!(member.address(), above.address());
        assert_eq!(member.grid, "第一网格");

        let mut head = p("", "", "", "402");
        head.carry_from(&above);
        assert_eq!(head.address(), Address::new("华家园", "3", "2", "402"));
        let mut head = p("", "5栋", "", "101");
        head.carry_from(&above);
        assert_eq!(head.address(), Address::new("华家园", "5", "", "101"));
    }

    #[test]
    fn conflicts_only_on_written_fields() {
        let home = Address::new("华家园", "3", "2", "401");
        assert!(!p("", "3号楼", "", "").conflicts_with(&home));
        assert!(!p("", "", "", "４０１").conflicts_with(&home));
        assert!(p("", "", "", "402").conflicts_with(&home));
    }

    #[test]
    fn cleaning_makes_digits_ascii_and_drops_stray_spaces() {
        assert_eq!(clean(" １５０　９０９９ "), "150 9099");
        assert_eq!(clean("'15090996030"), "15090996030");
    }
}
