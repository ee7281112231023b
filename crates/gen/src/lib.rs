//! Kokyaku's generator of realistic, deterministic shop order exports, with their ground truth.
//!
//! [`generate`] writes the order CSV of a fictional Japanese shop (tea, food, cosmetics, goods, a few 定期便
//! subscriptions) in the exact form one cart exports it — Shopify, EC-CUBE 4, 楽天RMS, BASE, ecforce, or a
//! generic layout — and returns a [`Truth`]: the figures a correct reader must compute from those bytes
//! (customers, valid orders, revenue, repeat customers, cancelled, incomplete, fully refunded and key-less
//! orders, rejected rows). It serves three purposes: the sample data bundled with the web page, tests that compare what
//! `kokyaku-core` reads with the truth, and benchmarks with millions of rows (rows are streamed through
//! reusable buffers; a million orders take seconds in a release build).
//!
//! Customers follow the BG/NBD story (Gamma purchase rates, Beta drop-out after each purchase, exponential
//! gaps) over 2024-01-01 – 2025-12-31, so most buy once and a long tail comes back; the files also contain
//! what real exports contain: cancellations, refunds (Shopify), guest checkouts, e-mail addresses spelled with
//! capitals or surrounding spaces, EC-CUBE orders that never completed, and `orders / 200` malformed rows that
//! a reader must reject. Equal [`GenOptions`] give byte-identical output on every machine.
//!
//! ```
//! use kokyaku_gen::{generate, Format, GenOptions};
//!
//! let mut csv = Vec::new();
//! let truth = generate(&GenOptions { format: Format::Shopify, orders: 500, seed: 1 }, &mut csv).unwrap();
//! assert!(csv.starts_with(b"Name,Email,Financial Status,"));
//! assert_eq!(
//!     truth.valid_orders + truth.cancelled_orders + truth.incomplete_orders
//!         + truth.orders_without_customer + truth.fully_refunded_orders + truth.rejected_rows,
//!     500
//! );
//! ```
#![warn(missing_docs)]

mod catalog;
mod dates;
mod formats;
mod model;
mod rng;
mod sink;

use std::io::{self, Write};

use chrono::NaiveDate;
use serde::Serialize;

use catalog::{FREE_SHIPPING_OVER, SHIPPING_FEE};
use dates::{Calendar, DAY, FIRST_DAY, LAST_DAY};
use formats::{Ctx, Export, Malformed, Person, Status};
use model::World;
use rng::Rng;
use sink::{Sink, Table};

/// The cart whose export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Shopify's Orders export (UTF-8, LF, one row per line item, order fields on the first row only).
    Shopify,
    /// EC-CUBE 4's 受注CSV (Shift_JIS, CRLF, one row per 明細 including a 送料 row).
    EcCube,
    /// 楽天RMS's classic 受注CSV (Shift_JIS, CRLF, one row per item; customers known by phone number).
    Rakuten,
    /// BASE's 注文CSV (Shift_JIS, CRLF, one row per item).
    Base,
    /// ecforce's 受注CSV (UTF-8 with BOM, CRLF, one row per order, subscription columns).
    Ecforce,
    /// A generic layout (UTF-8, LF, one row per line item): `order_id,order_date,customer_id,email,...`.
    Generic,
}

impl Format {
    /// Every format, in the order of [`Format::name`]'s list.
    pub const ALL: [Format; 6] = [
        Format::Shopify,
        Format::EcCube,
        Format::Rakuten,
        Format::Base,
        Format::Ecforce,
        Format::Generic,
    ];

    /// The format's name on command lines and in file names: `shopify`, `ec-cube`, `rakuten`, `base`,
    /// `ecforce`, `generic` (the same names as kokyaku-core's presets).
    pub fn name(self) -> &'static str {
        match self {
            Format::Shopify => "shopify",
            Format::EcCube => "ec-cube",
            Format::Rakuten => "rakuten",
            Format::Base => "base",
            Format::Ecforce => "ecforce",
            Format::Generic => "generic",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing a [`Format`] from a name that is not one of [`Format::name`]'s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl std::fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        write!(
            f,
            "unknown format '{}' (use one of: {})",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownFormat {}

impl std::str::FromStr for Format {
    type Err = UnknownFormat;

    /// Parses a name of [`Format::name`] (case and surrounding spaces ignored).
    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        let wanted = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.name() == wanted)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    /// The export format.
    pub format: Format,
    /// The number of orders to write, counting every order: valid, cancelled, incomplete, guest, key-less
    /// and malformed ones.
    pub orders: usize,
    /// The random seed; equal options give equal bytes.
    pub seed: u64,
}

/// The ground truth of a generated file: what a correct reader computes from its bytes.
///
/// Every written order falls in exactly one of: rejected (malformed), cancelled, incomplete, without customer,
/// valid; so `rejected_rows + cancelled_orders + incomplete_orders + orders_without_customer + valid_orders`
/// equals the number of orders asked for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Truth {
    /// The currency of every amount: `JPY` for every format.
    pub currency: &'static str,
    /// Distinct customer keys among valid orders (id, else trimmed lower-cased e-mail, else phone digits; for
    /// 楽天 the phone).
    pub customers: u64,
    /// Orders that are not cancelled, not incomplete, not malformed, not refunded in full, and have a
    /// customer key.
    pub valid_orders: u64,
    /// Sum of the valid orders' values, in yen (JPY has no minor unit). An order's value is its total
    /// (merchandise + shipping, tax included) less any refund.
    pub revenue_minor: i64,
    /// Customers with at least two valid orders.
    pub repeat_customers: u64,
    /// Cancelled orders written (EC-CUBE's 返品 included), malformed ones excluded.
    pub cancelled_orders: u64,
    /// EC-CUBE orders in 購入処理中 or 決済処理中 (never completed); 0 for the other formats.
    pub incomplete_orders: u64,
    /// Otherwise valid orders without any customer key (no id, e-mail or phone; `generic` and `base` only).
    pub orders_without_customer: u64,
    /// Shopify orders refunded in full: no money kept, so not purchases.
    pub fully_refunded_orders: u64,
    /// Malformed rows written, each a whole single-row order with an impossible date or an unreadable total,
    /// which a correct reader rejects.
    pub rejected_rows: u64,
    /// Data rows written, the header excluded.
    pub rows_written: u64,
    /// The earliest valid order date with a key (2024-01-01 when there is no such order).
    pub first_order_date: NaiveDate,
    /// The latest valid order date with a key (2024-01-01 when there is no such order).
    pub last_order_date: NaiveDate,
}

/// Share of orders cancelled (not in ecforce, whose columns cannot say so).
const CANCEL_SHARE: f64 = 0.03;
/// Share of EC-CUBE cancellations that are returns (返品).
const RETURN_SHARE: f64 = 0.2;
/// Share of EC-CUBE orders left incomplete (購入処理中 / 決済処理中).
const INCOMPLETE_SHARE: f64 = 0.01;
/// Share of Shopify orders refunded, and of those refunded in full.
const REFUND_SHARE: f64 = 0.02;
const FULL_REFUND_SHARE: f64 = 0.4;
/// Share of `base` and `generic` orders with no e-mail, phone or id.
const ANONYMOUS_SHARE: f64 = 0.01;
/// Weights of the e-mail spellings: as is, capitalised, upper case, surrounded by spaces.
const EMAIL_SPELLINGS: [u32; 4] = [91, 4, 2, 3];

/// Writes `opts.orders` orders in `opts.format` to `out` and returns the file's ground truth.
///
/// The output is a complete file: header row, then the data rows, in the format's encoding (UTF-8, UTF-8
/// with BOM for ecforce, Shift_JIS for EC-CUBE, 楽天 and BASE) and line endings (CRLF for the Japanese carts).
/// Orders are in time order and numbered in that order. Errors are those of `out`.
pub fn generate(opts: &GenOptions, out: &mut impl Write) -> io::Result<Truth> {
    let mut rng = Rng::new(opts.seed);
    let cal = Calendar::new();
    let world = model::simulate(&mut rng, opts.orders, opts.format == Format::Generic, &cal);
    match opts.format {
        Format::Shopify => {
            let w = formats::shopify::Shopify::new(&mut rng);
            drive(w, opts.format, &world, &cal, &mut rng, out)
        }
        Format::EcCube => drive(
            formats::eccube::EcCube::new(),
            opts.format,
            &world,
            &cal,
            &mut rng,
            out,
        ),
        Format::Rakuten => {
            let w = formats::rakuten::Rakuten::new(&mut rng);
            drive(w, opts.format, &world, &cal, &mut rng, out)
        }
        Format::Base => {
            let w = formats::base::Base::new(&mut rng);
            drive(w, opts.format, &world, &cal, &mut rng, out)
        }
        Format::Ecforce => drive(
            formats::ecforce::Ecforce,
            opts.format,
            &world,
            &cal,
            &mut rng,
            out,
        ),
        Format::Generic => drive(
            formats::generic::Generic,
            opts.format,
            &world,
            &cal,
            &mut rng,
            out,
        ),
    }
}

/// Positions of the malformed orders: `n / 200` of them (at least one from 50 orders on), one in each
/// stretch of `n / count` orders.
fn malformed_positions(rng: &mut Rng, n: usize) -> Vec<usize> {
    let count = if n >= 50 { (n / 200).max(1) } else { 0 };
    if count == 0 {
        return Vec::new();
    }
    let stride = n / count;
    (0..count)
        .map(|k| k * stride + rng.below(stride as u64) as usize)
        .collect()
}

/// Decides each order's fate, has the format's writer spell it, and keeps the ground truth.
fn drive<E: Export, W: Write>(
    mut export: E,
    format: Format,
    world: &World,
    cal: &Calendar,
    rng: &mut Rng,
    out: &mut W,
) -> io::Result<Truth> {
    let n_customers = world.customers.len();
    let malformed_at = malformed_positions(rng, world.orders.len());
    let mut malformed_next = malformed_at.iter().peekable();
    let mut sink = Sink::new(out, E::ENCODING, E::CRLF);
    sink.header(E::HEADERS)?;
    let mut table = Table::new(E::HEADERS.len());
    let mut cust_no = vec![0u32; n_customers];
    let mut purchases = vec![0u32; n_customers];
    let mut valid_per_customer = vec![0u32; n_customers];
    let mut next_no = 1u32;
    let mut email = String::new();
    let mut truth = Truth {
        currency: "JPY",
        customers: 0,
        valid_orders: 0,
        revenue_minor: 0,
        repeat_customers: 0,
        cancelled_orders: 0,
        incomplete_orders: 0,
        orders_without_customer: 0,
        fully_refunded_orders: 0,
        rejected_rows: 0,
        rows_written: 0,
        first_order_date: FIRST_DAY,
        last_order_date: FIRST_DAY,
    };
    let (mut first_day, mut last_day) = (u32::MAX, 0u32);
    let may_be_anonymous = matches!(format, Format::Base | Format::Generic);
    for (i, order) in world.orders.iter().enumerate() {
        let malformed = if malformed_next.peek() == Some(&&i) {
            malformed_next.next();
            let variant = rng.u64();
            Some(if rng.chance(0.5) {
                Malformed::Date(variant)
            } else {
                Malformed::Total(variant)
            })
        } else {
            None
        };
        let c = order.customer as usize;
        let customer = &world.customers[c];
        if cust_no[c] == 0 {
            cust_no[c] = next_no;
            next_no += 1;
        }
        purchases[c] += 1;
        let anonymous = malformed.is_none() && may_be_anonymous && rng.chance(ANONYMOUS_SHARE);
        let status = if malformed.is_some() {
            Status::Normal
        } else if format != Format::Ecforce && rng.chance(CANCEL_SHARE) {
            if format == Format::EcCube && rng.chance(RETURN_SHARE) {
                Status::Returned
            } else {
                Status::Cancelled
            }
        } else if format == Format::EcCube && rng.chance(INCOMPLETE_SHARE) {
            Status::Incomplete {
                payment: rng.chance(0.3),
            }
        } else {
            Status::Normal
        };
        // A malformed order is a single row: its first line only (and no EC-CUBE 送料 row).
        let lines = if malformed.is_some() {
            &order.lines()[..1]
        } else {
            order.lines()
        };
        let subtotal: i64 = lines.iter().map(|l| l.amount()).sum();
        let shipping = if subtotal > FREE_SHIPPING_OVER {
            0
        } else {
            SHIPPING_FEE
        };
        let total = subtotal + shipping;
        let (mut tax8, mut tax10) = (0, shipping * 10 / 110);
        for l in lines {
            let rate = l.product().tax;
            let tax = l.amount() * rate / (100 + rate);
            if rate == 8 {
                tax8 += tax;
            } else {
                tax10 += tax;
            }
        }
        let refunded = if format == Format::Shopify
            && status == Status::Normal
            && malformed.is_none()
            && rng.chance(REFUND_SHARE)
        {
            if rng.chance(FULL_REFUND_SHARE) {
                total
            } else if lines.len() > 1 {
                lines[rng.below(lines.len() as u64) as usize].amount()
            } else {
                (total * rng.range(10, 50) as i64 / 100 / 10 * 10)
                    .max(100)
                    .min(total - 1)
            }
        } else {
            0
        };
        let person = Person::new(customer.attr, cust_no[c]);
        email.clear();
        let spelling = rng.weighted(&EMAIL_SPELLINGS) as u8;
        if !anonymous && !customer.phone_only {
            person.email(&mut email, cust_no[c], spelling);
        }
        let ctx = Ctx {
            cal,
            index: i as u64,
            t: order.t,
            days_to_end: LAST_DAY.saturating_sub(order.t / DAY),
            lines,
            person,
            cust_no: cust_no[c],
            member: !customer.guest && !anonymous,
            anonymous,
            email: &email,
            has_phone: !anonymous,
            subtotal,
            shipping,
            total,
            tax8,
            tax10,
            refunded,
            status,
            malformed,
            sub_seq: order.sub_seq,
            sub_end: order.sub_end,
            purchase_no: purchases[c],
        };
        export.write(&ctx, rng, &mut table, &mut sink)?;
        if malformed.is_some() {
            truth.rejected_rows += 1;
        } else if ctx.cancelled() {
            truth.cancelled_orders += 1;
        } else if matches!(status, Status::Incomplete { .. }) {
            truth.incomplete_orders += 1;
        } else if anonymous {
            truth.orders_without_customer += 1;
        } else if refunded == total && refunded > 0 {
            truth.fully_refunded_orders += 1;
        } else {
            truth.valid_orders += 1;
            truth.revenue_minor += total - refunded;
            valid_per_customer[c] += 1;
            let day = order.t / DAY;
            first_day = first_day.min(day);
            last_day = last_day.max(day);
        }
    }
    truth.rows_written = sink.rows();
    sink.finish()?;
    truth.customers = valid_per_customer.iter().filter(|&&v| v >= 1).count() as u64;
    truth.repeat_customers = valid_per_customer.iter().filter(|&&v| v >= 2).count() as u64;
    if truth.valid_orders > 0 {
        truth.first_order_date = cal.date(first_day);
        truth.last_order_date = cal.date(last_day);
    }
    Ok(truth)
}
