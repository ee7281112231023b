//! The TypeScript declarations of the API's inputs and results, written out by wasm-bindgen into
//! `kokyaku_wasm.d.ts`: reading and its reports here; the analyses, segments, predictive LTV and the typed
//! reasons in the submodules. They mirror the core's serde types (snake_case keys, `null` for absent values,
//! dates as `YYYY-MM-DD`, money in integer minor units); the browser tests check them against real results.

mod analyses;
mod insights;
mod ltv;
mod reasons;
mod segments;

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
    /// Dashboard parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<DashboardParams>")]
    pub type DashboardParamsArg;
    /// Acquisition parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<AcquisitionParams>")]
    pub type AcquisitionParamsArg;
    /// Basket parameters as passed in (any subset).
    #[wasm_bindgen(typescript_type = "Partial<BasketParams>")]
    pub type BasketParamsArg;
    /// Migration parameters as passed in (any subset, at every level).
    #[wasm_bindgen(typescript_type = "MigrationParamsInput")]
    pub type MigrationParamsArg;
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
  | 'cancelled_at' | 'product_id' | 'product_name' | 'quantity' | 'line_price' | 'subscription' | 'currency'
  | 'name_family' | 'name_given' | 'name' | 'channel' | 'coupon';

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
  /** Where the order came from (a sales channel or ad source). */
  channel?: string | null;
  /** The discount or coupon code used. */
  coupon?: string | null;
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
  /** Remarks about how the file was read, in English. */
  notes: string[];
  /** The same in Japanese. */
  notes_ja: string[];
  /** The same as data. */
  note_kinds: FileNote[];
}

/** A remark about how a file was read, as data. */
export type FileNote =
  | { separated: { separator: Separator; sep_line: boolean } }
  | { skipped_before_header: { header_line: number; skipped: [number, string][] } }
  | 'generic'
  | { unmapped: { fields: Field[] } }
  | 'no_order_id'
  | 'no_order_total'
  | 'relay_emails'
  | { same_names: { columns: number[]; header: string; field: Field } }
  | { no_final_line_break: { line: number } }
  | { nul: { rows: number; lines: number[] } }
  | { rejoined: { rows: number; lines: number[] } }
  | 'no_data_rows'
  | 'values'
  | 'empty_list'
  | { total_per_line: { differ: number; several: number } }
  | { date_order: { month_first: boolean; line: number } }
  | { cut_off: { line: number } };

/** A row or an order that could not be used: where, and why in English and Japanese words and as data. */
export type Reject = {
  file: string;
  /** 1-based line of the file; for orders given as an array, the entry's index (from 0). */
  line: number;
  field: Field | null;
  /** Why, in English. */
  reason: string;
  /** Why, in Japanese. */
  reason_ja: string;
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
  /** The same in Japanese. */
  key_notes_ja: string[];
  /** What was done to orders: ids reused by different orders, rows that disagree, refunds. */
  order_checks: OrderNotes;
  /** The same in words. */
  order_notes: string[];
  /** The same in Japanese. */
  order_notes_ja: string[];
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
"#;
