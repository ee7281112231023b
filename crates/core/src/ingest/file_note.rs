//! What the data-quality report says about how one file was read: [`FileNote`], one kind per remark with the
//! values it names, worded in English by its `Display` and in Japanese by its [`Words`].

use serde::{Deserialize, Serialize};

use super::field::Field;
use super::options::Separator;
use crate::words::Words;

/// A remark about how a file was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileNote {
    /// The fields are not separated by commas, or Excel's `sep=` line said what separates them.
    Separated {
        /// The separator.
        separator: Separator,
        /// Whether the file's first line, `sep=`, set it.
        sep_line: bool,
    },
    /// Lines before the header row that are not a header row were skipped (title lines).
    SkippedBeforeHeader {
        /// The header row's line.
        header_line: u64,
        /// The lines skipped and their text, at most 40 characters of it.
        skipped: Vec<(u64, String)>,
    },
    /// The header row matches no known cart export: columns were matched by name.
    Generic,
    /// Fields of the generic preset without a column.
    Unmapped {
        /// The fields.
        fields: Vec<Field>,
    },
    /// There is no order id column: every row is an order.
    NoOrderId,
    /// There is no order total column: order values are the sum of the lines.
    NoOrderTotal,
    /// 楽天's e-mail addresses are relay addresses that change between orders: customers are keyed by phone.
    RelayEmails,
    /// Several columns have the header a field is read from: the first is read.
    SameNames {
        /// The columns' numbers, from 1.
        columns: Vec<usize>,
        /// Their header.
        header: String,
        /// The field read.
        field: Field,
    },
    /// The file does not end with a line break: its last row may be cut.
    NoFinalLineBreak {
        /// The last row's line.
        line: u64,
    },
    /// Rows held NUL bytes, left out of their cells.
    Nul {
        /// How many rows.
        rows: u64,
        /// The first few of their lines.
        lines: Vec<u64>,
    },
    /// Rows joined an order of the same file whose rows came earlier, apart from them.
    Rejoined {
        /// How many rows.
        rows: u64,
        /// The first few of their lines.
        lines: Vec<u64>,
    },
    /// The file has a header row but no data rows.
    NoDataRows,
    /// The orders were given as values (the JS API): an entry is a row, its index its line.
    Values,
    /// The list of orders given as values is empty.
    EmptyList,
    /// The file is Parquet: a row's line is its row number.
    Parquet,
    /// The file is a customers table: one row per customer.
    CustomerTable,
    /// A column of the file holds instants (timestamps in UTC), whose dates are read in UTC.
    UtcInstants {
        /// The column's name.
        column: String,
    },
    /// The total column differs between the rows of many multi-row orders, so it was read per line.
    TotalPerLine {
        /// Orders whose rows' totals differ.
        differ: u64,
        /// Orders with several rows.
        several: u64,
    },
    /// Dates with the year last were read day first or month first, as one of them settles.
    DateOrder {
        /// Month first, else day first.
        month_first: bool,
        /// The line whose date settles it.
        line: u64,
    },
    /// The file ends in the middle of this line, whose row was rejected.
    CutOff {
        /// The line.
        line: u64,
    },
}

/// `lines`, then `…` when there are more rows than lines.
fn shown(rows: u64, lines: &[u64]) -> String {
    let mut shown: Vec<String> = lines.iter().map(u64::to_string).collect();
    if rows > lines.len() as u64 {
        shown.push("…".into());
    }
    shown.join(", ")
}

/// Numbers joined by `, `.
fn joined(numbers: &[usize]) -> String {
    numbers
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lines skipped, as `3 ("title")`.
fn skipped_lines(skipped: &[(u64, String)]) -> String {
    skipped
        .iter()
        .map(|(line, text)| format!("{line} (\"{text}\")"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl std::fmt::Display for FileNote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use FileNote::*;
        match self {
            Separated {
                separator,
                sep_line,
            } => {
                write!(f, "Fields are separated by {}", separator.label())?;
                if *sep_line {
                    let sep = char::from(separator.byte()).escape_default();
                    write!(f, " (set by the file's first line, sep={sep})")?;
                }
                f.write_str(".")
            }
            SkippedBeforeHeader {
                header_line,
                skipped,
            } => {
                let (lines, were) = match skipped.len() {
                    1 => ("line", "was"),
                    _ => ("lines", "were"),
                };
                write!(
                    f,
                    "The header row is line {header_line}; the {lines} before it, not a header row, {were} skipped: {}.",
                    skipped_lines(skipped)
                )
            }
            Generic => f.write_str(
                "The header row matches no known cart export; columns were matched by name (generic preset).",
            ),
            Unmapped { fields } => {
                let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                write!(
                    f,
                    "Fields without a column (map them if the file has them): {}.",
                    names.join(", ")
                )
            }
            NoOrderId => f.write_str(
                "There is no order id column: every row is one order, and identical rows are separate purchases.",
            ),
            NoOrderTotal => f.write_str(
                "There is no order total column: order values are the sum of line price × quantity.",
            ),
            RelayEmails => f.write_str(
                "Rakuten e-mail addresses are masked relay addresses that change between orders, so customers are \
                 identified by the orderer's phone number",
            ),
            SameNames {
                columns,
                header,
                field,
            } => write!(
                f,
                "Columns {} are all named '{header}': {} is read from column {}, the first of them.",
                joined(columns),
                field.name(),
                columns[0]
            ),
            NoFinalLineBreak { line } => write!(
                f,
                "The file does not end with a line break: if it was cut off, its last row (line {line}) may be incomplete."
            ),
            Nul { rows: 1, lines } => write!(
                f,
                "1 row (line {}) held NUL bytes, which are not text; they were left out of its cells.",
                shown(1, lines)
            ),
            Nul { rows, lines } => write!(
                f,
                "{rows} rows (lines {}) held NUL bytes, which are not text; they were left out of their cells.",
                shown(*rows, lines)
            ),
            Rejoined { rows: 1, lines } => write!(
                f,
                "1 row (line {}) belongs to an order whose rows came earlier in the file, apart from it; it was read as another line of that order — check the file for a duplicated row.",
                shown(1, lines)
            ),
            Rejoined { rows, lines } => write!(
                f,
                "{rows} rows (lines {}) belong to orders whose rows came earlier in the file, apart from them; they were read as more lines of those orders — check the file for duplicated rows.",
                shown(*rows, lines)
            ),
            NoDataRows => f.write_str("The file has a header row but no data rows."),
            Values => f.write_str(
                "Orders given as values: each entry is one row, and a rejected entry's line is its index in the list (from 0).",
            ),
            EmptyList => f.write_str("The list of orders is empty."),
            Parquet => f.write_str(
                "Read as Parquet: a rejected row's line is its row number in the file (from 1).",
            ),
            CustomerTable => f.write_str(
                "Read as a customers table: one row per customer, with the figures of their orders; analyses of single orders are not available.",
            ),
            UtcInstants { column } => write!(
                f,
                "Column '{column}' holds instants (timestamps in UTC), so its dates are UTC dates; for the shop's calendar, export local dates or local timestamps."
            ),
            TotalPerLine { differ, several } => write!(
                f,
                "The total column differs between the rows of {differ} of the {several} orders with several rows, so it was read as each row's amount and summed per order."
            ),
            DateOrder { month_first, line } => write!(
                f,
                "Dates with the year last (05/01/2024) were read {} (line {line}'s date can only be read so).",
                if *month_first { "month first" } else { "day first" }
            ),
            CutOff { line } => write!(
                f,
                "The file looks cut off: it ends in the middle of line {line}, whose row was rejected. The complete rows before it were read; download or copy the export again to read the rest."
            ),
        }
    }
}

impl Words for FileNote {
    fn ja(&self) -> String {
        use FileNote::*;
        match self {
            Separated {
                separator,
                sep_line,
            } => {
                let name = match separator {
                    Separator::Comma => "カンマ",
                    Separator::Tab => "タブ",
                    Separator::Semicolon => "セミコロン",
                };
                let mut s = format!("項目は{name}で区切られています");
                if *sep_line {
                    let sep = char::from(separator.byte()).escape_default();
                    s.push_str(&format!("（ファイルの1行目 sep={sep} による指定）"));
                }
                s.push('。');
                s
            }
            SkippedBeforeHeader {
                header_line,
                skipped,
            } => format!(
                "見出し行は{header_line}行目です。その前の見出しではない行は読み飛ばしました：{}。",
                skipped_lines(skipped)
            ),
            Generic => {
                "見出し行がどのカートのエクスポートとも一致しないため、列名で対応づけました（汎用形式）。".into()
            }
            Unmapped { fields } => {
                let names: Vec<&str> = fields.iter().map(|f| f.names().0).collect();
                format!(
                    "列のない項目（ファイルにあれば対応づけてください）：{}。",
                    names.join("、")
                )
            }
            NoOrderId => "注文番号の列がないため、1行を1件の注文とし、同じ内容の行も別々の購入として数えます。".into(),
            NoOrderTotal => "注文合計金額の列がないため、注文の金額は単価×数量の合計です。".into(),
            RelayEmails => "楽天のメールアドレスは注文ごとに変わる転送用アドレスのため、顧客は注文者の電話番号で識別します。".into(),
            SameNames {
                columns,
                header,
                field,
            } => format!(
                "{}列目はすべて「{header}」という名前です。{}は最初の{}列目から読みました。",
                joined(columns),
                field.names().0,
                columns[0]
            ),
            NoFinalLineBreak { line } => format!(
                "ファイルが改行で終わっていません。途切れている場合、最後の行（{line}行目）が不完全な可能性があります。"
            ),
            Nul { rows, lines } => format!(
                "{rows}行（{}行目）にテキストではない NUL バイトがあったため、セルから取り除きました。",
                shown(*rows, lines)
            ),
            Rejoined { rows, lines } => format!(
                "{rows}行（{}行目）は、ファイルの前のほうに離れて出てきた注文の行でした。その注文の行として読みました。重複した行がないか確認してください。",
                shown(*rows, lines)
            ),
            NoDataRows => "見出し行はありますが、データの行がありません。".into(),
            Values => "注文は値として渡されました。1件が1行で、除外した注文の行番号はリストの位置（0から）です。".into(),
            EmptyList => "注文のリストが空です。".into(),
            Parquet => "Parquet として読みました。除外した行の行番号はファイル内の行の番号（1から）です。".into(),
            CustomerTable => "顧客テーブル（1顧客1行、注文の集計値）として読みました。個々の注文が必要な分析はできません。".into(),
            UtcInstants { column } => format!(
                "「{column}」列は UTC の時刻なので、日付は UTC の日付です。店舗の暦で集計するには、現地の日付か現地時刻で書き出してください。"
            ),
            TotalPerLine { differ, several } => format!(
                "複数行の注文{several}件のうち{differ}件で合計金額の列が行ごとに異なるため、各行の金額として読み、注文ごとに合計しました。"
            ),
            DateOrder { month_first, line } => format!(
                "年が最後に書かれた日付（05/01/2024）は{}として読みました（{line}行目の日付がその順でしか読めないため）。",
                if *month_first { "月/日/年" } else { "日/月/年" }
            ),
            CutOff { line } => format!(
                "ファイルが途切れているようです。{line}行目の途中で終わっていて、その行は除外しました。それより前の完全な行は読みました。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください。"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::has_english_sentence;

    /// One note of every kind, with its English and its Japanese words.
    fn every_kind() -> Vec<(FileNote, &'static str, &'static str)> {
        use FileNote::*;
        vec![
            (Separated { separator: Separator::Semicolon, sep_line: true },
             "Fields are separated by semicolons (set by the file's first line, sep=;).",
             "項目はセミコロンで区切られています（ファイルの1行目 sep=; による指定）。"),
            (SkippedBeforeHeader { header_line: 3, skipped: vec![(1, "受注一覧".into())] },
             "The header row is line 3; the line before it, not a header row, was skipped: 1 (\"受注一覧\").",
             "見出し行は3行目です。その前の見出しではない行は読み飛ばしました：1 (\"受注一覧\")。"),
            (Generic,
             "The header row matches no known cart export; columns were matched by name (generic preset).",
             "見出し行がどのカートのエクスポートとも一致しないため、列名で対応づけました（汎用形式）。"),
            (Unmapped { fields: vec![Field::Email, Field::Phone] },
             "Fields without a column (map them if the file has them): email, phone.",
             "列のない項目（ファイルにあれば対応づけてください）：メールアドレス、電話番号。"),
            (NoOrderId,
             "There is no order id column: every row is one order, and identical rows are separate purchases.",
             "注文番号の列がないため、1行を1件の注文とし、同じ内容の行も別々の購入として数えます。"),
            (NoOrderTotal,
             "There is no order total column: order values are the sum of line price × quantity.",
             "注文合計金額の列がないため、注文の金額は単価×数量の合計です。"),
            (RelayEmails,
             "Rakuten e-mail addresses are masked relay addresses that change between orders, so customers are identified by the orderer's phone number",
             "楽天のメールアドレスは注文ごとに変わる転送用アドレスのため、顧客は注文者の電話番号で識別します。"),
            (SameNames { columns: vec![2, 5], header: "金額".into(), field: Field::OrderTotal },
             "Columns 2, 5 are all named '金額': order_total is read from column 2, the first of them.",
             "2, 5列目はすべて「金額」という名前です。注文合計金額は最初の2列目から読みました。"),
            (NoFinalLineBreak { line: 9 },
             "The file does not end with a line break: if it was cut off, its last row (line 9) may be incomplete.",
             "ファイルが改行で終わっていません。途切れている場合、最後の行（9行目）が不完全な可能性があります。"),
            (Nul { rows: 7, lines: vec![2, 3, 4, 5, 6] },
             "7 rows (lines 2, 3, 4, 5, 6, …) held NUL bytes, which are not text; they were left out of their cells.",
             "7行（2, 3, 4, 5, 6, …行目）にテキストではない NUL バイトがあったため、セルから取り除きました。"),
            (Rejoined { rows: 1, lines: vec![12] },
             "1 row (line 12) belongs to an order whose rows came earlier in the file, apart from it; it was read as another line of that order — check the file for a duplicated row.",
             "1行（12行目）は、ファイルの前のほうに離れて出てきた注文の行でした。その注文の行として読みました。重複した行がないか確認してください。"),
            (Values,
             "Orders given as values: each entry is one row, and a rejected entry's line is its index in the list (from 0).",
             "注文は値として渡されました。1件が1行で、除外した注文の行番号はリストの位置（0から）です。"),
            (NoDataRows, "The file has a header row but no data rows.", "見出し行はありますが、データの行がありません。"),
            (EmptyList, "The list of orders is empty.", "注文のリストが空です。"),
            (Parquet,
             "Read as Parquet: a rejected row's line is its row number in the file (from 1).",
             "Parquet として読みました。除外した行の行番号はファイル内の行の番号（1から）です。"),
            (CustomerTable,
             "Read as a customers table: one row per customer, with the figures of their orders; analyses of single orders are not available.",
             "顧客テーブル（1顧客1行、注文の集計値）として読みました。個々の注文が必要な分析はできません。"),
            (UtcInstants { column: "created_at".into() },
             "Column 'created_at' holds instants (timestamps in UTC), so its dates are UTC dates; for the shop's calendar, export local dates or local timestamps.",
             "「created_at」列は UTC の時刻なので、日付は UTC の日付です。店舗の暦で集計するには、現地の日付か現地時刻で書き出してください。"),
            (TotalPerLine { differ: 40, several: 50 },
             "The total column differs between the rows of 40 of the 50 orders with several rows, so it was read as each row's amount and summed per order.",
             "複数行の注文50件のうち40件で合計金額の列が行ごとに異なるため、各行の金額として読み、注文ごとに合計しました。"),
            (DateOrder { month_first: true, line: 4 },
             "Dates with the year last (05/01/2024) were read month first (line 4's date can only be read so).",
             "年が最後に書かれた日付（05/01/2024）は月/日/年として読みました（4行目の日付がその順でしか読めないため）。"),
            (CutOff { line: 101 },
             "The file looks cut off: it ends in the middle of line 101, whose row was rejected. The complete rows before it were read; download or copy the export again to read the rest.",
             "ファイルが途切れているようです。101行目の途中で終わっていて、その行は除外しました。それより前の完全な行は読みました。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください。"),
        ]
    }

    /// The position of a note's kind; a new kind fails to compile here until it has its place.
    fn kind_number(note: &FileNote) -> usize {
        use FileNote::*;
        match note {
            Separated { .. } => 0,
            SkippedBeforeHeader { .. } => 1,
            Generic => 2,
            Unmapped { .. } => 3,
            NoOrderId => 4,
            NoOrderTotal => 5,
            RelayEmails => 6,
            SameNames { .. } => 7,
            NoFinalLineBreak { .. } => 8,
            Nul { .. } => 9,
            Rejoined { .. } => 10,
            Values => 11,
            TotalPerLine { .. } => 12,
            DateOrder { .. } => 13,
            CutOff { .. } => 14,
            NoDataRows => 15,
            EmptyList => 16,
            Parquet => 17,
            UtcInstants { .. } => 18,
            CustomerTable => 19,
        }
    }

    #[test]
    fn every_kind_has_its_words_in_both_languages() {
        let mut seen = [false; 20];
        for (note, english, japanese) in every_kind() {
            seen[kind_number(&note)] = true;
            assert_eq!(note.to_string(), english);
            assert_eq!(note.ja(), japanese);
            assert!(!has_english_sentence(japanese), "{note:?}");
        }
        assert!(seen.iter().all(|s| *s), "a kind without an example");
        let one = FileNote::Nul {
            rows: 1,
            lines: vec![3],
        };
        assert_eq!(
            one.to_string(),
            "1 row (line 3) held NUL bytes, which are not text; they were left out of its cells."
        );
    }
}
