//! An accounting written for a person: as plain text for a terminal, or as
//! a printable HTML page (one file, no scripts, no outside resources) that
//! a clerk can hand over or print to PDF.
//!
//! Text from the ledger is escaped for where it goes: control characters
//! for a terminal, markup characters for HTML.

use std::fmt::Write as _;

use super::account::{Accounting, Disclosed, Group};

/// Who gives the accounting, and from which ledger.
#[derive(Debug, Clone, Copy)]
pub struct Heading<'a> {
    pub agency: Option<&'a str>,
    pub ledger: &'a str,
}

/// The accounting as text for a terminal.
pub fn text(a: &Accounting, heading: &Heading<'_>) -> String {
    let mut out = String::new();
    let t = crate::console::printable;
    let _ = writeln!(out, "Accounting of disclosures");
    if let Some(agency) = heading.agency {
        let _ = writeln!(out, "Agency:  {}", t(agency));
    }
    let _ = writeln!(out, "Person:  {}", t(&a.subject));
    let _ = writeln!(
        out,
        "Period:  {} to {} (both days included)",
        a.window.from, a.window.to
    );
    let _ = writeln!(out);
    if a.groups.is_empty() {
        let _ = writeln!(
            out,
            "No disclosure of this person's records is recorded in the period."
        );
    }
    for g in &a.groups {
        let d = &g.first;
        let _ = writeln!(out, "{}  {}", d.date, t(&recipient(d)));
        if let Some(address) = &d.recipient_address {
            let _ = writeln!(out, "            {}", t(address));
        }
        let _ = writeln!(out, "            Disclosed: {}", t(&what(d)));
        let _ = writeln!(out, "            Purpose:   {}", t(&purpose(d)));
        if let Some(j) = &d.justification {
            let _ = writeln!(out, "            Why:       {}", t(j));
        }
        if let Some(f) = &d.findings {
            let _ = writeln!(out, "            Findings:  {}", t(f));
        }
        if let Some(line) = how(d) {
            let _ = writeln!(out, "            {}", t(&line));
        }
        if let Some(line) = repeats(g) {
            let _ = writeln!(out, "            {}", t(&line));
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{}", total(a));
    let _ = writeln!(out, "{}", footer(a, heading));
    out
}

/// The accounting as a printable HTML page.
pub fn html(a: &Accounting, heading: &Heading<'_>) -> String {
    let e = escape;
    let mut out = String::new();
    let title = format!("Accounting of disclosures: {}", a.subject);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        e(&title)
    );
    let _ = writeln!(out, "<header>");
    if let Some(agency) = heading.agency {
        let _ = writeln!(out, "<p class=\"agency\">{}</p>", e(agency));
    }
    let _ = writeln!(out, "<h1>Accounting of disclosures</h1>");
    let _ = writeln!(
        out,
        "<dl><dt>Person</dt><dd>{}</dd><dt>Period</dt><dd>{} to {} (both days included)</dd><dt>As of</dt><dd>{}</dd></dl>",
        e(&a.subject),
        a.window.from,
        a.window.to,
        a.as_of
    );
    let _ = writeln!(out, "</header>\n<main>");
    if a.groups.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"none\">No disclosure of this person's records is recorded in the period.</p>"
        );
    } else {
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th>Date</th><th>Recipient</th><th>What was disclosed</th><th>Purpose</th></tr></thead>\n<tbody>"
        );
        for g in &a.groups {
            let d = &g.first;
            let _ = write!(out, "<tr><td class=\"date\">{}</td><td>", d.date);
            let _ = write!(out, "<strong>{}</strong>", e(&recipient(d)));
            if let Some(address) = &d.recipient_address {
                let _ = write!(out, "<br>{}", e(address));
            }
            let _ = write!(out, "</td><td>{}", e(&what(d)));
            if let Some(line) = how(d) {
                let _ = write!(out, "<br><span class=\"how\">{}</span>", e(&line));
            }
            let _ = write!(out, "</td><td>{}", e(&purpose(d)));
            if let Some(j) = &d.justification {
                let _ = write!(out, "<br>Why: {}", e(j));
            }
            if let Some(f) = &d.findings {
                let _ = write!(out, "<br>Findings: {}", e(f));
            }
            let _ = writeln!(out, "</td></tr>");
            if let Some(line) = repeats(g) {
                let _ = writeln!(
                    out,
                    "<tr class=\"repeat\"><td></td><td colspan=\"3\">{}</td></tr>",
                    e(&line)
                );
            }
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let _ = writeln!(out, "<p class=\"total\">{}</p>", e(&total(a)));
    let _ = writeln!(out, "</main>");
    let _ = writeln!(
        out,
        "<footer><p>{}</p><p>An accounting of disclosures in the sense of 45 CFR 164.528 and 42 CFR 2.24. To check it against the ledger, run <code>disclose ledger verify</code> on the ledger: the chain must be intact, and the entry with the seq above must still have the hash above.</p></footer>",
        e(&footer(a, heading))
    );
    let _ = writeln!(out, "</body>\n</html>");
    out
}

const STYLE: &str = "\
body{font-family:Georgia,'Times New Roman',serif;margin:2em auto;max-width:60em;color:#111;line-height:1.4}\
h1{font-size:1.5em;margin:.2em 0}.agency{font-size:1.1em;font-weight:bold;margin:0}\
dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:bold}dd{margin:0}\
table{border-collapse:collapse;width:100%;margin-top:1em}\
th,td{border:1px solid #999;padding:.4em;vertical-align:top;text-align:left}\
th{background:#eee}.date{white-space:nowrap}.repeat td{font-style:italic;border-top:none}\
.how{color:#444;font-size:.9em}footer{margin-top:2em;font-size:.85em;color:#333;overflow-wrap:anywhere}\
@media print{body{margin:0;max-width:none}th{background:none}}";

/// `Name (id)`, or the id alone for an entry without a name.
fn recipient(d: &Disclosed) -> String {
    match &d.recipient_name {
        Some(name) => format!("{name} ({})", d.recipient),
        None => d.recipient.clone(),
    }
}

/// The categories and records disclosed about the person.
fn what(d: &Disclosed) -> String {
    let categories = if d.categories.is_empty() {
        "no category".to_string()
    } else {
        d.categories.join(", ")
    };
    let records = if d.records == 1 { "record" } else { "records" };
    let mut out = format!("{categories} ({} {records})", d.records);
    if !d.per_person {
        out.push_str(" [recorded for the whole disclosure, not per person]");
    }
    if d.delivery_failed {
        out.push_str(" [delivery failed: the records may not have reached the recipient]");
    }
    out
}

/// The basis's description (or id) and the reference.
fn purpose(d: &Disclosed) -> String {
    let mut out = match &d.basis_description {
        Some(description) => format!("{description} ({})", d.basis),
        None => d.basis.clone(),
    };
    if let Some(reference) = &d.reference {
        let _ = write!(out, "; reference {reference}");
    }
    out
}

/// Who asked and how it was sent, when recorded.
fn how(d: &Disclosed) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(r) = &d.requested_by {
        parts.push(format!("Requested by {r}"));
    }
    if let Some(m) = &d.method {
        parts.push(format!(
            "{} by {m}",
            if parts.is_empty() { "Sent" } else { "sent" }
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The summary of repeats to the same recipient for the same purpose.
fn repeats(g: &Group) -> Option<String> {
    let last = g.last?;
    let (n, word) = match g.more {
        1 => (1, "disclosure"),
        n => (n, "disclosures"),
    };
    Some(format!(
        "Then {n} more {word} to this recipient for the same purpose, the last on {last} ({} records in all: {})",
        g.records,
        if g.categories.is_empty() {
            "no category".to_string()
        } else {
            g.categories.join(", ")
        }
    ))
}

fn total(a: &Accounting) -> String {
    match a.disclosures {
        1 => "1 disclosure in the period.".to_string(),
        n => format!("{n} disclosures in the period."),
    }
}

/// The ledger the accounting came from, and whether it is intact.
fn footer(a: &Accounting, heading: &Heading<'_>) -> String {
    let c = &a.chain;
    match (&c.problem, &c.last_hash) {
        (None, Some(hash)) => format!(
            "From ledger {}: {} entries, hash chain intact; its last entry, seq {}, has hash {hash}.",
            heading.ledger, c.entries, c.entries
        ),
        (None, None) => format!("From ledger {}: no entries.", heading.ledger),
        (Some(problem), hash) => format!(
            "WARNING: the hash chain of ledger {} is broken at {problem}; this accounting may be incomplete or altered. {} entries before it are intact{}.",
            heading.ledger,
            c.entries,
            hash.as_ref()
                .map(|h| format!(", the last of them with hash {h}"))
                .unwrap_or_default()
        ),
    }
}

/// Markup characters escaped, for HTML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "&#xfffd;");
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("<b>\"A&B\"</b>'\u{1b}"),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;&#xfffd;"
        );
        assert_eq!(crate::console::printable("a\u{1b}[2J"), "a\\u{1b}[2J");
    }
}
