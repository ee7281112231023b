//! The host's own orders: JS order objects read into the core's [`OrderValues`]. Every entry becomes either
//! values for the core's row reader or the core's [`RejectReason`] why it cannot (a counted reject at its
//! index): one odd entry never fails the whole call.

use js_sys::{Array, Date, Reflect};
use kokyaku_core::ingest::{LineValues, OrderValues, RejectReason};
use wasm_bindgen::{JsCast, JsValue};

/// Reads every entry of a JS array of orders.
pub fn read_orders(orders: &JsValue) -> Result<Vec<Result<OrderValues, RejectReason>>, String> {
    if !Array::is_array(orders) {
        return Err("orders must be an array of order objects".into());
    }
    let orders: &Array = orders.unchecked_ref();
    Ok(orders.iter().map(|entry| read_order(&entry)).collect())
}

fn read_order(entry: &JsValue) -> Result<OrderValues, RejectReason> {
    if !entry.is_object() || Array::is_array(entry) {
        return Err(RejectReason::NotAnOrder { found: kind(entry) });
    }
    let text = |key: &str| property(entry, key).and_then(|v| text(&v, key));
    let flag = |key: &str| property(entry, key).and_then(|v| flag(&v, key));
    let order_subscription = flag("subscription")?;
    let products = property(entry, "products")?;
    let lines = if products.is_undefined() || products.is_null() {
        Vec::new()
    } else if Array::is_array(&products) {
        let products: &Array = products.unchecked_ref();
        products
            .iter()
            .enumerate()
            .map(|(i, p)| read_line(&p, i, order_subscription))
            .collect::<Result<_, _>>()?
    } else {
        return Err(RejectReason::ProductsNotAList {
            found: kind(&products),
        });
    };
    Ok(OrderValues {
        order_id: text("orderId")?,
        order_date: text("orderDate")?,
        customer_id: text("customerId")?,
        email: text("email")?,
        phone: text("phone")?,
        total: text("total")?,
        refunded: text("refunded")?,
        status: text("status")?,
        cancelled: flag("cancelled")?,
        currency: text("currency")?,
        channel: text("channel")?,
        coupon: text("coupon")?,
        lines,
    })
}

fn read_line(
    product: &JsValue,
    i: usize,
    order_subscription: bool,
) -> Result<LineValues, RejectReason> {
    if !product.is_object() || Array::is_array(product) {
        return Err(RejectReason::NotAProduct {
            index: i,
            found: kind(product),
        });
    }
    let at = |key: &str| format!("products[{i}].{key}");
    let text = |key: &str| property(product, key).and_then(|v| text(&v, &at(key)));
    Ok(LineValues {
        product_id: text("id")?,
        product_name: text("name")?,
        quantity: text("quantity")?,
        price: text("price")?,
        subscription: order_subscription
            || property(product, "subscription").and_then(|v| flag(&v, &at("subscription")))?,
    })
}

fn property(object: &JsValue, key: &str) -> Result<JsValue, RejectReason> {
    Reflect::get(object, &JsValue::from_str(key)).map_err(|_| RejectReason::UnreadableProperty {
        name: key.to_string(),
    })
}

/// A value as the text of a CSV cell: strings as they are, numbers in their shortest exact decimal form,
/// dates as their local date and time; `undefined` and `null` are empty.
fn text(value: &JsValue, name: &str) -> Result<String, RejectReason> {
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if let Some(n) = value.as_f64() {
        return if n.is_finite() {
            Ok(n.to_string())
        } else {
            Err(RejectReason::NotAFiniteNumber {
                name: name.to_string(),
                value: n.to_string(),
            })
        };
    }
    if value.is_bigint() {
        return Ok(String::from(
            js_sys::BigInt::unchecked_from_js_ref(value)
                .to_string(10)
                .unwrap_or_default(),
        ));
    }
    if let Some(date) = value.dyn_ref::<Date>() {
        let ms = date.get_time();
        if ms.is_nan() {
            return Err(RejectReason::InvalidDateValue {
                name: name.to_string(),
            });
        }
        return Ok(format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            date.get_full_year(),
            date.get_month() + 1,
            date.get_date(),
            date.get_hours(),
            date.get_minutes(),
            date.get_seconds()
        ));
    }
    Err(RejectReason::NotText {
        name: name.to_string(),
        found: kind(value),
    })
}

/// A yes/no value: `true`/`false`, or absent for no.
fn flag(value: &JsValue, name: &str) -> Result<bool, RejectReason> {
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value.as_bool().ok_or_else(|| RejectReason::NotAFlag {
        name: name.to_string(),
        found: kind(value),
    })
}

/// What a value is, for messages.
fn kind(value: &JsValue) -> String {
    if value.is_null() {
        "null".into()
    } else if Array::is_array(value) {
        "an array".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}
