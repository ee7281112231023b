//! Writes a generated export to stdout and its ground truth (JSON) and timing to stderr.
//!
//! `cargo run --release -p kokyaku-gen --example sample -- <format> <orders> [seed] > orders.csv`

use std::io::Write;
use std::time::Instant;

use kokyaku_gen::{generate, Format, GenOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: sample <format> <orders> [seed]";
    let format: Format = args.next().ok_or(usage)?.parse()?;
    let orders: usize = args.next().ok_or(usage)?.parse()?;
    let seed: u64 = args.next().map_or(Ok(1), |s| s.parse())?;
    let start = Instant::now();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let truth = generate(
        &GenOptions {
            format,
            orders,
            seed,
        },
        &mut out,
    )?;
    out.flush()?;
    eprintln!("{}", serde_json::to_string_pretty(&truth)?);
    eprintln!("{orders} orders in {:.2} s", start.elapsed().as_secs_f64());
    Ok(())
}
