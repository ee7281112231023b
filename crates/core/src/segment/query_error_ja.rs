//! The segment condition language's errors in Japanese: the [`Words`] of [`QueryErrorKind`], [`QueryError`]
//! (with its position), [`DefinitionsError`], and the two-language [`Message`] and [`Warning`].

use super::definition::DefinitionsError;
use super::field::Kind;
use super::message::{Message, Warning};
use super::query_error::{field_list, Literal, QueryError, QueryErrorKind};
use crate::words::Words;

impl Words for QueryErrorKind {
    fn ja(&self) -> String {
        use QueryErrorKind::*;
        match self {
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
}

impl Words for QueryError {
    /// `12文字目：…`.
    fn ja(&self) -> String {
        format!("{}文字目：{}", self.column, self.kind.ja())
    }
}

impl Words for DefinitionsError {
    fn ja(&self) -> String {
        match self {
            DefinitionsError::File(m) => m.ja.clone(),
            DefinitionsError::Condition { name, error } => {
                format!("セグメント「{name}」：{}", error.ja())
            }
        }
    }
}

impl Words for Message {
    fn ja(&self) -> String {
        self.ja.clone()
    }
}

impl Words for Warning {
    fn ja(&self) -> String {
        self.message.ja.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::query_error::tests::every_kind;
    use crate::words::has_english_sentence;

    #[test]
    fn every_kind_has_its_japanese_words() {
        for (kind, english) in every_kind() {
            let japanese = kind.ja();
            assert!(!japanese.is_empty() && japanese != english, "{kind:?}");
            assert!(!has_english_sentence(&japanese), "{kind:?}: {japanese}");
        }
    }

    #[test]
    fn errors_name_their_position_and_segment() {
        let error = "recency >".parse::<crate::segment::Query>().unwrap_err();
        assert_eq!(
            error.ja(),
            format!("{}文字目：recency の値が必要です", error.column)
        );
        let definitions = DefinitionsError::Condition {
            name: "休眠".into(),
            error,
        };
        assert!(definitions
            .ja()
            .starts_with("セグメント「休眠」：10文字目："));
    }
}
