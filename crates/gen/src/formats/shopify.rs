//! Shopify's Orders export: UTF-8 without BOM, LF, one row per line item.
//!
//! `Name` (`#1001`) and the line-item columns are on every row; every other order-level column (e-mail,
//! statuses, amounts, dates, addresses, `Id`, `Tags`, ...) only on the order's first row. Amounts are written
//! with two decimals. Cancelled orders have `Cancelled at` and Financial Status `voided`; refunds are in
//! `Refunded Amount` (`refunded` or `partially_refunded`). Subscription deliveries are tagged `subscription`
//! and have Source `subscription_contract`.

use std::io::{self, Write};

use super::{Ctx, Export};
use crate::dates::Style;
use crate::rng::Rng;
use crate::sink::{col, Encoding, Sink, Table};

/// The 79 columns of the export, in its order. (Some published lists of these headers lack `Outstanding Balance`,
/// `Employee`, `Location` and `Device ID` after `Vendor`; real exports have them.)
pub(crate) const HEADERS: &[&str] = &[
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
];

const NAME: usize = col(HEADERS, "Name");
const EMAIL: usize = col(HEADERS, "Email");
const FINANCIAL: usize = col(HEADERS, "Financial Status");
const PAID_AT: usize = col(HEADERS, "Paid at");
const FULFILLMENT: usize = col(HEADERS, "Fulfillment Status");
const FULFILLED_AT: usize = col(HEADERS, "Fulfilled at");
const ACCEPTS: usize = col(HEADERS, "Accepts Marketing");
const CURRENCY: usize = col(HEADERS, "Currency");
const SUBTOTAL: usize = col(HEADERS, "Subtotal");
const SHIPPING: usize = col(HEADERS, "Shipping");
const TAXES: usize = col(HEADERS, "Taxes");
const TOTAL: usize = col(HEADERS, "Total");
const DISCOUNT: usize = col(HEADERS, "Discount Amount");
const SHIPPING_METHOD: usize = col(HEADERS, "Shipping Method");
const CREATED_AT: usize = col(HEADERS, "Created at");
const QTY: usize = col(HEADERS, "Lineitem quantity");
const ITEM_NAME: usize = col(HEADERS, "Lineitem name");
const ITEM_PRICE: usize = col(HEADERS, "Lineitem price");
const ITEM_SKU: usize = col(HEADERS, "Lineitem sku");
const ITEM_SHIPPING: usize = col(HEADERS, "Lineitem requires shipping");
const ITEM_TAXABLE: usize = col(HEADERS, "Lineitem taxable");
const ITEM_FULFILLMENT: usize = col(HEADERS, "Lineitem fulfillment status");
const BILLING_NAME: usize = col(HEADERS, "Billing Name");
const BILLING_STREET: usize = col(HEADERS, "Billing Street");
const BILLING_ADDRESS1: usize = col(HEADERS, "Billing Address1");
const BILLING_ADDRESS2: usize = col(HEADERS, "Billing Address2");
const BILLING_CITY: usize = col(HEADERS, "Billing City");
const BILLING_ZIP: usize = col(HEADERS, "Billing Zip");
const BILLING_PROVINCE: usize = col(HEADERS, "Billing Province");
const BILLING_COUNTRY: usize = col(HEADERS, "Billing Country");
const BILLING_PHONE: usize = col(HEADERS, "Billing Phone");
const SHIPPING_NAME: usize = col(HEADERS, "Shipping Name");
const SHIPPING_STREET: usize = col(HEADERS, "Shipping Street");
const SHIPPING_ADDRESS1: usize = col(HEADERS, "Shipping Address1");
const SHIPPING_ADDRESS2: usize = col(HEADERS, "Shipping Address2");
const SHIPPING_CITY: usize = col(HEADERS, "Shipping City");
const SHIPPING_ZIP: usize = col(HEADERS, "Shipping Zip");
const SHIPPING_PROVINCE: usize = col(HEADERS, "Shipping Province");
const SHIPPING_COUNTRY: usize = col(HEADERS, "Shipping Country");
const SHIPPING_PHONE: usize = col(HEADERS, "Shipping Phone");
const CANCELLED_AT: usize = col(HEADERS, "Cancelled at");
const PAYMENT_METHOD: usize = col(HEADERS, "Payment Method");
const REFUNDED: usize = col(HEADERS, "Refunded Amount");
const VENDOR: usize = col(HEADERS, "Vendor");
const OUTSTANDING: usize = col(HEADERS, "Outstanding Balance");
const ID: usize = col(HEADERS, "Id");
const TAGS: usize = col(HEADERS, "Tags");
const RISK: usize = col(HEADERS, "Risk Level");
const SOURCE: usize = col(HEADERS, "Source");
const ITEM_DISCOUNT: usize = col(HEADERS, "Lineitem discount");
const TAX1_NAME: usize = col(HEADERS, "Tax 1 Name");
const TAX1_VALUE: usize = col(HEADERS, "Tax 1 Value");
const TAX2_NAME: usize = col(HEADERS, "Tax 2 Name");
const TAX2_VALUE: usize = col(HEADERS, "Tax 2 Value");
const BILLING_PROVINCE_NAME: usize = col(HEADERS, "Billing Province Name");
const SHIPPING_PROVINCE_NAME: usize = col(HEADERS, "Shipping Province Name");
const PAYMENT_ID: usize = col(HEADERS, "Payment ID");

/// Shopify writer state: the numeric order id grows by a random step.
pub(crate) struct Shopify {
    next_id: u64,
}

impl Shopify {
    /// A writer whose numeric ids start at a seed-dependent point.
    pub fn new(rng: &mut Rng) -> Shopify {
        Shopify {
            next_id: 5_100_000_000_000 + rng.below(100_000_000_000),
        }
    }
}

impl Export for Shopify {
    const HEADERS: &'static [&'static str] = HEADERS;
    const ENCODING: Encoding = Encoding::Utf8;
    const CRLF: bool = false;

    fn write<W: Write>(
        &mut self,
        o: &Ctx<'_>,
        rng: &mut Rng,
        t: &mut Table,
        sink: &mut Sink<'_, W>,
    ) -> io::Result<()> {
        let id = self.next_id;
        self.next_id += 1_000 + rng.below(50_000);
        let p = &o.person;
        let cancelled = o.cancelled();
        let shipped = !cancelled && o.days_to_end >= 3;
        let payment = rng.weighted(&[70, 15, 15]);
        let paid = !cancelled && (payment != 2 || shipped);
        t.clear();
        t.fmt(NAME, format_args!("#{}", 1001 + o.index));
        t.set(EMAIL, o.email);
        t.set(
            FINANCIAL,
            if cancelled {
                "voided"
            } else if o.refunded == o.total && o.refunded > 0 {
                "refunded"
            } else if o.refunded > 0 {
                "partially_refunded"
            } else if paid {
                "paid"
            } else {
                "pending"
            },
        );
        if paid && !matches!(o.malformed, Some(super::Malformed::Date(_))) {
            o.later(t.cell(PAID_AT), 0, 30, Style::DashOffset);
        }
        t.set(
            FULFILLMENT,
            if shipped { "fulfilled" } else { "unfulfilled" },
        );
        if shipped {
            let days = 1 + rng.below(2) as u32;
            o.later(t.cell(FULFILLED_AT), days, 3600, Style::DashOffset);
        }
        t.set(ACCEPTS, if p.channel % 2 == 0 { "yes" } else { "no" });
        t.set(CURRENCY, "JPY");
        o.amount2(t, SUBTOTAL, o.subtotal);
        t.money2(SHIPPING, o.shipping);
        t.money2(TAXES, o.tax());
        o.amount2(t, TOTAL, o.total);
        t.money2(DISCOUNT, 0);
        t.set(
            SHIPPING_METHOD,
            if o.shipping == 0 {
                "送料無料"
            } else {
                "通常配送"
            },
        );
        o.date(t.cell(CREATED_AT), Style::DashOffset);
        p.name(t.cell(BILLING_NAME), " ");
        {
            let s = t.cell(BILLING_STREET);
            p.address1(s);
            s.push(' ');
            p.address2(s);
        }
        p.address1(t.cell(BILLING_ADDRESS1));
        p.address2(t.cell(BILLING_ADDRESS2));
        t.set(BILLING_CITY, p.place.city);
        p.zip(t.cell(BILLING_ZIP), "-");
        t.fmt(BILLING_PROVINCE, format_args!("JP-{:02}", p.place.pref_id));
        t.set(BILLING_COUNTRY, "JP");
        p.phone(t.cell(BILLING_PHONE), "-");
        for (to, from) in [
            (SHIPPING_NAME, BILLING_NAME),
            (SHIPPING_STREET, BILLING_STREET),
            (SHIPPING_ADDRESS1, BILLING_ADDRESS1),
            (SHIPPING_ADDRESS2, BILLING_ADDRESS2),
            (SHIPPING_CITY, BILLING_CITY),
            (SHIPPING_ZIP, BILLING_ZIP),
            (SHIPPING_PROVINCE, BILLING_PROVINCE),
            (SHIPPING_COUNTRY, BILLING_COUNTRY),
            (SHIPPING_PHONE, BILLING_PHONE),
        ] {
            t.copy(to, from);
        }
        if cancelled {
            o.later(
                t.cell(CANCELLED_AT),
                0,
                2 * 3600 + rng.below(7200) as u32,
                Style::DashOffset,
            );
        }
        t.set(
            PAYMENT_METHOD,
            ["Shopify Payments", "Amazon Pay", "銀行振込"][payment],
        );
        t.money2(REFUNDED, o.refunded);
        t.money2(OUTSTANDING, 0);
        t.int(ID, id as i64);
        if o.subscription() {
            t.set(TAGS, "subscription");
            t.set(SOURCE, "subscription_contract");
        } else {
            t.set(SOURCE, "web");
        }
        t.set(RISK, "Low");
        t.set(TAX1_NAME, "消費税 8%");
        t.money2(TAX1_VALUE, o.tax8);
        t.set(TAX2_NAME, "消費税 10%");
        t.money2(TAX2_VALUE, o.tax10);
        t.set(BILLING_PROVINCE_NAME, p.place.pref);
        t.set(SHIPPING_PROVINCE_NAME, p.place.pref);
        if paid && payment == 0 {
            t.fmt(PAYMENT_ID, format_args!("c{}.1", id / 1000));
        }
        for (k, line) in o.lines.iter().enumerate() {
            if k == 1 {
                // Later rows of an order carry only the order name and the line.
                t.clear();
                t.fmt(NAME, format_args!("#{}", 1001 + o.index));
            }
            let product = line.product();
            t.int(QTY, i64::from(line.qty));
            t.set(ITEM_NAME, product.name);
            t.money2(ITEM_PRICE, product.price);
            t.set(ITEM_SKU, product.code);
            t.set(ITEM_SHIPPING, "true");
            t.set(ITEM_TAXABLE, "true");
            t.set(
                ITEM_FULFILLMENT,
                if shipped { "fulfilled" } else { "pending" },
            );
            t.set(VENDOR, "こきゃく商店");
            t.money2(ITEM_DISCOUNT, 0);
            sink.row(t)?;
        }
        Ok(())
    }
}
