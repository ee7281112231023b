//! The segment condition parser on arbitrary text: no panic; a parsed query's canonical text parses back to
//! the same query (and is its own canonical text); an error points inside the text; and the query applied to a
//! small fixed dataset selects a consistent subset and exports.

#![no_main]

use std::sync::OnceLock;

use kokyaku_core::ingest::ingest_files;
use kokyaku_core::segment::{self, CustomerTable, Layout, Query, TableParams};
use kokyaku_core::Dataset;
use libfuzzer_sys::fuzz_target;

/// Five customers with products, subscriptions, contacts and a formula-looking key.
const ORDERS: &str = "\
order_id,order_date,customer_id,email,phone,order_total,product_id,product_name,quantity,subscription
1,2024-01-05,A,a@example.jp,,1000,P1,Coffee beans,1,0
2,2024-03-01,A,a@example.jp,,2000,P2,Drip bags,1,0
3,2024-06-20,A,a.new@example.jp,,3000,P1,Coffee beans,1,1
4,2024-06-25,B,b@example.jp,090-1234-5678,500,P2,Drip bags,1,0
5,2024-02-10,=1+2,,,10000,P3,\"<script>alert(1)</script>\",1,0
6,2024-06-01,D,D@Example.JP,,700,P1,Coffee beans,1,0
7,2024-06-29,D,,03-0000-0000,800.5,P2,Drip bags,2,1
8,2023-12-31,E,e@example.jp,,-300,P4,返品調整,1,0
";

fn data() -> &'static (Dataset, CustomerTable) {
    static DATA: OnceLock<(Dataset, CustomerTable)> = OnceLock::new();
    DATA.get_or_init(|| {
        let options = kokyaku_core::IngestOptions {
            currency: Some("USD".into()),
            ..Default::default()
        };
        let ds = ingest_files(options, [("orders.csv", ORDERS.as_bytes())])
            .expect("the fixture reads")
            .dataset;
        let table = CustomerTable::new(&ds, None, &TableParams::default(), None);
        (ds, table)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let query = match text.parse::<Query>() {
        Ok(q) => q,
        Err(e) => {
            assert!(
                e.column >= 1 && e.column <= text.chars().count() + 1,
                "{e} in {text:?}"
            );
            assert!(!e.kind.to_string().is_empty() && !e.kind.kind_and_values().0.is_empty());
            return;
        }
    };
    let canonical = query.to_string();
    let again: Query = canonical
        .parse()
        .unwrap_or_else(|e| panic!("{canonical:?} (from {text:?}) does not parse back: {e}"));
    assert_eq!(again, query, "{canonical:?} from {text:?}");
    assert_eq!(again.to_string(), canonical);

    let (ds, table) = self::data();
    match segment::select(&query, table, ds) {
        Ok(selection) => {
            assert_eq!(selection.customers as usize, selection.rows.len());
            assert!(selection.rows.windows(2).all(|w| w[0] < w[1]));
            assert!(selection.rows.iter().all(|&i| i < table.rows.len()));
            let bytes = segment::export_csv(
                &Layout::all_fields(table),
                segment::Encoding::Utf8Bom,
                &selection,
                table,
                ds,
            )
            .expect("UTF-8 holds every character");
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert_eq!(text.matches("\r\n").count(), selection.rows.len() + 1);
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
