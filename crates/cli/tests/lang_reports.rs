//! The text reports of the analysis commands in Japanese (`--lang ja`, or a `ja_*` locale): headings with the
//! as-of date, the core's Japanese names, columns lined up by terminal width (a kanji takes two), and no
//! English sentence left.
//!
//! Most tests read the same three customers, as of 2024-04-01 unless a test says otherwise:
//! - a@example.jp: 2024-01-10 ¥3,000 煎茶, 2024-02-15 ¥2,000 煎茶 (36 days later); last order 46 days before;
//! - b@example.jp: 2024-01-20 ¥1,000 ほうじ茶; 72 days before;
//! - c@example.jp: 2024-03-05 ¥4,000 煎茶; 27 days before.
//!
//! Revenue is ¥10,000 in all. (Days to 2024-04-01 count February 2024 as 29 days.)

mod common;

use std::process::Command;

use common::{english_sentence, kokyaku, Scratch};

const ORDERS: &str = "order_id,order_date,email,order_total,product_name\n\
                      1,2024-01-10,a@example.jp,3000,煎茶\n\
                      2,2024-02-15,a@example.jp,2000,煎茶\n\
                      3,2024-01-20,b@example.jp,1000,ほうじ茶\n\
                      4,2024-03-05,c@example.jp,4000,煎茶\n";

/// [`check_ja_on`] on the three customers of [`ORDERS`].
fn check_ja(command_line: &str, expected: &str) {
    check_ja_on(ORDERS, command_line, expected);
}

/// Runs `command_line` (a command and its options, split at spaces) with `--lang ja` on a file holding `csv`
/// and checks that it succeeded, that its report has no English sentence and that each line of `expected` is
/// a whole line of the report.
fn check_ja_on(csv: &str, command_line: &str, expected: &str) {
    let scratch = Scratch::new("lang-report");
    let path = scratch.write("orders.csv", csv);
    let mut args: Vec<&str> = command_line.split(' ').collect();
    args.insert(1, path.to_str().unwrap());
    args.extend(["--lang", "ja"]);
    let run = kokyaku(&args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let text = run.stdout;
    assert_eq!(english_sentence(&text), None, "{text}");
    for line in expected.lines() {
        assert!(
            text.lines().any(|l| l == line),
            "{line:?} is not a line of\n{text}"
        );
    }
}

#[test]
fn rfm_names_the_segments_in_japanese() {
    // R by 30/90/180/365 days, F by 1/2/3/5 orders: a R4 F2 (ロイヤル予備軍), b R4 F1 (有望顧客), c R5 F1
    // (新規顧客).
    check_ja(
        "rfm --as-of 2024-04-01 --r-scoring 30,90,180,365",
        "\
RFM分析 基準日 2024-04-01（この日より前の注文を集計）：顧客数 3人
セグメント                顧客数             売上 売上構成比
ロイヤル予備軍                 1           ¥5,000      50.0%
新規顧客                       1           ¥4,000      40.0%
休眠顧客                       0               ¥0       0.0%
",
    );
}

#[test]
fn cpm_states_its_thresholds_and_names_the_groups() {
    // Lapsed from 60 days: b (72 days) is a lapsed first-timer; a (2 orders 36 days apart, ¥5,000) a beginner,
    // c a first-timer, both active.
    check_ja(
        "cpm --as-of 2024-04-01 --lapse-days 60",
        "\
CPM分析 基準日 2024-04-01（この日より前の注文を集計）：顧客数 3人
最終購入が基準日の60日以上前の顧客を離脱とします。在籍期間のしきい値は90日と210日、累計購入額のしきい値は¥70,000です。
                              初回        よちよち        コツコツ            流行            優良
現役
  顧客数                         1               1               0               0               0
離脱
グループ            顧客数             売上 売上構成比 平均累計購入額 平均購入回数  ID
現役よちよち客           1           ¥5,000      50.0%         ¥5,000         2.00  beginner_active
離脱初回客               1           ¥1,000      10.0%         ¥1,000         1.00  first_lapsed
",
    );
}

#[test]
fn cohorts_star_the_period_not_over() {
    // As of 2024-03-20 March is not over. January: a and b, a again in February; March: c.
    check_ja(
        "cohorts --as-of 2024-03-20",
        "\
コホート分析 基準日 2024-03-20（この日より前の注文を集計）：顧客数 3人、初回購入月別の2コホート
継続率：コホートの顧客のうち、k か月目（M0＝初回購入月）に購入した顧客の割合。
コホート    顧客数      M0      M1      M2
2024-01          2 100.0%   50.0%    0.0%*
2024-03          1 100.0%*
* 集計途中：基準日の時点で終わっていない期間です（確定値ではありません）。
",
    );
}

#[test]
fn repeat_reports_f2_days_and_products() {
    // a's and b's first orders are 82 and 72 days back, c's 27: both windows have a and b. a's second order is
    // 36 days after the first: not within 30, within 60.
    // 煎茶 first: a and c, of whom only a is 60 days old; ほうじ茶: b.
    check_ja(
        "repeat --as-of 2024-04-01 --windows 30,60 --product-window 60",
        "\
リピート分析 基準日 2024-04-01（この日より前の注文を集計）：顧客数 3人
期間 D：30、60日。商品転換率の期間：60日。商品ごとの最低顧客数：1人。
     D  対象顧客 2回目購入 F2転換率
    30         2         0     0.0%
    60         2         1    50.0%
何回目      顧客数   最小 第1四分位   中央値 第3四分位   最大     平均
2回目            1     36      36.0     36.0      36.0     36     36.0
3回目            0      —         —        —         —      —        —
2回目までの日数別の顧客数：0〜7日 0人、8〜14日 0人、15〜30日 0人、31〜60日 1人、61〜90日 0人、91〜180日 0人、181〜365日 0人、366日以上 0人
商品                                     初回購入者  対象顧客 2回目購入 F2転換率
煎茶                                              2         1         1   100.0%
ほうじ茶                                          1         1         0     0.0%
  定期受注がありません
",
    );
}

#[test]
fn history_reports_ltv_by_horizon_cohort_and_product() {
    // 30 days: a ¥3,000 and b ¥1,000 (c is 27 days old); 60 days: a ¥5,000 and b ¥1,000.
    check_ja(
        "history --as-of 2024-04-01 --horizons 30,60",
        "\
LTV（実績） 基準日 2024-04-01（この日より前の注文を集計）：顧客数 3人
初回購入から D 日以内の1人あたり累計購入額（D＝30、60日）。初回購入が基準日の D 日以上前の顧客が対象。
     D  対象顧客           累計売上   1人あたりLTV
    30         2             ¥4,000         ¥2,000
    60         2             ¥6,000         ¥3,000
初回購入月    顧客数          30日          60日
2024-01            2        ¥2,000        ¥3,000
2024-03            1             —             —
商品                                     初回購入者          30日          60日
煎茶                                              2        ¥3,000        ¥5,000
",
    );
}

#[test]
fn ltv_words_fits_that_fail_and_the_holdout_table() {
    // Calibration to 2024-02-29: a and b, neither with a repeat order, so neither model can be fitted; c comes
    // later. In the holdout (March, 31 days = 4.429 weeks) a orders twice.
    let csv = "order_id,order_date,email,order_total\n\
               1,2024-01-10,a@example.jp,3000\n\
               2,2024-03-10,a@example.jp,2000\n\
               3,2024-03-20,a@example.jp,1000\n\
               4,2024-01-20,b@example.jp,1000\n\
               5,2024-03-05,c@example.jp,4000\n";
    check_ja_on(
        csv,
        "ltv --as-of 2024-04-01 --calibration-end 2024-02-29",
        "\
LTV（予測） 基準日 2024-04-01（この日より前の注文を集計）
学習期間：2024-02-29までの注文（時間の単位：週）。顧客数 2人、うちリピート購入のある顧客（x ≥ 1）0人
購買回数モデル：BG/NBD（Fader, Hardie & Lee 2005）
  推定できませんでした：学習期間にリピート購入のある顧客がいないため、購入頻度と離脱率を推定できません
購入単価モデル：Gamma-Gamma（Fader, Hardie & Lee 2005）
  推定できませんでした：金額が正のリピート購入がある顧客が2人未満のため、購入金額のモデルを推定できません
学習期間と検証期間の比較：2024-03-01〜2024-03-31（4.429週）のリピート購入回数、学習期間の x 別
x       顧客数     実績       予測 1人あたり実績  1人あたり予測
0            2        2          —         1.000              —
1            0        0          —             —              —
全体         2        2          —
予測CLVはありません：購買回数モデルと購入単価モデルの両方の推定が必要です。
",
    );
}

#[test]
fn basket_reports_pairs_and_lines_that_are_not_goods() {
    // Orders 1 and 2 hold 煎茶 and 急須, order 3 煎茶 only, order 4 shipping only: 4 orders read, 3 with goods.
    // The pair is in 2 of 4 orders (50.0%); 急須 → 煎茶: 2 of 2 (100.0%), 煎茶 → 急須: 2 of 3 (66.7%); lift
    // (2/2) / (3/4) = (2/3) / (2/4) = 1.33.
    let csv = "order_id,order_date,email,order_total,product_name\n\
               1,2024-01-10,a@example.jp,3000,煎茶\n\
               1,2024-01-10,a@example.jp,3000,急須\n\
               2,2024-02-15,b@example.jp,2000,煎茶\n\
               2,2024-02-15,b@example.jp,2000,急須\n\
               3,2024-03-05,c@example.jp,1000,煎茶\n\
               4,2024-03-06,d@example.jp,500,送料\n";
    check_ja_on(
        csv,
        "basket --as-of 2024-04-01",
        "\
併売分析 基準日 2024-04-01（この日より前の注文を集計）：注文数 4件、うち商品のある注文 3件
商品ではない明細1行を除外（送料）
両方を含む注文    支持度     確信度 リフト値  商品A → 商品B
             2     50.0%     100.0%     1.33  急須 → 煎茶
             2     50.0%      66.7%     1.33  煎茶 → 急須
",
    );
}

#[test]
fn migration_names_the_groups_in_japanese() {
    // CPM groups as of 2024-02-01: a and b first-timers, c no order yet. As of 2024-04-01: a a beginner (¥2,000
    // in between), b still a first-timer (¥0), c a first-timer (¥4,000).
    check_ja(
        "migration --from 2024-02-01 --to 2024-04-01 --by cpm",
        "\
効果推移 2024-02-01 → 2024-04-01（セグメントはそれぞれの日を基準日として判定）：顧客数 3人
   顧客数     期間中の売上  比較元 → 比較先
        1           ¥2,000  現役初回客 → 現役よちよち客
        1               ¥0  現役初回客 → 現役初回客
        1           ¥4,000  未購入 → 現役初回客
",
    );
}

#[test]
fn dashboard_compares_the_last_complete_month() {
    // March: c alone, new (¥4,000); February: a, returning (¥2,000); no data a year earlier. January: a and b
    // new (¥4,000), neither 90 days old for F2.
    check_ja(
        "dashboard --as-of 2024-04-01",
        "\
ダッシュボード 基準日 2024-04-01（この日より前の注文を集計）：2024-03 を前月（2024-02）・前年同月（2023-03）と比較
                                  2024-03        2024-02    前月比        2023-03 前年同月比
売上                               ¥4,000         ¥2,000   +100.0%              —          —
既存顧客の割合                       0.0%         100.0% -100.0 pt              —          —
月       購入者数 新規顧客数  注文数           売上 新規顧客の売上 既存顧客の売上 F2転換率
2024-01         2          2       2         ¥4,000         ¥4,000             ¥0        —
2024-02         1          0       1         ¥2,000             ¥0         ¥2,000        —
",
    );
}

#[test]
fn segment_says_what_it_selected_and_skipped_in_japanese() {
    let scratch = Scratch::new("lang-segment");
    let path = scratch.write("orders.csv", ORDERS);
    let path = path.to_str().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["segment", path, "--as-of", "2024-04-01", "--lang", "ja"];
        all.extend(args);
        let run = kokyaku(&all);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(english_sentence(&run.stderr), None, "{}", run.stderr);
        run.stderr
    };
    // a alone has two orders: ¥5,000 of ¥10,000.
    assert_eq!(
        run(&["--where", "frequency >= 2"]),
        "kokyaku: 全3人中1人を抽出（売上 ¥5,000、売上構成比 50.0%）、基準日 2024-04-01 → 標準出力\n"
    );
    // Nobody has a phone number.
    assert_eq!(
        run(&["--layout", "phone-list"]),
        "kokyaku: 電話番号のリスト：0件。使える電話番号のない顧客3人を除外（空または仮の値 3人）：\
         a@example.jp（空）、b@example.jp（空）、c@example.jp（空）\n\
         kokyaku: 全3人中3人を抽出（売上 ¥10,000、売上構成比 100.0%）、基準日 2024-04-01 → 標準出力\n"
    );
}

#[test]
fn segment_says_what_an_export_left_empty_or_replaced_in_japanese() {
    // A's number has an E.164 form, D's (012345678) none; D's key has an emoji Shift_JIS cannot hold, on line 3
    // of the export (after the header and A). As of 2024-01-03, the day after the latest order.
    let scratch = Scratch::new("lang-segment-export");
    let path = scratch.write(
        "orders.csv",
        "order_id,order_date,customer_id,phone,order_total\n\
         1,2024-01-01,A,090-1234-5678,1000\n\
         2,2024-01-02,D😀,012345678,4000\n",
    );
    let run = |args: &[&str]| {
        let mut all = vec!["segment", path.to_str().unwrap(), "--lang", "ja"];
        all.extend(args);
        let run = kokyaku(&all);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        assert_eq!(english_sentence(&run.stderr), None, "{}", run.stderr);
        run.stderr
    };
    let selected = "kokyaku: 全2人中2人を抽出（売上 ¥5,000、売上構成比 100.0%）、基準日 2024-01-03 → 標準出力\n";
    assert_eq!(
        run(&["--fields", "customer,phone", "--phone-form", "e164"]),
        format!("kokyaku: E.164 で書けない電話番号の顧客1人は電話番号を空欄にしました：D😀（「012345678」）\n{selected}")
    );
    assert_eq!(
        run(&["--fields", "customer,monetary", "--out-encoding", "shift-jis", "--unmappable", "geta"]),
        format!("kokyaku: Shift_JIS で表せない文字1字を「〓」に置き換えました（1行）：3行目（D😀：「😀」）\n{selected}")
    );
}

#[test]
fn a_japanese_locale_words_the_reports_as_lang_ja_does() {
    let scratch = Scratch::new("lang-locale");
    let path = scratch.write("orders.csv", ORDERS);
    let run = |lang: Option<&str>, locale: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kokyaku"));
        command
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", locale)
            .args(["rfm", path.to_str().unwrap(), "--as-of", "2024-04-01"]);
        if let Some(lang) = lang {
            command.args(["--lang", lang]);
        }
        String::from_utf8(command.output().unwrap().stdout).unwrap()
    };
    let ja = run(None, "ja_JP.UTF-8");
    assert!(ja.starts_with("RFM分析 基準日 2024-04-01"), "{ja}");
    assert_eq!(ja, run(Some("ja"), "C"));
    assert!(run(None, "C").starts_with("RFM as of 2024-04-01: 3 customers\n"));
}

#[test]
fn english_sentences_are_found_and_japanese_passes() {
    assert_eq!(
        english_sentence("note: the file is empty"),
        Some("the file is".to_string())
    );
    assert_eq!(
        english_sentence("購買回数モデル：BG/NBD（Fader, Hardie & Lee 2005）"),
        None
    );
    assert_eq!(
        english_sentence("現役よちよち客 beginner_active --model mbg-nbd"),
        None
    );
    assert_eq!(english_sentence("a@example.jp（空）"), None);
}

/// Statuses line up by terminal width in both languages: 発送済み takes 8 columns, キャンセル 10.
#[test]
fn summary_lines_up_japanese_statuses() {
    let csv = "order_id,order_date,email,order_total,status\n\
               1,2024-01-05,a@x.jp,1000,発送済み\n\
               2,2024-01-06,b@x.jp,500,キャンセル\n\
               3,2024-01-07,c@x.jp,700,shipped\n";
    check_ja_on(
        csv,
        "summary",
        "  発送済み           1  集計する\n  キャンセル         1  集計しない：キャンセル・返品\n  shipped            1  集計する",
    );
}

/// By first-order channel, as of 2024-05-01: a (web) came back 22 days later (F2 within 30 days; ¥3,000 within
/// 60 days); b (pos) did not; c's first order (03-01, ¥3,000) has no channel.
#[test]
fn acquisition_names_the_groups_in_japanese() {
    let csv = "order_id,order_date,email,order_total,channel,coupon\n\
               1,2024-01-10,a@x.jp,1000,web,WELCOME\n\
               2,2024-02-01,a@x.jp,2000,web,\n\
               3,2024-01-20,b@x.jp,500,pos,\n\
               4,2024-03-01,c@x.jp,3000,,WELCOME\n";
    check_ja_on(
        csv,
        "acquisition --as-of 2024-05-01 --horizons 30,60 --f2-window 30",
        "初回の流入経路別の顧客 基準日 2024-05-01（この日より前の注文を集計）：顧客数 3人
pos                              1   33.3%       0.0%             0.0%         ¥500            —
web                              1   33.3%     100.0%           100.0%       ¥3,000            —
（なし）                         1   33.3%       0.0%             0.0%       ¥3,000            —",
    );
}
