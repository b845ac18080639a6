//! Roster planning on hostile input: every one is a typed error with a message, never a panic.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use gridbook::roster::{PlanOptions, RosterError, WarningKind, plan_bytes, plan_file};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn opts() -> PlanOptions {
    PlanOptions::new(today())
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn xlsx_with(sheets: &[(&str, &[&[&str]])]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if let Ok(n) = cell.parse::<f64>() {
                    sheet.write_number(r, c, n).unwrap();
                } else if !cell.is_empty() {
                    sheet.write_string(r, c, *cell).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn empty_and_header_only_files() {
    assert!(matches!(
        plan_bytes(b"", "t.csv", &opts()),
        Err(RosterError::Empty)
    ));
    assert!(matches!(
        plan_bytes(b"\n\r\n  ", "t.csv", &opts()),
        Err(RosterError::Empty)
    ));
    let err = plan_bytes("\u{feff}姓名,性别\n,,\n".as_bytes(), "t.csv", &opts()).unwrap_err();
    assert!(
        matches!(err, RosterError::NoPersons { header_row: 1 }),
        "{err}"
    );
    let empty_book = xlsx_with(&[("Sheet1", &[])]);
    assert!(matches!(
        plan_bytes(&empty_book, "t.xlsx", &opts()),
        Err(RosterError::Empty)
    ));
}

#[test]
fn no_name_column_says_what_it_saw() {
    let err = plan_bytes("编号,电话\n1,13800000000\n".as_bytes(), "t.csv", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::NoNameColumn { .. }));
    let message = err.to_string();
    assert!(
        message.contains("姓名") && message.contains("编号"),
        "{message}"
    );
}

#[test]
fn a_ten_megabyte_cell_refuses_the_file() {
    let mut text = String::from("姓名,备注\n王宁,\"");
    text.push_str(&"很长".repeat(10 * 1024 * 1024 / 6));
    text.push_str("\"\n");
    let err = plan_bytes(text.as_bytes(), "t.csv", &opts()).unwrap_err();
    assert!(
        matches!(
            err,
            RosterError::CellTooLarge {
                row: 2,
                column: 2,
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.csv");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(51 * 1024 * 1024).unwrap();
    assert!(matches!(
        plan_file(&path, &opts()),
        Err(RosterError::FileTooLarge { .. })
    ));
}

#[test]
fn binary_files_renamed_to_roster_names() {
    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let err = plan_bytes(&binary, "台账.xlsx", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::NotAWorkbook { .. }), "{err}");
    assert!(err.to_string().contains(".xlsx"));
    let err = plan_bytes(&binary, "台账.csv", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::NotText), "{err}");
    let html =
        b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>";
    assert!(matches!(
        plan_bytes(html, "台账.xls", &opts()),
        Err(RosterError::HtmlOrXml)
    ));
    // A zip that is not a workbook, and a truncated workbook.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"hi").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    assert!(plan_bytes(&zip, "t.xlsx", &opts()).is_err());
    let book = std::fs::read(data("roster_sample.xlsx")).unwrap();
    let truncated = book.get(..book.len() / 2).unwrap();
    assert!(plan_bytes(truncated, "t.xlsx", &opts()).is_err());
}

#[test]
fn row_and_cell_limits() {
    let mut rows = String::from("姓名\n");
    rows.push_str(&",\n".repeat(1_000_000));
    assert!(matches!(
        plan_bytes(rows.as_bytes(), "t.csv", &opts()),
        Err(RosterError::TooManyRows { .. })
    ));
    let mut commas = String::from("姓名\n王宁");
    commas.push_str(&",".repeat(9_000_000));
    assert!(matches!(
        plan_bytes(commas.as_bytes(), "t.csv", &opts()),
        Err(RosterError::TooManyCells { .. })
    ));
}

#[test]
fn damaged_legacy_workbook_is_an_error() {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend((0..2048u32).map(|i| (i * 31 % 256) as u8));
    let err = plan_bytes(&bytes, "t.xls", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::Workbook { .. }), "{err}");
}

#[test]
fn excel_unicode_text_export_is_read() {
    // Excel's "Unicode text" is UTF-16LE with a BOM, tab-separated.
    let text = "姓名\t与户主关系\t门牌号\r\n王宁\t户主\t101\r\n";
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let plan = plan_bytes(&bytes, "t.txt", &opts()).unwrap();
    assert_eq!(plan.encoding, "utf-16le");
    assert_eq!(plan.households[0].address.room, "101");
}

#[test]
fn a_zip_bomb_is_refused_before_inflating() {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<Types/>").unwrap();
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..210 {
        zip.write_all(&zeros).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 2 * 1024 * 1024, "{}", bytes.len());
    let err = plan_bytes(&bytes, "bomb.xlsx", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::ZipBomb { .. }), "{err}");
}

/// Sets the declared uncompressed size of `name` in both its local and central headers.
fn patch_declared_size(zip: &mut [u8], name: &[u8], size: u32) {
    let le16 = |b: &[u8], at: usize| u16::from_le_bytes([b[at], b[at + 1]]) as usize;
    for at in 0..zip.len().saturating_sub(46) {
        let (size_at, name_at, len_at) = match &zip[at..at + 4] {
            b"PK\x03\x04" => (at + 22, at + 30, at + 26),
            b"PK\x01\x02" => (at + 24, at + 46, at + 28),
            _ => continue,
        };
        let len = le16(zip, len_at);
        if zip.get(name_at..name_at + len) == Some(name) {
            zip[size_at..size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
    }
}

#[test]
fn a_zip_bomb_that_understates_its_size_is_cut_at_the_declared_size() {
    let valid = xlsx_with(&[("Sheet1", &[&["姓名"], &["王宁"]])]);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(valid)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let sheet = "xl/worksheets/sheet1.xml";
    for i in 0..source.len() {
        let mut entry = source.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        out.start_file(name.as_str(), options).unwrap();
        if name == sheet {
            out.write_all(b"<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>").unwrap();
            let spaces = vec![b' '; 1024 * 1024];
            for _ in 0..210 {
                out.write_all(&spaces).unwrap();
            }
            out.write_all(b"</sheetData></worksheet>").unwrap();
        } else {
            std::io::copy(&mut entry, &mut out).unwrap();
        }
    }
    let mut bytes = out.finish().unwrap().into_inner();
    patch_declared_size(&mut bytes, sheet.as_bytes(), 4096);
    let err = plan_bytes(&bytes, "liar.xlsx", &opts()).unwrap_err();
    assert!(matches!(err, RosterError::Workbook { .. }), "{err}");
}

#[test]
fn a_sheet_declaring_a_huge_range_costs_only_its_cells() {
    // One cell at A1 and one far away: a dense read would need billions of cells.
    let far = |row: u32| {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "姓名").unwrap();
        sheet.write_string(1, 0, "王宁").unwrap();
        sheet.write_string(row, 16_383, "x").unwrap();
        book.save_to_buffer().unwrap()
    };
    let plan = plan_bytes(&far(999_998), "t.xlsx", &opts()).unwrap();
    // The far cell is a row of its own with no person in it.
    assert_eq!(plan.person_rows, 1);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.row == Some(999_999) && w.kind == WarningKind::NotAPerson)
    );
    assert!(matches!(
        plan_bytes(&far(1_048_575), "t.xlsx", &opts()),
        Err(RosterError::TooManyRows { .. })
    ));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), xlsx in any::<bool>()) {
            let name = if xlsx { "r.xlsx" } else { "r.csv" };
            let _ = plan_bytes(&bytes, name, &opts());
        }

        #[test]
        fn random_text_under_a_header_never_panics(body in "\\PC{0,400}") {
            let text = format!("姓名,关系,性别,身份证号,门牌号,电话,出生日期,住址\n{body}");
            let _ = plan_bytes(text.as_bytes(), "r.csv", &opts());
        }

        #[test]
        fn mangled_workbooks_never_panic(cuts in proptest::collection::vec((0usize..16190, any::<u8>()), 1..8)) {
            let mut book = std::fs::read(data("roster_sample.xlsx")).unwrap();
            for (at, byte) in cuts {
                if let Some(b) = book.get_mut(at) {
                    *b = byte;
                }
            }
            let _ = plan_bytes(&book, "r.xlsx", &opts());
        }
    }
}
