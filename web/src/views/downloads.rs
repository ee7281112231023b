//! Download buttons: an analysis table as CSV (the bytes of the CLI's `--csv`, with `--lang` as the page's
//! language unless ids are asked for), a chart as SVG or PNG.

use std::rc::Rc;

use kokyaku_core::table::{CsvStyle, Table};
use yew::prelude::*;

use crate::derived::use_derived;
use crate::download;
use crate::i18n::Lang;

/// Whether CSV downloads write headings and categories as the ids tools read, rather than in the page's
/// language: the toolbar's choice, given to every view.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CsvIds(pub bool);

/// A button offering the table `table()` builds, when pressed, as `<file>.csv`. `id` names it for tests
/// (`csv-<id>`); `what` says which table, for screen readers.
pub fn csv_button(
    l: Lang,
    id: &'static str,
    what: &str,
    file: &'static str,
    table: impl Fn() -> Table + 'static,
) -> Html {
    let table: Rc<dyn Fn() -> Table> = Rc::new(table);
    html! { <CsvButton lang={ l } { id } what={ what.to_string() } { file } { table } /> }
}

#[derive(Properties)]
struct Props {
    lang: Lang,
    id: &'static str,
    what: AttrValue,
    file: &'static str,
    table: Rc<dyn Fn() -> Table>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        (self.lang, self.id, &self.what, self.file)
            == (other.lang, other.id, &other.what, other.file)
            && Rc::ptr_eq(&self.table, &other.table)
    }
}

#[function_component]
fn CsvButton(props: &Props) -> Html {
    let l = props.lang;
    let ids = use_context::<CsvIds>().unwrap_or_default().0;
    let style = CsvStyle {
        lang: (!ids).then_some(l),
        decimals: use_derived().dataset().currency.decimals,
    };
    let onclick = {
        let (file, table) = (props.file, props.table.clone());
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = download::save_csv(&format!("{file}.csv"), &table(), &style) {
                web_sys::console::error_1(&e.into());
            }
        })
    };
    let label = format!(
        "{} — {}",
        l.t("CSVをダウンロード", "Download CSV"),
        props.what
    );
    html! {
        <button type="button" class="secondary small" data-testid={ format!("csv-{}", props.id) } aria-label={ label.clone() } title={ label } {onclick}>
            { l.t("CSV ダウンロード", "Download CSV") }<span class="what">{ match l { Lang::Ja => format!("（{}）", props.what), Lang::En => format!(" ({})", props.what) } }</span>
        </button>
    }
}

/// SVG and PNG buttons for the chart marked `data-testid=<chart>`, saved as `<file>.svg` / `<file>.png`.
pub fn chart_buttons(l: Lang, chart: &'static str, file: &'static str) -> Html {
    let svg = Callback::from(move |_: MouseEvent| {
        if let Err(e) = download::save_svg(&format!("{file}.svg"), chart) {
            web_sys::console::error_1(&e.into());
        }
    });
    let png = Callback::from(move |_: MouseEvent| {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = download::save_png(&format!("{file}.png"), chart).await {
                web_sys::console::error_1(&e.into());
            }
        });
    });
    html! {
        <div class="downloads" role="group" aria-label={ l.t("グラフを保存", "Save the chart") }>
            <button type="button" class="secondary small" data-testid={ format!("svg-{chart}") } onclick={ svg }
                aria-label={ l.t("グラフを SVG で保存", "Save the chart as SVG") }>{ l.t("SVG で保存", "Save SVG") }</button>
            <button type="button" class="secondary small" data-testid={ format!("png-{chart}") } onclick={ png }
                aria-label={ l.t("グラフを PNG で保存", "Save the chart as PNG") }>{ l.t("PNG で保存", "Save PNG") }</button>
        </div>
    }
}
