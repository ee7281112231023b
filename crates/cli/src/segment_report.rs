//! The lines `kokyaku segment` writes on stderr, in the language of `--lang` or the locale: whom it selected,
//! whom an e-mail or phone list skipped, the phone cells an E.164 export left empty, and the characters a
//! Shift_JIS export replaced.

use kokyaku_core::segment::{LayoutKind, ListReport, Replacements, Skipped};
use kokyaku_core::{Day, Lang};

/// The selection in one line: how many customers of how many, their revenue and its share, the as-of date
/// and where the CSV went (`None`: stdout).
pub struct Selected<'a> {
    /// Customers selected.
    pub customers: u64,
    /// Customers in all.
    pub of: u64,
    /// Their revenue, formatted.
    pub revenue: String,
    /// Their share of all revenue, 0 to 1.
    pub share: f64,
    /// The as-of date, if there is one.
    pub as_of: Option<Day>,
    /// The file written, or `None` for stdout.
    pub to: Option<&'a str>,
}

/// The line saying whom the condition selected.
pub fn selected_line(l: Lang, s: &Selected) -> String {
    let (n, of, revenue) = (s.customers, s.of, &s.revenue);
    let share = s.share * 100.0;
    let as_of = s.as_of.map_or_else(|| "—".to_string(), |d| d.to_string());
    let to = s.to.unwrap_or(l.t("標準出力", "stdout"));
    match l {
        Lang::Ja => format!(
            "全{of}人中{n}人を抽出（売上 {revenue}、売上構成比 {share:.1}%）、基準日 {as_of} → {to}"
        ),
        Lang::En => {
            format!("{n} of {of} customers ({revenue} revenue, {share:.1}%) as of {as_of} → {to}")
        }
    }
}

/// What an e-mail or phone list skipped, in one line naming the first customers skipped; `None` when every
/// selected customer is on the list.
pub fn list_line(l: Lang, layout: LayoutKind, r: &ListReport) -> Option<String> {
    let phone = layout == LayoutKind::PhoneList;
    let skipped = r.missing + r.unusable + r.not_e164;
    if skipped == 0 && r.repeated == 0 {
        return None;
    }
    let named = named(
        l,
        r.skipped.iter().map(|(key, v)| quoted(l, key, v)),
        skipped,
        "人",
    );
    Some(match l {
        Lang::Ja => list_ja(phone, r, skipped, &named),
        Lang::En => list_en(phone, r, skipped, &named),
    })
}

fn list_ja(phone: bool, r: &ListReport, skipped: u64, named: &str) -> String {
    let what = if phone {
        "電話番号"
    } else {
        "メールアドレス"
    };
    let mut line = format!("{what}のリスト：{}件", r.written);
    if skipped > 0 {
        let why: Vec<String> = [
            (r.missing, "空または仮の値"),
            (r.unusable, "使えない値"),
            (r.not_e164, "E.164 にできない番号"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{what} {n}人"))
        .collect();
        line += &format!(
            "。使える{what}のない顧客{skipped}人を除外（{}）：{named}",
            why.join("、")
        );
    }
    if r.repeated > 0 {
        line += &format!(
            "。同じ{what}がすでにある顧客{}人は1行にまとめました",
            r.repeated
        );
    }
    line
}

fn list_en(phone: bool, r: &ListReport, skipped: u64, named: &str) -> String {
    let (list, value, values) = match phone {
        true => ("phone list", "number", "numbers"),
        false => ("e-mail list", "address", "addresses"),
    };
    let mut parts = Vec::new();
    if skipped > 0 {
        let why: Vec<String> = [
            (r.missing, "empty or a placeholder".to_string()),
            (r.unusable, format!("not one {value}")),
            (r.not_e164, "without an E.164 form".to_string()),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        parts.push(format!(
            "skipped {} without a usable {value} ({}): {named}",
            count(skipped, "customer"),
            why.join(", ")
        ));
    }
    if r.repeated > 0 {
        parts.push(format!(
            "{} whose {value} is already listed",
            count(r.repeated, "customer")
        ));
    }
    format!(
        "{list}: {} {}; {}",
        r.written,
        if r.written == 1 { value } else { values },
        parts.join("; ")
    )
}

/// A customer and the value it was skipped for: `A ('x')`, `A (none)`; `A（「x」）`, `A（空）`.
fn quoted(l: Lang, key: &str, value: &str) -> String {
    match (l, value.is_empty()) {
        (Lang::Ja, true) => format!("{key}（空）"),
        (Lang::Ja, false) => format!("{key}（「{value}」）"),
        (Lang::En, true) => format!("{key} (none)"),
        (Lang::En, false) => format!("{key} ('{value}')"),
    }
}

/// The first of `total` things, then how many more there are: `A, B, and 3 more`; in Japanese `A、B、ほか3人`
/// with the counter `unit_ja`.
fn named(l: Lang, first: impl Iterator<Item = String>, total: u64, unit_ja: &str) -> String {
    let mut named: Vec<String> = first.collect();
    let more = total.saturating_sub(named.len() as u64);
    if more > 0 {
        named.push(match l {
            Lang::Ja => format!("ほか{more}{unit_ja}"),
            Lang::En => format!("and {more} more"),
        });
    }
    named.join(l.t("、", ", "))
}

/// `n` and `one`, with an `s` unless `n` is 1.
fn count(n: u64, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// The customers whose phone cell an E.164 export left empty, named; `None` when there are none.
pub fn not_e164_line(l: Lang, s: &Skipped) -> Option<String> {
    (s.count > 0).then(|| {
        let customers = s.named.iter().map(|(k, v)| quoted(l, k, v));
        let named = named(l, customers, s.count, "人");
        match l {
            Lang::Ja => format!(
                "E.164 で書けない電話番号の顧客{}人は電話番号を空欄にしました：{named}",
                s.count
            ),
            Lang::En => format!(
                "phone left empty for {} whose number has no E.164 form: {named}",
                count(s.count, "customer")
            ),
        }
    })
}

/// The characters a Shift_JIS export replaced, by line.
pub fn replaced_line(l: Lang, r: &Replacements) -> String {
    let lines = r.named.iter().map(|n| {
        let (line, chars) = (n.line, &n.characters);
        match (l, n.customer.as_str()) {
            (Lang::Ja, "") => format!("{line}行目（「{chars}」）"),
            (Lang::Ja, key) => format!("{line}行目（{key}：「{chars}」）"),
            (Lang::En, "") => format!("line {line} ('{chars}')"),
            (Lang::En, key) => format!("line {line} ({key}: '{chars}')"),
        }
    });
    let named = named(l, lines, r.lines, "行");
    match l {
        Lang::Ja => format!(
            "Shift_JIS で表せない文字{}字を「{}」に置き換えました（{}行）：{named}",
            r.characters, r.with, r.lines
        ),
        Lang::En => format!(
            "Shift_JIS: replaced {} it cannot hold with '{}' on {}: {named}",
            count(r.characters, "character"),
            r.with,
            count(r.lines, "line")
        ),
    }
}
