//! Refunds exported as orders of their own (a negative value, such as a credit note or a return invoice) are
//! not purchases. Each is netted against the same customer's purchases on or before its date, so revenue
//! falls by the refund while the number of purchases does not grow; a purchase a refund brings to zero is
//! no longer a purchase.

use rustc_hash::{FxHashMap, FxHashSet};

use super::super::order_notes::OrderNotes;
use super::layout::Valid;

/// Nets each refund (a valid order with a negative value) against `purchases` of its customer, counting in
/// `notes`, and drops the purchases it brings to zero. A refund goes to the latest earlier purchase worth at
/// least its amount (most likely the order it returns); failing that, it is taken from the latest earlier
/// purchases back. What no earlier purchase can take is left out and counted.
pub(super) fn net_refunds(
    purchases: &mut Vec<Valid>,
    mut refunds: Vec<Valid>,
    notes: &mut OrderNotes,
) {
    if refunds.is_empty() {
        return;
    }
    let refunded: FxHashSet<u32> = refunds.iter().map(|r| r.customer).collect();
    let mut by_customer: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, p) in purchases.iter().enumerate() {
        if refunded.contains(&p.customer) {
            by_customer.entry(p.customer).or_default().push(i);
        }
    }
    for list in by_customer.values_mut() {
        list.sort_by_key(|&i| (purchases[i].date, i));
    }
    refunds.sort_by_key(|r| (r.customer, r.date, r.draft));
    let mut zeroed = FxHashSet::default();
    for refund in &refunds {
        let amount = refund.value.unsigned_abs();
        notes.refunds_netted += 1;
        notes.refunds_netted_minor = notes
            .refunds_netted_minor
            .saturating_add(i64::try_from(amount).unwrap_or(i64::MAX));
        let earlier: &[usize] = by_customer.get(&refund.customer).map_or(&[], |list| {
            let end = list.partition_point(|&i| purchases[i].date <= refund.date);
            &list[..end]
        });
        let mut left = amount;
        let whole = earlier
            .iter()
            .rev()
            .find(|&&i| purchases[i].value.unsigned_abs() >= left && purchases[i].value > 0);
        let takers: Vec<usize> = match whole {
            Some(&i) => vec![i],
            None => earlier.iter().rev().copied().collect(),
        };
        for i in takers {
            let p = &mut purchases[i];
            if p.value <= 0 || left == 0 {
                continue;
            }
            let take = left.min(p.value.unsigned_abs());
            p.value -= take as i64;
            left -= take;
            if p.value == 0 {
                zeroed.insert(i);
            }
        }
        if left > 0 {
            notes.refunds_unmatched += 1;
            notes.refunds_unmatched_minor = notes
                .refunds_unmatched_minor
                .saturating_add(i64::try_from(left).unwrap_or(i64::MAX));
        }
    }
    if !zeroed.is_empty() {
        notes.purchases_refunded += zeroed.len() as u64;
        let mut i = 0;
        purchases.retain(|_| {
            i += 1;
            !zeroed.contains(&(i - 1))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Day;

    fn order(customer: u32, date: i32, value: i64, draft: u32) -> Valid {
        Valid {
            customer,
            date: Day(date),
            value,
            draft,
            subscription: false,
        }
    }

    fn values(purchases: &[Valid]) -> Vec<(u32, i32, i64)> {
        purchases
            .iter()
            .map(|v| (v.customer, v.date.0, v.value))
            .collect()
    }

    #[test]
    fn a_refund_goes_to_the_latest_earlier_purchase_that_can_take_it() {
        // Customer 0 bought 5000 on day 1 and 1000 on day 5; returned 3000 on day 9: the 5000 order is the one
        // that can take it, though the 1000 one is later.
        let mut purchases = vec![
            order(0, 1, 5000, 0),
            order(0, 5, 1000, 1),
            order(1, 2, 800, 2),
        ];
        let mut notes = OrderNotes::default();
        net_refunds(&mut purchases, vec![order(0, 9, -3000, 3)], &mut notes);
        assert_eq!(
            values(&purchases),
            [(0, 1, 2000), (0, 5, 1000), (1, 2, 800)]
        );
        assert_eq!(
            (notes.refunds_netted, notes.refunds_netted_minor),
            (1, 3000)
        );
        assert_eq!((notes.purchases_refunded, notes.refunds_unmatched), (0, 0));
    }

    #[test]
    fn a_full_refund_removes_the_purchase_and_later_purchases_are_not_touched() {
        let mut purchases = vec![order(0, 1, 1200, 0), order(0, 10, 1200, 1)];
        let mut notes = OrderNotes::default();
        net_refunds(&mut purchases, vec![order(0, 3, -1200, 2)], &mut notes);
        assert_eq!(values(&purchases), [(0, 10, 1200)]);
        assert_eq!(notes.purchases_refunded, 1);
    }

    #[test]
    fn a_refund_larger_than_any_purchase_takes_from_the_latest_back_and_the_rest_is_left_out() {
        // 700 + 500 = 1200 of purchases before day 8; 2000 refunded: both go to zero, 800 has nowhere to go.
        // The refund of customer 1 has no earlier purchase at all.
        let mut purchases = vec![
            order(0, 1, 700, 0),
            order(0, 4, 500, 1),
            order(1, 9, 300, 2),
        ];
        let mut notes = OrderNotes::default();
        let refunds = vec![order(0, 8, -2000, 3), order(1, 2, -100, 4)];
        net_refunds(&mut purchases, refunds, &mut notes);
        assert_eq!(values(&purchases), [(1, 9, 300)]);
        assert_eq!(
            (notes.refunds_netted, notes.refunds_netted_minor),
            (2, 2100)
        );
        assert_eq!(notes.purchases_refunded, 2);
        assert_eq!(
            (notes.refunds_unmatched, notes.refunds_unmatched_minor),
            (2, 900)
        );
    }
}
