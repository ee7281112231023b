//! Saving what the page made (CSV, JSON) as a file, without any request: a Blob URL clicked through an anchor.

use wasm_bindgen::JsCast;

/// Offers `text` for download as `name`.
pub fn save_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    save(name, mime, &wasm_bindgen::JsValue::from_str(text))
}

/// Offers `bytes` (a Shift_JIS CSV, say) for download as `name`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    save(name, mime, &js_sys::Uint8Array::from(bytes))
}

fn save(name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let err = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(part);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(err)?.unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(err)
}
