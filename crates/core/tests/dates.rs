//! Dates with the year last (`05/01/2024`): read day first or month first as the file's dates settle or the
//! user says, and never guessed, on small exports worked out by hand.

use kokyaku_core::ingest::options::DateOrder;
use kokyaku_core::ingest::{ingest_files, IngestErrorKind, IngestOptions, Ingested};
use kokyaku_core::Lang;

fn read(text: &str, date_order: Option<DateOrder>) -> Result<Ingested, IngestErrorKind> {
    let options = IngestOptions {
        date_order,
        ..IngestOptions::default()
    };
    ingest_files(options, [("shop.csv", text.as_bytes())]).map_err(|e| e.kind)
}

fn dates(data: &Ingested) -> Vec<String> {
    let mut d: Vec<String> = data
        .dataset
        .orders
        .date
        .iter()
        .map(|d| d.to_string())
        .collect();
    d.sort();
    d
}

const HEADER: &str = "order_id,order_date,email,order_total\n";

#[test]
fn a_day_above_12_settles_the_order_for_the_whole_file() {
    // Line 3's 13/01/2024 can only be day first, so line 2's 05/01/2024 is 5 January.
    let csv = format!("{HEADER}1,05/01/2024,a@x.jp,100\n2,13/01/2024 10:00,b@x.jp,200\n");
    let data = read(&csv, None).unwrap();
    assert_eq!(dates(&data), ["2024-01-05", "2024-01-13"]);
    assert!(data.quality.files[0]
        .notes_in(Lang::En)
        .contains(&"Dates with the year last (05/01/2024) were read day first (line 3's date can only be read so).".to_string()));
    // Line 3's 1/13/24 9:03 AM can only be month first, so 05/01/2024 is May 1, also in a later row of its
    // order (its first row had no date).
    let csv =
        format!("{HEADER}1,,a@x.jp,100\n1,05/01/2024,a@x.jp,100\n2,1/13/24 9:03 AM,b@x.jp,200\n");
    let data = read(&csv, None).unwrap();
    assert_eq!(dates(&data), ["2024-01-13", "2024-05-01"]);
}

#[test]
fn dates_that_settle_nothing_or_disagree_ask_for_the_order() {
    let csv = format!("{HEADER}1,05/01/2024,a@x.jp,100\n2,1/6/24,b@x.jp,200\n");
    assert_eq!(
        read(&csv, None).err(),
        Some(IngestErrorKind::DateOrderNeeded {
            file: "shop.csv".into(),
            line: 2
        })
    );
    assert_eq!(
        dates(&read(&csv, Some(DateOrder::Mdy)).unwrap()),
        ["2024-01-06", "2024-05-01"]
    );
    assert_eq!(
        dates(&read(&csv, Some(DateOrder::Dmy)).unwrap()),
        ["2024-01-05", "2024-06-01"]
    );
    let mixed = format!("{HEADER}1,13/01/2024,a@x.jp,100\n2,01/13/2024,b@x.jp,200\n");
    assert_eq!(
        read(&mixed, None).err(),
        Some(IngestErrorKind::DateOrderMixed {
            file: "shop.csv".into(),
            day_first: 2,
            month_first: 3
        })
    );
    // Chosen day first, the month-first date cannot be read: its row is rejected on its line.
    let data = read(&mixed, Some(DateOrder::Dmy)).unwrap();
    assert_eq!(dates(&data), ["2024-01-13"]);
    assert_eq!(data.quality.rejects[0].line, 3);
}
