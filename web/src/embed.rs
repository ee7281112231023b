//! Starting the app from JavaScript: [`start`] renders it into the page's body (the standalone page's
//! `boot.js`), [`mount`] into an element of another page (`kokyaku-dashboard.js`, the custom element, which
//! mounts it inside its shadow root). Nothing renders until one of them is called.

use wasm_bindgen::prelude::*;
use yew::{AppHandle, Callback};

use crate::app::{App, AppProps};
use crate::assets;
use crate::i18n::Lang;

/// Renders the app into the page's body. `base`: the URL of the app's files (default: the page's).
#[wasm_bindgen]
pub fn start(base: Option<String>) {
    if let Some(base) = base {
        assets::set_base(&base);
    }
    yew::Renderer::<App>::new().render();
}

/// The app mounted in a host page's element.
#[wasm_bindgen]
pub struct Dashboard {
    handle: Option<AppHandle<App>>,
    props: AppProps,
}

/// Mounts the app into `root` (an element, usually in a shadow root). `base` is the URL of the app's files
/// (its worker); `lang` is `ja` or `en` (default: the browser's language); `onLangChange` hears the user's
/// own switches of language.
#[wasm_bindgen]
pub fn mount(
    root: web_sys::Element,
    base: &str,
    lang: Option<String>,
    #[wasm_bindgen(js_name = onLangChange)] on_lang_change: Option<js_sys::Function>,
) -> Dashboard {
    assets::set_base(base);
    let on_lang = on_lang_change.map(|f| {
        Callback::from(move |l: Lang| {
            // A host's listener that throws must not break the app.
            let _ = f.call1(&JsValue::NULL, &JsValue::from_str(l.code()));
        })
    });
    let props = AppProps {
        lang: lang.as_deref().and_then(Lang::from_code),
        on_lang,
        embedded: true,
    };
    let handle = yew::Renderer::<App>::with_root_and_props(root, props.clone()).render();
    Dashboard {
        handle: Some(handle),
        props,
    }
}

#[wasm_bindgen]
impl Dashboard {
    /// Shows the app in `ja` or `en` (anything else: the browser's language).
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&mut self, lang: Option<String>) {
        self.props.lang = lang.as_deref().and_then(Lang::from_code);
        if let Some(handle) = self.handle.as_mut() {
            handle.update(self.props.clone());
        }
    }

    /// Removes the app from its element.
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}
