//! The predictive-LTV view: BG/NBD (or MBG/NBD, or Pareto/NBD) and Gamma-Gamma fitted on the customers'
//! calibration-period history, the fitted parameters and diagnostics, the calibration/holdout check, the P(alive) distribution,
//! the top customers by predicted CLV, and predicted CLV by RFM segment and by cohort: the core's
//! `LtvReport`, rendered.

use kokyaku_core::analysis::ltv::optimize::{Fit, NotConverged};
use kokyaku_core::analysis::ltv::report::{GroupClv, LtvReport};
use kokyaku_core::analysis::ltv::summary::SummaryParams;
use kokyaku_core::analysis::ltv::totals::Estimate;
use kokyaku_core::analysis::ltv::uncertainty::Uncertainty;
use kokyaku_core::analysis::ltv::{
    CustomerLtv, FitStage, LtvParams, PredictiveLtv, TransactionModelKind,
};
use kokyaku_core::{Dataset, Day};
use yew::prelude::*;

use super::bars::{bar_chart, Bar};
use super::downloads::{chart_buttons, csv_button};
use super::{number_input, percent_input, rfm::segment_name, setter, ViewProps};
use crate::derived::{use_derived, use_fit, Derived, FitKey, FitState};
use crate::format;
use crate::i18n::{Lang, Words};

/// A parameter value with four significant digits.
/// A model parameter for people: four decimals below 1,000, one above, with separators (`19,637.5`).
fn sig(x: f64) -> String {
    match x.abs() < 1000.0 {
        true => format::decimal(x, 4),
        false => format::decimal(x, 1),
    }
}

#[function_component]
pub fn LtvView(props: &ViewProps) -> Html {
    let l = props.lang;
    let params = use_state(LtvParams::default);
    let derived = use_derived();
    let ds = derived.dataset();
    let summary = derived.calibration(&params.summary);
    // The fit is shared with the segment builder when it asks for the same.
    let state = use_fit(&derived, Some(FitKey::of(&params)));
    let result = match &state {
        FitState::Done(fits) => Some(derived.ltv_report(fits, &params)),
        _ => None,
    };
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    let on_model = {
        let params = params.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let model = select.value().parse().unwrap_or_default();
            params.set(LtvParams {
                model,
                ..(*params).clone()
            });
        })
    };
    let on_calibration = {
        let params = params.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let calibration_end = input.value().parse::<Day>().ok();
            params.set(LtvParams {
                summary: SummaryParams {
                    calibration_end,
                    ..params.summary.clone()
                },
                ..(*params).clone()
            });
        })
    };
    let set_clv = |f: fn(&mut LtvParams, f64)| setter(&params, f, LtvParams::validate);
    let calibration_value = summary
        .calibration_end
        .map(|d| d.to_string())
        .unwrap_or_default();
    html! {
        <>
        <section class="card" data-testid="ltv">
            <h2>{ l.t("LTV（予測）", "Predictive LTV") }
                <span class="muted as-of">{ l.t(" 基準日 ", " as of ") }{ format::date(summary.as_of, l) }</span></h2>
            <div class="params">
                <label class="param">{ l.t("購買回数モデル", "Transaction model") }{ " " }
                    <select data-testid="ltv-model" onchange={ on_model }>
                        { for TransactionModelKind::ALL.into_iter().map(|kind| html! {
                            // The CLI's names (`mbg-nbd`), which the core reads back.
                            <option value={ kind.id().replace('_', "-") } selected={ params.model == kind }>{ kind.name() }</option>
                        }) }
                    </select></label>
                <label class="param">{ l.t("学習期間の終わり", "Calibration ends") }{ " " }
                    <input type="date" data-testid="ltv-calibration-end" value={ calibration_value } onchange={ on_calibration } /></label>
                { number_input("ltv-horizon", l.t("予測期間（月）", "Horizon (months)"), &params.clv.horizon_months,
                    setter(&params, |p, v: u32| p.clv.horizon_months = v, LtvParams::validate)) }
                { percent_input("ltv-discount", l.t("月次割引率", "Monthly discount rate"), params.clv.monthly_discount_rate, set_clv(|p, v| p.clv.monthly_discount_rate = v)) }
                { percent_input("ltv-margin", l.t("粗利率", "Margin"), params.clv.margin, set_clv(|p, v| p.clv.margin = v)) }
            </div>
            <p class="muted">{ l.t(
                "時間の単位は週。学習期間より後、基準日の前日までの購入が検証期間（実績と予測を比べます）。",
                "Time is in weeks. Orders after the calibration end and before the as-of date form the holdout period, where predictions are checked against what happened.",
            ) }</p>
            { match (&result, &state) {
                (Some(r), _) => fits(l, &r.ltv, &ds.currency),
                (None, FitState::Failed(why)) => html! {
                    <p class="error" data-testid="ltv-not-converged">{ l.t("推定できませんでした: ", "Could not fit: ") }{ why }</p>
                },
                (None, _) => fitting(l, params.model, &state),
            } }
            if result.is_some() {
                { csv_button(l, "ltv-customers", l.t("顧客別の予測", "predictions by customer"), "ltv-customers", {
                    let (result, derived) = (result.clone(), derived.clone());
                    move || result.as_ref().map(|r| kokyaku_core::tables::ltv::customers(derived.dataset(), &r.ltv).into_table()).unwrap_or_default()
                }) }
            }
            if params.model == TransactionModelKind::BgNbd {
                <p class="note" data-testid="ltv-bgnbd-note">{ l.t(
                    "BG/NBD では、リピート購入のない顧客（x = 0）は常に「生存」と見なされます。これを避けるには MBG/NBD か Pareto/NBD を選んでください。",
                    "In BG/NBD a customer without repeat purchases (x = 0) is always counted as alive; choose MBG/NBD or Pareto/NBD to remove this artefact.",
                ) }</p>
            }
        </section>
        if let Some(result) = &result {
            { predictions(l, &derived, result, cur, dec) }
        }
        </>
    }
}

/// The fit in progress: which model, and how many likelihood evaluations so far.
fn fitting(l: Lang, model: TransactionModelKind, state: &FitState) -> Html {
    let progress = match state {
        FitState::Running(p) => *p,
        _ => None,
    };
    let (step, name) = match progress.map(|p| p.stage) {
        Some(FitStage::Spend) => (2, "Gamma-Gamma"),
        _ => (1, model.name()),
    };
    let evaluations = progress.map_or(0, |p| p.evaluations);
    html! {
        <div class="fitting" role="status" aria-live="polite" data-testid="ltv-fitting">
            <progress max="2" value={ (step - 1).to_string() }></progress>
            <span>{ format!("{} {step}/2: {name} {} {evaluations} {}",
                l.t("ステップ", "Step"),
                l.t("を推定中… 尤度の評価", "being fitted… likelihood evaluations:"),
                l.t("回", "")) }</span>
        </div>
    }
}

/// Everything that needs the fitted models: the holdout check and the per-customer predictions.
fn predictions(l: Lang, derived: &Derived, report: &LtvReport, cur: &str, dec: u32) -> Html {
    let ds = derived.dataset();
    let result = &report.ltv;
    let by_segment = report
        .clv_by_segment
        .iter()
        .map(|s| (segment_name(s.segment, l).to_string(), s.clv))
        .collect();
    let by_cohort = report
        .clv_by_cohort
        .iter()
        .map(|c| (c.cohort.clone(), c.clv))
        .collect();
    html! {
        <>
        if let Some(table) = &result.holdout {
            <section class="card" data-testid="ltv-holdout">
                <h2>{ l.t("学習期間と検証期間の比較", "Calibration and holdout") }</h2>
                <p class="muted">{ format!("{} {} – {} · {} {} / {} {}",
                    l.t("検証期間", "Holdout"), format::date(Some(table.calibration_end.next()), l), format::date(Some(table.holdout_end), l),
                    l.t("実績", "actual"), format::int(table.actual_transactions),
                    l.t("予測", "predicted"), table.predicted_transactions.map_or("—".into(), |p| format::decimal(p, 1))) }</p>
                if let Some(mae) = table.mean_absolute_error {
                    <p class="muted" data-testid="ltv-holdout-error">{ format!("{} {} · {} {mae:.3}",
                        l.t("予測の合計は実績比", "Predicted total against actual:"),
                        table.total_relative_error.map_or("—".into(), |e| format!("{:+.1}%", e * 100.0)),
                        l.t("1人あたりの平均絶対誤差", "mean absolute error per customer")) }</p>
                }
                if let Some(v) = table.verdict {
                    <p data-testid="ltv-verdict"><strong>{ v.words(l) }</strong></p>
                }
                { holdout_chart(l, result) }
            </section>
        }
        if result.tracking.is_some() {
            <section class="card" data-testid="ltv-tracking">
                <h2>{ l.t("累計リピート購入回数の推移", "Cumulative repeat transactions") }</h2>
                <p class="muted">{ l.t(
                    "学習期間の顧客のリピート購入の累計。予測線が学習期間で実績に沿い、検証期間でも離れなければ、モデルは信頼できます。",
                    "Repeat transactions of the calibration customers, added up. A reliable model tracks the actual line through the calibration period and keeps to it in the holdout.",
                ) }</p>
                { super::tracking::tracking_chart(l, result) }
            </section>
        }
        { totals(l, result, cur, dec) }
        <section class="card" data-testid="ltv-customers">
            <h2>{ l.t("生存確率の分布", "P(alive) distribution") }</h2>
            { p_alive_chart(l, &report.p_alive_histogram) }
            <h2>{ l.t("予測CLV上位の顧客", "Top customers by predicted CLV") }</h2>
            { top_customers(l, ds, result) }
            <div class="two">
                { clv_by(l, l.t("RFMセグメント別の予測CLV", "Predicted CLV by RFM segment"), by_segment, cur, dec) }
                { clv_by(l, l.t("コホート別の予測CLV", "Predicted CLV by cohort"), by_cohort, cur, dec) }
                { for super::acquisition::predicted_clv(l, derived, result).into_iter()
                    .map(|(title, rows)| clv_by(l, title, rows, cur, dec)) }
            </div>
        </section>
        </>
    }
}

/// A transaction model's parameter as the papers write it: `alpha` as α, `beta` as β, the others as named.
fn symbol(name: &str) -> &str {
    match name {
        "alpha" => "α",
        "beta" => "β",
        other => other,
    }
}

/// The fitted parameters, or why a model could not be fitted.
fn fits(l: Lang, r: &PredictiveLtv, currency: &kokyaku_core::money::Currency) -> Html {
    let not_fitted = |n: &NotConverged| html! { <p class="error" data-testid="ltv-not-converged">{ l.t("推定できませんでした：", "Could not fit: ") }{ n.failure.words(l) }</p> };
    let transactions = r.transactions.summary();
    html! {
        <div class="two">
            <div>
                <h3>{ l.t("購買回数モデル", "Transactions") }</h3>
                { match transactions {
                    Ok(f) => html! {
                        <table class="counts" data-testid="ltv-transaction-params">{ param_heading(l) }<tbody>
                            <tr><th>{ l.t("モデル", "Model") }</th><td colspan="2">{ f.model.name() }</td></tr>
                            { for f.params.iter().map(|&(name, value)| html! {
                                <tr><th>{ symbol(name) }</th><td data-value={ value.to_string() }>{ sig(value) }</td>
                                    { interval_cell(r.transactions.uncertainty(), name) }</tr>
                            }) }
                            <tr><th>{ l.t("対数尤度", "Log-likelihood") }</th><td colspan="2">{ format::decimal(f.log_likelihood, 2) }</td></tr>
                            <tr><th>{ l.t("反復回数", "Iterations") }</th><td colspan="2">{ f.iterations }</td></tr>
                        </tbody></table>
                    },
                    Err(n) => not_fitted(n),
                } }
            </div>
            <div>
                <h3>{ l.t("購入単価モデル（Gamma-Gamma）", "Spend per transaction (Gamma-Gamma)") }</h3>
                { match &r.spend {
                    Fit::Converged(f) => html! {
                        <table class="counts" data-testid="ltv-spend-params">{ param_heading(l) }<tbody>
                            <tr><th>{ "p" }</th><td data-value={ f.params.p.to_string() }>{ sig(f.params.p) }</td>
                                { interval_cell(Some(&f.uncertainty), "p") }</tr>
                            <tr><th>{ "q" }</th><td data-value={ f.params.q.to_string() }>{ sig(f.params.q) }</td>
                                { interval_cell(Some(&f.uncertainty), "q") }</tr>
                            <tr><th>{ format!("γ ({})", currency.code) }</th><td data-value={ f.params.gamma.to_string() }>{ sig(f.params.gamma) }</td>
                                { interval_cell(Some(&f.uncertainty), "gamma") }</tr>
                            <tr><th>{ l.t("対数尤度", "Log-likelihood") }</th>
                                <td>{ format::decimal(f.log_likelihood, 2) }</td></tr>
                        </tbody></table>
                    },
                    Fit::NotConverged(n) => not_fitted(n),
                } }
                <p class="note" data-testid="ltv-correlation">{ match r.frequency_value_correlation {
                    Some(c) => format!("{} {c:.3}{}", l.t("購入回数と平均購入額の相関:", "Correlation of frequency and mean spend:"),
                        if c.abs() < 0.3 { l.t("（小さく、モデルの前提と整合）", " (small: consistent with the model's assumption of independence)") }
                        else { l.t("（大きい: モデルの前提に反するため単価予測に注意）", " (large: the model assumes independence; treat the spend predictions with care)") }),
                    None => l.t("相関は計算できません（リピート顧客が不足）", "The correlation cannot be computed (too few repeat customers)").to_string(),
                } }</p>
            </div>
        </div>
    }
}

/// The heading of a parameter table: the estimate, then its standard error and 95% interval.
fn param_heading(l: Lang) -> Html {
    html! {
        <thead><tr><th>{ l.t("パラメータ", "Parameter") }</th><th class="num">{ l.t("推定値", "Estimate") }</th>
            <th class="num">{ l.t("± 標準誤差 [95%区間]", "± SE [95% interval]") }</th></tr></thead>
    }
}

/// A parameter's standard error and 95% interval, `± 0.0126 [0.220, 0.268]`; why there are none in the
/// cell's title.
fn interval_cell(u: Option<&Uncertainty>, name: &str) -> Html {
    let Some(u) = u else {
        return html! { <td></td> };
    };
    let se = u.standard_errors.as_ref().and_then(|s| s.get(name));
    let interval = u.intervals.as_ref().and_then(|i| i.get(name));
    match (se, interval) {
        (Some(se), Some([lo, hi])) => html! {
            <td class="muted" data-testid="ltv-param-interval" data-se={ se.to_string() }>
                { format!("± {} [{}, {}]", sig(*se), sig(*lo), sig(*hi)) }</td>
        },
        _ => html! { <td class="muted" data-testid="ltv-param-interval">{ "—" }</td> },
    }
}

/// All customers' expected repeat transactions and CLV over the horizon, with their 95% intervals.
fn totals(l: Lang, r: &PredictiveLtv, cur: &str, dec: u32) -> Html {
    let t = &r.totals;
    let (Some(transactions), Some(clv)) = (&t.expected_transactions, &t.clv_minor) else {
        return html! {};
    };
    let money = |v: f64| format::mean_money(Some(v), cur, dec);
    let count = |v: f64| format::decimal(v, 0);
    let row = |id: &'static str, label: &str, e: &Estimate, f: &dyn Fn(f64) -> String| {
        html! {
            <tr data-testid={ id }><th>{ label }</th><td class="num" data-value={ e.value.to_string() }>{ f(e.value) }</td>
                <td class="num muted">{ match e.interval {
                    Some([lo, hi]) => format!("{} – {}", f(lo), f(hi)),
                    None => "—".into(),
                } }</td></tr>
        }
    };
    let months = t.horizon_months;
    html! {
        <section class="card" data-testid="ltv-totals">
            <h2>{ match l {
                Lang::Ja => format!("今後{months}か月の合計"),
                Lang::En => format!("Totals for the next {months} months"),
            } }</h2>
            <table class="counts">
                <thead><tr><th></th><th class="num">{ l.t("予測", "Predicted") }</th><th class="num">{ l.t("95%区間", "95% interval") }</th></tr></thead>
                <tbody>
                    { row("ltv-total-transactions", l.t("リピート購入回数", "Repeat transactions"), transactions, &count) }
                    { row("ltv-total-clv", l.t("予測CLV", "Predicted CLV"), clv, &money) }
                </tbody>
            </table>
            <p class="muted">{ l.t(
                "区間は、データから推定したパラメータの不確かさを反映しています（どの顧客が実際に買うかの偶然のばらつきは含みません）。",
                "The intervals reflect the uncertainty of the fitted parameters only, not the randomness of individual purchases.",
            ) }</p>
        </section>
    }
}

/// Mean actual and predicted holdout transactions per calibration repeat count, as paired bars.
fn holdout_chart(l: Lang, r: &PredictiveLtv) -> Html {
    let Some(table) = &r.holdout else {
        return html! {};
    };
    const W: f64 = 560.0;
    const H: f64 = 200.0;
    let max = table
        .rows
        .iter()
        .flat_map(|row| [row.mean_actual, row.mean_predicted])
        .flatten()
        .fold(0.0, f64::max)
        .max(1e-9);
    let slot = W / table.rows.len().max(1) as f64;
    html! {
        <figure class="chart">
            <svg viewBox={ format!("0 -16 {W} {}", H + 56.0) } role="img" data-testid="ltv-holdout-chart"
                aria-label={ l.t("検証期間の平均購入回数（実績と予測）", "Mean holdout transactions, actual and predicted") }>
                { for table.rows.iter().enumerate().map(|(i, row)| {
                    let x = i as f64 * slot;
                    let bar = |v: Option<f64>, dx: f64, fill: &'static str, what: &str| {
                        let v = v.unwrap_or(0.0);
                        let h = H * v / max;
                        html! { <rect x={ (x + dx).to_string() } y={ (H - h).to_string() } width={ (slot / 2.0 - 6.0).to_string() } height={ h.to_string() } fill={ fill }>
                            <title>{ format!("{what}: {v:.3}") }</title></rect> }
                    };
                    let label = if row.and_more { format!("{}+", row.x) } else { row.x.to_string() };
                    html! { <g>
                        { bar(row.mean_actual, 4.0, "#0072B2", l.t("実績", "actual")) }
                        { bar(row.mean_predicted, slot / 2.0, "#E69F00", l.t("予測", "predicted")) }
                        <text x={ (x + slot / 2.0).to_string() } y={ (H + 14.0).to_string() } font-size="11" text-anchor="middle" fill="#5b6475">{ label }</text>
                    </g> }
                }) }
                <text x="0" y={ (H + 32.0).to_string() } font-size="11" fill="#5b6475">{ l.t("学習期間のリピート購入回数 x", "Repeat transactions in calibration, x") }</text>
            </svg>
            { chart_buttons(l, "ltv-holdout-chart", "ltv-holdout") }
            <figcaption class="legend">
                <span><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="#0072B2" /></svg>{ l.t(" 実績の平均", " actual (mean)") }</span>
                <span><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="#E69F00" /></svg>{ l.t(" 予測の平均", " predicted (mean)") }</span>
            </figcaption>
        </figure>
    }
}

/// Customers per tenth of P(alive), as the core counts them.
fn p_alive_chart(l: Lang, bins: &[u64]) -> Html {
    let bars: Vec<Bar> = bins
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let label = format!("{}–{}%", i * 10, i * 10 + 10);
            let title = format!("{label}: {}", format::int(*n));
            Bar {
                label,
                count: *n,
                title,
            }
        })
        .collect();
    let label = l.t(
        "生存確率ごとの顧客数",
        "Customers by probability of being alive",
    );
    html! {
        <figure class="chart">
            { bar_chart(&bars, 560.0, 140.0, label, Some("ltv-p-alive")) }
            { chart_buttons(l, "ltv-p-alive", "ltv-p-alive") }
        </figure>
    }
}

/// Customers listed by predicted CLV.
const TOP: usize = 20;

fn top_customers(l: Lang, ds: &Dataset, r: &PredictiveLtv) -> Html {
    let mut ranked: Vec<_> = r
        .customers
        .iter()
        .filter(|c| c.clv_minor.is_some())
        .collect();
    super::first_in_order(&mut ranked, TOP, |a, b| {
        let clv = |c: &&CustomerLtv| c.clv_minor.unwrap_or(0.0);
        clv(b).total_cmp(&clv(a)).then(a.customer.cmp(&b.customer))
    });
    let (cur, dec) = (ds.currency.code.as_str(), ds.currency.decimals);
    html! {
        <table data-testid="ltv-top">
            <thead><tr><th>{ l.t("顧客キー", "Customer key") }</th><th class="num">{ l.t("リピート購入回数", "Repeat orders") }</th>
                <th class="num">{ l.t("生存確率", "P(alive)") }</th><th class="num">{ l.t("予測購入回数", "Expected orders") }</th>
                <th class="num">{ l.t("予測単価", "Expected spend") }</th><th class="num">{ l.t("予測CLV", "Predicted CLV") }</th></tr></thead>
            <tbody>{ for ranked.iter().map(|c| html! {
                <tr><td>{ &ds.customer_keys[c.customer as usize] }</td><td class="num">{ c.x }</td>
                    <td class="num">{ format::pct(c.p_alive) }</td>
                    <td class="num">{ format::ratio(c.expected_transactions) }</td>
                    <td class="num">{ format::mean_money(c.expected_value_minor, cur, dec) }</td>
                    <td class="num">{ format::mean_money(c.clv_minor, cur, dec) }</td></tr>
            }) }</tbody>
        </table>
    }
}

/// (label, predicted CLV of its customers) rows.
type ClvRows = Vec<(String, GroupClv)>;

fn clv_by(l: Lang, title: &str, rows: ClvRows, cur: &str, dec: u32) -> Html {
    html! {
        <div>
            <h3>{ title }</h3>
            <table>
                <thead><tr><th></th><th class="num">{ l.t("顧客数", "Customers") }</th>
                    <th class="num">{ l.t("平均予測CLV", "Mean CLV") }</th><th class="num">{ l.t("合計", "Total") }</th></tr></thead>
                <tbody>{ for rows.iter().map(|(label, clv)| html! {
                    <tr><td>{ label }</td><td class="num">{ format::int(clv.customers) }</td>
                        <td class="num">{ format::mean_money(Some(clv.mean_clv_minor), cur, dec) }</td>
                        <td class="num">{ format::mean_money(Some(clv.clv_minor), cur, dec) }</td></tr>
                }) }</tbody>
            </table>
        </div>
    }
}
