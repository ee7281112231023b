//! The canonical fields of an order line: what every export is mapped onto.

use serde::{Deserialize, Serialize};

/// A field of the canonical order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The order number; rows sharing it are lines of one order (without it, one order per row).
    OrderId,
    /// When the order was placed; required.
    OrderDate,
    /// The shop's member id: the first customer key.
    CustomerId,
    /// The customer's e-mail address: a key when there is no member id.
    Email,
    /// The customer's phone number: a key when there is neither member id nor e-mail.
    Phone,
    /// What the order is worth; without it, the sum of the lines' price × quantity.
    OrderTotal,
    /// Amount refunded, subtracted from the total.
    Refunded,
    /// The order's status, which decides whether it counts as a purchase.
    Status,
    /// When the order was cancelled: set means cancelled.
    CancelledAt,
    /// The product's id or code.
    ProductId,
    /// The product's name.
    ProductName,
    /// Units of the product on the line (default 1).
    Quantity,
    /// Unit price of the product on the line.
    LinePrice,
    /// Whether the line is a subscription (定期) delivery.
    Subscription,
    /// ISO 4217 code of the order's amounts.
    Currency,
    /// The customer's family name (姓), when the export has it apart from the given name.
    NameFamily,
    /// The customer's given name (名), when the export has it apart from the family name.
    NameGiven,
    /// The customer's full name, when the export has it in one column.
    Name,
    /// Where the order came from (Shopify's Source: `web`, `pos`, an app), as the export writes it.
    Channel,
    /// The discount or coupon code used on the order.
    Coupon,
}

impl Field {
    /// Every field, in mapping-screen order.
    pub const ALL: [Field; 20] = [
        Field::OrderId,
        Field::OrderDate,
        Field::CustomerId,
        Field::Email,
        Field::Phone,
        Field::OrderTotal,
        Field::Refunded,
        Field::Status,
        Field::CancelledAt,
        Field::ProductId,
        Field::ProductName,
        Field::Quantity,
        Field::LinePrice,
        Field::Subscription,
        Field::Currency,
        Field::NameFamily,
        Field::NameGiven,
        Field::Name,
        Field::Channel,
        Field::Coupon,
    ];

    /// The field's name in `--map field=column` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::OrderId => "order_id",
            Field::OrderDate => "order_date",
            Field::CustomerId => "customer_id",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::OrderTotal => "order_total",
            Field::Refunded => "refunded",
            Field::Status => "status",
            Field::CancelledAt => "cancelled_at",
            Field::ProductId => "product_id",
            Field::ProductName => "product_name",
            Field::Quantity => "quantity",
            Field::LinePrice => "line_price",
            Field::Subscription => "subscription",
            Field::Currency => "currency",
            Field::NameFamily => "name_family",
            Field::NameGiven => "name_given",
            Field::Name => "name",
            Field::Channel => "channel",
            Field::Coupon => "coupon",
        }
    }

    /// The field's name on the mapping screen, in Japanese and English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Field::OrderId => ("注文番号", "Order ID"),
            Field::OrderDate => ("注文日", "Order date"),
            Field::CustomerId => ("顧客ID（会員ID）", "Customer ID"),
            Field::Email => ("メールアドレス", "E-mail"),
            Field::Phone => ("電話番号", "Phone"),
            Field::OrderTotal => ("注文合計金額", "Order total"),
            Field::Refunded => ("返金額", "Refunded amount"),
            Field::Status => ("注文ステータス", "Status"),
            Field::CancelledAt => ("キャンセル日時", "Cancelled at"),
            Field::ProductId => ("商品コード", "Product ID"),
            Field::ProductName => ("商品名", "Product name"),
            Field::Quantity => ("数量", "Quantity"),
            Field::LinePrice => ("単価", "Unit price"),
            Field::Subscription => ("定期購入", "Subscription"),
            Field::Currency => ("通貨", "Currency"),
            Field::NameFamily => ("姓", "Family name"),
            Field::NameGiven => ("名", "Given name"),
            Field::Name => ("氏名", "Full name"),
            Field::Channel => ("流入経路", "Channel"),
            Field::Coupon => ("クーポンコード", "Discount code"),
        }
    }

    /// Whether reading needs this field (or, for the customer key and the value, one of its alternatives; see
    /// [`missing_required`](super::mapping::missing_required)).
    pub fn is_required(self) -> bool {
        matches!(
            self,
            Field::OrderDate | Field::OrderTotal | Field::CustomerId
        )
    }

    /// Whether the field is part of the customer's name, which only segment exports use.
    pub fn is_name(self) -> bool {
        matches!(self, Field::NameFamily | Field::NameGiven | Field::Name)
    }

    /// The field for a name of [`Field::name`].
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
    }

    /// The field's position in [`Field::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }
}
