//! The TypeScript declarations of segments: options, results, list reports and starters. Written out with the
//! rest of [`crate::types`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const SEGMENTS: &str = r#"
/** A per-customer field of segments (kokyaku segment --fields). */
export type SegmentField =
  | 'customer' | 'email' | 'phone' | 'name' | 'name_family' | 'name_given' | 'recency' | 'frequency' | 'monetary' | 'aov' | 'r_score' | 'f_score'
  | 'm_score' | 'rfm_segment' | 'cpm_group' | 'rfm_segment_at_from' | 'cpm_group_at_from' | 'cohort' | 'first_order' | 'last_order' | 'days_since_first'
  | 'first_product' | 'products' | 'first_channel' | 'first_coupon' | 'subscription' | 'subscription_orders' | 'p_alive' | 'expected_orders'
  | 'clv' | 'p_alive_30' | 'p_alive_90' | 'expected_orders_30' | 'expected_orders_90' | 'expected_orders_365'
  | 'next_order_from' | 'next_order_to' | 'churn_risk';

/** Options of `segment`, `exportSegment` and `exportSegmentWithReport`. Every key is optional. */
export interface SegmentOptions {
  /** Columns; default customer, email, phone, recency, frequency, monetary, rfm_segment, cpm_group. */
  fields?: SegmentField[] | null;
  /** Exports only: a header and the fields, or the distinct e-mail addresses / phone numbers. */
  layout?: 'fields' | 'email-list' | 'phone-list';
  /** Exports only: UTF-8 (default; with a BOM when there is a header row) or Shift_JIS as Windows writes it. */
  encoding?: 'utf8-bom' | 'shift-jis';
  /** Exports only: `national` (default: 090-1234-5678 in the fields layout, digits in the phone list) or
   * `e164` (+819012345678; numbers without that form are left out and reported). */
  phone_form?: 'national' | 'e164';
  /** Shift_JIS exports only: a character it cannot hold throws (`refuse`, default) or is written as 〓
   * (`geta`) or `?` (`question`), the lines changed reported. */
  unmappable?: 'refuse' | 'geta' | 'question';
  /** Fit the predictive-LTV models for p_alive, expected_orders and clv (done anyway when named). */
  predictions?: boolean;
  /** RFM and CPM parameters and the subscription window (days) behind the fields. */
  /** `from`: the earlier date of the `*_at_from` fields, before the as-of date (default: 90 days before it). */
  params?: {
    rfm?: Partial<RfmParams>; cpm?: Partial<CpmParams>; subscription_window_days?: number; from?: IsoDate | null;
  };
}

/** A message in English and in Japanese. */
export interface Message {
  en: string;
  ja: string;
}

/**
 * Something to know about a selection, as data and in words. `unknown_product`: values are the product id or
 * name. `model_not_fitted`: values are the model (`bg_nbd`, `mbg_nbd`, `pareto_nbd`, `gamma_gamma`), the
 * fit's reason (in English), then the fields left empty. `needs_orders`: values are the fields left empty
 * because the data is a customers table, without single orders.
 */
export interface SegmentWarning extends Message {
  kind: 'unknown_product' | 'model_not_fitted' | 'needs_orders';
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
  /** A phone list in E.164: customers whose number cannot be written so (a 0 and too few or many digits). */
  not_e164: number;
  /** The first five customers skipped as missing, unusable or without an E.164 form. */
  skipped: SkippedCustomer[];
}

/** The fields layout in E.164: the customers whose phone cell is empty, their number having no E.164 form. */
export interface PhonesNotE164 {
  count: number;
  /** The first five of them, with their number. */
  skipped: SkippedCustomer[];
}

/** A line of a Shift_JIS export whose characters were replaced. */
export interface ReplacedLine {
  /** The export's line, counting from 1 (the header is line 1 of the fields layout). */
  line: number;
  /** The key of the customer on that line (`''` for the header). */
  customer: string;
  /** The characters replaced, in order. */
  characters: string;
}

/** What a Shift_JIS export with `unmappable: 'geta' | 'question'` replaced. */
export interface Replacements {
  /** The character written in their place: `〓` or `?`. */
  with: string;
  /** Lines with a replaced character. */
  lines: number;
  /** Characters replaced, in all. */
  characters: number;
  /** The first five lines changed. */
  named: ReplacedLine[];
}

/** The error an export throws for a character Shift_JIS cannot hold (with `unmappable: 'refuse'`). */
export interface ExportErrorData {
  kind: 'unmappable';
  values: { line: number; customer: string; character: string };
}

/** What `exportSegmentWithReport` returns: the bytes `exportSegment` returns, for an e-mail or phone list
 * what it skipped (`null` for the fields layout), the phone cells E.164 left empty and the characters
 * Shift_JIS replaced (each `null` when none). */
export interface SegmentExport {
  bytes: Uint8Array;
  list: ListReport | null;
  phones_not_e164: PhonesNotE164 | null;
  replaced: Replacements | null;
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
