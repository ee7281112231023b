//! The command line's language: `--lang`, else the locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
//! Errors, reject reasons, notes and the rejects CSV follow it.

mod common;

use std::process::Command;

use common::{Run, Scratch};

/// Runs `kokyaku` in `dir` with these locale variables (and no others).
fn kokyaku_with(dir: &std::path::Path, locale: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kokyaku"));
    command
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .args(args);
    for (name, value) in locale {
        command.env(name, value);
    }
    command.output().expect("the kokyaku binary runs").into()
}

#[test]
fn errors_are_in_the_language_asked_for() {
    let scratch = Scratch::new("lang-errors");
    scratch.write("empty.csv", "");
    let ja = "kokyaku: empty.csv：ファイルが空です\n";
    let en = "kokyaku: empty.csv: the file is empty\n";
    let run = |locale: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["summary", "empty.csv"];
        args.extend(extra);
        let run = kokyaku_with(scratch.dir(), locale, &args);
        assert_eq!(run.code, Some(1));
        run.stderr
    };
    assert_eq!(run(&[], &["--lang", "ja"]), ja);
    assert_eq!(run(&[], &[]), en);
    assert_eq!(run(&[("LANG", "ja_JP.UTF-8")], &[]), ja);
    // LC_ALL decides over LANG, as in setlocale; --lang over both.
    assert_eq!(run(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")], &[]), en);
    assert_eq!(run(&[("LANG", "ja_JP.UTF-8")], &["--lang", "en"]), en);
    // A parameter the core refuses names its option in Japanese too.
    let refused = kokyaku_with(
        scratch.dir(),
        &[],
        &[
            "ltv",
            "empty.csv",
            "--horizon-months",
            "1300",
            "--lang",
            "ja",
        ],
    );
    assert_eq!(refused.code, Some(2));
    assert!(
        refused.stderr.contains(
            "--horizon-months の値が正しくありません：clv.horizon_months が 1300 です。1200 以下にしてください"
        ),
        "{}",
        refused.stderr
    );
    let bad = kokyaku_with(
        scratch.dir(),
        &[],
        &["summary", "empty.csv", "--lang", "fr"],
    );
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("'fr' is neither ja nor en"),
        "{}",
        bad.stderr
    );
}

#[test]
fn reasons_notes_and_the_rejects_csv_are_in_japanese() {
    let scratch = Scratch::new("lang-rejects");
    scratch.write(
        "orders.csv",
        "order_id,order_date,email,order_total\n\
         1,2024-01-05,a@example.jp,1000\n\
         2,2024-13-01,b@example.jp,500\n\
         3,2024-01-07,b@example.jp,-200\n",
    );
    let run = kokyaku_with(
        scratch.dir(),
        &[],
        &[
            "summary",
            "orders.csv",
            "--lang",
            "ja",
            "--rejects-csv",
            "rejects.csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // Line 3's date is not a date; line 4 is a refund with no earlier purchase of b@example.jp.
    assert!(
        run.stdout.contains(
            "orders.csv:3: 注文日: 「2024-13-01」を日付として読めません（例：2024-01-05 13:45:00）"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "1件の返金（¥200）は差し引く同じ顧客の以前の購入がなかったため、どの集計にも含めていません。"
        ),
        "{}",
        run.stdout
    );
    // The report itself: one customer (a) with one order of ¥1,000; b's refund left out.
    for line in [
        "ファイル 1：orders.csv",
        "  3行を読み込み、1行を除外",
        "基準日 2024-01-06（この日より前の注文を集計）",
        "  顧客数:",
        "データ品質",
        "  注記：1件の返金",
    ] {
        assert!(run.stdout.contains(line), "{line:?} in\n{}", run.stdout);
    }
    let csv = std::fs::read_to_string(scratch.path("rejects.csv")).unwrap();
    assert_eq!(
        csv,
        "\u{FEFF}ファイル,行,項目,理由\r\norders.csv,3,注文日,「2024-13-01」を日付として読めません（例：2024-01-05 13:45:00）\r\n"
    );
}

#[test]
fn csv_tables_use_ids_unless_a_language_is_asked_for() {
    let scratch = Scratch::new("lang-csv");
    // Two customers in dollars: a spent $12.50 over two orders, b $3.05 in one.
    scratch.write(
        "orders.csv",
        "order_id,order_date,email,order_total,currency\n\
         1,2024-01-05,a@example.jp,10.00,USD\n\
         2,2024-02-05,a@example.jp,2.50,USD\n\
         3,2024-02-10,b@example.jp,3.05,USD\n",
    );
    let run = |locale: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec![
            "history",
            "orders.csv",
            "--horizons",
            "60",
            "--as-of",
            "2024-03-10",
            "--csv",
        ];
        args.extend(extra);
        let run = kokyaku_with(scratch.dir(), locale, &args);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        run.stdout
    };
    // As of 2024-03-10 only a's first order is 60 days back (65 days; b's 29): $10.00 and, 31 days later,
    // $2.50 within 60 days, in dollars and cents.
    let ids = "\u{FEFF}horizon_days,eligible,total,mean\r\n60,1,12.50,12.50\r\n";
    assert_eq!(run(&[], &[]), ids);
    // A Japanese locale words messages, not the table tools read.
    assert_eq!(run(&[("LANG", "ja_JP.UTF-8")], &[]), ids);
    assert_eq!(
        run(&[], &["--lang", "ja"]),
        "\u{FEFF}期間（日）,対象顧客,累計売上,1人あたりLTV\r\n60,1,12.50,12.50\r\n"
    );
    let segments = kokyaku_with(
        scratch.dir(),
        &[],
        &[
            "rfm",
            "orders.csv",
            "--as-of",
            "2024-03-10",
            "--csv",
            "--lang",
            "ja",
        ],
    );
    assert!(segments.stdout.starts_with(
        "\u{FEFF}顧客キー,最終購入からの日数,購入回数,購入額（M）,Rスコア,Fスコア,Mスコア,セグメント\r\n"
    ));
    // a: last order 2024-02-05, 34 days before 2024-03-10; two orders; $12.50.
    assert!(
        segments.stdout.contains("a@example.jp,34,2,12.50,"),
        "{}",
        segments.stdout
    );
}
