//! The control of one RFM score's scoring: by quantile (five equal groups of customers), or by four
//! thresholds typed as numbers in the metric's unit (days, orders, or the currency).

use kokyaku_core::analysis::rfm::Scoring;
use kokyaku_core::segment::Message;
use yew::prelude::*;

use super::{show_refusal, ParamCallback};
use crate::i18n::Lang;

/// What a score measures, for its unit and its starting thresholds.
#[derive(Clone, Copy, PartialEq)]
pub enum Metric {
    /// Days since the last order.
    Recency,
    /// Orders.
    Frequency,
    /// Spend in minor units, shown in currency units with this many decimals.
    Monetary { decimals: u32 },
}

impl Metric {
    /// The unit after each threshold.
    fn unit(self, l: Lang, currency: &str) -> String {
        match self {
            Metric::Recency => l.t("日", "days").into(),
            Metric::Frequency => l.t("回", "orders").into(),
            Metric::Monetary { .. } => currency.into(),
        }
    }

    /// The thresholds a switch to fixed scoring starts from, in the metric's unit (minor units for money).
    fn starting(self) -> [i64; 4] {
        match self {
            Metric::Recency => [30, 90, 180, 365],
            Metric::Frequency => [1, 2, 3, 5],
            Metric::Monetary { decimals } => {
                [5_000, 10_000, 30_000, 100_000].map(|v| v * 10i64.pow(decimals))
            }
        }
    }

    /// Minor units per unit shown.
    fn scale(self) -> f64 {
        match self {
            Metric::Monetary { decimals } => 10f64.powi(decimals as i32),
            _ => 1.0,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The prefix of the controls' test ids (`rfm-r`): `-mode`, `-t1` … `-t4`.
    pub id: &'static str,
    pub label: AttrValue,
    pub metric: Metric,
    pub currency: AttrValue,
    pub value: Scoring,
    pub on: ParamCallback<Scoring>,
}

/// A choice of quantile or fixed scoring, and the four thresholds of a fixed one.
#[function_component]
pub fn ScoringControl(props: &Props) -> Html {
    let l = props.lang;
    let metric = props.metric;
    let on_mode = {
        let on = props.on.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let scoring = match select.value().as_str() {
                "fixed" => Scoring::Fixed(metric.starting()),
                _ => Scoring::Quantile,
            };
            on.emit(scoring);
        })
    };
    let thresholds = match &props.value {
        Scoring::Fixed(t) => Some(*t),
        Scoring::Quantile => None,
    };
    let unit = metric.unit(l, &props.currency);
    let inputs = thresholds.map(|t| {
        html! {
            <span class="thresholds">
            { for (0..4).map(|k| {
                let on = props.on.clone();
                let onchange = Callback::from(move |e: Event| {
                    let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                    let Ok(shown) = input.value().trim().parse::<f64>() else {
                        let why = Message::new("Type a number.", "数値を入力してください。");
                        return show_refusal(&input, Some(why));
                    };
                    let mut next = t;
                    next[k] = (shown * metric.scale()).round() as i64;
                    show_refusal(&input, on.emit(Scoring::Fixed(next)));
                });
                let shown = t[k] as f64 / metric.scale();
                html! {
                    <label class="threshold">
                        <span class="sr-only">{ format!("{} {}", l.t("しきい値", "threshold"), k + 1) }</span>
                        <input type="number" value={ shown.to_string() } {onchange} min="0"
                            data-testid={ format!("{}-t{}", props.id, k + 1) } />
                        { &unit }
                    </label>
                }
            }) }
            </span>
        }
    });
    html! {
        <fieldset class="param scoring">
            <legend>{ &props.label }</legend>
            <select data-testid={ format!("{}-mode", props.id) } onchange={ on_mode }
                aria-label={ format!("{} {}", props.label, l.t("の決め方", "scoring")) }>
                <option value="quantile" selected={ thresholds.is_none() }>
                    { l.t("分位（顧客を5等分）", "Quantiles (five equal groups)") }</option>
                <option value="fixed" selected={ thresholds.is_some() }>
                    { l.t("しきい値を指定", "Fixed thresholds") }</option>
            </select>
            { for inputs }
        </fieldset>
    }
}
