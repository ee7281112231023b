//! Download buttons: an analysis table as CSV (the CLI's `--csv` bytes), a chart as SVG or PNG.

use kokyaku_core::table::Table;
use yew::prelude::*;

use crate::download;
use crate::i18n::Lang;

/// A button offering the table `table()` builds, when pressed, as `<file>.csv`. `id` names it for tests
/// (`csv-<id>`); `what` says which table, for screen readers.
pub fn csv_button(
    l: Lang,
    id: &'static str,
    what: &str,
    file: &'static str,
    table: impl Fn() -> Table + 'static,
) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Err(e) = download::save_csv(&format!("{file}.csv"), &table()) {
            web_sys::console::error_1(&e.into());
        }
    });
    let label = format!("{} — {what}", l.t("CSVをダウンロード", "Download CSV"));
    html! {
        <button type="button" class="secondary small" data-testid={ format!("csv-{id}") } aria-label={ label.clone() } title={ label } {onclick}>
            { l.t("CSV ダウンロード", "Download CSV") }
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
