//! The dashboard's charts, drawn as SVG like the other views' charts: bars per month (stacked when there are
//! several series), an optional line over them, and horizontal bars of a distribution. Month labels are
//! thinned so that they never overlap; values are in the `<title>` of each mark and in `data-value`.

use yew::prelude::*;

use crate::views::downloads::chart_buttons;

/// Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
pub const BLUE: &str = "#0072B2";
pub const ORANGE: &str = "#E69F00";
pub const GREEN: &str = "#009E73";

/// One series of a monthly chart.
pub struct Series {
    /// Its name in the legend.
    pub name: &'static str,
    /// Its colour.
    pub colour: &'static str,
    /// One value per month (`None`: nothing to draw).
    pub values: Vec<Option<f64>>,
    /// Each value for people, for the marks' titles.
    pub shown: Vec<String>,
}

/// A chart of months: `bars` stacked from the bottom, `line` drawn over them.
pub struct MonthChart<'a> {
    /// `data-testid` of the chart's SVG, and the name of its downloads.
    pub id: &'static str,
    /// What the chart shows, for screen readers.
    pub aria: String,
    /// The months, `YYYY-MM`.
    pub months: &'a [String],
    /// Bars, bottom first.
    pub bars: Vec<Series>,
    /// A line over the bars.
    pub line: Option<Series>,
    /// An axis value for people.
    pub tick: Box<dyn Fn(f64) -> String + 'a>,
}

/// About the width of a panel at 1024 px, so that the text is drawn near its own size.
const W: f64 = 460.0;
const H: f64 = 220.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
/// At most this many month labels on the axis (a label `2024-03` needs about 45 of the 380 units, and a gap).
const LABELS: usize = 7;

/// The step of the value axis (1, 2, 2.5 or 5 × a power of ten) and its top, for about four steps up to `max`.
fn axis(max: f64) -> (f64, f64) {
    if max <= 0.0 || !max.is_finite() {
        return (1.0, 4.0);
    }
    let raw = max / 4.0;
    let power = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    (step, step * (max / step).ceil())
}

/// Every `k`-th month is labelled, `k` the smallest that leaves at most [`LABELS`] labels; the last month
/// always is.
fn labelled(n: usize, i: usize) -> bool {
    let k = n.div_ceil(LABELS).max(1);
    (n - 1 - i) % k == 0
}

pub fn month_chart(l: crate::i18n::Lang, c: MonthChart<'_>) -> Html {
    let n = c.months.len().max(1);
    let slot = (W - LEFT - RIGHT) / n as f64;
    let top_of = |i: usize| -> f64 {
        c.bars
            .iter()
            .map(|s| s.values[i].unwrap_or(0.0))
            .sum::<f64>()
    };
    let line_max = c
        .line
        .iter()
        .flat_map(|s| s.values.iter().flatten().copied())
        .fold(0.0, f64::max);
    let max = (0..c.months.len()).map(top_of).fold(line_max, f64::max);
    let (step, top) = axis(max);
    let y = |v: f64| H - BOTTOM - (H - BOTTOM - TOP) * v / top;
    let x = |i: usize| LEFT + slot * i as f64;
    let ticks = (0..=(top / step).round() as usize).map(|t| t as f64 * step);
    let bars = c.months.iter().enumerate().map(|(i, month)| {
        let mut base = 0.0;
        let marks = c.bars.iter().map(|s| {
            let Some(v) = s.values[i] else {
                return html! {};
            };
            let (y0, y1) = (y(base), y(base + v));
            base += v;
            html! {
                <rect x={ format!("{:.1}", x(i) + slot * 0.15) } y={ format!("{y1:.1}") } width={ format!("{:.1}", slot * 0.7) }
                    height={ format!("{:.1}", (y0 - y1).max(0.0)) } fill={ s.colour } data-month={ month.clone() } data-series={ s.name }
                    data-value={ v.to_string() }>
                    <title>{ format!("{month} {}: {}", s.name, s.shown[i]) }</title>
                </rect>
            }
        });
        html! { <g>{ for marks }</g> }
    });
    let line = c.line.as_ref().map(|s| {
        let point = |i: usize| s.values[i].map(|v| (x(i) + slot / 2.0, y(v)));
        let points: Vec<String> = (0..c.months.len())
            .filter_map(point)
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect();
        html! {
            <g>
                <polyline points={ points.join(" ") } fill="none" stroke={ s.colour } stroke-width="2" />
                { for (0..c.months.len()).filter_map(|i| point(i).map(|(px, py)| html! {
                    <circle cx={ format!("{px:.1}") } cy={ format!("{py:.1}") } r="3" fill={ s.colour }
                        data-month={ c.months[i].clone() } data-series={ s.name } data-value={ s.values[i].unwrap_or(0.0).to_string() }>
                        <title>{ format!("{} {}: {}", c.months[i], s.name, s.shown[i]) }</title>
                    </circle>
                })) }
            </g>
        }
    });
    let legend = c.bars.iter().chain(&c.line).map(|s| {
        html! {
            <span><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" fill={ s.colour } /></svg>{ " " }{ s.name }</span>
        }
    });
    html! {
        <figure class="chart">
            <svg viewBox={ format!("0 0 {W} {H}") } role="img" data-testid={ c.id } aria-label={ c.aria.clone() }>
                { for ticks.map(|t| html! {
                    <g>
                        <line x1={ LEFT.to_string() } x2={ (W - RIGHT).to_string() } y1={ format!("{:.1}", y(t)) } y2={ format!("{:.1}", y(t)) } stroke="#d9dee8" />
                        <text x={ (LEFT - 6.0).to_string() } y={ format!("{:.1}", y(t) + 4.0) } font-size="11" fill="#5b6475" text-anchor="end">{ (c.tick)(t) }</text>
                    </g>
                }) }
                { for bars }
                { line.unwrap_or_default() }
                { for c.months.iter().enumerate().filter(|(i, _)| labelled(c.months.len(), *i)).map(|(i, m)| html! {
                    <text x={ format!("{:.1}", x(i) + slot / 2.0) } y={ (H - 8.0).to_string() } font-size="11" fill="#5b6475" text-anchor="middle">{ m }</text>
                }) }
            </svg>
            <figcaption class="legend">{ for legend }</figcaption>
            { chart_buttons(l, c.id, c.id) }
        </figure>
    }
}

/// One bar of a distribution.
pub struct Share {
    /// The group's id, for `data-group`.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// Its customers.
    pub customers: u64,
}

/// Horizontal bars of customers per group, with the count and share printed beside each bar.
pub fn distribution(l: crate::i18n::Lang, id: &'static str, aria: &str, rows: &[Share]) -> Html {
    const ROW: f64 = 22.0;
    const NAME: f64 = 150.0;
    const BAR: f64 = 190.0;
    let total: u64 = rows.iter().map(|r| r.customers).sum();
    let max = rows.iter().map(|r| r.customers).max().unwrap_or(0).max(1);
    let height = ROW * rows.len() as f64;
    html! {
        <figure class="chart">
            <svg viewBox={ format!("0 0 440 {height}") } role="img" data-testid={ id } aria-label={ aria.to_string() }>
                { for rows.iter().enumerate().map(|(i, r)| {
                    let y = ROW * i as f64;
                    let w = BAR * r.customers as f64 / max as f64;
                    let share = (total > 0).then(|| r.customers as f64 / total as f64);
                    html! {
                        <g data-group={ r.id } data-value={ r.customers.to_string() }>
                            <text x="0" y={ format!("{:.1}", y + 15.0) } font-size="12" fill="#1d2433">{ r.name }</text>
                            <rect x={ NAME.to_string() } y={ format!("{:.1}", y + 4.0) } width={ format!("{w:.1}") } height="14" fill={ BLUE }>
                                <title>{ format!("{}: {}", r.name, crate::format::int(r.customers)) }</title>
                            </rect>
                            <text x={ format!("{:.1}", NAME + w + 6.0) } y={ format!("{:.1}", y + 15.0) } font-size="11" fill="#5b6475">
                                { format!("{} ({})", crate::format::int(r.customers), crate::format::pct(share)) }
                            </text>
                        </g>
                    }
                }) }
            </svg>
            { chart_buttons(l, id, id) }
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_a_round_step_above_the_maximum() {
        assert_eq!(axis(950.0), (250.0, 1000.0));
        assert_eq!(axis(0.31), (0.1, 0.4));
        assert_eq!(axis(0.0), (1.0, 4.0));
        assert_eq!(axis(4_790_650.0), (2_000_000.0, 6_000_000.0));
    }

    #[test]
    fn month_labels_are_thinned_and_the_last_is_kept() {
        let shown: Vec<usize> = (0..24).filter(|&i| labelled(24, i)).collect();
        assert_eq!(shown, [3, 7, 11, 15, 19, 23]);
        assert!((0..7).all(|i| labelled(7, i)));
        // Never more than seven, so at least 54 of 380 units apart.
        assert!((1..=120).all(|n| (0..n).filter(|&i| labelled(n, i)).count() <= LABELS));
    }
}
