//! The analyses as [`Table`]s, one module per analysis: what the CLI writes with `--csv` and what the page
//! offers as CSV downloads. Money is in minor units, rates and shares as fractions, floats unrounded
//! ([`float_cell`]), so the tables can be recomputed from.

pub mod basket;
pub mod cohort;
pub mod cpm;
pub mod dashboard;
pub mod history;
pub mod ltv;
pub mod migration;
pub mod repeat;
pub mod rfm;

pub use crate::table::{float_cell, Table};

/// The customer key of dense customer number `customer`.
fn key(ds: &crate::Dataset, customer: u32) -> String {
    ds.customer_keys
        .get(customer as usize)
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use crate::analysis::{cohort, dashboard, history, repeat, rfm};
    use crate::ingest::{ingest_files, IngestOptions};
    use crate::Day;

    /// Three customers: a (2 orders), b (1 order, `=cmd` as product name), c (3 orders, subscription).
    fn data() -> crate::Ingested {
        let csv = "order_id,order_date,email,order_total,product_name,subscription\n\
                   1,2024-01-05,a@example.jp,1000,tea,\n\
                   2,2024-02-10,a@example.jp,2000,tea,\n\
                   3,2024-01-20,b@example.jp,500,=cmd,\n\
                   4,2024-01-07,c@example.jp,300,box,1\n\
                   5,2024-02-07,c@example.jp,300,box,1\n\
                   6,2024-03-07,c@example.jp,300,box,1\n";
        ingest_files(IngestOptions::default(), [("t.csv", csv.as_bytes())]).unwrap()
    }

    #[test]
    fn rfm_tables_have_a_row_per_customer_grid_row_and_segment() {
        let d = data();
        let as_of = Day::from_date(chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
        let r = rfm::rfm(&d.dataset, Some(as_of), &rfm::RfmParams::default());
        let customers = super::rfm::customers(&d.dataset, &r);
        assert_eq!(customers.rows.len(), 3);
        assert_eq!(customers.header[0], "customer_key");
        let grid = super::rfm::grid(&r);
        assert_eq!(grid.rows.len(), 5);
        assert_eq!(grid.rows[0][0], "5");
        let total: u64 = grid
            .rows
            .iter()
            .flat_map(|row| row[1..].iter().map(|c| c.parse::<u64>().unwrap()))
            .sum();
        assert_eq!(total, 3);
        let segments = super::rfm::segments(&r);
        let counted: u64 = segments
            .rows
            .iter()
            .map(|row| row[1].parse::<u64>().unwrap())
            .sum();
        assert_eq!(counted, 3);
    }

    #[test]
    fn text_cells_are_neutralised_in_the_csv() {
        let d = data();
        let h = history::history(&d.dataset, None, &history::HistoryParams::default());
        let csv = super::history::by_first_product(&h).to_csv();
        assert!(csv.contains("\r\n,'=cmd,1,30,"), "{csv}");
        assert!(csv.starts_with("\u{FEFF}product_id,product_name,customers,horizon_days"));
    }

    #[test]
    fn subscription_rows_count_orders_from_the_first() {
        let d = data();
        let r = repeat::repeat(&d.dataset, None, &repeat::RepeatParams::default());
        let t = super::repeat::subscriptions(&r);
        let rows: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            [
                ["2024-01", "1", "1", "1", "1"],
                ["2024-01", "1", "2", "1", "1"],
                ["2024-01", "1", "3", "1", "1"]
            ]
        );
        let days = super::repeat::days_to_next(&r);
        let second: u64 = days
            .rows
            .iter()
            .filter(|r| r[0] == "2")
            .map(|r| r[3].parse::<u64>().unwrap())
            .sum();
        assert_eq!(second, 2, "a and c have a second order");
    }

    #[test]
    fn the_dashboard_tables_have_a_row_per_figure_and_per_month() {
        let d = data();
        let as_of = Day::from_date(chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap());
        let params = dashboard::DashboardParams::default();
        let r = dashboard::dashboard(&d.dataset, Some(as_of), &params);
        let k = super::dashboard::kpis(&r);
        // March: c's 300 alone; February: a's 2,000 and c's 300; no March a year earlier.
        assert_eq!(
            k.rows[3],
            [
                "revenue_minor",
                "2024-03",
                "300",
                "2024-02",
                "2300",
                "-0.8695652173913043",
                "2023-03",
                "",
                ""
            ]
        );
        assert_eq!(k.rows[5][..3], ["repeat_share", "2024-03", "1"]);
        let m = super::dashboard::months(&r);
        assert_eq!(m.rows.len(), 3);
        // January: a, b and c new (1,000 + 500 + 300); as of 1 April no one's first order is 90 days back, so
        // no one is eligible for F2.
        assert_eq!(
            m.rows[0],
            ["2024-01", "3", "3", "0", "3", "1800", "1800", "0", "600", "0", "0", "0", ""]
        );
    }

    #[test]
    fn the_cohort_table_has_a_row_per_cohort_and_period() {
        let d = data();
        let c = cohort::cohorts(&d.dataset, None, cohort::Granularity::Month);
        let t = super::cohort::cohorts(&c);
        assert_eq!(t.rows.len(), c.rows.len());
        assert_eq!(t.rows[0][..3], ["2024-01", "0", "3"]);
    }
}
