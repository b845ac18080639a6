//! Rows → the plan: households in file order, refused rows, duplicates and warnings.
//!
//! Households are keyed by 户号 when the file has that column. Otherwise a 户主 row starts a
//! household and the rows under it belong to it, unless a row names a different address, which
//! then places it. Blank grid/address cells on the later rows of a household are filled from the
//! row above (merged cells). A row repeating an earlier person's ID number is a duplicate before
//! it is placed, so a repeated 户主 row does not start a household.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::{Address, IdNumber, Relation};

use super::header::{Column, Columns, match_header};
use super::plan::{
    Duplicate, DuplicateBy, FileColumns, PlannedHousehold, PlannedMember, Rejected, RosterPlan,
};
use super::read::SourceRow;
use super::rows::{AddressParts, RowFields};
use super::validate::{Person, Problem, RejectReason, check};
use super::warning::{Warning, WarningKind};

/// A household while the plan is being built.
struct Draft {
    grid: String,
    /// The grid and address parts of the household's latest row (for fill-down).
    parts: AddressParts,
    address: Address,
    household_no: Option<String>,
    first_row: usize,
    has_head: bool,
    members: Vec<PlannedMember>,
    names: HashMap<String, (usize, Option<IdNumber>)>,
}

struct Planner<'a> {
    columns: &'a Columns,
    today: NaiveDate,
    drafts: Vec<Draft>,
    by_no: HashMap<String, usize>,
    by_address: HashMap<Address, usize>,
    /// The household of the latest placed row.
    current: Option<usize>,
    /// Filled parts and 户号 of the latest placed row.
    last_parts: Option<AddressParts>,
    last_no: Option<String>,
    ids: HashMap<IdNumber, usize>,
    rejected: Vec<Rejected>,
    duplicates: Vec<Duplicate>,
    warnings: Vec<Warning>,
    person_rows: usize,
}

/// Plans the rows of a sheet whose header has been found.
pub fn plan_rows(
    rows: &[SourceRow],
    columns: &Columns,
    encoding: &'static str,
    today: NaiveDate,
    default_grid: Option<&str>,
) -> RosterPlan {
    let mut planner = Planner {
        columns,
        today,
        drafts: Vec::new(),
        by_no: HashMap::new(),
        by_address: HashMap::new(),
        current: None,
        last_parts: None,
        last_no: None,
        ids: HashMap::new(),
        rejected: Vec::new(),
        duplicates: Vec::new(),
        warnings: column_warnings(columns),
        person_rows: 0,
    };
    for row in rows.iter().skip(columns.header_index + 1) {
        planner.row(row);
    }
    planner.finish(encoding, default_grid)
}

fn file_columns(columns: &Columns) -> FileColumns {
    let has = |c: Column| columns.has(c);
    FileColumns {
        grid: has(Column::Grid),
        address: [
            Column::Compound,
            Column::Building,
            Column::Unit,
            Column::Room,
            Column::Address,
        ]
        .into_iter()
        .any(has),
        household_no: has(Column::HouseholdNo),
        relation: has(Column::Relation),
        gender: has(Column::Gender),
        birth: has(Column::Birth),
        id_number: has(Column::IdNumber),
        phone: has(Column::Phone),
        tags: has(Column::Tags),
        note: has(Column::Note),
    }
}

fn column_warnings(columns: &Columns) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if !columns.unknown.is_empty() {
        warnings.push(Warning {
            row: Some(columns.header_row),
            kind: WarningKind::UnknownColumns,
            column: None,
            value: columns.unknown.join(", "),
            message: format!("columns not imported: {}", columns.unknown.join(", ")),
        });
    }
    for repeated in &columns.repeated {
        warnings.push(Warning {
            row: Some(columns.header_row),
            kind: WarningKind::RepeatedColumn,
            column: Some(repeated.clone()),
            value: String::new(),
            message: format!("column {repeated} repeats a column to its left and is not imported"),
        });
    }
    warnings
}

impl Planner<'_> {
    fn header(&self, column: Column) -> Option<String> {
        self.columns.header(column).map(str::to_string)
    }

    fn warn(&mut self, row: usize, kind: WarningKind, message: String) {
        self.warnings.push(Warning {
            row: Some(row),
            kind,
            column: None,
            value: String::new(),
            message,
        });
    }

    fn row(&mut self, row: &SourceRow) {
        let n = row.number;
        let name_cell = self.columns.cell(row, Column::Name);
        if match_header(name_cell) == Some(Column::Name) {
            self.warn(
                n,
                WarningKind::RepeatedHeader,
                format!("row {n} repeats the header and is skipped"),
            );
            return;
        }
        let fields = RowFields::extract(row, self.columns);
        if !fields.is_person() {
            self.warn(
                n,
                WarningKind::NotAPerson,
                format!("row {n} names no person and is skipped"),
            );
            return;
        }
        self.person_rows += 1;
        let columns = self.columns;
        let header = |c: Column| columns.header(c).map(str::to_string);
        let checked = check(n, &fields, self.today, &header, &mut self.warnings);
        let relation = Relation::parse(&fields.relation);

        if let Ok(Person {
            id_number: Some(id),
            name,
            ..
        }) = &checked
            && let Some(&first_row) = self.ids.get(id)
        {
            self.duplicates.push(Duplicate {
                row: n,
                first_row,
                name: name.clone(),
                by: DuplicateBy::IdNumber,
            });
            return;
        }

        let placed = self.place(n, &fields, relation);
        let mut problems = checked.as_ref().err().cloned().unwrap_or_default();
        if placed.is_none() {
            problems.push(Problem {
                reason: RejectReason::NoHousehold,
                column: None,
                value: String::new(),
            });
        }
        let person = match checked {
            Ok(person) if problems.is_empty() => person,
            _ => {
                let cells = self.rejected_cells(row, placed);
                for problem in problems {
                    self.rejected.push(Rejected {
                        row: n,
                        reason: problem.reason,
                        name: fields.name.clone(),
                        column: problem.column.and_then(|c| self.header(c)),
                        value: problem.value,
                        hint: problem.reason.hint(),
                        cells: cells.clone(),
                    });
                }
                return;
            }
        };
        let Some(index) = placed else { return };
        self.add_member(index, n, person);
    }

    fn add_member(&mut self, index: usize, n: usize, person: Person) {
        let Some(draft) = self.drafts.get_mut(index) else {
            return;
        };
        if let Some((first_row, first_id)) = draft.names.get(&person.name) {
            let both_known_and_different =
                matches!((first_id, &person.id_number), (Some(a), Some(b)) if a != b);
            if !both_known_and_different {
                self.duplicates.push(Duplicate {
                    row: n,
                    first_row: *first_row,
                    name: person.name,
                    by: DuplicateBy::NameInHousehold,
                });
                return;
            }
        }
        if let Some(id) = &person.id_number {
            self.ids.insert(id.clone(), n);
        }
        draft
            .names
            .entry(person.name.clone())
            .or_insert((n, person.id_number.clone()));
        draft.has_head |= person.relation == Relation::Head;
        draft.members.push(PlannedMember {
            row: n,
            name: person.name,
            relation: person.relation,
            gender: person.gender,
            birth: person.birth,
            id_number: person.id_number,
            phone: person.phone,
            tags: person.tags,
            note: person.note,
        });
    }

    /// Finds or starts the household of a row; `None` when it cannot be placed.
    fn place(&mut self, n: usize, fields: &RowFields, relation: Relation) -> Option<usize> {
        let mut parts = fields.parts.clone();
        let is_head = relation == Relation::Head;
        let household_no = if !self.columns.has(Column::HouseholdNo) {
            None
        } else if !fields.household_no.is_empty() {
            Some(fields.household_no.clone())
        } else if is_head {
            None
        } else {
            // A 户号 cell merged over the household's rows.
            self.last_no.clone()
        };

        let index = if let Some(no) = &household_no {
            match self.by_no.get(no).copied() {
                Some(index) => {
                    self.join(index, &mut parts, n);
                    index
                }
                None => {
                    if let Some(above) = &self.last_parts {
                        parts.carry_from(above);
                    }
                    self.start(n, &parts, Some(no.clone()))
                }
            }
        } else if is_head {
            if let Some(above) = &self.last_parts {
                parts.carry_from(above);
            }
            match self.current {
                // The household above is at the same address and has no head yet (a member row
                // placed by address started it) or already has this person (a repeated row).
                Some(cur)
                    if self.drafts.get(cur).is_some_and(|d| {
                        d.household_no.is_none()
                            && d.address == parts.address()
                            && (!d.has_head || d.names.contains_key(&fields.name))
                    }) =>
                {
                    self.join(cur, &mut parts, n);
                    cur
                }
                _ => self.start(n, &parts, None),
            }
        } else if let Some(cur) = self.current {
            let (conflict, above) = match self.drafts.get(cur) {
                Some(d) => (parts.conflicts_with(&d.address), d.parts.clone()),
                None => (false, AddressParts::default()),
            };
            if conflict {
                parts.carry_from(&above);
                self.warn(
                    n,
                    WarningKind::AddressDiffers,
                    format!(
                        "row {n} names {} while its household above is at {}; it is placed by its own address",
                        parts.address().display(),
                        above.address().display()
                    ),
                );
                self.by_address_or_start(n, &mut parts)
            } else {
                self.join(cur, &mut parts, n);
                cur
            }
        } else if !parts.is_blank() {
            self.by_address_or_start(n, &mut parts)
        } else {
            return None;
        };
        self.current = Some(index);
        self.last_parts = Some(parts);
        self.last_no = household_no;
        Some(index)
    }

    fn by_address_or_start(&mut self, n: usize, parts: &mut AddressParts) -> usize {
        match self.by_address.get(&parts.address()).copied() {
            Some(index) => {
                self.join(index, parts, n);
                index
            }
            None => self.start(n, parts, None),
        }
    }

    /// Fills `parts` from the household's latest row and makes them its latest.
    fn join(&mut self, index: usize, parts: &mut AddressParts, n: usize) {
        let Some(draft) = self.drafts.get_mut(index) else {
            return;
        };
        if draft.household_no.is_some() && parts.conflicts_with(&draft.address) {
            let message = format!(
                "row {n} names {} but its 户号 places it at {}",
                parts.address().display(),
                draft.address.display()
            );
            self.warnings.push(Warning {
                row: Some(n),
                kind: WarningKind::AddressDiffers,
                column: None,
                value: String::new(),
                message,
            });
        }
        parts.fill_from(&draft.parts);
        draft.parts = parts.clone();
    }

    fn start(&mut self, n: usize, parts: &AddressParts, household_no: Option<String>) -> usize {
        let index = self.drafts.len();
        let address = parts.address();
        if let Some(no) = &household_no {
            self.by_no.insert(no.clone(), index);
        }
        self.by_address.insert(address.clone(), index);
        self.drafts.push(Draft {
            grid: parts.grid.clone(),
            parts: parts.clone(),
            address,
            household_no,
            first_row: n,
            has_head: false,
            members: Vec::new(),
            names: HashMap::new(),
        });
        index
    }

    /// The row's cells under the headers, blank grid/address/户号 cells filled as placed.
    fn rejected_cells(&self, row: &SourceRow, placed: Option<usize>) -> Vec<String> {
        let width = self.columns.headers.len().max(row.len());
        let mut cells: Vec<String> = (0..width).map(|i| row.cell(i).to_string()).collect();
        let (Some(parts), Some(index)) = (&self.last_parts, placed) else {
            return cells;
        };
        let no = self.drafts.get(index).and_then(|d| d.household_no.clone());
        let filled = [
            (Column::Grid, parts.grid.clone()),
            (Column::Compound, parts.compound.clone()),
            (Column::Building, parts.building.clone()),
            (Column::Unit, parts.unit.clone()),
            (Column::Room, parts.room.clone()),
            (Column::HouseholdNo, no.unwrap_or_default()),
        ];
        for (column, value) in filled {
            if let Some(cell) = self.columns.get(column).and_then(|i| cells.get_mut(i))
                && cell.trim().is_empty()
            {
                *cell = value;
            }
        }
        cells
    }

    fn finish(mut self, encoding: &'static str, default_grid: Option<&str>) -> RosterPlan {
        let mut households = Vec::new();
        for draft in std::mem::take(&mut self.drafts) {
            if draft.members.is_empty() {
                continue;
            }
            if !draft.has_head {
                self.warn(
                    draft.first_row,
                    WarningKind::NoHead,
                    format!(
                        "the household at {} (from row {}) has no 户主 row",
                        draft.address.display(),
                        draft.first_row
                    ),
                );
            }
            let grid = if draft.grid.is_empty() {
                default_grid.map(str::to_string)
            } else {
                Some(draft.grid)
            };
            households.push(PlannedHousehold {
                grid,
                address: draft.address,
                household_no: draft.household_no,
                first_row: draft.first_row,
                members: draft.members,
            });
        }
        RosterPlan {
            households,
            rejected: self.rejected,
            duplicates: self.duplicates,
            warnings: self.warnings,
            encoding,
            person_rows: self.person_rows,
            header_row: self.columns.header_row,
            headers: self.columns.headers.clone(),
            columns: file_columns(self.columns),
        }
    }
}
