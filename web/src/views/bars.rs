//! A bar chart of counts drawn as SVG: one bar per bin, its count above it (with thousands separators) and
//! its label below, turned to a slant when the labels would not fit side by side.

use yew::prelude::*;

use crate::format;

/// One bin: its label under the axis, its count, and the hover text.
pub struct Bar {
    pub label: String,
    pub count: u64,
    pub title: String,
}

/// The labels' and counts' font size, in the chart's units.
const FONT: &str = "11";

/// Roughly how wide a character of the labels' font is, in the chart's units.
const CHAR_WIDTH: f64 = 6.6;

/// Whether labels of this many characters overlap in slots this wide.
fn slanted(bars: &[Bar], slot: f64) -> bool {
    let longest = bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    longest as f64 * CHAR_WIDTH > slot - 4.0
}

/// The chart's SVG (`width` × `height` for the bars, with room for the labels below), described by `label`,
/// marked `data-testid=<testid>` when given (the chart's save buttons find it so).
pub fn bar_chart(
    bars: &[Bar],
    width: f64,
    height: f64,
    label: &str,
    testid: Option<&'static str>,
) -> Html {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let slot = width / bars.len().max(1) as f64;
    let slant = slanted(bars, slot);
    // Slanted labels reach below and to the left of their bar: room for both.
    let (below, left) = if slant { (52.0, 24.0) } else { (24.0, 0.0) };
    html! {
        <svg viewBox={ format!("{} -16 {} {}", -left, width + left, height + 16.0 + below) } role="img" aria-label={ label.to_string() }
            data-testid={ testid }>
            { for bars.iter().enumerate().map(|(i, b)| {
                let h = height * b.count as f64 / max as f64;
                let mid = i as f64 * slot + slot / 2.0;
                let y = height + 14.0;
                let text = if slant {
                    html! { <text x={ mid.to_string() } y={ y.to_string() } font-size={ FONT } text-anchor="end" fill="#5b6475"
                        transform={ format!("rotate(-35 {mid} {y})") }>{ &b.label }</text> }
                } else {
                    html! { <text x={ mid.to_string() } y={ y.to_string() } font-size={ FONT } text-anchor="middle" fill="#5b6475">{ &b.label }</text> }
                };
                html! { <g>
                    <rect x={ (i as f64 * slot + 3.0).to_string() } y={ (height - h).to_string() } width={ (slot - 6.0).max(1.0).to_string() }
                        height={ h.to_string() } fill="#3f78c4"><title>{ &b.title }</title></rect>
                    <text x={ mid.to_string() } y={ (height - h - 3.0).to_string() } font-size={ FONT } text-anchor="middle">{ format::int(b.count) }</text>
                    { text }
                </g> }
            }) }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(labels: &[&str]) -> Vec<Bar> {
        labels
            .iter()
            .map(|l| Bar {
                label: l.to_string(),
                count: 1,
                title: String::new(),
            })
            .collect()
    }

    #[test]
    fn labels_slant_only_when_they_would_overlap() {
        let days = bars(&[
            "0–7",
            "8–14",
            "15–30",
            "31–60",
            "61–90",
            "91–180",
            "181–365",
            "366+",
        ]);
        // Eight bins of 320 units: 40 each, too narrow for "181–365" (7 characters, about 46).
        assert!(slanted(&days, 320.0 / 8.0));
        // Ten bins of 560 units have room for "90–100%".
        let tenths = bars(&["0–10%", "90–100%"]);
        assert!(!slanted(&tenths, 56.0));
    }
}
