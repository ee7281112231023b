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
//! when the query is applied (`select`).

use std::fmt;

use super::field::{Field, Kind};
use crate::date::Day;

/// A comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in (a, b)`: equal to one of the values.
    In,
    /// `not in (a, b)`: equal to none of the values.
    NotIn,
    /// `contains "text"`: the field holds the text.
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

/// Why a query could not be read: the character position (1-based) and what is wrong there, in English and
/// in Japanese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    /// 1-based character position of the mistake in the condition text.
    pub column: usize,
    /// What is wrong, in English.
    pub message: String,
    /// What is wrong, in Japanese.
    pub message_ja: String,
}

impl QueryError {
    /// The error in Japanese: `12文字目: …`.
    pub fn to_japanese(&self) -> String {
        format!("{}文字目: {}", self.column, self.message_ja)
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// A token and the (0-based) character where it starts.
type Spanned = (Token, usize);

fn error(column: usize, message: impl Into<String>, message_ja: impl Into<String>) -> QueryError {
    QueryError {
        column: column + 1,
        message: message.into(),
        message_ja: message_ja.into(),
    }
}

fn lex(text: &str) -> Result<Vec<Spanned>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = crate::text::halfwidth(chars[i]);
        let start = i;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((Token::Open, start));
                i += 1;
            }
            ')' => {
                out.push((Token::Close, start));
                i += 1;
            }
            ',' | '、' => {
                out.push((Token::Comma, start));
                i += 1;
            }
            '"' | '\'' | '「' => {
                let close = if c == '「' { '」' } else { c };
                let mut value = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(error(
                                start,
                                format!("the text starting here has no closing {close}"),
                                format!("ここから始まる文字列を閉じる {close} がありません"),
                            ))
                        }
                        Some(&ch) if ch == close => {
                            // A doubled quote stands for itself.
                            if close != '」' && chars.get(i + 1) == Some(&close) {
                                value.push(close);
                                i += 2;
                            } else {
                                i += 1;
                                break;
                            }
                        }
                        Some(&ch) => {
                            value.push(ch);
                            i += 1;
                        }
                    }
                }
                out.push((Token::Quoted(value), start));
            }
            '=' | '!' | '<' | '>' => {
                let next = chars.get(i + 1).map(|c| crate::text::halfwidth(*c));
                let (op, len) = match (c, next) {
                    ('=', Some('=')) => (Op::Eq, 2),
                    ('=', _) => (Op::Eq, 1),
                    ('!', Some('=')) => (Op::Ne, 2),
                    ('<', Some('>')) => (Op::Ne, 2),
                    ('<', Some('=')) => (Op::Le, 2),
                    ('<', _) => (Op::Lt, 1),
                    ('>', Some('=')) => (Op::Ge, 2),
                    ('>', _) => (Op::Gt, 1),
                    _ => {
                        return Err(error(
                            start,
                            "'!' must be followed by '=' (not equal)",
                            "「!」の後には「=」が必要です（等しくない）",
                        ))
                    }
                };
                out.push((Token::Op(op), start));
                i += len;
            }
            _ => {
                let mut word = String::new();
                while let Some(&ch) = chars.get(i) {
                    let ch = crate::text::halfwidth(ch);
                    if ch.is_whitespace() || "(),、\"'「=!<>".contains(ch) {
                        break;
                    }
                    word.push(ch);
                    i += 1;
                }
                out.push((Token::Word(word), start));
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Spanned>,
    at: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(t, _)| t)
    }

    fn column(&self) -> usize {
        self.tokens.get(self.at).map_or(self.end, |(_, c)| *c)
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn expect(&mut self, token: Token, what: &str, what_ja: &str) -> Result<(), QueryError> {
        if self.peek() == Some(&token) {
            self.at += 1;
            Ok(())
        } else {
            Err(error(
                self.column(),
                format!("expected {what}"),
                format!("{what_ja}が必要です"),
            ))
        }
    }

    fn query(&mut self) -> Result<Query, QueryError> {
        let mut clauses = Vec::new();
        if self.peek().is_none() {
            return Ok(Query { clauses });
        }
        loop {
            clauses.push(self.clause()?);
            if self.peek().is_none() {
                return Ok(Query { clauses });
            }
            if self.keyword("or") {
                return Err(error(
                    self.column(),
                    "OR joins conditions on one field only, inside parentheses: \
                     (rfm_segment = at_risk or rfm_segment = cant_lose_them); use AND between fields",
                    "OR は同じ項目の条件どうしを括弧の中でつなぐときだけ使えます: \
                     (rfm_segment = at_risk or rfm_segment = cant_lose_them)。項目どうしは AND でつなぎます",
                ));
            }
            if !self.keyword("and") {
                return Err(error(
                    self.column(),
                    "expected AND between conditions",
                    "条件と条件の間には AND が必要です",
                ));
            }
            self.at += 1;
        }
    }

    fn clause(&mut self) -> Result<Clause, QueryError> {
        if self.peek() != Some(&Token::Open) {
            let (field, condition) = self.condition()?;
            return Ok(Clause {
                field,
                any: vec![condition],
            });
        }
        self.at += 1;
        let start = self.column();
        let (field, first) = self.condition()?;
        let mut any = vec![first];
        while self.keyword("or") {
            self.at += 1;
            let column = self.column();
            let (other, condition) = self.condition()?;
            if other != field {
                return Err(error(
                    column,
                    format!(
                        "OR joins conditions on one field; this one is on {}, the group on {} (started at character {})",
                        other.name(),
                        field.name(),
                        start + 1
                    ),
                    format!(
                        "OR は同じ項目の条件どうしだけをつなぎます。この条件は {}、括弧内は {} の条件です（{}文字目から）",
                        other.name(),
                        field.name(),
                        start + 1
                    ),
                ));
            }
            any.push(condition);
        }
        self.expect(Token::Close, "')' or OR", "「)」か OR ")?;
        Ok(Clause { field, any })
    }

    fn condition(&mut self) -> Result<(Field, Condition), QueryError> {
        let column = self.column();
        let field = match self.peek() {
            Some(Token::Word(name)) => Field::from_name(name).ok_or_else(|| {
                error(
                    column,
                    format!("no field named '{name}'. Fields: {}", field_list()),
                    format!("「{name}」という項目はありません。項目: {}", field_list()),
                )
            })?,
            _ => {
                return Err(error(
                    column,
                    format!("expected a field name. Fields: {}", field_list()),
                    format!("項目名が必要です。項目: {}", field_list()),
                ))
            }
        };
        self.at += 1;
        let op_column = self.column();
        let op = match self.peek() {
            Some(Token::Op(op)) => *op,
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("in") => Op::In,
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("contains") => Op::Contains,
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("not") => {
                self.at += 1;
                if !self.keyword("in") {
                    return Err(error(
                        self.column(),
                        "expected IN after NOT",
                        "NOT の後には IN が必要です",
                    ));
                }
                Op::NotIn
            }
            _ => {
                return Err(error(
                    op_column,
                    format!(
                        "expected an operator after {} (=, !=, <, <=, >, >=, in, not in, contains)",
                        field.name()
                    ),
                    format!(
                        "{} の後には演算子が必要です（=, !=, <, <=, >, >=, in, not in, contains）",
                        field.name()
                    ),
                ))
            }
        };
        self.at += 1;
        check_operator(field, op).map_err(|(en, ja)| error(op_column, en, ja))?;
        let values = if matches!(op, Op::In | Op::NotIn) {
            self.expect(Token::Open, "'(' and a list of values", "「(」と値の並び")?;
            let mut values = vec![self.value(field)?];
            while self.peek() == Some(&Token::Comma) {
                self.at += 1;
                values.push(self.value(field)?);
            }
            self.expect(Token::Close, "',' or ')'", "「,」か「)」")?;
            values
        } else {
            vec![self.value(field)?]
        };
        Ok((field, Condition { op, values }))
    }

    fn value(&mut self, field: Field) -> Result<String, QueryError> {
        let column = self.column();
        let value = match self.peek() {
            Some(Token::Word(w)) => w.clone(),
            Some(Token::Quoted(q)) => q.clone(),
            _ => {
                return Err(error(
                    column,
                    format!("expected a value for {}", field.name()),
                    format!("{} の値が必要です", field.name()),
                ))
            }
        };
        check_value(field, &value).map_err(|(en, ja)| error(column, en, ja))?;
        self.at += 1;
        Ok(value)
    }
}

fn field_list() -> String {
    Field::ALL.map(Field::name).join(", ")
}

/// Whether `op` makes sense for the field's kind.
fn check_operator(field: Field, op: Op) -> Result<(), (String, String)> {
    let ordered = matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge);
    let fits = match field.kind() {
        Kind::Count | Kind::Money | Kind::Date | Kind::Month => op != Op::Contains,
        Kind::Probability | Kind::Number => ordered || matches!(op, Op::Eq | Op::Ne),
        Kind::Text => !ordered,
        Kind::Choice(_) | Kind::Products => !ordered && op != Op::Contains,
    };
    if fits {
        Ok(())
    } else {
        Err((
            format!("{} cannot be used with {}", op.symbol(), field.name()),
            format!("{} には {} を使えません", field.name(), op.symbol()),
        ))
    }
}

/// Whether `value` is a literal of the field's kind (amounts are checked against the currency later).
fn check_value(field: Field, value: &str) -> Result<(), (String, String)> {
    let v = value.trim();
    if matches!(field.kind(), Kind::Date | Kind::Month) && !four_digit_year(v) {
        let year = v.split(['-', '/', '.']).next().unwrap_or(v);
        if !year.is_empty() && year.len() <= 2 && year.bytes().all(|b| b.is_ascii_digit()) {
            return Err((
                format!(
                    "{} needs a four-digit year: '{v}' has the two-digit year {year}, which could be 19{year:0>2} or \
                     20{year:0>2}; write it as {}",
                    field.name(),
                    example_with_century(v, year)
                ),
                format!(
                    "{} の年は4桁で指定します。「{v}」の年 {year} は 19{year:0>2} 年とも 20{year:0>2} 年とも読めます。{} のように書いてください",
                    field.name(),
                    example_with_century(v, year)
                ),
            ));
        }
    }
    let ok = match field.kind() {
        Kind::Count => v.parse::<i64>().is_ok(),
        Kind::Money => crate::amount::parse_amount(v).is_ok(),
        Kind::Probability => parse_probability(v).is_some(),
        Kind::Number => v.parse::<f64>().is_ok_and(f64::is_finite),
        Kind::Date => v.parse::<Day>().is_ok(),
        Kind::Month => parse_month(v).is_some(),
        Kind::Text | Kind::Products => true,
        Kind::Choice(ids) => {
            return if ids.contains(&v) {
                Ok(())
            } else {
                Err((
                    format!(
                        "'{v}' is not a value of {}; one of: {}",
                        field.name(),
                        ids.join(", ")
                    ),
                    format!(
                        "「{v}」は {} の値ではありません。値: {}",
                        field.name(),
                        ids.join(", ")
                    ),
                ))
            }
        }
    };
    if ok {
        Ok(())
    } else {
        let (expected, expected_ja) = match field.kind() {
            Kind::Count => ("a whole number", "整数"),
            Kind::Money => (
                "an amount such as 5000 or 49.90",
                "金額（5000 や 49.90 など）",
            ),
            Kind::Probability => (
                "a probability such as 0.5 or 50%",
                "確率（0.5 や 50% など）",
            ),
            Kind::Number => ("a number such as 1.5", "数値（1.5 など）"),
            Kind::Date => ("a date YYYY-MM-DD", "日付（YYYY-MM-DD）"),
            _ => ("a month YYYY-MM", "年月（YYYY-MM）"),
        };
        Err((
            format!("{} needs {expected}, not '{v}'", field.name()),
            format!(
                "{} には{expected_ja}を指定します（「{v}」ではなく）",
                field.name()
            ),
        ))
    }
}

/// Whether a date or month literal starts with a year of four digits (`2024-01-05`, `2024-01`).
fn four_digit_year(v: &str) -> bool {
    v.split_once('-')
        .is_some_and(|(y, _)| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// `v` with its two-digit `year` read as this century's, as the form to write (`24-01-01` → `2024-01-01`).
fn example_with_century(v: &str, year: &str) -> String {
    let rest = &v[year.len()..];
    format!("20{year:0>2}{}", rest.replace(['/', '.'], "-"))
}

/// `0.25` or `25%`, within [0, 1].
pub(super) fn parse_probability(v: &str) -> Option<f64> {
    let p = match v.strip_suffix('%') {
        Some(pct) => pct.trim().parse::<f64>().ok()? / 100.0,
        None => v.parse::<f64>().ok()?,
    };
    (0.0..=1.0).contains(&p).then_some(p)
}

/// `2024-01` as a month number (year·12 + month − 1, as cohorts number months).
pub(super) fn parse_month(v: &str) -> Option<i32> {
    let (y, m) = v.split_once('-')?;
    let digits = |t: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(y, 4..=4) || !digits(m, 1..=2) {
        return None;
    }
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
    (1..=12).contains(&m).then(|| y * 12 + m - 1)
}

impl std::str::FromStr for Query {
    type Err = QueryError;

    fn from_str(text: &str) -> Result<Query, QueryError> {
        let tokens = lex(text)?;
        let mut parser = Parser {
            tokens,
            at: 0,
            end: text.chars().count(),
        };
        parser.query()
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
    use super::*;

    #[test]
    fn a_month_with_a_huge_year_is_an_error_not_an_overflow() {
        // Found by the segment_query fuzz target: the year was multiplied before its length was checked.
        let err = "cohort >= 202440106-010".parse::<Query>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "at character 11: cohort needs a month YYYY-MM, not '202440106-010'"
        );
        assert_eq!(parse_month("2024-03"), Some(2024 * 12 + 2));
        assert_eq!(parse_month("2024-3"), Some(2024 * 12 + 2));
        for bad in [
            "+202-01", "-100-01", "2024-+1", "2024-13", "20240-01", "2024-",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
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
        assert!(e.message.starts_with("no field named 'frequncy'"), "{e}");
        let e = parse("rfm_segment = at_risk or recency > 90").unwrap_err();
        assert_eq!(e.column, 23);
        assert!(e.message.contains("use AND between fields"), "{e}");
        let e = parse("(rfm_segment = at_risk or recency > 90)").unwrap_err();
        assert!(e.message.contains("this one is on recency"), "{e}");
        let e = parse("rfm_segment = sleeping").unwrap_err();
        assert!(e.message.contains("one of: champions"), "{e}");
        let e = parse("recency > soon").unwrap_err();
        assert_eq!(
            e.to_string(),
            "at character 11: recency needs a whole number, not 'soon'"
        );
        let e = parse("rfm_segment > at_risk").unwrap_err();
        assert!(
            e.message.contains("> cannot be used with rfm_segment"),
            "{e}"
        );
        let e = parse("email = \"open").unwrap_err();
        assert!(e.message.contains("no closing \""), "{e}");
        let e = parse("recency in (1, 2").unwrap_err();
        assert_eq!((e.column, e.message.as_str()), (17, "expected ',' or ')'"));
        // A two-digit year is refused: 24-01-01 would otherwise be the year 24.
        let e = parse("last_order < 24-01-01").unwrap_err();
        assert_eq!(
            e.to_string(),
            "at character 14: last_order needs a four-digit year: '24-01-01' has the two-digit year 24, which \
             could be 1924 or 2024; write it as 2024-01-01"
        );
        assert!(e.message_ja.contains("2024-01-01"), "{}", e.message_ja);
        let e = parse("first_order in (2024-01-01, 9-1-5)").unwrap_err();
        assert_eq!(e.column, 29);
        assert!(e.message.contains("write it as 2009-1-5"), "{e}");
        let e = parse("cohort >= 24-01").unwrap_err();
        assert!(e.message.contains("write it as 2024-01"), "{e}");
        let e = parse("last_order >= \"24/1/5\"").unwrap_err();
        assert!(e.message.contains("write it as 2024-1-5"), "{e}");
        assert!(parse("last_order < 2024-01-01 and cohort = 2024-01").is_ok());
        assert!(parse("p_alive < 1.5").is_err());
        assert!(parse("cohort = 2024-13").is_err());
        assert!(parse("recency > 90 frequency = 1").is_err());
    }
}
