//! The key to the condition language, shown under the text editor: every field by its name in conditions,
//! what it means in the page's language, and an example (for a choice field, every id with its name), so that
//! someone reading `rfm_segment in (at_risk, cant_lose_them)` can tell what it selects.

use kokyaku_core::segment::{Field, Kind};
use yew::prelude::*;

use crate::i18n::Lang;

/// An example condition on `field`, in the condition language.
fn example(field: Field, l: Lang) -> String {
    let name = field.name();
    match field.kind() {
        Kind::Count => format!("{name} >= 2"),
        Kind::Money => format!("{name} >= 10000"),
        Kind::Probability => format!("{name} < 50%"),
        Kind::Number => format!("{name} >= 1.5"),
        Kind::Date => format!("{name} >= 2024-01-01"),
        Kind::Month => format!("{name} = 2024-01"),
        Kind::Text => match field {
            Field::Email => format!("{name} contains \"@example.jp\""),
            _ => format!("{name} = \"{}\"", l.t("値", "value")),
        },
        Kind::Choice(ids) => match ids {
            [first, second, ..] => format!("{name} in ({first}, {second})"),
            _ => format!("{name} = {}", ids.first().unwrap_or(&"")),
        },
        Kind::Products => format!("{name} = \"{}\"", l.t("商品名", "product name")),
    }
}

/// A choice field's ids with their names (`champions＝優良顧客`); empty for other kinds.
fn values(field: Field, l: Lang) -> Html {
    let Kind::Choice(ids) = field.kind() else {
        return Html::default();
    };
    html! {
        <ul class="key-values">
            { for ids.iter().map(|id| {
                let (ja, en) = field.choice_names(id);
                let name = if l == Lang::Ja { ja } else { en };
                html! { <li><code>{ *id }</code>{ l.t("＝", " = ") }{ name }</li> }
            }) }
        </ul>
    }
}

/// The table of fields; the LTV fields only when `has_ltv`.
pub fn field_key(l: Lang, has_ltv: bool) -> Html {
    let rows = Field::ALL
        .into_iter()
        .filter(|f| has_ltv || !f.needs_ltv())
        .map(|f| {
            let (ja, en) = f.labels();
            html! {
                <tr data-field={ f.name() }>
                    <td><code>{ f.name() }</code></td>
                    <td>{ if l == Lang::Ja { ja } else { en } }</td>
                    <td><code>{ example(f, l) }</code>{ values(f, l) }</td>
                </tr>
            }
        });
    html! {
        <table class="field-key" data-testid="seg-key">
            <caption>{ l.t(
                "条件に書ける項目（「and」でつなぎ、同じ項目どうしは「( … or … )」でまとめます）",
                "Fields a condition can use (join clauses with “and”; “( … or … )” joins clauses on one field)",
            ) }</caption>
            <thead><tr>
                <th scope="col">{ l.t("項目名", "Field") }</th>
                <th scope="col">{ l.t("意味", "Meaning") }</th>
                <th scope="col">{ l.t("書き方の例", "Example") }</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kokyaku_core::segment::Query;

    /// Every example is a condition the core reads.
    #[test]
    fn every_example_parses() {
        for l in [Lang::Ja, Lang::En] {
            for field in Field::ALL {
                let text = example(field, l);
                assert!(text.parse::<Query>().is_ok(), "{text}");
            }
        }
    }
}
