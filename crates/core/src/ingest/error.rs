//! Why a file could not be read, at each stage of the pipeline: its bytes are not text ([`DecodeError`]), its
//! text is not CSV ([`SplitError`]), its header cannot be mapped ([`MappingError`]), and the error that names
//! the file ([`IngestError`]). A row that cannot be used is not an error but a counted reject (`quality`).

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::options::Encoding;
use super::presets::PresetId;

/// A kind of file that users drop by mistake instead of a CSV export.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    /// An .xlsx workbook (a zip archive), or another zip archive.
    Workbook,
    /// An Excel 97–2003 .xls workbook.
    OldWorkbook,
    /// An HTML page (a failed download, a login page).
    WebPage,
    /// A PDF document.
    Pdf,
    /// A Parquet file (a data warehouse's export), which the command line reads.
    Parquet,
}

/// Why the bytes could not be read as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecodeError {
    /// The file has NUL bytes: a spreadsheet, archive or image rather than CSV.
    Binary,
    /// The file is a known kind of file that is not CSV.
    NotCsv(FileKind),
    /// The bytes are neither UTF-8, UTF-16 nor Shift_JIS.
    Unknown {
        /// Byte offset of the first unreadable byte in the file.
        offset: u64,
        /// The 1-based line it is on.
        line: u64,
    },
    /// Some lines are UTF-8 and others are not.
    Mixed {
        /// The first line in another encoding than the lines before it.
        line: u64,
        /// Whether the lines before it are UTF-8 (else Shift_JIS).
        utf8_first: bool,
    },
    /// The encoding does not fit the bytes.
    Invalid {
        /// The encoding the bytes were read in.
        encoding: Encoding,
        /// Byte offset of the first byte that does not fit.
        offset: u64,
        /// The 1-based line it is on.
        line: u64,
        /// Whether the user chose the encoding, rather than detection from the start of the file.
        chosen: bool,
    },
}

/// In English, what the file is and what to do instead: the words of [`DecodeError::NotCsv`].
impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&DecodeError::NotCsv(*self).to_string())
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => f.write_str("this is not a text file (it contains NUL bytes); export the orders as CSV"),
            DecodeError::NotCsv(FileKind::Workbook) => f.write_str("this is an Excel workbook (.xlsx) or a zip archive, not CSV; open it in Excel and save it as \"CSV UTF-8 (comma delimited)\", or unzip it first"),
            DecodeError::NotCsv(FileKind::OldWorkbook) => f.write_str("this is an Excel 97–2003 workbook (.xls), not CSV; open it in Excel and save it as \"CSV UTF-8 (comma delimited)\""),
            DecodeError::NotCsv(FileKind::WebPage) => f.write_str("this is a web page (HTML), not CSV: the download probably failed or needed a login; download the export again from the cart's admin screen"),
            DecodeError::NotCsv(FileKind::Pdf) => f.write_str("this is a PDF document, not CSV; export the orders as CSV from the cart's admin screen"),
            DecodeError::NotCsv(FileKind::Parquet) => f.write_str("this is a Parquet file, not CSV; the command line (kokyaku) reads Parquet, or export the table as CSV"),
            DecodeError::Unknown { offset, line } => write!(
                f,
                "line {line}: the text is neither UTF-8 nor Shift_JIS (first unreadable byte at offset {offset})"
            ),
            DecodeError::Mixed { line, utf8_first } => write!(
                f,
                "line {line}: the lines before this one are {} and this one is not; the file mixes encodings — save it in one encoding or re-export it",
                if *utf8_first { "UTF-8" } else { "Shift_JIS" }
            ),
            DecodeError::Invalid {
                encoding,
                offset,
                line,
                chosen: true,
            } => write!(
                f,
                "line {line}: the bytes at offset {offset} are not valid {}, the encoding chosen; choose another encoding or automatic detection",
                encoding.label()
            ),
            DecodeError::Invalid {
                encoding,
                offset,
                line,
                chosen: false,
            } => write!(
                f,
                "line {line}: the bytes at offset {offset} are not valid {}; the file may mix encodings — choose the encoding by hand or re-export it",
                encoding.label()
            ),
        }
    }
}

/// Why the text could not be split into records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitError {
    /// A record grew past [`MAX_RECORD_BYTES`](super::records::MAX_RECORD_BYTES).
    RecordTooLarge {
        /// The line the record starts on.
        line: u64,
    },
}

/// Why a header row could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingError {
    /// Required fields have no column.
    Missing {
        /// The preset the header row was mapped with.
        preset: PresetId,
        /// The required fields without a column.
        fields: Vec<Field>,
        /// The file's column headers, to choose from.
        headers: Vec<String>,
        /// Columns guessed for the fields without one (the order id, the customer keys, the missing fields)
        /// from the header names and the first rows, as `field=column`.
        proposed: Vec<(Field, String)>,
        /// The header row looks like a row of data (the file may have no header row).
        #[serde(default)]
        header_is_data: bool,
    },
    /// The file is read without a header row and required fields are not mapped to a column number.
    Headerless {
        /// The required fields without a column number.
        fields: Vec<Field>,
        /// The cells of the first row, to show the columns by their values.
        first_row: Vec<String>,
        /// The line the first row is on.
        line: u64,
        /// Whether any field is mapped to a column number (none is, when false).
        mapped_any: bool,
        /// Column numbers guessed for the fields without one, as `field=column`.
        proposed: Vec<(Field, String)>,
    },
    /// A customers table lacks required columns.
    MissingCustomerColumns {
        /// The required columns it lacks, by name.
        missing: Vec<String>,
    },
    /// The user mapped a field to a column the file does not have.
    NoSuchColumn {
        /// The field mapped.
        field: Field,
        /// The column named, which no header has.
        column: String,
        /// The file's column headers, to choose from.
        headers: Vec<String>,
    },
}

/// The proposal of columns for fields without one, as a sentence ending with a space (empty when there is
/// none): `field=column` pairs, and, when the order id is among them, why it matters.
pub(super) fn proposal_text(proposed: &[(Field, String)], headerless: bool) -> String {
    if proposed.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = proposed
        .iter()
        .map(|(f, c)| format!("{}={c}", f.name()))
        .collect();
    let mut text = format!(
        "Proposed from the {}: {}. ",
        match headerless {
            true => "first rows",
            false => "header names and the first rows",
        },
        pairs.join(", ")
    );
    if proposed.iter().any(|(f, _)| *f == Field::OrderId) {
        text.push_str("Map the order id too, not only the missing fields: without it every row is an order of its own, so a file with a row per product line would count every line as an order. ");
    }
    text
}

/// At most 40 characters of a cell, `…` after them when there were more.
pub(super) fn clip(cell: &str) -> String {
    let mut chars = cell.chars();
    let mut short: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        short.push('…');
    }
    short
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MappingError::Missing { preset, fields, headers, proposed, header_is_data } => {
                let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                let example = proposed
                    .iter()
                    .find(|(f, _)| *f == fields[0])
                    .map_or("<column>", |(_, c)| c.as_str());
                write!(
                    f,
                    "read as {}, but no column was found for: {}. Map them with field=column (for example {}={example}). {}Columns in the file: {}",
                    preset.label(),
                    names.join(", "),
                    names[0],
                    proposal_text(proposed, false),
                    headers.join(", ")
                )?;
                match header_is_data {
                    true => f.write_str(". The header row looks like data, not column names: if the file has no header row, read it without one (--no-header; JS API no_header) and map its columns by number"),
                    false => Ok(()),
                }
            }
            MappingError::Headerless { fields, first_row, line, mapped_any, proposed } => {
                let mut names: Vec<&str> = fields
                    .iter()
                    .map(|f| match f {
                        Field::CustomerId => "a customer key (customer_id, email or phone)",
                        f => f.name(),
                    })
                    .collect();
                let last = names.pop().unwrap_or_default();
                let listed = match names.is_empty() {
                    true => last.to_string(),
                    false => format!("{} and {last}", names.join(", ")),
                };
                match mapped_any {
                    false => f.write_str("the file is read without a header row, so its columns are known only by their numbers, and no field is mapped to one")?,
                    true => write!(f, "the file is read without a header row, and no column number is mapped for: {}", fields.iter().map(|f| f.name()).collect::<Vec<_>>().join(", "))?,
                }
                let example = proposed
                    .iter()
                    .find(|(f, _)| *f == fields[0])
                    .map_or("<number>".to_string(), |(_, c)| c.clone());
                let cells: Vec<String> = first_row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{} = {}", i + 1, clip(c.trim())))
                    .collect();
                write!(
                    f,
                    ". Map {listed} with field=number, counting columns from 1 (for example {}={example}). The first row (line {line}), numbered: {}.",
                    fields[0].name(),
                    cells.join(", "),
                )?;
                match proposed.is_empty() {
                    true => Ok(()),
                    false => write!(f, " {}", proposal_text(proposed, true).trim_end()),
                }
            }
            MappingError::NoSuchColumn { field, column, headers } if column.trim().bytes().all(|b| b.is_ascii_digit()) => write!(
                f,
                "the mapping {}={column} names column {}, but the file has {} column{}",
                field.name(),
                column.trim(),
                headers.len(),
                if headers.len() == 1 { "" } else { "s" },
            ),
            MappingError::NoSuchColumn { field, column, headers } => write!(
                f,
                "the mapping {}={column} names a column the file does not have. Columns in the file: {}",
                field.name(),
                headers.join(", ")
            ),
            MappingError::MissingCustomerColumns { missing } => write!(
                f,
                "the customers table has no column {} (a customers table has customer_key, first_order_date, last_order_date, orders and revenue)",
                missing.join(", ")
            ),
        }
    }
}

/// A file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    /// The file's name.
    pub file: String,
    /// What went wrong.
    pub kind: IngestErrorKind,
}

/// What made a file unreadable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngestErrorKind {
    /// The file has no bytes.
    Empty,
    /// The bytes are not text in a supported encoding.
    Decode(DecodeError),
    /// The header row could not be mapped.
    Mapping(MappingError),
    /// A record was too large (usually an unbalanced quote).
    Split(SplitError),
    /// The files mix currencies and none was chosen.
    MixedCurrencies(Vec<(String, u64)>),
    /// Orders of files that name no currency, read as yen by default, have amounts with decimals: the
    /// files' currency must be chosen.
    CurrencyNeeded {
        /// Orders with decimals in their amounts.
        orders: u64,
        /// One such amount, as written.
        example: String,
    },
    /// A file's dates written with the year last can be read day first or month first, and none of them
    /// settles which (`05/01/2024`).
    DateOrderNeeded {
        /// The file.
        file: String,
        /// A line with such a date.
        line: u64,
    },
    /// A file's dates written with the year last include one that can only be day first and one that can
    /// only be month first.
    DateOrderMixed {
        /// The file.
        file: String,
        /// A line whose date can only be day first.
        day_first: u64,
        /// A line whose date can only be month first.
        month_first: u64,
    },
    /// The chosen currency is not an ISO 4217 code.
    BadCurrency(String),
    /// More files than one ingestion reads.
    TooManyFiles {
        /// The most files one ingestion reads.
        max: usize,
    },
    /// The valid orders' values add up, ignoring signs, to more minor units than an `i64` holds, so not
    /// every sum of them could be exact.
    SumTooLarge {
        /// That bound, formatted as money.
        limit: String,
    },
    /// The file ends inside its header row: it was cut off.
    CutOff {
        /// The line the header row was cut off on.
        line: u64,
    },
    /// `push` or `end_file` without `begin_file`.
    NoFile,
    /// A Parquet file's structure or data cannot be read.
    Parquet(String),
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.kind)
    }
}

impl std::fmt::Display for IngestErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IngestErrorKind::Empty => f.write_str("the file is empty"),
            IngestErrorKind::Decode(e) => write!(f, "{e}"),
            IngestErrorKind::Mapping(e) => write!(f, "{e}"),
            IngestErrorKind::Split(SplitError::RecordTooLarge { line }) => write!(
                f,
                "the record starting at line {line} is larger than 64 MB; a quote is probably not closed there"
            ),
            IngestErrorKind::MixedCurrencies(counts) => {
                let list: Vec<String> = counts
                    .iter()
                    .map(|(c, n)| format!("{c} ({n} order{})", if *n == 1 { "" } else { "s" }))
                    .collect();
                write!(f, "the orders are in several currencies: {}; choose one currency to analyse", list.join(", "))
            }
            IngestErrorKind::BadCurrency(c) => write!(f, "'{c}' is not a currency code such as JPY or USD"),
            IngestErrorKind::TooManyFiles { max } => write!(
                f,
                "more than {max} files at once; combine them or read them in several runs"
            ),
            IngestErrorKind::CurrencyNeeded { orders, example } => write!(
                f,
                "{orders} order{} {} amounts with decimals (such as {example}), but the files name no currency and yen have no decimals; choose the files' currency (or JPY, to reject those orders)",
                if *orders == 1 { "" } else { "s" },
                if *orders == 1 { "has" } else { "have" },
            ),
            IngestErrorKind::DateOrderNeeded { file, line } => write!(
                f,
                "the dates of {file} (such as line {line}'s) could be day first or month first, and none settles which; choose the date order (dmy or mdy)"
            ),
            IngestErrorKind::DateOrderMixed { file, day_first, month_first } => write!(
                f,
                "the dates of {file} disagree: line {day_first}'s can only be day first and line {month_first}'s only month first; choose the date order (dmy or mdy), and the dates it cannot read are rejected"
            ),
            IngestErrorKind::SumTooLarge { limit } => write!(
                f,
                "the orders' values add up to more than {limit}, more than can be summed exactly; check the amount columns, or read fewer files at once"
            ),
            IngestErrorKind::CutOff { line } => write!(
                f,
                "the file ends inside its header row (line {line}): it looks cut off; download or copy the export again"
            ),
            IngestErrorKind::NoFile => f.write_str("no file was started"),
            IngestErrorKind::Parquet(reason) => write!(f, "the Parquet file cannot be read: {reason}"),
        }
    }
}

impl std::error::Error for IngestError {}

impl From<SplitError> for IngestErrorKind {
    fn from(e: SplitError) -> Self {
        IngestErrorKind::Split(e)
    }
}

/// Why [`Ingestor::push_reader`](super::Ingestor::push_reader) stopped.
#[derive(Debug)]
pub enum PushError {
    /// The source could not be read.
    Io(std::io::Error),
    /// The file could not be ingested.
    Ingest(IngestError),
}

impl std::fmt::Display for PushError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PushError::Io(e) => write!(f, "{e}"),
            PushError::Ingest(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PushError {}
