//! The data-quality report: what was read, what was rejected and why, what was excluded.

use serde::Serialize;

use super::field::Field;
use super::keys::KeyNotes;
use super::options::{Encoding, Separator};
use super::order_notes::OrderNotes;
use super::presets::PresetId;
use super::statuses::StatusTally;
use crate::amount::RoundedAmounts;

/// How many files (and lists of orders) one ingestion reads: each is numbered in 16 bits, one number kept for
/// "no file".
pub const MAX_FILES: usize = u16::MAX as usize;

/// How many rejected rows are kept in detail; all are counted.
pub const MAX_REJECT_DETAILS: usize = 100_000;

/// A row (or an order) that could not be used, with where and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reject {
    /// File name.
    pub file: String,
    /// 1-based line of the file where the rejected record starts; for orders given as values
    /// ([`super::Ingestor::add_orders`]), the entry's 0-based index in the list.
    pub line: u64,
    /// The field at fault, if one is.
    pub field: Option<Field>,
    /// What is wrong, in words.
    pub reason: String,
}

/// What happened to one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    pub notes: Vec<String>,
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
    /// Opens the report of a new source (a file, or a list of orders) and returns its index; `None` when
    /// [`MAX_FILES`] are open already.
    pub(crate) fn open_file(&mut self, name: &str) -> Option<u16> {
        let index = u16::try_from(self.files.len())
            .ok()
            .filter(|&i| usize::from(i) < MAX_FILES)?;
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
        Some(index)
    }

    /// Counts a data row read from source `file`.
    pub(crate) fn row_read(&mut self, file: u16) {
        self.files[file as usize].rows_read += 1;
        self.rows_read += 1;
    }

    /// Counts a rejected row of source `file` and records where and why.
    pub(crate) fn reject_row(
        &mut self,
        file: u16,
        line: u64,
        field: Option<Field>,
        reason: String,
    ) {
        let report = &mut self.files[file as usize];
        report.rows_rejected += 1;
        self.rows_rejected += 1;
        let name = report.name.clone();
        self.reject(Reject {
            file: name,
            line,
            field,
            reason,
        });
    }

    /// Marks source `file` as cut off inside `line`, with a note.
    pub(crate) fn cut_off(&mut self, file: u16, line: u64) {
        let report = &mut self.files[file as usize];
        report.cut_at_line = Some(line);
        report.notes.push(format!(
            "The file looks cut off: it ends in the middle of line {line}, whose row was rejected. The complete rows before it were read; download or copy the export again to read the rest."
        ));
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
    pub fn rejects_csv(&self) -> String {
        let mut out = String::from("\u{FEFF}file,line,field,reason\r\n");
        for r in &self.rejects {
            let cells = [
                r.file.as_str(),
                &r.line.to_string(),
                r.field.map_or("", |f| f.name()),
                r.reason.as_str(),
            ];
            let row: Vec<String> = cells.iter().map(|c| crate::export::csv_cell(c)).collect();
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
        if let Some(note) = self.rejects_stopped_note() {
            out.push_str(",,,");
            out.push_str(&crate::export::csv_cell(&note));
            out.push_str("\r\n");
        }
        out
    }

    /// What the rejects CSV's last row says when the list stopped before the last reject.
    fn rejects_stopped_note(&self) -> Option<String> {
        self.rejects_truncated().then(|| {
            format!(
                "the list stopped at {} of {} rejected rows and orders; the rest are counted but not listed",
                self.rejects.len(),
                self.rows_rejected + self.orders_rejected
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejects_csv_that_stopped_says_so_in_its_last_row() {
        let mut q = Quality::default();
        let file = q.open_file("=orders.csv").unwrap();
        for line in 2..5 {
            q.row_read(file);
            q.reject_row(file, line, Some(Field::OrderDate), "-bad".to_string());
        }
        assert_eq!(
            q.rejects_csv(),
            "\u{FEFF}file,line,field,reason\r\n'=orders.csv,2,order_date,'-bad\r\n\
             '=orders.csv,3,order_date,'-bad\r\n'=orders.csv,4,order_date,'-bad\r\n"
        );
        // As if two more had been rejected after the list was full.
        q.rows_rejected += 1;
        q.orders_rejected += 1;
        let csv = q.rejects_csv();
        assert!(
            csv.ends_with(
                "'-bad\r\n,,,the list stopped at 3 of 5 rejected rows and orders; the rest are counted but not listed\r\n"
            ),
            "{csv}"
        );
    }
}
