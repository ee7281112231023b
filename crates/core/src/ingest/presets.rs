//! The preset tables: for each cart's export, the headers that carry each canonical [`Field`], the customer
//! key, which rows are product lines, what a cancelled status looks like and how subscriptions are marked.
//! Pure data; [`super::mapping`] applies it to a header row.

use serde::{Deserialize, Serialize};

use super::field::Field;

/// A supported export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresetId {
    /// Shopify's orders export.
    Shopify,
    /// EC-CUBE 4's order CSV (受注CSV).
    EcCube,
    /// 楽天RMS's order download.
    Rakuten,
    /// BASE's order CSV.
    Base,
    /// ecforce's order CSV.
    Ecforce,
    /// Any other CSV: columns matched by common names or mapped by the user.
    Generic,
}

impl PresetId {
    /// The preset's name on the command line.
    pub fn name(self) -> &'static str {
        spec(self).name
    }

    /// The name shown to users.
    pub fn label(self) -> &'static str {
        spec(self).label
    }
}

/// Which preset to read a file with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresetChoice {
    /// Detect from the header row.
    #[default]
    Auto,
    /// Use this preset.
    #[serde(untagged)]
    Named(PresetId),
}

impl std::str::FromStr for PresetChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim().to_ascii_lowercase();
        if s == "auto" {
            return Ok(PresetChoice::Auto);
        }
        SPECS
            .iter()
            .find(|p| p.name == s || p.name.replace('-', "") == s)
            .map(|p| PresetChoice::Named(p.id))
            .ok_or_else(|| {
                let names: Vec<&str> = SPECS.iter().map(|p| p.name).collect();
                format!("unknown preset '{s}' (use auto, {})", names.join(", "))
            })
    }
}

/// How a preset recognises a subscription line.
#[derive(Clone, Copy, Debug)]
pub(super) enum SubscriptionRule {
    /// Any value other than empty/0/false/no.
    Truthy,
    /// The cell (a tag list) contains this word, case-insensitively.
    Contains(&'static str),
}

/// Which rows of an order are product lines (the others carry shipping, fees or options).
#[derive(Clone, Copy, Debug)]
pub(super) enum ProductLineRule {
    /// Every row with a product name or id.
    All,
    /// Rows whose value in this column is one of these.
    ColumnIs(&'static [&'static str], &'static [&'static str]),
    /// Rows whose product name does not start with this prefix.
    NameNotPrefix(&'static str),
}

pub(super) struct PresetSpec {
    pub(super) id: PresetId,
    pub(super) name: &'static str,
    pub(super) label: &'static str,
    /// Headers that must all be present to detect the preset.
    pub(super) signature: &'static [&'static str],
    /// For each field, header alternatives in order of preference; `a+b` concatenates columns.
    pub(super) columns: &'static [(Field, &'static [&'static str])],
    /// Fields identifying the customer, in order of preference.
    pub(super) keys: &'static [Field],
    pub(super) default_currency: Option<&'static str>,
    pub(super) product_lines: ProductLineRule,
    pub(super) subscription: SubscriptionRule,
    /// Exact status values meaning cancelled, besides the words every preset understands.
    pub(super) cancel_codes: &'static [&'static str],
    /// Whether the [`UNPAID_STATUSES`] and [`UNPAID_WORDS`] mean an order that never completed, and a status
    /// of `refunded` a returned one: for exports whose statuses come from anywhere (the generic preset).
    pub(super) payment_statuses: bool,
    /// Whether the export's e-mail addresses are relay addresses that change between orders (楽天), so the
    /// key is the phone number: the report says so.
    pub(super) relay_emails: bool,
}

/// Status words meaning cancelled (or returned), matched case-insensitively anywhere in the status.
pub(super) const CANCEL_WORDS: &[&str] =
    &["cancel", "void", "キャンセル", "取消", "取り消し", "返品"];
/// Status words meaning the order never completed (EC-CUBE's 購入処理中, 決済処理中).
pub(super) const INCOMPLETE_WORDS: &[&str] = &["購入処理中", "決済処理中"];
/// Whole statuses (compared without case, `_` and `-` read as spaces, a `wc-` prefix dropped) meaning that no
/// money was taken: WooCommerce's, Stripe's and other carts' failed, declined, pending and on-hold payments.
pub(super) const UNPAID_STATUSES: &[&str] = &[
    "failed",
    "declined",
    "pending",
    "pending payment",
    "payment pending",
    "unpaid",
    "on hold",
    "payment failed",
    "awaiting payment",
];
/// Status words meaning that no money was taken yet (bank transfers not received, failed card payments).
pub(super) const UNPAID_WORDS: &[&str] = &["未入金", "入金待ち", "決済失敗", "決済エラー", "保留"];

const DEFAULT_KEYS: &[Field] = &[Field::CustomerId, Field::Email, Field::Phone];

pub(super) static SPECS: [PresetSpec; 6] = [
    PresetSpec {
        id: PresetId::Shopify,
        name: "shopify",
        label: "Shopify",
        signature: &["Name", "Created at", "Lineitem name", "Financial Status"],
        columns: &[
            (Field::OrderId, &["Name", "Id"]),
            (Field::OrderDate, &["Created at", "Paid at"]),
            (Field::Email, &["Email"]),
            (Field::Phone, &["Phone", "Billing Phone"]),
            (Field::OrderTotal, &["Total"]),
            (Field::Refunded, &["Refunded Amount"]),
            (Field::Status, &["Financial Status"]),
            (Field::CancelledAt, &["Cancelled at"]),
            (Field::ProductId, &["Lineitem sku"]),
            (Field::ProductName, &["Lineitem name"]),
            (Field::Quantity, &["Lineitem quantity"]),
            (Field::LinePrice, &["Lineitem price"]),
            (Field::Subscription, &["Tags"]),
            (Field::Currency, &["Currency"]),
            (Field::Name, &["Billing Name"]),
            (Field::Channel, &["Source"]),
            (Field::Coupon, &["Discount Code"]),
        ],
        keys: &[Field::Email, Field::Phone],
        default_currency: None,
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Contains("subscription"),
        cancel_codes: &[],
        payment_statuses: false,
        relay_emails: false,
    },
    PresetSpec {
        id: PresetId::EcCube,
        name: "ec-cube",
        label: "EC-CUBE 4 受注CSV",
        signature: &["注文ID", "受注日", "対応状況(名称)"],
        columns: &[
            (Field::OrderId, &["注文ID", "注文番号"]),
            (Field::OrderDate, &["受注日"]),
            (Field::CustomerId, &["会員ID"]),
            (Field::Email, &["メールアドレス"]),
            (Field::Phone, &["TEL"]),
            (Field::OrderTotal, &["合計", "支払合計"]),
            (Field::Status, &["対応状況(名称)"]),
            (Field::ProductId, &["商品コード", "商品ID"]),
            (Field::ProductName, &["商品名"]),
            (Field::Quantity, &["個数"]),
            (Field::LinePrice, &["価格"]),
            (Field::NameFamily, &["お名前(姓)"]),
            (Field::NameGiven, &["お名前(名)"]),
        ],
        keys: DEFAULT_KEYS,
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::ColumnIs(
            &["明細区分(名称)", "明細区分(ID)"],
            &["商品", "1"],
        ),
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        payment_statuses: false,
        relay_emails: false,
    },
    PresetSpec {
        id: PresetId::Rakuten,
        name: "rakuten",
        label: "楽天RMS 受注CSV",
        signature: &["受注番号", "受注ステータス"],
        columns: &[
            (Field::OrderId, &["受注番号"]),
            (Field::OrderDate, &["注文日時", "注文日"]),
            (Field::Email, &["メールアドレス"]),
            (
                Field::Phone,
                &[
                    "注文者電話番号１+注文者電話番号２+注文者電話番号３",
                    "注文者電話番号",
                ],
            ),
            (
                Field::OrderTotal,
                &["合計金額(-99999=無効値)", "請求金額(-99999=無効値)", "合計"],
            ),
            (Field::Status, &["受注ステータス"]),
            (Field::ProductId, &["商品番号", "商品ID"]),
            (Field::ProductName, &["商品名"]),
            (Field::Quantity, &["個数"]),
            (Field::LinePrice, &["単価"]),
            (Field::NameFamily, &["注文者名字"]),
            (Field::NameGiven, &["注文者名前"]),
        ],
        keys: &[Field::Phone, Field::Email],
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &["900"],
        payment_statuses: false,
        relay_emails: true,
    },
    PresetSpec {
        id: PresetId::Base,
        name: "base",
        label: "BASE 注文CSV",
        signature: &["注文ID", "注文日時", "発送状況", "メールアドレス(請求先)"],
        columns: &[
            (Field::OrderId, &["注文ID"]),
            (Field::OrderDate, &["注文日時"]),
            (Field::Email, &["メールアドレス(請求先)"]),
            (Field::Phone, &["電話番号(請求先)"]),
            (Field::OrderTotal, &["合計金額"]),
            (Field::Status, &["発送状況"]),
            (Field::ProductId, &["商品コード", "商品ID"]),
            (Field::ProductName, &["商品名"]),
            (Field::Quantity, &["数量"]),
            (Field::LinePrice, &["価格"]),
            (Field::NameFamily, &["氏(請求先)"]),
            (Field::NameGiven, &["名(請求先)"]),
        ],
        keys: &[Field::Email, Field::Phone],
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::NameNotPrefix("商品オプション"),
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        payment_statuses: false,
        relay_emails: false,
    },
    PresetSpec {
        id: PresetId::Ecforce,
        name: "ecforce",
        label: "ecforce 受注CSV",
        signature: &["受注番号", "顧客番号", "定期受注番号"],
        columns: &[
            (Field::OrderId, &["受注番号", "受注ID"]),
            (Field::OrderDate, &["受注日"]),
            (Field::CustomerId, &["顧客番号"]),
            (Field::Email, &["メールアドレス"]),
            (Field::OrderTotal, &["支払い合計", "小計"]),
            (Field::ProductId, &["購入商品（商品コード）"]),
            (Field::ProductName, &["購入商品（商品名）"]),
            (Field::Subscription, &["定期受注番号"]),
        ],
        keys: DEFAULT_KEYS,
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        payment_statuses: false,
        relay_emails: false,
    },
    PresetSpec {
        id: PresetId::Generic,
        name: "generic",
        label: "Generic CSV",
        signature: &[],
        columns: &[
            (
                Field::OrderId,
                &[
                    "order_id",
                    "order id",
                    "order number",
                    "order_number",
                    "order #",
                    "orderid",
                    "invoiceno",
                    "invoice_no",
                    "invoice",
                    "invoice number",
                    "注文id",
                    "注文番号",
                    "受注番号",
                    "受注id",
                ],
            ),
            (
                Field::OrderDate,
                &[
                    "order_date",
                    "order date",
                    "date",
                    "created_at",
                    "created at",
                    "date_created",
                    "created date (utc)",
                    "created (utc)",
                    "invoicedate",
                    "invoice_date",
                    "ordertime",
                    "注文日",
                    "注文日時",
                    "受注日",
                    "購入日",
                ],
            ),
            (
                Field::CustomerId,
                &[
                    "customer_id",
                    "customer id",
                    "customer_user",
                    "customerid",
                    "会員id",
                    "顧客id",
                    "顧客番号",
                ],
            ),
            (
                Field::Email,
                &[
                    "email",
                    "e-mail",
                    "customer_email",
                    "billing_email",
                    "billmailaddress",
                    "customer email",
                    "メールアドレス",
                ],
            ),
            (
                Field::Phone,
                &["phone", "billing_phone", "telephone", "tel", "電話番号"],
            ),
            (
                Field::OrderTotal,
                &[
                    "order_total",
                    "total",
                    "amount",
                    "totalprice",
                    "合計",
                    "合計金額",
                    "支払合計",
                    "ご注文金額",
                ],
            ),
            (
                Field::Refunded,
                &[
                    "refunded",
                    "refunded_amount",
                    "amount_refunded",
                    "refund",
                    "返金額",
                ],
            ),
            (
                Field::Status,
                &[
                    "status",
                    "order_status",
                    "orderstatus",
                    "ステータス",
                    "対応状況",
                ],
            ),
            (
                Field::CancelledAt,
                &["cancelled_at", "canceled_at", "キャンセル日"],
            ),
            (
                Field::ProductId,
                &[
                    "product_id",
                    "sku",
                    "itemid",
                    "stockcode",
                    "stock_code",
                    "商品id",
                    "商品コード",
                ],
            ),
            (
                Field::ProductName,
                &[
                    "product_name",
                    "product",
                    "item_name",
                    "title",
                    "description",
                    "商品名",
                ],
            ),
            (Field::Quantity, &["quantity", "qty", "数量", "個数"]),
            (
                Field::LinePrice,
                &[
                    "line_price",
                    "price",
                    "unit_price",
                    "unitprice",
                    "単価",
                    "価格",
                ],
            ),
            (
                Field::Subscription,
                &["subscription", "is_subscription", "定期"],
            ),
            (Field::Currency, &["currency", "order_currency", "通貨"]),
            (
                Field::NameFamily,
                &[
                    "name_family",
                    "last_name",
                    "family_name",
                    "lastname",
                    "surname",
                    "姓",
                    "名字",
                    "苗字",
                ],
            ),
            (
                Field::NameGiven,
                &["name_given", "first_name", "given_name", "firstname", "名"],
            ),
            (
                Field::Name,
                &[
                    "customer_name",
                    "full_name",
                    "billing_name",
                    "氏名",
                    "お名前",
                    "顧客名",
                    "注文者名",
                ],
            ),
            (
                Field::Channel,
                &[
                    "channel",
                    "source",
                    "order_source",
                    "utm_source",
                    "流入経路",
                    "流入元",
                    "販売チャネル",
                ],
            ),
            (
                Field::Coupon,
                &[
                    "coupon",
                    "coupon_code",
                    "discount_code",
                    "promo_code",
                    "クーポン",
                    "クーポンコード",
                ],
            ),
        ],
        keys: DEFAULT_KEYS,
        default_currency: None,
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        payment_statuses: true,
        relay_emails: false,
    },
];

pub(super) fn spec(id: PresetId) -> &'static PresetSpec {
    SPECS
        .iter()
        .find(|s| s.id == id)
        .expect("every preset has a spec")
}
