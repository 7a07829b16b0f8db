#!/usr/bin/env python3
"""Rebuild the name lists and the vocabulary under data/ from downloaded sources.

Usage:
    scripts/build_data.py --names DIR --dict FILE [--out data]

DIR holds dist.male.first, dist.female.first and dist.all.last (the US Census
1990 lists as shipped by the PyPI package `names` 0.3.0, in its `names/`
folder); FILE is SCOWL's /usr/share/dict/american-english from the Debian
package `wamerican`. data/README.md gives the download commands. Nothing is
fetched here; the output is deterministic for the same inputs.

Normalisation of every entry (data/README.md repeats it):
  1. NFKC, then lower-case (str.lower);
  2. written as is, and also with diacritics removed (NFD, combining marks
     dropped, NFC again) when that differs;
  3. one entry per line, no duplicates, sorted by code point (= UTF-8 byte
     order), '\n' line ends, no comments.
"""

import argparse
import os
import sys
import unicodedata

# Surnames are kept while the census's cumulative frequency (third column,
# percent of the 1990 sample population) is at most this value.
SURNAME_CUMULATIVE_CUT = 85.0
# A common_proper.txt word (a country, state, nationality) leaves the
# vocabulary when it is a first name at least this common (percent of the
# census sample in either first-name list): Virginia, Jordan, Christian go;
# the rare census entries German, Irish, China, Florida stay words.
COMMON_FIRST_NAME_FREQ = 0.010
# Census first-name entries that are English function words and never a
# name in a case note: left out of first_names.txt (`In March` is a month).
NOT_FIRST_NAMES = {"an", "in", "my", "so"}


def strip_marks(s):
    d = unicodedata.normalize("NFD", s)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def forms(word):
    w = unicodedata.normalize("NFKC", word).lower()
    out = {w}
    out.add(strip_marks(w))
    return out


def read_census(path, cut=None, min_freq=None):
    names = []
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 4:
                sys.exit("error: %s: unexpected line layout" % path)
            if cut is not None and float(parts[2]) > cut:
                break
            if min_freq is not None and float(parts[1]) < min_freq:
                continue
            names.append(parts[0])
    return names


def read_hand_list(path, sections=False):
    """Entries of a hand-written list: (term, keep_flag[, section]).

    A section is named by the last comment line that stands alone."""
    out = []
    section = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# "):
                section = line[2:].strip()
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            keep = line.endswith("!keep")
            if keep:
                line = line[: -len("!keep")].strip()
            out.append((line, keep, section) if sections else (line, keep))
    return out


def words_of(term):
    """The words of a multi-word term, split at spaces; hyphenated ones also whole."""
    out = []
    for w in term.split():
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


def write_list(path, entries):
    entries = sorted(set(e for e in entries if e))
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for e in entries:
            if "\n" in e or e != e.strip():
                sys.exit("error: bad entry in %s" % path)
            f.write(e + "\n")
    os.replace(tmp, path)
    return len(entries), os.path.getsize(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--names", required=True, help="folder with dist.male.first, dist.female.first, dist.all.last")
    ap.add_argument("--dict", required=True, help="SCOWL american-english word list (wamerican)")
    ap.add_argument("--out", default="data", help="output folder (default: data)")
    a = ap.parse_args()

    first = set()
    common_first = set()
    for fn in ("dist.male.first", "dist.female.first"):
        for n in read_census(os.path.join(a.names, fn)):
            first |= forms(n)
        for n in read_census(os.path.join(a.names, fn), min_freq=COMMON_FIRST_NAME_FREQ):
            common_first |= forms(n)
    first -= NOT_FIRST_NAMES
    all_last = read_census(os.path.join(a.names, "dist.all.last"))
    kept_last = read_census(os.path.join(a.names, "dist.all.last"), SURNAME_CUMULATIVE_CUT)
    last = set()
    for n in kept_last:
        last |= forms(n)

    vocab = set()
    stats = {"scowl_lower": 0, "scowl_caps": 0, "possessive": 0, "capitalised_dropped": 0}
    with open(a.dict, encoding="utf-8") as f:
        for line in f:
            w = line.strip()
            if not w:
                continue
            if w.endswith("'s"):
                stats["possessive"] += 1
                continue
            if w[0].islower():
                stats["scowl_lower"] += 1
                vocab |= forms(w)
            elif len(w) >= 2 and w.isupper():
                # Acronyms (AIDS, FBI, GPS): not person names.
                stats["scowl_caps"] += 1
                vocab |= forms(w)
            else:
                # Capitalised entries are mostly person and place names; the
                # ones that identify no one come from common_proper.txt.
                stats["capitalised_dropped"] += 1

    here = a.out
    dropped_proper = []
    for term, keep, section in read_hand_list(os.path.join(here, "common_proper.txt"), sections=True):
        words = words_of(term)
        if section.startswith("languages") and " " not in term and (term.endswith("an") or term.endswith("i")):
            words.append(term + "s")
        for w in words:
            fs = forms(w)
            if not keep and fs & common_first:
                dropped_proper.append(w)
                continue
            vocab |= fs
    for term, _ in read_hand_list(os.path.join(here, "domain_terms.txt")):
        for w in words_of(term):
            vocab |= forms(w)

    for name, entries in (("first_names.txt", first), ("surnames.txt", last), ("vocabulary.txt", vocab)):
        n, size = write_list(os.path.join(here, name), entries)
        print("%-16s %7d entries %8d bytes" % (name, n, size))
    print("surnames kept: %d of %d census entries (cumulative <= %.1f%%)"
          % (len(kept_last), len(all_last), SURNAME_CUMULATIVE_CUT))
    print("scowl: %(scowl_lower)d lower-case, %(scowl_caps)d acronyms kept; %(possessive)d possessives and "
          "%(capitalised_dropped)d capitalised entries left out" % stats)
    print("common_proper entries left out as first names: %s" % ", ".join(sorted(set(dropped_proper))))


if __name__ == "__main__":
    main()
