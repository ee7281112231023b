//! `kokyaku segment` end to end on a small hand-made export: the exact bytes of each layout and encoding, the
//! report line, ready-made starters, and errors that say where and why. The selections are checked against
//! pandas in `reference.rs`.

mod common;

use common::{kokyaku, Scratch};

/// As of 2024-06-30: A 3 orders ¥6,000 (last 06-20, subscription), B 1 order ¥500 (06-25), C 1 order ¥10,000
/// (02-10), D 2 orders ¥1,500 (06-01, 06-29). B's name looks like a formula; C's address has a full-width
/// character that Shift_JIS holds.
const SHOP: &str = "\
order_id,order_date,customer_id,email,phone,order_total,product_id,subscription
1,2024-01-05,A,a@example.jp,,1000,P1,0
2,2024-03-01,A,a@example.jp,,2000,P2,0
3,2024-06-20,A,a@example.jp,,3000,P1,1
4,2024-06-25,=B(1),b@example.jp,090-1234-5678,500,P2,0
5,2024-02-10,C,c＠example.jp,,10000,P3,0
6,2024-06-01,D,d@example.jp,,700,P1,0
7,2024-06-29,D,d@example.jp,,800,P2,0
";

fn shop(scratch: &Scratch) -> String {
    scratch
        .write("shop.csv", SHOP)
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn writes_the_chosen_fields_excel_safe_with_a_bom() {
    let scratch = Scratch::new("segment-fields");
    let file = shop(&scratch);
    let run = kokyaku(&[
        "segment",
        &file,
        "--where",
        "frequency = 1",
        "--fields",
        "customer,email,phone,monetary,first_product,cohort",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}customer,email,phone,monetary,first_product,cohort\r\n\
         '=B(1),b@example.jp,090-1234-5678,500,P2,2024-06\r\n\
         C,c@example.jp,,10000,P3,2024-02\r\n"
    );
    assert_eq!(
        run.stderr,
        "kokyaku: 2 of 4 customers (¥10,500 revenue, 58.3%) as of 2024-06-30 → stdout\n"
    );
}

/// Before 2024-03-01 A had one order (56 days before) and C one (20 days before): by R quantile over the two,
/// C scores 3 and A 1, both F1, so C was about_to_sleep and A hibernating; B and D had not ordered. As of
/// 2024-06-30 C is hibernating.
#[test]
fn fields_at_an_earlier_date_pick_who_moved() {
    let scratch = Scratch::new("segment-from");
    let file = shop(&scratch);
    let run = kokyaku(&[
        "segment",
        &file,
        "--from",
        "2024-03-01",
        "--where",
        "segment_at_from = about_to_sleep",
        "--fields",
        "customer,rfm_segment_at_from,cpm_group_at_from,rfm_segment",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "\u{FEFF}customer,rfm_segment_at_from,cpm_group_at_from,rfm_segment\r\n\
         C,about_to_sleep,first_active,hibernating\r\n"
    );
    let none = kokyaku(&[
        "segment",
        &file,
        "--from",
        "2024-03-01",
        "--where",
        "rfm_segment_at_from = none",
        "--layout",
        "email-list",
    ]);
    assert_eq!(none.stdout, "b@example.jp\r\nd@example.jp\r\n");
    // The earlier date on or after the as-of date is refused, in words.
    let late = kokyaku(&["segment", &file, "--from", "2024-06-30"]);
    assert_eq!(late.code, Some(1));
    assert_eq!(
        late.stderr,
        "kokyaku: the date to compare from (2024-06-30) must be before the date to compare to (2024-06-30)\n"
    );
}

#[test]
fn starters_lists_and_shift_jis_files() {
    let scratch = Scratch::new("segment-lists");
    let file = shop(&scratch);
    let out = scratch.path("list.csv");
    let run = kokyaku(&[
        "segment",
        &file,
        "--starter",
        "second_purchase",
        "--layout",
        "phone-list",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        std::fs::read(&out).unwrap(),
        b"09012345678\r\n",
        "a headerless list has no BOM"
    );

    // A starter narrowed by --where; the default columns; Shift_JIS.
    let run = kokyaku(&[
        "segment",
        &file,
        "--starter",
        "subscription_churn_risk",
        "--as-of",
        "2024-08-01",
        "--out-encoding",
        "shift-jis",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert_ne!(&bytes[..3], b"\xEF\xBB\xBF", "no BOM in Shift_JIS");
    // As of 08-01, A's last (subscription) order is 42 days old: active (< 60) and 35 or more days ago.
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "customer,email,phone,recency,frequency,monetary,rfm_segment,cpm_group\r\n\
         A,a@example.jp,,42,3,6000,at_risk,steady_active\r\n"
    );
}

#[test]
fn errors_say_where_and_why() {
    let scratch = Scratch::new("segment-errors");
    let file = shop(&scratch);
    let run = kokyaku(&["segment", &file, "--where", "recency > 30 and frequncy = 1"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.starts_with(
            "kokyaku: --where: at character 18: no field named 'frequncy'. Fields: customer, email,"
        ),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--where", "monetary > 99.5"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "kokyaku: monetary: 99.5 has more decimals than JPY has\n"
    );
    let run = kokyaku(&["segment", &file, "--fields", "customer,nope"]);
    assert_eq!(run.code, Some(2), "a usage error");
    assert!(
        run.stderr.contains("'nope' is not a field"),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--starter", "everyone"]);
    assert!(
        run.stderr.contains("one of: win_back, second_purchase"),
        "{}",
        run.stderr
    );
    let run = kokyaku(&["segment", &file, "--where", "products = P9"]);
    assert_eq!(run.code, Some(0));
    assert!(run
        .stderr
        .contains("warning: no product has the id or name 'P9'"));
    assert_eq!(run.stdout.lines().count(), 1, "only the header");
}

/// Eight customers, one order each, for the e-mail and phone lists (hand-read): A is usable on both; B has
/// placeholders only (`N/A`, `-`), which reading takes for none; C has no address and a phone of one repeated
/// digit (a placeholder); D wrote two addresses and two numbers in one cell; E has A's address and number
/// (a different member, so another customer); F's address starts like a formula, its number is `+81`; G's
/// address has no domain dot; H has no phone.
const CONTACTS: &str = "\
order_id,order_date,customer_id,email,phone,order_total
1,2024-01-05,A,a@example.jp,090-1234-5678,1000
2,2024-01-06,B,N/A,-,1000
3,2024-01-07,C,,0000000000,1000
4,2024-01-08,D,d@example.jp;e@example.jp,03-1234-5678 / 090-8765-4321,1000
5,2024-01-09,E,A@Example.jp,090-1234-5678,1000
6,2024-01-10,F,=cmd@example.jp,+81 80-1111-2222,1000
7,2024-01-11,G,g@localhost,06-1234-5678,1000
8,2024-01-12,H,h@example.jp,,1000
";

#[test]
fn lists_have_one_usable_value_per_line_and_name_what_they_skip() {
    let scratch = Scratch::new("segment-contact-lists");
    let file = scratch.write("contacts.csv", CONTACTS);
    let file = file.to_str().unwrap();
    let run = kokyaku(&["segment", file, "--layout", "email-list"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "a@example.jp\r\nh@example.jp\r\n");
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            "kokyaku: e-mail list: 2 addresses; skipped 5 customers without a usable address (2 empty or a \
             placeholder, 3 not one address): B (none), C (none), D ('d@example.jp;e@example.jp'), F \
             ('=cmd@example.jp'), G ('g@localhost'); 1 customer whose address is already listed",
            "kokyaku: 8 of 8 customers (¥8,000 revenue, 100.0%) as of 2024-01-13 → stdout",
        ]
    );

    let run = kokyaku(&["segment", file, "--layout", "phone-list"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "09012345678\r\n08011112222\r\n0612345678\r\n");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: phone list: 3 numbers; skipped 4 customers without a usable number (3 empty or a \
             placeholder, 1 not one number): B (none), C (none), D ('031234567809087654321'), H (none); 1 \
             customer whose number is already listed"
        )
    );

    // A selection without A: E's address is listed for E.
    let run = kokyaku(&[
        "segment",
        file,
        "--layout",
        "email-list",
        "--where",
        "customer not in (A, H)",
    ]);
    assert_eq!(run.stdout, "a@example.jp\r\n");
    assert!(
        run.stderr
            .starts_with("kokyaku: e-mail list: 1 address; skipped 5 customers"),
        "{}",
        run.stderr
    );
    // Nothing skipped: no line.
    let run = kokyaku(&[
        "segment",
        file,
        "--layout",
        "email-list",
        "--where",
        "customer in (A, H)",
    ]);
    assert_eq!(
        run.stderr,
        "kokyaku: 2 of 8 customers (¥2,000 revenue, 25.0%) as of 2024-01-13 → stdout\n"
    );
    // More skipped than are named: the rest are counted.
    let mut csv = String::from("order_id,order_date,customer_id,email,order_total\n");
    for i in 1..=7 {
        csv.push_str(&format!("{i},2024-01-0{i},K{i},-,1000\n"));
    }
    let file = scratch.write("no-addresses.csv", csv);
    let run = kokyaku(&[
        "segment".as_ref(),
        file.as_os_str(),
        "--layout".as_ref(),
        "email-list".as_ref(),
    ]);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr.lines().next(),
        Some(
            "kokyaku: e-mail list: 0 addresses; skipped 7 customers without a usable address (7 empty or a \
             placeholder): K1 (none), K2 (none), K3 (none), K4 (none), K5 (none), and 2 more"
        )
    );
}

/// Three customers with one order each: no repeat purchase, so the BG/NBD model cannot be fitted (the fit
/// refuses the data) and every predicted field is empty.
const NO_REPEATS: &str = "\
order_id,order_date,customer_id,order_total
1,2024-01-05,A,1000
2,2024-02-05,B,2000
3,2024-03-05,C,500
";

const NOT_FITTED: &str = "the BG/NBD model could not be fitted on this data (no customer has a repeat \
                          transaction in the calibration period, so the purchase and dropout rates cannot be \
                          estimated)";

#[test]
fn predicted_fields_without_a_fitted_model_are_an_error_in_conditions_and_empty_with_a_warning() {
    let scratch = Scratch::new("segment-not-fitted");
    let file = scratch.write("small.csv", NO_REPEATS);
    let file = file.to_str().unwrap();
    // A condition would select no one for a reason the user cannot see: it is an error instead.
    for condition in [
        "p_alive < 0.5",
        "clv >= 5000 and frequency = 1",
        "expected_orders > 0",
    ] {
        let run = kokyaku(&["segment", file, "--where", condition]);
        assert_eq!(run.code, Some(1), "{condition}: {}", run.stderr);
        let field = condition.split(' ').next().unwrap();
        assert_eq!(
            run.stderr,
            format!(
                "kokyaku: {field} comes from the BG/NBD model, which could not be fitted on this data (no \
                 customer has a repeat transaction in the calibration period, so the purchase and dropout rates \
                 cannot be estimated), so no customer has it\n"
            ),
            "{condition}"
        );
        assert!(run.stdout.is_empty());
    }
    // `--fields all` exports every field, the predicted ones empty, and says why.
    let run = kokyaku(&["segment", file, "--fields", "all"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[0].ends_with(
            ",p_alive,expected_orders,clv,p_alive_30,p_alive_90,expected_orders_30,expected_orders_90,\
             expected_orders_365,next_order_from,next_order_to,churn_risk"
        ),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        // As of 90 days before 2024-03-06, A had not ordered: `none` at the earlier date.
        "A,,,,,,61,1,1000,1000,1,1,2,hibernating,first_active,none,none,2024-01,2024-01-05,2024-01-05,61,,,,,none,0,,,,,,,,,,,"
    );
    assert_eq!(
        run.stderr.lines().collect::<Vec<_>>(),
        [
            format!("kokyaku: warning: p_alive, expected_orders, clv, p_alive_30, p_alive_90, expected_orders_30, \
                     expected_orders_90, expected_orders_365, next_order_from, next_order_to, churn_risk are \
                     empty: {NOT_FITTED}")
                .as_str(),
            "kokyaku: 3 of 3 customers (¥3,500 revenue, 100.0%) as of 2024-03-06 → stdout",
        ]
    );
    // One predicted column named: the warning names it alone.
    let run = kokyaku(&["segment", file, "--fields", "customer,clv"]);
    assert_eq!(run.stdout, "\u{FEFF}customer,clv\r\nA,\r\nB,\r\nC,\r\n");
    assert_eq!(
        run.stderr.lines().next().unwrap(),
        format!("kokyaku: warning: clv is empty: {NOT_FITTED}")
    );
}

#[test]
fn a_two_digit_year_is_refused_in_conditions_and_as_of() {
    let scratch = Scratch::new("segment-two-digit-year");
    let file = scratch.write("small.csv", NO_REPEATS);
    let file = file.to_str().unwrap();
    let run = kokyaku(&["segment", file, "--where", "last_order < 24-01-01"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(
        run.stderr,
        "kokyaku: --where: at character 14: last_order needs a four-digit year: '24-01-01' has the two-digit \
         year 24, which could be 1924 or 2024; write it as 2024-01-01\n  last_order < 24-01-01\n"
    );
    let run = kokyaku(&["segment", file, "--where", "cohort = 24-02"]);
    assert!(run.stderr.contains("write it as 2024-02"), "{}", run.stderr);
    // The four-digit form selects what it says: A's and B's last orders are before 2024-03-01.
    let run = kokyaku(&[
        "segment",
        file,
        "--where",
        "last_order < 2024-03-01",
        "--fields",
        "customer",
    ]);
    assert_eq!(run.stdout, "\u{FEFF}customer\r\nA\r\nB\r\n");
    // --as-of reads dates the same way.
    let run = kokyaku(&["rfm", file, "--as-of", "24-01-01"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("with a four-digit year"),
        "{}",
        run.stderr
    );
}
