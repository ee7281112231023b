//! Reading the input files of an analysis command into the core.
//!
//! Arguments are expanded into a list of [`Source`]s (a directory stands for the `*.csv` and `*.parquet` files in
//! it, sorted by name; `-` for stdin), and each is streamed into an [`Ingestor`] in [`CHUNK_SIZE`] chunks, so
//! memory holds the columnar dataset and one chunk, never a whole file. A file that starts as Parquet does is
//! read as Parquet, batch by batch.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

use kokyaku_core::analysis::default_as_of;
use kokyaku_core::ingest::{
    CellSink, CustomerTableReader, PushError, Quality, StatusChoice, Threads,
};
use kokyaku_core::report::FutureOrders;
use kokyaku_core::segment::Message;
use kokyaku_core::{Dataset, Day, IngestOptions, Ingested, Ingestor, Lang, Words};

use crate::opened::Opened;
use crate::{CliError, InputArgs};

/// How many bytes are read and handed to the core at a time.
pub const CHUNK_SIZE: usize = 1 << 18;

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The name used in reports and messages: the path as given, or `<stdin>`.
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".to_string(),
            Source::File(path) => path.display().to_string(),
        }
    }
}

/// The ingestion options the command-line arguments ask for.
pub fn options(args: &InputArgs) -> IngestOptions {
    IngestOptions {
        encoding: args.encoding,
        preset: args.preset,
        mapping: args.mapping.clone(),
        no_header: args.no_header,
        currency: args.currency.clone(),
        statuses: StatusChoice {
            include: args.include_status.clone(),
            exclude: args.exclude_status.clone(),
        },
        date_order: args.date_order,
        threads: args.threads,
    }
}

/// Expands the command-line paths into the inputs to read, in order.
///
/// A directory contributes every file in it whose name ends in `.csv` (any case), sorted by name; a directory
/// without one is an error, since reading nothing is never what was meant.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<Source>, CliError> {
    let mut sources = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if path.is_dir() {
            let found = csv_files_in(path)?;
            if found.is_empty() {
                return Err(CliError::Other(format!(
                    "{}: the directory has no *.csv or *.parquet files",
                    path.display()
                )));
            }
            sources.extend(found.into_iter().map(Source::File));
        } else {
            sources.push(Source::File(path.clone()));
        }
    }
    Ok(sources)
}

/// The `*.csv` and `*.parquet` files directly in a directory, sorted by name.
fn csv_files_in(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    let context = || format!("cannot list the directory {}", dir.display());
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| CliError::io(context(), e))? {
        let path = entry.map_err(|e| CliError::io(context(), e))?.path();
        let is_csv = path.extension().is_some_and(|ext| {
            ext.eq_ignore_ascii_case("csv") || ext.eq_ignore_ascii_case("parquet")
        });
        if is_csv && path.is_file() {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

/// Reads the files (and folders) the input arguments name, with their options: what every analysis command
/// starts with. A line on stderr says how many rows were rejected and orders left out, and more rejected rows
/// than `--max-reject-rate` allows is an error.
pub fn load(args: &InputArgs) -> Result<Ingested, CliError> {
    load_writing(args, None)
}

/// [`load`] for a command whose analysis needs single orders (`command`, its name): a customers table, which
/// has none, is an error saying which commands read one.
pub fn load_orders(args: &InputArgs, command: &str) -> Result<Ingested, CliError> {
    let data = load(args)?;
    need_orders(&data.dataset, command)?;
    Ok(data)
}

/// Fails for a customers table, which has no single orders, saying which commands read one.
pub fn need_orders(ds: &Dataset, command: &str) -> Result<(), CliError> {
    if !ds.is_customer_table() {
        return Ok(());
    }
    Err(CliError::Other(crate::output::lang().t(
        format!("{command} は個々の注文が必要な分析で、顧客テーブル（1顧客1行）からは計算できません。顧客テーブルを読めるのは summary、rfm、cpm、ltv、segment です"),
        format!("{command} needs single orders, and a customers table (one row per customer) has none; summary, rfm, cpm, ltv and segment read customers tables"),
    )))
}

/// Fails when `as_of` is before a customers table's own date, the day after its latest order: its figures
/// cannot be taken back to an earlier day.
pub fn check_table_as_of(ds: &Dataset, as_of: Option<Day>) -> Result<(), CliError> {
    let (Some(asked), Some(own)) = (as_of, ds.facts.as_ref().and(default_as_of(ds))) else {
        return Ok(());
    };
    if asked >= own {
        return Ok(());
    }
    Err(CliError::Other(crate::output::lang().t(
        format!("顧客テーブルの数値は最終購入日の翌日 {own} 時点のもので、それより前の --as-of {asked} には戻せません"),
        format!("a customers table's figures are as of {own}, the day after its latest order, and cannot be taken back to --as-of {asked}"),
    )))
}

/// [`load`] for a command that will write to a path (`output`: the option that names it, and the path):
/// refused, before anything is read, when the path is one of the input files, which writing would destroy.
pub fn load_writing(args: &InputArgs, output: Option<(&str, &Path)>) -> Result<Ingested, CliError> {
    let ingested = read(args, output)?;
    if let Some(line) = left_out_line(&ingested.quality, crate::output::lang()) {
        eprintln!("kokyaku: {}", crate::output::for_stderr(&line));
    }
    check_reject_rate(args, &ingested.quality)?;
    Ok(ingested)
}

/// [`load_writing`] without its stderr line and `--max-reject-rate` check, for `kokyaku summary`, whose report
/// has those figures and which writes `--rejects-csv` before it calls [`check_reject_rate`].
pub fn read(args: &InputArgs, output: Option<(&str, &Path)>) -> Result<Ingested, CliError> {
    let sources = expand(&args.files)?;
    if let Some((option, out)) = output {
        refuse_overwriting(&sources, option, out)?;
    }
    let ingested = ingest(&sources, options(args))?;
    // Today in UTC: the core's note counts orders after tomorrow, which is already today east of UTC (Japan).
    if let Some(note) = future_orders_note(&ingested, today_utc()) {
        let label = crate::output::lang().t("注記：", "note: ");
        eprintln!("kokyaku: {label}{}", crate::output::for_stderr(&note));
    }
    Ok(ingested)
}

/// One line saying how many rows were rejected and how many orders are left out of the analysis (rejected,
/// cancelled, incomplete, of an excluded status, refunded in full, without a customer key), with the
/// data-quality report's own counts (those `kokyaku summary` prints); `None` when nothing was.
pub fn left_out_line(q: &Quality, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    if q.rows_rejected > 0 {
        parts.push(match lang {
            Lang::Ja => format!("{}行のうち{}行を除外", q.rows_read, q.rows_rejected),
            Lang::En => format!(
                "{} of {} row{} rejected",
                q.rows_rejected,
                q.rows_read,
                plural(q.rows_read)
            ),
        });
    }
    let kinds = [
        (q.orders_rejected, "除外", "rejected"),
        (q.cancelled_orders, "キャンセル", "cancelled"),
        (q.incomplete_orders, "未完了", "incomplete"),
        (
            q.excluded_orders,
            "対象外のステータス",
            "of an excluded status",
        ),
        (
            q.order_checks.fully_refunded,
            "全額返金",
            "refunded in full",
        ),
        (
            q.orders_without_customer,
            "顧客キーなし",
            "without a customer key",
        ),
    ];
    let orders: u64 = kinds.iter().map(|(n, ..)| n).sum();
    if orders > 0 {
        let each: Vec<String> = kinds
            .iter()
            .filter(|(n, ..)| *n > 0)
            .map(|(n, ja, en)| match lang {
                Lang::Ja => format!("{ja} {n}件"),
                Lang::En => format!("{n} {en}"),
            })
            .collect();
        parts.push(match lang {
            Lang::Ja => format!("{orders}件の注文を集計から除外（{}）", each.join("、")),
            Lang::En => format!(
                "{orders} order{} left out ({})",
                plural(orders),
                each.join(", ")
            ),
        });
    }
    (!parts.is_empty()).then(|| match lang {
        Lang::Ja => format!("{}。kokyaku summary で一覧を確認できます", parts.join("、")),
        Lang::En => format!("{}; kokyaku summary lists them", parts.join("; ")),
    })
}

/// Fails with [`CliError::TooManyRejects`] when more than `--max-reject-rate` of the rows read were rejected.
pub fn check_reject_rate(args: &InputArgs, q: &Quality) -> Result<(), CliError> {
    let Some(max) = args.max_reject_rate else {
        return Ok(());
    };
    let Some(rejected) = max.exceeded_by(q) else {
        return Ok(());
    };
    let en = format!(
        "{} of {} row{} rejected ({:.1}%), more than --max-reject-rate {} allows; \
         kokyaku summary --rejects-csv FILE lists them",
        q.rows_rejected,
        q.rows_read,
        plural(q.rows_read),
        rejected * 100.0,
        max.share(),
    );
    let ja = format!(
        "{}行のうち{}行を除外しました（{:.1}%）。--max-reject-rate {} の上限を超えています。\
         kokyaku summary --rejects-csv FILE で一覧を書き出せます",
        q.rows_read,
        q.rows_rejected,
        rejected * 100.0,
        max.share(),
    );
    Err(CliError::TooManyRejects(Message::new(en, ja)))
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Fails when `out` (named by `option`) is one of the `sources`, however the paths are written. A path that
/// does not exist yet is none of them.
fn refuse_overwriting(sources: &[Source], option: &str, out: &Path) -> Result<(), CliError> {
    let Ok(out_path) = out.canonicalize() else {
        return Ok(());
    };
    let is_out = |source: &Source| match source {
        Source::File(input) => input.canonicalize().is_ok_and(|p| p == out_path),
        Source::Stdin => false,
    };
    match sources.iter().any(is_out) {
        true => Err(CliError::Other(format!(
            "{option} {} is one of the files to read, which writing would overwrite; choose another path",
            out.display()
        ))),
        false => Ok(()),
    }
}

/// Today's date in UTC, from the system clock.
fn today_utc() -> Day {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Day(i32::try_from(seconds / 86_400).unwrap_or(i32::MAX))
}

/// The core's note about valid orders dated in the future, given `today`, with what to do about them here.
pub fn future_orders_note(ingested: &Ingested, today: Day) -> Option<String> {
    FutureOrders::find(&ingested.dataset, today).map(|note| match crate::output::lang() {
        Lang::Ja => format!(
            "{}。日付を確認するか、--as-of を指定してください",
            note.ja()
        ),
        Lang::En => format!("{note}, so check these dates or set --as-of"),
    })
}

/// Reads every source into one ingestion and finishes it: order exports, or customers tables when the first
/// source is one (then every source must be).
pub fn ingest(sources: &[Source], options: IngestOptions) -> Result<Ingested, CliError> {
    let Some((first, rest)) = sources.split_first() else {
        return Ok(Ingestor::new(options)?.finish()?);
    };
    let mut first = Opened::open(first)?;
    let threads = options.threads;
    if first.is_customer_table(options.encoding)? {
        let mut reader = CustomerTableReader::new(options)?;
        read_customers(&mut reader, first, threads)?;
        for source in rest {
            read_customers(&mut reader, Opened::open(source)?, threads)?;
        }
        return Ok(reader.finish()?);
    }
    let mut ingestor = Ingestor::new(options)?;
    read_orders(&mut ingestor, first, threads)?;
    for source in rest {
        read_orders(&mut ingestor, Opened::open(source)?, threads)?;
    }
    Ok(ingestor.finish()?)
}

/// Reads an order export, CSV (on two threads) or Parquet.
fn read_orders(ingestor: &mut Ingestor, opened: Opened, threads: Threads) -> Result<(), CliError> {
    if opened.is_parquet() {
        return opened.read_parquet(ingestor, threads);
    }
    let name = opened.name.clone();
    ingestor.begin_file(&name)?;
    if let Some(len) = opened.len() {
        ingestor.expect_bytes(len);
    }
    stream(&mut opened.into_reader(), ingestor, CHUNK_SIZE, &name)?;
    ingestor.end_file()?;
    Ok(())
}

/// Reads a customers table, CSV or Parquet.
fn read_customers(
    reader: &mut CustomerTableReader,
    opened: Opened,
    threads: Threads,
) -> Result<(), CliError> {
    if opened.is_parquet() {
        return opened.read_parquet(reader, threads);
    }
    let name = opened.name.clone();
    reader.begin_file(&name)?;
    let mut input = opened.into_reader();
    let mut chunk = vec![0u8; CHUNK_SIZE];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CliError::io(format!("cannot read {name}"), e)),
        };
        reader.push(&chunk[..n])?;
    }
    reader.end_file()?;
    Ok(())
}

/// Pushes everything `reader` yields into the current file of `ingestor`, read `chunk` bytes at a time and
/// parsed on two threads.
fn stream(
    reader: &mut (impl Read + Send),
    ingestor: &mut Ingestor,
    chunk: usize,
    name: &str,
) -> Result<(), CliError> {
    ingestor.push_reader(reader, chunk).map_err(|e| match e {
        PushError::Io(e) => CliError::io(format!("cannot read {name}"), e),
        PushError::Ingest(e) => e.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dash_is_stdin_and_files_keep_their_given_names() {
        let sources = expand(&[PathBuf::from("-"), PathBuf::from("no/such.csv")]).unwrap();
        assert_eq!(
            sources,
            [Source::Stdin, Source::File(PathBuf::from("no/such.csv"))]
        );
        assert_eq!(sources[0].name(), "<stdin>");
        assert_eq!(sources[1].name(), "no/such.csv");
    }

    #[test]
    fn streaming_in_small_pieces_gives_the_same_dataset() {
        let csv = "order_id,order_date,email,order_total\n1,2024-01-05,a@example.jp,1200\n2,2024-02-01,a@example.jp,800\n";
        let mut ingestor = Ingestor::new(IngestOptions::default()).unwrap();
        ingestor.begin_file("a.csv").unwrap();
        stream(&mut csv.as_bytes(), &mut ingestor, 7, "a.csv").unwrap();
        ingestor.end_file().unwrap();
        let data = ingestor.finish().unwrap();
        let whole = kokyaku_core::ingest::ingest_files(
            IngestOptions::default(),
            [("a.csv", csv.as_bytes())],
        )
        .unwrap();
        assert_eq!(data.dataset, whole.dataset);
    }
}
