//! The page's two languages. Texts are written in place as (Japanese, English) pairs, so a view reads as what
//! it shows; the core's reasons and errors word themselves ([`kokyaku_core::Words`]). The choice is kept in
//! the browser's storage and defaults to the browser's language.

use gloo::storage::{LocalStorage, Storage};
pub use kokyaku_core::{Lang, Words};

const STORAGE_KEY: &str = "kokyaku.lang";

/// The stored choice, else Japanese for a browser set to Japanese, else English.
pub fn detect() -> Lang {
    match LocalStorage::get::<String>(STORAGE_KEY).ok().as_deref() {
        Some("ja") => Lang::Ja,
        Some("en") => Lang::En,
        _ => {
            let browser = web_sys::window()
                .and_then(|w| w.navigator().language())
                .unwrap_or_default();
            Lang::from_code(&browser).unwrap_or(Lang::En)
        }
    }
}

/// Remembers the choice in the browser.
pub fn store(lang: Lang) {
    let _ = LocalStorage::set(STORAGE_KEY, lang.code());
}
