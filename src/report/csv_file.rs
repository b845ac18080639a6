//! A ledger as CSV: UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it as
//! UTF-8 instead of guessing GBK.

use super::ReportError;
use super::ledger::{Cell, Table};

/// The UTF-8 byte-order mark every CSV starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Text a spreadsheet would run as a formula if a cell started with it.
fn neutralise(text: String) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

/// The table as CSV bytes: BOM, header row, one line per row. Dates are `YYYY-MM-DD`, times
/// `YYYY-MM-DD HH:MM`; text that a spreadsheet would take for a formula (`=`, `+`, `-`, `@`)
/// is prefixed with `'`. `progress` is called with (rows written, rows).
pub fn to_csv(table: &Table, progress: &mut dyn FnMut(u64, u64)) -> Result<Vec<u8>, ReportError> {
    let err = |e: csv::Error| ReportError::Csv(e.to_string());
    let mut out = csv::Writer::from_writer(BOM.to_vec());
    out.write_record(&table.headers).map_err(err)?;
    let total = table.rows.len() as u64;
    for (i, row) in table.rows.iter().enumerate() {
        let cells = row.iter().map(|c| match c {
            Cell::Text(s) => neutralise(s.clone()),
            other => other.display(),
        });
        out.write_record(cells).map_err(err)?;
        if i.is_multiple_of(500) {
            progress(i as u64, total);
        }
    }
    progress(total, total);
    out.into_inner()
        .map_err(|e| ReportError::Csv(e.error().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::LedgerKind;
    use chrono::NaiveDate;

    #[test]
    fn bom_headers_quotes_and_formulas() {
        let table = Table {
            kind: LedgerKind::Visits,
            headers: vec!["走访日期", "户主", "问家长里短"],
            rows: vec![
                vec![
                    Cell::Date(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()),
                    Cell::Text("李德军".into()),
                    Cell::Text("邻里纠纷，\"楼上漏水\"\n已调解".into()),
                ],
                vec![Cell::Empty, Cell::Text("=1+1".into()), Cell::Int(-3)],
            ],
        };
        let bytes = to_csv(&table, &mut |_, _| {}).unwrap();
        assert!(bytes.starts_with(BOM));
        let text = String::from_utf8(bytes[BOM.len()..].to_vec()).unwrap();
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(headers, ["走访日期", "户主", "问家长里短"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 2);
        assert_eq!(&rows[0][0], "2026-11-03");
        assert_eq!(&rows[0][2], "邻里纠纷，\"楼上漏水\"\n已调解");
        assert_eq!(&rows[1][1], "'=1+1");
        assert_eq!(&rows[1][2], "-3");
    }
}
