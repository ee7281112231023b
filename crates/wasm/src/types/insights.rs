//! The TypeScript declarations of the dashboard, the basket analysis (併売) and segment migration (効果推移).
//! Written out with the rest of [`crate::types`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const INSIGHTS: &str = r#"
export interface DashboardParams {
  /** Complete months in the series, 1 to 120. */
  months: number;
  /** The window of F2 conversion by first-order month, in days, 0 or more. */
  f2_window_days: number;
}

/** One calendar month's figures. */
export interface MonthFigures {
  /** `YYYY-MM`. */
  month: string;
  active_customers: number;
  /** Customers whose first order is in the month (新規). */
  new_customers: number;
  /** Active customers who ordered before the month (既存). */
  returning_customers: number;
  orders: number;
  revenue_minor: number;
  new_revenue_minor: number;
  repeat_revenue_minor: number;
  average_order_value_minor: number | null;
  repeat_share: number | null;
  f2_eligible: number;
  f2_converted: number;
  f2_rate: number | null;
}

/** A figure of the last complete month against the month before and the same month a year earlier. */
export interface Compared<T> {
  value: T | null;
  previous: T | null;
  year_ago: T | null;
  /** Relative (`0.25` is +25%) for counts and money; a difference of shares for a share. */
  change: number | null;
  change_vs_year_ago: number | null;
}

export interface Kpis {
  /** The last complete month, `YYYY-MM`. */
  month: string;
  previous_month: string;
  year_ago_month: string;
  active_customers: Compared<number>;
  new_customers: Compared<number>;
  orders: Compared<number>;
  revenue_minor: Compared<number>;
  average_order_value_minor: Compared<number>;
  repeat_share: Compared<number>;
}

export interface Dashboard {
  as_of: IsoDate | null;
  params: DashboardParams;
  currency: string;
  currency_decimals: number;
  kpis: Kpis | null;
  /** Oldest first. */
  months: MonthFigures[];
  /** With the RFM analysis's default parameters. */
  rfm_segments: RfmSegmentRow[];
  /** With the CPM analysis's default parameters. */
  cpm_groups: CpmGroupRow[];
}

export interface BasketParams {
  /** The fewest orders (next products: customers) a pair needs to be listed, 1 or more. */
  min_orders: number;
  /** Words that mark a line as not goods (送料, 手数料, …); empty keeps every line. */
  not_products: string[];
  /** Every order, each customer's first, or every order but the first. */
  scope: 'all' | 'first' | 'repeat';
}

export interface BasketProduct {
  /** The product id, else its name. */
  key: string;
  name: string;
  orders: number;
}

/** Ordered pair a → b; `a` and `b` index `Basket.products`. */
export interface BasketPair {
  a: number;
  b: number;
  orders_a: number;
  orders_b: number;
  orders_both: number;
  support: number;
  confidence: number;
  lift: number;
}

/** What customers bought in their second order; `first` and `next` index `Basket.products`. */
export interface NextProduct {
  first: number;
  next: number;
  customers_first: number;
  customers_second: number;
  customers_next: number;
  share: number;
}

export interface Basket {
  as_of: IsoDate | null;
  params: BasketParams;
  orders: number;
  orders_with_products: number;
  lines_left_out: number;
  products_left_out: string[];
  products: BasketProduct[];
  /** Both directions, by lift, then orders with both. */
  pairs: BasketPair[];
  next_products: NextProduct[];
}

export interface AcquisitionParams {
  /** The first order's channel or coupon code. */
  by: 'channel' | 'coupon';
  /** Days, 0 or more. */
  f2_window_days: number;
  /** Days, at least one, each 0 or more. */
  horizons: number[];
}

export interface AcquisitionRow {
  /** The channel or coupon code as written; `null` for first orders without one. */
  group: string | null;
  customers: number;
  share: number;
  repeat_customers: number;
  repeat_rate: number;
  f2_eligible: number;
  f2_converted: number;
  f2_rate: number | null;
  revenue_minor: number;
  ltv: LtvAt[];
  /** 0 from the JS API (no model fit). */
  clv_customers: number;
  mean_clv_minor: number | null;
}

export interface Acquisition {
  as_of: IsoDate | null;
  params: AcquisitionParams;
  /** False when no order has a value in the column: every customer is then in the `null` group. */
  has_values: boolean;
  customers: number;
  rows: AcquisitionRow[];
}

export interface MigrationParams {
  by: 'rfm' | 'cpm';
  rfm: RfmParams;
  cpm: CpmParams;
}

export interface MigrationParamsInput {
  by?: 'rfm' | 'cpm';
  rfm?: Partial<RfmParams>;
  cpm?: Partial<CpmParams>;
}

export interface MigrationRow {
  /** A segment (or group) id, or `'none'` for a customer without an order before `from`. */
  from: RfmSegment | CpmGroup | 'none';
  to: RfmSegment | CpmGroup;
  customers: number;
  /** Their orders dated from `from` up to the day before `to`. */
  revenue_between_minor: number;
}

export interface Migration {
  from: IsoDate;
  to: IsoDate;
  params: MigrationParams;
  customers: number;
  rows: MigrationRow[];
}
"#;
