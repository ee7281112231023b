//! The analyses as [`Table`]s, one module per analysis: what the CLI writes with `--csv` and what the page
//! offers as CSV downloads. Cells keep exact values (money in minor units, rates as fractions); writing a
//! table ([`CsvStyle`]) puts money in currency units, rounds rates and means, and words headings and
//! segments in a language or as ids.

pub mod acquisition;
pub mod basket;
pub mod cohort;
pub mod cpm;
pub mod dashboard;
pub mod history;
pub mod ltv;
pub mod migration;
pub mod repeat;
pub mod rfm;

pub use crate::table::{col, Cell, Column, CsvStyle, Table, TableStream};

/// The customer key of dense customer number `customer`.
fn key(ds: &crate::Dataset, customer: u32) -> Cell {
    Cell::text(ds.customer_keys.get(customer as usize).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::CsvStyle;
    use crate::analysis::{cohort, dashboard, history, repeat, rfm};
    use crate::ingest::{ingest_files, IngestOptions};
    use crate::words::Lang;
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

    /// The table's rows as written for tools (ids, yen), cell by cell.
    fn cells(t: &super::Table) -> Vec<Vec<String>> {
        t.written_rows(&CsvStyle::ids(0))
    }

    fn april() -> Day {
        Day::from_date(chrono::NaiveDate::from_ymd_opt(2024, 4, 1).unwrap())
    }

    #[test]
    fn rfm_tables_have_a_row_per_customer_grid_row_and_segment() {
        let d = data();
        let r = rfm::rfm(&d.dataset, Some(april()), &rfm::RfmParams::default());
        let customers = super::rfm::customers(&d.dataset, &r).into_table();
        assert_eq!(customers.rows.len(), 3);
        assert_eq!(customers.columns[0].id, "customer_key");
        let grid = cells(&super::rfm::grid(&r));
        assert_eq!(grid.len(), 5);
        assert_eq!(grid[0][0], "5");
        let total: u64 = grid
            .iter()
            .flat_map(|row| row[1..].iter().map(|c| c.parse::<u64>().unwrap()))
            .sum();
        assert_eq!(total, 3);
        let segments = cells(&super::rfm::segments(&r));
        let counted: u64 = segments
            .iter()
            .map(|row| row[1].parse::<u64>().unwrap())
            .sum();
        assert_eq!(counted, 3);
    }

    #[test]
    fn text_cells_are_neutralised_in_the_csv() {
        let d = data();
        let h = history::history(&d.dataset, None, &history::HistoryParams::default());
        let csv = super::history::by_first_product(&h).to_csv(&CsvStyle::ids(0));
        assert!(csv.contains("\r\n,'=cmd,1,30,"), "{csv}");
        assert!(csv.starts_with("\u{FEFF}product_id,product_name,customers,horizon_days"));
        let ja = super::history::by_first_product(&h).to_csv(&CsvStyle {
            lang: Some(Lang::Ja),
            decimals: 0,
        });
        assert!(ja.starts_with(
            "\u{FEFF}商品コード,商品名,初回購入者,期間（日）,対象顧客,累計売上,1人あたりLTV\r\n"
        ));
    }

    #[test]
    fn subscription_rows_count_orders_from_the_first() {
        let d = data();
        let r = repeat::repeat(&d.dataset, None, &repeat::RepeatParams::default());
        assert_eq!(
            cells(&super::repeat::subscriptions(&r)),
            [
                ["2024-01", "1", "1", "1", "1.0000"],
                ["2024-01", "1", "2", "1", "1.0000"],
                ["2024-01", "1", "3", "1", "1.0000"]
            ]
        );
        let second: u64 = cells(&super::repeat::days_to_next(&r))
            .iter()
            .filter(|r| r[0] == "2")
            .map(|r| r[3].parse::<u64>().unwrap())
            .sum();
        assert_eq!(second, 2, "a and c have a second order");
    }

    #[test]
    fn the_dashboard_tables_have_a_row_per_figure_and_per_month() {
        let d = data();
        let params = dashboard::DashboardParams::default();
        let r = dashboard::dashboard(&d.dataset, Some(april()), &params);
        let k = cells(&super::dashboard::kpis(&r));
        // March: c's 300 alone; February: a's 2,000 and c's 300; no March a year earlier. 300 / 2300 − 1 is
        // −0.869565…, written to four decimals.
        assert_eq!(
            k[3],
            ["revenue", "2024-03", "300", "2024-02", "2300", "-0.8696", "2023-03", "", ""]
        );
        assert_eq!(k[5][..3], ["repeat_share", "2024-03", "1.0000"]);
        let m = cells(&super::dashboard::months(&r));
        assert_eq!(m.len(), 3);
        // January: a, b and c new (1,000 + 500 + 300); as of 1 April no one's first order is 90 days back, so
        // no one is eligible for F2.
        assert_eq!(
            m[0],
            ["2024-01", "3", "3", "0", "3", "1800", "1800", "0", "600", "0.0000", "0", "0", ""]
        );
    }

    #[test]
    fn the_cohort_table_has_a_row_per_cohort_and_period() {
        let d = data();
        let c = cohort::cohorts(&d.dataset, None, cohort::Granularity::Month);
        let t = cells(&super::cohort::cohorts(&c));
        assert_eq!(t.len(), c.rows.len());
        assert_eq!(t[0][..3], ["2024-01", "0", "3"]);
    }
}
