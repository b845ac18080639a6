//! The ledgers as one XLSX workbook: a figures sheet (汇总) and one sheet per ledger, each with
//! a bold header row that stays put (frozen), a filter on it, real dates, and column widths
//! measured in display columns so Chinese text fits.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Once;

use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::ReportError;
use super::figures::Figures;
use super::labels;
use super::ledger::{Cell, Table};
use crate::domain::VisitMode;
use crate::i18n::{Lang, Msg};

/// The name of the figures sheet.
pub const FIGURES_SHEET: &str = "汇总";

const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 50;

fn xerr(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

struct Formats {
    header: Format,
    date: Format,
    datetime: Format,
    percent: Format,
    decimal: Format,
}

impl Formats {
    fn new() -> Self {
        Self {
            header: Format::new().set_bold().set_align(FormatAlign::Center),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
            percent: Format::new().set_num_format("0.0%"),
            decimal: Format::new().set_num_format("0.0"),
        }
    }
}

fn excel_date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

fn excel_datetime(t: chrono::NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Timelike;
    excel_date(t.date())?.and_hms(t.hour() as u16, t.minute() as u8, t.second())
}

/// Display width of a cell as text: CJK characters count two columns.
fn width(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => {}
        Cell::Text(s) => {
            sheet.write_string(row, col, s)?;
        }
        Cell::Int(n) => {
            sheet.write_number(row, col, *n as f64)?;
        }
        Cell::Date(d) => {
            sheet.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
        }
        Cell::DateTime(t) => {
            sheet.write_datetime_with_format(row, col, excel_datetime(*t)?, &f.datetime)?;
        }
    }
    Ok(())
}

fn write_table(
    sheet: &mut Worksheet,
    table: &Table,
    f: &Formats,
    tick: &mut dyn FnMut(),
) -> Result<(), XlsxError> {
    sheet.set_name(table.kind.title())?;
    let mut widths: Vec<usize> = table.headers.iter().map(|h| width(h)).collect();
    for (col, header) in table.headers.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *header, &f.header)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        for (col, cell) in row.iter().enumerate() {
            write_cell(sheet, r, col as u16, cell, f)?;
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(width(&cell.display()));
            }
        }
        tick();
    }
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (w + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    if !table.headers.is_empty() {
        let last_row =
            u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.autofilter(0, 0, last_row, (table.headers.len() - 1) as u16)?;
    }
    Ok(())
}

/// A value of the figures sheet.
enum Value {
    Text(String),
    Count(u64),
    Rate(Option<f64>),
    Days(Option<f64>),
}

fn period(fig: &Figures) -> String {
    Lang::Zh.f(Msg::FigPeriodRange, &[("from", &fig.from), ("to", &fig.to)])
}

fn summary_rows(fig: &Figures, grids: &str) -> Vec<(&'static str, Value)> {
    let z = |m: Msg| Lang::Zh.t(m);
    let mut rows = vec![
        (z(Msg::FigPeriod), Value::Text(period(fig))),
        (z(Msg::FigGrids), Value::Text(grids.to_string())),
        (z(Msg::FigAssigned), Value::Count(fig.households_assigned)),
        (z(Msg::FigVisited), Value::Count(fig.households_visited)),
        (z(Msg::FigCoverage), Value::Rate(fig.coverage)),
        (z(Msg::FigVisits), Value::Count(fig.visits)),
    ];
    for mode in VisitMode::ALL {
        rows.push((
            labels::mode(mode),
            Value::Count(fig.visits_by_mode.get(mode)),
        ));
    }
    rows.extend([
        (z(Msg::FigOpened), Value::Count(fig.requests_opened)),
        (z(Msg::FigResolved), Value::Count(fig.requests_resolved)),
        (z(Msg::FigResolutionRate), Value::Rate(fig.resolution_rate)),
        (
            z(Msg::FigMedianDays),
            Value::Days(fig.median_days_to_resolve),
        ),
        (z(Msg::FigRated), Value::Count(fig.requests_rated)),
        (z(Msg::FigSatisfaction), Value::Rate(fig.satisfaction_rate)),
        (z(Msg::FigDisputes), Value::Count(fig.disputes)),
        (z(Msg::FigMediated), Value::Count(fig.disputes_mediated)),
        (z(Msg::FigOverdue), Value::Count(fig.overdue_requests)),
    ]);
    rows
}

fn write_rate(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<f64>,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Some(x) => sheet.write_number_with_format(row, col, x, &f.percent)?,
        None => sheet.write_string(row, col, Lang::Zh.t(Msg::FigNone))?,
    };
    Ok(())
}

fn write_figures(
    sheet: &mut Worksheet,
    fig: &Figures,
    grids: &str,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(FIGURES_SHEET)?;
    let mut row = 0u32;
    for (label, value) in summary_rows(fig, grids) {
        sheet.write_string_with_format(row, 0, label, &f.header)?;
        match value {
            Value::Text(s) => {
                sheet.write_string(row, 1, s)?;
            }
            Value::Count(n) => {
                sheet.write_number(row, 1, n as f64)?;
            }
            Value::Rate(r) => write_rate(sheet, row, 1, r, f)?,
            Value::Days(Some(d)) => {
                sheet.write_number_with_format(row, 1, d, &f.decimal)?;
            }
            Value::Days(None) => {
                sheet.write_string(row, 1, Lang::Zh.t(Msg::FigNone))?;
            }
        }
        row += 1;
    }
    row += 1;
    sheet.write_string_with_format(row, 0, Lang::Zh.t(Msg::FigByWorker), &f.header)?;
    row += 1;
    for (col, h) in [
        Msg::FigWorker,
        Msg::FigWorkerVisits,
        Msg::FigWorkerHouseholds,
        Msg::FigWorkerRequests,
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, Lang::Zh.t(*h), &f.header)?;
    }
    for w in &fig.by_worker {
        row += 1;
        sheet.write_string(row, 0, &w.worker)?;
        sheet.write_number(row, 1, w.visits as f64)?;
        sheet.write_number(row, 2, w.households_visited as f64)?;
        sheet.write_number(row, 3, w.requests_opened as f64)?;
    }
    row += 2;
    sheet.write_string_with_format(row, 0, Lang::Zh.t(Msg::FigByTag), &f.header)?;
    row += 1;
    for (col, h) in [
        Msg::FigTag,
        Msg::FigTagInterval,
        Msg::FigTagHouseholds,
        Msg::FigTagVisited,
        Msg::FigTagWithin,
        Msg::FigTagCoverage,
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(row, col as u16, Lang::Zh.t(*h), &f.header)?;
    }
    for t in &fig.by_tag {
        row += 1;
        sheet.write_string(row, 0, &t.tag)?;
        sheet.write_number(row, 1, f64::from(t.interval_days))?;
        sheet.write_number(row, 2, t.households as f64)?;
        sheet.write_number(row, 3, t.households_visited as f64)?;
        sheet.write_number(row, 4, t.within_policy as f64)?;
        write_rate(sheet, row, 5, t.policy_coverage, f)?;
    }
    let first = fig
        .by_worker
        .iter()
        .map(|w| width(&w.worker))
        .chain(fig.by_tag.iter().map(|t| width(&t.tag)))
        .chain(summary_rows(fig, grids).iter().map(|(l, _)| width(l)))
        .max()
        .unwrap_or(0);
    sheet.set_column_width(0, (first + 2).clamp(MIN_WIDTH, MAX_WIDTH) as f64)?;
    let second = width(grids).max(width(&period(fig)));
    sheet.set_column_width(1, (second + 2).clamp(12, MAX_WIDTH) as f64)?;
    for col in 2..6 {
        sheet.set_column_width(col, 14)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A workbook being written: 汇总 (the figures) first, then one sheet per ledger added with
/// [`Ledgers::add`]. Ledger sheets are written row by row in SQLite-style "constant memory"
/// mode: each goes to a temporary file (owner-only, in the folder given, so personal data
/// stays where the export goes) instead of memory, so a year of an office's visits fits.
pub struct Ledgers {
    book: Workbook,
    formats: Formats,
    spool: PathBuf,
}

impl Ledgers {
    /// Starts the workbook with the figures sheet; `grids` names the scope, `tempdir` is where
    /// sheets are spooled while writing.
    pub fn new(figures: &Figures, grids: &str, tempdir: &Path) -> Result<Self, ReportError> {
        let formats = Formats::new();
        let mut book = Workbook::new();
        book.set_tempdir(tempdir).map_err(xerr)?;
        write_figures(book.add_worksheet(), figures, grids, &formats).map_err(xerr)?;
        Ok(Self {
            book,
            formats,
            spool: tempdir.to_path_buf(),
        })
    }

    /// Adds a ledger as a sheet; `tick` is called after each row.
    pub fn add(&mut self, table: &Table, tick: &mut dyn FnMut()) -> Result<(), ReportError> {
        let Self {
            book,
            formats,
            spool,
        } = self;
        spooling(spool, || {
            let sheet = book.add_worksheet_with_constant_memory()?;
            write_table(sheet, table, formats, tick)
        })
    }

    /// The finished file.
    pub fn finish(mut self) -> Result<Vec<u8>, ReportError> {
        let spool = self.spool.clone();
        spooling(&spool, || self.book.save_to_buffer())
    }
}

thread_local! {
    /// Set while this thread runs rust_xlsxwriter code that writes to its spool files.
    static SPOOLING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs rust_xlsxwriter code that writes to its spool files. The library panics when such a
/// write fails (a full disk: `expect("Couldn't write to xml file")`); that panic is caught here,
/// without its message, and becomes an error that says what to do. Any other panic goes on
/// as it would have.
fn spooling<T>(spool: &Path, f: impl FnOnce() -> Result<T, XlsxError>) -> Result<T, ReportError> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !(SPOOLING.with(std::cell::Cell::get) && spool_failure(info.payload()).is_some()) {
                previous(info);
            }
        }));
    });
    SPOOLING.with(|s| s.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    SPOOLING.with(|s| s.set(false));
    match result {
        Ok(done) => done.map_err(xerr),
        Err(payload) => match spool_failure(payload.as_ref()) {
            Some(true) => Err(ReportError::Xlsx(format!(
                "the disk is full (the sheets are written through temporary files in {}); free some space and try again (nothing was written)",
                spool.display()
            ))),
            Some(false) => Err(ReportError::Xlsx(format!(
                "the sheets' temporary files in {} could not be written (is the disk full or failing?); nothing was written",
                spool.display()
            ))),
            None => std::panic::resume_unwind(payload),
        },
    }
}

/// Whether a panic is rust_xlsxwriter failing to write a spool file, and if so whether the disk
/// was full.
fn spool_failure(payload: &(dyn Any + Send)) -> Option<bool> {
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())?;
    let io = text.contains("Couldn't write to xml file") || text.contains("Os { code: ");
    io.then(|| {
        ["StorageFull", "QuotaExceeded", "FileTooLarge"]
            .iter()
            .any(|kind| text.contains(kind))
    })
}
