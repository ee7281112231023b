//! [`OrderBook::build`]: when all files are in, the currency is settled, cancelled and incomplete orders are
//! excluded, orders without a date or total (or of another currency, or implausibly large) are rejected, and
//! the valid ones are laid out as the dataset.

use super::super::error::IngestErrorKind;
use super::super::file_note::FileNote;
use super::super::keys::KeyNotes;
use super::super::order_notes::Disagreement;
use super::super::parse::swap_day_and_month;
use super::super::quality::{Quality, Reject};
use super::super::reject_reason::{clip, RejectReason};
use super::book::{Conflict, ConflictOn, OrderBook};
use super::draft::{
    OrderDraft, CANCELLED, DATE_AMBIGUOUS, EXCLUDED, INCOMPLETE, SUBSCRIPTION, TOTAL, TOTALS_DIFFER,
};
use super::layout::Valid;
use super::refunds::net_refunds;
use crate::join::join;
use crate::model::Dataset;
use crate::money::Currency;

/// The largest order value accepted, in thousandths of a currency unit (10^12 units): no shop takes a
/// trillion-yen or trillion-dollar order, and the bound keeps every sum of order values far from overflow.
const MAX_ORDER_VALUE: u64 = 1_000_000_000_000_000;

/// An exact amount in thousandths written in currency units (`-12.5`, `900000000000000`).
fn format_milli(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (units, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{units}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{units}.{}", frac.trim_end_matches('0'))
    }
}

impl OrderBook {
    /// Builds the dataset of valid orders, recording exclusions and rejected orders in `quality`. Fails
    /// with the currencies and their order counts when the orders mix currencies and none was chosen.
    pub fn build(
        mut self,
        chosen: Option<Currency>,
        quality: &mut Quality,
    ) -> Result<Dataset, IngestErrorKind> {
        let currency_of = |d: &OrderDraft| self.currency_of(d);
        let target = match chosen {
            Some(c) => c,
            None => {
                let mut counts = vec![0u64; self.currencies.len()];
                for d in self
                    .drafts
                    .iter()
                    .filter(|d| !d.is(CANCELLED) && !d.is(INCOMPLETE) && !d.is(EXCLUDED))
                {
                    counts[currency_of(d) as usize] += 1;
                }
                let used: Vec<(String, u64)> = self
                    .currencies
                    .iter()
                    .zip(&counts)
                    .filter(|(_, &n)| n > 0)
                    .map(|(c, &n)| (c.code.clone(), n))
                    .collect();
                if used.len() > 1 {
                    return Err(IngestErrorKind::MixedCurrencies(used));
                }
                used.first()
                    .and_then(|(code, _)| Currency::from_code(code))
                    .unwrap_or_else(Currency::jpy)
            }
        };
        // Customers that are one person (a shared e-mail or phone) are found on the other thread (where there
        // are threads) while the orders are checked.
        let mut links = KeyNotes::default();
        let (roots, valid) = join(
            self.threads,
            || self.find_roots(&mut links),
            || self.check_orders(&target, quality),
        );
        let (mut valid, mut refunds) = valid?;
        for v in valid.iter_mut().chain(&mut refunds) {
            v.customer = roots[v.customer as usize];
        }
        self.merge_linked(&roots, &mut links);
        quality.keys.add(&links);
        net_refunds(&mut valid, refunds, &mut quality.order_checks);
        Ok(self.lay_out(target, valid))
    }

    /// The number of the currency of an order: its own, else its file's.
    fn currency_of(&self, d: &OrderDraft) -> u16 {
        d.currency().unwrap_or_else(|| {
            self.file_currency
                .get(d.file as usize)
                .copied()
                .unwrap_or(0)
        })
    }

    /// Which files' total column is per line: those where at least a fifth of the orders with several totals
    /// have differing ones. A per-order total repeated on each row differs only where the export is wrong,
    /// while lines at the same price are common. Notes those files, and counts the orders of the other files
    /// whose totals differ as conflicts.
    fn per_line_totals(&self, quality: &mut Quality) -> Vec<bool> {
        let per_line: Vec<bool> = self
            .multi_row_totals
            .iter()
            .map(|&(several, differ)| differ > 0 && differ * 5 >= several)
            .collect();
        for (file, &(several, differ)) in self.multi_row_totals.iter().enumerate() {
            let Some(report) = quality.files.get_mut(file) else {
                continue;
            };
            if per_line[file] {
                report
                    .notes
                    .push(FileNote::TotalPerLine { differ, several });
            } else {
                quality.order_checks.conflicts += differ;
            }
        }
        per_line
    }

    /// The reported conflicts, with file names, and the orders whose totals differ in files read as per order.
    fn note_conflicts(&self, per_line: &[bool], quality: &mut Quality) {
        let examples = self.conflicts.1.iter().chain(
            self.total_examples
                .iter()
                .filter(|c| !per_line[c.file as usize]),
        );
        let name = |file: u16| {
            quality
                .files
                .get(file as usize)
                .map_or(String::new(), |f| f.name.clone())
        };
        let described: Vec<(String, u64, u64, Disagreement)> = examples
            .map(
                |&Conflict {
                     file,
                     first_line,
                     line,
                     on,
                 }| {
                    let what = match on {
                        ConflictOn::Date => Disagreement::Date,
                        ConflictOn::Customer => Disagreement::Customer,
                        ConflictOn::Total => Disagreement::Total,
                        ConflictOn::CopyTotal(first) => {
                            Disagreement::CopyTotal { file: name(first) }
                        }
                    };
                    (name(file), first_line, line, what)
                },
            )
            .collect();
        quality.order_checks.conflicts += self.conflicts.0;
        for (file, first_line, line, what) in described {
            quality
                .order_checks
                .conflict_example(&file, first_line, line, what);
        }
        quality.order_checks.reused_ids += self.reused.0;
        for &(id, first, later) in &self.reused.1 {
            let (first, later) = (name(first), name(later));
            quality
                .order_checks
                .reused_example(self.ids.text(id), &first, &later);
        }
    }

    /// Per file, whether its dates written with the year last are month first (so those read day first
    /// that could be either are swapped), from what the dates themselves settle; notes how each such file was
    /// read. Fails for a file whose dates settle nothing, or disagree.
    fn month_first_files(&self, quality: &mut Quality) -> Result<Vec<bool>, IngestErrorKind> {
        let mut month_first = vec![false; self.date_hints.len()];
        for (file, hints) in self.date_hints.iter().enumerate() {
            let Some(report) = quality.files.get_mut(file) else {
                continue;
            };
            let name = report.name.clone();
            let note = match (hints.day_first, hints.month_first, hints.ambiguous) {
                (Some(day_first), Some(month_first), _) => {
                    return Err(IngestErrorKind::DateOrderMixed {
                        file: name,
                        day_first,
                        month_first,
                    })
                }
                (None, None, Some(line)) => {
                    return Err(IngestErrorKind::DateOrderNeeded { file: name, line })
                }
                (Some(line), None, _) => FileNote::DateOrder {
                    month_first: false,
                    line,
                },
                (None, Some(line), _) => {
                    month_first[file] = true;
                    FileNote::DateOrder {
                        month_first: true,
                        line,
                    }
                }
                (None, None, None) => continue,
            };
            report.notes.push(note);
        }
        Ok(month_first)
    }

    /// An order's value before refunds: its total (summed over its rows when the file's total column is per
    /// line), else the sum of its lines.
    fn gross(&self, i: usize, d: &OrderDraft, per_line: &[bool]) -> Option<i64> {
        if d.is(TOTAL) && d.total_rows > 1 && per_line.get(d.file as usize) == Some(&true) {
            if d.is(TOTALS_DIFFER) {
                return self.total_sums.get(&(i as u32)).copied();
            }
            return Some(d.gross.saturating_mul(i64::from(d.total_rows)));
        }
        d.gross()
    }

    /// Checks every order: counts the cancelled, incomplete, fully refunded and customerless ones in
    /// `quality`, rejects those without a date or total, of another currency or implausibly large, and returns
    /// the valid purchases with a customer and the refunds exported as orders (a negative value). Fails when
    /// the valid orders' values could not all be summed exactly.
    fn check_orders(
        &self,
        target: &Currency,
        quality: &mut Quality,
    ) -> Result<(Vec<Valid>, Vec<Valid>), IngestErrorKind> {
        let per_line = self.per_line_totals(quality);
        self.note_conflicts(&per_line, quality);
        let month_first = self.month_first_files(quality)?;
        let currency_of = |d: &OrderDraft| self.currency_of(d);
        let file_name = |d: &OrderDraft| {
            quality
                .files
                .get(d.file as usize)
                .map_or(String::new(), |f| f.name.clone())
        };
        let mut rejects = Vec::new();
        let mut valid: Vec<Valid> = Vec::with_capacity(self.drafts.len());
        let mut refunds = Vec::new();
        let mut fully_refunded = 0u64;
        let (mut cancelled, mut incomplete, mut without_customer, mut revenue_without) =
            (0u64, 0u64, 0u64, 0i64);
        // Every analysis sums order values in `i64` (revenue, per customer, cohort, segment, group): any such
        // sum is at most the sum of all values ignoring signs, so when that fits, all of them do.
        let mut unsigned_sum = 0u128;
        let mut excluded = 0u64;
        // Orders in the default currency only, whose amounts have decimals: the currency must be chosen.
        let (mut undecided, mut undecided_example) = (0u64, None);
        for (i, d) in self.drafts.iter().enumerate() {
            if d.is(EXCLUDED) {
                excluded += 1;
                continue;
            }
            if d.is(CANCELLED) {
                cancelled += 1;
                continue;
            }
            if d.is(INCOMPLETE) {
                incomplete += 1;
                continue;
            }
            // Named in reject reasons only, so written only for them; clipped as cells are, since an id
            // from a quoted cell may hold line breaks that would split the reason.
            let order = || d.label().map(|l| clip(self.ids.text(l)));
            let mut reject = |reason: RejectReason| {
                rejects.push(Reject::new(file_name(d), d.line, reason));
            };
            let currency = &self.currencies[currency_of(d) as usize];
            if currency.code != target.code {
                reject(RejectReason::OtherCurrency {
                    order: order(),
                    currency: currency.code.clone(),
                    chosen: target.code.clone(),
                });
                continue;
            }
            let swap = d.is(DATE_AMBIGUOUS) && month_first.get(d.file as usize) == Some(&true);
            let Some(date) = d.date().and_then(|day| {
                if swap {
                    swap_day_and_month(day)
                } else {
                    Some(day)
                }
            }) else {
                reject(RejectReason::NoOrderDate { order: order() });
                continue;
            };
            let Some(gross) = self.gross(i, d, &per_line) else {
                reject(RejectReason::NoOrderTotal { order: order() });
                continue;
            };
            let net = gross.saturating_sub(d.refunded());
            if net.unsigned_abs() > MAX_ORDER_VALUE {
                reject(RejectReason::ImplausibleValue {
                    order: order(),
                    value: format_milli(net),
                    currency: target.code.clone(),
                    limit: MAX_ORDER_VALUE / 1000,
                });
                continue;
            }
            let Some(value) = target.to_minor(net) else {
                let assumed = self.assumed_currency.get(d.file as usize) == Some(&true);
                if assumed && d.currency().is_none() {
                    undecided += 1;
                    undecided_example.get_or_insert_with(|| format_milli(net));
                    continue;
                }
                reject(RejectReason::TooManyDecimals {
                    order: order(),
                    amount: format_milli(net),
                    currency: target.code.clone(),
                });
                continue;
            };
            unsigned_sum += u128::from(value.unsigned_abs());
            if value == 0 && d.refunded() != 0 {
                fully_refunded += 1;
                continue;
            }
            let order = |customer| Valid {
                customer,
                date,
                value,
                draft: i as u32,
                subscription: d.is(SUBSCRIPTION),
            };
            match d.customer() {
                Some(customer) if value < 0 => refunds.push(order(customer)),
                Some(customer) => valid.push(order(customer)),
                None => {
                    without_customer += 1;
                    revenue_without += value;
                }
            }
            if unsigned_sum > i64::MAX as u128 {
                return Err(IngestErrorKind::SumTooLarge {
                    limit: crate::money::format_money(i64::MAX, &target.code, target.decimals),
                });
            }
        }
        if let Some(example) = undecided_example {
            return Err(IngestErrorKind::CurrencyNeeded {
                orders: undecided,
                example,
            });
        }
        quality.cancelled_orders += cancelled;
        quality.excluded_orders += excluded;
        quality.order_checks.fully_refunded += fully_refunded;
        quality.incomplete_orders += incomplete;
        quality.orders_without_customer += without_customer;
        quality.revenue_without_customer_minor += revenue_without;
        quality.orders_rejected += rejects.len() as u64;
        for r in rejects {
            quality.reject(r);
        }
        Ok((valid, refunds))
    }
}
