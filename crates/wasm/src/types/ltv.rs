//! The TypeScript declarations of predictive LTV's parameters and report, written out by wasm-bindgen into
//! `kokyaku_wasm.d.ts` with the rest of [`crate::types`]. They mirror the core's serde types; the browser
//! tests check them against real results.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const LTV: &str = r#"
export type TimeUnit = 'day' | 'week' | 'month';
export type TransactionModelKind = 'bg_nbd' | 'mbg_nbd' | 'pareto_nbd';

export interface SummaryParams {
  calibration_end: IsoDate | null;
  /** After `calibration_end`, when both are given. */
  holdout_end: IsoDate | null;
  unit: TimeUnit;
}

export interface ClvParams {
  /** Months ahead, from 1 to 1200. */
  horizon_months: number;
  /** Discount rate per month (0.01 ≈ 12.7% a year), 0 or more. */
  monthly_discount_rate: number;
  /** Share of the transaction value that is profit (1.0: CLV in revenue), 0 or more. */
  margin: number;
}

export interface FitOptions {
  /** L-BFGS iterations before giving up, at most 10,000. */
  max_iterations: number;
  /** Positive. */
  gradient_tolerance: number;
}

export interface LtvParams {
  summary: SummaryParams;
  model: TransactionModelKind;
  clv: ClvParams;
  fit: FitOptions;
}

/** The predictive-LTV parameters as passed in: every key optional, at every level. */
export interface LtvParamsInput {
  summary?: Partial<SummaryParams>;
  model?: TransactionModelKind;
  clv?: Partial<ClvParams>;
  fit?: Partial<FitOptions>;
}

export interface BgNbdParams { r: number; alpha: number; a: number; b: number; }
/** Pareto/NBD: purchase rates Gamma(r, alpha), dropout rates Gamma(s, beta); alpha and beta in the time unit. */
export interface ParetoNbdParams { r: number; alpha: number; s: number; beta: number; }
export interface GammaGammaParams { p: number; q: number; gamma: number; }

/** A model fit: parameters only when it converged. */
export type Fit<P> =
  | {
      status: 'converged';
      params: P;
      log_likelihood: number;
      customers: number;
      iterations: number;
      evaluations: number;
      gradient_norm: number;
      /** θ · SE(ln θ) per parameter, from the observed information; null when `no_standard_errors` says why. */
      standard_errors: P | null;
      /** 95% interval exp(ln θ ± 1.96 · SE(ln θ)) per parameter (keyed like `params`), as [low, high]. */
      intervals: Record<string, [number, number]> | null;
      no_standard_errors: NoStandardErrors | null;
      /** Covariance of the parameters' natural logarithms, rows and columns in the parameters' order; null
       * when there are no standard errors. */
      log_covariance: number[][] | null;
    }
  | { status: 'not_converged'; reason: string; failure: FitFailure; iterations: number };

/** Why a converged fit has no standard errors. */
export type NoStandardErrors = 'singular' | 'not_positive_definite' | 'not_finite';

/** Why a fit gave no parameters, as data (`reason` says it in English). */
export type FitFailure =
  | { kind: 'no_transactions' }
  | { kind: 'no_repeat_transactions' }
  | { kind: 'too_few_repeat_spenders' }
  | { kind: 'invalid_options'; detail: string }
  | { kind: 'out_of_iterations'; max: number }
  | { kind: 'diverged'; param: string; towards_infinity: boolean }
  | { kind: 'not_at_maximum'; stopped: string; gradient_norm: number; tolerance: number }
  | { kind: 'stopped'; detail: string };

/** The transaction model's fit; MBG/NBD has the same parameter names as BG/NBD, Pareto/NBD its own. */
export type TransactionFit =
  | (({ model: 'bg_nbd' } | { model: 'mbg_nbd' }) & Fit<BgNbdParams>)
  | ({ model: 'pareto_nbd' } & Fit<ParetoNbdParams>);

export interface CustomerLtv {
  customer: number;
  x: number;
  t_x: number;
  t_cal: number;
  mean_repeat_value_minor: number | null;
  holdout_transactions: number | null;
  p_alive: number | null;
  expected_transactions: number | null;
  expected_value_minor: number | null;
  clv_minor: number | null;
}

export interface HoldoutRow {
  x: number;
  and_more: boolean;
  customers: number;
  actual_transactions: number;
  mean_actual: number | null;
  mean_predicted: number | null;
}

export interface HoldoutTable {
  calibration_end: IsoDate;
  holdout_end: IsoDate;
  holdout_length: number;
  rows: HoldoutRow[];
  customers: number;
  actual_transactions: number;
  predicted_transactions: number | null;
  /** (predicted − actual) / actual transactions in all; null without a prediction or a holdout transaction. */
  total_relative_error: number | null;
  /** Mean over the customers of |predicted − actual| holdout transactions; null without a prediction. */
  mean_absolute_error: number | null;
  /** `total_relative_error` in words: close under 5%, else the direction; `percent` to one decimal. */
  verdict: HoldoutVerdict | null;
}

export type HoldoutVerdict =
  | { kind: 'close'; percent: number }
  | { kind: 'under_predicts'; percent: number }
  | { kind: 'over_predicts'; percent: number };

/** Cumulative repeat transactions of the calibration customers up to and including `day`. */
export interface TrackingPoint {
  day: IsoDate;
  actual: number;
  /** What the model expects by `day`; null without a fitted model. */
  predicted: number | null;
}

/** Cumulative repeat transactions, actual against predicted, over the calibration and holdout periods. */
export interface Tracking {
  /** 7, or a multiple of 7 for histories longer than 160 weeks. */
  period_days: number;
  start: IsoDate;
  calibration_end: IsoDate;
  points: TrackingPoint[];
}

/** A predicted total, with its standard error and 95% interval from the parameters' uncertainty. */
export interface Estimate {
  value: number;
  standard_error: number | null;
  /** [low, high]; low is at least 0. */
  interval: [number, number] | null;
}

/** All customers' predictions over the CLV horizon. */
export interface HorizonTotals {
  horizon_months: number;
  expected_transactions: Estimate | null;
  /** In minor units, after discount and margin. */
  clv_minor: Estimate | null;
}

export interface PredictiveLtv {
  as_of: IsoDate | null;
  calibration_end: IsoDate | null;
  params: LtvParams;
  transactions: TransactionFit;
  spend: Fit<GammaGammaParams>;
  frequency_value_correlation: number | null;
  customers: CustomerLtv[];
  holdout: HoldoutTable | null;
  /** Null without calibration customers. */
  tracking: Tracking | null;
  totals: HorizonTotals;
}

/** Predicted CLV of a group of customers: those with a CLV, their CLV summed and its mean, in minor units. */
export interface GroupClv {
  customers: number;
  clv_minor: number;
  mean_clv_minor: number;
}

/**
 * The predictive-LTV report (`kokyaku ltv --json` prints the same): the analysis, the currency of its money,
 * and what the page shows of it, computed by the core.
 */
export interface LtvReport extends PredictiveLtv {
  /** Money (`*_minor`) is in this currency's minor units; Gamma-Gamma's `gamma` in its currency units. */
  currency: string;
  currency_decimals: number;
  /** Customers per tenth of P(alive): [0, 0.1), [0.1, 0.2), …, [0.9, 1]. */
  p_alive_histogram: number[];
  /** By RFM segment (default RFM parameters, same as-of date), best segment first; segments without CLV left
   * out. */
  clv_by_segment: ({ segment: RfmSegment } & GroupClv)[];
  /** By month of the first order (`2024-03`), in month order. */
  clv_by_cohort: ({ cohort: string } & GroupClv)[];
}
"#;
