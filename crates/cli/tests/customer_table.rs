//! Customers tables on the command line: the commands that read them, the ones that need single orders,
//! and the as-of date they are fixed to. (That their figures equal the orders' is checked against DuckDB by
//! tests/reference/customers_table.py.)

mod common;

use common::{kokyaku, kokyaku_json, Scratch};

const TABLE: &str =
    "customer_key,first_order_date,last_order_date,orders,revenue,order_days,first_day_revenue\n\
    A1,2024-01-05,2024-03-01,3,2200,2,1000\n\
    B2,2024-02-10,2024-06-20,2,5500,2,3000\n\
    C3,2024-04-01,2024-04-01,1,800,1,800\n\
    C3,2024-04-01,2024-04-01,1,800,1,800\n";

#[test]
fn summary_reads_a_customers_table_and_reports_its_rejects() {
    let scratch = Scratch::new("customers-summary");
    let path = scratch.write("customers.csv", TABLE);
    let s = kokyaku_json(&["summary", "--json", path.to_str().unwrap()]);
    // As of the day after the latest order: 3 customers, 6 orders, ¥8,500; the repeated C3 is rejected.
    assert_eq!(s["as_of"], "2024-06-21");
    assert_eq!(
        (s["customers"].as_u64(), s["orders"].as_u64()),
        (Some(3), Some(6))
    );
    assert_eq!(s["revenue_minor"], 8500);
    assert_eq!(s["rows_rejected"], 1);
    assert_eq!(s["rejects"][0]["line"], 5);
    assert_eq!(
        s["rejects"][0]["reason"],
        "customer C3 is already on line 4"
    );
    let text = kokyaku(&["summary", path.to_str().unwrap()]).stdout;
    assert!(text.contains("read as a customers table"), "{text}");
}

#[test]
fn analyses_of_single_orders_say_they_need_them() {
    let scratch = Scratch::new("customers-orders");
    let path = scratch.write("customers.csv", TABLE);
    let migration = ["migration", "--from", "2024-03-01", "--to", "2024-06-01"];
    for args in [
        &["cohorts"][..],
        &["repeat"],
        &["history"],
        &["basket"],
        &["dashboard"],
        &migration,
    ] {
        let command = args[0];
        let run = kokyaku(&[args, &[path.to_str().unwrap()]].concat());
        assert_eq!(run.code, Some(1), "{command}");
        assert!(
            run.stderr
                .contains(&format!("{command} needs single orders")),
            "{command}: {}",
            run.stderr
        );
    }
}

#[test]
fn its_figures_cannot_be_taken_back_to_an_earlier_date_nor_held_out() {
    let scratch = Scratch::new("customers-as-of");
    let path = scratch.write("customers.csv", TABLE);
    let p = path.to_str().unwrap();
    let early = kokyaku(&["rfm", "--as-of", "2024-05-01", p]);
    assert_eq!(early.code, Some(1));
    assert!(
        early.stderr.contains("as of 2024-06-21"),
        "{}",
        early.stderr
    );
    // A later date is fine: B2's last order is then 41 days back.
    let later = kokyaku(&["rfm", "--csv", "--as-of", "2024-07-31", p]);
    assert_eq!(later.code, Some(0), "{}", later.stderr);
    assert!(later.stdout.contains("B2,41,2,5500"), "{}", later.stdout);
    let holdout = kokyaku(&["ltv", "--calibration-end", "2024-03-31", p]);
    assert_eq!(holdout.code, Some(1));
    assert!(
        holdout.stderr.contains("no holdout period"),
        "{}",
        holdout.stderr
    );
}

#[test]
fn an_order_export_after_a_customers_table_is_an_error_naming_it() {
    let scratch = Scratch::new("customers-mixed");
    let table = scratch.write("a-customers.csv", TABLE);
    let orders = scratch.write(
        "b-orders.csv",
        "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1000\n",
    );
    let run = kokyaku(&["rfm", table.to_str().unwrap(), orders.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("b-orders.csv"), "{}", run.stderr);
    assert!(
        run.stderr.contains("has no column customer_key"),
        "{}",
        run.stderr
    );
}
