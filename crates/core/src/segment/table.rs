//! The per-customer table segments select from: one row per customer with a valid order before the as-of date,
//! holding every [`Field`] (RFM and CPM as their analyses compute them).

use serde::{Deserialize, Serialize};

use super::field::{Field, Subscription};
use super::message::{Message, Warning, WarningKind};
use crate::analysis::cohort::Granularity;
use crate::analysis::cpm::{cpm, Cpm, CpmGroup, CpmParams, CustomerCpm};
use crate::analysis::ltv::ahead::{ahead, Ahead};
use crate::analysis::ltv::fit_failure::FitFailure;
use crate::analysis::ltv::{CustomerLtv, PredictiveLtv};
use crate::analysis::migration::{MigrationError, NONE};
use crate::analysis::rfm::{rfm, CustomerRfm, Rfm, RfmParams, Segment};
use crate::date::Day;
use crate::model::{Dataset, NO_PRODUCT};
use crate::params::ParamError;
use crate::words::Words;

/// The parameters behind the table's fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TableParams {
    /// RFM scoring behind the R, F and M scores and the segment.
    pub rfm: RfmParams,
    /// CPM thresholds behind the CPM group.
    pub cpm: CpmParams,
    /// A subscriber is `active` when their latest subscription order is fewer than this many days before the
    /// as-of date, else `lapsed`.
    pub subscription_window_days: i32,
    /// The earlier date of the `*_at_from` fields: their RFM segment and CPM group are as of this day (default:
    /// [`DEFAULT_FROM_DAYS`] days before the as-of date). It must be before the as-of date.
    pub from: Option<Day>,
    /// Whether the table fills the fields that cost most memory: `products` (every order's products) and the
    /// `*_at_from` states. A caller whose conditions and columns use none of them (the CLI) leaves them
    /// empty; the page's builder, which may use any field, has them all.
    #[serde(skip)]
    pub heavy_fields: bool,
}

/// How many days before the as-of date the `*_at_from` fields are as of, by default: a quarter.
pub const DEFAULT_FROM_DAYS: i32 = 90;

impl Default for TableParams {
    /// The analyses' defaults; a 60-day subscription window (two monthly deliveries).
    fn default() -> Self {
        TableParams {
            rfm: RfmParams::default(),
            cpm: CpmParams::default(),
            subscription_window_days: 60,
            from: None,
            heavy_fields: true,
        }
    }
}

impl TableParams {
    /// Checks the RFM and CPM parameters behind the fields.
    pub fn validate(&self) -> Result<(), ParamError> {
        self.rfm.validate()?;
        self.cpm.validate()
    }

    /// Checks that the earlier date of the `*_at_from` fields, when given, is before `as_of` (the table's
    /// as-of date, resolved).
    pub fn check_from(&self, as_of: Option<Day>) -> Result<(), MigrationError> {
        match (self.from, as_of) {
            (Some(from), Some(to)) if from >= to => {
                Err(MigrationError::DatesOutOfOrder { from, to })
            }
            _ => Ok(()),
        }
    }
}

/// One customer's fields.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerRow {
    /// Customer id (index into [`Dataset::customer_keys`]).
    pub customer: u32,
    /// Days since the latest order before the as-of date.
    pub recency_days: i64,
    /// Valid orders before the as-of date.
    pub frequency: u32,
    /// Total value of the valid orders, in minor units.
    pub monetary_minor: i64,
    /// Average order value, rounded to the minor unit.
    pub aov_minor: i64,
    /// RFM recency score, 1 to 5.
    pub r_score: u8,
    /// RFM frequency score, 1 to 5.
    pub f_score: u8,
    /// RFM monetary score, 1 to 5.
    pub m_score: u8,
    /// The RFM segment of the (R, F) cell.
    pub rfm_segment: Segment,
    /// The CPM group.
    pub cpm_group: CpmGroup,
    /// The RFM segment as of the earlier date; `None` without an order before it.
    pub rfm_segment_at_from: Option<Segment>,
    /// The CPM group as of the earlier date; `None` without an order before it.
    pub cpm_group_at_from: Option<CpmGroup>,
    /// Month number of the first order (year·12 + month − 1).
    pub cohort: i32,
    /// Date of the first order.
    pub first_order: Day,
    /// Date of the latest order before the as-of date.
    pub last_order: Day,
    /// Days from the first order to the as-of date.
    pub days_since_first: i64,
    /// Products of the first order (indexes into [`Dataset::products`]), sorted.
    pub first_products: Vec<u32>,
    /// Products of every valid order before the as-of date, sorted.
    pub products: Vec<u32>,
    /// Whether the customer subscribes, and whether lately (see [`TableParams::subscription_window_days`]).
    pub subscription: Subscription,
    /// Orders holding a subscription line.
    pub subscription_orders: u32,
    /// From the predictive-LTV fits, when they were given and converged.
    pub p_alive: Option<f64>,
    /// Orders the transaction model expects over the CLV horizon.
    pub expected_orders: Option<f64>,
    /// Predicted CLV in minor units, after discount and margin.
    pub clv_minor: Option<f64>,
    /// What the transaction model says of the coming days, when it converged (boxed: most tables have none).
    pub outlook: Option<Box<Outlook>>,
}

/// One customer's predictions ahead (see [`crate::analysis::ltv::ahead`]), with the likely range of the next
/// order as dates.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    /// The model's figures.
    pub ahead: Ahead,
    /// The days that bound the likely range of the next order: the calibration end plus the quartiles' days,
    /// rounded up; `None` for a day more than [`NEXT_ORDER_WITHIN_DAYS`] after the calibration end, where
    /// the model sees no likely next order.
    pub next_order: [Option<Day>; 2],
}

/// How far after the calibration end a likely next order is dated; a quartile beyond is left empty.
pub const NEXT_ORDER_WITHIN_DAYS: f64 = 730.0;

impl CustomerRow {
    /// The id of the RFM segment as of the earlier date, [`NONE`] without an order before it.
    pub fn rfm_segment_at_from_id(&self) -> &'static str {
        self.rfm_segment_at_from.map_or(NONE, Segment::id)
    }

    /// The id of the CPM group as of the earlier date, [`NONE`] without an order before it.
    pub fn cpm_group_at_from_id(&self) -> &'static str {
        self.cpm_group_at_from.map_or(NONE, CpmGroup::id)
    }
}

/// A model the predicted fields come from that could not be fitted, and the fields it leaves empty.
#[derive(Clone, Debug, PartialEq)]
pub struct NotFitted {
    /// `bg_nbd`, `mbg_nbd`, `pareto_nbd` or `gamma_gamma`.
    pub model: &'static str,
    /// The model's name for people: `BG/NBD`, `MBG/NBD`, `Pareto/NBD`, `Gamma-Gamma`.
    pub name: &'static str,
    /// Why.
    pub failure: FitFailure,
    /// The fields that are empty for every customer because of it.
    pub fields: Vec<Field>,
}

impl NotFitted {
    /// The models of `ltv` that did not converge: the transaction model leaves every predicted field empty,
    /// the spend model (once the transaction model converged) `clv`.
    fn of(ltv: &PredictiveLtv) -> Vec<NotFitted> {
        let kind = ltv.transactions.kind();
        let (model, name) = (kind.id(), kind.name());
        if let Some(n) = ltv.transactions.failure() {
            return vec![NotFitted {
                model,
                name,
                failure: n.failure.clone(),
                fields: Field::ALL.into_iter().filter(|f| f.needs_ltv()).collect(),
            }];
        }
        match &ltv.spend {
            crate::analysis::ltv::optimize::Fit::NotConverged(n) => vec![NotFitted {
                model: "gamma_gamma",
                name: "Gamma-Gamma",
                failure: n.failure.clone(),
                fields: vec![Field::Clv],
            }],
            crate::analysis::ltv::optimize::Fit::Converged(_) => Vec::new(),
        }
    }
}

/// Every customer's fields as of a date.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerTable {
    /// Orders before this day are counted (`None` for an empty dataset).
    pub as_of: Option<Day>,
    /// The earlier date the `*_at_from` fields are as of (`None` for an empty dataset).
    pub from: Option<Day>,
    /// The parameters the fields were computed with.
    pub params: TableParams,
    /// Whether predictive-LTV fields were filled in (the transaction model converged; `clv` also needs the
    /// spend model, see [`not_fitted`](CustomerTable::not_fitted)).
    pub has_ltv: bool,
    /// Whether the exports had customers' names (the name fields are otherwise empty for everyone).
    pub has_names: bool,
    /// The models that were fitted for the predicted fields but could not be.
    pub not_fitted: Vec<NotFitted>,
    /// Whether the table comes from a customers table: the fields of [`Field::NEEDS_ORDERS`] are empty.
    pub without_orders: bool,
    /// In customer order.
    pub rows: Vec<CustomerRow>,
    /// Total value of every row: the denominator of a segment's revenue share.
    pub revenue_minor: i64,
}

impl CustomerTable {
    /// Builds the table as of `as_of` (default: the day after the latest order). `ltv`, when given, must be
    /// [`crate::analysis::ltv::predictive_ltv`] of the same dataset; its P(alive), expected orders and CLV fill
    /// the LTV fields.
    pub fn new(
        ds: &Dataset,
        as_of: Option<Day>,
        params: &TableParams,
        ltv: Option<&PredictiveLtv>,
    ) -> CustomerTable {
        let rfm = rfm(ds, as_of, &params.rfm);
        let cpm = cpm(ds, as_of, &params.cpm);
        CustomerTable::from_analyses(ds, &rfm, &cpm, params, ltv)
    }

    /// Builds the table from the RFM and CPM results that [`new`](CustomerTable::new) would compute: `rfm` and
    /// `cpm` of `ds` with `params.rfm` and `params.cpm` and one as-of date (a page that shows them already has
    /// them). `ltv` as for `new`.
    pub fn from_analyses(
        ds: &Dataset,
        rfm: &Rfm,
        cpm: &Cpm,
        params: &TableParams,
        ltv: Option<&PredictiveLtv>,
    ) -> CustomerTable {
        let as_of = rfm.as_of;
        let limit = as_of.unwrap_or(Day(0));
        let mut predictions = vec![None; ds.customer_count()];
        if let Some(ltv) = ltv {
            for c in &ltv.customers {
                if let Some(slot) = predictions.get_mut(c.customer as usize) {
                    *slot = Some(c);
                }
            }
        }
        let from = params
            .from
            .or_else(|| as_of.map(|d| Day(d.0 - DEFAULT_FROM_DAYS)));
        let (segments_at_from, groups_at_from) = states_at(ds, from, params);
        let mut rows = Vec::with_capacity(rfm.customers.len());
        if let Some(facts) = &ds.facts {
            for (r, g) in rfm.customers.iter().zip(&cpm.customers) {
                let c = r.customer as usize;
                let product = facts.first_product[c];
                rows.push(CustomerRow {
                    first_products: (product != NO_PRODUCT)
                        .then_some(product)
                        .into_iter()
                        .collect(),
                    ..row_of(r, g, facts.first_order[c], facts.last_order[c], limit)
                });
            }
        }
        for (r, g) in rfm
            .customers
            .iter()
            .zip(&cpm.customers)
            .filter(|_| ds.facts.is_none())
        {
            let range = ds.customer_orders(r.customer);
            let start = range.start;
            let n = r.frequency as usize;
            let orders = start..start + n;
            let mut first_products: Vec<u32> =
                ds.order_lines(start).map(|l| ds.lines.product[l]).collect();
            first_products.sort_unstable();
            first_products.dedup();
            let mut products: Vec<u32> = match params.heavy_fields {
                true => orders
                    .clone()
                    .flat_map(|o| ds.order_lines(o))
                    .map(|l| ds.lines.product[l])
                    .collect(),
                false => Vec::new(),
            };
            products.sort_unstable();
            products.dedup();
            let subscription_orders = orders
                .clone()
                .filter(|&o| ds.orders.subscription[o])
                .count() as u32;
            let last_subscription = orders
                .rev()
                .find(|&o| ds.orders.subscription[o])
                .map(|o| ds.orders.date[o]);
            let subscription = match last_subscription {
                None => Subscription::None,
                Some(d) if limit.0 - d.0 < params.subscription_window_days => Subscription::Active,
                Some(_) => Subscription::Lapsed,
            };
            let (first, last) = (ds.orders.date[start], ds.orders.date[start + n - 1]);
            rows.push(CustomerRow {
                first_products,
                products,
                subscription,
                subscription_orders,
                ..row_of(r, g, first, last, limit)
            });
        }
        for row in &mut rows {
            let c = row.customer as usize;
            row.rfm_segment_at_from = segments_at_from[c];
            row.cpm_group_at_from = groups_at_from[c];
            if let Some(prediction) = predictions[c] {
                row.p_alive = prediction.p_alive;
                row.expected_orders = prediction.expected_transactions;
                row.clv_minor = prediction.clv_minor;
                row.outlook = ltv.and_then(|ltv| outlook_of(prediction, ltv));
            }
        }
        let revenue_minor = rows.iter().map(|r| r.monetary_minor).sum();
        CustomerTable {
            as_of,
            from,
            params: params.clone(),
            has_ltv: ltv.is_some_and(|l| l.transactions.converged()),
            has_names: !ds.contacts.name.is_empty(),
            without_orders: ds.is_customer_table(),
            not_fitted: ltv.map_or_else(Vec::new, NotFitted::of),
            rows,
            revenue_minor,
        }
    }
}

/// A customer's row with the fields that come from RFM and CPM, and no products, subscription, earlier state
/// or predictions yet.
fn row_of(r: &CustomerRfm, g: &CustomerCpm, first: Day, last: Day, limit: Day) -> CustomerRow {
    CustomerRow {
        customer: r.customer,
        recency_days: r.recency_days,
        frequency: r.frequency,
        monetary_minor: g.value_minor,
        aov_minor: (g.value_minor as f64 / f64::from(r.frequency)).round() as i64,
        r_score: r.r_score,
        f_score: r.f_score,
        m_score: r.m_score,
        rfm_segment: r.segment,
        cpm_group: g.group,
        rfm_segment_at_from: None,
        cpm_group_at_from: None,
        cohort: Granularity::Month.period_of(first),
        first_order: first,
        last_order: last,
        days_since_first: i64::from(limit.0 - first.0),
        first_products: Vec::new(),
        products: Vec::new(),
        subscription: Subscription::None,
        subscription_orders: 0,
        p_alive: None,
        expected_orders: None,
        clv_minor: None,
        outlook: None,
    }
}

/// A customer's outlook under the transaction model of `ltv`, when it converged.
fn outlook_of(c: &CustomerLtv, ltv: &PredictiveLtv) -> Option<Box<Outlook>> {
    let model = ltv.transactions.model()?;
    let (p_alive, end) = (c.p_alive?, ltv.calibration_end?);
    let unit_days = ltv.params.summary.unit.days();
    let ahead = ahead(model, c.x, c.t_x, c.t_cal, p_alive, unit_days);
    let next_order = ahead
        .next_order_days
        .map(|days| (days <= NEXT_ORDER_WITHIN_DAYS).then(|| Day(end.0 + days.ceil() as i32)));
    Some(Box::new(Outlook { ahead, next_order }))
}

/// Every customer's RFM segment and CPM group as of `from`, each as its analysis computes it with the table's
/// parameters; `None` for a customer without an order before it.
fn states_at(
    ds: &Dataset,
    from: Option<Day>,
    params: &TableParams,
) -> (Vec<Option<Segment>>, Vec<Option<CpmGroup>>) {
    let mut segments = vec![None; ds.customer_count()];
    let mut groups = vec![None; ds.customer_count()];
    // A customers table's figures cannot be taken back to an earlier date.
    if let Some(from) = from.filter(|_| !ds.is_customer_table() && params.heavy_fields) {
        for c in rfm(ds, Some(from), &params.rfm).customers {
            segments[c.customer as usize] = Some(c.segment);
        }
        for c in cpm(ds, Some(from), &params.cpm).customers {
            groups[c.customer as usize] = Some(c.group);
        }
    }
    (segments, groups)
}

impl CustomerTable {
    /// Why `field` is empty for every customer: the model it comes from was fitted and could not be. `None`
    /// for a field that is not predicted, or whose model converged or was not fitted at all.
    pub fn not_fitted(&self, field: Field) -> Option<&NotFitted> {
        self.not_fitted.iter().find(|n| n.fields.contains(&field))
    }

    /// A warning for each model that could not be fitted and leaves some of `fields` empty: what an export of
    /// those fields must say, since its columns will be empty.
    pub fn empty_field_warnings(&self, fields: &[Field]) -> Vec<Warning> {
        let without_orders: Vec<&str> = Field::NEEDS_ORDERS
            .iter()
            .filter(|f| self.without_orders && fields.contains(f))
            .map(|f| f.name())
            .collect();
        let needs_orders = (!without_orders.is_empty()).then(|| {
            let list = without_orders.join(", ");
            Warning {
                kind: WarningKind::NeedsOrders,
                values: without_orders.iter().map(|f| f.to_string()).collect(),
                message: Message::new(
                    format!(
                        "{list} {} empty: a customers table has no single orders",
                        match without_orders.len() {
                            1 => "is",
                            _ => "are",
                        }
                    ),
                    format!("{list} は空欄です：顧客テーブルには個々の注文がありません"),
                ),
            }
        });
        needs_orders.into_iter().chain(self.not_fitted
            .iter()
            .filter_map(|n| {
                let empty: Vec<&str> = n
                    .fields
                    .iter()
                    .filter(|f| fields.contains(f))
                    .map(|f| f.name())
                    .collect();
                if empty.is_empty() {
                    return None;
                }
                let list = empty.join(", ");
                let mut values = vec![n.model.to_string(), n.failure.to_string()];
                values.extend(empty.iter().map(|f| (*f).to_string()));
                Some(Warning {
                    kind: WarningKind::ModelNotFitted,
                    values,
                    message: Message::new(
                        format!(
                            "{list} {} empty: the {} model could not be fitted on this data ({})",
                            if empty.len() == 1 { "is" } else { "are" },
                            n.name,
                            n.failure
                        ),
                        format!(
                            "{list} は空欄です：このデータでは {} モデルを推定できませんでした（{}）",
                            n.name,
                            n.failure.ja()
                        ),
                    ),
                })
            }))
            .collect()
    }
}
