//! The condition language of segments: parsing text into a [`Query`] and writing it back.
//!
//! ```text
//! query   := clause ("and" clause)*            (empty: every customer)
//! clause  := condition | "(" condition ("or" condition)* ")"    (one field per clause)
//! condition := FIELD op VALUE | FIELD ["not"] "in" "(" VALUE ("," VALUE)* ")" | FIELD "contains" VALUE
//! op      := "=" | "!=" | "<" | "<=" | ">" | ">="
//! VALUE   := a bare word (at_risk, 30, 49.90, 2024-01-05, 2024-01) | "quoted" | 'quoted' | 「quoted」
//! ```
//!
//! Keywords are case-insensitive. Clauses are combined with AND; OR is allowed only between conditions on the
//! same field (`(rfm_segment = at_risk or rfm_segment = cant_lose_them)`, or `rfm_segment in (at_risk,
//! cant_lose_them)`). The parser checks each field's operators and literals (numbers, dates, months, choice
//! ids), so a query that parses means what it says; amounts and product names are checked against the data
//! when the query is applied (`select`). The words are read by the `lex` module and the grammar by `parser`;
//! [`QueryError`] says where and why a condition does not read.

use std::fmt;

use serde::Serialize;

use super::field::Field;
use super::query_error::QueryError;

/// A comparison; it serialises as its symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Op {
    /// `=`
    #[serde(rename = "=")]
    Eq,
    /// `!=`
    #[serde(rename = "!=")]
    Ne,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `in (a, b)`: equal to one of the values.
    #[serde(rename = "in")]
    In,
    /// `not in (a, b)`: equal to none of the values.
    #[serde(rename = "not in")]
    NotIn,
    /// `contains "text"`: the field holds the text.
    #[serde(rename = "contains")]
    Contains,
}

impl Op {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::In => "in",
            Op::NotIn => "not in",
            Op::Contains => "contains",
        }
    }
}

/// One test on a field: `op` against `values` (one value, or the list of `in`/`not in`).
#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    /// The comparison.
    pub op: Op,
    /// The value compared with, or the list of `in` and `not in`, as written.
    pub values: Vec<String>,
}

/// Conditions on one field, any of which may hold.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    /// The field tested.
    pub field: Field,
    /// The conditions, any of which may hold (`or` inside parentheses).
    pub any: Vec<Condition>,
}

/// A segment definition: clauses that must all hold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// The clauses, all of which must hold (`and`).
    pub clauses: Vec<Clause>,
}

impl std::str::FromStr for Query {
    type Err = QueryError;

    fn from_str(text: &str) -> Result<Query, QueryError> {
        super::parser::parse(text)
    }
}

impl Query {
    /// Every field the query tests.
    pub fn fields(&self) -> impl Iterator<Item = Field> + '_ {
        self.clauses.iter().map(|c| c.field)
    }
}

/// A value written so that it reads back the same: bare when it is a simple word, else double-quoted.
fn write_value(f: &mut fmt::Formatter<'_>, value: &str) -> fmt::Result {
    let bare = !value.is_empty()
        && !["and", "or", "in", "not", "contains"]
            .iter()
            .any(|k| value.eq_ignore_ascii_case(k))
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.%".contains(c));
    if bare {
        f.write_str(value)
    } else {
        write!(f, "\"{}\"", value.replace('"', "\"\""))
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.op.symbol())?;
        if matches!(self.op, Op::In | Op::NotIn) {
            f.write_str(" (")?;
            for (i, v) in self.values.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write_value(f, v)?;
            }
            f.write_str(")")
        } else {
            f.write_str(" ")?;
            write_value(f, &self.values[0])
        }
    }
}

impl fmt::Display for Query {
    /// The canonical text of the query, which parses back to the same query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            let grouped = clause.any.len() > 1;
            if grouped {
                f.write_str("(")?;
            }
            for (j, condition) in clause.any.iter().enumerate() {
                if j > 0 {
                    f.write_str(" or ")?;
                }
                write!(f, "{} {condition}", clause.field.name())?;
            }
            if grouped {
                f.write_str(")")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::query_error::QueryErrorKind;
    use super::*;

    #[test]
    fn a_month_with_a_huge_year_is_an_error_not_an_overflow() {
        // Found by the segment_query fuzz target: the year was multiplied before its length was checked.
        let err = "cohort >= 202440106-010".parse::<Query>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "at character 11: cohort needs a month YYYY-MM, not '202440106-010'"
        );
    }

    fn parse(text: &str) -> Result<Query, QueryError> {
        text.parse()
    }

    #[test]
    fn reads_clauses_lists_and_or_groups() {
        let q = parse(
            "(rfm_segment = at_risk OR segment = cant_lose_them) and recency >= 90 \
             AND products in (\"SKU 1\", 'B''s', 「定期便」) and monetary > \"4,999.5\"",
        )
        .unwrap();
        assert_eq!(q.clauses.len(), 4);
        assert_eq!(q.clauses[0].field, Field::RfmSegment);
        assert_eq!(q.clauses[0].any.len(), 2);
        assert_eq!(q.clauses[0].any[1].values, ["cant_lose_them"]);
        assert_eq!(q.clauses[1].any[0].op, Op::Ge);
        assert_eq!(q.clauses[2].any[0].values, ["SKU 1", "B's", "定期便"]);
        assert_eq!(q.clauses[3].any[0].values, ["4,999.5"]);
        assert_eq!(parse("").unwrap(), Query::default());
        // Full-width operators and digits, as typed with a Japanese IME.
        let q = parse("frequency　＝　１").unwrap();
        assert_eq!(q.clauses[0].any[0].values, ["1"]);
    }

    #[test]
    fn writes_text_that_reads_back_the_same() {
        for text in [
            "(rfm_segment = at_risk or rfm_segment = cant_lose_them) and recency >= 90",
            "products not in (\"SKU 1\", \"a\"\"b\", and) and email contains \"@example.jp\"",
            "cohort >= 2024-01 and first_order < 2024-03-01 and p_alive < 30%",
        ] {
            let q = parse(text).unwrap();
            assert_eq!(parse(&q.to_string()).unwrap(), q, "{text} -> {q}");
        }
        let q = parse("orders=1 AND days_since_last<=30").unwrap();
        assert_eq!(q.to_string(), "frequency = 1 and recency <= 30");
    }

    #[test]
    fn says_where_and_why_a_query_is_wrong() {
        let e = parse("recency > 90 and frequncy = 1").unwrap_err();
        assert_eq!(e.column, 18);
        assert!(
            e.kind.to_string().starts_with("no field named 'frequncy'"),
            "{e}"
        );
        let e = parse("rfm_segment = at_risk or recency > 90").unwrap_err();
        assert_eq!(e.column, 23);
        assert!(e.kind.to_string().contains("use AND between fields"), "{e}");
        let e = parse("(rfm_segment = at_risk or recency > 90)").unwrap_err();
        assert!(e.kind.to_string().contains("this one is on recency"), "{e}");
        let e = parse("rfm_segment = sleeping").unwrap_err();
        assert!(e.kind.to_string().contains("one of: champions"), "{e}");
        let e = parse("recency > soon").unwrap_err();
        assert_eq!(
            e.to_string(),
            "at character 11: recency needs a whole number, not 'soon'"
        );
        let e = parse("rfm_segment > at_risk").unwrap_err();
        assert!(
            e.kind
                .to_string()
                .contains("> cannot be used with rfm_segment"),
            "{e}"
        );
        let e = parse("email = \"open").unwrap_err();
        assert!(e.kind.to_string().contains("no closing \""), "{e}");
        let e = parse("recency in (1, 2").unwrap_err();
        assert_eq!((e.column, e.kind), (17, QueryErrorKind::ExpectedListEnd));
        // A two-digit year is refused: 24-01-01 would otherwise be the year 24.
        let e = parse("last_order < 24-01-01").unwrap_err();
        assert_eq!(
            e.to_string(),
            "at character 14: last_order needs a four-digit year: '24-01-01' has the two-digit year 24, which \
             could be 1924 or 2024; write it as 2024-01-01"
        );
        assert!(
            matches!(e.kind, QueryErrorKind::TwoDigitYear { ref example, .. } if example == "2024-01-01")
        );
        let e = parse("first_order in (2024-01-01, 9-1-5)").unwrap_err();
        assert_eq!(e.column, 29);
        assert!(e.kind.to_string().contains("write it as 2009-1-5"), "{e}");
        let e = parse("cohort >= 24-01").unwrap_err();
        assert!(e.kind.to_string().contains("write it as 2024-01"), "{e}");
        let e = parse("last_order >= \"24/1/5\"").unwrap_err();
        assert!(e.kind.to_string().contains("write it as 2024-1-5"), "{e}");
        assert!(parse("last_order < 2024-01-01 and cohort = 2024-01").is_ok());
        assert!(parse("p_alive < 1.5").is_err());
        assert!(parse("cohort = 2024-13").is_err());
        assert!(parse("recency > 90 frequency = 1").is_err());
    }
}
