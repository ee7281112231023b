//! Where files come in: drag and drop, a file picker, a folder picker, and the sample-data button.

use gloo::file::File;
use kokyaku_core::ingest::{EncodingChoice, PresetChoice};
use kokyaku_core::IngestOptions;
use yew::prelude::*;

use crate::i18n::Lang;
use crate::loader::Input;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// The inputs to read, and how to read them.
    pub on_inputs: Callback<(Vec<Input>, IngestOptions)>,
    pub disabled: bool,
    /// Whether to offer the sample data (whose file is beside the standalone page only).
    #[prop_or(true)]
    pub sample: bool,
}

/// The `*.csv` files among these, by name (a folder holds other files too); all of them when none is.
fn csv_files(mut files: Vec<web_sys::File>) -> Vec<Input> {
    if files.iter().any(|f| is_csv(&f.name())) {
        files.retain(|f| is_csv(&f.name()));
    }
    files.sort_by_key(|f| f.name());
    files
        .into_iter()
        .map(|f| Input::File(File::from(f)))
        .collect()
}

/// The files of a file list.
fn listed(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map_or_else(Vec::new, |list| {
        (0..list.length()).filter_map(|i| list.get(i)).collect()
    })
}

fn is_csv(name: &str) -> bool {
    name.to_lowercase().ends_with(".csv")
}

#[function_component]
pub fn DropZone(props: &Props) -> Html {
    let over = use_state(|| false);
    let encoding = use_state(EncodingChoice::default);
    let preset = use_state(PresetChoice::default);
    let l = props.lang;
    // Every way in hands the inputs over with the reading options chosen now.
    let on_inputs = {
        let on = props.on_inputs.clone();
        let (encoding, preset) = (encoding.clone(), preset.clone());
        Callback::from(move |inputs: Vec<Input>| {
            let options = IngestOptions {
                encoding: *encoding,
                preset: *preset,
                ..Default::default()
            };
            on.emit((inputs, options));
        })
    };
    let from_input = {
        let on = on_inputs.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on.emit(csv_files(listed(input.files())));
            input.set_value("");
        })
    };
    let ondrop = {
        let on = on_inputs.clone();
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            let Some(data) = e.data_transfer() else {
                return;
            };
            // Folders arrive as entries to walk; plain files are read the same way.
            // A drop made by a script has files but no entries.
            let entries = crate::dropped::entries(&data);
            let plain = listed(data.files());
            let on = on.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let files = match entries.is_empty() {
                    true => plain,
                    // If a folder cannot be walked, its files are tried as they are, and fail visibly.
                    false => crate::dropped::files(entries).await.unwrap_or(plain),
                };
                on.emit(csv_files(files));
            });
        })
    };
    let on_encoding = {
        let encoding = encoding.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            encoding.set(select.value().parse().unwrap_or_default());
        })
    };
    let on_preset = {
        let preset = preset.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            preset.set(select.value().parse().unwrap_or_default());
        })
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let sample = {
        let on = on_inputs;
        Callback::from(move |_| on.emit(vec![Input::Sample]))
    };
    let class = classes!("card", "dropzone", over.then_some("over"));
    html! {
        <section {class} {ondrop} {ondragover} {ondragleave} data-testid="dropzone">
            <h2>{ l.t("注文CSVをここにドロップ", "Drop order CSV exports here") }</h2>
            <p class="muted">{ l.t(
                "Shopify・EC-CUBE・楽天RMS・BASE・ecforce ほか。UTF-8 / Shift_JIS を自動判別。複数ファイル可。",
                "Shopify, EC-CUBE, Rakuten RMS, BASE, ecforce and others. UTF-8 or Shift_JIS, detected. Several files at once.",
            ) }</p>
            <div class="actions">
                <label class="button">
                    { l.t("ファイルを選ぶ", "Choose files") }
                    <input type="file" multiple=true accept=".csv,.txt,.tsv,text/csv" data-testid="file-input"
                        onchange={ from_input.clone() } disabled={ props.disabled } />
                </label>
                <label class="button secondary">
                    { l.t("フォルダを選ぶ", "Choose a folder") }
                    <input type="file" webkitdirectory=true data-testid="folder-input"
                        onchange={ from_input } disabled={ props.disabled } />
                </label>
                if props.sample {
                    <button class="secondary" data-testid="sample" onclick={ sample } disabled={ props.disabled }>
                        { l.t("サンプルデータで試す", "Try with sample data") }
                    </button>
                }
            </div>
            <div class="options">
                <label>{ l.t("文字コード", "Encoding") }{" "}
                    <select data-testid="encoding-choice" onchange={ on_encoding }>
                        <option value="auto" selected=true>{ l.t("自動判別", "Detect") }</option>
                        <option value="utf-8">{ "UTF-8" }</option>
                        <option value="shift-jis">{ "Shift_JIS (CP932)" }</option>
                    </select>
                </label>
                <label>{ l.t("形式", "Format") }{" "}
                    <select data-testid="preset-choice" onchange={ on_preset }>
                        <option value="auto" selected=true>{ l.t("自動判別", "Detect") }</option>
                        <option value="shopify">{ "Shopify" }</option>
                        <option value="ec-cube">{ "EC-CUBE 4" }</option>
                        <option value="rakuten">{ l.t("楽天RMS", "Rakuten RMS") }</option>
                        <option value="base">{ "BASE" }</option>
                        <option value="ecforce">{ "ecforce" }</option>
                        <option value="generic">{ l.t("汎用CSV", "Generic CSV") }</option>
                    </select>
                </label>
            </div>
        </section>
    }
}
