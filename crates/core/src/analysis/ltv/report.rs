//! The predictive-LTV report: the analysis ([`PredictiveLtv`]) with what people read from it, computed once
//! for every front end: the currency of its money, the P(alive) distribution, and predicted CLV by RFM segment
//! and by cohort. `kokyaku ltv --json` prints it, the JS API's `predictiveLtv` returns it, and the page renders
//! it.

use serde::Serialize;

use super::{predictive_ltv, LtvParams, PredictiveLtv};
use crate::analysis::cohort::Granularity;
use crate::analysis::rfm::{rfm, Rfm, RfmParams, Segment};
use crate::date::Day;
use crate::model::Dataset;

/// How many bins the P(alive) distribution has: tenths.
pub const P_ALIVE_BINS: usize = 10;

/// The predictive-LTV analysis and the figures made from it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LtvReport {
    /// The predictive-LTV analysis.
    #[serde(flatten)]
    pub ltv: PredictiveLtv,
    /// Money (`*_minor`) is in this currency's minor units; Gamma-Gamma's `gamma` is in its currency units.
    pub currency: String,
    /// Decimals of the currency's minor unit.
    pub currency_decimals: u32,
    /// Customers per tenth of P(alive): `[0, 0.1)`, `[0.1, 0.2)`, …, `[0.9, 1]`; customers without a
    /// P(alive) (the transaction model not fitted) in none.
    pub p_alive_histogram: [u64; P_ALIVE_BINS],
    /// Predicted CLV by RFM segment (with the default RFM parameters, as of the same date), in the order of
    /// [`Segment::ALL`]; segments without a customer with a CLV are left out.
    pub clv_by_segment: Vec<SegmentClv>,
    /// Predicted CLV by cohort: the month of the customer's first order, in month order.
    pub clv_by_cohort: Vec<CohortClv>,
}

/// The predicted CLV of a group of customers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct GroupClv {
    /// Customers of the group with a CLV.
    pub customers: u64,
    /// Their CLV summed, in minor units.
    pub clv_minor: f64,
    /// `clv_minor / customers`.
    pub mean_clv_minor: f64,
}

impl GroupClv {
    /// Adds one customer's CLV.
    fn add(&mut self, clv: f64) {
        self.customers += 1;
        self.clv_minor += clv;
        self.mean_clv_minor = self.clv_minor / self.customers as f64;
    }
}

/// Predicted CLV of an RFM segment's customers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct SegmentClv {
    /// The RFM segment.
    pub segment: Segment,
    /// The predicted CLV of its customers.
    #[serde(flatten)]
    pub clv: GroupClv,
}

/// Predicted CLV of a cohort's customers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CohortClv {
    /// The month of the first order, `2024-03`.
    pub cohort: String,
    /// The predicted CLV of its customers.
    #[serde(flatten)]
    pub clv: GroupClv,
}

impl LtvReport {
    /// The report of `ltv`, an analysis of `ds`, with the segments of `rfm` (an RFM analysis of `ds` as of the
    /// same date).
    pub fn new(ds: &Dataset, ltv: PredictiveLtv, rfm: &Rfm) -> LtvReport {
        let mut p_alive_histogram = [0u64; P_ALIVE_BINS];
        for p in ltv.customers.iter().filter_map(|c| c.p_alive) {
            let bin = (p * P_ALIVE_BINS as f64) as usize;
            p_alive_histogram[bin.min(P_ALIVE_BINS - 1)] += 1;
        }
        let mut segment_of = vec![None; ds.customer_count()];
        for c in &rfm.customers {
            segment_of[c.customer as usize] = Some(c.segment);
        }
        let mut by_segment = [GroupClv::default(); Segment::ALL.len()];
        let mut by_month = std::collections::BTreeMap::<i32, GroupClv>::new();
        for c in &ltv.customers {
            let Some(clv) = c.clv_minor else {
                continue;
            };
            if let Some(segment) = segment_of[c.customer as usize] {
                by_segment[segment as usize].add(clv);
            }
            let Some(first) = ds.first_order(c.customer) else {
                continue;
            };
            by_month
                .entry(Granularity::Month.period_of(first))
                .or_default()
                .add(clv);
        }
        LtvReport {
            currency: ds.currency.code.clone(),
            currency_decimals: ds.currency.decimals,
            p_alive_histogram,
            clv_by_segment: Segment::ALL
                .into_iter()
                .zip(by_segment)
                .filter(|(_, clv)| clv.customers > 0)
                .map(|(segment, clv)| SegmentClv { segment, clv })
                .collect(),
            clv_by_cohort: by_month
                .into_iter()
                .map(|(month, clv)| CohortClv {
                    cohort: Granularity::Month.label(month),
                    clv,
                })
                .collect(),
            ltv,
        }
    }
}

/// An [`LtvReport`] without its row per customer: what a batch report writes beside the per-customer table.
/// Its JSON is the report's with the `customers` field left out.
#[derive(Serialize)]
pub struct LtvFigures<'a> {
    as_of: Option<Day>,
    calibration_end: Option<Day>,
    params: &'a LtvParams,
    transactions: &'a super::TransactionFit,
    spend: &'a super::optimize::Fit<super::gamma_gamma::GammaGammaParams>,
    frequency_value_correlation: Option<f64>,
    holdout: &'a Option<super::holdout::HoldoutTable>,
    tracking: &'a Option<super::tracking::Tracking>,
    totals: &'a super::totals::HorizonTotals,
    currency: &'a str,
    currency_decimals: u32,
    p_alive_histogram: [u64; P_ALIVE_BINS],
    clv_by_segment: &'a [SegmentClv],
    clv_by_cohort: &'a [CohortClv],
}

impl LtvReport {
    /// The report's figures without its row per customer.
    pub fn figures(&self) -> LtvFigures<'_> {
        let ltv = &self.ltv;
        LtvFigures {
            as_of: ltv.as_of,
            calibration_end: ltv.calibration_end,
            params: &ltv.params,
            transactions: &ltv.transactions,
            spend: &ltv.spend,
            frequency_value_correlation: ltv.frequency_value_correlation,
            holdout: &ltv.holdout,
            tracking: &ltv.tracking,
            totals: &ltv.totals,
            currency: &self.currency,
            currency_decimals: self.currency_decimals,
            p_alive_histogram: self.p_alive_histogram,
            clv_by_segment: &self.clv_by_segment,
            clv_by_cohort: &self.clv_by_cohort,
        }
    }
}

/// Runs the predictive LTV analysis as of `as_of` and makes its report, with the default RFM segments.
pub fn ltv_report(ds: &Dataset, as_of: Option<Day>, params: &LtvParams) -> LtvReport {
    // The segments after the predictions, so that the two are not in memory with the calibration summary.
    let ltv = predictive_ltv(ds, as_of, params);
    let segments = rfm(ds, as_of, &RfmParams::default());
    LtvReport::new(ds, ltv, &segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ltv::bgnbd::BgNbdParams;
    use crate::analysis::ltv::gamma_gamma::GammaGammaParams;
    use crate::analysis::ltv::optimize::{Fit, Fitted};
    use crate::analysis::ltv::summary::calibration_summary;
    use crate::analysis::ltv::{predict, ModelFits, TransactionFit};

    fn fitted<P>(params: P) -> Fit<P> {
        Fit::Converged(Fitted {
            params,
            log_likelihood: 0.0,
            customers: 3,
            iterations: 1,
            evaluations: 1,
            gradient_norm: 0.0,
            uncertainty: Default::default(),
        })
    }

    #[test]
    fn the_figures_are_the_report_without_its_customers() {
        let csv = "order_id,order_date,email,order_total\n\
                   1,2024-01-05,a@x,1000\n2,2024-02-05,a@x,1200\n3,2024-03-05,b@x,800\n\
                   4,2024-03-20,b@x,500\n5,2024-04-01,c@x,700\n";
        let ds = crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let report = ltv_report(&ds, None, &LtvParams::default());
        let mut whole = serde_json::to_value(&report).unwrap();
        let customers = whole.as_object_mut().unwrap().remove("customers").unwrap();
        assert_eq!(customers.as_array().unwrap().len(), 3);
        assert_eq!(serde_json::to_value(report.figures()).unwrap(), whole);
    }

    #[test]
    fn the_histogram_and_the_groups_sum_the_customers_clv() {
        // a: January, three orders; b: January, one order; c: February, two orders. As of 2024-04-01.
        let csv = "order_id,order_date,email,order_total\n\
                   1,2024-01-05,a@x,1000\n2,2024-02-05,a@x,1200\n3,2024-03-05,a@x,800\n\
                   4,2024-01-20,b@x,500\n5,2024-02-01,c@x,700\n6,2024-03-20,c@x,900\n";
        let ds = crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let params = LtvParams::default();
        let summary = calibration_summary(&ds, None, &params.summary);
        let fits = ModelFits {
            transactions: TransactionFit::BgNbd(fitted(BgNbdParams {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
            })),
            spend: fitted(GammaGammaParams {
                p: 6.25,
                q: 3.74,
                gamma: 15.44,
            }),
        };
        let ltv = predict(&summary, fits, &params);
        let segments = rfm(&ds, None, &RfmParams::default());
        let report = LtvReport::new(&ds, ltv.clone(), &segments);
        assert_eq!(report.ltv, ltv);
        assert_eq!(
            (report.currency.as_str(), report.currency_decimals),
            ("JPY", 0)
        );
        // Every customer has a P(alive), in one bin each.
        assert_eq!(report.p_alive_histogram.iter().sum::<u64>(), 3);
        for c in &ltv.customers {
            let p = c.p_alive.unwrap();
            assert!(report.p_alive_histogram[((p * 10.0) as usize).min(9)] > 0);
        }
        let clv = |i: usize| ltv.customers[i].clv_minor.unwrap();
        let months: Vec<(&str, u64)> = report
            .clv_by_cohort
            .iter()
            .map(|c| (c.cohort.as_str(), c.clv.customers))
            .collect();
        assert_eq!(months, [("2024-01", 2), ("2024-02", 1)]);
        assert_eq!(report.clv_by_cohort[0].clv.clv_minor, clv(0) + clv(1));
        assert_eq!(report.clv_by_cohort[1].clv.mean_clv_minor, clv(2));
        let in_segments: u64 = report.clv_by_segment.iter().map(|s| s.clv.customers).sum();
        assert_eq!(in_segments, 3);
        let order: Vec<usize> = report
            .clv_by_segment
            .iter()
            .map(|s| s.segment as usize)
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["clv_by_cohort"][0]["cohort"], "2024-01");
        assert_eq!(json["clv_by_cohort"][0]["customers"], 2);
        assert!(json["transactions"]["params"]["r"].is_f64());
    }

    #[test]
    fn without_fits_there_is_no_clv_to_group() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@x,1000\n";
        let ds = crate::ingest::ingest_files(Default::default(), [("t.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let report = ltv_report(&ds, None, &LtvParams::default());
        assert_eq!(report.p_alive_histogram, [0; P_ALIVE_BINS]);
        assert!(report.clv_by_segment.is_empty() && report.clv_by_cohort.is_empty());
    }
}
