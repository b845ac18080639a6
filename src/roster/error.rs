//! Why a roster file as a whole could not be planned. Problems with single rows are not errors:
//! they are [`Rejected`](super::Rejected) entries in the plan.

use std::path::PathBuf;

/// Size limits applied before and while parsing: every roster is untrusted input.
pub mod limits {
    /// Largest file read at all (bytes on disk).
    pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
    /// Largest single cell (bytes of UTF-8 text).
    pub const MAX_CELL_BYTES: usize = 16 * 1024;
    /// Most rows in a sheet, blank ones included.
    pub const MAX_ROWS: usize = 1_000_000;
    /// Most cells in a sheet, counting gaps inside a row but not trailing blanks. A 50 MB roster
    /// holds a few million; the limit keeps a file of nothing but commas cheap.
    pub const MAX_CELLS: usize = 8_000_000;
    /// Most bytes an XLSX may declare it inflates to, all zip entries together.
    pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;
    /// Most text all cells of a sheet may hold together once read (shared strings repeat).
    pub const MAX_TEXT_BYTES: usize = 128 * 1024 * 1024;
    /// How many rows from the top are searched for the header row.
    pub const HEADER_SEARCH_ROWS: usize = 50;
}

/// A roster file that cannot be planned at all. Every message says what to do next.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// (The cause is in the message, not chained, so the command line prints it once.)
    #[error("cannot read {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("cannot write {path}: {cause}")]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },

    #[error("the file is empty; export the roster from Excel again")]
    Empty,

    #[error(
        "the file is {bytes} bytes, more than the {limit} a roster may have; split it by grid and import the parts"
    )]
    FileTooLarge { bytes: u64, limit: u64 },

    #[error(
        "row {row}, column {column}: a cell holds {bytes} bytes, more than the {limit} allowed; this does not look like a roster, check the file"
    )]
    CellTooLarge {
        row: usize,
        column: usize,
        bytes: usize,
        limit: usize,
    },

    #[error("the sheet has more than {limit} rows; split it by grid and import the parts")]
    TooManyRows { limit: usize },

    #[error(
        "the sheet has more than {limit} cells; delete the unused columns to the right and import again"
    )]
    TooManyCells { limit: usize },

    #[error(
        "the sheet holds more than {limit} bytes of text; split it by grid and import the parts"
    )]
    TooMuchText { limit: usize },

    #[error(
        "the workbook would inflate to {declared} bytes, more than the {limit} allowed (a zip bomb or not a roster); open it in Excel, copy the roster to a new workbook and save that"
    )]
    ZipBomb { declared: u64, limit: u64 },

    #[error(
        "the file is neither UTF-8 nor GB18030 text nor an Excel workbook; open it in Excel and save it as .xlsx or as CSV"
    )]
    NotText,

    #[error(
        "the file is named {extension} but is not an Excel workbook (it may be damaged or renamed); open it in Excel and save it as .xlsx"
    )]
    NotAWorkbook { extension: String },

    #[error(
        "the file is a web page or XML saved with an Excel name; open it in Excel and save it as .xlsx"
    )]
    HtmlOrXml,

    #[error(
        "cannot read the workbook ({detail}); it may be damaged or have a password: open it in Excel and save it again as .xlsx without a password"
    )]
    Workbook { detail: String },

    #[error("no sheet named {name:?}; the workbook has: {}", available.join(", "))]
    SheetNotFound {
        name: String,
        available: Vec<String>,
    },

    #[error("cannot read the CSV text: {detail}; save it again from Excel as CSV")]
    Csv { detail: String },

    #[error(
        "no header row with a name column (姓名 or name) in the first {searched} rows{}; add one and import again",
        seen_hint(seen)
    )]
    NoNameColumn { searched: usize, seen: Vec<String> },

    #[error(
        "the file has a header row (row {header_row}) but no person rows under it; fill in the roster and import again"
    )]
    NoPersons { header_row: usize },
}

fn seen_hint(seen: &[String]) -> String {
    if seen.is_empty() {
        String::new()
    } else {
        format!(" (the first row has: {})", seen.join(", "))
    }
}
