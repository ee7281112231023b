//! The grammar of conditions over the tokens of `lex`, with each field's operators and literals
//! checked as they are read, so that a query that parses means what it says (amounts and product names are
//! checked against the data later, by `select`).

use super::field::{Field, Kind};
use super::lex::{error, lex, Spanned, Token};
use super::literal::{example_with_century, four_digit_year, parse_month, parse_probability};
use super::query::{Clause, Condition, Op, Query};
use super::query_error::{Literal, QueryError, QueryErrorKind};
use crate::date::Day;

/// Reads `text` as a query.
pub(super) fn parse(text: &str) -> Result<Query, QueryError> {
    let mut parser = Parser {
        tokens: lex(text)?,
        at: 0,
        end: text.chars().count(),
    };
    parser.query()
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

    fn expect(&mut self, token: Token, missing: QueryErrorKind) -> Result<(), QueryError> {
        if self.peek() == Some(&token) {
            self.at += 1;
            Ok(())
        } else {
            Err(error(self.column(), missing))
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
                return Err(error(self.column(), QueryErrorKind::OrOutsideGroup));
            }
            if !self.keyword("and") {
                return Err(error(self.column(), QueryErrorKind::ExpectedAnd));
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
                    QueryErrorKind::OrAcrossFields {
                        field: other,
                        group_field: field,
                        group_start: start + 1,
                    },
                ));
            }
            any.push(condition);
        }
        self.expect(Token::Close, QueryErrorKind::ExpectedGroupEnd)?;
        Ok(Clause { field, any })
    }

    fn condition(&mut self) -> Result<(Field, Condition), QueryError> {
        let column = self.column();
        let field = match self.peek() {
            Some(Token::Word(name)) => Field::from_name(name).ok_or_else(|| {
                error(column, QueryErrorKind::UnknownField { name: name.clone() })
            })?,
            _ => return Err(error(column, QueryErrorKind::ExpectedField)),
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
                    return Err(error(self.column(), QueryErrorKind::ExpectedIn));
                }
                Op::NotIn
            }
            _ => return Err(error(op_column, QueryErrorKind::ExpectedOperator { field })),
        };
        self.at += 1;
        check_operator(field, op).map_err(|kind| error(op_column, kind))?;
        let values = if matches!(op, Op::In | Op::NotIn) {
            self.expect(Token::Open, QueryErrorKind::ExpectedList)?;
            let mut values = vec![self.value(field)?];
            while self.peek() == Some(&Token::Comma) {
                self.at += 1;
                values.push(self.value(field)?);
            }
            self.expect(Token::Close, QueryErrorKind::ExpectedListEnd)?;
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
            _ => return Err(error(column, QueryErrorKind::ExpectedValue { field })),
        };
        check_value(field, &value).map_err(|kind| error(column, kind))?;
        self.at += 1;
        Ok(value)
    }
}

/// Whether `op` makes sense for the field's kind.
fn check_operator(field: Field, op: Op) -> Result<(), QueryErrorKind> {
    let ordered = matches!(op, Op::Lt | Op::Le | Op::Gt | Op::Ge);
    let fits = match field.kind() {
        Kind::Count | Kind::Money | Kind::Date | Kind::Month => op != Op::Contains,
        Kind::Probability | Kind::Number => ordered || matches!(op, Op::Eq | Op::Ne),
        Kind::Text => !ordered,
        Kind::Choice(_) | Kind::Products => !ordered && op != Op::Contains,
    };
    match fits {
        true => Ok(()),
        false => Err(QueryErrorKind::OperatorNotForField { op, field }),
    }
}

/// Whether `value` is a literal of the field's kind (amounts are checked against the currency later).
fn check_value(field: Field, value: &str) -> Result<(), QueryErrorKind> {
    let v = value.trim();
    if matches!(field.kind(), Kind::Date | Kind::Month) && !four_digit_year(v) {
        let year = v.split(['-', '/', '.']).next().unwrap_or(v);
        if !year.is_empty() && year.len() <= 2 && year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(QueryErrorKind::TwoDigitYear {
                field,
                value: v.to_string(),
                year: year.to_string(),
                example: example_with_century(v, year),
            });
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
            return match ids.contains(&v) {
                true => Ok(()),
                false => Err(QueryErrorKind::NotAChoice {
                    field,
                    value: v.to_string(),
                }),
            }
        }
    };
    match ok {
        true => Ok(()),
        false => Err(QueryErrorKind::WrongValue {
            field,
            value: v.to_string(),
            expected: Literal::of(field.kind()),
        }),
    }
}
