//! Why a file could not be read, in Japanese: the [`Words`] of [`IngestError`] and the errors it holds.

use super::error::{clip, SplitError};
use super::error::{DecodeError, FileKind, IngestError, IngestErrorKind, MappingError, PushError};
use super::field::Field;
use super::records::MAX_RECORD_BYTES;
use crate::words::Words;

/// Fields by their Japanese names, `、` between them.
fn field_names(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.names().0)
        .collect::<Vec<_>>()
        .join("、")
}

/// The proposal of columns for fields without one (empty when there is none).
fn proposal(proposed: &[(Field, String)], headerless: bool) -> String {
    if proposed.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = proposed
        .iter()
        .map(|(f, c)| format!("{}={c}", f.name()))
        .collect();
    let mut text = format!(
        "{}から推定した対応：{}。",
        match headerless {
            true => "先頭の行",
            false => "見出しと先頭の行",
        },
        pairs.join(", ")
    );
    if proposed.iter().any(|(f, _)| *f == Field::OrderId) {
        text.push_str("足りない項目だけでなく注文番号も対応づけてください。注文番号がないと1行ずつが別の注文になり、商品ごとに行があるファイルでは行数が注文数として数えられます。");
    }
    text
}

impl Words for FileKind {
    fn ja(&self) -> String {
        match self {
            FileKind::Workbook => "Excel ブック（.xlsx）か zip ファイルで、CSV ではありません。Excel で開いて「CSV UTF-8（コンマ区切り）」で保存するか、先に zip を展開してください",
            FileKind::OldWorkbook => "Excel 97–2003 ブック（.xls）で、CSV ではありません。Excel で開いて「CSV UTF-8（コンマ区切り）」で保存してください",
            FileKind::WebPage => "Web ページ（HTML）で、CSV ではありません。ダウンロードに失敗したか、ログインが必要だったようです。カートの管理画面からもう一度エクスポートしてください",
            FileKind::Pdf => "PDF で、CSV ではありません。カートの管理画面から注文を CSV でエクスポートしてください",
            FileKind::Parquet => "Parquet ファイルで、CSV ではありません。コマンドライン版（kokyaku）で読むか、表を CSV でエクスポートしてください",
        }
        .to_string()
    }
}

impl Words for DecodeError {
    fn ja(&self) -> String {
        match self {
            DecodeError::Binary => "テキストファイルではありません（NUL バイトを含みます）。注文を CSV でエクスポートしてください".into(),
            DecodeError::NotCsv(kind) => format!("このファイルは{}", kind.ja()),
            DecodeError::Unknown { offset, line } => format!(
                "{line}行目：UTF-8 でも Shift_JIS でもない文字があります（最初に読めないバイトは {offset} バイト目）"
            ),
            DecodeError::Mixed { line, utf8_first } => format!(
                "{line}行目：ここより前の行は {} ですが、この行は違います。文字コードが混ざっているので、1つの文字コードで保存し直すか、エクスポートし直してください",
                if *utf8_first { "UTF-8" } else { "Shift_JIS" }
            ),
            DecodeError::Invalid {
                encoding,
                offset,
                line,
                chosen: true,
            } => format!(
                "{line}行目：{offset} バイト目が、選んだ文字コード {} として正しくありません。別の文字コードか自動判定を選んでください",
                encoding.label()
            ),
            DecodeError::Invalid {
                encoding,
                offset,
                line,
                chosen: false,
            } => format!(
                "{line}行目：{offset} バイト目が {} として正しくありません。文字コードが混ざっている可能性があります。文字コードを手で選ぶか、エクスポートし直してください",
                encoding.label()
            ),
        }
    }
}

impl Words for MappingError {
    fn ja(&self) -> String {
        match self {
            MappingError::Missing {
                preset,
                fields,
                headers,
                proposed,
                header_is_data,
            } => {
                let example = proposed
                    .iter()
                    .find(|(f, _)| *f == fields[0])
                    .map_or("<列名>", |(_, c)| c.as_str());
                let mut s = format!(
                    "{} として読みましたが、次の項目の列が見つかりません：{}。項目=列名 で対応づけてください（例：{}={example}）。{}ファイルの列：{}",
                    preset.label(),
                    field_names(fields),
                    fields[0].name(),
                    proposal(proposed, false),
                    headers.join(", ")
                );
                if *header_is_data {
                    s.push_str("。見出し行が列名ではなくデータのように見えます。見出し行のないファイルなら、見出しなしとして読み（--no-header、JS API では no_header）、列を番号で対応づけてください");
                }
                s
            }
            MappingError::Headerless {
                fields,
                first_row,
                line,
                mapped_any,
                proposed,
            } => {
                let mut s = match mapped_any {
                    false => "見出し行なしで読んでいるため列は番号でしか分からず、どの項目も列番号に対応づけられていません".to_string(),
                    true => format!(
                        "見出し行なしで読んでいて、次の項目に列番号が対応づけられていません：{}",
                        field_names(fields)
                    ),
                };
                let example = proposed
                    .iter()
                    .find(|(f, _)| *f == fields[0])
                    .map_or("<番号>".to_string(), |(_, c)| c.clone());
                let cells: Vec<String> = first_row
                    .iter()
                    .enumerate()
                    .map(|(i, c)| format!("{} = {}", i + 1, clip(c.trim())))
                    .collect();
                s.push_str(&format!(
                    "。項目=番号（1から数えます）で対応づけてください（例：{}={example}）。1行目（{line}行目）の列：{}。",
                    fields[0].name(),
                    cells.join(", ")
                ));
                s.push_str(proposal(proposed, true).trim_end());
                s
            }
            MappingError::NoSuchColumn {
                field,
                column,
                headers,
            } if column.trim().bytes().all(|b| b.is_ascii_digit()) => format!(
                "対応づけ {}={column} は{}列目を指していますが、ファイルの列は{}列です",
                field.name(),
                column.trim(),
                headers.len()
            ),
            MappingError::NoSuchColumn {
                field,
                column,
                headers,
            } => format!(
                "対応づけ {}={column} の列はファイルにありません。ファイルの列：{}",
                field.name(),
                headers.join(", ")
            ),
            MappingError::MissingCustomerColumns { missing } => format!(
                "顧客テーブルに列 {} がありません（顧客テーブルには customer_key, first_order_date, last_order_date, orders, revenue の列が必要です）",
                missing.join(", ")
            ),
        }
    }
}

impl Words for IngestErrorKind {
    fn ja(&self) -> String {
        use IngestErrorKind::*;
        match self {
            Empty => "ファイルが空です".into(),
            Decode(e) => e.ja(),
            Mapping(e) => e.ja(),
            Split(SplitError::RecordTooLarge { line }) => format!(
                "{line}行目から始まる行が {} MB を超えています。そこで引用符が閉じられていない可能性があります",
                MAX_RECORD_BYTES >> 20
            ),
            MixedCurrencies(counts) => {
                let list: Vec<String> = counts
                    .iter()
                    .map(|(c, n)| format!("{c}（{n}件）"))
                    .collect();
                format!(
                    "注文に複数の通貨が含まれています：{}。分析する通貨を1つ選んでください",
                    list.join("、")
                )
            }
            BadCurrency(c) => format!("「{c}」は JPY や USD のような通貨コードではありません"),
            TooManyFiles { max } => format!(
                "一度に読めるファイルは{max}個までです。ファイルをまとめるか、何回かに分けて読んでください"
            ),
            CurrencyNeeded { orders, example } => format!(
                "{orders}件の注文の金額に小数があります（例：{example}）が、ファイルに通貨の指定がなく、円には小数がありません。ファイルの通貨を選んでください（JPY を選ぶと、その注文は除外されます）"
            ),
            DateOrderNeeded { file, line } => format!(
                "{file} の日付（例：{line}行目）は日・月の順とも月・日の順とも読め、どちらか決まりません。日付の順（dmy か mdy）を選んでください"
            ),
            DateOrderMixed {
                file,
                day_first,
                month_first,
            } => format!(
                "{file} の日付が食い違っています：{day_first}行目は日・月の順、{month_first}行目は月・日の順でしか読めません。日付の順（dmy か mdy）を選ぶと、その順で読めない日付の行は除外されます"
            ),
            SumTooLarge { limit } => format!(
                "注文の金額の合計が {limit} を超え、正確に合計できません。金額の列を確認するか、一度に読むファイルを減らしてください"
            ),
            CutOff { line } => format!(
                "見出し行（{line}行目）の途中でファイルが終わっています。途切れているようなので、エクスポートをもう一度ダウンロード（またはコピー）してください"
            ),
            NoFile => "ファイルが始まっていません".into(),
            Parquet(reason) => format!("Parquet ファイルを読めません：{reason}"),
        }
    }
}

impl Words for IngestError {
    fn ja(&self) -> String {
        format!("{}：{}", self.file, self.kind.ja())
    }
}

impl Words for PushError {
    fn ja(&self) -> String {
        match self {
            PushError::Io(e) => format!("読み込めませんでした（{e}）"),
            PushError::Ingest(e) => e.ja(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::options::Encoding;
    use crate::ingest::presets::PresetId;
    use crate::words::has_english_sentence;

    /// One error of every kind, with its Japanese words.
    fn every_kind() -> Vec<(IngestErrorKind, &'static str)> {
        use IngestErrorKind::*;
        vec![
            (Empty, "ファイルが空です"),
            (Decode(DecodeError::Binary), "テキストファイルではありません（NUL バイトを含みます）。注文を CSV でエクスポートしてください"),
            (Decode(DecodeError::NotCsv(FileKind::Workbook)), "このファイルはExcel ブック（.xlsx）か zip ファイルで、CSV ではありません。Excel で開いて「CSV UTF-8（コンマ区切り）」で保存するか、先に zip を展開してください"),
            (Decode(DecodeError::NotCsv(FileKind::OldWorkbook)), "このファイルはExcel 97–2003 ブック（.xls）で、CSV ではありません。Excel で開いて「CSV UTF-8（コンマ区切り）」で保存してください"),
            (Decode(DecodeError::NotCsv(FileKind::WebPage)), "このファイルはWeb ページ（HTML）で、CSV ではありません。ダウンロードに失敗したか、ログインが必要だったようです。カートの管理画面からもう一度エクスポートしてください"),
            (Decode(DecodeError::NotCsv(FileKind::Pdf)), "このファイルはPDF で、CSV ではありません。カートの管理画面から注文を CSV でエクスポートしてください"),
            (Decode(DecodeError::NotCsv(FileKind::Parquet)), "このファイルはParquet ファイルで、CSV ではありません。コマンドライン版（kokyaku）で読むか、表を CSV でエクスポートしてください"),
            (Decode(DecodeError::Unknown { offset: 120, line: 3 }), "3行目：UTF-8 でも Shift_JIS でもない文字があります（最初に読めないバイトは 120 バイト目）"),
            (Decode(DecodeError::Mixed { line: 7, utf8_first: true }), "7行目：ここより前の行は UTF-8 ですが、この行は違います。文字コードが混ざっているので、1つの文字コードで保存し直すか、エクスポートし直してください"),
            (Decode(DecodeError::Invalid { encoding: Encoding::Utf8, offset: 9, line: 2, chosen: true }), "2行目：9 バイト目が、選んだ文字コード UTF-8 として正しくありません。別の文字コードか自動判定を選んでください"),
            (Decode(DecodeError::Invalid { encoding: Encoding::ShiftJis, offset: 9, line: 2, chosen: false }), "2行目：9 バイト目が Shift_JIS (CP932) として正しくありません。文字コードが混ざっている可能性があります。文字コードを手で選ぶか、エクスポートし直してください"),
            (Mapping(MappingError::Missing { preset: PresetId::Generic, fields: vec![Field::OrderDate], headers: vec!["id".into(), "day".into()], proposed: vec![(Field::OrderDate, "day".into())], header_is_data: false }),
             "Generic CSV として読みましたが、次の項目の列が見つかりません：注文日。項目=列名 で対応づけてください（例：order_date=day）。見出しと先頭の行から推定した対応：order_date=day。ファイルの列：id, day"),
            (Mapping(MappingError::Headerless { fields: vec![Field::OrderDate], first_row: vec!["1".into(), "2024-01-05".into()], line: 1, mapped_any: false, proposed: vec![] }),
             "見出し行なしで読んでいるため列は番号でしか分からず、どの項目も列番号に対応づけられていません。項目=番号（1から数えます）で対応づけてください（例：order_date=<番号>）。1行目（1行目）の列：1 = 1, 2 = 2024-01-05。"),
            (Mapping(MappingError::NoSuchColumn { field: Field::Email, column: "9".into(), headers: vec!["a".into(), "b".into()] }), "対応づけ email=9 は9列目を指していますが、ファイルの列は2列です"),
            (Mapping(MappingError::NoSuchColumn { field: Field::Email, column: "mail".into(), headers: vec!["a".into(), "b".into()] }), "対応づけ email=mail の列はファイルにありません。ファイルの列：a, b"),
            (Split(SplitError::RecordTooLarge { line: 12 }), "12行目から始まる行が 64 MB を超えています。そこで引用符が閉じられていない可能性があります"),
            (MixedCurrencies(vec![("JPY".into(), 10), ("USD".into(), 2)]), "注文に複数の通貨が含まれています：JPY（10件）、USD（2件）。分析する通貨を1つ選んでください"),
            (CurrencyNeeded { orders: 3, example: "12.50".into() }, "3件の注文の金額に小数があります（例：12.50）が、ファイルに通貨の指定がなく、円には小数がありません。ファイルの通貨を選んでください（JPY を選ぶと、その注文は除外されます）"),
            (DateOrderNeeded { file: "a.csv".into(), line: 4 }, "a.csv の日付（例：4行目）は日・月の順とも月・日の順とも読め、どちらか決まりません。日付の順（dmy か mdy）を選んでください"),
            (DateOrderMixed { file: "a.csv".into(), day_first: 4, month_first: 9 }, "a.csv の日付が食い違っています：4行目は日・月の順、9行目は月・日の順でしか読めません。日付の順（dmy か mdy）を選ぶと、その順で読めない日付の行は除外されます"),
            (BadCurrency("YEN".into()), "「YEN」は JPY や USD のような通貨コードではありません"),
            (TooManyFiles { max: 64 }, "一度に読めるファイルは64個までです。ファイルをまとめるか、何回かに分けて読んでください"),
            (SumTooLarge { limit: "¥9,223,372,036,854,775,807".into() }, "注文の金額の合計が ¥9,223,372,036,854,775,807 を超え、正確に合計できません。金額の列を確認するか、一度に読むファイルを減らしてください"),
            (CutOff { line: 1 }, "見出し行（1行目）の途中でファイルが終わっています。途切れているようなので、エクスポートをもう一度ダウンロード（またはコピー）してください"),
            (NoFile, "ファイルが始まっていません"),
            (Mapping(MappingError::MissingCustomerColumns { missing: vec!["orders".into()] }), "顧客テーブルに列 orders がありません（顧客テーブルには customer_key, first_order_date, last_order_date, orders, revenue の列が必要です）"),
            (Parquet("bad footer".into()), "Parquet ファイルを読めません：bad footer"),
        ]
    }

    /// The position of an error's kind; a new kind fails to compile here until it has its place.
    fn kind_number(kind: &IngestErrorKind) -> usize {
        use IngestErrorKind::*;
        match kind {
            Empty => 0,
            Decode(DecodeError::Binary) => 1,
            Decode(DecodeError::NotCsv(_)) => 2,
            Decode(DecodeError::Unknown { .. }) => 3,
            Decode(DecodeError::Mixed { .. }) => 4,
            Decode(DecodeError::Invalid { .. }) => 5,
            Mapping(MappingError::Missing { .. }) => 6,
            Mapping(MappingError::Headerless { .. }) => 7,
            Mapping(MappingError::NoSuchColumn { .. }) => 8,
            Split(SplitError::RecordTooLarge { .. }) => 9,
            MixedCurrencies(_) => 10,
            CurrencyNeeded { .. } => 11,
            DateOrderNeeded { .. } => 12,
            DateOrderMixed { .. } => 13,
            BadCurrency(_) => 14,
            TooManyFiles { .. } => 15,
            SumTooLarge { .. } => 16,
            CutOff { .. } => 17,
            NoFile => 18,
            Parquet(_) => 19,
            Mapping(MappingError::MissingCustomerColumns { .. }) => 20,
        }
    }

    #[test]
    fn every_kind_has_its_japanese_words() {
        let mut seen = [false; 21];
        for (kind, japanese) in every_kind() {
            seen[kind_number(&kind)] = true;
            assert_eq!(kind.ja(), japanese, "{kind:?}");
            assert!(!has_english_sentence(&kind.ja()), "{kind:?}");
            // Every kind has its English words too, and they differ.
            assert_ne!(kind.to_string(), japanese);
        }
        assert!(seen.iter().all(|s| *s), "a kind without an example");
    }

    #[test]
    fn the_file_is_named_first() {
        let e = IngestError {
            file: "注文.csv".into(),
            kind: IngestErrorKind::Empty,
        };
        assert_eq!(e.ja(), "注文.csv：ファイルが空です");
        assert_eq!(e.to_string(), "注文.csv: the file is empty");
        assert_eq!(IngestErrorKind::Empty.to_string(), "the file is empty");
    }
}
