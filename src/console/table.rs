//! Plain-text tables for people: columns padded to their widest cell, a
//! bold header when standard output is a colour terminal.

use std::fmt::Write as _;

use crate::console;

/// A table being built.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Render, indented by `indent` spaces.
    pub fn render(&self, indent: usize) -> String {
        let colour = console::stdout_colour();
        let columns = self.header.len();
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String, bold: bool| {
            let text = line(cells, &widths);
            let _ = writeln!(
                out,
                "{:indent$}{}",
                "",
                if bold {
                    console::paint(&text, console::BOLD, colour)
                } else {
                    text
                }
            );
        };
        line(&self.header, &mut out, true);
        for row in &self.rows {
            line(row, &mut out, false);
        }
        out
    }
}

/// One line of a table: every cell but the last padded to its column's
/// width and two spaces, no trailing white space.
pub fn line(cells: &[String], widths: &[usize]) -> String {
    let mut text = String::new();
    for (i, cell) in cells.iter().enumerate() {
        if i + 1 == cells.len() {
            text.push_str(cell);
        } else {
            let _ = write!(text, "{cell:<width$}  ", width = widths[i]);
        }
    }
    text.truncate(text.trim_end().len());
    text
}
