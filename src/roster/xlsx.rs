//! Excel workbooks (XLSX through a streaming cell reader, legacy XLS) → rows of text cells.
//! Numbers become the text Excel shows for them: `1204`, never `1204.0`; numbers too long for
//! Excel's 15 digits show as `1.41033E+17`, which is how an ID number that lost its digits looks.

use std::io::Cursor;

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, Reader, Xls, Xlsx};

use super::error::{RosterError, limits};
use super::guard::guarded;
use super::read::{RowSink, Sheet, SourceRow};

/// Refuses a zip whose entries declare more inflated bytes than a roster can need, before
/// anything is inflated. The zip reader stops each entry at its declared size, so the
/// declaration is what bounds the work.
fn check_zip(bytes: &[u8]) -> Result<(), RosterError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| RosterError::Workbook {
        detail: e.to_string(),
    })?;
    let mut declared: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_data(index)
            .map_err(|e| RosterError::Workbook {
                detail: e.to_string(),
            })?;
        declared = declared.saturating_add(entry.size());
    }
    if declared > limits::MAX_INFLATED_BYTES {
        return Err(RosterError::ZipBomb {
            declared,
            limit: limits::MAX_INFLATED_BYTES,
        });
    }
    Ok(())
}

fn workbook_error(e: impl std::fmt::Display) -> RosterError {
    RosterError::Workbook {
        detail: e.to_string(),
    }
}

/// Reads a zip-based workbook; `extension` is the file's, for the error when it is some other
/// kind of zip.
pub fn read_xlsx(
    bytes: &[u8],
    extension: &str,
    sheet: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
) -> Result<Sheet, RosterError> {
    check_zip(bytes)?;
    guarded(|| read_xlsx_unguarded(bytes, extension, sheet, has_header))
}

fn read_xlsx_unguarded(
    bytes: &[u8],
    extension: &str,
    sheet: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
) -> Result<Sheet, RosterError> {
    let mut book: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| RosterError::NotAWorkbook {
            extension: format!(".{extension}"),
        })?;
    let names = sheets_in_order(book.sheets_metadata());
    choose_sheet(&names, sheet, has_header, |name| {
        read_xlsx_sheet(&mut book, name)
    })
    .map(|rows| Sheet {
        rows,
        encoding: "xlsx",
    })
}

pub fn read_xls(
    bytes: &[u8],
    sheet: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
) -> Result<Sheet, RosterError> {
    guarded(|| read_xls_unguarded(bytes, sheet, has_header))
}

fn read_xls_unguarded(
    bytes: &[u8],
    sheet: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
) -> Result<Sheet, RosterError> {
    let mut book: Xls<Cursor<&[u8]>> = Xls::new(Cursor::new(bytes)).map_err(workbook_error)?;
    let names = sheets_in_order(book.sheets_metadata());
    choose_sheet(&names, sheet, has_header, |name| {
        let range = book.worksheet_range(name).map_err(workbook_error)?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut sink = RowSink::default();
        let leading = vec![String::new(); col0 as usize];
        for (i, row) in range.rows().enumerate() {
            let cells: Vec<String> = row.iter().map(render_data).collect();
            let number = row0 as usize + i + 1;
            sink.push(
                number,
                leading.iter().chain(cells.iter()).map(String::as_str),
            )?;
        }
        Ok(sink.finish())
    })
    .map(|rows| Sheet {
        rows,
        encoding: "xls",
    })
}

/// Worksheet names, visible ones first: a hidden sheet (a template's lookup lists) is looked at
/// only when no visible one holds the roster.
fn sheets_in_order(sheets: &[calamine::Sheet]) -> Vec<String> {
    let worksheets = sheets
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet);
    let (visible, hidden): (Vec<_>, Vec<_>) =
        worksheets.partition(|s| s.visible == calamine::SheetVisible::Visible);
    visible
        .into_iter()
        .chain(hidden)
        .map(|s| s.name.clone())
        .collect()
}

/// The named sheet, else the first with a header row, else the first with any data.
fn choose_sheet(
    names: &[String],
    wanted: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
    mut read: impl FnMut(&str) -> Result<Vec<SourceRow>, RosterError>,
) -> Result<Vec<SourceRow>, RosterError> {
    if let Some(wanted) = wanted {
        let found = names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.trim() == wanted.trim()));
        return match found {
            Some(name) => read(name),
            None => Err(RosterError::SheetNotFound {
                name: wanted.to_string(),
                available: names.to_vec(),
            }),
        };
    }
    let mut first_with_data = None;
    for name in names {
        let rows = read(name)?;
        if rows.is_empty() {
            continue;
        }
        if has_header(&rows) {
            return Ok(rows);
        }
        if first_with_data.is_none() {
            first_with_data = Some(rows);
        }
    }
    first_with_data.ok_or(RosterError::Empty)
}

/// Streams the cells of one XLSX sheet into rows, so a sheet that declares a huge range or puts
/// one cell far away costs only what it holds.
fn read_xlsx_sheet(
    book: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Vec<SourceRow>, RosterError> {
    let mut reader = book.worksheet_cells_reader(name).map_err(workbook_error)?;
    let mut sink = RowSink::default();
    let mut current: Option<(u32, Vec<(u32, String)>)> = None;
    // Shared strings let a small sheet name the same long text many times: count what the cells
    // hold as they are read, not only per finished row.
    let mut text_bytes = 0usize;
    while let Some(cell) = reader.next_cell().map_err(workbook_error)? {
        let (row, col) = cell.get_position();
        let text = render_ref(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        if text.len() > limits::MAX_CELL_BYTES {
            return Err(RosterError::CellTooLarge {
                row: row as usize + 1,
                column: col as usize + 1,
                bytes: text.len(),
                limit: limits::MAX_CELL_BYTES,
            });
        }
        text_bytes += text.len();
        if text_bytes > limits::MAX_TEXT_BYTES {
            return Err(RosterError::TooMuchText {
                limit: limits::MAX_TEXT_BYTES,
            });
        }
        match &mut current {
            Some((r, cells)) if *r == row => cells.push((col, text)),
            Some((r, _)) if *r > row => {
                return Err(workbook_error(format!(
                    "row {} comes after row {} in the sheet data",
                    row + 1,
                    *r + 1
                )));
            }
            _ => {
                if let Some((r, cells)) = current.take() {
                    flush(&mut sink, r, cells)?;
                }
                current = Some((row, vec![(col, text)]));
            }
        }
    }
    if let Some((r, cells)) = current {
        flush(&mut sink, r, cells)?;
    }
    Ok(sink.finish())
}

fn flush(sink: &mut RowSink, row: u32, mut cells: Vec<(u32, String)>) -> Result<(), RosterError> {
    cells.sort_by_key(|(c, _)| *c);
    let last = cells.last().map_or(0, |(c, _)| *c as usize);
    if last >= limits::MAX_CELLS {
        return Err(RosterError::TooManyCells {
            limit: limits::MAX_CELLS,
        });
    }
    let mut dense = vec![""; last + 1];
    for (c, text) in &cells {
        if let Some(slot) = dense.get_mut(*c as usize) {
            *slot = text.as_str();
        }
    }
    sink.push(row as usize + 1, dense)
}

fn render_ref(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => render_number(*f),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(b) => render_bool(*b),
        DataRef::DateTime(d) => render_date(d),
        DataRef::Error(e) => render_error(e),
        DataRef::Empty => String::new(),
    }
}

fn render_data(value: &Data) -> String {
    match value {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => render_number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => render_bool(*b),
        Data::DateTime(d) => render_date(d),
        Data::Error(e) => render_error(e),
        Data::Empty => String::new(),
    }
}

fn render_bool(b: bool) -> String {
    if b { "TRUE" } else { "FALSE" }.to_string()
}

fn render_error(e: &CellErrorType) -> String {
    e.to_string()
}

/// A date cell as `YYYY-MM-DD` (with the time only when there is one).
fn render_date(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        return render_number(d.as_f64());
    }
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    if (h, min, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{s:02}")
    }
}

/// A number as Excel's General format shows it: whole numbers without `.0`, at most 15
/// significant digits, and numbers of 16 digits or more in scientific notation (`1.41033E+17`),
/// because Excel has already lost their last digits.
pub fn render_number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.abs() >= 1e15 {
        return scientific(f);
    }
    if f.fract() == 0.0 {
        return format!("{f:.0}");
    }
    // Round to 15 significant digits as Excel does, then print the shortest form.
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    format!("{rounded}")
}

fn scientific(f: f64) -> String {
    let text = format!("{f:.5E}");
    let Some((mantissa, exponent)) = text.split_once('E') else {
        return text;
    };
    let mantissa = if mantissa.contains('.') {
        mantissa.trim_end_matches('0').trim_end_matches('.')
    } else {
        mantissa
    };
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}E{sign}{:02}", exponent.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_render_as_excel_shows_them() {
        assert_eq!(render_number(1204.0), "1204");
        assert_eq!(render_number(15090996030.0), "15090996030");
        assert_eq!(render_number(141033194408156672.0), "1.41033E+17");
        assert_eq!(render_number(1.41033e17), "1.41033E+17");
        assert_eq!(render_number(1e17), "1E+17");
        assert_eq!(render_number(520323720131585.0), "520323720131585");
        assert_eq!(render_number(0.1 + 0.2), "0.3");
        assert_eq!(render_number(-3.5), "-3.5");
    }
}
