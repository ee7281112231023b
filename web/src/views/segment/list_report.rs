//! The line beside the export buttons after an e-mail or phone list was written: how many customers it left
//! out and why (no value, or only a placeholder; a value that is not one usable address or number; a number
//! without an E.164 form), the first
//! of them named, and how many shared a value already listed. The counts are the core's `ListReport`, the
//! same as `kokyaku segment` prints on stderr.

use kokyaku_core::segment::{LayoutKind, ListReport};
use yew::prelude::*;

use crate::format;
use crate::i18n::Lang;

/// A skipped customer as the line names it: its key, and its value quoted, or that it has none.
fn named(l: Lang, (key, value): &(String, String)) -> String {
    match (value.is_empty(), l) {
        (true, Lang::Ja) => format!("{key}（空）"),
        (true, Lang::En) => format!("{key} (empty)"),
        (false, Lang::Ja) => format!("{key}（「{value}」）"),
        (false, Lang::En) => format!("{key} ('{value}')"),
    }
}

/// What the list left out, in words: the count with its reasons, and the first customers named.
fn skipped_text(l: Lang, layout: LayoutKind, r: &ListReport) -> (String, String) {
    let skipped = r.missing + r.unusable + r.not_e164;
    let mut names: Vec<String> = r.skipped.iter().map(|s| named(l, s)).collect();
    let more = skipped.saturating_sub(names.len() as u64);
    let phone = layout == LayoutKind::PhoneList;
    match l {
        Lang::Ja => {
            let what = if phone {
                "電話番号"
            } else {
                "メールアドレス"
            };
            let mut why = Vec::new();
            if r.missing > 0 {
                why.push(format!("空または仮の値 {}人", format::int(r.missing)));
            }
            if r.unusable > 0 {
                why.push(format!("使えない値 {}人", format::int(r.unusable)));
            }
            if r.not_e164 > 0 {
                why.push(format!(
                    "E.164 にできない番号 {}人",
                    format::int(r.not_e164)
                ));
            }
            if more > 0 {
                names.push(format!("ほか{}人", format::int(more)));
            }
            (
                format!(
                    "{what}のない顧客 {}人を除外しました（{}）",
                    format::int(skipped),
                    why.join("、")
                ),
                names.join("、"),
            )
        }
        Lang::En => {
            let what = if phone {
                "phone number"
            } else {
                "e-mail address"
            };
            let mut why = Vec::new();
            if r.missing > 0 {
                why.push(format!("{} empty or a placeholder", format::int(r.missing)));
            }
            if r.unusable > 0 {
                why.push(format!("{} not usable", format::int(r.unusable)));
            }
            if r.not_e164 > 0 {
                why.push(format!("{} without an E.164 form", format::int(r.not_e164)));
            }
            if more > 0 {
                names.push(format!("and {} more", format::int(more)));
            }
            let customers = if skipped == 1 {
                "customer"
            } else {
                "customers"
            };
            (
                format!(
                    "Left out {} {customers} without a usable {what} ({})",
                    format::int(skipped),
                    why.join(", ")
                ),
                names.join(", "),
            )
        }
    }
}

/// The line for a list just written in `layout`, with its counts as data attributes.
pub fn line(l: Lang, layout: LayoutKind, r: &ListReport) -> Html {
    let skipped = r.missing + r.unusable + r.not_e164;
    let phone = layout == LayoutKind::PhoneList;
    let written = match l {
        Lang::Ja => format!(
            "{}件の{}を書き出しました。",
            format::int(r.written),
            if phone {
                "電話番号"
            } else {
                "メールアドレス"
            }
        ),
        Lang::En => format!(
            "{} {} written.",
            format::int(r.written),
            match (phone, r.written == 1) {
                (true, true) => "phone number",
                (true, false) => "phone numbers",
                (false, true) => "address",
                (false, false) => "addresses",
            }
        ),
    };
    let repeated = (r.repeated > 0).then(|| match l {
        Lang::Ja => format!(
            "同じ{}がすでにある顧客 {}人は1行にまとめました。",
            if phone {
                "電話番号"
            } else {
                "メールアドレス"
            },
            format::int(r.repeated)
        ),
        Lang::En => format!(
            "{} {} {} already listed.",
            format::int(r.repeated),
            if r.repeated == 1 {
                "customer shares"
            } else {
                "customers share"
            },
            if phone { "a number" } else { "an address" }
        ),
    });
    html! {
        <p class="note" role="status" data-testid="seg-list-report" data-written={ r.written.to_string() }
            data-missing={ r.missing.to_string() } data-unusable={ r.unusable.to_string() }
            data-repeated={ r.repeated.to_string() } data-not-e164={ r.not_e164.to_string() }>
            { written }
            if skipped > 0 {
                { " " }
                {{
                    let (count, names) = skipped_text(l, layout, r);
                    html! { <>
                        <span data-testid="seg-list-skipped">{ count }</span>{ l.t("：", ": ") }
                        <span data-testid="seg-list-named">{ names }</span>{ l.t("。", ".") }
                    </> }
                }}
            }
            if let Some(repeated) = repeated { { " " }{ repeated } }
        </p>
    }
}
