//! The TypeScript declarations of the analyses' parameters and results: RFM, CPM, cohorts, repeat purchase
//! and historical LTV. Written out with the rest of [`crate::types`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const ANALYSES: &str = r#"
/** `'quantile'`, or four strictly ascending upper-inclusive thresholds in the metric's unit. */
export type Scoring = 'quantile' | { fixed: [number, number, number, number] };

export interface RfmParams {
  recency: Scoring;
  frequency: Scoring;
  monetary: Scoring;
  monetary_basis: 'total' | 'average';
}

export type RfmSegment =
  | 'champions' | 'loyal' | 'potential_loyalists' | 'new' | 'promising' | 'need_attention'
  | 'about_to_sleep' | 'cant_lose_them' | 'at_risk' | 'hibernating';

export interface CustomerRfm {
  /** Customer id: `analyzer.customerKeys()[customer]` is the key. */
  customer: number;
  recency_days: number;
  frequency: number;
  monetary_minor: number;
  r_score: number;
  f_score: number;
  m_score: number;
  segment: RfmSegment;
}

export interface RfmSegmentRow {
  segment: RfmSegment;
  customers: number;
  revenue_minor: number;
  revenue_share: number | null;
  mean_recency_days: number | null;
  mean_frequency: number | null;
  mean_monetary_minor: number | null;
}

export interface Rfm {
  as_of: IsoDate | null;
  params: RfmParams;
  customers: CustomerRfm[];
  /** Customers per cell: `grid[r - 1][f - 1]`. */
  grid: number[][];
  /** One row per segment, best first. */
  segments: RfmSegmentRow[];
}

export interface CpmParams {
  /** Days, 0 or more. */
  lapse_days: number;
  /** Days, 0 ≤ first ≤ second. */
  tenure_days: [number, number];
  /** In currency units (70,000 yen), not minor units; 0 or more. */
  value_threshold: number;
}

export type CpmStage = 'first' | 'beginner' | 'steady' | 'trendy' | 'loyal';
/** A stage, active (現役) or lapsed (離脱): `beginner_active`, `beginner_lapsed`, … */
export type CpmGroup = `${CpmStage}_active` | `${CpmStage}_lapsed`;

export interface CustomerCpm {
  customer: number;
  group: CpmGroup;
  orders: number;
  value_minor: number;
  tenure_days: number;
  idle_days: number;
}

export interface CpmGroupRow {
  group: CpmGroup;
  customers: number;
  revenue_minor: number;
  revenue_share: number | null;
  mean_value_minor: number | null;
  mean_orders: number | null;
}

export interface Cpm {
  as_of: IsoDate | null;
  params: CpmParams;
  value_threshold_minor: number;
  customers: CustomerCpm[];
  groups: CpmGroupRow[];
}

export type Granularity = 'month' | 'week';

export interface CohortParams {
  granularity: Granularity;
}

export interface CohortRow {
  /** `2024-03`, or the Monday `2024-12-30` for weeks. */
  cohort: string;
  period: number;
  customers: number;
  active_customers: number;
  retention: number;
  orders: number;
  revenue_minor: number;
  cumulative_revenue_per_customer_minor: number;
  /** False when the period has not fully elapsed by the as-of date. */
  complete: boolean;
}

export interface Cohorts {
  as_of: IsoDate | null;
  granularity: Granularity;
  rows: CohortRow[];
}

export interface RepeatParams {
  /** Days, at least one, each 0 or more. */
  windows: number[];
  /** Days, 0 or more. */
  product_window: number;
  min_customers: number;
}

export interface F2Conversion {
  window_days: number;
  eligible: number;
  converted: number;
  rate: number | null;
}

export interface HistogramBin {
  from_days: number;
  to_days: number | null;
  customers: number;
}

export interface DaysDistribution {
  customers: number;
  min_days: number | null;
  q1_days: number | null;
  median_days: number | null;
  q3_days: number | null;
  max_days: number | null;
  mean_days: number | null;
  histogram: HistogramBin[];
}

export interface ProductConversion {
  product: number;
  product_id: string;
  name: string;
  customers: number;
  eligible: number;
  converted: number;
  rate: number | null;
}

export interface ProductTable {
  rows: ProductConversion[];
  dropped_rows: number;
  first_orders_without_products: number;
}

export interface SubscriptionCohort {
  start_month: string;
  subscribers: number;
  reached: number[];
  share: number[];
}

export interface SubscriptionRetention {
  has_subscriptions: boolean;
  max_orders: number;
  cohorts: SubscriptionCohort[];
}

export interface Repeat {
  as_of: IsoDate | null;
  params: RepeatParams;
  customers: number;
  f2: F2Conversion[];
  days_to_second: DaysDistribution;
  days_to_third: DaysDistribution;
  products: ProductTable;
  subscriptions: SubscriptionRetention;
}

export interface HistoryParams {
  /** Days, at least one, each 0 or more. */
  horizons: number[];
}

export interface LtvAt {
  horizon_days: number;
  eligible: number;
  total_minor: number;
  mean_minor: number | null;
}

export interface CohortLtv {
  month: string;
  customers: number;
  ltv: LtvAt[];
}

export interface ProductLtv {
  product: number;
  product_id: string;
  name: string;
  customers: number;
  ltv: LtvAt[];
}

export interface History {
  as_of: IsoDate | null;
  params: HistoryParams;
  customers: number;
  overall: LtvAt[];
  by_cohort: CohortLtv[];
  by_first_product: ProductLtv[];
}
"#;
