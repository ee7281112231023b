//! The TypeScript declarations of the core's typed reasons and errors, as the API gives them beside their
//! English words: why a row or an order was rejected (`reason_kind`, `reason_values`), and why a segment
//! condition does not read (`kind`, `values` of the error thrown). Written out by wasm-bindgen into
//! `kokyaku_wasm.d.ts` with the rest of [`crate::types`].

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const REASONS: &str = r#"
/** Why an amount cell could not be read. */
export type AmountProblem = 'not_a_number' | 'too_many_decimals' | 'too_large';

/**
 * Why a row or an order was rejected, as data: its kind and the values it names (a cell as quoted in the
 * words, at most 40 characters). `reason` says the same in English.
 */
export type RejectReason =
  | { reason_kind: 'unclosed_quote'; reason_values: { field: Field | null; column: string; column_number: number;
      headerless: boolean; first_line: number; last_line: number } }
  | { reason_kind: 'field_count'; reason_values: { fields: number; expected: number; headerless: boolean;
      first_line: number; last_line: number } }
  | { reason_kind: 'empty_order_id'; reason_values: Record<string, never> }
  | { reason_kind: 'unreadable_date'; reason_values: { cell: string } }
  | { reason_kind: 'implausible_date'; reason_values: { date: IsoDate; earliest: IsoDate; latest: IsoDate } }
  | { reason_kind: 'unreadable_amount'; reason_values: { field: Field; cell: string; problem: AmountProblem } }
  | { reason_kind: 'unreadable_quantity'; reason_values: { cell: string } }
  | { reason_kind: 'unknown_currency'; reason_values: { cell: string } }
  | { reason_kind: 'scientific_notation'; reason_values: { field: Field; cell: string } }
  | { reason_kind: 'other_sign'; reason_values: { field: Field; sign: string; chosen: string } }
  | { reason_kind: 'cut_in_first_character' | 'cut_in_character' | 'cut_in_quoted_field';
      reason_values: Record<string, never> }
  | { reason_kind: 'cut_after_fields'; reason_values: { fields: number; expected: number } }
  | { reason_kind: 'not_an_order' | 'products_not_a_list'; reason_values: { found: string } }
  | { reason_kind: 'not_a_product'; reason_values: { index: number; found: string } }
  | { reason_kind: 'unreadable_property' | 'invalid_date_value'; reason_values: { name: string } }
  | { reason_kind: 'not_a_finite_number'; reason_values: { name: string; value: string } }
  | { reason_kind: 'not_text' | 'not_a_flag'; reason_values: { name: string; found: string } }
  | { reason_kind: 'other_currency'; reason_values: { order: string | null; currency: string; chosen: string } }
  | { reason_kind: 'no_order_date' | 'no_order_total'; reason_values: { order: string | null } }
  | { reason_kind: 'implausible_value'; reason_values: { order: string | null; value: string; currency: string;
      limit: number } }
  | { reason_kind: 'too_many_decimals'; reason_values: { order: string | null; amount: string; currency: string } }
  | { reason_kind: 'customer_cell'; reason_values: { column: string; cell: string;
      expected: 'key' | 'date' | 'count' | 'amount' } }
  | { reason_kind: 'customer_figures'; reason_values: {
      problem: 'last_before_first' | 'more_days_than_orders' | 'days_on_one_day' } }
  | { reason_kind: 'duplicate_customer'; reason_values: { key: string; first_line: number } };

/** Why a segment condition does not read, as data: its kind and the values it names. */
export type QueryErrorKind =
  | { kind: 'unclosed_text'; values: { close: string } }
  | { kind: 'lone_bang' | 'or_outside_group' | 'expected_and' | 'expected_group_end' | 'expected_field'
      | 'expected_in' | 'expected_list' | 'expected_list_end'; values: Record<string, never> }
  | { kind: 'or_across_fields'; values: { field: SegmentField; group_field: SegmentField; group_start: number } }
  | { kind: 'unknown_field'; values: { name: string } }
  | { kind: 'expected_operator' | 'expected_value'; values: { field: SegmentField } }
  | { kind: 'operator_not_for_field'; values: {
      op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'contains'; field: SegmentField } }
  | { kind: 'two_digit_year'; values: { field: SegmentField; value: string; year: string; example: string } }
  | { kind: 'not_a_choice'; values: { field: SegmentField; value: string } }
  | { kind: 'wrong_value'; values: { field: SegmentField; value: string;
      expected: 'whole_number' | 'amount' | 'probability' | 'number' | 'date' | 'month' } };

/**
 * What `segment`, `exportSegment` and `exportSegmentWithReport` throw for a condition that does not read: an
 * `Error` whose message says it in English (`condition: at character 10: expected a value for recency`), with
 * the character (from 1) where the condition goes wrong and the kind of error as data.
 */
export type ConditionError = Error & { column: number } & QueryErrorKind;
"#;
