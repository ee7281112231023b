//! EC-CUBE 4's 受注CSV: Shift_JIS, CRLF, one row per order item (明細), order-level columns on every row.
//!
//! Product rows have 明細区分 `1`/`商品`; an order with shipping gets one more row of 明細区分 `2`/`送料` whose
//! 商品名 is `送料` and whose 価格 is the fee. 合計 = 支払合計 = 小計 + 送料 (tax included; 税金 is the tax
//! inside it). The header has `送料` twice (order and shipment); both carry the order's fee.

use std::io::{self, Write};

use super::{Ctx, Export, Status};
use crate::dates::Style;
use crate::rng::Rng;
use crate::sink::{col, col_nth, Encoding, Sink, Table};

/// The default columns of 受注CSV (dtb_csv, csv_type 3), in order.
pub(crate) const HEADERS: &[&str] = &[
    "注文ID",
    "注文番号",
    "会員ID",
    "お名前(姓)",
    "お名前(名)",
    "お名前(セイ)",
    "お名前(メイ)",
    "会社名",
    "郵便番号",
    "都道府県(ID)",
    "都道府県(名称)",
    "住所1",
    "住所2",
    "メールアドレス",
    "TEL",
    "性別(ID)",
    "性別(名称)",
    "職業(ID)",
    "職業(名称)",
    "誕生日",
    "ショップ用メモ欄",
    "小計",
    "値引き",
    "送料",
    "税金",
    "合計",
    "支払合計",
    "対応状況(ID)",
    "対応状況(名称)",
    "支払方法(ID)",
    "支払方法(名称)",
    "受注日",
    "入金日",
    "注文詳細ID",
    "商品ID",
    "商品規格ID",
    "商品名",
    "商品コード",
    "規格名1",
    "規格名2",
    "規格分類名1",
    "規格分類名2",
    "価格",
    "個数",
    "税率",
    "税率ルール(ID)",
    "明細区分(ID)",
    "明細区分(名称)",
    "出荷ID",
    "配送先_お名前(姓)",
    "配送先_お名前(名)",
    "配送先_お名前(セイ)",
    "配送先_お名前(メイ)",
    "配送先_会社名",
    "配送先_郵便番号",
    "配送先_都道府県(ID)",
    "配送先_都道府県(名称)",
    "配送先_住所1",
    "配送先_住所2",
    "配送先_TEL",
    "配送業者(ID)",
    "配送業者(名称)",
    "お届け時間ID",
    "お届け時間(名称)",
    "お届け希望日",
    "送料",
    "発送日",
    "出荷伝票番号",
    "配達用メモ",
    "出荷メール送信日",
];

const ORDER_ID: usize = col(HEADERS, "注文ID");
const ORDER_NO: usize = col(HEADERS, "注文番号");
const MEMBER_ID: usize = col(HEADERS, "会員ID");
const FAMILY: usize = col(HEADERS, "お名前(姓)");
const GIVEN: usize = col(HEADERS, "お名前(名)");
const FAMILY_KANA: usize = col(HEADERS, "お名前(セイ)");
const GIVEN_KANA: usize = col(HEADERS, "お名前(メイ)");
const ZIP: usize = col(HEADERS, "郵便番号");
const PREF_ID: usize = col(HEADERS, "都道府県(ID)");
const PREF: usize = col(HEADERS, "都道府県(名称)");
const ADDRESS1: usize = col(HEADERS, "住所1");
const ADDRESS2: usize = col(HEADERS, "住所2");
const EMAIL: usize = col(HEADERS, "メールアドレス");
const TEL: usize = col(HEADERS, "TEL");
const SEX_ID: usize = col(HEADERS, "性別(ID)");
const SEX: usize = col(HEADERS, "性別(名称)");
const SUBTOTAL: usize = col(HEADERS, "小計");
const DISCOUNT: usize = col(HEADERS, "値引き");
const SHIPPING: usize = col_nth(HEADERS, "送料", 0);
const TAX: usize = col(HEADERS, "税金");
const TOTAL: usize = col(HEADERS, "合計");
const PAYMENT_TOTAL: usize = col(HEADERS, "支払合計");
const STATUS_ID: usize = col(HEADERS, "対応状況(ID)");
const STATUS: usize = col(HEADERS, "対応状況(名称)");
const PAYMENT_ID: usize = col(HEADERS, "支払方法(ID)");
const PAYMENT: usize = col(HEADERS, "支払方法(名称)");
const ORDER_DATE: usize = col(HEADERS, "受注日");
const PAYMENT_DATE: usize = col(HEADERS, "入金日");
const DETAIL_ID: usize = col(HEADERS, "注文詳細ID");
const PRODUCT_ID: usize = col(HEADERS, "商品ID");
const CLASS_ID: usize = col(HEADERS, "商品規格ID");
const PRODUCT_NAME: usize = col(HEADERS, "商品名");
const PRODUCT_CODE: usize = col(HEADERS, "商品コード");
const PRICE: usize = col(HEADERS, "価格");
const QTY: usize = col(HEADERS, "個数");
const TAX_RATE: usize = col(HEADERS, "税率");
const TAX_RULE: usize = col(HEADERS, "税率ルール(ID)");
const ITEM_TYPE_ID: usize = col(HEADERS, "明細区分(ID)");
const ITEM_TYPE: usize = col(HEADERS, "明細区分(名称)");
const SHIPMENT_ID: usize = col(HEADERS, "出荷ID");
const S_FAMILY: usize = col(HEADERS, "配送先_お名前(姓)");
const S_GIVEN: usize = col(HEADERS, "配送先_お名前(名)");
const S_FAMILY_KANA: usize = col(HEADERS, "配送先_お名前(セイ)");
const S_GIVEN_KANA: usize = col(HEADERS, "配送先_お名前(メイ)");
const S_ZIP: usize = col(HEADERS, "配送先_郵便番号");
const S_PREF_ID: usize = col(HEADERS, "配送先_都道府県(ID)");
const S_PREF: usize = col(HEADERS, "配送先_都道府県(名称)");
const S_ADDRESS1: usize = col(HEADERS, "配送先_住所1");
const S_ADDRESS2: usize = col(HEADERS, "配送先_住所2");
const S_TEL: usize = col(HEADERS, "配送先_TEL");
const CARRIER_ID: usize = col(HEADERS, "配送業者(ID)");
const CARRIER: usize = col(HEADERS, "配送業者(名称)");
const SHIPMENT_FEE: usize = col_nth(HEADERS, "送料", 1);
const SHIP_DATE: usize = col(HEADERS, "発送日");
const TRACKING: usize = col(HEADERS, "出荷伝票番号");
const SHIP_MAIL_DATE: usize = col(HEADERS, "出荷メール送信日");

/// EC-CUBE writer state: order item ids run across the file.
pub(crate) struct EcCube {
    next_detail: u64,
}

impl EcCube {
    /// A writer.
    pub fn new() -> EcCube {
        EcCube { next_detail: 1 }
    }
}

impl Export for EcCube {
    const HEADERS: &'static [&'static str] = HEADERS;
    const ENCODING: Encoding = Encoding::ShiftJis;
    const CRLF: bool = true;

    fn write<W: Write>(
        &mut self,
        o: &Ctx<'_>,
        rng: &mut Rng,
        t: &mut Table,
        sink: &mut Sink<'_, W>,
    ) -> io::Result<()> {
        let p = &o.person;
        let (status_id, status) = match o.status {
            Status::Cancelled => (3, "注文取消し"),
            Status::Returned => (9, "返品"),
            Status::Incomplete { payment: true } => (7, "決済処理中"),
            Status::Incomplete { payment: false } => (8, "購入処理中"),
            Status::Normal if o.days_to_end < 2 => (1, "新規受付"),
            Status::Normal if o.days_to_end < 5 => {
                [(6, "入金済み"), (4, "対応中")][rng.below(2) as usize]
            }
            Status::Normal if rng.chance(0.03) => (6, "入金済み"),
            Status::Normal => (5, "発送済み"),
        };
        let (payment_id, payment) = [
            (5, "クレジットカード決済"),
            (3, "銀行振込"),
            (4, "代金引換"),
        ][rng.weighted(&[65, 15, 20])];
        t.clear();
        t.int(ORDER_ID, o.index as i64 + 1);
        t.int(ORDER_NO, o.index as i64 + 1);
        if o.member {
            t.int(MEMBER_ID, i64::from(o.cust_no));
        }
        t.set(FAMILY, p.family.kanji);
        t.set(GIVEN, p.given.kanji);
        t.set(FAMILY_KANA, p.family.kana);
        t.set(GIVEN_KANA, p.given.kana);
        p.zip(t.cell(ZIP), "");
        t.int(PREF_ID, i64::from(p.place.pref_id));
        t.set(PREF, p.place.pref);
        p.address1(t.cell(ADDRESS1));
        p.address2(t.cell(ADDRESS2));
        t.set(EMAIL, o.email);
        p.phone(t.cell(TEL), "");
        let (sex_id, sex) = if p.given.female {
            (2, "女性")
        } else {
            (1, "男性")
        };
        t.int(SEX_ID, sex_id);
        t.set(SEX, sex);
        o.amount(t, SUBTOTAL, o.subtotal);
        t.int(DISCOUNT, 0);
        t.int(SHIPPING, o.shipping);
        t.int(TAX, o.tax());
        o.amount(t, TOTAL, o.total);
        o.amount(t, PAYMENT_TOTAL, o.total);
        t.int(STATUS_ID, status_id);
        t.set(STATUS, status);
        t.int(PAYMENT_ID, payment_id);
        t.set(PAYMENT, payment);
        o.date(t.cell(ORDER_DATE), Style::Dash);
        if matches!(status_id, 5 | 6) {
            let days = if payment_id == 3 {
                1 + rng.below(3) as u32
            } else {
                0
            };
            o.later(t.cell(PAYMENT_DATE), days, 60, Style::Dash);
        }
        t.int(SHIPMENT_ID, o.index as i64 + 1);
        for (to, from) in [
            (S_FAMILY, FAMILY),
            (S_GIVEN, GIVEN),
            (S_FAMILY_KANA, FAMILY_KANA),
            (S_GIVEN_KANA, GIVEN_KANA),
            (S_ZIP, ZIP),
            (S_PREF_ID, PREF_ID),
            (S_PREF, PREF),
            (S_ADDRESS1, ADDRESS1),
            (S_ADDRESS2, ADDRESS2),
            (S_TEL, TEL),
        ] {
            t.copy(to, from);
        }
        t.int(CARRIER_ID, 1);
        t.set(CARRIER, "サンプル業者");
        t.int(SHIPMENT_FEE, o.shipping);
        if status_id == 5 {
            o.later(t.cell(SHIP_DATE), 2, 3 * 3600, Style::Dash);
            t.fmt(
                TRACKING,
                format_args!("{:012}", 300_000_000_000 + o.index * 7),
            );
            o.later(t.cell(SHIP_MAIL_DATE), 2, 3 * 3600 + 600, Style::Dash);
        }
        for line in o.lines {
            let product = line.product();
            t.int(DETAIL_ID, self.next_detail as i64);
            self.next_detail += 1;
            t.int(PRODUCT_ID, i64::from(line.product) + 1);
            t.int(CLASS_ID, i64::from(line.product) + 1);
            t.set(PRODUCT_NAME, product.name);
            t.set(PRODUCT_CODE, product.code);
            t.int(PRICE, product.price);
            t.int(QTY, i64::from(line.qty));
            t.int(TAX_RATE, product.tax);
            t.int(TAX_RULE, 1);
            t.int(ITEM_TYPE_ID, 1);
            t.set(ITEM_TYPE, "商品");
            sink.row(t)?;
        }
        // A malformed order stays a single row.
        if o.shipping > 0 && o.malformed.is_none() {
            t.int(DETAIL_ID, self.next_detail as i64);
            self.next_detail += 1;
            t.blank(PRODUCT_ID);
            t.blank(CLASS_ID);
            t.set(PRODUCT_NAME, "送料");
            t.blank(PRODUCT_CODE);
            t.int(PRICE, o.shipping);
            t.int(QTY, 1);
            t.int(TAX_RATE, 10);
            t.int(ITEM_TYPE_ID, 2);
            t.set(ITEM_TYPE, "送料");
            sink.row(t)?;
        }
        Ok(())
    }
}
