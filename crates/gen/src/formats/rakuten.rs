//! 楽天RMS's classic 受注CSV: Shift_JIS, CRLF, one row per item, order-level columns repeated.
//!
//! The customer is known by the orderer's phone number (three columns). The e-mail column holds a masked relay
//! address that is new on every order, as Rakuten's are, so it identifies no one. 合計金額 = 合計 + 送料 is the
//! order value; 請求金額 is what was charged after points, and 消費税/代引料 hold `-99999` ("no value").

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Ctx, Export};
use crate::dates::{write_time, Style};
use crate::rng::Rng;
use crate::sink::{col, Encoding, Sink, Table};

/// The classic download's columns, in order.
pub(crate) const HEADERS: &[&str] = &[
    "受注番号",
    "受注ステータス",
    "カード決済ステータス",
    "入金日",
    "配送日",
    "お届け時間帯",
    "お届け日指定",
    "担当者",
    "ひとことメモ",
    "メール差込文(お客様へのメッセージ)",
    "初期購入合計金額",
    "利用端末",
    "メールキャリアコード",
    "ギフトチェック（0:なし/1:あり）",
    "コメント",
    "注文日時",
    "複数送付先フラグ",
    "警告表示フラグ",
    "楽天会員フラグ",
    "合計",
    "消費税(-99999=無効値)",
    "送料(-99999=無効値)",
    "代引料(-99999=無効値)",
    "請求金額(-99999=無効値)",
    "合計金額(-99999=無効値)",
    "同梱ID",
    "同梱ステータス",
    "同梱商品合計金額",
    "同梱送料合計",
    "同梱代引料合計",
    "同梱消費税合計",
    "同梱請求金額",
    "同梱合計金額",
    "同梱楽天バンク決済振替手数料",
    "同梱ポイント利用合計",
    "メールフラグ",
    "注文日",
    "注文時間",
    "モバイルキャリア決済番号",
    "購入履歴修正可否タイプ",
    "購入履歴修正アイコンフラグ",
    "購入履歴修正催促メールフラグ",
    "送付先一致フラグ",
    "ポイント利用有無",
    "注文者郵便番号１",
    "注文者郵便番号２",
    "注文者住所：都道府県",
    "注文者住所：都市区",
    "注文者住所：町以降",
    "注文者名字",
    "注文者名前",
    "注文者名字フリガナ",
    "注文者名前フリガナ",
    "注文者電話番号１",
    "注文者電話番号２",
    "注文者電話番号３",
    "メールアドレス",
    "注文者性別",
    "注文者誕生日",
    "決済方法",
    "クレジットカード種類",
    "クレジットカード番号",
    "クレジットカード名義人",
    "クレジットカード有効期限",
    "クレジットカード分割選択",
    "クレジットカード分割備考",
    "配送方法",
    "配送区分",
    "ポイント利用額",
    "ポイント利用条件",
    "ポイントステータス",
    "楽天バンク決済ステータス",
    "楽天バンク振替手数料負担区分",
    "楽天バンク決済手数料",
    "ラッピングタイトル(包装紙)",
    "ラッピング名(包装紙)",
    "ラッピング料金(包装紙)",
    "税込別(包装紙)",
    "ラッピングタイトル(リボン)",
    "ラッピング名(リボン)",
    "ラッピング料金(リボン)",
    "税込別(リボン)",
    "送付先送料",
    "送付先代引料",
    "送付先消費税",
    "お荷物伝票番号",
    "送付先商品合計金額",
    "のし",
    "送付先郵便番号１",
    "送付先郵便番号２",
    "送付先住所：都道府県",
    "送付先住所：都市区",
    "送付先住所：町以降",
    "送付先名字",
    "送付先名前",
    "送付先名字フリガナ",
    "送付先名前フリガナ",
    "送付先電話番号１",
    "送付先電話番号２",
    "送付先電話番号３",
    "商品ID",
    "商品名",
    "商品番号",
    "商品URL",
    "単価",
    "個数",
    "送料込別",
    "税込別",
    "代引手数料込別",
    "項目・選択肢",
    "ポイント倍率",
    "ポイントタイプ",
    "レコードナンバー",
    "納期情報",
    "在庫タイプ",
    "ラッピング種類(包装紙)",
    "ラッピング種類(リボン)",
    "あす楽希望",
    "クーポン利用額",
    "店舗発行クーポン利用額",
    "楽天発行クーポン利用額",
    "同梱注文クーポン利用額",
    "配送会社",
    "薬事フラグ",
    "楽天スーパーDEAL",
    "メンバーシッププログラム",
];

const ORDER_NO: usize = col(HEADERS, "受注番号");
const STATUS: usize = col(HEADERS, "受注ステータス");
const PAYMENT_DATE: usize = col(HEADERS, "入金日");
const SHIP_DATE: usize = col(HEADERS, "配送日");
const INITIAL_TOTAL: usize = col(HEADERS, "初期購入合計金額");
const DEVICE: usize = col(HEADERS, "利用端末");
const GIFT: usize = col(HEADERS, "ギフトチェック（0:なし/1:あり）");
const ORDERED_AT: usize = col(HEADERS, "注文日時");
const MULTI_DEST: usize = col(HEADERS, "複数送付先フラグ");
const WARNING: usize = col(HEADERS, "警告表示フラグ");
const MEMBER_FLAG: usize = col(HEADERS, "楽天会員フラグ");
const GOODS_TOTAL: usize = col(HEADERS, "合計");
const TAX: usize = col(HEADERS, "消費税(-99999=無効値)");
const SHIPPING: usize = col(HEADERS, "送料(-99999=無効値)");
const COD_FEE: usize = col(HEADERS, "代引料(-99999=無効値)");
const BILLED: usize = col(HEADERS, "請求金額(-99999=無効値)");
const TOTAL: usize = col(HEADERS, "合計金額(-99999=無効値)");
const MAIL_FLAG: usize = col(HEADERS, "メールフラグ");
const ORDER_DATE: usize = col(HEADERS, "注文日");
const ORDER_TIME: usize = col(HEADERS, "注文時間");
const SAME_DEST: usize = col(HEADERS, "送付先一致フラグ");
const POINTS_USED: usize = col(HEADERS, "ポイント利用有無");
const ZIP1: usize = col(HEADERS, "注文者郵便番号１");
const ZIP2: usize = col(HEADERS, "注文者郵便番号２");
const PREF: usize = col(HEADERS, "注文者住所：都道府県");
const CITY: usize = col(HEADERS, "注文者住所：都市区");
const STREET: usize = col(HEADERS, "注文者住所：町以降");
const FAMILY: usize = col(HEADERS, "注文者名字");
const GIVEN: usize = col(HEADERS, "注文者名前");
const FAMILY_KANA: usize = col(HEADERS, "注文者名字フリガナ");
const GIVEN_KANA: usize = col(HEADERS, "注文者名前フリガナ");
const TEL1: usize = col(HEADERS, "注文者電話番号１");
const TEL2: usize = col(HEADERS, "注文者電話番号２");
const TEL3: usize = col(HEADERS, "注文者電話番号３");
const EMAIL: usize = col(HEADERS, "メールアドレス");
const SEX: usize = col(HEADERS, "注文者性別");
const PAYMENT: usize = col(HEADERS, "決済方法");
const DELIVERY: usize = col(HEADERS, "配送方法");
const POINTS: usize = col(HEADERS, "ポイント利用額");
const D_SHIPPING: usize = col(HEADERS, "送付先送料");
const D_COD: usize = col(HEADERS, "送付先代引料");
const D_TAX: usize = col(HEADERS, "送付先消費税");
const TRACKING: usize = col(HEADERS, "お荷物伝票番号");
const D_GOODS_TOTAL: usize = col(HEADERS, "送付先商品合計金額");
const D_ZIP1: usize = col(HEADERS, "送付先郵便番号１");
const D_ZIP2: usize = col(HEADERS, "送付先郵便番号２");
const D_PREF: usize = col(HEADERS, "送付先住所：都道府県");
const D_CITY: usize = col(HEADERS, "送付先住所：都市区");
const D_STREET: usize = col(HEADERS, "送付先住所：町以降");
const D_FAMILY: usize = col(HEADERS, "送付先名字");
const D_GIVEN: usize = col(HEADERS, "送付先名前");
const D_FAMILY_KANA: usize = col(HEADERS, "送付先名字フリガナ");
const D_GIVEN_KANA: usize = col(HEADERS, "送付先名前フリガナ");
const D_TEL1: usize = col(HEADERS, "送付先電話番号１");
const D_TEL2: usize = col(HEADERS, "送付先電話番号２");
const D_TEL3: usize = col(HEADERS, "送付先電話番号３");
const ITEM_ID: usize = col(HEADERS, "商品ID");
const ITEM_NAME: usize = col(HEADERS, "商品名");
const ITEM_NO: usize = col(HEADERS, "商品番号");
const UNIT_PRICE: usize = col(HEADERS, "単価");
const QTY: usize = col(HEADERS, "個数");
const SHIPPING_INCL: usize = col(HEADERS, "送料込別");
const TAX_INCL: usize = col(HEADERS, "税込別");
const COD_INCL: usize = col(HEADERS, "代引手数料込別");
const POINT_RATE: usize = col(HEADERS, "ポイント倍率");
const COUPON: usize = col(HEADERS, "クーポン利用額");

/// Rakuten writer state: the shop number and the running order sequence.
pub(crate) struct Rakuten {
    shop: u64,
    seq: u64,
}

impl Rakuten {
    /// A writer for a seed-dependent shop.
    pub fn new(rng: &mut Rng) -> Rakuten {
        Rakuten {
            shop: rng.range(100_000, 399_999),
            seq: rng.range(10_000, 99_999),
        }
    }
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

impl Export for Rakuten {
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
        self.seq += 1 + rng.below(3);
        let p = &o.person;
        let cancelled = o.cancelled();
        let shipped = !cancelled && o.days_to_end >= 3;
        let points = if !cancelled && rng.chance(0.15) {
            (50 * rng.range(2, 20) as i64).min(o.total / 2)
        } else {
            0
        };
        let payment = ["クレジットカード", "銀行振込", "後払い決済"][rng.weighted(&[80, 8, 12])];
        t.clear();
        {
            let (y, m, d) = o.cal.ymd(o.t / crate::dates::DAY);
            let _ = write!(
                t.cell(ORDER_NO),
                "{}-{y:04}{m:02}{d:02}-{:010}",
                self.shop,
                self.seq
            );
        }
        t.set(
            STATUS,
            if cancelled {
                "キャンセル確定"
            } else if shipped {
                "発送済"
            } else {
                "発送待ち"
            },
        );
        if !cancelled {
            o.later(t.cell(PAYMENT_DATE), 0, 120, Style::DateOnly);
        }
        if shipped {
            o.later(t.cell(SHIP_DATE), 2, 0, Style::DateOnly);
            t.fmt(
                TRACKING,
                format_args!("{:012}", 400_000_000_000 + o.index * 11),
            );
        }
        o.amount(t, INITIAL_TOTAL, o.total);
        t.set(
            DEVICE,
            if p.channel == 4 {
                "パソコン"
            } else {
                "スマートフォン"
            },
        );
        t.int(GIFT, 0);
        o.date(t.cell(ORDERED_AT), Style::Dash);
        t.int(MULTI_DEST, 0);
        t.int(WARNING, 0);
        t.int(MEMBER_FLAG, 1);
        o.amount(t, GOODS_TOTAL, o.subtotal);
        t.int(TAX, -99_999);
        t.int(SHIPPING, o.shipping);
        t.int(COD_FEE, -99_999);
        o.amount(t, BILLED, o.total - points);
        o.amount(t, TOTAL, o.total);
        t.int(MAIL_FLAG, 1);
        o.date(t.cell(ORDER_DATE), Style::DateOnly);
        write_time(t.cell(ORDER_TIME), o.t % crate::dates::DAY);
        t.int(SAME_DEST, 1);
        t.int(POINTS_USED, i64::from(points > 0));
        p.zip_part(t.cell(ZIP1), 0);
        p.zip_part(t.cell(ZIP2), 1);
        t.set(PREF, p.place.pref);
        t.set(CITY, p.place.city);
        {
            let s = t.cell(STREET);
            s.push_str(p.town);
            p.address2(s);
        }
        t.set(FAMILY, p.family.kanji);
        t.set(GIVEN, p.given.kanji);
        t.set(FAMILY_KANA, p.family.kana);
        t.set(GIVEN_KANA, p.given.kana);
        p.phone_part(t.cell(TEL1), 0);
        p.phone_part(t.cell(TEL2), 1);
        p.phone_part(t.cell(TEL3), 2);
        {
            let s = t.cell(EMAIL);
            for _ in 0..10 {
                s.push(ALNUM[rng.below(ALNUM.len() as u64) as usize] as char);
            }
            s.push_str("@pc.fw.rakuten.ne.jp");
        }
        t.set(SEX, if p.given.female { "女" } else { "男" });
        t.set(PAYMENT, payment);
        t.set(DELIVERY, "宅配便");
        t.int(POINTS, points);
        t.int(D_SHIPPING, o.shipping);
        t.int(D_COD, 0);
        t.int(D_TAX, -99_999);
        t.int(D_GOODS_TOTAL, o.subtotal);
        for (to, from) in [
            (D_ZIP1, ZIP1),
            (D_ZIP2, ZIP2),
            (D_PREF, PREF),
            (D_CITY, CITY),
            (D_STREET, STREET),
            (D_FAMILY, FAMILY),
            (D_GIVEN, GIVEN),
            (D_FAMILY_KANA, FAMILY_KANA),
            (D_GIVEN_KANA, GIVEN_KANA),
            (D_TEL1, TEL1),
            (D_TEL2, TEL2),
            (D_TEL3, TEL3),
        ] {
            t.copy(to, from);
        }
        for line in o.lines {
            let product = line.product();
            t.int(ITEM_ID, 10_000_000 + i64::from(line.product));
            t.set(ITEM_NAME, product.name);
            t.set(ITEM_NO, product.code);
            t.int(UNIT_PRICE, product.price);
            t.int(QTY, i64::from(line.qty));
            t.set(SHIPPING_INCL, "送料別");
            t.set(TAX_INCL, "税込");
            t.set(COD_INCL, "代引手数料別");
            t.int(POINT_RATE, 1);
            t.int(COUPON, 0);
            sink.row(t)?;
        }
        Ok(())
    }
}
