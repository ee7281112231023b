//! The TypeScript declarations of segments: options, results, list reports and starters. Written out with the
//! rest of [`crate::types`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SEGMENTS: &str = r#"
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
