//! An input opened and its first bytes read: what they tell of it (a Parquet file, a customers table) before
//! it is read whole.

use std::fs::File;
use std::io::{self, Read};

use kokyaku_core::ingest::decode::SNIFF_LEN;
use kokyaku_core::ingest::{is_customer_header, starts_customer_table, EncodingChoice, Threads};

use crate::input::Source;
use crate::CliError;

/// An input, its first bytes read.
pub struct Opened {
    /// The name reports give it.
    pub name: String,
    /// Its first bytes (at most [`SNIFF_LEN`]; the whole input when shorter).
    head: Vec<u8>,
    rest: Rest,
}

/// The bytes after the head.
enum Rest {
    File(File),
    Stdin(io::Stdin),
}

impl Opened {
    /// Opens `source` and reads its first bytes.
    pub fn open(source: &Source) -> Result<Opened, CliError> {
        let name = source.name();
        let mut rest = match source {
            Source::Stdin => Rest::Stdin(io::stdin()),
            Source::File(path) => Rest::File(
                File::open(path).map_err(|e| CliError::io(format!("cannot open {name}"), e))?,
            ),
        };
        let mut head = Vec::new();
        let read = match &mut rest {
            Rest::File(f) => f.take(SNIFF_LEN as u64).read_to_end(&mut head),
            Rest::Stdin(s) => s.take(SNIFF_LEN as u64).read_to_end(&mut head),
        };
        read.map_err(|e| cannot_read(&name, e))?;
        Ok(Opened { name, head, rest })
    }

    /// Whether the input is a Parquet file.
    pub fn is_parquet(&self) -> bool {
        kokyaku_parquet::is_parquet(&self.head)
    }

    /// The input's size in bytes, when it is a file.
    pub fn len(&self) -> Option<u64> {
        match &self.rest {
            Rest::File(f) => f.metadata().ok().map(|m| m.len()),
            Rest::Stdin(_) => None,
        }
    }

    /// Whether the input is a customers table (one row per customer), CSV or Parquet. A Parquet input from
    /// standard input is read whole here, as reading it needs anyway.
    pub fn is_customer_table(&mut self, choice: EncodingChoice) -> Result<bool, CliError> {
        if !self.is_parquet() {
            let complete = self.head.len() < SNIFF_LEN;
            return Ok(starts_customer_table(&self.head, complete, choice));
        }
        let columns = match &mut self.rest {
            Rest::File(f) => {
                let file = f.try_clone().map_err(|e| cannot_read(&self.name, e))?;
                kokyaku_parquet::column_names(file)
            }
            Rest::Stdin(s) => {
                s.read_to_end(&mut self.head)
                    .map_err(|e| cannot_read(&self.name, e))?;
                kokyaku_parquet::column_names(bytes_of(&self.head))
            }
        };
        // A file that is not readable says so when it is read.
        Ok(columns
            .is_ok_and(|c| is_customer_header(&c.iter().map(String::as_str).collect::<Vec<_>>())))
    }

    /// Reads a Parquet input into `sink`, on `threads`.
    pub fn read_parquet(
        self,
        sink: &mut impl kokyaku_core::ingest::CellSink,
        threads: Threads,
    ) -> Result<(), CliError> {
        match self.rest {
            Rest::File(file) => kokyaku_parquet::read(sink, &self.name, file, threads)?,
            Rest::Stdin(mut stdin) => {
                let mut whole = self.head;
                stdin
                    .read_to_end(&mut whole)
                    .map_err(|e| cannot_read(&self.name, e))?;
                kokyaku_parquet::read_bytes(sink, &self.name, whole, threads)?
            }
        }
        Ok(())
    }

    /// The whole input as a stream, its head first.
    pub fn into_reader(self) -> impl Read + Send {
        let rest: Box<dyn Read + Send> = match self.rest {
            Rest::File(f) => Box::new(f),
            Rest::Stdin(s) => Box::new(s),
        };
        io::Cursor::new(self.head).chain(rest)
    }
}

/// The error of an input that could not be read.
fn cannot_read(name: &str, e: io::Error) -> CliError {
    CliError::io(format!("cannot read {name}"), e)
}

/// The bytes of a Parquet file read whole.
fn bytes_of(head: &[u8]) -> kokyaku_parquet::Bytes {
    kokyaku_parquet::Bytes::copy_from_slice(head)
}
