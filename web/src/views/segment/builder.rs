//! The condition rows of the segment builder. Each row is one clause (field, operator, value); the rows are
//! written as the core's condition text, and text typed by hand is read back into rows. A clause the rows
//! cannot show (an OR group) is kept as its text.

use kokyaku_core::segment::query::{Clause, Condition, Op};
use kokyaku_core::segment::{Field, Kind, Query};
use yew::prelude::*;

use crate::i18n::Lang;

/// One condition row as the user edits it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub field: Field,
    pub op: Op,
    /// The value as typed; for `in`/`not in` a comma-separated list. For choice fields, the ids chosen.
    pub value: String,
    /// The text of a clause the row controls cannot show, kept as written.
    pub raw: Option<String>,
}

impl Row {
    /// A new row for `field` with a sensible first condition.
    pub fn new(field: Field) -> Row {
        let (op, value) = match field.kind() {
            Kind::Count => (Op::Ge, "1".to_string()),
            Kind::Money => (Op::Ge, "0".to_string()),
            Kind::Probability => (Op::Ge, "0.5".to_string()),
            Kind::Number => (Op::Ge, "1".to_string()),
            Kind::Date => (Op::Ge, "2024-01-01".to_string()),
            Kind::Month => (Op::Ge, "2024-01".to_string()),
            Kind::Text => (Op::Contains, String::new()),
            Kind::Choice(ids) => (Op::In, ids[0].to_string()),
            Kind::Products => (Op::In, String::new()),
        };
        Row {
            field,
            op,
            value,
            raw: None,
        }
    }

    /// The row's values, split for list operators.
    fn values(&self) -> Vec<String> {
        if matches!(self.op, Op::In | Op::NotIn) {
            self.value
                .split([',', '、'])
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        } else {
            vec![self.value.trim().to_string()]
        }
    }

    /// The row as condition text (quoted where the field holds text).
    pub fn text(&self) -> String {
        if let Some(raw) = &self.raw {
            return raw.clone();
        }
        let quote = matches!(self.field.kind(), Kind::Text | Kind::Products);
        let value = |v: &String| {
            if quote {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v.clone()
            }
        };
        let values = self.values();
        if matches!(self.op, Op::In | Op::NotIn) {
            let list: Vec<String> = values.iter().map(value).collect();
            format!(
                "{} {} ({})",
                self.field.name(),
                self.op.symbol(),
                list.join(", ")
            )
        } else {
            format!(
                "{} {} {}",
                self.field.name(),
                self.op.symbol(),
                value(&values[0])
            )
        }
    }
}

/// The condition text of all rows, joined with AND.
pub fn rows_text(rows: &[Row]) -> String {
    rows.iter().map(Row::text).collect::<Vec<_>>().join(" and ")
}

/// The rows of a parsed query.
pub fn rows_of(query: &Query) -> Vec<Row> {
    query
        .clauses
        .iter()
        .map(|clause| {
            let single = clause.any.len() == 1
                && clause.any[0]
                    .values
                    .iter()
                    .all(|v| !v.contains(',') && !v.is_empty());
            if single {
                let Condition { op, values } = &clause.any[0];
                Row {
                    field: clause.field,
                    op: offered(*op, clause.field.kind()),
                    value: values.join(", "),
                    raw: None,
                }
            } else {
                let text = Query {
                    clauses: vec![Clause {
                        field: clause.field,
                        any: clause.any.clone(),
                    }],
                }
                .to_string();
                Row {
                    field: clause.field,
                    op: clause.any[0].op,
                    value: String::new(),
                    raw: Some(text),
                }
            }
        })
        .collect()
}

/// The operator the row's controls offer for `op`: for choices and products, where only "any of" and "none
/// of" are offered, `=` is "any of" one value and `!=` "none of" it, which select the same customers.
fn offered(op: Op, kind: Kind) -> Op {
    match (op, kind) {
        (Op::Eq, Kind::Choice(_) | Kind::Products) => Op::In,
        (Op::Ne, Kind::Choice(_) | Kind::Products) => Op::NotIn,
        (op, _) => op,
    }
}

/// The operators offered for a field's kind.
fn operators(kind: Kind) -> &'static [Op] {
    match kind {
        Kind::Count | Kind::Money | Kind::Date | Kind::Month => &[
            Op::Eq,
            Op::Ne,
            Op::Lt,
            Op::Le,
            Op::Gt,
            Op::Ge,
            Op::In,
            Op::NotIn,
        ],
        Kind::Probability | Kind::Number => &[Op::Lt, Op::Le, Op::Gt, Op::Ge],
        Kind::Text => &[Op::Contains, Op::Eq, Op::Ne, Op::In, Op::NotIn],
        Kind::Choice(_) => &[Op::In, Op::NotIn],
        Kind::Products => &[Op::In, Op::NotIn],
    }
}

/// How an operator reads in the page's language.
fn operator_label(op: Op, kind: Kind, l: Lang) -> String {
    let any_of = matches!(kind, Kind::Choice(_) | Kind::Products);
    match op {
        Op::In if any_of => l.t("のいずれか", "is any of").into(),
        Op::NotIn if any_of => l.t("のどれでもない", "is none of").into(),
        Op::In => l
            .t("のいずれか (カンマ区切り)", "one of (comma-separated)")
            .into(),
        Op::NotIn => l
            .t("のどれでもない (カンマ区切り)", "none of (comma-separated)")
            .into(),
        Op::Contains => l.t("を含む", "contains").into(),
        Op::Eq => l.t("が次と等しい", "is").into(),
        Op::Ne => l.t("が次と異なる", "is not").into(),
        Op::Lt if dated(kind) => l.t("が次より前", "is before").into(),
        Op::Le if dated(kind) => l.t("が次以前", "is on or before").into(),
        Op::Gt if dated(kind) => l.t("が次より後", "is after").into(),
        Op::Ge if dated(kind) => l.t("が次以降", "is on or after").into(),
        Op::Lt => l.t("が次の値未満", "is below").into(),
        Op::Le => l.t("が次の値以下", "is at most").into(),
        Op::Gt => l.t("が次の値より大きい", "is above").into(),
        Op::Ge => l.t("が次の値以上", "is at least").into(),
    }
}

/// Whether the kind's values are dates or months, compared as earlier and later.
fn dated(kind: Kind) -> bool {
    matches!(kind, Kind::Date | Kind::Month)
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub rows: Vec<Row>,
    /// Each row's problem, if its text does not read as a condition.
    pub problems: Vec<Option<String>>,
    /// Whether the LTV fields can be used.
    pub has_ltv: bool,
    /// Product ids (or names) offered as suggestions for product conditions.
    pub products: std::rc::Rc<Vec<String>>,
    pub on_change: Callback<Vec<Row>>,
}

/// The editable rows, with a field list to add one.
#[function_component]
pub fn Builder(props: &Props) -> Html {
    let l = props.lang;
    let update = |i: usize, f: fn(&mut Row, String)| {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        move |value: String| {
            let mut rows = rows.clone();
            f(&mut rows[i], value);
            on_change.emit(rows);
        }
    };
    let row_html = |(i, row): (usize, &Row)| {
        let (ja, en) = row.field.labels();
        let remove = {
            let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
            Callback::from(move |_| {
                let mut rows = rows.clone();
                rows.remove(i);
                on_change.emit(rows);
            })
        };
        let problem = props.problems.get(i).cloned().flatten();
        let label_id = format!("seg-row-{i}");
        let body = if let Some(raw) = &row.raw {
            html! { <code>{ raw }</code> }
        } else {
            let on_field = {
                let f = update(i, |r, v| {
                    if let Some(field) = Field::from_name(&v) {
                        *r = Row::new(field);
                    }
                });
                Callback::from(move |e: Event| {
                    let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    f(s.value());
                })
            };
            let on_op = {
                let f = update(i, |r, v| {
                    if let Some(op) = operators(r.field.kind()).iter().find(|o| o.symbol() == v) {
                        r.op = *op;
                    }
                });
                Callback::from(move |e: Event| {
                    let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    f(s.value());
                })
            };
            let value_input = match row.field.kind() {
                Kind::Choice(ids) => {
                    let chosen = row.values();
                    html! {
                        <span class="choices" role="group" aria-labelledby={ label_id.clone() }>
                        { for ids.iter().map(|id| {
                            let checked = chosen.iter().any(|c| c == id);
                            let (ja, en) = row.field.choice_names(id);
                            let f = update(i, |r, v| r.value = v);
                            let (chosen, id_owned) = (chosen.clone(), id.to_string());
                            let onchange = Callback::from(move |e: Event| {
                                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                                let mut next: Vec<String> = chosen.iter().filter(|c| **c != id_owned).cloned().collect();
                                if input.checked() { next.push(id_owned.clone()); }
                                f(next.join(", "));
                            });
                            html! {
                                <label class="choice">
                                    <input type="checkbox" value={ *id } {checked} {onchange} data-testid={ format!("seg-choice-{id}") } />
                                    { if l == Lang::Ja { ja } else { en } }
                                </label>
                            }
                        }) }
                        </span>
                    }
                }
                _ => {
                    let f = update(i, |r, v| r.value = v);
                    let oninput = Callback::from(move |e: InputEvent| {
                        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                        f(input.value());
                    });
                    let list = (row.field.kind() == Kind::Products).then_some("seg-products");
                    html! {
                        <input type="text" value={ row.value.clone() } {oninput} size="24" list={ list }
                            aria-labelledby={ label_id.clone() } data-testid={ format!("seg-value-{i}") } />
                    }
                }
            };
            html! {
                <>
                <select aria-label={ l.t("項目", "Field") } onchange={ on_field } data-testid={ format!("seg-field-{i}") }>
                    { for Field::ALL.iter().filter(|f| props.has_ltv || !f.needs_ltv() || **f == row.field).map(|f| {
                        let (ja, en) = f.labels();
                        html! { <option value={ f.name() } selected={ *f == row.field }>{ l.t(ja, en) }</option> }
                    }) }
                </select>
                <select aria-label={ l.t("条件", "Operator") } onchange={ on_op } data-testid={ format!("seg-op-{i}") }>
                    { for operators(row.field.kind()).iter().map(|op| html! {
                        <option value={ op.symbol() } selected={ *op == row.op }>{ operator_label(*op, row.field.kind(), l) }</option>
                    }) }
                </select>
                { value_input }
                </>
            }
        };
        html! {
            <li class={ classes!("seg-row", problem.is_some().then_some("invalid")) } data-testid={ format!("seg-row-{i}") }>
                <span id={ label_id } class="sr-only">{ l.t(ja, en) }</span>
                { body }
                <button class="link" onclick={ remove } aria-label={ format!("{} {}", l.t("条件を削除:", "Remove condition:"), l.t(ja, en)) }>{ "✕" }</button>
                { problem.map(|p| html! { <p class="error-text" role="alert">{ p }</p> }).unwrap_or_default() }
            </li>
        }
    };
    let add = {
        let (rows, on_change) = (props.rows.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(field) = Field::from_name(&s.value()) {
                let mut rows = rows.clone();
                rows.push(Row::new(field));
                on_change.emit(rows);
            }
            s.set_value("");
        })
    };
    html! {
        <div class="builder">
            <datalist id="seg-products">
                { for props.products.iter().map(|p| html! { <option value={ p.clone() } /> }) }
            </datalist>
            <ol class="seg-rows" aria-label={ l.t("条件（すべてを満たす顧客）", "Conditions (customers meeting all)") }>
                { for props.rows.iter().enumerate().map(row_html) }
            </ol>
            <label class="param">{ l.t("条件を追加：", "Add a condition: ") }
                <select onchange={ add } data-testid="seg-add">
                    <option value="" selected=true>{ l.t("項目を選ぶ…", "Choose a field…") }</option>
                    { for Field::ALL.iter().filter(|f| props.has_ltv || !f.needs_ltv()).map(|f| {
                        let (ja, en) = f.labels();
                        html! { <option value={ f.name() }>{ l.t(ja, en) }</option> }
                    }) }
                </select>
            </label>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_written_with_equals_shows_as_any_of_and_edits_into_valid_text() {
        // The subscription-churn starter's condition.
        let query: Query = "subscription = active and recency >= 35".parse().unwrap();
        let mut rows = rows_of(&query);
        assert_eq!((rows[0].op, rows[0].value.as_str()), (Op::In, "active"));
        assert_eq!(
            rows_text(&rows),
            "subscription in (active) and recency >= 35"
        );
        // Ticking a second box, as the page does.
        rows[0].value = "active, lapsed".into();
        let text = rows_text(&rows);
        assert_eq!(text, "subscription in (active, lapsed) and recency >= 35");
        assert!(text.parse::<Query>().is_ok());
        let excluded: Query = "subscription != none".parse().unwrap();
        assert_eq!(rows_of(&excluded)[0].op, Op::NotIn);
    }

    #[test]
    fn operators_read_as_words_not_symbols() {
        for kind in [Kind::Count, Kind::Money, Kind::Date, Kind::Probability] {
            for op in operators(kind) {
                for l in [Lang::Ja, Lang::En] {
                    let label = operator_label(*op, kind, l);
                    assert!(
                        !["<", "<=", ">", ">=", "=", "!="].contains(&label.as_str()),
                        "{label}"
                    );
                }
            }
        }
        assert_eq!(
            operator_label(Op::Ge, Kind::Count, Lang::Ja),
            "が次の値以上"
        );
        assert_eq!(operator_label(Op::Lt, Kind::Date, Lang::Ja), "が次より前");
    }
}
