//! A look at the start of a file before reading it: its encoding, header row, first rows, and how its columns
//! map onto the canonical fields (for the page's column-mapping screen).
//!
//! It decodes and splits with the same code as ingestion ([`super::decode`], [`super::records`]) and maps the
//! header with [`super::mapping::suggest`], so what the preview shows is what reading will do.

use serde::{Deserialize, Serialize};

use super::decode::{decode_prefix, SNIFF_LEN};
use super::error::{proposal_text, IngestError, IngestErrorKind};
use super::field::Field;
use super::file_note::FileNote;
use super::mapping;
use super::options::{Encoding, EncodingChoice, Separator};
use super::presets::{PresetChoice, PresetId};
use super::proposals;
use super::records::{RecordSplitter, SplitError};
use super::shape::{find_header, Shape};

/// How many leading bytes of a file a preview needs: enough to detect the encoding and see the first rows.
pub const PREVIEW_BYTES: usize = SNIFF_LEN;

/// The start of a file as the mapping screen shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The encoding detected (or chosen).
    pub encoding: Encoding,
    /// The preset detected from the header row (or chosen).
    pub preset: PresetId,
    /// What separates the fields.
    pub separator: Separator,
    /// The 1-based line of the header row (after any title lines or Excel's `sep=` line).
    pub header_line: u64,
    /// What the reading will say of the file's start: the separator when it is not a comma, the lines
    /// skipped before the header row.
    pub notes: Vec<FileNote>,
    /// The header row, trimmed, without a byte-order mark.
    pub headers: Vec<String>,
    /// The first data rows, as many as asked for and present.
    pub rows: Vec<Vec<String>>,
    /// The column of each field that has one: the preset's and the user's mapping (joined columns as `a + b`).
    pub mapping: Vec<(Field, String)>,
    /// Required fields without a column (empty when the file can be read as it is).
    pub missing: Vec<Field>,
    /// When fields are missing, the columns proposed for them and for the order id and customer keys
    /// ([`proposals::propose`]), as `field=column`: what the reading's error proposes.
    #[serde(default)]
    pub proposed: Vec<(Field, String)>,
    /// The file is previewed without a header row ([`preview_headerless`]): `headers` are the columns' names,
    /// `column 1`, `column 2`, …, `header_line` is the first row's line and `rows` start with it.
    #[serde(default)]
    pub headerless: bool,
    /// When fields are missing, whether the header row looks like a row of data
    /// ([`proposals::looks_like_data`]): the file may have no header row (the reading's error says so too).
    #[serde(default)]
    pub header_is_data: bool,
}

impl Preview {
    /// A key identifying the header row, for remembering a mapping: see [`header_key`]; without a header row,
    /// [`headerless_key`] of the number of columns.
    pub fn header_key(&self) -> String {
        match self.headerless {
            true => headerless_key(self.headers.len()),
            false => header_key(&self.headers),
        }
    }

    /// The proposal in words, as the reading's error says it (empty when there is none).
    pub fn proposal(&self) -> String {
        proposal_text(&self.proposed, self.headerless)
            .trim_end()
            .to_string()
    }
}

/// A short stable key for a header row (FNV-1a, 64 bits, over the headers joined by line breaks), so a
/// mapping remembered for one export applies to the next export with the same columns.
pub fn header_key<S: AsRef<str>>(headers: &[S]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, h) in headers.iter().enumerate() {
        if i > 0 {
            hash = (hash ^ u64::from(b'\n')).wrapping_mul(0x0100_0000_01b3);
        }
        for b in h.as_ref().bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The key [`Preview::header_key`] gives a file without a header row: its number of columns, as
/// `no-header-6`, which no [`header_key`] (16 hexadecimal digits) can be, so that a mapping by column number
/// is never applied to a file with a header row, nor one by header to a file without.
pub fn headerless_key(columns: usize) -> String {
    format!("no-header-{columns}")
}

/// Previews a file from its first bytes (`complete` says they are the whole file): decodes them, reads the
/// header and up to `rows` data rows, and maps the header with `choice` and the user's mapping `user`.
///
/// Fails, naming `file`, when the bytes are empty or not text, when there is no header row, or when `user`
/// names a column the file does not have. A header whose required fields are not found is not an error: they
/// are listed in [`Preview::missing`].
pub fn preview(
    file: &str,
    bytes: &[u8],
    complete: bool,
    encoding: EncodingChoice,
    choice: PresetChoice,
    user: &[(Field, String)],
    rows: usize,
) -> Result<Preview, IngestError> {
    let shape_of = |text: &str| find_header(text, complete, true, choice, user, false);
    let (detected, shape, mut records) =
        start(file, bytes, complete, encoding, rows + 1, shape_of)?;
    let header = records.remove(0);
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let suggestion =
        mapping::suggest(&header_refs, choice, user).map_err(|e| mapping_error(file, e))?;
    let missing = !suggestion.missing.is_empty();
    let proposed = match missing {
        true => proposals::propose(&header_refs, &records, false, choice, user),
        false => Vec::new(),
    };
    records.truncate(rows);
    Ok(Preview {
        encoding: detected,
        preset: suggestion.preset,
        separator: shape.separator,
        header_line: shape.header_line,
        notes: shape.notes(),
        headers: header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_string())
            .collect(),
        rows: records,
        mapping: suggestion.columns,
        missing: suggestion.missing,
        proposed,
        headerless: false,
        header_is_data: missing && proposals::looks_like_data(&header_refs),
    })
}

/// Previews a file without a header row, as reading with `no_header` reads it: its first row (the first
/// line that is not blank, after Excel's `sep=` line) is data, its columns are named `column 1`, `column 2`,
/// … and the user's mapping `user` names them by number (`3`). The columns proposed are numbers too.
///
/// Fails as [`preview`] does, and when `user` names a column beyond the first row's.
pub fn preview_headerless(
    file: &str,
    bytes: &[u8],
    complete: bool,
    encoding: EncodingChoice,
    choice: PresetChoice,
    user: &[(Field, String)],
    rows: usize,
) -> Result<Preview, IngestError> {
    let shape_of = |text: &str| find_header(text, complete, true, choice, user, true);
    let (detected, shape, mut records) = start(file, bytes, complete, encoding, rows, shape_of)?;
    let names = mapping::numbered_columns(records[0].len());
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let suggestion = mapping::suggest(&refs, choice, user).map_err(|e| mapping_error(file, e))?;
    // As reading does: without a mapping by the user nothing is found (the columns have no names to find).
    let mapped = user.iter().any(|(_, c)| !c.trim().is_empty());
    let (columns, missing) = match mapped {
        true => (suggestion.columns, suggestion.missing),
        false => (Vec::new(), mapping::missing_required(&[])),
    };
    let proposed = match missing.is_empty() {
        true => Vec::new(),
        false => proposals::propose(&refs, &records, true, choice, user),
    };
    records.truncate(rows);
    Ok(Preview {
        encoding: detected,
        preset: suggestion.preset,
        separator: shape.separator,
        header_line: shape.header_line,
        notes: shape.notes(),
        headers: names,
        rows: records,
        mapping: columns,
        missing,
        proposed,
        headerless: true,
        header_is_data: false,
    })
}

fn mapping_error(file: &str, e: super::error::MappingError) -> IngestError {
    IngestError {
        file: file.to_string(),
        kind: IngestErrorKind::Mapping(e),
    }
}

/// The start of a file for a preview: its encoding, its shape as `shape_of` finds it in the text (where the
/// header row or first row is) and its first records from there on: `keep` of them, and at least enough for
/// a proposal. Fails when the bytes are empty, not text, or hold no record.
fn start(
    file: &str,
    bytes: &[u8],
    complete: bool,
    encoding: EncodingChoice,
    keep: usize,
    shape_of: impl FnOnce(&str) -> Option<Shape>,
) -> Result<(Encoding, Shape, Vec<Vec<String>>), IngestError> {
    let error = |kind| IngestError {
        file: file.to_string(),
        kind,
    };
    if bytes.is_empty() {
        return Err(error(IngestErrorKind::Empty));
    }
    let (detected, text) =
        decode_prefix(bytes, complete, encoding).map_err(|e| error(IngestErrorKind::Decode(e)))?;
    let shape = shape_of(&text).unwrap_or_default();
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut splitter = RecordSplitter::starting_at(shape.header_line, shape.separator);
    splitter
        .feed::<SplitError>(&text[shape.start..], complete, |r| {
            if records.len() < keep.max(proposals::PROPOSAL_ROWS + 1) {
                records.push(r.iter().map(str::to_owned).collect());
            }
            Ok(())
        })
        .map_err(|e| error(IngestErrorKind::Split(e)))?;
    if records.is_empty() {
        return Err(error(IngestErrorKind::Empty));
    }
    Ok((detected, shape, records))
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::SHIFT_JIS;

    #[test]
    fn a_utf8_file_with_known_headers_previews_its_rows_and_needs_nothing() {
        let csv = "\u{FEFF}order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,b@example.jp,800\n3,2024-02-02,a@example.jp,500\n";
        let p = preview(
            "a.csv",
            csv.as_bytes(),
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &[],
            2,
        )
        .unwrap();
        assert_eq!(p.encoding, Encoding::Utf8Bom);
        assert_eq!(p.preset, PresetId::Generic);
        assert_eq!(
            p.headers,
            ["order_id", "order_date", "email", "order_total"]
        );
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[1], ["2", "2024-02-01", "b@example.jp", "800"]);
        assert!(p.missing.is_empty());
        assert!(p
            .mapping
            .contains(&(Field::OrderTotal, "order_total".to_string())));
    }

    #[test]
    fn a_shift_jis_file_is_decoded_and_its_preset_detected_even_from_a_cut_prefix() {
        let text = "注文ID,受注日,対応状況(名称),会員ID,合計\n1,2024/01/05,新規受付,7,1200\n2,2024/01/06,発送済み,8,2300\n";
        let (bytes, _, _) = SHIFT_JIS.encode(text);
        // Cut inside the second byte of み in the second row: the first row is still whole.
        let cut = &bytes[..bytes.len() - 9];
        let p = preview(
            "s.csv",
            cut,
            false,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &[],
            5,
        )
        .unwrap();
        assert_eq!(p.encoding, Encoding::ShiftJis);
        assert_eq!(p.preset, PresetId::EcCube);
        assert_eq!(p.headers[2], "対応状況(名称)");
        assert_eq!(
            p.rows,
            vec![vec!["1", "2024/01/05", "新規受付", "7", "1200"]]
        );
        assert!(p.missing.is_empty());
        assert!(p
            .mapping
            .contains(&(Field::CustomerId, "会員ID".to_string())));
    }

    #[test]
    fn unknown_headers_list_the_missing_fields_until_the_user_maps_them() {
        let csv = "伝票番号,受付日時,お客様番号,支払額\nA1,2024-03-01 10:00,C1,1000\n";
        let p = preview(
            "u.csv",
            csv.as_bytes(),
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &[],
            5,
        )
        .unwrap();
        assert_eq!(p.preset, PresetId::Generic);
        assert_eq!(
            p.missing,
            [Field::OrderDate, Field::OrderTotal, Field::CustomerId]
        );
        assert_eq!(p.rows.len(), 1);
        let user = vec![
            (Field::OrderId, "伝票番号".to_string()),
            (Field::OrderDate, "受付日時".to_string()),
            (Field::CustomerId, "お客様番号".to_string()),
            (Field::OrderTotal, "支払額".to_string()),
        ];
        let mapped = preview(
            "u.csv",
            csv.as_bytes(),
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &user,
            5,
        )
        .unwrap();
        assert!(mapped.missing.is_empty());
        assert_eq!(mapped.mapping, user);
        let bad = vec![(Field::OrderDate, "日付".to_string())];
        let err = preview(
            "u.csv",
            csv.as_bytes(),
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &bad,
            5,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("u.csv: the mapping order_date=日付"),
            "{err}"
        );
    }

    #[test]
    fn empty_and_binary_files_are_errors_naming_the_file() {
        let empty = preview(
            "e.csv",
            b"",
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &[],
            5,
        )
        .unwrap_err();
        assert_eq!(empty.to_string(), "e.csv: the file is empty");
        let binary = preview(
            "b.xlsx",
            b"PK\x03\x04\0\0",
            true,
            EncodingChoice::Auto,
            PresetChoice::Auto,
            &[],
            5,
        )
        .unwrap_err();
        assert!(
            binary
                .to_string()
                .starts_with("b.xlsx: this is an Excel workbook (.xlsx) or a zip archive, not CSV"),
            "{binary}"
        );
    }

    #[test]
    fn header_keys_are_stable_and_tell_header_rows_apart() {
        assert_eq!(
            header_key(&["a", "b"]),
            header_key(&["a".to_string(), "b".to_string()])
        );
        assert_ne!(header_key(&["a", "b"]), header_key(&["ab"]));
        assert_ne!(header_key(&["a", "b"]), header_key(&["b", "a"]));
        assert_eq!(header_key::<&str>(&[]), "cbf29ce484222325");
    }
}
