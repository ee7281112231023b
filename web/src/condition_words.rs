//! The segment condition language's errors in Japanese: the core words each [`QueryErrorKind`] in English
//! only, and the page words it in Japanese from the kind and its values.

use kokyaku_core::segment::query_error::{field_list, Literal};
use kokyaku_core::segment::Kind;
use kokyaku_core::segment::{DefinitionsError, QueryError, QueryErrorKind};

/// What is wrong with a condition, in Japanese.
pub fn kind_ja(kind: &QueryErrorKind) -> String {
    use QueryErrorKind::*;
    match kind {
        UnclosedText { close } => format!("ここから始まる文字列を閉じる {close} がありません"),
        LoneBang => "「!」の後には「=」が必要です（等しくない）".into(),
        OrOutsideGroup => "OR は同じ項目の条件どうしを括弧の中でつなぐときだけ使えます: \
                           (rfm_segment = at_risk or rfm_segment = cant_lose_them)。項目どうしは AND でつなぎます"
            .into(),
        ExpectedAnd => "条件と条件の間には AND が必要です".into(),
        OrAcrossFields {
            field,
            group_field,
            group_start,
        } => format!(
            "OR は同じ項目の条件どうしだけをつなぎます。この条件は {}、括弧内は {} の条件です（{group_start}文字目から）",
            field.name(),
            group_field.name()
        ),
        ExpectedGroupEnd => "「)」か OR が必要です".into(),
        UnknownField { name } => format!("「{name}」という項目はありません。項目: {}", field_list()),
        ExpectedField => format!("項目名が必要です。項目: {}", field_list()),
        ExpectedIn => "NOT の後には IN が必要です".into(),
        ExpectedOperator { field } => format!(
            "{} の後には演算子が必要です（=, !=, <, <=, >, >=, in, not in, contains）",
            field.name()
        ),
        ExpectedList => "「(」と値の並びが必要です".into(),
        ExpectedListEnd => "「,」か「)」が必要です".into(),
        ExpectedValue { field } => format!("{} の値が必要です", field.name()),
        OperatorNotForField { op, field } => {
            format!("{} には {} を使えません", field.name(), op.symbol())
        }
        TwoDigitYear {
            field,
            value,
            year,
            example,
        } => format!(
            "{} の年は4桁で指定します。「{value}」の年 {year} は 19{year:0>2} 年とも 20{year:0>2} 年とも読めます。{example} のように書いてください",
            field.name()
        ),
        NotAChoice { field, value } => {
            let ids = match field.kind() {
                Kind::Choice(ids) => ids.join(", "),
                _ => String::new(),
            };
            format!("「{value}」は {} の値ではありません。値: {ids}", field.name())
        }
        WrongValue {
            field,
            value,
            expected,
        } => {
            let expected = match expected {
                Literal::WholeNumber => "整数",
                Literal::Amount => "金額（5000 や 49.90 など）",
                Literal::Probability => "確率（0.5 や 50% など）",
                Literal::Number => "数値（1.5 など）",
                Literal::Date => "日付（YYYY-MM-DD）",
                Literal::Month => "年月（YYYY-MM）",
            };
            format!("{} には{expected}を指定します（「{value}」ではなく）", field.name())
        }
    }
}

/// A condition's error with its position, in Japanese: `12文字目: …`.
pub fn error_ja(e: &QueryError) -> String {
    format!("{}文字目: {}", e.column, kind_ja(&e.kind))
}

/// Why a shared-definitions file cannot be read, in Japanese.
pub fn definitions_ja(e: &DefinitionsError) -> String {
    match e {
        DefinitionsError::File(m) => m.ja.clone(),
        DefinitionsError::Condition { name, error } => {
            format!("セグメント「{name}」: {}", error_ja(error))
        }
    }
}
