//! `kokyaku report`: one read, every table in a folder, each file byte for byte what the command of its own
//! writes (`kokyaku rfm --csv`, …) for the same file and as-of date.

mod common;

use common::{generate, kokyaku, Scratch};
use kokyaku_gen::Format;

#[test]
fn every_file_equals_its_own_command() {
    let scratch = Scratch::new("report");
    let (file, _) = generate(&scratch, Format::Shopify, 2000, 11);
    let file = file.to_str().unwrap();
    let out = scratch.path("out");
    let run = kokyaku(&[
        "report",
        file,
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2025-12-01",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with(&format!("23 files written to {}\n", out.display())),
        "{}",
        run.stderr
    );
    let read = |name: &str| std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let own = |args: &[&str]| {
        let mut all = vec![args[0], file, "--as-of", "2025-12-01"];
        all.extend(&args[1..]);
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_kokyaku"))
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .args(&all)
            .output()
            .unwrap();
        assert!(run.status.success(), "{all:?}");
        run.stdout
    };
    for (name, args) in [
        ("rfm-customers.csv", &["rfm", "--csv"][..]),
        ("cpm-customers.csv", &["cpm", "--csv"]),
        ("cohorts.csv", &["cohorts", "--csv"]),
        ("repeat-f2.csv", &["repeat", "--csv"]),
        ("history-ltv-overall.csv", &["history", "--csv"]),
        ("basket-pairs.csv", &["basket", "--csv"]),
        (
            "basket-next-products.csv",
            &["basket", "--sequence", "--csv"],
        ),
        ("dashboard-months.csv", &["dashboard", "--csv"]),
        (
            "dashboard-kpis.csv",
            &["dashboard", "--table", "kpis", "--csv"],
        ),
        (
            "acquisition-channel.csv",
            &["acquisition", "--predicted", "--csv"],
        ),
        ("ltv-customers.csv", &["ltv", "--csv"]),
        ("summary.json", &["summary", "--json"]),
        ("summary.txt", &["summary"]),
    ] {
        assert!(
            read(name) == own(args),
            "{name} differs from kokyaku {args:?}"
        );
    }
    // ltv.json: `ltv --json` without its row per customer, which ltv-customers.csv holds.
    let json = |bytes: Vec<u8>| serde_json::from_slice::<serde_json::Value>(&bytes).unwrap();
    let mut whole = json(own(&["ltv", "--json"]));
    let customers = whole.as_object_mut().unwrap().remove("customers").unwrap();
    assert!(!customers.as_array().unwrap().is_empty());
    assert_eq!(json(read("ltv.json")), whole);
    // The rejects as `summary --rejects-csv` writes them.
    let rejects = scratch.path("rejects.csv");
    own(&["summary", "--rejects-csv", rejects.to_str().unwrap()]);
    assert_eq!(read("rejects.csv"), std::fs::read(&rejects).unwrap());

    // Without the model fits: no LTV files, and acquisition without predicted CLV.
    let quick = scratch.path("quick");
    let run = kokyaku(&[
        "report",
        file,
        "--out",
        quick.to_str().unwrap(),
        "--as-of",
        "2025-12-01",
        "--no-ltv",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!quick.join("ltv.json").exists() && !quick.join("ltv-customers.csv").exists());
    assert!(
        std::fs::read(quick.join("acquisition-channel.csv")).unwrap()
            == own(&["acquisition", "--csv"])
    );
}
