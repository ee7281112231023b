//! The columns of a customers table (one row per customer, the aggregation a data warehouse does) and how a
//! header names them.

use super::error::MappingError;

/// A column of a customers table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomerColumn {
    /// The customer's key: a member id, an e-mail or a phone number.
    CustomerKey,
    /// Date of the first valid order.
    FirstOrderDate,
    /// Date of the latest valid order.
    LastOrderDate,
    /// Number of valid orders.
    Orders,
    /// Sum of the valid orders' values.
    Revenue,
    /// Days with at least one valid order (optional).
    OrderDays,
    /// Value of the first day's orders (optional).
    FirstDayRevenue,
    /// The first order's product (optional).
    FirstProduct,
    /// The customer's e-mail address (optional).
    Email,
    /// The customer's phone number (optional).
    Phone,
    /// The first order's channel (optional).
    Channel,
}

impl CustomerColumn {
    /// Every column, the required ones first.
    pub const ALL: [CustomerColumn; 11] = [
        CustomerColumn::CustomerKey,
        CustomerColumn::FirstOrderDate,
        CustomerColumn::LastOrderDate,
        CustomerColumn::Orders,
        CustomerColumn::Revenue,
        CustomerColumn::OrderDays,
        CustomerColumn::FirstDayRevenue,
        CustomerColumn::FirstProduct,
        CustomerColumn::Email,
        CustomerColumn::Phone,
        CustomerColumn::Channel,
    ];

    /// How many columns are required: the first of [`ALL`](CustomerColumn::ALL).
    pub const REQUIRED: usize = 5;

    /// The column's name, as the SQL of `docs/customers-table.md` writes it.
    pub fn name(self) -> &'static str {
        self.headers()[0]
    }

    /// The headers that name the column (compared trimmed, in any case).
    fn headers(self) -> &'static [&'static str] {
        use CustomerColumn::*;
        match self {
            CustomerKey => &["customer_key", "顧客キー"],
            FirstOrderDate => &["first_order_date", "初回購入日"],
            LastOrderDate => &["last_order_date", "最終購入日"],
            Orders => &["orders", "order_count", "購入回数"],
            Revenue => &["revenue", "累計購入金額"],
            OrderDays => &["order_days", "購入日数"],
            FirstDayRevenue => &["first_day_revenue", "初回購入日の購入金額"],
            FirstProduct => &["first_product", "初回購入商品"],
            Email => &["email", "メールアドレス"],
            Phone => &["phone", "電話番号"],
            Channel => &["channel", "チャネル"],
        }
    }
}

/// Where each column of a customers table is in its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomerColumns {
    at: [Option<usize>; CustomerColumn::ALL.len()],
    /// The header's cells, trimmed.
    names: Vec<String>,
}

impl CustomerColumns {
    /// The columns of `header`; fails naming the required columns it lacks.
    pub fn of(header: &[&str]) -> Result<CustomerColumns, MappingError> {
        let names: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        let mut at = [None; CustomerColumn::ALL.len()];
        for (i, column) in CustomerColumn::ALL.iter().enumerate() {
            at[i] = names
                .iter()
                .position(|n| column.headers().iter().any(|h| n.eq_ignore_ascii_case(h)));
        }
        let missing: Vec<String> = CustomerColumn::ALL[..CustomerColumn::REQUIRED]
            .iter()
            .zip(&at)
            .filter(|(_, at)| at.is_none())
            .map(|(c, _)| c.name().to_string())
            .collect();
        match missing.is_empty() {
            true => Ok(CustomerColumns { at, names }),
            false => Err(MappingError::MissingCustomerColumns { missing }),
        }
    }

    /// Where `column` is, when the header has it.
    pub fn index(&self, column: CustomerColumn) -> Option<usize> {
        // The variants are declared in the order of `ALL`.
        self.at[column as usize]
    }

    /// The header of `column` as written, or its name when the header lacks it.
    pub fn header(&self, column: CustomerColumn) -> &str {
        match self.index(column) {
            Some(i) => &self.names[i],
            None => column.name(),
        }
    }

    /// How many cells the header has.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the header has no cells.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Whether a header names every required column of a customers table: the file is one.
pub fn is_customer_header(header: &[&str]) -> bool {
    CustomerColumns::of(header).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_a_customers_table_when_it_names_every_required_column() {
        let header = [
            "Customer_Key ",
            "first_order_date",
            "last_order_date",
            "orders",
            "revenue",
            "email",
        ];
        // `index` reads a column's place by its discriminant: the variants are in the order of `ALL`.
        for (i, column) in CustomerColumn::ALL.into_iter().enumerate() {
            assert_eq!(column as usize, i);
        }
        let columns = CustomerColumns::of(&header).unwrap();
        assert_eq!(columns.index(CustomerColumn::CustomerKey), Some(0));
        assert_eq!(columns.index(CustomerColumn::Email), Some(5));
        assert_eq!(columns.index(CustomerColumn::OrderDays), None);
        assert_eq!(columns.header(CustomerColumn::CustomerKey), "Customer_Key");
        let japanese = [
            "顧客キー",
            "初回購入日",
            "最終購入日",
            "購入回数",
            "累計購入金額",
        ];
        assert!(is_customer_header(&japanese));
        let orders = ["order_id", "order_date", "email", "order_total"];
        assert_eq!(
            CustomerColumns::of(&orders),
            Err(MappingError::MissingCustomerColumns {
                missing: vec![
                    "customer_key".into(),
                    "first_order_date".into(),
                    "last_order_date".into(),
                    "orders".into(),
                    "revenue".into()
                ]
            })
        );
    }
}
