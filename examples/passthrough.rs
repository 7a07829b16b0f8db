//! The floor a disclosure is measured against: a plain CSV pass-through
//! with the csv crate, one reused `ByteRecord`, that drops the named
//! columns and does nothing else (no UTF-8 checks, no policy).
//!
//! `cargo run --release --example passthrough -- [--sha256] IN.csv OUT.csv [DROP_COLUMN...]`
//!
//! With `--sha256` it also hashes what it reads and writes, as every
//! disclosure must for its manifest (with the same SHA-256, on helper
//! threads): the floor for a documented disclosure.

use std::error::Error;
use std::fs::File;
use std::io::{BufWriter, Read, Write};

use disclose::api::HashingWriter;
use disclose::api::Meter;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let hash = args.first().is_some_and(|a| a == "--sha256");
    if hash {
        args.remove(0);
    }
    let [input, output, drop @ ..] = args.as_slice() else {
        return Err("usage: passthrough [--sha256] IN.csv OUT.csv [DROP_COLUMN...]".into());
    };
    let mut out = File::create(output)?;
    if hash {
        let out: &mut dyn Write = &mut out;
        let (meter, hashing) = copy(
            Meter::new(File::open(input)?, None),
            HashingWriter::new(out),
            drop,
        )?;
        let (input_sha, _) = meter.finish()?;
        let (_, output_sha, _) = hashing.finish();
        eprintln!("input {input_sha}\noutput {output_sha}");
    } else {
        copy(
            File::open(input)?,
            BufWriter::with_capacity(256 * 1024, &mut out),
            drop,
        )?;
    }
    Ok(())
}

/// Copy CSV from `source` to `sink` without the `drop` columns; give both
/// back.
fn copy<R: Read, W: Write>(source: R, sink: W, drop: &[String]) -> Result<(R, W), Box<dyn Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_reader(source);
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_writer(sink);
    let header = reader.byte_headers()?.clone();
    let keep: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, name)| !drop.iter().any(|d| d.as_bytes() == *name))
        .map(|(i, _)| i)
        .collect();
    writer.write_record(keep.iter().map(|&i| &header[i]))?;
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        for &i in &keep {
            writer.write_field(&record[i])?;
        }
        writer.write_record(None::<&[u8]>)?;
    }
    let sink = writer.into_inner().map_err(|e| e.to_string())?;
    Ok((reader.into_inner(), sink))
}
