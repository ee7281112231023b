//! ecforce's 受注CSV: UTF-8 with BOM, CRLF, one row per order (the product columns name the order's first
//! product). Subscription deliveries have 定期受注番号 (one per subscription) and 定期回数 1, 2, 3, ... The
//! column list has no status, so no order is written as cancelled.

use std::io::{self, Write};

use super::{Ctx, Export};
use crate::dates::Style;
use crate::rng::Rng;
use crate::sink::{col, Encoding, Sink, Table};

/// The export's columns (the subset parsers validate), in order.
pub(crate) const HEADERS: &[&str] = &[
    "受注ID",
    "受注番号",
    "顧客番号",
    "購入URL",
    "購入オファー",
    "定期受注番号",
    "メールアドレス",
    "小計",
    "支払い合計",
    "受注日",
    "購入商品（商品コード）",
    "購入商品（商品名）",
    "広告URLグループ名",
    "広告主名",
    "顧客購入回数",
    "定期ステータス",
    "定期回数",
    "定期内受注（N番目）",
];

const ORDER_ID: usize = col(HEADERS, "受注ID");
const ORDER_NO: usize = col(HEADERS, "受注番号");
const CUSTOMER_NO: usize = col(HEADERS, "顧客番号");
const URL: usize = col(HEADERS, "購入URL");
const OFFER: usize = col(HEADERS, "購入オファー");
const SUB_NO: usize = col(HEADERS, "定期受注番号");
const EMAIL: usize = col(HEADERS, "メールアドレス");
const SUBTOTAL: usize = col(HEADERS, "小計");
const TOTAL: usize = col(HEADERS, "支払い合計");
const ORDER_DATE: usize = col(HEADERS, "受注日");
const PRODUCT_CODE: usize = col(HEADERS, "購入商品（商品コード）");
const PRODUCT_NAME: usize = col(HEADERS, "購入商品（商品名）");
const AD_GROUP: usize = col(HEADERS, "広告URLグループ名");
const ADVERTISER: usize = col(HEADERS, "広告主名");
const PURCHASES: usize = col(HEADERS, "顧客購入回数");
const SUB_STATUS: usize = col(HEADERS, "定期ステータス");
const SUB_COUNT: usize = col(HEADERS, "定期回数");
const SUB_NTH: usize = col(HEADERS, "定期内受注（N番目）");

/// The ecforce writer (stateless).
pub(crate) struct Ecforce;

impl Export for Ecforce {
    const HEADERS: &'static [&'static str] = HEADERS;
    const ENCODING: Encoding = Encoding::Utf8Bom;
    const CRLF: bool = true;

    fn write<W: Write>(
        &mut self,
        o: &Ctx<'_>,
        _rng: &mut Rng,
        t: &mut Table,
        sink: &mut Sink<'_, W>,
    ) -> io::Result<()> {
        let (channel, slug, advertiser) = o.person.channel();
        let first = o.lines[0].product();
        t.clear();
        t.int(ORDER_ID, o.index as i64 + 1);
        t.fmt(ORDER_NO, format_args!("{:08}", o.index + 1));
        if o.member {
            t.int(CUSTOMER_NO, i64::from(o.cust_no));
        }
        t.fmt(URL, format_args!("https://shop.example.com/lp/{slug}"));
        t.set(
            OFFER,
            if o.subscription() {
                "定期コース"
            } else {
                "通常購入"
            },
        );
        if o.subscription() {
            t.fmt(SUB_NO, format_args!("S{:07}", o.cust_no));
        }
        t.set(EMAIL, o.email);
        o.amount(t, SUBTOTAL, o.subtotal);
        o.amount(t, TOTAL, o.total);
        o.date(t.cell(ORDER_DATE), Style::Slash);
        t.set(PRODUCT_CODE, first.code);
        t.set(PRODUCT_NAME, first.name);
        t.set(AD_GROUP, channel);
        t.set(ADVERTISER, advertiser);
        t.int(PURCHASES, i64::from(o.purchase_no));
        if o.subscription() {
            t.set(SUB_STATUS, if o.sub_end { "停止" } else { "有効" });
            t.int(SUB_COUNT, i64::from(o.sub_seq));
            t.int(SUB_NTH, i64::from(o.sub_seq));
        }
        sink.row(t)
    }
}
