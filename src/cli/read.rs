//! How inputs are read (`--delimiter`, `--encoding`): the arguments that
//! `apply`, `check` and `init` share, and the read options they give.

use clap::Args;

use crate::io::input::ReadOptions;

/// How inputs are read: shared by `apply`, `check` and `init`.
#[derive(Debug, Args, Default, Clone)]
pub struct ReadArgs {
    /// Read (and write) CSV separated by CHAR instead of a comma: any single
    /// ASCII character, e.g. ';' for a semicolon-separated export from a
    /// European Excel, or "tab".
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// The inputs' text encoding when it is not UTF-8: a WHATWG label such
    /// as windows-1252 (Excel's "CSV (Comma delimited)" on Windows), latin1,
    /// utf-16le or shift_jis. The output is always UTF-8.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
}

impl ReadArgs {
    /// The read options these arguments give (an unknown encoding label is
    /// an error).
    pub fn options(&self) -> anyhow::Result<ReadOptions> {
        Ok(ReadOptions {
            delimiter: self.delimiter.unwrap_or(b','),
            encoding: self
                .encoding
                .as_deref()
                .map(crate::io::input::decode::encoding_for)
                .transpose()?,
        })
    }
}

/// A `--delimiter`: one ASCII character (not a quote or line end), or `tab`.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    let byte = match text {
        "tab" | "\\t" | "\t" => b'\t',
        _ if text.len() == 1 && text.is_ascii() => text.as_bytes()[0],
        _ => return Err("give one ASCII character, e.g. ';' or tab".into()),
    };
    if matches!(byte, b'"' | b'\n' | b'\r') {
        return Err("a quote or line end cannot separate fields".into());
    }
    Ok(byte)
}
