//! Saving what the page made (CSV tables and segments, JSON, charts) as files, without any request: a Blob URL
//! clicked through an anchor. Charts are the page's own inline SVG, saved as SVG or drawn onto a canvas and saved as PNG.

use kokyaku_core::table::{CsvStyle, Table};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn err(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

fn document() -> Result<web_sys::Document, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| "no document".to_string())
}

fn text_blob(mime: &str, text: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(err)
}

/// Offers `bytes` (a Shift_JIS CSV, say) for download as `name`.
pub fn save_bytes(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(err)?;
    save_blob(name, &blob)
}

/// Offers `blob` for download as `name`.
pub fn save_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(err)?;
    let anchor: web_sys::HtmlAnchorElement = document()?
        .create_element("a")
        .map_err(err)?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    revoke_later(url);
    Ok(())
}

/// Frees a Blob URL once the download has surely started. Revoking it right after the click can cancel the
/// download in a busy browser, which then saves nothing.
fn revoke_later(url: String) {
    const AFTER_MS: u32 = 60_000;
    gloo::timers::callback::Timeout::new(AFTER_MS, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Offers `text` for download as `name`.
pub fn save_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    save_blob(name, &text_blob(mime, text)?)
}

/// Offers a table as a CSV file in `style` (UTF-8 with BOM, the CLI's `--csv` bytes for the same style).
pub fn save_csv(name: &str, table: &Table, style: &CsvStyle) -> Result<(), String> {
    save_text(name, "text/csv;charset=utf-8", &table.to_csv(style))
}

/// The SVG chart marked `data-testid=<chart>` (the element itself or the first `svg` inside it).
fn chart_svg(chart: &str) -> Result<web_sys::Element, String> {
    let doc = document()?;
    let found = doc
        .query_selector(&format!("[data-testid=\"{chart}\"]"))
        .map_err(err)?
        .ok_or_else(|| format!("no chart {chart}"))?;
    if found.tag_name().eq_ignore_ascii_case("svg") {
        return Ok(found);
    }
    found
        .query_selector("svg")
        .map_err(err)?
        .ok_or_else(|| format!("no chart {chart}"))
}

/// The chart as a standalone SVG document and its size in pixels (from its `viewBox`).
fn standalone_svg(chart: &str) -> Result<(String, f64, f64), String> {
    let svg = chart_svg(chart)?;
    let copy: web_sys::Element = svg
        .clone_node_with_deep(true)
        .map_err(err)?
        .unchecked_into();
    let view_box = svg.get_attribute("viewBox").unwrap_or_default();
    let numbers: Vec<f64> = view_box
        .split([' ', ','])
        .filter_map(|n| n.parse().ok())
        .collect();
    let (width, height) = match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
        _ => (640.0, 240.0),
    };
    for (name, value) in [
        ("xmlns", SVG_NS.to_string()),
        ("width", width.to_string()),
        ("height", height.to_string()),
        // A presentation attribute, not `style`: the page's CSP forbids inline styles.
        ("font-family", "system-ui, sans-serif".to_string()),
    ] {
        copy.set_attribute(name, &value).map_err(err)?;
    }
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        copy.outer_html()
    );
    Ok((text, width, height))
}

/// Offers the chart marked `data-testid=<chart>` as an SVG file.
pub fn save_svg(name: &str, chart: &str) -> Result<(), String> {
    let (text, _, _) = standalone_svg(chart)?;
    save_text(name, "image/svg+xml", &text)
}

/// Offers the chart marked `data-testid=<chart>` as a PNG file at twice its size, on white.
pub async fn save_png(name: &str, chart: &str) -> Result<(), String> {
    const SCALE: f64 = 2.0;
    let (text, width, height) = standalone_svg(chart)?;
    let url = web_sys::Url::create_object_url_with_blob(&text_blob("image/svg+xml", &text)?)
        .map_err(err)?;
    let image = web_sys::HtmlImageElement::new().map_err(err)?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.map_err(err)?;
    let canvas: web_sys::HtmlCanvasElement = document()?
        .create_element("canvas")
        .map_err(err)?
        .unchecked_into();
    canvas.set_width((width * SCALE).round() as u32);
    canvas.set_height((height * SCALE).round() as u32);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(err)?
        .ok_or("no 2D canvas")?
        .unchecked_into();
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, width * SCALE, height * SCALE);
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            width * SCALE,
            height * SCALE,
        )
        .map_err(err)?;
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let blob = JsFuture::from(promise).await.map_err(err)?;
    let blob: web_sys::Blob = blob
        .dyn_into()
        .map_err(|_| "the chart could not be drawn".to_string())?;
    save_blob(name, &blob)
}
