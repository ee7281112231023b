//! The words of a condition: fields and values, quoted text (`"…"`, `'…'`, `「…」`), operators, parentheses and
//! commas, each with the character where it starts. Full-width forms typed with a Japanese IME read as their
//! ASCII forms.

use super::query::Op;
use super::query_error::{QueryError, QueryErrorKind};

/// One word of a condition.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Token {
    Word(String),
    Quoted(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

/// A token and the (0-based) character where it starts.
pub(super) type Spanned = (Token, usize);

/// The error of `kind` at the 0-based character `column`.
pub(super) fn error(column: usize, kind: QueryErrorKind) -> QueryError {
    QueryError {
        column: column + 1,
        kind,
    }
}

/// The tokens of `text`, or the first character that cannot start one.
pub(super) fn lex(text: &str) -> Result<Vec<Spanned>, QueryError> {
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
                            return Err(error(start, QueryErrorKind::UnclosedText { close }));
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
                    _ => return Err(error(start, QueryErrorKind::LoneBang)),
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
