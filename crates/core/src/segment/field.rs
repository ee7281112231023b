//! The per-customer fields a segment can test and an export can write, with their names, labels and kinds.

use serde::{Deserialize, Serialize};

use crate::analysis::cpm::CpmGroup;
use crate::analysis::ltv::ahead::ChurnRisk;
use crate::analysis::migration::{state_names, NONE};
use crate::analysis::rfm::Segment;
use crate::params::ParamError;

/// What kind of value a field holds, which decides the operators and literals a condition may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (days, orders, scores).
    Count,
    /// An amount in the shop's currency, written in currency units (`5000`, `49.90`).
    Money,
    /// A probability in [0, 1] (`0.5` or `50%`).
    Probability,
    /// A real number (`1.5`).
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A calendar month, `YYYY-MM`.
    Month,
    /// Free text (customer key, e-mail, phone, names).
    Text,
    /// One of a fixed list of ids.
    Choice(&'static [&'static str]),
    /// A set of products, matched by product id or name.
    Products,
}

/// A customer's subscription status as of the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subscription {
    /// No subscription order.
    None,
    /// A subscription order within the subscription window before the as-of date.
    Active,
    /// Subscription orders, the latest one longer ago than the window.
    Lapsed,
}

impl Subscription {
    /// Every status, in the order of `SUBSCRIPTION_IDS`.
    pub const ALL: [Subscription; 3] = [
        Subscription::None,
        Subscription::Active,
        Subscription::Lapsed,
    ];

    /// The id used in conditions and CSV.
    pub fn id(self) -> &'static str {
        SUBSCRIPTION_IDS[self as usize]
    }

    /// The name shown to people, in Japanese and in English.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Subscription::None => ("なし", "None"),
            Subscription::Active => ("継続中", "Active"),
            Subscription::Lapsed => ("停止", "Lapsed"),
        }
    }
}

const SUBSCRIPTION_IDS: &[&str] = &["none", "active", "lapsed"];

/// The RFM segment ids, then [`NONE`] for a customer without an order before the earlier date.
const RFM_AT_FROM_IDS: [&str; 11] = {
    let mut ids = [NONE; 11];
    let mut i = 0;
    while i < 10 {
        ids[i] = Segment::IDS[i];
        i += 1;
    }
    ids
};

/// The CPM group ids, then [`NONE`].
const CPM_AT_FROM_IDS: [&str; 11] = {
    let mut ids = [NONE; 11];
    let mut i = 0;
    while i < 10 {
        ids[i] = CpmGroup::IDS[i];
        i += 1;
    }
    ids
};

/// A per-customer field. Its [`name`](Field::name) is what conditions, `--fields` and CSV headers use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The customer key (member id, e-mail or phone, normalised).
    Customer,
    /// The customer's e-mail address, from their latest order that has one.
    Email,
    /// The customer's phone number, from their latest order that has one.
    Phone,
    /// The customer's full name (氏名), from their latest order that has one: as the export wrote it, or the
    /// family and given names joined (`山田 太郎`; see [`crate::model::full_name`]).
    Name,
    /// The customer's family name (姓), where the export has it apart.
    NameFamily,
    /// The customer's given name (名), where the export has it apart.
    NameGiven,
    /// Days since the latest order (R).
    Recency,
    /// Valid orders (F).
    Frequency,
    /// Total value of the valid orders (M).
    Monetary,
    /// Average order value.
    Aov,
    /// RFM recency score, 1 to 5.
    RScore,
    /// RFM frequency score, 1 to 5.
    FScore,
    /// RFM monetary score, 1 to 5.
    MScore,
    /// The RFM segment.
    RfmSegment,
    /// The CPM group (stage, active or lapsed).
    CpmGroup,
    /// The RFM segment as of the earlier date ([`super::TableParams::from`]), `none` without an order before it.
    RfmSegmentAtFrom,
    /// The CPM group as of the earlier date, `none` without an order before it.
    CpmGroupAtFrom,
    /// Month of the first order.
    Cohort,
    /// Date of the first order.
    FirstOrder,
    /// Date of the latest order.
    LastOrder,
    /// Days since the first order.
    DaysSinceFirst,
    /// Products of the first order.
    FirstProduct,
    /// Products of every valid order.
    Products,
    /// The channel of the first order, as the export wrote it (empty when it has none).
    FirstChannel,
    /// The coupon code of the first order (empty when it has none).
    FirstCoupon,
    /// `none`, `active` (a subscription order within the window) or `lapsed`.
    Subscription,
    /// Orders holding a subscription line.
    SubscriptionOrders,
    /// Probability that the customer is still alive, from the transaction model.
    PAlive,
    /// Orders the transaction model expects over the CLV horizon.
    ExpectedOrders,
    /// Predicted customer lifetime value.
    Clv,
    /// P(alive) 30 days ahead, if the customer does not buy meanwhile.
    PAlive30,
    /// P(alive) 90 days ahead, if the customer does not buy meanwhile.
    PAlive90,
    /// Orders expected in the next 30 days.
    ExpectedOrders30,
    /// Orders expected in the next 90 days.
    ExpectedOrders90,
    /// Orders expected in the next 365 days.
    ExpectedOrders365,
    /// The start of the likely range of the next order (25% chance by then, if the customer stays active).
    NextOrderFrom,
    /// The end of that range (75% chance by then).
    NextOrderTo,
    /// `low`, `medium` or `high`, from P(alive).
    ChurnRisk,
}

impl Field {
    /// The columns of an export when none are chosen.
    pub const DEFAULT_EXPORT: [Field; 8] = [
        Field::Customer,
        Field::Email,
        Field::Phone,
        Field::Recency,
        Field::Frequency,
        Field::Monetary,
        Field::RfmSegment,
        Field::CpmGroup,
    ];

    /// The fields only single orders give, empty for the customers of a customers table.
    pub const NEEDS_ORDERS: [Field; 6] = [
        Field::RfmSegmentAtFrom,
        Field::CpmGroupAtFrom,
        Field::Products,
        Field::FirstCoupon,
        Field::Subscription,
        Field::SubscriptionOrders,
    ];

    /// Every field, in the order the builder and the full export show them.
    pub const ALL: [Field; 38] = [
        Field::Customer,
        Field::Email,
        Field::Phone,
        Field::Name,
        Field::NameFamily,
        Field::NameGiven,
        Field::Recency,
        Field::Frequency,
        Field::Monetary,
        Field::Aov,
        Field::RScore,
        Field::FScore,
        Field::MScore,
        Field::RfmSegment,
        Field::CpmGroup,
        Field::RfmSegmentAtFrom,
        Field::CpmGroupAtFrom,
        Field::Cohort,
        Field::FirstOrder,
        Field::LastOrder,
        Field::DaysSinceFirst,
        Field::FirstProduct,
        Field::Products,
        Field::FirstChannel,
        Field::FirstCoupon,
        Field::Subscription,
        Field::SubscriptionOrders,
        Field::PAlive,
        Field::ExpectedOrders,
        Field::Clv,
        Field::PAlive30,
        Field::PAlive90,
        Field::ExpectedOrders30,
        Field::ExpectedOrders90,
        Field::ExpectedOrders365,
        Field::NextOrderFrom,
        Field::NextOrderTo,
        Field::ChurnRisk,
    ];

    /// The name in conditions, `--fields` and CSV headers.
    pub fn name(self) -> &'static str {
        match self {
            Field::Customer => "customer",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::Name => "name",
            Field::NameFamily => "name_family",
            Field::NameGiven => "name_given",
            Field::Recency => "recency",
            Field::Frequency => "frequency",
            Field::Monetary => "monetary",
            Field::Aov => "aov",
            Field::RScore => "r_score",
            Field::FScore => "f_score",
            Field::MScore => "m_score",
            Field::RfmSegment => "rfm_segment",
            Field::CpmGroup => "cpm_group",
            Field::RfmSegmentAtFrom => "rfm_segment_at_from",
            Field::CpmGroupAtFrom => "cpm_group_at_from",
            Field::Cohort => "cohort",
            Field::FirstOrder => "first_order",
            Field::LastOrder => "last_order",
            Field::DaysSinceFirst => "days_since_first",
            Field::FirstProduct => "first_product",
            Field::Products => "products",
            Field::FirstChannel => "first_channel",
            Field::FirstCoupon => "first_coupon",
            Field::Subscription => "subscription",
            Field::SubscriptionOrders => "subscription_orders",
            Field::PAlive => "p_alive",
            Field::ExpectedOrders => "expected_orders",
            Field::Clv => "clv",
            Field::PAlive30 => "p_alive_30",
            Field::PAlive90 => "p_alive_90",
            Field::ExpectedOrders30 => "expected_orders_30",
            Field::ExpectedOrders90 => "expected_orders_90",
            Field::ExpectedOrders365 => "expected_orders_365",
            Field::NextOrderFrom => "next_order_from",
            Field::NextOrderTo => "next_order_to",
            Field::ChurnRisk => "churn_risk",
        }
    }

    /// The field a name (or a common alias: `days_since_last`, `orders`, `total`, `segment`,
    /// `segment_at_from`, `bought`) stands for.
    pub fn from_name(name: &str) -> Option<Field> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "days_since_last" => Some(Field::Recency),
            "orders" => Some(Field::Frequency),
            "total" => Some(Field::Monetary),
            "segment" => Some(Field::RfmSegment),
            "segment_at_from" => Some(Field::RfmSegmentAtFrom),
            "bought" => Some(Field::Products),
            _ => None,
        };
        alias.or_else(|| Field::ALL.into_iter().find(|f| f.name() == name))
    }

    /// The fields of an export's columns as written: names separated by commas, or `all` for every field.
    pub fn parse_list(text: &str) -> Result<Vec<Field>, ParamError> {
        if text.trim().eq_ignore_ascii_case("all") {
            return Ok(Field::ALL.to_vec());
        }
        text.split(',')
            .filter(|f| !f.trim().is_empty())
            .map(|f| {
                Field::from_name(f).ok_or_else(|| ParamError::Field {
                    name: f.trim().to_string(),
                    fields: Field::ALL.map(|f| f.name().to_string()).to_vec(),
                })
            })
            .collect()
    }

    /// What people read, in Japanese and in English.
    pub fn labels(self) -> (&'static str, &'static str) {
        match self {
            Field::Customer => ("顧客キー", "Customer key"),
            Field::Email => ("メールアドレス", "E-mail"),
            Field::Phone => ("電話番号", "Phone"),
            Field::Name => ("氏名", "Name"),
            Field::NameFamily => ("姓", "Family name"),
            Field::NameGiven => ("名", "Given name"),
            Field::Recency => ("最終購入からの日数 (R)", "Days since last order (R)"),
            Field::Frequency => ("購入回数 (F)", "Orders (F)"),
            Field::Monetary => ("累計購入金額 (M)", "Total value (M)"),
            Field::Aov => ("平均注文金額", "Average order value"),
            Field::RScore => ("Rスコア", "R score"),
            Field::FScore => ("Fスコア", "F score"),
            Field::MScore => ("Mスコア", "M score"),
            Field::RfmSegment => ("RFMセグメント", "RFM segment"),
            Field::CpmGroup => ("CPMグループ", "CPM group"),
            Field::RfmSegmentAtFrom => (
                "比較元の日のRFMセグメント",
                "RFM segment at the earlier date",
            ),
            Field::CpmGroupAtFrom => ("比較元の日のCPMグループ", "CPM group at the earlier date"),
            Field::Cohort => ("初回購入月", "Cohort (first-order month)"),
            Field::FirstOrder => ("初回購入日", "First order"),
            Field::LastOrder => ("最終購入日", "Last order"),
            Field::DaysSinceFirst => ("初回購入からの日数", "Days since first order"),
            Field::FirstProduct => ("初回購入商品", "First-order product"),
            Field::Products => ("購入したことのある商品", "Products ever bought"),
            Field::FirstChannel => ("初回の流入経路", "First-order channel"),
            Field::FirstCoupon => ("初回のクーポンコード", "First-order coupon"),
            Field::Subscription => ("定期購入", "Subscription"),
            Field::SubscriptionOrders => ("定期購入回数", "Subscription orders"),
            Field::PAlive => ("生存確率 P(alive)", "P(alive)"),
            Field::ExpectedOrders => ("予測購入回数", "Expected orders"),
            Field::Clv => ("予測LTV", "Predicted CLV"),
            Field::PAlive30 => ("30日後の生存確率", "P(alive) in 30 days"),
            Field::PAlive90 => ("90日後の生存確率", "P(alive) in 90 days"),
            Field::ExpectedOrders30 => ("30日間の予測購入回数", "Expected orders, 30 days"),
            Field::ExpectedOrders90 => ("90日間の予測購入回数", "Expected orders, 90 days"),
            Field::ExpectedOrders365 => ("365日間の予測購入回数", "Expected orders, 365 days"),
            Field::NextOrderFrom => ("次回購入の見込み（から）", "Next order likely from"),
            Field::NextOrderTo => ("次回購入の見込み（まで）", "Next order likely by"),
            Field::ChurnRisk => ("離反リスク", "Churn risk"),
        }
    }

    /// The kind of value the field holds.
    pub fn kind(self) -> Kind {
        match self {
            Field::Customer
            | Field::Email
            | Field::Phone
            | Field::Name
            | Field::NameFamily
            | Field::NameGiven
            | Field::FirstChannel
            | Field::FirstCoupon => Kind::Text,
            Field::Recency
            | Field::Frequency
            | Field::RScore
            | Field::FScore
            | Field::MScore
            | Field::DaysSinceFirst
            | Field::SubscriptionOrders => Kind::Count,
            Field::Monetary | Field::Aov | Field::Clv => Kind::Money,
            Field::PAlive | Field::PAlive30 | Field::PAlive90 => Kind::Probability,
            Field::ExpectedOrders
            | Field::ExpectedOrders30
            | Field::ExpectedOrders90
            | Field::ExpectedOrders365 => Kind::Number,
            Field::NextOrderFrom | Field::NextOrderTo => Kind::Date,
            Field::ChurnRisk => Kind::Choice(&ChurnRisk::IDS),
            Field::RfmSegment => Kind::Choice(&Segment::IDS),
            Field::CpmGroup => Kind::Choice(&CpmGroup::IDS),
            Field::RfmSegmentAtFrom => Kind::Choice(&RFM_AT_FROM_IDS),
            Field::CpmGroupAtFrom => Kind::Choice(&CPM_AT_FROM_IDS),
            Field::Subscription => Kind::Choice(SUBSCRIPTION_IDS),
            Field::Cohort => Kind::Month,
            Field::FirstOrder | Field::LastOrder => Kind::Date,
            Field::FirstProduct | Field::Products => Kind::Products,
        }
    }

    /// Whether the field is part of the customer's name.
    pub fn is_name(self) -> bool {
        matches!(self, Field::Name | Field::NameFamily | Field::NameGiven)
    }

    /// Whether the field is one of those a table fills only with [`super::TableParams::heavy_fields`].
    pub fn is_heavy(self) -> bool {
        matches!(
            self,
            Field::Products | Field::RfmSegmentAtFrom | Field::CpmGroupAtFrom
        )
    }

    /// Whether the field comes from the predictive-LTV model fits (and so needs them to be run).
    pub fn needs_ltv(self) -> bool {
        matches!(
            self,
            Field::PAlive
                | Field::ExpectedOrders
                | Field::Clv
                | Field::PAlive30
                | Field::PAlive90
                | Field::ExpectedOrders30
                | Field::ExpectedOrders90
                | Field::ExpectedOrders365
                | Field::NextOrderFrom
                | Field::NextOrderTo
                | Field::ChurnRisk
        )
    }

    /// The name of a choice id for people, in Japanese and in English (the id itself for other kinds).
    pub fn choice_names(self, id: &str) -> (String, String) {
        let names = match self {
            Field::RfmSegment => Segment::ALL
                .into_iter()
                .find(|s| s.id() == id)
                .map(Segment::names),
            Field::CpmGroup => CpmGroup::from_id(id).map(CpmGroup::names),
            Field::ChurnRisk => ChurnRisk::ALL
                .into_iter()
                .find(|r| r.id() == id)
                .map(ChurnRisk::names),
            Field::RfmSegmentAtFrom | Field::CpmGroupAtFrom => match self.kind() {
                Kind::Choice(ids) => ids.iter().find(|c| **c == id).map(|c| state_names(c)),
                _ => None,
            },
            Field::Subscription => Subscription::ALL
                .into_iter()
                .find(|s| s.id() == id)
                .map(Subscription::names),
            _ => None,
        };
        names.map_or_else(
            || (id.to_string(), id.to_string()),
            |(ja, en)| (ja.to_string(), en.to_string()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_choice_ids_follow_the_analyses() {
        for f in Field::ALL {
            assert_eq!(Field::from_name(f.name()), Some(f));
        }
        assert_eq!(Field::from_name(" Days_Since_Last "), Some(Field::Recency));
        assert_eq!(Segment::CantLoseThem.id(), "cant_lose_them");
        assert_eq!(
            CpmGroup::from_id("trendy_lapsed").map(CpmGroup::id),
            Some("trendy_lapsed")
        );
        let Kind::Choice(ids) = Field::RfmSegment.kind() else {
            panic!("a choice")
        };
        assert_eq!(ids.len(), Segment::ALL.len());
        assert_eq!(Subscription::Lapsed.id(), "lapsed");
    }
}
