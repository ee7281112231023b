//! User Timing measures of the app's own steps, in the page and in its workers alike: they show in the
//! browser's profiler, and the page bench (`bench/browser.mjs`) sums them (the transfer of read batches).

use wasm_bindgen::{JsCast, JsValue};

/// The clock of this context, the page's or a worker's.
fn performance() -> Option<web_sys::Performance> {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()?
        .dyn_into()
        .ok()
}

/// Now, in ms on this context's clock.
pub fn now() -> f64 {
    performance().map_or(0.0, |p| p.now())
}

/// Records the measure `name`, from `start` ([`now`] then) to now, with `bytes` (what it handled) as its
/// detail: `performance.measure(name, {start, detail})`.
pub fn measure(name: &str, start: f64, bytes: u32) {
    let Some(performance) = performance() else {
        return;
    };
    let options = js_sys::Object::new();
    let set =
        |key: &str, value: JsValue| js_sys::Reflect::set(&options, &JsValue::from_str(key), &value);
    let measure = js_sys::Reflect::get(&performance, &JsValue::from_str("measure"))
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok());
    if let (Ok(_), Ok(_), Some(measure)) = (
        set("start", JsValue::from_f64(start)),
        set("detail", JsValue::from_f64(f64::from(bytes))),
        measure,
    ) {
        // A measure is only a record for the profiler and the bench: one the browser refuses is let go.
        let _ = measure.call2(&performance, &JsValue::from_str(name), &options);
    }
}
