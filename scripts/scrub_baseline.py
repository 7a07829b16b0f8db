#!/usr/bin/env python3
"""Scrub officers' notes in a case export the straightforward way (benchmark baseline).

This is what a clerk's IT team would likely write without `disclose`: Python 3
standard library only, the `csv` module, and one `re.sub` per detector. It is a
baseline for speed and for what a scrubber catches, written to be clear and
honest, neither optimised nor deliberately slow.

    python3 scripts/scrub_baseline.py INPUT.csv OUTPUT.csv

It streams the rows of INPUT.csv (UTF-8, a BOM is accepted, header row required)
to OUTPUT.csv. In the `narrative_notes` column it replaces, in this order:

  1. SSNs                 123-45-6789, 123 45 6789                  -> [SSN]
  2. North American phone numbers: (614) 555-0182, 614-555-0182,
     614.555.0182, +1 614 555 0182                                  -> [PHONE]
  3. e-mail addresses                                               -> [EMAIL]
  4. dates                2024-03-05, 3/5/2024, 03/05/24,
                          March 5, 2024, 5 March 2024               -> [DATE]
  5. the row's own `full_name`: the whole name and each of its words of two
     or more letters (case-insensitive, whole words; the whole name wins
     over its words)                                                -> [NAME]
  6. the row's own `address`: the whole address and each comma-separated
     part that contains a digit ("1418 Broadway, Apt 3B, Tulsa, OK 74196"
     gives "1418 Broadway", "Apt 3B", "OK 74196"; case-insensitive, whole
     words)                                                         -> [ADDRESS]

Steps 5 and 6 compile one pattern per row each, since every row has its own
name and address.

All other columns pass through unchanged. Exit status 2 on a usage error or a
missing column.
"""

import csv
import re
import sys

NOTES, NAME, ADDRESS = "narrative_notes", "full_name", "address"

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)"
)

DETECTORS = [
    (re.compile(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b"), "[SSN]"),
    (
        re.compile(r"(?:\+1[ .-]?)?(?:\(\d{3}\) ?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b"),
        "[PHONE]",
    ),
    (re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), "[EMAIL]"),
    (
        re.compile(
            r"\b\d{4}-\d{2}-\d{2}\b"  # 2024-03-05
            r"|\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"  # 3/5/2024, 03/05/24
            rf"|\b{MONTH} \d{{1,2}}, \d{{4}}\b"  # March 5, 2024
            rf"|\b\d{{1,2}} {MONTH} \d{{4}}\b"  # 5 March 2024
        ),
        "[DATE]",
    ),
]


def whole_words(terms):
    """One case-insensitive pattern matching any of `terms` as whole words.

    Longer terms come first, so that a whole name wins over its words.
    """
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)


def name_terms(name):
    """The whole name, then each word of two or more letters."""
    words = re.findall(r"[^\W_]+", name)  # split at anything not a letter or digit
    words = [w for w in words if sum(ch.isalpha() for ch in w) >= 2]
    return [name.strip()] + words if name.strip() else []


def address_terms(address):
    """The whole address, then each comma-separated part that contains a digit."""
    parts = [p.strip() for p in address.split(",")]
    parts = [p for p in parts if any(ch.isdigit() for ch in p)]
    return [address.strip()] + parts if address.strip() else []


def scrub(note, name, address):
    for pattern, label in DETECTORS:
        note = pattern.sub(label, note)
    # The row's own name and address: one pattern each, built for every row.
    for terms, label in ((name_terms(name), "[NAME]"), (address_terms(address), "[ADDRESS]")):
        if terms:
            note = whole_words(terms).sub(label, note)
    return note


def main(argv):
    if len(argv) != 3:
        print("usage: scrub_baseline.py INPUT.csv OUTPUT.csv", file=sys.stderr)
        return 2
    with open(argv[1], newline="", encoding="utf-8-sig") as src, open(
        argv[2], "w", newline="", encoding="utf-8"
    ) as dst:
        reader = csv.reader(src)
        writer = csv.writer(dst, lineterminator="\n")
        header = next(reader)
        missing = [c for c in (NOTES, NAME, ADDRESS) if c not in header]
        if missing:
            print(f"error: {argv[1]}: missing column(s): {', '.join(missing)}", file=sys.stderr)
            return 2
        notes, name, address = (header.index(c) for c in (NOTES, NAME, ADDRESS))
        writer.writerow(header)
        for row in reader:
            row[notes] = scrub(row[notes], row[name], row[address])
            writer.writerow(row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
