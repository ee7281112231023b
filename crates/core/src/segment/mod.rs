//! Segments: pick customers by conditions on their per-customer fields, and export them.
//!
//! ```text
//! Dataset ─ CustomerTable::new (RFM, CPM, cohort, products, subscription, optional LTV) ─┐
//! "rfm_segment in (at_risk, cant_lose_them) and m_score >= 3" ─ Query (parse) ───────────┴─ select ─ Selection
//! Selection ─ export (Layout: fields / e-mail list / phone list; ExportOptions: encoding, phone form,
//!                     what replaces a character Shift_JIS cannot hold) ─ bytes
//! ```
//!
//! The page's builder, the CLI's `kokyaku segment --where` and the JS API all go through [`Query`]'s parser, so
//! a condition means the same everywhere. A segment is a conjunction of clauses; a clause is one or more
//! conditions on one field, any of which may hold.

pub mod csv;
pub mod definition;
pub mod field;
mod lex;
mod literal;
pub mod message;
pub mod options;
mod parser;
pub mod phone;
pub mod query;
pub mod query_error;
mod query_error_ja;
pub mod select;
pub mod sjis;
pub mod table;

pub use csv::{export, export_csv, Export, Layout, ListReport, Skipped};
pub use definition::{Definition, DefinitionsError, Starter, STARTERS};
pub use field::{Field, Kind, Subscription};
pub use message::{Message, Warning, WarningKind};
pub use options::{Encoding, ExportOptions, LayoutKind, PhoneForm, Unmappable};
pub use query::Query;
pub use query_error::{QueryError, QueryErrorKind};
pub use select::{select, SelectError, Selection};
pub use sjis::{ExportError, ReplacedLine, Replacements};
pub use table::{CustomerRow, CustomerTable, NotFitted, TableParams};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ingest_files;
    use crate::model::Dataset;

    /// Four customers, as of 2024-06-30 (the day after the latest order). Hand-computed fields:
    ///
    /// | customer | orders | value | recency | R F M | RFM segment | first products | subscription |
    /// |---|---|---|---|---|---|---|---|
    /// | A | 3 | 6000 | 10 | 2 3 3 | at_risk | P1 | active (06-20) |
    /// | B | 1 | 500 | 5 | 3 1 1 | about_to_sleep | P2 | none |
    /// | =1+2 | 1 | 10000 | 141 | 1 1 4 | hibernating | P3 | none |
    /// | D | 2 | 1500 | 1 | 4 2 2 | potential_loyalists | P1 | active (06-29) |
    ///
    /// A's newest order comes first in the file, with a new e-mail address: the contact kept is the newest.
    const ORDERS: &str = "\
order_id,order_date,customer_id,email,phone,order_total,product_id,product_name,quantity,subscription
3,2024-06-20,A,a.new@example.jp,,3000,P1,Coffee beans,1,1
1,2024-01-05,A,a@example.jp,,1000,P1,Coffee beans,1,0
2,2024-03-01,A,a@example.jp,,2000,P2,Drip bags,1,0
4,2024-06-25,B,b@example.jp,090-1234-5678,500,P2,Drip bags,1,0
5,2024-02-10,=1+2,,,10000,P3,Grinder,1,0
6,2024-06-01,D,D@Example.JP,,700,P1,Coffee beans,1,0
7,2024-06-29,D,,03-0000-0000,800,P2,Drip bags,1,1
";

    fn data() -> Dataset {
        ingest_files(Default::default(), [("orders.csv", ORDERS.as_bytes())])
            .unwrap()
            .dataset
    }

    fn keys(query: &str, table: &CustomerTable, ds: &Dataset) -> Vec<String> {
        let selection = select(&query.parse().unwrap(), table, ds).unwrap();
        selection
            .rows
            .iter()
            .map(|&i| ds.customer_keys[table.rows[i].customer as usize].to_string())
            .collect()
    }

    /// A and D bought P1 and P2, B only P2, =1+2 only P3.
    #[test]
    fn bought_but_never_bought() {
        let ds = data();
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        assert_eq!(
            keys("bought = P1 and bought != P3", &table, &ds),
            ["A", "D"]
        );
        assert_eq!(keys("bought = P2 and bought != P1", &table, &ds), ["B"]);
        assert_eq!(keys("bought not in (P1, P2)", &table, &ds), ["=1+2"]);
    }

    /// As of 2024-04-01, 90 days before the as-of date, only A (2 orders, the last 31 days before, tenure 56
    /// days) and =1+2 (1 order, 51 days before) had ordered. R by quantile over the two: A 1 + ⌊5·1/2⌋ = 3,
    /// =1+2 1; F fixed: 2 and 1. So A is R3F2 about_to_sleep and beginner_active (tenure under 90 days), =1+2
    /// R1F1 hibernating and first_active; B and D are `none`.
    #[test]
    fn the_fields_at_the_earlier_date_are_hand_computed() {
        let ds = data();
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        assert_eq!(table.from.unwrap().to_string(), "2024-04-01");
        let states: Vec<(String, &str, &str)> = table
            .rows
            .iter()
            .map(|r| {
                (
                    ds.customer_keys[r.customer as usize].to_string(),
                    r.rfm_segment_at_from_id(),
                    r.cpm_group_at_from_id(),
                )
            })
            .collect();
        let expected = [
            ("A", "about_to_sleep", "beginner_active"),
            ("B", "none", "none"),
            ("=1+2", "hibernating", "first_active"),
            ("D", "none", "none"),
        ];
        assert_eq!(
            states,
            expected.map(|(k, r, c)| (k.to_string(), r, c)).to_vec()
        );
        // "Was X, is now Y", with the alias, and `none` for customers who had not ordered yet.
        let now_at_risk = "segment_at_from = about_to_sleep and rfm_segment = at_risk";
        assert_eq!(keys(now_at_risk, &table, &ds), ["A"]);
        assert_eq!(keys("cpm_group_at_from = none", &table, &ds), ["B", "D"]);
        // A chosen date: on 2024-01-06 only A had ordered (the day before: 1 order, first_active).
        let params = TableParams {
            from: Some("2024-01-06".parse().unwrap()),
            ..TableParams::default()
        };
        let early = CustomerTable::new(&ds, None, &params, None);
        assert_eq!(keys("cpm_group_at_from != none", &early, &ds), ["A"]);
        assert_eq!(keys("cpm_group_at_from = first_active", &early, &ds), ["A"]);
        // The earlier date must be before the as-of date.
        let late = TableParams {
            from: table.as_of,
            ..TableParams::default()
        };
        assert!(late.check_from(table.as_of).is_err());
        assert!(params.check_from(table.as_of).is_ok());
    }

    #[test]
    fn the_table_holds_the_hand_computed_fields() {
        let ds = data();
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        assert_eq!(table.as_of.unwrap().to_string(), "2024-06-30");
        let row = |key: &str| {
            table
                .rows
                .iter()
                .find(|r| &ds.customer_keys[r.customer as usize] == key)
                .unwrap()
        };
        let a = row("A");
        assert_eq!(
            (
                a.frequency,
                a.monetary_minor,
                a.aov_minor,
                a.recency_days,
                a.days_since_first
            ),
            (3, 6000, 2000, 10, 177)
        );
        assert_eq!((a.r_score, a.f_score, a.m_score), (2, 3, 3));
        assert_eq!(
            (a.subscription, a.subscription_orders),
            (Subscription::Active, 1)
        );
        let scores: Vec<(u8, u8, u8, &str)> = ["B", "=1+2", "D"]
            .iter()
            .map(|k| {
                let r = row(k);
                (r.r_score, r.f_score, r.m_score, r.rfm_segment.id())
            })
            .collect();
        assert_eq!(
            scores,
            [
                (3, 1, 1, "about_to_sleep"),
                (1, 1, 4, "hibernating"),
                (4, 2, 2, "potential_loyalists")
            ]
        );
        assert_eq!(row("=1+2").recency_days, 141);
        assert_eq!(table.revenue_minor, 18_000);
        let contact = |k: &str| ds.contacts.get(row(k).customer as usize);
        assert_eq!(contact("A").email.as_deref(), Some("a.new@example.jp"));
        assert_eq!(contact("B").phone.as_deref(), Some("09012345678"));
        assert_eq!(contact("D").email.as_deref(), Some("d@example.jp"));
        assert_eq!(contact("D").phone.as_deref(), Some("0300000000"));
        assert_eq!(contact("=1+2"), Default::default());
    }

    #[test]
    fn queries_select_the_customers_they_describe() {
        let ds = data();
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        let win_back = select(&STARTERS[0].condition.parse().unwrap(), &table, &ds).unwrap();
        assert_eq!(
            (
                win_back.customers,
                win_back.revenue_minor,
                win_back.of_customers
            ),
            (1, 6000, 4)
        );
        assert_eq!(win_back.revenue_share, Some(6000.0 / 18000.0));
        assert_eq!(keys(STARTERS[1].condition, &table, &ds), ["B"]);
        assert!(keys(STARTERS[3].condition, &table, &ds).is_empty());
        assert_eq!(keys("subscription = active", &table, &ds), ["A", "D"]);
        assert_eq!(keys("products = P2", &table, &ds), ["A", "B", "D"]);
        assert_eq!(
            keys("first_product = \"Coffee beans\"", &table, &ds),
            ["A", "D"]
        );
        assert_eq!(keys("products not in (P3)", &table, &ds), ["A", "B", "D"]);
        assert_eq!(keys("monetary >= 1500", &table, &ds), ["A", "=1+2", "D"]);
        assert_eq!(
            keys("cohort = 2024-06 and email != \"\"", &table, &ds),
            ["B", "D"]
        );
        assert_eq!(keys("first_order < 2024-02-01", &table, &ds), ["A"]);
        assert_eq!(
            keys("cpm_group in (first_active)", &table, &ds),
            ["B", "=1+2"]
        );
        assert_eq!(
            keys("email contains \"@EXAMPLE.jp\"", &table, &ds),
            ["A", "B", "D"]
        );
        assert_eq!(keys("phone = 090-1234-5678", &table, &ds), ["B"]);
        assert_eq!(
            keys(
                "(recency <= 5 or recency > 100) and frequency <= 2",
                &table,
                &ds
            ),
            ["B", "=1+2", "D"]
        );
        assert_eq!(keys("", &table, &ds).len(), 4);

        let missing = select(&"first_product = Tea".parse().unwrap(), &table, &ds).unwrap();
        assert_eq!(missing.customers, 0);
        assert_eq!(
            missing.warnings[0].message.en,
            "no product has the id or name 'Tea'"
        );
        assert_eq!(
            missing.warnings[0].message.ja,
            "「Tea」という商品IDや商品名はありません"
        );
        let e = select(&"monetary >= 1500.5".parse().unwrap(), &table, &ds).unwrap_err();
        assert_eq!(
            e.to_string(),
            "monetary: 1500.5 has more decimals than JPY has"
        );
        let e = select(&"p_alive > 0.5".parse().unwrap(), &table, &ds).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("p_alive comes from the predictive-LTV model"));
    }

    #[test]
    fn predicted_fields_of_a_model_that_could_not_be_fitted_are_an_error_or_a_warning() {
        use crate::analysis::ltv::bgnbd::BgNbdParams;
        use crate::analysis::ltv::fit_failure::FitFailure;
        use crate::analysis::ltv::optimize::{Fit, Fitted};
        use crate::analysis::ltv::summary::calibration_summary;
        use crate::analysis::ltv::{predict, LtvParams, ModelFits, TransactionFit};
        // The transaction model converged (the CDNOW parameters), the spend model was refused: p_alive and
        // expected_orders have values, clv is empty for everyone.
        let ds = data();
        let params = LtvParams::default();
        let summary = calibration_summary(&ds, None, &params.summary);
        let fits = ModelFits {
            transactions: TransactionFit::BgNbd(Fit::Converged(Fitted {
                params: BgNbdParams {
                    r: 0.243,
                    alpha: 4.414,
                    a: 0.793,
                    b: 2.426,
                },
                log_likelihood: 0.0,
                customers: 4,
                iterations: 1,
                evaluations: 1,
                gradient_norm: 0.0,
                uncertainty: Default::default(),
            })),
            spend: Fit::refused(FitFailure::TooFewRepeatSpenders),
        };
        let ltv = predict(&summary, fits, &params);
        let table = CustomerTable::new(&ds, None, &TableParams::default(), Some(&ltv));
        assert!(table.has_ltv);
        let alive = select(&"p_alive >= 0".parse().unwrap(), &table, &ds).unwrap();
        assert_eq!(alive.customers, 4);
        // Not "0 of 4": an error that says why.
        let e = select(&"clv >= 1".parse().unwrap(), &table, &ds).unwrap_err();
        assert_eq!(
            e.0.en,
            "clv comes from the Gamma-Gamma model, which could not be fitted on this data (fewer than two \
             customers have a repeat transaction with a positive value, so the spend model cannot be \
             estimated), so no customer has it"
        );
        assert_eq!(
            e.0.ja,
            "clv は Gamma-Gamma モデルの値ですが、このデータではモデルを推定できませんでした（金額が正のリピート購入がある\
             顧客が2人未満のため、購入金額のモデルを推定できません）。どの顧客にも値がありません"
        );
        // An export of clv warns, as data and in words; one without it does not.
        const SPENDERS: &str =
            "fewer than two customers have a repeat transaction with a positive value, so \
                                the spend model cannot be estimated";
        let warnings = table.empty_field_warnings(&[Field::Customer, Field::PAlive, Field::Clv]);
        assert_eq!(
            serde_json::to_value(&warnings).unwrap(),
            serde_json::json!([{
                "kind": "model_not_fitted",
                "values": ["gamma_gamma", SPENDERS, "clv"],
                "en": format!("clv is empty: the Gamma-Gamma model could not be fitted on this data ({SPENDERS})"),
                "ja": "clv は空欄です：このデータでは Gamma-Gamma モデルを推定できませんでした（金額が正のリピート購入がある顧客が2人未満のため、購入金額のモデルを推定できません）"
            }])
        );
        assert!(table
            .empty_field_warnings(&[Field::Customer, Field::PAlive])
            .is_empty());
        // The table without any fit: the fields were not asked for, the old error stands.
        let plain = CustomerTable::new(&ds, None, &TableParams::default(), None);
        assert!(plain.empty_field_warnings(&Field::ALL).is_empty());
        let e = select(&"clv >= 1".parse().unwrap(), &plain, &ds).unwrap_err();
        assert!(e.to_string().contains("has not been fitted"), "{e}");
    }

    #[test]
    fn exports_are_excel_safe_and_exact() {
        let ds = data();
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        let one_time = select(&"frequency = 1".parse().unwrap(), &table, &ds).unwrap();
        let layout = Layout::Fields(vec![
            Field::Customer,
            Field::Email,
            Field::Phone,
            Field::Monetary,
            Field::RfmSegment,
            Field::FirstProduct,
        ]);
        let bytes = export_csv(&layout, Encoding::Utf8Bom, &one_time, &table, &ds).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "\u{FEFF}customer,email,phone,monetary,rfm_segment,first_product\r\n\
             B,b@example.jp,090-1234-5678,500,about_to_sleep,P2\r\n\
             '=1+2,,,10000,hibernating,P3\r\n"
        );
        let active = select(&"subscription = active".parse().unwrap(), &table, &ds).unwrap();
        let emails =
            export_csv(&Layout::EmailList, Encoding::ShiftJis, &active, &table, &ds).unwrap();
        assert_eq!(emails, b"a.new@example.jp\r\nd@example.jp\r\n");
        let phones =
            export_csv(&Layout::PhoneList, Encoding::Utf8Bom, &active, &table, &ds).unwrap();
        assert_eq!(phones, b"0300000000\r\n", "a list has no BOM");
    }

    #[test]
    fn shift_jis_exports_encode_japanese_and_refuse_what_it_cannot_hold() {
        let csv = "order_id,order_date,customer_id,order_total\n1,2024-01-05,山田,1000\n2,2024-01-06,髙橋😀,800\n";
        let ds = ingest_files(Default::default(), [("o.csv", csv.as_bytes())])
            .unwrap()
            .dataset;
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        let layout = Layout::Fields(vec![Field::Customer, Field::Monetary]);
        let yamada = select(&"customer = 山田".parse().unwrap(), &table, &ds).unwrap();
        let bytes = export_csv(&layout, Encoding::ShiftJis, &yamada, &table, &ds).unwrap();
        let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
        assert!(!bad);
        assert_eq!(text, "customer,monetary\r\n山田,1000\r\n");
        assert_eq!(&bytes[19..23], &[0x8E, 0x52, 0x93, 0x63]);
        let everyone = select(&Query::default(), &table, &ds).unwrap();
        let e = export_csv(&layout, Encoding::ShiftJis, &everyone, &table, &ds).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("line 3 of the export (customer 髙橋😀) has '😀' (U+1F600)"),
            "{e}"
        );
    }
}
