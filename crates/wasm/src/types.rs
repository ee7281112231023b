//! The TypeScript declarations of the API's inputs and results, written out by wasm-bindgen into
//! `kokyaku_wasm.d.ts`. They mirror the core's serde types (snake_case keys, `null` for absent values, dates
//! as `YYYY-MM-DD`, money in integer minor units); the browser tests check them against real results.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `IngestOptions` as passed in.
    #[wasm_bindgen(typescript_type = "IngestOptions")]
    pub type IngestOptionsArg;
    /// RFM parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<RfmParams>")]
    pub type RfmParamsArg;
    /// CPM parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<CpmParams>")]
    pub type CpmParamsArg;
    /// Cohort parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<CohortParams>")]
    pub type CohortParamsArg;
    /// Repeat parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<RepeatParams>")]
    pub type RepeatParamsArg;
    /// Historical-LTV parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<HistoryParams>")]
    pub type HistoryParamsArg;
    /// Predictive-LTV parameters as passed in (any subset, at every level).
    #[wasm_bindgen(typescript_type = "LtvParamsInput")]
    pub type LtvParamsArg;
    /// Segment options as passed in (any subset).
    #[wasm_bindgen(typescript_type = "SegmentOptions")]
    pub type SegmentOptionsArg;
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** How to read CSV files. Every key is optional. */
export interface IngestOptions {
  /** Text encoding; default: detected. */
  encoding?: 'auto' | 'utf-8' | 'shift-jis';
  /** Export format; default: detected from the header row. */
  preset?: 'auto' | PresetId;
  /** Your own field → column header mapping, over the preset's: `{ order_total: 'Amount' }` or pairs. */
  mapping?: Partial<Record<Field, string>> | [Field, string][];
  /** The files have no header row: the first line is data, and `mapping` names columns by number from 1
   * (`{ order_date: '2' }`). */
  no_header?: boolean;
  /** ISO 4217 code: required when the data mix currencies (orders in others are rejected). */
  currency?: string;
  /** Statuses (whole values, any case) whose orders count as purchases, or are left out, whatever the
   * preset says. `summary().statuses` lists the statuses seen. */
  statuses?: { include?: string[]; exclude?: string[] };
  /** Whether dates with the year last (`05/01/2024`) put the day or the month first; default: what each
   * file's dates settle (a day above 12), else reading asks. */
  date_order?: 'dmy' | 'mdy';
}

export type PresetId = 'shopify' | 'ec-cube' | 'rakuten' | 'base' | 'ecforce' | 'generic';
export type Encoding = 'utf8' | 'utf8-bom' | 'shift-jis' | 'utf16-le' | 'utf16-be';
/** What separates a file's fields: a comma, or what its header row or Excel's `sep=` line says. */
export type Separator = 'comma' | 'tab' | 'semicolon';
export type Field =
  | 'order_id' | 'order_date' | 'customer_id' | 'email' | 'phone' | 'order_total' | 'refunded' | 'status'
  | 'cancelled_at' | 'product_id' | 'product_name' | 'quantity' | 'line_price' | 'subscription' | 'currency';

/**
 * One of your own orders. Values are read as the same text in a CSV cell would be: amounts as numbers or
 * decimal text in currency units (1200 yen, 12.5 dollars), dates as text (`2024-01-05`,
 * `2024-01-05 13:45:00`, ISO 8601 with offset) or `Date` (its local date). An entry that cannot be read is a
 * counted reject at its index, never dropped silently.
 */
export interface OrderInput {
  /** Entries with the same id are lines of one order. */
  orderId: string | number;
  orderDate: string | Date;
  /** The customer is identified by customerId, else the e-mail address, else the phone number. */
  customerId?: string | number | null;
  email?: string | null;
  phone?: string | null;
  /** The order's total; without it, the sum of the products' price × quantity. */
  total?: number | string | null;
  /** Amount refunded, subtracted from the total. */
  refunded?: number | string | null;
  /** A cancellation status (cancel, void, キャンセル, 返品, …) excludes the order. */
  status?: string | null;
  /** A cancelled order is excluded from every analysis. */
  cancelled?: boolean | null;
  /** Every product of the order is a subscription (定期) delivery. */
  subscription?: boolean | null;
  /** ISO 4217 code; default: the analysis currency (JPY unless `IngestOptions.currency` says otherwise). */
  currency?: string | null;
  products?: ProductInput[] | null;
}

/** A product line of an order. */
export interface ProductInput {
  id?: string | number | null;
  name?: string | null;
  /** A whole number; default 1. */
  quantity?: number | string | null;
  /** Unit price in currency units. */
  price?: number | string | null;
  subscription?: boolean | null;
}

/** What happened to one file (or one array of orders). */
export interface FileReport {
  name: string;
  bytes: number;
  encoding: Encoding | null;
  /** What separates the fields, when it is not a comma. */
  separator: Separator | null;
  preset: PresetId | null;
  /** The column each field was read from. */
  columns: [Field, string][];
  rows_read: number;
  rows_rejected: number;
  /** Rows of orders already read from an earlier file, skipped. */
  duplicate_rows: number;
  /** The file looks cut off (a truncated download): it ends inside this line, whose row was rejected. */
  cut_at_line: number | null;
  notes: string[];
}

/** A row or an order that could not be used: where, and why in English words and as data. */
export type Reject = {
  file: string;
  /** 1-based line of the file; for orders given as an array, the entry's index (from 0). */
  line: number;
  field: Field | null;
  /** Why, in English. */
  reason: string;
} & RejectReason;

export interface Summary {
  /** Orders before this day are counted. */
  as_of: IsoDate | null;
  currency: string;
  /** Decimals of the currency's minor unit (0 for JPY): `revenue_minor / 10 ** currency_decimals`. */
  currency_decimals: number;
  customers: number;
  orders: number;
  revenue_minor: number;
  average_order_value_minor: number | null;
  orders_per_customer: number | null;
  repeat_customers: number;
  repeat_rate: number | null;
  first_order_date: IsoDate | null;
  last_order_date: IsoDate | null;
}

/** The summary with the data-quality report. */
export interface SummaryReport extends Summary {
  rows_read: number;
  rows_rejected: number;
  orders_rejected: number;
  cancelled_orders: number;
  incomplete_orders: number;
  /** Orders of a status the options leave out. */
  excluded_orders: number;
  duplicate_orders: number;
  orders_without_customer: number;
  revenue_without_customer_minor: number;
  files: FileReport[];
  /** The first 100 rejects (all are in `rejectsCsv()`). */
  rejects: Reject[];
  /** What was done to customer keys. */
  keys: KeyNotes;
  /** The same in words. */
  key_notes: string[];
  /** What was done to orders: ids reused by different orders, rows that disagree, refunds. */
  order_checks: OrderNotes;
  /** The same in words. */
  order_notes: string[];
  /** The statuses seen on rows read, in the order first seen. */
  statuses: StatusTally;
}

/** What a status made of its orders. */
export type StatusClass = 'purchase' | 'cancelled' | 'incomplete' | 'excluded' | 'included';

export interface StatusTally {
  /** Each status (as written), what it made of its orders, and on how many rows (at most 100 listed). */
  seen: { status: string; class: StatusClass; rows: number }[];
  /** Rows of statuses past the 100 listed. */
  more_rows: number;
}

/** What was done to orders: counts, and the first few examples. Amounts in minor units, positive. */
export interface OrderNotes {
  /** Order ids found again in a later file with another date or customer, read as different orders. */
  reused_ids: number;
  /** [order id, first file, later file]. */
  reused_examples: [string, string, string][];
  /** Orders whose rows (or copies) disagree on the date, customer or total, read with the first row's values. */
  conflicts: number;
  /** [file, line of the first row, line that disagrees, on what]. */
  conflict_examples: [string, number, number, string][];
  /** Orders refunded in full, not purchases. */
  fully_refunded: number;
  /** Refunds exported as orders of their own, netted against the customer's earlier purchases. */
  refunds_netted: number;
  refunds_netted_minor: number;
  /** Purchases a refund brought to zero, no longer purchases. */
  purchases_refunded: number;
  /** Refunds with no earlier purchase of the customer to net against, left out. */
  refunds_unmatched: number;
  refunds_unmatched_minor: number;
}

/** What was done to customer keys: counts, and the first few examples. */
export interface KeyNotes {
  /** Member id, e-mail and phone cells that held a placeholder (`0`, `-`, `N/A`, ...), read as no key. */
  placeholder_cells: number;
  /** [field, value, cells] of the placeholders seen. */
  placeholders: [string, string, number][];
  /** Rows whose key was normalised beyond trimming and lower case. */
  normalised_rows: number;
  /** [field, as written, read as]. */
  normalised: [string, string, string][];
  /** Customer keys linked into another customer with the same e-mail or phone. */
  linked: number;
  /** [key, key of the customer it joined]. */
  linked_examples: [string, string][];
  /** Links not made because they would join two different member ids. */
  ambiguous: number;
  /** [member id, member id]. */
  ambiguous_examples: [string, string][];
}

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

/** A per-customer field of segments (kokyaku segment --fields). */
export type SegmentField =
  | 'customer' | 'email' | 'phone' | 'recency' | 'frequency' | 'monetary' | 'aov' | 'r_score' | 'f_score'
  | 'm_score' | 'rfm_segment' | 'cpm_group' | 'cohort' | 'first_order' | 'last_order' | 'days_since_first'
  | 'first_product' | 'products' | 'subscription' | 'subscription_orders' | 'p_alive' | 'expected_orders'
  | 'clv';

/** Options of `segment`, `exportSegment` and `exportSegmentWithReport`. Every key is optional. */
export interface SegmentOptions {
  /** Columns; default customer, email, phone, recency, frequency, monetary, rfm_segment, cpm_group. */
  fields?: SegmentField[] | null;
  /** Exports only: a header and the fields, or the distinct e-mail addresses / phone numbers. */
  layout?: 'fields' | 'email-list' | 'phone-list';
  /** Exports only: UTF-8 with BOM (default) or Shift_JIS. */
  encoding?: 'utf8-bom' | 'shift-jis';
  /** Fit the predictive-LTV models for p_alive, expected_orders and clv (done anyway when named). */
  predictions?: boolean;
  /** RFM and CPM parameters and the subscription window (days) behind the fields. */
  params?: { rfm?: Partial<RfmParams>; cpm?: Partial<CpmParams>; subscription_window_days?: number };
}

/** A message in English and in Japanese. */
export interface Message {
  en: string;
  ja: string;
}

/**
 * Something to know about a selection, as data and in words. `unknown_product`: values are the product id or
 * name. `model_not_fitted`: values are the model (`bg_nbd`, `mbg_nbd`, `gamma_gamma`), the fit's reason (in
 * English), then the fields left empty.
 */
export interface SegmentWarning extends Message {
  kind: 'unknown_product' | 'model_not_fitted';
  values: string[];
}

/** The customers a condition selects. */
export interface SegmentResult {
  as_of: IsoDate | null;
  /** The condition, written canonically. */
  condition: string;
  customers: number;
  /** Their total order value, in minor units. */
  revenue_minor: number;
  revenue_share: number | null;
  /** Customers with an order before the as-of date. */
  of_customers: number;
  /** For instance a product no order holds, or predicted fields a model left empty. */
  warnings: SegmentWarning[];
  fields: SegmentField[];
  /** Per customer: field name → the cell as the CSV export writes it (amounts in currency units). */
  rows: Partial<Record<SegmentField, string>>[];
}

/** A customer an e-mail or phone list skipped: its key, and its value (`''` when it has none). */
export interface SkippedCustomer {
  customer: string;
  value: string;
}

/** What an e-mail or phone list did with the selected customers (`kokyaku segment` says it on stderr). */
export interface ListReport {
  /** Lines written: the distinct usable addresses or numbers. */
  written: number;
  /** Customers without a value: none in their orders, or only placeholders (`N/A`, `-`, `none`). */
  missing: number;
  /** Customers whose value is not one usable address or number (two in a cell, no domain, over 15 digits). */
  unusable: number;
  /** Customers whose value was already written for another customer. */
  repeated: number;
  /** The first five customers skipped as missing or unusable. */
  skipped: SkippedCustomer[];
}

/** What `exportSegmentWithReport` returns: the bytes `exportSegment` returns, and for an e-mail or phone
 * list what it skipped (`null` for the fields layout). */
export interface SegmentExport {
  bytes: Uint8Array;
  list: ListReport | null;
}

/** A ready-made segment. */
export interface SegmentStarter {
  id: string;
  name_ja: string;
  name_en: string;
  purpose_ja: string;
  purpose_en: string;
  condition: string;
}
"#;
