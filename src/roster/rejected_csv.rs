//! `FILE.rejected.csv`: the refused rows under the original headers plus a reason column, so the
//! worker can fix them in Excel and import that file on its own.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use super::error::RosterError;
use super::plan::RosterPlan;

/// The header of the added column. The cells hold reason codes (`id_number_checksum`), joined
/// with `; ` when a row has several.
pub const REASON_HEADER: &str = "reason";

/// The header of the column beside it, for the people who fix the rows: each reason and what
/// to do about it in Chinese (the office's language), joined with `；`.
pub const REASON_ZH_HEADER: &str = "原因";

/// Where `--skip-bad` writes the refused rows of `source`: `台账.xlsx` → `台账.xlsx.rejected.csv`.
pub fn rejected_path(source: &Path) -> PathBuf {
    let mut name = source.file_name().unwrap_or_default().to_os_string();
    name.push(".rejected.csv");
    source.with_file_name(name)
}

/// Writes the refused rows of `plan` to `out` as CSV in UTF-8 with a BOM (so Excel opens it
/// with the right characters). Long digit strings (ID numbers) get a leading tab so that Excel
/// keeps them as text instead of turning them into `1.41033E+17` when the worker opens the file
/// to fix it; the import ignores the tab. Returns how many rows were written.
///
/// The file holds full ID numbers and phones: it is written owner-only, whole or not at all, and
/// a link at its path is replaced, never written through.
pub fn write_rejected_csv(plan: &RosterPlan, out: &Path) -> Result<usize, RosterError> {
    let bytes = rejected_csv_bytes(plan)?;
    let written = plan.rejected_rows().len();
    crate::fsutil::write_private(out, &bytes).map_err(|cause| RosterError::Write {
        path: out.to_path_buf(),
        cause,
    })?;
    Ok(written)
}

/// The rejected-rows file as bytes.
pub fn rejected_csv_bytes(plan: &RosterPlan) -> Result<Vec<u8>, RosterError> {
    let to_error = |e: csv::Error| RosterError::Csv {
        detail: e.to_string(),
    };
    let width = plan
        .rejected
        .iter()
        .map(|r| r.cells.len())
        .chain(std::iter::once(plan.headers.len()))
        .max()
        .unwrap_or(0);
    let mut writer = csv::WriterBuilder::new()
        .flexible(false)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut header: Vec<&str> = (0..width)
        .map(|i| plan.headers.get(i).map_or("", String::as_str))
        .collect();
    header.push(REASON_HEADER);
    header.push(REASON_ZH_HEADER);
    writer.write_record(&header).map_err(to_error)?;
    for entries in plan.rejected.chunk_by(|a, b| a.row == b.row) {
        let Some(first) = entries.first() else {
            continue;
        };
        let reasons: Vec<&str> = entries.iter().map(|r| r.reason.code()).collect();
        let joined = reasons.join("; ");
        let words: Vec<String> = entries
            .iter()
            .map(|r| {
                let (reason, hint) = crate::i18n::Lang::Zh.reject_reason(r.reason.code());
                format!("{reason}：{hint}")
            })
            .collect();
        let words = words.join("；");
        let mut record: Vec<Cow<'_, str>> = (0..width)
            .map(|i| keep_as_text(first.cells.get(i).map_or("", String::as_str)))
            .collect();
        record.push(Cow::Borrowed(&joined));
        record.push(Cow::Borrowed(&words));
        writer
            .write_record(record.iter().map(|c| c.as_bytes()))
            .map_err(to_error)?;
    }
    writer.into_inner().map_err(|e| RosterError::Csv {
        detail: e.to_string(),
    })
}

/// Excel turns digit strings longer than 15 digits into lossy numbers; a leading tab stops it.
fn keep_as_text(cell: &str) -> Cow<'_, str> {
    let digits = cell.chars().filter(char::is_ascii_digit).count();
    let numeric = cell
        .chars()
        .all(|c| c.is_ascii_digit() || c == 'X' || c == 'x');
    if numeric && digits >= 15 {
        Cow::Owned(format!("\t{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}
