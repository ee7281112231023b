//! The generic export: UTF-8, LF, one row per line item with the order-level columns repeated. `line_price`
//! is the unit price; `subscription` is `1` on the subscription product's line and `0` elsewhere.

use std::io::{self, Write};

use super::{Ctx, Export};
use crate::dates::Style;
use crate::rng::Rng;
use crate::sink::{col, Encoding, Sink, Table};

/// The generic columns.
pub(crate) const HEADERS: &[&str] = &[
    "order_id",
    "order_date",
    "customer_id",
    "email",
    "phone",
    "order_total",
    "status",
    "product_id",
    "product_name",
    "quantity",
    "line_price",
    "subscription",
    "currency",
];

const ORDER_ID: usize = col(HEADERS, "order_id");
const ORDER_DATE: usize = col(HEADERS, "order_date");
const CUSTOMER_ID: usize = col(HEADERS, "customer_id");
const EMAIL: usize = col(HEADERS, "email");
const PHONE: usize = col(HEADERS, "phone");
const TOTAL: usize = col(HEADERS, "order_total");
const STATUS: usize = col(HEADERS, "status");
const PRODUCT_ID: usize = col(HEADERS, "product_id");
const PRODUCT_NAME: usize = col(HEADERS, "product_name");
const QTY: usize = col(HEADERS, "quantity");
const LINE_PRICE: usize = col(HEADERS, "line_price");
const SUBSCRIPTION: usize = col(HEADERS, "subscription");
const CURRENCY: usize = col(HEADERS, "currency");

/// The generic writer (stateless).
pub(crate) struct Generic;

impl Export for Generic {
    const HEADERS: &'static [&'static str] = HEADERS;
    const ENCODING: Encoding = Encoding::Utf8;
    const CRLF: bool = false;

    fn write<W: Write>(
        &mut self,
        o: &Ctx<'_>,
        _rng: &mut Rng,
        t: &mut Table,
        sink: &mut Sink<'_, W>,
    ) -> io::Result<()> {
        t.clear();
        t.int(ORDER_ID, 100_001 + o.index as i64);
        o.date(t.cell(ORDER_DATE), Style::DateOnly);
        if o.member {
            t.fmt(CUSTOMER_ID, format_args!("C{:06}", o.cust_no));
        }
        t.set(EMAIL, o.email);
        if o.has_phone {
            o.person.phone(t.cell(PHONE), "-");
        }
        o.amount(t, TOTAL, o.total);
        t.set(
            STATUS,
            if o.cancelled() {
                "cancelled"
            } else {
                "completed"
            },
        );
        t.set(CURRENCY, "JPY");
        for line in o.lines {
            let product = line.product();
            t.set(PRODUCT_ID, product.code);
            t.set(PRODUCT_NAME, product.name);
            t.int(QTY, i64::from(line.qty));
            t.int(LINE_PRICE, product.price);
            t.set(SUBSCRIPTION, if product.subscription { "1" } else { "0" });
            sink.row(t)?;
        }
        Ok(())
    }
}
