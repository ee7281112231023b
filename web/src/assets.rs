//! Where the app's own files are. The standalone page has them beside itself; a page that embeds the app
//! (`<kokyaku-dashboard>`) has them wherever the package is, so the JS that starts the app says where.

use std::cell::RefCell;

thread_local! {
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Sets the URL the app's files are relative to (the directory of its JS module).
pub fn set_base(base: &str) {
    BASE.with(|b| *b.borrow_mut() = Some(base.to_string()));
}

/// The absolute URL of one of the app's files: against the base when one was set, else against the page's
/// URL (`path` itself where neither is known).
pub fn url(path: &str) -> String {
    let base = BASE
        .with(|b| b.borrow().clone())
        .or_else(|| web_sys::window()?.document()?.base_uri().ok().flatten());
    base.and_then(|base| web_sys::Url::new_with_base(path, &base).ok())
        .map(|u| u.href())
        .unwrap_or_else(|| path.to_string())
}
