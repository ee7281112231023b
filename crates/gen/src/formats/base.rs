//! BASE's 注文CSV: Shift_JIS, CRLF, one row per item; 合計金額 and 送料 repeat on every row of an order (the
//! order's value is 合計金額 taken once). Gift items sometimes carry an extra option row named
//! `商品オプション「ギフトラッピング」` with price 0, which is not a product.

use std::io::{self, Write};

use super::{Ctx, Export};
use crate::dates::Style;
use crate::rng::Rng;
use crate::sink::{col, Encoding, Sink, Table};

/// The export's columns, in order.
pub(crate) const HEADERS: &[&str] = &[
    "注文ID",
    "注文日時",
    "氏(請求先)",
    "名(請求先)",
    "郵便番号(請求先)",
    "都道府県(請求先)",
    "住所(請求先)",
    "住所2(請求先)",
    "電話番号(請求先)",
    "メールアドレス(請求先)",
    "氏(配送先)",
    "名(配送先)",
    "郵便番号(配送先)",
    "都道府県(配送先)",
    "住所(配送先)",
    "住所2(配送先)",
    "電話番号(配送先)",
    "備考",
    "商品名",
    "バリエーション",
    "価格",
    "税率",
    "数量",
    "合計金額",
    "送料",
    "支払い方法",
    "代引き手数料",
    "発送状況",
    "商品ID",
    "種類ID",
    "購入元",
    "配送日",
    "配送時間帯",
    "注文メモ",
    "調整金額",
];

const ORDER_ID: usize = col(HEADERS, "注文ID");
const ORDERED_AT: usize = col(HEADERS, "注文日時");
const FAMILY: usize = col(HEADERS, "氏(請求先)");
const GIVEN: usize = col(HEADERS, "名(請求先)");
const ZIP: usize = col(HEADERS, "郵便番号(請求先)");
const PREF: usize = col(HEADERS, "都道府県(請求先)");
const ADDRESS: usize = col(HEADERS, "住所(請求先)");
const ADDRESS2: usize = col(HEADERS, "住所2(請求先)");
const TEL: usize = col(HEADERS, "電話番号(請求先)");
const EMAIL: usize = col(HEADERS, "メールアドレス(請求先)");
const D_FAMILY: usize = col(HEADERS, "氏(配送先)");
const D_GIVEN: usize = col(HEADERS, "名(配送先)");
const D_ZIP: usize = col(HEADERS, "郵便番号(配送先)");
const D_PREF: usize = col(HEADERS, "都道府県(配送先)");
const D_ADDRESS: usize = col(HEADERS, "住所(配送先)");
const D_ADDRESS2: usize = col(HEADERS, "住所2(配送先)");
const D_TEL: usize = col(HEADERS, "電話番号(配送先)");
const ITEM_NAME: usize = col(HEADERS, "商品名");
const VARIATION: usize = col(HEADERS, "バリエーション");
const PRICE: usize = col(HEADERS, "価格");
const TAX_RATE: usize = col(HEADERS, "税率");
const QTY: usize = col(HEADERS, "数量");
const TOTAL: usize = col(HEADERS, "合計金額");
const SHIPPING: usize = col(HEADERS, "送料");
const PAYMENT: usize = col(HEADERS, "支払い方法");
const COD_FEE: usize = col(HEADERS, "代引き手数料");
const SHIP_STATUS: usize = col(HEADERS, "発送状況");
const ITEM_ID: usize = col(HEADERS, "商品ID");
const SOURCE: usize = col(HEADERS, "購入元");
const ADJUSTMENT: usize = col(HEADERS, "調整金額");

/// 36^10: order ids are 10 base-36 characters.
const ID_SPACE: u64 = 3_656_158_440_062_976;
/// Coprime to 36, so `index × ID_STEP + offset` (mod 36^10) never repeats.
const ID_STEP: u64 = 1_597_334_677;

/// BASE writer state: the offset of the order id permutation.
pub(crate) struct Base {
    id_offset: u64,
}

impl Base {
    /// A writer with a seed-dependent id permutation.
    pub fn new(rng: &mut Rng) -> Base {
        Base {
            id_offset: rng.below(ID_SPACE),
        }
    }
}

impl Export for Base {
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
        let payment = [
            "クレジットカード決済",
            "コンビニ決済",
            "銀行振込",
            "後払い決済",
        ][rng.weighted(&[70, 10, 8, 12])];
        let source = if rng.chance(0.3) {
            "BASE"
        } else {
            "ショップ"
        };
        t.clear();
        {
            let mut x = ((u128::from(o.index) * u128::from(ID_STEP) + u128::from(self.id_offset))
                % u128::from(ID_SPACE)) as u64;
            let mut id = [b'0'; 10];
            for c in id.iter_mut().rev() {
                *c = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(x % 36) as usize];
                x /= 36;
            }
            t.set(ORDER_ID, std::str::from_utf8(&id).unwrap_or_default());
        }
        o.date(t.cell(ORDERED_AT), Style::Dash);
        if !o.anonymous {
            t.set(FAMILY, p.family.kanji);
            t.set(GIVEN, p.given.kanji);
            p.zip(t.cell(ZIP), "-");
            t.set(PREF, p.place.pref);
            {
                let s = t.cell(ADDRESS);
                p.address1(s);
                p.address2(s);
            }
            p.phone(t.cell(TEL), "-");
            t.set(EMAIL, o.email);
            for (to, from) in [
                (D_FAMILY, FAMILY),
                (D_GIVEN, GIVEN),
                (D_ZIP, ZIP),
                (D_PREF, PREF),
                (D_ADDRESS, ADDRESS),
                (D_ADDRESS2, ADDRESS2),
                (D_TEL, TEL),
            ] {
                t.copy(to, from);
            }
        }
        o.amount(t, TOTAL, o.total);
        t.int(SHIPPING, o.shipping);
        t.set(PAYMENT, payment);
        t.int(COD_FEE, 0);
        t.set(
            SHIP_STATUS,
            if o.cancelled() {
                "キャンセル"
            } else if o.days_to_end < 3 {
                "未対応"
            } else {
                "発送済み"
            },
        );
        t.set(SOURCE, source);
        t.int(ADJUSTMENT, 0);
        for line in o.lines {
            let product = line.product();
            t.set(ITEM_NAME, product.name);
            t.blank(VARIATION);
            t.int(PRICE, product.price);
            t.fmt(TAX_RATE, format_args!("{}%", product.tax));
            t.int(QTY, i64::from(line.qty));
            t.int(ITEM_ID, 50_000_000 + i64::from(line.product));
            sink.row(t)?;
            let giftable = product.code.starts_with("GFT") || product.code.starts_with("GDS");
            if giftable && o.malformed.is_none() && rng.chance(0.3) {
                t.set(ITEM_NAME, "商品オプション「ギフトラッピング」");
                t.set(VARIATION, "希望する");
                t.int(PRICE, 0);
                t.int(QTY, 1);
                sink.row(t)?;
            }
        }
        Ok(())
    }
}
