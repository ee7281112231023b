//! The canonical fields of an order line: what every export is mapped onto.

use serde::{Deserialize, Serialize};

/// A field of the canonical order line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    OrderId,
    OrderDate,
    CustomerId,
    Email,
    Phone,
    OrderTotal,
    Refunded,
    Status,
    CancelledAt,
    ProductId,
    ProductName,
    Quantity,
    LinePrice,
    Subscription,
    Currency,
}

impl Field {
    /// Every field, in mapping-screen order.
    pub const ALL: [Field; 15] = [
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

    /// The field for a name of [`Field::name`].
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name.trim())
    }

    /// The field's position in [`Field::ALL`].
    pub(super) fn index(self) -> usize {
        self as usize
    }
}
