//! Why a condition could not be read: [`QueryError`], the character where the problem is and its
//! [`QueryErrorKind`], one kind per rule of the language with the values it names. The `Display` is English;
//! the JS API gives the kind and values as data, and the page words each kind in Japanese.

use std::fmt;

use serde::Serialize;

use super::field::{Field, Kind};
use super::query::Op;

/// Why a condition could not be read, and where: `column` is the (1-based) character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// The character where the problem is, from 1.
    pub column: usize,
    /// What is wrong.
    pub kind: QueryErrorKind,
}

/// What kind of literal a field needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Literal {
    /// A whole number (`30`).
    WholeNumber,
    /// An amount in currency units (`5000`, `49.90`).
    Amount,
    /// A probability (`0.5`, `50%`).
    Probability,
    /// A number (`1.5`).
    Number,
    /// A date `YYYY-MM-DD`.
    Date,
    /// A month `YYYY-MM`.
    Month,
}

impl Literal {
    /// The literal a field of `kind` needs, for the kinds whose literals are checked by form.
    pub(super) fn of(kind: Kind) -> Literal {
        match kind {
            Kind::Count => Literal::WholeNumber,
            Kind::Money => Literal::Amount,
            Kind::Probability => Literal::Probability,
            Kind::Number => Literal::Number,
            Kind::Date => Literal::Date,
            _ => Literal::Month,
        }
    }

    /// The literal as the English message asks for it: `a whole number`.
    fn english(self) -> &'static str {
        match self {
            Literal::WholeNumber => "a whole number",
            Literal::Amount => "an amount such as 5000 or 49.90",
            Literal::Probability => "a probability such as 0.5 or 50%",
            Literal::Number => "a number such as 1.5",
            Literal::Date => "a date YYYY-MM-DD",
            Literal::Month => "a month YYYY-MM",
        }
    }
}

/// What is wrong with a condition, with the values the message names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryErrorKind {
    /// Quoted text without the closing quote `close`.
    UnclosedText {
        /// The closing quote that is missing.
        close: char,
    },
    /// A `!` not followed by `=`.
    LoneBang,
    /// OR between clauses, outside parentheses.
    OrOutsideGroup,
    /// Two conditions without AND between them.
    ExpectedAnd,
    /// A condition on `field` in a parenthesised OR group on `group_field`, which started at character
    /// `group_start`.
    OrAcrossFields {
        /// The field the condition is on.
        field: Field,
        /// The field the OR group is on.
        group_field: Field,
        /// The character the OR group started at, from 1.
        group_start: usize,
    },
    /// An OR group not closed by `)`.
    ExpectedGroupEnd,
    /// A word that is no field's name.
    UnknownField {
        /// The word as written.
        name: String,
    },
    /// No field name where a condition starts.
    ExpectedField,
    /// NOT without IN after it.
    ExpectedIn,
    /// No operator after the field.
    ExpectedOperator {
        /// The field the condition is on.
        field: Field,
    },
    /// IN without `(` and a list.
    ExpectedList,
    /// A list not closed by `)`.
    ExpectedListEnd,
    /// No value after the operator.
    ExpectedValue {
        /// The field the condition is on.
        field: Field,
    },
    /// An operator the field's kind does not take.
    OperatorNotForField {
        /// The operator.
        op: Op,
        /// The field the condition is on.
        field: Field,
    },
    /// A date or month with a two-digit `year`, which could be of either century; `example` is the value as it
    /// should be written.
    TwoDigitYear {
        /// The field the condition is on.
        field: Field,
        /// The value as written.
        value: String,
        /// The two-digit year as written.
        year: String,
        /// The value as it should be written.
        example: String,
    },
    /// A value that is none of the field's choices (`rfm_segment`'s ids).
    NotAChoice {
        /// The field the condition is on.
        field: Field,
        /// The value as written.
        value: String,
    },
    /// A value that is not the literal the field needs.
    WrongValue {
        /// The field the condition is on.
        field: Field,
        /// The value as written.
        value: String,
        /// The literal the field needs.
        expected: Literal,
    },
}

impl QueryErrorKind {
    /// The kind, as the JS API names it (`expected_value`), and its values as an object.
    pub fn kind_and_values(&self) -> (String, serde_json::Value) {
        crate::tagged::kind_and_values(self)
    }
}

/// Every field's name, as the messages list them.
pub fn field_list() -> String {
    Field::ALL.map(Field::name).join(", ")
}

impl fmt::Display for QueryErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use QueryErrorKind::*;
        match self {
            UnclosedText { close } => write!(f, "the text starting here has no closing {close}"),
            LoneBang => f.write_str("'!' must be followed by '=' (not equal)"),
            OrOutsideGroup => f.write_str(
                "OR joins conditions on one field only, inside parentheses: \
                 (rfm_segment = at_risk or rfm_segment = cant_lose_them); use AND between fields",
            ),
            ExpectedAnd => f.write_str("expected AND between conditions"),
            OrAcrossFields {
                field,
                group_field,
                group_start,
            } => write!(
                f,
                "OR joins conditions on one field; this one is on {}, the group on {} (started at character {group_start})",
                field.name(),
                group_field.name(),
            ),
            ExpectedGroupEnd => f.write_str("expected ')' or OR"),
            UnknownField { name } => write!(f, "no field named '{name}'. Fields: {}", field_list()),
            ExpectedField => write!(f, "expected a field name. Fields: {}", field_list()),
            ExpectedIn => f.write_str("expected IN after NOT"),
            ExpectedOperator { field } => write!(
                f,
                "expected an operator after {} (=, !=, <, <=, >, >=, in, not in, contains)",
                field.name()
            ),
            ExpectedList => f.write_str("expected '(' and a list of values"),
            ExpectedListEnd => f.write_str("expected ',' or ')'"),
            ExpectedValue { field } => write!(f, "expected a value for {}", field.name()),
            OperatorNotForField { op, field } => {
                write!(f, "{} cannot be used with {}", op.symbol(), field.name())
            }
            TwoDigitYear {
                field,
                value,
                year,
                example,
            } => write!(
                f,
                "{} needs a four-digit year: '{value}' has the two-digit year {year}, which could be 19{year:0>2} or \
                 20{year:0>2}; write it as {example}",
                field.name()
            ),
            NotAChoice { field, value } => {
                let ids = match field.kind() {
                    Kind::Choice(ids) => ids.join(", "),
                    _ => String::new(),
                };
                write!(
                    f,
                    "'{value}' is not a value of {}; one of: {ids}",
                    field.name()
                )
            }
            WrongValue {
                field,
                value,
                expected,
            } => write!(
                f,
                "{} needs {}, not '{value}'",
                field.name(),
                expected.english()
            ),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.column, self.kind)
    }
}

impl std::error::Error for QueryError {}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One error of every kind, with its English words.
    pub(crate) fn every_kind() -> Vec<(QueryErrorKind, String)> {
        use QueryErrorKind::*;
        let fields = field_list();
        vec![
            (
                UnclosedText { close: '」' },
                "the text starting here has no closing 」".into(),
            ),
            (LoneBang, "'!' must be followed by '=' (not equal)".into()),
            (
                OrOutsideGroup,
                "OR joins conditions on one field only, inside parentheses: (rfm_segment = at_risk or \
                 rfm_segment = cant_lose_them); use AND between fields"
                    .into(),
            ),
            (ExpectedAnd, "expected AND between conditions".into()),
            (
                OrAcrossFields {
                    field: Field::Recency,
                    group_field: Field::RfmSegment,
                    group_start: 2,
                },
                "OR joins conditions on one field; this one is on recency, the group on rfm_segment (started at \
                 character 2)"
                    .into(),
            ),
            (ExpectedGroupEnd, "expected ')' or OR".into()),
            (
                UnknownField {
                    name: "frequncy".into(),
                },
                format!("no field named 'frequncy'. Fields: {fields}"),
            ),
            (
                ExpectedField,
                format!("expected a field name. Fields: {fields}"),
            ),
            (ExpectedIn, "expected IN after NOT".into()),
            (
                ExpectedOperator {
                    field: Field::Recency,
                },
                "expected an operator after recency (=, !=, <, <=, >, >=, in, not in, contains)".into(),
            ),
            (ExpectedList, "expected '(' and a list of values".into()),
            (ExpectedListEnd, "expected ',' or ')'".into()),
            (
                ExpectedValue {
                    field: Field::Recency,
                },
                "expected a value for recency".into(),
            ),
            (
                OperatorNotForField {
                    op: Op::Gt,
                    field: Field::RfmSegment,
                },
                "> cannot be used with rfm_segment".into(),
            ),
            (
                TwoDigitYear {
                    field: Field::LastOrder,
                    value: "24-01-01".into(),
                    year: "24".into(),
                    example: "2024-01-01".into(),
                },
                "last_order needs a four-digit year: '24-01-01' has the two-digit year 24, which could be 1924 or \
                 2024; write it as 2024-01-01"
                    .into(),
            ),
            (
                NotAChoice {
                    field: Field::Subscription,
                    value: "paused".into(),
                },
                "'paused' is not a value of subscription; one of: none, active, lapsed".into(),
            ),
            (
                WrongValue {
                    field: Field::Recency,
                    value: "soon".into(),
                    expected: Literal::WholeNumber,
                },
                "recency needs a whole number, not 'soon'".into(),
            ),
            (
                WrongValue {
                    field: Field::Monetary,
                    value: "lots".into(),
                    expected: Literal::Amount,
                },
                "monetary needs an amount such as 5000 or 49.90, not 'lots'".into(),
            ),
            (
                WrongValue {
                    field: Field::PAlive,
                    value: "1.5".into(),
                    expected: Literal::Probability,
                },
                "p_alive needs a probability such as 0.5 or 50%, not '1.5'".into(),
            ),
            (
                WrongValue {
                    field: Field::ExpectedOrders,
                    value: "x".into(),
                    expected: Literal::Number,
                },
                "expected_orders needs a number such as 1.5, not 'x'".into(),
            ),
            (
                WrongValue {
                    field: Field::FirstOrder,
                    value: "2024-02-30".into(),
                    expected: Literal::Date,
                },
                "first_order needs a date YYYY-MM-DD, not '2024-02-30'".into(),
            ),
            (
                WrongValue {
                    field: Field::Cohort,
                    value: "2024-13".into(),
                    expected: Literal::Month,
                },
                "cohort needs a month YYYY-MM, not '2024-13'".into(),
            ),
        ]
    }

    /// The position of a kind in the list of kinds; a new kind fails to compile here until it is given its
    /// place, and then the test until it has an example.
    fn kind_number(k: &QueryErrorKind) -> usize {
        use QueryErrorKind::*;
        match k {
            UnclosedText { .. } => 0,
            LoneBang => 1,
            OrOutsideGroup => 2,
            ExpectedAnd => 3,
            OrAcrossFields { .. } => 4,
            ExpectedGroupEnd => 5,
            UnknownField { .. } => 6,
            ExpectedField => 7,
            ExpectedIn => 8,
            ExpectedOperator { .. } => 9,
            ExpectedList => 10,
            ExpectedListEnd => 11,
            ExpectedValue { .. } => 12,
            OperatorNotForField { .. } => 13,
            TwoDigitYear { .. } => 14,
            NotAChoice { .. } => 15,
            WrongValue { .. } => 16,
        }
    }

    #[test]
    fn every_kind_has_its_english_words() {
        let mut seen = [false; 17];
        for (kind, english) in every_kind() {
            seen[kind_number(&kind)] = true;
            assert_eq!(kind.to_string(), english, "{kind:?}");
        }
        assert!(seen.iter().all(|s| *s), "a kind without an example");
        let e = QueryError {
            column: 11,
            kind: QueryErrorKind::ExpectedList,
        };
        assert_eq!(
            e.to_string(),
            "at character 11: expected '(' and a list of values"
        );
    }

    #[test]
    fn kinds_and_values_are_data() {
        let kind = QueryErrorKind::OperatorNotForField {
            op: Op::Ge,
            field: Field::RfmSegment,
        };
        assert_eq!(
            kind.kind_and_values(),
            (
                "operator_not_for_field".to_string(),
                serde_json::json!({ "op": ">=", "field": "rfm_segment" })
            )
        );
        assert_eq!(
            QueryErrorKind::ExpectedIn.kind_and_values(),
            ("expected_in".to_string(), serde_json::json!({}))
        );
    }
}
