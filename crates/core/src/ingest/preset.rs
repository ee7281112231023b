//! Presets: how each cart's export maps onto the canonical order line.
//!
//! A preset names, for every canonical [`Field`], the header(s) that carry it in one cart's export, which
//! rows are product lines, what a cancelled status looks like and which field identifies the customer.
//! Columns are found by header name, never by position (shops reorder and drop columns). [`resolve`] picks the
//! preset from the header row (or takes the user's), applies the user's own `field=column` mapping on top, and
//! says which required fields are still unmapped.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::batch::MappedHeader;
use super::records::Record;
use crate::money::Currency;

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
    /// [`missing_required`]).
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

    fn index(self) -> usize {
        self as usize
    }
}

/// A supported export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PresetId {
    Shopify,
    EcCube,
    Rakuten,
    Base,
    Ecforce,
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
enum SubscriptionRule {
    /// Any value other than empty/0/false/no.
    Truthy,
    /// The cell (a tag list) contains this word, case-insensitively.
    Contains(&'static str),
}

/// Which rows of an order are product lines (the others carry shipping, fees or options).
#[derive(Clone, Copy, Debug)]
enum ProductLineRule {
    /// Every row with a product name or id.
    All,
    /// Rows whose value in this column is one of these.
    ColumnIs(&'static [&'static str], &'static [&'static str]),
    /// Rows whose product name does not start with this prefix.
    NameNotPrefix(&'static str),
}

struct PresetSpec {
    id: PresetId,
    name: &'static str,
    label: &'static str,
    /// Headers that must all be present to detect the preset.
    signature: &'static [&'static str],
    /// For each field, header alternatives in order of preference; `a+b` concatenates columns.
    columns: &'static [(Field, &'static [&'static str])],
    /// Fields identifying the customer, in order of preference.
    keys: &'static [Field],
    default_currency: Option<&'static str>,
    product_lines: ProductLineRule,
    subscription: SubscriptionRule,
    /// Exact status values meaning cancelled, besides the words every preset understands.
    cancel_codes: &'static [&'static str],
    /// Why the key is what it is, when users would expect another.
    key_note: Option<&'static str>,
}

/// Status words meaning cancelled (or returned), matched case-insensitively anywhere in the status.
const CANCEL_WORDS: &[&str] = &["cancel", "void", "キャンセル", "取消", "取り消し", "返品"];
/// Status words meaning the order never completed (EC-CUBE's 購入処理中, 決済処理中).
const INCOMPLETE_WORDS: &[&str] = &["購入処理中", "決済処理中"];

const DEFAULT_KEYS: &[Field] = &[Field::CustomerId, Field::Email, Field::Phone];

static SPECS: [PresetSpec; 6] = [
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
        ],
        keys: &[Field::Email, Field::Phone],
        default_currency: None,
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Contains("subscription"),
        cancel_codes: &[],
        key_note: None,
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
        ],
        keys: DEFAULT_KEYS,
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::ColumnIs(&["明細区分(名称)", "明細区分(ID)"], &["商品", "1"]),
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        key_note: None,
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
            (Field::Phone, &["注文者電話番号１+注文者電話番号２+注文者電話番号３", "注文者電話番号"]),
            (Field::OrderTotal, &["合計金額(-99999=無効値)", "請求金額(-99999=無効値)", "合計"]),
            (Field::Status, &["受注ステータス"]),
            (Field::ProductId, &["商品番号", "商品ID"]),
            (Field::ProductName, &["商品名"]),
            (Field::Quantity, &["個数"]),
            (Field::LinePrice, &["単価"]),
        ],
        keys: &[Field::Phone, Field::Email],
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &["900"],
        key_note: Some(
            "Rakuten e-mail addresses are masked relay addresses that change between orders, so customers are identified by the orderer's phone number",
        ),
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
        ],
        keys: &[Field::Email, Field::Phone],
        default_currency: Some("JPY"),
        product_lines: ProductLineRule::NameNotPrefix("商品オプション"),
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        key_note: None,
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
        key_note: None,
    },
    PresetSpec {
        id: PresetId::Generic,
        name: "generic",
        label: "Generic CSV",
        signature: &[],
        columns: &[
            (Field::OrderId, &["order_id", "order id", "order number", "order_number", "order #", "orderid", "注文id", "注文番号", "受注番号", "受注id"]),
            (Field::OrderDate, &["order_date", "order date", "date", "created_at", "created at", "ordertime", "注文日", "注文日時", "受注日", "購入日"]),
            (Field::CustomerId, &["customer_id", "customer id", "customer_user", "customerid", "会員id", "顧客id", "顧客番号"]),
            (Field::Email, &["email", "e-mail", "customer_email", "billing_email", "billmailaddress", "メールアドレス"]),
            (Field::Phone, &["phone", "billing_phone", "telephone", "tel", "電話番号"]),
            (Field::OrderTotal, &["order_total", "total", "amount", "totalprice", "合計", "合計金額", "支払合計", "ご注文金額"]),
            (Field::Refunded, &["refunded", "refunded_amount", "refund", "返金額"]),
            (Field::Status, &["status", "order_status", "orderstatus", "ステータス", "対応状況"]),
            (Field::CancelledAt, &["cancelled_at", "canceled_at", "キャンセル日"]),
            (Field::ProductId, &["product_id", "sku", "itemid", "商品id", "商品コード"]),
            (Field::ProductName, &["product_name", "product", "item_name", "title", "商品名"]),
            (Field::Quantity, &["quantity", "qty", "数量", "個数"]),
            (Field::LinePrice, &["line_price", "price", "unit_price", "unitprice", "単価", "価格"]),
            (Field::Subscription, &["subscription", "is_subscription", "定期"]),
            (Field::Currency, &["currency", "order_currency", "通貨"]),
        ],
        keys: DEFAULT_KEYS,
        default_currency: None,
        product_lines: ProductLineRule::All,
        subscription: SubscriptionRule::Truthy,
        cancel_codes: &[],
        key_note: None,
    },
];

fn spec(id: PresetId) -> &'static PresetSpec {
    SPECS
        .iter()
        .find(|s| s.id == id)
        .expect("every preset has a spec")
}

/// Where a field's value comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    Column(usize),
    /// Several columns joined (楽天's phone number in three parts).
    Concat(Vec<usize>),
}

/// Why a header row could not be mapped.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MappingError {
    /// Required fields have no column.
    Missing {
        preset: PresetId,
        fields: Vec<Field>,
        headers: Vec<String>,
    },
    /// The user mapped a field to a column the file does not have.
    NoSuchColumn {
        field: Field,
        column: String,
        headers: Vec<String>,
    },
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MappingError::Missing { preset, fields, headers } => {
                let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
                write!(
                    f,
                    "read as {}, but no column was found for: {}. Map them with field=column (for example {}=<column>). Columns in the file: {}",
                    preset.label(),
                    names.join(", "),
                    names[0],
                    headers.join(", ")
                )
            }
            MappingError::NoSuchColumn { field, column, headers } => write!(
                f,
                "the mapping {}={column} names a column the file does not have. Columns in the file: {}",
                field.name(),
                headers.join(", ")
            ),
        }
    }
}

/// The resolved mapping of one file's columns.
#[derive(Clone, Debug)]
pub struct Mapping {
    /// The preset in use.
    pub preset: PresetId,
    sources: Vec<Option<Source>>,
    headers: Vec<String>,
    product_line_column: Option<(usize, &'static [&'static str])>,
    /// The currency suggested by the total column's header (`amount_usd`, `金額(円)`).
    pub currency_hint: Option<Currency>,
    /// Notes for the data-quality report (fallbacks, key choices).
    pub notes: Vec<String>,
}

fn normalise_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{FEFF}')
        .to_lowercase()
        .replace(['_', '-'], " ")
}

/// The columns found for each field of a header row, before checking that the required ones are there.
struct Suggested {
    preset: PresetId,
    headers: Vec<String>,
    sources: Vec<Option<Source>>,
    notes: Vec<String>,
    missing: Vec<Field>,
    product_line_column: Option<(usize, &'static [&'static str])>,
}

/// The fields reading needs that `mapped` lacks: the order date; the order total, unless there is a line
/// price to sum; and a customer key (customer id, e-mail or phone), named as `customer_id`.
pub fn missing_required(mapped: &[Field]) -> Vec<Field> {
    let has = |f: Field| mapped.contains(&f);
    let mut missing = Vec::new();
    if !has(Field::OrderDate) {
        missing.push(Field::OrderDate);
    }
    if !has(Field::OrderTotal) && !has(Field::LinePrice) {
        missing.push(Field::OrderTotal);
    }
    if ![Field::CustomerId, Field::Email, Field::Phone]
        .into_iter()
        .any(has)
    {
        missing.push(Field::CustomerId);
    }
    missing
}

/// What [`resolve`] would map, also when required fields are missing: the preset, each field's column
/// (`a + b` for joined columns) and the required fields without one. Fails only when the user's mapping
/// names a column the file does not have.
pub fn suggest(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Suggestion, MappingError> {
    let s = suggest_sources(headers, choice, user)?;
    Ok(Suggestion {
        preset: s.preset,
        columns: columns_of(&s.sources, &s.headers),
        missing: s.missing,
    })
}

/// What [`suggest`] found for a header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The preset detected (or chosen).
    pub preset: PresetId,
    /// The column of each field that has one (joined columns as `a + b`).
    pub columns: Vec<(Field, String)>,
    /// Required fields without a column.
    pub missing: Vec<Field>,
}

fn suggest_sources(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Suggested, MappingError> {
    let headers: Vec<String> = headers
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{FEFF}').to_string())
        .collect();
    let find_exact = |name: &str| headers.iter().position(|h| h == name);
    let mut notes = Vec::new();
    let preset = match choice {
        PresetChoice::Named(id) => id,
        PresetChoice::Auto => SPECS
            .iter()
            .filter(|s| !s.signature.is_empty() && s.signature.iter().all(|h| find_exact(h).is_some()))
            .max_by_key(|s| s.signature.len())
            .map(|s| s.id)
            .unwrap_or_else(|| {
                if user.is_empty() {
                    notes.push("The header row matches no known cart export; columns were matched by name (generic preset).".to_string());
                }
                PresetId::Generic
            }),
    };
    let spec = spec(preset);
    let generic = preset == PresetId::Generic;
    let normalised: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let find = |name: &str| -> Option<usize> {
        if generic {
            // `amount` also matches `amount_usd` / `Amount (JPY)`: a name followed by a currency.
            let name = normalise_header(name);
            normalised.iter().position(|h| *h == name).or_else(|| {
                normalised.iter().position(|h| {
                    h.strip_prefix(name.as_str())
                        .is_some_and(|rest| rest.starts_with([' ', '(']))
                        && currency_in_header(h).is_some()
                })
            })
        } else {
            find_exact(name)
        }
    };
    let mut sources: Vec<Option<Source>> = vec![None; Field::ALL.len()];
    for (field, alternatives) in spec.columns {
        sources[field.index()] = alternatives.iter().find_map(|alt| {
            if alt.contains('+') {
                let parts: Option<Vec<usize>> = alt.split('+').map(&find).collect();
                parts.map(Source::Concat)
            } else {
                find(alt).map(Source::Column)
            }
        });
    }
    for (field, column) in user {
        if column.trim().is_empty() {
            sources[field.index()] = None;
            continue;
        }
        let i = find_exact(column.trim())
            .or_else(|| {
                normalised
                    .iter()
                    .position(|h| *h == normalise_header(column))
            })
            .ok_or_else(|| MappingError::NoSuchColumn {
                field: *field,
                column: column.clone(),
                headers: headers.clone(),
            })?;
        sources[field.index()] = Some(Source::Column(i));
    }
    let mapped: Vec<Field> = Field::ALL
        .into_iter()
        .filter(|f| sources[f.index()].is_some())
        .collect();
    let missing = missing_required(&mapped);
    let product_line_column = match spec.product_lines {
        ProductLineRule::ColumnIs(names, values) => {
            names.iter().find_map(|n| find(n)).map(|i| (i, values))
        }
        _ => None,
    };
    Ok(Suggested {
        preset,
        headers,
        sources,
        notes,
        missing,
        product_line_column,
    })
}

/// Maps a header row onto the canonical fields.
///
/// `user` mappings (`field`, `column`) take precedence over the preset's; an empty `column` unmaps the field. With [`PresetChoice::Auto`] the named
/// preset whose signature headers are all present is used; failing that, the generic preset matches common
/// header names, and the notes say so.
pub fn resolve(
    headers: &[&str],
    choice: PresetChoice,
    user: &[(Field, String)],
) -> Result<Mapping, MappingError> {
    let Suggested {
        preset,
        headers,
        sources,
        mut notes,
        missing,
        product_line_column,
    } = suggest_sources(headers, choice, user)?;
    let spec = spec(preset);
    if !missing.is_empty() {
        return Err(MappingError::Missing {
            preset,
            fields: missing,
            headers,
        });
    }
    if preset == PresetId::Generic {
        let unmapped: Vec<&str> = Field::ALL
            .into_iter()
            .filter(|f| sources[f.index()].is_none())
            .map(Field::name)
            .collect();
        if !unmapped.is_empty() {
            notes.push(format!(
                "Fields without a column (map them if the file has them): {}.",
                unmapped.join(", ")
            ));
        }
    }
    if sources[Field::OrderId.index()].is_none() {
        notes.push("There is no order id column: every row is one order, and identical rows are separate purchases.".into());
    }
    if sources[Field::OrderTotal.index()].is_none() {
        notes.push(
            "There is no order total column: order values are the sum of line price × quantity."
                .into(),
        );
    }
    if let Some(note) = spec.key_note {
        notes.push(note.into());
    }
    let currency_hint = match &sources[Field::OrderTotal.index()] {
        Some(Source::Column(i)) => currency_in_header(&headers[*i]),
        _ => None,
    };
    Ok(Mapping {
        preset,
        sources,
        headers,
        product_line_column,
        currency_hint,
        notes,
    })
}

/// The header of each field with a column; joined columns as `a + b`.
fn columns_of(sources: &[Option<Source>], headers: &[String]) -> Vec<(Field, String)> {
    Field::ALL
        .into_iter()
        .filter_map(|f| {
            let name = match sources[f.index()].as_ref()? {
                Source::Column(i) => headers[*i].clone(),
                Source::Concat(cols) => cols
                    .iter()
                    .map(|i| headers[*i].as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
            };
            Some((f, name))
        })
        .collect()
}

/// Whether `needle` occurs in `haystack`, ASCII letters compared case-insensitively (runs once per row, so it
/// does not allocate a lower-cased copy).
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

/// A currency named in a header such as `amount_usd` or `金額(円)`.
fn currency_in_header(header: &str) -> Option<Currency> {
    const CODES: &[&str] = &[
        "jpy", "usd", "eur", "gbp", "cny", "krw", "twd", "hkd", "aud", "cad", "sgd",
    ];
    if header.contains('円') {
        return Some(Currency::jpy());
    }
    header
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| CODES.contains(w))
        .and_then(Currency::from_code)
}

/// The cells of `columns`, trimmed, one after the other (a field some presets read from several columns).
#[inline(never)]
fn concat(record: &Record<'_>, columns: &[usize]) -> String {
    columns
        .iter()
        .map(|i| crate::text::trim(record.get(*i).unwrap_or("")))
        .collect()
}

impl Mapping {
    /// The value of `field` in a record, trimmed; empty when unmapped or missing.
    #[inline]
    pub fn get<'r>(&self, record: &Record<'r>, field: Field) -> Cow<'r, str> {
        match &self.sources[field.index()] {
            None => Cow::Borrowed(""),
            Some(Source::Column(i)) => {
                Cow::Borrowed(crate::text::trim(record.get(*i).unwrap_or("")))
            }
            Some(Source::Concat(cols)) => Cow::Owned(concat(record, cols)),
        }
    }

    /// The header of column `i`.
    pub fn header(&self, i: usize) -> Option<&str> {
        self.headers.get(i).map(String::as_str)
    }

    /// The field read from column `i` alone, if one is.
    pub fn field_of_column(&self, i: usize) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|f| matches!(self.sources[f.index()], Some(Source::Column(c)) if c == i))
    }

    /// Number of columns in the header row.
    pub fn columns_len(&self) -> usize {
        self.headers.len()
    }

    /// Whether `field` has a column.
    pub fn has(&self, field: Field) -> bool {
        self.sources[field.index()].is_some()
    }

    /// The header of each mapped field, for the report.
    pub fn columns(&self) -> Vec<(Field, String)> {
        columns_of(&self.sources, &self.headers)
    }

    /// The fields identifying the customer, in order of preference.
    pub fn key_fields(&self) -> &'static [Field] {
        spec(self.preset).keys
    }

    /// The currency the total column's header or else the preset implies, if any.
    pub fn implied_currency(&self) -> Option<Currency> {
        self.currency_hint
            .clone()
            .or_else(|| self.default_currency())
    }

    /// What grouping the rows into orders needs to know of the mapped header.
    pub(super) fn mapped_header(&self) -> MappedHeader {
        MappedHeader {
            preset: self.preset,
            columns: self.columns(),
            notes: self.notes.clone(),
            currency: self.implied_currency(),
        }
    }

    /// The preset's default currency, if it has one.
    pub fn default_currency(&self) -> Option<Currency> {
        spec(self.preset)
            .default_currency
            .and_then(Currency::from_code)
    }

    /// Whether a status value means the order was cancelled (or returned).
    pub fn is_cancelled_status(&self, status: &str) -> bool {
        CANCEL_WORDS
            .iter()
            .any(|w| contains_ignore_ascii_case(status, w))
            || spec(self.preset).cancel_codes.contains(&status)
    }

    /// Whether a status value means the order never completed.
    pub fn is_incomplete_status(&self, status: &str) -> bool {
        INCOMPLETE_WORDS.iter().any(|w| status.contains(w))
    }

    /// Whether the subscription cell marks a subscription line.
    pub fn is_subscription(&self, value: &str) -> bool {
        match spec(self.preset).subscription {
            SubscriptionRule::Truthy => super::parse::is_truthy(value),
            SubscriptionRule::Contains(word) => value.to_lowercase().contains(word),
        }
    }

    /// Whether a row is a product line (not shipping, a fee or an option row).
    pub fn is_product_line(&self, record: &Record<'_>) -> bool {
        match spec(self.preset).product_lines {
            ProductLineRule::All => true,
            ProductLineRule::ColumnIs(..) => match self.product_line_column {
                Some((i, values)) => values.contains(&record.get(i).unwrap_or("").trim()),
                None => true,
            },
            ProductLineRule::NameNotPrefix(prefix) => {
                !self.get(record, Field::ProductName).starts_with(prefix)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_cart_from_its_real_header_row() {
        let shopify = "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Cancelled at,Refunded Amount,Id,Tags,Phone";
        let eccube = "注文ID,注文番号,会員ID,メールアドレス,TEL,合計,支払合計,対応状況(ID),対応状況(名称),受注日,商品名,商品コード,価格,個数,明細区分(ID),明細区分(名称)";
        let rakuten = "受注番号,受注ステータス,注文日時,合計金額(-99999=無効値),注文者電話番号１,注文者電話番号２,注文者電話番号３,メールアドレス,商品名,商品番号,単価,個数";
        let base = "注文ID,注文日時,電話番号(請求先),メールアドレス(請求先),商品名,価格,数量,合計金額,送料,発送状況,商品ID";
        let ecforce = "受注ID,受注番号,顧客番号,購入URL,購入オファー,定期受注番号,メールアドレス,小計,支払い合計,受注日";
        for (header, id) in [
            (shopify, PresetId::Shopify),
            (eccube, PresetId::EcCube),
            (rakuten, PresetId::Rakuten),
            (base, PresetId::Base),
            (ecforce, PresetId::Ecforce),
        ] {
            let cols: Vec<&str> = header.split(',').collect();
            let m = resolve(&cols, PresetChoice::Auto, &[]).unwrap();
            assert_eq!(m.preset, id);
        }
    }

    #[test]
    fn unknown_headers_fall_back_to_generic_by_name() {
        let m = resolve(
            &["Order Number", "Order Date", "Customer ID", "Amount"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap();
        assert_eq!(m.preset, PresetId::Generic);
        let cols: Vec<String> = m
            .columns()
            .into_iter()
            .map(|(f, c)| format!("{}={c}", f.name()))
            .collect();
        assert_eq!(
            cols,
            [
                "order_id=Order Number",
                "order_date=Order Date",
                "customer_id=Customer ID",
                "order_total=Amount"
            ]
        );
        assert!(m.notes[0].contains("generic"));
        assert!(
            m.notes[1].contains("email, phone, refunded, status"),
            "{:?}",
            m.notes
        );
    }

    #[test]
    fn missing_fields_are_named_with_the_columns_found() {
        let err = resolve(
            &["customer_id", "when", "paid_usd"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap_err();
        let MappingError::Missing { fields, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(fields, &[Field::OrderDate, Field::OrderTotal]);
        assert!(err.to_string().contains("order_date, order_total"), "{err}");
        assert!(
            err.to_string().contains("customer_id, when, paid_usd"),
            "{err}"
        );
    }

    #[test]
    fn user_mapping_completes_a_generic_file_and_names_the_currency() {
        let user = vec![
            (Field::OrderDate, "when".to_string()),
            (Field::OrderTotal, "amount_usd".to_string()),
        ];
        let m = resolve(
            &["customer_id", "when", "amount_usd"],
            PresetChoice::Named(PresetId::Generic),
            &user,
        )
        .unwrap();
        assert_eq!(m.currency_hint.unwrap().code, "USD");
        let unmapped = vec![(Field::Status, String::new())];
        let m = resolve(
            &["customer_id", "order_date", "total", "status"],
            PresetChoice::Auto,
            &unmapped,
        )
        .unwrap();
        assert!(m.has(Field::OrderTotal) && !m.has(Field::Status));
        let bad = vec![(Field::OrderDate, "nope".to_string())];
        assert!(matches!(
            resolve(&["customer_id"], PresetChoice::Auto, &bad),
            Err(MappingError::NoSuchColumn {
                field: Field::OrderDate,
                ..
            })
        ));
    }

    #[test]
    fn cancelled_statuses_are_found_in_any_case_and_script() {
        let m = resolve(
            &["order_date", "email", "order_total"],
            PresetChoice::Auto,
            &[],
        )
        .unwrap();
        for yes in [
            "Cancelled",
            "CANCELED",
            "voided",
            "注文取消し",
            "キャンセル確定",
            "返品",
        ] {
            assert!(m.is_cancelled_status(yes), "{yes}");
        }
        for no in ["paid", "発送済み", "refunded", "新規受付"] {
            assert!(!m.is_cancelled_status(no), "{no}");
        }
    }

    #[test]
    fn preset_names_parse() {
        assert_eq!(
            "ec-cube".parse::<PresetChoice>(),
            Ok(PresetChoice::Named(PresetId::EcCube))
        );
        assert_eq!("auto".parse::<PresetChoice>(), Ok(PresetChoice::Auto));
        assert!("magento"
            .parse::<PresetChoice>()
            .unwrap_err()
            .contains("shopify"));
    }
}
