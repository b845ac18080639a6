//! Bytes → rows of text cells. Decides between CSV text and an Excel workbook by looking at the
//! content (never only at the file name), detects the text encoding, and applies the size limits
//! while reading so a hostile file costs bounded memory.

use std::borrow::Cow;

use super::error::{RosterError, limits};
use super::xlsx;

/// One row of the source as text cells, numbered as Excel shows it (1-based).
///
/// The cells of a row are kept in one string with their end offsets, so an empty cell costs four
/// bytes: a file of nothing but commas cannot blow up memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub number: usize,
    text: String,
    ends: Vec<u32>,
}

impl SourceRow {
    /// The cell in column `index` (0-based), `""` past the end of the row.
    pub fn cell(&self, index: usize) -> &str {
        let Some(&end) = self.ends.get(index) else {
            return "";
        };
        let start = match index.checked_sub(1) {
            Some(prev) => self.ends.get(prev).copied().unwrap_or(0),
            None => 0,
        };
        // The offsets are cell boundaries recorded while the text was appended, so they always
        // fall on character boundaries; `get` keeps that from ever panicking regardless.
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Number of cells up to the last non-blank one.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.cell(i))
    }
}

/// Builds rows under the sheet-wide limits.
#[derive(Debug, Default)]
pub struct RowSink {
    rows: Vec<SourceRow>,
    cells: usize,
    text: usize,
}

impl RowSink {
    /// Adds a row of cells (a missing cell is `""`). Blank rows are counted against the row limit
    /// by their number but not kept.
    pub fn push<'a>(
        &mut self,
        number: usize,
        cells: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), RosterError> {
        if number > limits::MAX_ROWS {
            return Err(RosterError::TooManyRows {
                limit: limits::MAX_ROWS,
            });
        }
        let mut text = String::new();
        let mut ends = Vec::new();
        let mut kept = 0;
        for (i, cell) in cells.into_iter().enumerate() {
            if cell.len() > limits::MAX_CELL_BYTES {
                return Err(RosterError::CellTooLarge {
                    row: number,
                    column: i + 1,
                    bytes: cell.len(),
                    limit: limits::MAX_CELL_BYTES,
                });
            }
            text.push_str(cell);
            let end = u32::try_from(text.len()).map_err(|_| RosterError::TooManyCells {
                limit: limits::MAX_CELLS,
            })?;
            ends.push(end);
            if !cell.trim().is_empty() {
                kept = i + 1;
            }
            if self.cells + ends.len() > limits::MAX_CELLS {
                return Err(RosterError::TooManyCells {
                    limit: limits::MAX_CELLS,
                });
            }
        }
        if kept == 0 {
            return Ok(());
        }
        ends.truncate(kept);
        let used = ends.last().copied().unwrap_or(0) as usize;
        text.truncate(used);
        self.cells += kept;
        self.text += used;
        if self.text > limits::MAX_TEXT_BYTES {
            return Err(RosterError::TooMuchText {
                limit: limits::MAX_TEXT_BYTES,
            });
        }
        self.rows.push(SourceRow { number, text, ends });
        Ok(())
    }

    pub fn finish(self) -> Vec<SourceRow> {
        self.rows
    }
}

/// A sheet read from a file: its non-blank rows and how the file was encoded.
#[derive(Debug)]
pub struct Sheet {
    pub rows: Vec<SourceRow>,
    /// "utf-8", "utf-8-sig", "gb18030", "utf-16le", "utf-16be", "xlsx" or "xls".
    pub encoding: &'static str,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const WORKBOOK_EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// Reads `bytes` (named `file_name`, used only for the extension) into a sheet. For workbooks,
/// `sheet` picks the sheet by name; otherwise the first sheet for which `has_header` holds, else
/// the first sheet with data.
pub fn read_sheet(
    bytes: &[u8],
    file_name: &str,
    sheet: Option<&str>,
    has_header: &dyn Fn(&[SourceRow]) -> bool,
) -> Result<Sheet, RosterError> {
    let len = bytes.len() as u64;
    if len > limits::MAX_FILE_BYTES {
        return Err(RosterError::FileTooLarge {
            bytes: len,
            limit: limits::MAX_FILE_BYTES,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(RosterError::Empty);
    }
    let extension = extension_of(file_name);
    if bytes.starts_with(ZIP_MAGIC) {
        return xlsx::read_xlsx(bytes, &extension, sheet, has_header);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return xlsx::read_xls(bytes, sheet, has_header);
    }
    let named_workbook = WORKBOOK_EXTENSIONS.contains(&extension.as_str());
    let decoded = decode_text(bytes);
    let Some((text, encoding)) = decoded else {
        return Err(if named_workbook {
            RosterError::NotAWorkbook {
                extension: format!(".{extension}"),
            }
        } else {
            RosterError::NotText
        });
    };
    if named_workbook && looks_like_markup(&text) {
        return Err(RosterError::HtmlOrXml);
    }
    if text.trim().is_empty() {
        return Err(RosterError::Empty);
    }
    let rows = read_csv(&text)?;
    Ok(Sheet { rows, encoding })
}

fn extension_of(file_name: &str) -> String {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Decodes text without asking: UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030
/// (which covers GBK, Excel's CSV encoding on Chinese Windows). `None` when the bytes are none of
/// these or hold control characters no text file has.
pub fn decode_text(bytes: &[u8]) -> Option<(Cow<'_, str>, &'static str)> {
    let (text, encoding): (Cow<'_, str>, &'static str) =
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            (Cow::Borrowed(std::str::from_utf8(rest).ok()?), "utf-8-sig")
        } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            (
                encoding_rs::UTF_16LE.decode_without_bom_handling_and_without_replacement(rest)?,
                "utf-16le",
            )
        } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            (
                encoding_rs::UTF_16BE.decode_without_bom_handling_and_without_replacement(rest)?,
                "utf-16be",
            )
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            (Cow::Borrowed(text), "utf-8")
        } else {
            (
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)?,
                "gb18030",
            )
        };
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{1A}'))
        .count();
    if text.contains('\0') || controls * 100 > text.len().max(1) {
        return None;
    }
    Some((text, encoding))
}

fn looks_like_markup(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && ["<html", "<table", "<?xml", "<!doctype", "<workbook"]
            .iter()
            .any(|tag| head.contains(tag))
}

/// Guesses the delimiter from the first lines: tab when tabs outnumber commas (Excel's "Unicode
/// text" export), else comma.
fn sniff_delimiter(text: &str) -> u8 {
    let (mut commas, mut tabs) = (0usize, 0usize);
    for line in text.lines().take(50) {
        commas += line.matches(',').count();
        tabs += line.matches('\t').count();
    }
    if tabs > commas { b'\t' } else { b',' }
}

/// Parses CSV text into rows numbered as Excel shows them: a blank line is a row, a line break
/// inside a quoted cell is not.
fn read_csv(text: &str) -> Result<Vec<SourceRow>, RosterError> {
    let bytes = text.as_bytes();
    let delimiter = sniff_delimiter(text);
    // The CSV reader keeps every field boundary of a record; bound them before it starts.
    if bytes.iter().filter(|b| **b == delimiter).count() > limits::MAX_CELLS {
        return Err(RosterError::TooManyCells {
            limit: limits::MAX_CELLS,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut sink = RowSink::default();
    let mut record = csv::StringRecord::new();
    // Line breaks before the end of the previous record, and those of them inside quoted cells.
    let (mut breaks, mut inner_breaks, mut prev_end) = (0usize, 0usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(RosterError::Csv {
                    detail: e.to_string(),
                });
            }
        }
        let end = usize::try_from(reader.position().byte()).unwrap_or(bytes.len());
        // The reader skips empty lines before a record; Excel shows each as a row.
        let leading = bytes
            .get(prev_end..end)
            .unwrap_or_default()
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        let number = (breaks + count_breaks(bytes, prev_end, prev_end + leading) + 1)
            .saturating_sub(inner_breaks);
        sink.push(number, record.iter())?;
        breaks += count_breaks(bytes, prev_end, end);
        inner_breaks += record
            .iter()
            .map(|c| count_breaks(c.as_bytes(), 0, c.len()))
            .sum::<usize>();
        prev_end = end;
    }
    Ok(sink.finish())
}

/// Line breaks in `bytes[from..to]` as Excel counts them: `\r\n`, `\n` or a lone `\r`. A
/// `\r\n` counts at its `\n`, so splitting a text anywhere never counts a break twice.
fn count_breaks(bytes: &[u8], from: usize, to: usize) -> usize {
    (from..to.min(bytes.len()))
        .filter(|&i| match bytes.get(i) {
            Some(b'\n') => true,
            Some(b'\r') => bytes.get(i + 1) != Some(&b'\n'),
            _ => false,
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        read_csv(text)
            .unwrap()
            .into_iter()
            .map(|r| (r.number, r.cells().map(str::to_string).collect()))
            .collect()
    }

    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let got = rows("a,b\n\n\"x\ny\",z\n,\nlast,\n");
        assert_eq!(rows("a\r\n\r\nb")[1].0, 3);
        assert_eq!(rows("a\rb\r\rc\n")[2].0, 4);
        assert_eq!(
            got,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["x\ny".into(), "z".into()]),
                (5, vec!["last".into()]),
            ]
        );
    }

    #[test]
    fn cells_past_the_end_are_empty() {
        let row = &read_csv("a,,c\n").unwrap()[0];
        assert_eq!(row.cell(0), "a");
        assert_eq!(row.cell(1), "");
        assert_eq!(row.cell(2), "c");
        assert_eq!(row.cell(9), "");
    }

    #[test]
    fn encodings_are_detected() {
        let gbk = encoding_rs::GB18030.encode("姓名,性别\n王芳,女\n").0;
        assert_eq!(decode_text(&gbk).unwrap().1, "gb18030");
        assert_eq!(decode_text("姓名".as_bytes()).unwrap().1, "utf-8");
        assert_eq!(
            decode_text(b"\xEF\xBB\xBF\xE5\xA7\x93").unwrap(),
            (Cow::Borrowed("姓"), "utf-8-sig")
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("姓名\t性别".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).unwrap().0, "姓名\t性别");
        assert!(decode_text(b"\x00\x01\x02PK").is_none());
    }

    #[test]
    fn tab_separated_text_is_read() {
        let got = rows("姓名\t性别\n王芳\t女\n");
        assert_eq!(got[1].1, vec!["王芳".to_string(), "女".to_string()]);
    }
}
