//! Saved segments: kept by name in this browser's storage (nothing leaves the device), shared as a small JSON
//! file (the core's shared-definitions format) that can be downloaded and imported.

use gloo::storage::{LocalStorage, Storage};
use kokyaku_core::segment::{definition, Definition};
use yew::prelude::*;

use crate::download;
use crate::i18n::{Lang, Words};

const STORAGE_KEY: &str = "kokyaku.segments";

/// The segments saved in this browser (none when the storage is empty or unreadable).
pub fn load() -> Vec<Definition> {
    LocalStorage::get::<String>(STORAGE_KEY)
        .ok()
        .and_then(|text| definition::from_json(&text).ok())
        .unwrap_or_default()
}

/// Keeps `definitions` in this browser.
pub fn store(definitions: &[Definition]) -> Result<(), String> {
    LocalStorage::set(STORAGE_KEY, definition::to_json(definitions)).map_err(|e| e.to_string())
}

/// Adds `new` to `list`, replacing a definition with the same name.
pub fn merge(list: &mut Vec<Definition>, new: Definition) {
    match list.iter_mut().find(|d| d.name == new.name) {
        Some(old) => *old = new,
        None => list.push(new),
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub saved: Vec<Definition>,
    /// The definition being edited, to save under a name.
    pub current: Definition,
    pub on_saved: Callback<Vec<Definition>>,
    pub on_apply: Callback<Definition>,
}

/// Save, apply, delete, export and import segment definitions.
#[function_component]
pub fn Saved(props: &Props) -> Html {
    let l = props.lang;
    let name = use_state(String::new);
    let message = use_state(|| None::<(bool, String)>);
    let commit = {
        let (on_saved, message) = (props.on_saved.clone(), message.clone());
        move |list: Vec<Definition>, done: String| match store(&list) {
            Ok(()) => {
                message.set(Some((true, done)));
                on_saved.emit(list);
            }
            Err(why) => message.set(Some((false, why))),
        }
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            name.set(input.value());
        })
    };
    let on_save = {
        let (saved, current, name, commit) = (
            props.saved.clone(),
            props.current.clone(),
            name.clone(),
            commit.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let title = name.trim().to_string();
            if title.is_empty() {
                return;
            }
            let mut list = saved.clone();
            merge(
                &mut list,
                Definition {
                    name: title.clone(),
                    ..current.clone()
                },
            );
            commit(list, format!("{}{title}", l.t("保存しました: ", "Saved: ")));
        })
    };
    let on_export = {
        let (saved, message) = (props.saved.clone(), message.clone());
        Callback::from(move |_| {
            let json = definition::to_json(&saved);
            if let Err(why) =
                download::save_text("kokyaku-segments.json", "application/json", &json)
            {
                message.set(Some((false, why)));
            }
        })
    };
    let on_import = {
        let (saved, message, commit) = (props.saved.clone(), message.clone(), commit.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (saved, message, commit) = (saved.clone(), message.clone(), commit.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let file = gloo::file::File::from(file);
                let text = gloo::file::futures::read_as_text(&file).await;
                let result = text
                    .map_err(|e| e.to_string())
                    .and_then(|t| definition::from_json(&t).map_err(|e| e.words(l)));
                match result {
                    Ok(imported) => {
                        let n = imported.len();
                        let mut list = saved;
                        for d in imported {
                            merge(&mut list, d);
                        }
                        commit(
                            list,
                            format!(
                                "{}{n}",
                                l.t("読み込んだセグメント数: ", "Segments imported: ")
                            ),
                        );
                    }
                    Err(why) => message.set(Some((false, format!("{}: {why}", file.name())))),
                }
            });
        })
    };
    let item = |d: &Definition| {
        let apply = {
            let (on_apply, d) = (props.on_apply.clone(), d.clone());
            Callback::from(move |_| on_apply.emit(d.clone()))
        };
        let delete = {
            let (saved, name, commit) = (props.saved.clone(), d.name.clone(), commit.clone());
            Callback::from(move |_| {
                let list: Vec<Definition> =
                    saved.iter().filter(|x| x.name != name).cloned().collect();
                commit(
                    list,
                    format!("{}{name}", l.t("削除しました: ", "Deleted: ")),
                );
            })
        };
        html! {
            <li data-testid="seg-saved-item">
                <button class="link" onclick={ apply } title={ d.condition.clone() }>{ &d.name }</button>
                <button class="link" onclick={ delete } aria-label={ format!("{} {}", l.t("削除:", "Delete:"), d.name) }>{ "✕" }</button>
            </li>
        }
    };
    html! {
        <div class="saved">
            <form class="param" onsubmit={ on_save }>
                <label>{ l.t("名前を付けて保存 ", "Save as ") }
                    <input type="text" value={ (*name).clone() } oninput={ on_name } data-testid="seg-name" required=true />
                </label>
                <button type="submit" data-testid="seg-save">{ l.t("保存", "Save") }</button>
            </form>
            if props.saved.is_empty() {
                <p class="muted">{ l.t("保存したセグメントはまだありません（このブラウザにだけ保存されます）。", "No saved segments yet (they are kept in this browser only).") }</p>
            } else {
                <ul class="saved-list" aria-label={ l.t("保存したセグメント", "Saved segments") }>{ for props.saved.iter().map(item) }</ul>
            }
            <div class="actions">
                <button class="secondary" onclick={ on_export } disabled={ props.saved.is_empty() } data-testid="seg-export-defs">
                    { l.t("定義をJSONで書き出す", "Export definitions (JSON)") }
                </button>
                <label class="button secondary">{ l.t("定義を読み込む", "Import definitions") }
                    <input type="file" accept=".json,application/json" onchange={ on_import } data-testid="seg-import-defs" />
                </label>
            </div>
            { message.as_ref().map(|(ok, text)| html! {
                <p class={ if *ok { "muted" } else { "error-text" } } role="status" data-testid="seg-saved-message">{ text }</p>
            }).unwrap_or_default() }
        </div>
    }
}
