//! The command line of every mode: options as `--name value` or `--name=value`, and the readers of their
//! values.

/// One option as given: its name, and its value when asked for (`--name=value`, else the next argument).
pub struct Opt<'a> {
    pub name: String,
    arg: String,
    inline: Option<String>,
    rest: &'a mut dyn Iterator<Item = String>,
}

impl Opt<'_> {
    /// The option's value.
    pub fn value(&mut self) -> Result<String, String> {
        self.inline
            .take()
            .or_else(|| self.rest.next())
            .ok_or_else(|| format!("{} needs a value", self.name))
    }

    /// The error for an option the mode does not have.
    pub fn unknown(&self) -> String {
        format!("unknown argument '{}'", self.arg)
    }
}

/// Hands each option to `on`, in order. `Ok(false)` when `-h` or `--help` was given (the rest is not read).
pub fn walk_options(
    args: impl Iterator<Item = String>,
    mut on: impl FnMut(&mut Opt<'_>) -> Result<(), String>,
) -> Result<bool, String> {
    let mut rest: Box<dyn Iterator<Item = String>> = Box::new(args);
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (arg.clone(), None),
        };
        if name == "-h" || name == "--help" {
            return Ok(false);
        }
        on(&mut Opt {
            name,
            arg,
            inline,
            rest: &mut rest,
        })?;
    }
    Ok(true)
}

/// Parses a comma-separated list of row counts (`10k,1M`), smallest first, each once.
pub fn parse_counts(text: &str) -> Result<Vec<usize>, String> {
    let mut counts = text
        .split(',')
        .map(parse_count)
        .collect::<Result<Vec<_>, _>>()?;
    counts.sort_unstable();
    counts.dedup();
    Ok(counts)
}

/// Parses a row count such as `100000`, `100_000`, `100k` or `1M`.
pub fn parse_count(text: &str) -> Result<usize, String> {
    let t = text.trim().replace('_', "");
    let (digits, factor) = match t.strip_suffix(['k', 'K']) {
        Some(d) => (d, 1_000),
        None => match t.strip_suffix(['m', 'M']) {
            Some(d) => (d, 1_000_000),
            None => (t.as_str(), 1),
        },
    };
    match digits.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n * factor),
        _ => Err(format!("'{text}' is not a positive row count")),
    }
}

/// Parses a generator seed (a whole number).
pub fn parse_seed(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("'{text}' is not a seed (a whole number)"))
}

/// Parses a number of runs (positive).
pub fn parse_repeat(text: &str) -> Result<usize, String> {
    match text.parse() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("'{text}' is not a positive number of runs")),
    }
}
