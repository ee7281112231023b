//! [`CellRows`]: rows whose cells come apart already, as texts, from a file that is not CSV (a Parquet file's
//! row group, formatted column by column). The readers take them instead of CSV records; every rule after
//! the split applies to them unchanged.

use super::error::IngestError;
use super::file_note::FileNote;
use super::records::Record;

/// What reads files whose rows come as [`CellRows`]: the [`Ingestor`](super::Ingestor) of orders and the
/// [`CustomerTableReader`](super::CustomerTableReader) of customers tables.
pub trait CellSink {
    /// Starts a file (a file still open is ended first).
    fn begin_file(&mut self, name: &str) -> Result<(), IngestError>;
    /// Adds a note to the current file's report.
    fn note_file(&mut self, note: FileNote) -> Result<(), IngestError>;
    /// Reads rows, `bytes` of the file, under the column names `columns`, into the current file.
    fn push_cells(
        &mut self,
        columns: &[&str],
        rows: &CellRows,
        bytes: u64,
    ) -> Result<(), IngestError>;
    /// Ends the current file.
    fn end_file(&mut self) -> Result<(), IngestError>;
}

/// Rows of cells as texts, laid end to end in one buffer. Fill a row by writing each cell's text into
/// [`cell`](CellRows::cell)'s buffer, then [`end_cell`](CellRows::end_cell); then
/// [`end_row`](CellRows::end_row).
#[derive(Clone, Debug, Default)]
pub struct CellRows {
    text: String,
    /// Each cell's end, counted from the start of its row's text.
    ends: Vec<usize>,
    /// Each ended row's start: in `text`, and its first cell's in `ends`.
    rows: Vec<(usize, usize)>,
    /// The same for the row being written.
    open: (usize, usize),
    /// The 1-based number of the first row, which the readers give as its line.
    first_row: u64,
}

impl CellRows {
    /// Empties the rows, keeping their buffers; the next row is numbered `first_row` (from 1).
    pub fn clear(&mut self, first_row: u64) {
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
        self.open = (0, 0);
        self.first_row = first_row;
    }

    /// The buffer the next cell's text is written into, after the cells before it.
    pub fn cell(&mut self) -> &mut String {
        &mut self.text
    }

    /// Ends the cell written into [`cell`](CellRows::cell)'s buffer.
    pub fn end_cell(&mut self) {
        self.ends.push(self.text.len() - self.open.0);
    }

    /// Ends the row of the cells ended since the last row.
    pub fn end_row(&mut self) {
        self.rows.push(self.open);
        self.open = (self.text.len(), self.ends.len());
    }

    /// Number of rows ended.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row is ended.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The number of the row after the last one ended.
    pub fn next_row(&self) -> u64 {
        self.first_row + self.rows.len() as u64
    }

    /// The rows as records, numbered from the first row's number.
    pub(super) fn records(&self) -> impl Iterator<Item = Record<'_>> + '_ {
        (0..self.rows.len()).map(move |i| {
            let (start, first) = self.rows[i];
            let (end, last) = self.rows.get(i + 1).copied().unwrap_or(self.open);
            let line = self.first_row + i as u64;
            Record::from_parts(line, &self.text[start..end], &self.ends[first..last])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(rows: &[&[&str]]) -> CellRows {
        let mut cells = CellRows::default();
        cells.clear(7);
        for row in rows {
            for cell in *row {
                cells.cell().push_str(cell);
                cells.end_cell();
            }
            cells.end_row();
        }
        cells
    }

    #[test]
    fn rows_read_back_cell_by_cell_with_their_numbers() {
        let cells = filled(&[&["a", "", "ccc"], &["", "", ""], &["日本", "x", "y"]]);
        let read: Vec<(u64, Vec<String>)> = cells
            .records()
            .map(|r| (r.line, r.iter().map(str::to_string).collect()))
            .collect();
        let expected = [
            (7, vec!["a", "", "ccc"]),
            (8, vec!["", "", ""]),
            (9, vec!["日本", "x", "y"]),
        ];
        assert_eq!(read.len(), 3);
        for ((line, got), (want_line, want)) in read.iter().zip(expected) {
            assert_eq!(*line, want_line);
            assert_eq!(got, &want);
        }
        assert_eq!(cells.next_row(), 10);
    }

    #[test]
    fn clearing_starts_again_from_the_given_row() {
        let mut cells = filled(&[&["a", "b"]]);
        cells.clear(100);
        assert!(cells.is_empty());
        cells.cell().push('z');
        cells.end_cell();
        cells.end_row();
        let first = cells.records().next().unwrap();
        assert_eq!(first.line, 100);
        assert_eq!(first.iter().collect::<Vec<_>>(), ["z"]);
    }
}
