//! Why a row or an order was rejected, in Japanese: the [`Words`] of [`RejectReason`] and of the
//! [`AmountError`] it may hold.

use super::reject_reason::{CustomerValue, FiguresProblem, RejectReason};
use crate::amount::AmountError;
use crate::money::group_thousands;
use crate::words::Words;

/// How a message names an order: `注文「1001」`, or `この注文` without an id.
fn order_label(order: &Option<String>) -> String {
    match order {
        Some(id) => format!("注文「{id}」"),
        None => "この注文".to_string(),
    }
}

/// What the cut rows' reasons end with.
const CUT_OFF: &str =
    "ファイルがここで途切れているようです。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください";

impl Words for AmountError {
    fn ja(&self) -> String {
        match self {
            AmountError::NotANumber => "数値ではありません",
            AmountError::TooManyDecimals => "小数が4桁以上あります",
            AmountError::TooLarge => "大きすぎます",
        }
        .to_string()
    }
}

impl Words for RejectReason {
    fn ja(&self) -> String {
        use RejectReason::*;
        match self {
            UnclosedQuote {
                column,
                column_number,
                headerless,
                first_line,
                last_line,
                ..
            } => {
                let column = match headerless {
                    true => format!("{column_number}列目"),
                    false => format!("列「{column}」"),
                };
                format!(
                    "{column}で始まった引用符（\"）が閉じられていないため、{first_line}〜{last_line}行目がこの1行として読まれました。引用符を閉じてから読み直してください"
                )
            }
            FieldCount {
                fields,
                expected,
                headerless,
                first_line,
                last_line,
            } => {
                let header = if *headerless { "1行目" } else { "見出し行" };
                let mut s = format!("この行の項目数は{fields}で、{header}の{expected}と合いません");
                if last_line > first_line {
                    s.push_str(&format!(
                        "（{first_line}〜{last_line}行目：引用符で囲まれた項目に改行が含まれています）"
                    ));
                }
                s
            }
            EmptyOrderId => "注文番号が空です".into(),
            UnreadableDate { cell } => {
                format!("「{cell}」を日付として読めません（例：2024-01-05 13:45:00）")
            }
            ImplausibleDate {
                date,
                earliest,
                latest,
            } => format!(
                "日付 {date} は {earliest}〜{latest} の範囲外です。仮の値か入力ミスと思われます"
            ),
            UnreadableAmount { cell, problem, .. } => {
                format!("「{cell}」を金額として読めません（{}）", problem.ja())
            }
            UnreadableQuantity { cell } => format!("「{cell}」を数量（整数）として読めません"),
            UnknownCurrency { cell } => format!("「{cell}」は通貨コードではありません"),
            ScientificNotation { field, cell } => format!(
                "{}「{cell}」は Excel が指数表記にした数値で、末尾の桁が失われています。エクスポートし直し、Excel で開くときはその列を文字列として開いてください",
                field.names().0
            ),
            OtherSign { sign, chosen, .. } => {
                format!("金額が {sign} で書かれていて、選んだ通貨 {chosen} ではありません")
            }
            CutInFirstCharacter => format!("この行の最初の文字の途中でファイルが終わっています。{CUT_OFF}"),
            CutInCharacter => format!("この行の文字の途中でファイルが終わっています。{CUT_OFF}"),
            CutInQuotedField => {
                format!("この行の引用符で囲まれた項目の途中でファイルが終わっています。{CUT_OFF}")
            }
            CutAfterFields { fields, expected } => format!(
                "この行の{expected}項目のうち{fields}項目でファイルが終わっています。{CUT_OFF}"
            ),
            NotAnOrder { found } => format!("注文のオブジェクトではありません（{found}）"),
            ProductsNotAList { found } => format!("products：配列が必要ですが、{found} です"),
            NotAProduct { index, found } => {
                format!("products[{index}] は商品のオブジェクトではありません（{found}）")
            }
            UnreadableProperty { name } => format!("{name} を読めませんでした"),
            NotAFiniteNumber { name, value } => format!("{name}：{value} は読める数値ではありません"),
            InvalidDateValue { name } => format!("{name}：Date が無効です"),
            NotText { name, found } => format!("{name}：文字列か数値が必要ですが、{found} です"),
            NotAFlag { name, found } => format!("{name}：true か false が必要ですが、{found} です"),
            OtherCurrency {
                order,
                currency,
                chosen,
            } => format!(
                "{}は {currency} の注文で、選んだ通貨 {chosen} ではありません",
                order_label(order)
            ),
            NoOrderDate { order } => {
                format!("{}にはどの行にも注文日がありません", order_label(order))
            }
            NoOrderTotal { order } => {
                format!("{}にはどの行にも注文合計金額がありません", order_label(order))
            }
            ImplausibleValue {
                order,
                value,
                currency,
                limit,
            } => format!(
                "{}：金額 {value} {currency} は大きすぎます（上限 {}）。金額の列を確認してください",
                order_label(order),
                group_thousands(*limit)
            ),
            TooManyDecimals {
                order,
                amount,
                currency,
            } => format!(
                "{}：金額 {amount} の小数の桁数が {currency} の桁数を超えています",
                order_label(order)
            ),
            CustomerCell { column, cell, .. } if cell.is_empty() => format!("{column} が空です"),
            CustomerCell { column, cell, expected } => format!(
                "{column}：「{cell}」は{}ではありません",
                match expected {
                    CustomerValue::Key => "顧客キー",
                    CustomerValue::Date => "日付",
                    CustomerValue::Count => "1以上の整数",
                    CustomerValue::Amount => "通貨の金額（小数の桁数を確認してください）",
                }
            ),
            CustomerFigures { problem } => match problem {
                FiguresProblem::LastBeforeFirst => "最終購入日が初回購入日より前です",
                FiguresProblem::MoreDaysThanOrders => "order_days が orders より多くなっています",
                FiguresProblem::DaysOnOneDay => {
                    "order_days が2以上ですが、初回購入日と最終購入日が同じ日です"
                }
            }
            .to_string(),
            DuplicateCustomer { key, first_line } => {
                format!("顧客 {key} は{first_line}行目にもあります")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::reject_reason::tests::every_kind;
    use crate::words::has_english_sentence;

    /// The Japanese of each reason of `every_kind`, in its order.
    const JAPANESE: &[&str] = &[
        "orders：「two」は1以上の整数ではありません",
        "customer_key が空です",
        "最終購入日が初回購入日より前です",
        "顧客 C001 は2行目にもあります",
        "列「商品名」で始まった引用符（\"）が閉じられていないため、4〜9行目がこの1行として読まれました。引用符を閉じてから読み直してください",
        "3列目で始まった引用符（\"）が閉じられていないため、4〜9行目がこの1行として読まれました。引用符を閉じてから読み直してください",
        "この行の項目数は3で、見出し行の4と合いません",
        "この行の項目数は5で、1行目の4と合いません（5〜6行目：引用符で囲まれた項目に改行が含まれています）",
        "注文番号が空です",
        "「2024-13-01」を日付として読めません（例：2024-01-05 13:45:00）",
        "日付 1900-01-01 は 1990-01-01〜2099-12-31 の範囲外です。仮の値か入力ミスと思われます",
        "「1x00」を金額として読めません（数値ではありません）",
        "「2.5」を数量（整数）として読めません",
        "「YEN」は通貨コードではありません",
        "顧客ID（会員ID）「1.23457E+11」は Excel が指数表記にした数値で、末尾の桁が失われています。エクスポートし直し、Excel で開くときはその列を文字列として開いてください",
        "金額が $ で書かれていて、選んだ通貨 JPY ではありません",
        "この行の最初の文字の途中でファイルが終わっています。ファイルがここで途切れているようです。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください",
        "この行の文字の途中でファイルが終わっています。ファイルがここで途切れているようです。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください",
        "この行の引用符で囲まれた項目の途中でファイルが終わっています。ファイルがここで途切れているようです。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください",
        "この行の4項目のうち2項目でファイルが終わっています。ファイルがここで途切れているようです。残りを読むには、エクスポートをもう一度ダウンロード（またはコピー）してください",
        "注文のオブジェクトではありません（string）",
        "products：配列が必要ですが、number です",
        "products[1] は商品のオブジェクトではありません（null）",
        "total を読めませんでした",
        "total：NaN は読める数値ではありません",
        "orderDate：Date が無効です",
        "products[0].id：文字列か数値が必要ですが、boolean です",
        "cancelled：true か false が必要ですが、string です",
        "注文「1001」は USD の注文で、選んだ通貨 JPY ではありません",
        "この注文にはどの行にも注文日がありません",
        "注文「1001」にはどの行にも注文合計金額がありません",
        "注文「1001」：金額 9000000000000 JPY は大きすぎます（上限 1,000,000,000,000）。金額の列を確認してください",
        "注文「1001」：金額 12.5 の小数の桁数が JPY の桁数を超えています",
    ];

    #[test]
    fn every_kind_has_its_japanese_words() {
        let examples = every_kind();
        assert_eq!(
            examples.len(),
            JAPANESE.len(),
            "one Japanese text per example"
        );
        for ((reason, _), japanese) in examples.iter().zip(JAPANESE) {
            assert_eq!(reason.ja(), *japanese, "{reason:?}");
            assert!(!has_english_sentence(&reason.ja()), "{reason:?}");
        }
    }
}
