//! The data-quality report: what was read, what was rejected and why, what was excluded.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::error::{IngestError, IngestErrorKind};
use super::field::Field;
use super::file_note::FileNote;
use super::keys::KeyNotes;
use super::options::{Encoding, Separator};
use super::order_notes::OrderNotes;
use super::presets::PresetId;
use super::reject_reason::RejectReason;
use super::statuses::StatusTally;
use crate::amount::RoundedAmounts;
use crate::params::ParamError;
use crate::words::{Lang, Words};

/// How many files (and lists of orders) one ingestion reads: each is numbered in 16 bits, one number kept for
/// "no file".
pub const MAX_FILES: usize = u16::MAX as usize;

/// How many rejected rows are kept in detail; all are counted.
pub const MAX_REJECT_DETAILS: usize = 100_000;

/// A row (or an order) that could not be used, with where and why. It serialises with the reason in English
/// and Japanese words (`reason`, `reason_ja`) and as data: its kind (`reason_kind`) and values
/// (`reason_values`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reject {
    /// File name.
    pub file: String,
    /// 1-based line of the file where the rejected record starts; for orders given as values
    /// ([`super::Ingestor::add_orders`]), the entry's 0-based index in the list.
    pub line: u64,
    /// The field at fault, if one is.
    pub field: Option<Field>,
    /// What is wrong.
    pub reason: RejectReason,
}

impl Reject {
    /// The reject of `reason` at `line` of `file`, with the field the reason names.
    pub fn new(file: String, line: u64, reason: RejectReason) -> Reject {
        Reject {
            file,
            line,
            field: reason.field(),
            reason,
        }
    }
}

impl Serialize for Reject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (kind, values) = self.reason.kind_and_values();
        let mut out = s.serialize_struct("Reject", 7)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("field", &self.field)?;
        out.serialize_field("reason", &self.reason.to_string())?;
        out.serialize_field("reason_ja", &self.reason.ja())?;
        out.serialize_field("reason_kind", &kind)?;
        out.serialize_field("reason_values", &values)?;
        out.end()
    }
}

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// The file's name, as given.
    pub name: String,
    /// Bytes read.
    pub bytes: u64,
    /// The encoding detected or chosen, once known.
    pub encoding: Option<Encoding>,
    /// What separates the fields, when it is not a comma.
    pub separator: Option<Separator>,
    /// The preset the header row was read with, once mapped.
    pub preset: Option<PresetId>,
    /// The column each canonical field was read from.
    pub columns: Vec<(Field, String)>,
    /// Data rows read (header excluded).
    pub rows_read: u64,
    /// Rows rejected.
    pub rows_rejected: u64,
    /// Rows of orders already read from an earlier file, skipped.
    pub duplicate_rows: u64,
    /// The file looks cut off (a truncated download or copy): it ends inside this line, whose row was
    /// rejected.
    pub cut_at_line: Option<u64>,
    /// Remarks about how the file was read.
    pub notes: Vec<FileNote>,
}

impl FileReport {
    /// The notes in `lang`.
    pub fn notes_in(&self, lang: Lang) -> Vec<String> {
        self.notes.iter().map(|n| n.words(lang)).collect()
    }
}

impl Serialize for FileReport {
    /// The fields, with the notes in English (`notes`), in Japanese (`notes_ja`) and as data (`note_kinds`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("FileReport", 13)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("bytes", &self.bytes)?;
        out.serialize_field("encoding", &self.encoding)?;
        out.serialize_field("separator", &self.separator)?;
        out.serialize_field("preset", &self.preset)?;
        out.serialize_field("columns", &self.columns)?;
        out.serialize_field("rows_read", &self.rows_read)?;
        out.serialize_field("rows_rejected", &self.rows_rejected)?;
        out.serialize_field("duplicate_rows", &self.duplicate_rows)?;
        out.serialize_field("cut_at_line", &self.cut_at_line)?;
        out.serialize_field("notes", &self.notes_in(Lang::En))?;
        out.serialize_field("notes_ja", &self.notes_in(Lang::Ja))?;
        out.serialize_field("note_kinds", &self.notes)?;
        out.end()
    }
}

/// The data-quality report of an ingestion.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Quality {
    /// One report per file, in the order read.
    pub files: Vec<FileReport>,
    /// Data rows read, header rows not counted.
    pub rows_read: u64,
    /// Rows that could not be used (each in `rejects`, up to the limit).
    pub rows_rejected: u64,
    /// Rejected rows and orders, in file order (at most [`MAX_REJECT_DETAILS`]).
    pub rejects: Vec<Reject>,
    /// Orders rejected as a whole (no date, no total, bad amount), also listed in `rejects`.
    pub orders_rejected: u64,
    /// Cancelled or returned orders, excluded from every analysis.
    pub cancelled_orders: u64,
    /// Orders that never completed (EC-CUBE 購入処理中/決済処理中), excluded.
    pub incomplete_orders: u64,
    /// Orders of a status the user leaves out, excluded.
    pub excluded_orders: u64,
    /// The statuses seen on accepted rows, what each made of its orders, and on how many rows.
    pub statuses: StatusTally,
    /// Amounts read rounded (floating-point noise).
    pub rounded_amounts: RoundedAmounts,
    /// Orders found again in a later file, counted once.
    pub duplicate_orders: u64,
    /// Valid orders without any customer key, excluded from customer analyses.
    pub orders_without_customer: u64,
    /// Their total value in minor units.
    pub revenue_without_customer_minor: i64,
    /// What was done to customer keys: placeholders, normalised keys, customers linked into one.
    pub keys: KeyNotes,
    /// What was done to orders: reused ids, rows that disagree, refunds netted.
    pub order_checks: OrderNotes,
}

impl Quality {
    /// Opens the report of a new source (a file, or a list of orders) and returns its index; an error naming
    /// the source when [`MAX_FILES`] are open already.
    pub(crate) fn open_file(&mut self, name: &str) -> Result<u16, IngestError> {
        let index = u16::try_from(self.files.len())
            .ok()
            .filter(|&i| usize::from(i) < MAX_FILES)
            .ok_or_else(|| IngestError {
                file: name.to_string(),
                kind: IngestErrorKind::TooManyFiles { max: MAX_FILES },
            })?;
        self.files.push(FileReport {
            name: name.to_string(),
            bytes: 0,
            encoding: None,
            separator: None,
            preset: None,
            columns: Vec::new(),
            rows_read: 0,
            rows_rejected: 0,
            duplicate_rows: 0,
            cut_at_line: None,
            notes: Vec::new(),
        });
        Ok(index)
    }

    /// Counts a data row read from source `file`.
    pub(crate) fn row_read(&mut self, file: u16) {
        self.files[file as usize].rows_read += 1;
        self.rows_read += 1;
    }

    /// Counts a rejected row of source `file` and records where and why.
    pub(crate) fn reject_row(&mut self, file: u16, line: u64, reason: RejectReason) {
        let report = &mut self.files[file as usize];
        report.rows_rejected += 1;
        self.rows_rejected += 1;
        let name = report.name.clone();
        self.reject(Reject::new(name, line, reason));
    }

    /// Marks source `file` as cut off inside `line`, with a note.
    pub(crate) fn cut_off(&mut self, file: u16, line: u64) {
        let report = &mut self.files[file as usize];
        report.cut_at_line = Some(line);
        report.notes.push(FileNote::CutOff { line });
    }

    /// Records a rejected row or order.
    pub(crate) fn reject(&mut self, reject: Reject) {
        if self.rejects.len() < MAX_REJECT_DETAILS {
            self.rejects.push(reject);
        }
    }

    /// Whether more rejects happened than are kept in detail.
    pub fn rejects_truncated(&self) -> bool {
        (self.rejects.len() as u64) < self.rows_rejected + self.orders_rejected
    }

    /// The rejects as CSV (UTF-8 with BOM, so spreadsheets open it correctly), with cells neutralised
    /// against formula injection. When more were rejected than are kept ([`MAX_REJECT_DETAILS`]), a last row
    /// without file or line says where the list stopped, so that whoever opens the file knows it is not all.
    /// The header, the fields and the reasons are in `lang`.
    pub fn rejects_csv(&self, lang: Lang) -> String {
        let mut out = String::from("\u{FEFF}");
        out.push_str(lang.t("ファイル,行,項目,理由", "file,line,field,reason"));
        out.push_str("\r\n");
        for r in &self.rejects {
            let field = r.field.map_or("", |f| match lang {
                Lang::Ja => f.names().0,
                Lang::En => f.name(),
            });
            let cells = [
                r.file.as_str(),
                &r.line.to_string(),
                field,
                &r.reason.words(lang),
            ];
            let row: Vec<String> = cells.iter().map(|c| crate::export::csv_cell(c)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
        if let Some(note) = self.rejects_stopped_note(lang) {
            out.push_str(",,,");
            out.push_str(&crate::export::csv_cell(&note));
            out.push_str("\r\n");
        }
        out
    }

    /// What the rejects CSV's last row says when the list stopped before the last reject.
    fn rejects_stopped_note(&self, lang: Lang) -> Option<String> {
        let (listed, all) = (
            self.rejects.len(),
            self.rows_rejected + self.orders_rejected,
        );
        self.rejects_truncated().then(|| match lang {
            Lang::Ja => format!(
                "一覧は除外した行と注文 {all} 件のうち {listed} 件までです。残りは件数にだけ含めています"
            ),
            Lang::En => format!(
                "the list stopped at {listed} of {all} rejected rows and orders; the rest are counted but not listed"
            ),
        })
    }
}

/// The largest share of the rows read that may be rejected (`--max-reject-rate`): a number from 0 to 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MaxRejectRate(f64);

impl MaxRejectRate {
    /// The share, from 0 to 1.
    pub fn share(self) -> f64 {
        self.0
    }

    /// The share of the rows read that `q` rejected, when it is more than this allows.
    pub fn exceeded_by(self, q: &Quality) -> Option<f64> {
        let rejected = match q.rows_read {
            0 => 0.0,
            read => q.rows_rejected as f64 / read as f64,
        };
        (rejected > self.0).then_some(rejected)
    }
}

impl std::str::FromStr for MaxRejectRate {
    type Err = ParamError;

    /// A number from 0 to 1 (`0.05` for 5%).
    fn from_str(text: &str) -> Result<MaxRejectRate, ParamError> {
        match text.trim().parse::<f64>() {
            Ok(r) if (0.0..=1.0).contains(&r) => Ok(MaxRejectRate(r)),
            _ => Err(ParamError::Share { text: text.into() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_rates_are_shares_from_zero_to_one() {
        let rate = |t: &str| t.parse::<MaxRejectRate>().map(MaxRejectRate::share);
        assert_eq!(rate("0.05"), Ok(0.05));
        assert_eq!(rate("0"), Ok(0.0));
        assert_eq!(rate(" 1 "), Ok(1.0));
        for bad in ["1.5", "-0.1", "NaN", "abc", "", "5%", "inf"] {
            assert!(rate(bad).is_err(), "{bad}");
        }
        assert!(rate("5%").unwrap_err().to_string().contains("0.05 for 5%"));
        let q = Quality {
            rows_read: 20,
            rows_rejected: 2,
            ..Quality::default()
        };
        let max = |t: &str| t.parse::<MaxRejectRate>().unwrap();
        assert_eq!(max("0.1").exceeded_by(&q), None);
        assert_eq!(max("0.05").exceeded_by(&q), Some(0.1));
        assert_eq!(max("0").exceeded_by(&Quality::default()), None);
    }

    #[test]
    fn a_rejects_csv_that_stopped_says_so_in_its_last_row() {
        let mut q = Quality::default();
        let file = q.open_file("=orders.csv").unwrap();
        for line in 2..5 {
            q.row_read(file);
            q.reject_row(
                file,
                line,
                RejectReason::UnreadableDate {
                    cell: "-bad".into(),
                },
            );
        }
        let row = |line: u64| {
            format!(
                "'=orders.csv,{line},order_date,cannot read '-bad' as a date (expected e.g. 2024-01-05 13:45:00)\r\n"
            )
        };
        assert_eq!(
            q.rejects_csv(Lang::En),
            format!(
                "\u{FEFF}file,line,field,reason\r\n{}{}{}",
                row(2),
                row(3),
                row(4)
            )
        );
        // As if two more had been rejected after the list was full.
        q.rows_rejected += 1;
        q.orders_rejected += 1;
        let csv = q.rejects_csv(Lang::En);
        assert!(
            csv.ends_with(
                "13:45:00)\r\n,,,the list stopped at 3 of 5 rejected rows and orders; the rest are counted but not listed\r\n"
            ),
            "{csv}"
        );
        // In Japanese: the header, the field and the reason, and the last row.
        let ja = q.rejects_csv(Lang::Ja);
        assert!(
            ja.starts_with(
                "\u{FEFF}ファイル,行,項目,理由\r\n'=orders.csv,2,注文日,「-bad」を日付として読めません（例：2024-01-05 13:45:00）\r\n"
            ),
            "{ja}"
        );
        assert!(
            ja.ends_with(",,,一覧は除外した行と注文 5 件のうち 3 件までです。残りは件数にだけ含めています\r\n"),
            "{ja}"
        );
    }
}
