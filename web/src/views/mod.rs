//! The page's views, one per concern. The analysis views read the data and the results they share from the
//! context (`crate::derived`); each owns its parameters and recomputes from the dataset when they change,
//! without re-reading any file.

pub mod acquisition;
pub mod bars;
pub mod basket;
pub mod cohort;
pub mod cpm;
pub mod dashboard;
pub mod downloads;
pub mod dropzone;
pub mod failed;
pub mod history;
pub mod ltv;
pub mod mapping;
pub mod migration;
pub mod quality;
pub mod repeat;
pub mod rfm;
pub mod scoring;
pub mod segment;
pub mod statuses;
pub mod summary;
pub mod tracking;

use kokyaku_core::analysis::read_params::DayList;
use kokyaku_core::params::ParamError;
use kokyaku_core::segment::Message;
use yew::prelude::*;

use crate::i18n::{Lang, Words};

/// Keeps the first `k` of `rows` in the order `cmp` gives, sorted: a selection then a sort of those `k`, so a
/// table showing the first pages of hundreds of thousands of customers does not sort them all. `cmp` must be a
/// total order (break ties), or rows that compare equal may come in any order.
pub fn first_in_order<T>(rows: &mut Vec<T>, k: usize, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if k == 0 {
        rows.clear();
        return;
    }
    if k < rows.len() {
        rows.select_nth_unstable_by(k - 1, &cmp);
        rows.truncate(k);
    }
    rows.sort_unstable_by(cmp);
}

/// What every analysis view is given besides the context: the language.
#[derive(Properties, Clone, PartialEq)]
pub struct ViewProps {
    pub lang: Lang,
}

/// Moves the keyboard focus to the element with this id.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// What a parameter field calls with a value it read: `None` when the parameters took it, else why the core's
/// rules refuse it, in both languages.
pub type ParamCallback<T> = Callback<T, Option<Message>>;

/// The callback of a field that sets part of `params` with `apply`: the new parameters are kept when
/// `validate` (the core's rules) accepts them.
pub fn setter<P: Clone + 'static, T: 'static>(
    params: &UseStateHandle<P>,
    apply: fn(&mut P, T),
    validate: fn(&P) -> Result<(), ParamError>,
) -> ParamCallback<T> {
    let params = params.clone();
    Callback::from(move |value: T| {
        let mut p = (*params).clone();
        apply(&mut p, value);
        match validate(&p) {
            Ok(()) => {
                params.set(p);
                None
            }
            Err(e) => Some(Message::of(&e)),
        }
    })
}

/// Marks `input` valid, or invalid with the reason shown in the language of the page around it.
pub fn show_refusal(input: &web_sys::HtmlInputElement, refusal: Option<Message>) {
    match refusal {
        None => input.set_custom_validity(""),
        Some(why) => {
            let lang = input
                .closest("[lang]")
                .ok()
                .flatten()
                .and_then(|e| e.get_attribute("lang"))
                .and_then(|code| Lang::from_code(&code))
                .unwrap_or_default();
            input.set_custom_validity(&why.words(lang));
            input.report_validity();
        }
    }
}

/// A labelled number input that reports parsed values (invalid text is ignored until it parses), marked
/// invalid when the parameters refuse the value.
pub fn number_input<T: std::str::FromStr + std::fmt::Display + 'static>(
    id: &'static str,
    label: &str,
    value: &T,
    on: ParamCallback<T>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(v) = input.value().trim().parse::<T>() {
            show_refusal(&input, on.emit(v));
        }
    });
    html! {
        <label class="param">{ label }{ " " }
            <input type="number" data-testid={ id } value={ value.to_string() } {onchange} />
        </label>
    }
}

/// A labelled number input for a fraction, shown and typed as a percentage (`1` for 0.01), reporting the
/// fraction.
pub fn percent_input(id: &'static str, label: &str, value: f64, on: ParamCallback<f64>) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Ok(percent) = input.value().trim().parse::<f64>() {
            show_refusal(&input, on.emit(percent / 100.0));
        }
    });
    // Rounded for display: 0.07 × 100 is 7.000000000000001 in binary.
    let shown = format!("{}", (value * 100.0 * 1e6).round() / 1e6);
    html! {
        <label class="param">{ label }{ " " }
            <input type="number" step="0.1" data-testid={ id } value={ shown } {onchange} />{ " %" }
        </label>
    }
}

/// The heat class of a share in [0, 1]: `heat-0` (none) to `heat-5`.
pub fn heat_class(share: f64) -> String {
    let level = if share <= 0.0 {
        0
    } else {
        1 + ((share * 5.0) as u32).min(4)
    };
    format!("heat-{level}")
}

/// A labelled field for a list of days (`30,60,90`), read by the core's reader; the list changes once the
/// text reads as one the parameters take.
pub fn list_input(
    id: &'static str,
    label: &str,
    values: &[i32],
    on: ParamCallback<Vec<i32>>,
) -> Html {
    let text = DayList(values.to_vec()).to_string();
    let onchange = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let refusal = match input.value().parse::<DayList>() {
            Ok(days) => on.emit(days.0),
            Err(e) => Some(Message::of(&e)),
        };
        show_refusal(&input, refusal);
    });
    html! {
        <label class="param">{ label }{ " " }
            <input type="text" data-testid={ id } value={ text } {onchange} size="18" />
        </label>
    }
}
