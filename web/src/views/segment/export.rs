//! The segment builder's export: the controls (layout, encoding, phone form, what replaces a character
//! Shift_JIS cannot hold), the download, and the lines beside the buttons on what the file left out or
//! changed. The bytes are the core's `export`, the same as `kokyaku segment` writes.

use std::rc::Rc;

use kokyaku_core::segment::{
    export, select, CustomerTable, Encoding, ExportOptions, Layout, LayoutKind, ListReport, Query,
    Replacements, Selection, Skipped,
};
use yew::prelude::*;

use super::list_report;
use crate::derived::Derived;
use crate::download;
use crate::format;
use crate::i18n::{Lang, Words};

/// What the user chose for an export besides its columns.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Choices {
    /// Fields, e-mail list or phone list.
    pub kind: LayoutKind,
    /// Encoding, phone form and what replaces a character Shift_JIS cannot hold.
    pub options: ExportOptions,
}

/// What the last file written left out or changed, for the lines beside the buttons.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    kind: LayoutKind,
    list: Option<ListReport>,
    phones: Skipped,
    replaced: Option<Replacements>,
}

/// A select whose options are `(id, Japanese, English)`; `on` gets the id chosen.
fn choice(
    l: Lang,
    label: (&'static str, &'static str),
    test_id: &'static str,
    chosen: &str,
    options: &[(&'static str, &'static str, &'static str)],
    on: impl Fn(String) + 'static,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
        on(s.value());
    });
    html! {
        <label class="param">{ l.t(label.0, label.1) }
            <select {onchange} data-testid={ test_id }>
                { for options.iter().map(|(id, ja, en)| html! {
                    <option value={ *id } selected={ *id == chosen }>{ l.t(ja, en) }</option>
                }) }
            </select>
        </label>
    }
}

/// The export's controls; changing one sets `choices`.
pub fn controls(l: Lang, choices: &UseStateHandle<Choices>) -> Html {
    let now = **choices;
    let set = |apply: fn(&mut Choices, &str)| {
        let choices = choices.clone();
        move |id: String| {
            let mut next = *choices;
            apply(&mut next, &id);
            choices.set(next);
        }
    };
    let shift_jis = now.options.encoding == Encoding::ShiftJis;
    html! {
        <div class="params">
            { choice(l, ("形式 ", "Layout "), "seg-layout", now.kind.id(), &[
                ("fields", "選んだ項目（見出し付き）", "Chosen columns (with header)"),
                ("email-list", "メールアドレス一覧（メール配信ツール用）", "E-mail list (mail tools)"),
                ("phone-list", "電話番号一覧（LINE公式アカウント・SMS用）", "Phone list (LINE official account, SMS)"),
            ], set(|c, id| c.kind = id.parse().unwrap_or_default())) }
            { choice(l, ("文字コード ", "Encoding "), "seg-encoding",
                if shift_jis { "shift-jis" } else { "utf-8" }, &[
                ("utf-8", "UTF-8", "UTF-8"),
                ("shift-jis", "Shift_JIS", "Shift_JIS"),
            ], set(|c, id| c.options.encoding = id.parse().unwrap_or_default())) }
            { choice(l, ("電話番号 ", "Phone numbers "), "seg-phone-form", now.options.phone_form.id(), &[
                ("national", "国内形式（090-1234-5678）", "National (090-1234-5678)"),
                ("e164", "国際形式 E.164（+819012345678、SMS・LINE用）", "E.164 (+819012345678, for SMS and LINE)"),
            ], set(|c, id| c.options.phone_form = id.parse().unwrap_or_default())) }
            if shift_jis {
                { choice(l, ("Shift_JIS で表せない文字 ", "Characters Shift_JIS cannot hold "), "seg-unmappable",
                    now.options.unmappable.id(), &[
                    ("refuse", "書き出しを止める", "Stop the export"),
                    ("geta", "〓 に置き換える", "Replace with 〓"),
                    ("question", "? に置き換える", "Replace with ?"),
                ], set(|c, id| c.options.unmappable = id.parse().unwrap_or_default())) }
            }
        </div>
    }
}

/// The download of `layout` (the selection's customers, or every customer when `selection` is `None`) as
/// `choices` say; afterwards `written` says what it left out or changed, or `error` why it failed.
#[allow(clippy::too_many_arguments)]
pub fn download(
    l: Lang,
    layout: Layout,
    selection: Option<Selection>,
    stem: String,
    (table, derived): (Rc<CustomerTable>, Derived),
    options: ExportOptions,
    error: UseStateHandle<Option<String>>,
    written: UseStateHandle<Option<Written>>,
) -> Callback<MouseEvent> {
    let kind = match layout {
        Layout::Fields(_) => LayoutKind::Fields,
        Layout::EmailList => LayoutKind::EmailList,
        Layout::PhoneList => LayoutKind::PhoneList,
    };
    Callback::from(move |_| {
        let ds = derived.dataset();
        let everyone;
        let chosen = match &selection {
            Some(s) => s,
            None => {
                everyone = select(&Query::default(), &table, ds);
                match &everyone {
                    Ok(s) => s,
                    Err(e) => return error.set(Some(e.0.words(l))),
                }
            }
        };
        let as_of = table.as_of.map_or_else(String::new, |d| format!("-{d}"));
        let result = export(&layout, &options, chosen, &table, ds)
            .map_err(|e| e.words(l))
            .and_then(|file| {
                let mime = match options.encoding {
                    Encoding::Utf8Bom => "text/csv;charset=utf-8",
                    Encoding::ShiftJis => "text/csv;charset=shift_jis",
                };
                download::save_bytes(&format!("{stem}{as_of}.csv"), mime, &file.bytes)?;
                Ok(file)
            });
        match result {
            Ok(file) => {
                written.set(Some(Written {
                    kind,
                    list: file.list,
                    phones: file.phones_not_e164,
                    replaced: file.replaced,
                }));
                error.set(None);
            }
            Err(e) => {
                written.set(None);
                error.set(Some(e));
            }
        }
    })
}

/// Customers named with their value: `D（「012345678」）` or `D ('012345678')`, then how many more.
fn named(l: Lang, s: &Skipped) -> String {
    let mut names: Vec<String> = s
        .named
        .iter()
        .map(|(key, value)| match l {
            Lang::Ja => format!("{key}（「{value}」）"),
            Lang::En => format!("{key} ('{value}')"),
        })
        .collect();
    let more = s.count.saturating_sub(names.len() as u64);
    if more > 0 {
        names.push(match l {
            Lang::Ja => format!("ほか{}人", format::int(more)),
            Lang::En => format!("and {} more", format::int(more)),
        });
    }
    names.join(l.t("、", ", "))
}

/// The lines on what the last file left out or changed: the list's skipped customers, the phone cells E.164
/// left empty, the characters Shift_JIS replaced.
pub fn report(l: Lang, w: &Written) -> Html {
    let phones = (w.phones.count > 0).then(|| {
        let text = match l {
            Lang::Ja => format!(
                "E.164 で書けない電話番号の顧客 {}人は電話番号を空欄にしました：{}。",
                format::int(w.phones.count),
                named(l, &w.phones)
            ),
            Lang::En => format!(
                "Phone left empty for {} customer{} whose number has no E.164 form: {}.",
                format::int(w.phones.count),
                if w.phones.count == 1 { "" } else { "s" },
                named(l, &w.phones)
            ),
        };
        html! {
            <p class="note" role="status" data-testid="seg-phones-not-e164"
                data-count={ w.phones.count.to_string() }>{ text }</p>
        }
    });
    let replaced = w.replaced.as_ref().map(|r| {
        let lines: Vec<String> = r
            .named
            .iter()
            .map(|n| match l {
                Lang::Ja => format!("{}行目（{}：「{}」）", n.line, n.customer, n.characters),
                Lang::En => format!("line {} ({}: '{}')", n.line, n.customer, n.characters),
            })
            .collect();
        let text = match l {
            Lang::Ja => format!(
                "Shift_JIS で表せない文字 {}字を「{}」に置き換えました（{}行）：{}。",
                format::int(r.characters),
                r.with,
                format::int(r.lines),
                lines.join("、")
            ),
            Lang::En => format!(
                "Replaced {} character{} Shift_JIS cannot hold with '{}' on {} line{}: {}.",
                format::int(r.characters),
                if r.characters == 1 { "" } else { "s" },
                r.with,
                format::int(r.lines),
                if r.lines == 1 { "" } else { "s" },
                lines.join(", ")
            ),
        };
        html! {
            <p class="note" role="status" data-testid="seg-replaced" data-lines={ r.lines.to_string() }
                data-characters={ r.characters.to_string() }>{ text }</p>
        }
    });
    html! { <>
        { for w.list.as_ref().map(|r| list_report::line(l, w.kind, r)) }
        { for phones }
        { for replaced }
    </> }
}
