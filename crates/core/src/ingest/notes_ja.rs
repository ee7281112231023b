//! The data-quality report's notes in Japanese: what was done to customer keys ([`KeyNotes`]), to orders
//! ([`OrderNotes`]) and to amounts with floating-point noise ([`RoundedAmounts`]). The English notes are the
//! types' own `notes`.

use super::keys::KeyNotes;
use super::order_notes::{Disagreement, OrderNotes};
use crate::amount::RoundedAmounts;
use crate::money::{format_money, Currency};

/// The notes on customer keys, in Japanese.
pub fn key_notes(k: &KeyNotes) -> Vec<String> {
    let mut notes = Vec::new();
    if k.placeholder_cells > 0 {
        let seen: Vec<String> = k
            .placeholders
            .iter()
            .map(|(f, t, n)| format!("{f}「{t}」（{n}）"))
            .collect();
        notes.push(format!(
            "{}個のセルが顧客キーではなく仮の値だったため、キーなしとして読みました：{}。",
            k.placeholder_cells,
            seen.join("、")
        ));
    }
    if k.normalised_rows > 0 {
        let seen: Vec<String> = k
            .normalised
            .iter()
            .map(|(f, w, key)| format!("{f}「{w}」→ {key}"))
            .collect();
        notes.push(format!(
            "{}行の顧客キーがふだんと違う書き方だったため、同じキーとして照合しました（例：{}）。",
            k.normalised_rows,
            seen.join("、")
        ));
    }
    if k.linked > 0 {
        let seen: Vec<String> = k
            .linked_examples
            .iter()
            .map(|(key, into)| format!("{key} → {into}"))
            .collect();
        notes.push(format!(
            "{}個の顧客キーを、メールアドレスか電話番号が同じ別の顧客にまとめました（例：{}）。",
            k.linked,
            seen.join("、")
        ));
    }
    if k.ambiguous > 0 {
        let seen: Vec<String> = k
            .ambiguous_examples
            .iter()
            .map(|(a, b)| format!("{a} と {b}"))
            .collect();
        notes.push(format!(
            "{}件のメールアドレスか電話番号が異なる会員IDに共有されていたため、会員はまとめずに別々のままにしました（例：{}）。",
            k.ambiguous,
            seen.join("、")
        ));
    }
    notes
}

/// How line `line` of `file` disagrees with line `first`, in Japanese.
fn disagreement(file: &str, first: u64, line: u64, what: &Disagreement) -> String {
    let on = match what {
        Disagreement::Date => "日付",
        Disagreement::Customer => "顧客",
        Disagreement::Total => "合計金額",
        Disagreement::CopyTotal { file: copy } => {
            return format!("{file} の{line}行目は {copy} の同じ注文と合計金額が異なります")
        }
    };
    format!("{file} の{line}行目は{first}行目と{on}が異なります")
}

/// The notes on orders, in Japanese, amounts in `currency`.
pub fn order_notes(o: &OrderNotes, currency: &Currency) -> Vec<String> {
    let money = |minor: i64| format_money(minor, &currency.code, currency.decimals);
    let mut notes = Vec::new();
    if o.reused_ids > 0 {
        let seen: Vec<String> = o
            .reused_examples
            .iter()
            .map(|(id, a, b)| format!("{id}（{a} と {b}）"))
            .collect();
        notes.push(format!(
            "{}件の注文番号が後のファイルで別の日付か顧客の注文に使われていたため、再エクスポートではなく別の注文として読みました（例：{}）。",
            o.reused_ids,
            seen.join("、")
        ));
    }
    if o.conflicts > 0 {
        let seen: Vec<String> = o
            .conflict_examples
            .iter()
            .map(|(file, first, line, what)| disagreement(file, *first, *line, what))
            .collect();
        notes.push(format!(
            "{}件の注文で行どうしの値が食い違っていたため、最初の行の値で1つの注文として読みました（{}）。",
            o.conflicts,
            seen.join("、")
        ));
    }
    if o.fully_refunded > 0 {
        notes.push(format!(
            "{}件の注文は全額返金されていたため、購入として数えていません。",
            o.fully_refunded
        ));
    }
    if o.refunds_netted > 0 {
        let mut note = format!(
            "{}件の返金（マイナスの注文、合計 {}）を、同じ顧客の以前の購入から差し引きました",
            o.refunds_netted,
            money(o.refunds_netted_minor)
        );
        if o.purchases_refunded > 0 {
            note.push_str(&format!(
                "。返金で0になった{}件の購入は、購入として数えていません",
                o.purchases_refunded
            ));
        }
        note.push('。');
        notes.push(note);
    }
    if o.refunds_unmatched > 0 {
        notes.push(format!(
            "{}件の返金（{}）は差し引く同じ顧客の以前の購入がなかったため、どの集計にも含めていません。",
            o.refunds_unmatched,
            money(o.refunds_unmatched_minor)
        ));
    }
    notes
}

/// The note on amounts rounded, in Japanese, when there were some.
pub fn rounded_note(r: &RoundedAmounts) -> Option<String> {
    let example = r.example.as_deref()?;
    Some(format!(
        "{}件の金額に表計算ソフトやスクリプト由来の浮動小数点の誤差があったため（例：「{example}」）、小数第3位に丸めて読みました。",
        r.count
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::has_english_sentence;

    #[test]
    fn every_note_has_its_japanese_words() {
        let keys = KeyNotes {
            placeholder_cells: 2,
            placeholders: vec![("email".into(), "-".into(), 2)],
            normalised_rows: 1,
            normalised: vec![("email".into(), "A@Example.jp".into(), "a@example.jp".into())],
            linked: 1,
            linked_examples: vec![("a@example.jp".into(), "M001".into())],
            ambiguous: 1,
            ambiguous_examples: vec![("M001".into(), "M002".into())],
        };
        assert_eq!(
            key_notes(&keys),
            [
                "2個のセルが顧客キーではなく仮の値だったため、キーなしとして読みました：email「-」（2）。",
                "1行の顧客キーがふだんと違う書き方だったため、同じキーとして照合しました（例：email「A@Example.jp」→ a@example.jp）。",
                "1個の顧客キーを、メールアドレスか電話番号が同じ別の顧客にまとめました（例：a@example.jp → M001）。",
                "1件のメールアドレスか電話番号が異なる会員IDに共有されていたため、会員はまとめずに別々のままにしました（例：M001 と M002）。",
            ]
        );
        let orders = OrderNotes {
            reused_ids: 1,
            reused_examples: vec![("1001".into(), "a.csv".into(), "b.csv".into())],
            conflicts: 1,
            conflict_examples: vec![(
                "a.csv".into(),
                2,
                3,
                Disagreement::CopyTotal {
                    file: "b.csv".into(),
                },
            )],
            fully_refunded: 1,
            refunds_netted: 2,
            refunds_netted_minor: 3000,
            purchases_refunded: 1,
            refunds_unmatched: 1,
            refunds_unmatched_minor: 500,
        };
        let jpy = Currency::from_code("JPY").unwrap();
        let notes = order_notes(&orders, &jpy);
        assert_eq!(
            notes,
            [
                "1件の注文番号が後のファイルで別の日付か顧客の注文に使われていたため、再エクスポートではなく別の注文として読みました（例：1001（a.csv と b.csv））。",
                "1件の注文で行どうしの値が食い違っていたため、最初の行の値で1つの注文として読みました（a.csv の3行目は b.csv の同じ注文と合計金額が異なります）。",
                "1件の注文は全額返金されていたため、購入として数えていません。",
                "2件の返金（マイナスの注文、合計 ¥3,000）を、同じ顧客の以前の購入から差し引きました。返金で0になった1件の購入は、購入として数えていません。",
                "1件の返金（¥500）は差し引く同じ顧客の以前の購入がなかったため、どの集計にも含めていません。",
            ]
        );
        assert_eq!(
            disagreement("a.csv", 2, 5, &Disagreement::Date),
            "a.csv の5行目は2行目と日付が異なります"
        );
        // As many notes as in English, and none of them English.
        assert_eq!(notes.len(), orders.notes(&jpy).len());
        assert_eq!(key_notes(&keys).len(), keys.notes().len());
        assert!(notes.iter().all(|n| !has_english_sentence(n)));
        let rounded = RoundedAmounts {
            count: 3,
            example: Some("22.200000000000003".into()),
        };
        assert_eq!(
            rounded_note(&rounded).unwrap(),
            "3件の金額に表計算ソフトやスクリプト由来の浮動小数点の誤差があったため（例：「22.200000000000003」）、小数第3位に丸めて読みました。"
        );
        assert_eq!(rounded_note(&RoundedAmounts::default()), None);
    }
}
