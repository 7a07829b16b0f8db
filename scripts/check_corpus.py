#!/usr/bin/env python3
"""Validate a labelled corpus in the span format of data/eval/README.md.

    scripts/check_corpus.py FILE.jsonl [--min-notes 200]

Checks every line: `text` is a string; spans lie inside it (Python str
indices, end exclusive), do not overlap, are not empty, neither start nor end
with white space, and carry a known type (PERSON spans that do not begin
with a capital are counted, not refused: an outside corpus lower-cases some); `subject`, when present, has `name`
and `address` strings. Prints counts per type and per variant; exit 1 on the
first problem.
"""

import argparse
import collections
import json
import sys

TYPES = {"PERSON", "ADDRESS", "PHONE", "SSN", "EMAIL", "DATE", "CARD", "IBAN", "IP",
         "URL", "ZIP", "LOCATION", "ORG"}


def fail(path, lineno, msg):
    sys.exit("error: %s:%d: %s" % (path, lineno, msg))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path")
    ap.add_argument("--min-notes", type=int, default=0)
    a = ap.parse_args()
    types = collections.Counter()
    variants = collections.Counter()
    n = 0
    lower_names = 0
    with open(a.path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            rec = json.loads(line)
            text = rec.get("text")
            if not isinstance(text, str) or not text:
                fail(a.path, lineno, "no text")
            subj = rec.get("subject")
            if subj is not None and not (isinstance(subj.get("name"), str) and isinstance(subj.get("address"), str)):
                fail(a.path, lineno, "subject needs name and address strings")
            last_end = 0
            for sp in sorted(rec["spans"], key=lambda s: s["start"]):
                s, e, t = sp["start"], sp["end"], sp["type"]
                if t not in TYPES:
                    fail(a.path, lineno, "unknown type %r" % t)
                if not (0 <= s < e <= len(text)):
                    fail(a.path, lineno, "span %d-%d outside the text" % (s, e))
                if s < last_end:
                    fail(a.path, lineno, "span %d-%d overlaps the one before" % (s, e))
                frag = text[s:e]
                if frag != frag.strip():
                    fail(a.path, lineno, "span %d-%d starts or ends with white space" % (s, e))
                if t in ("PHONE", "SSN", "ZIP", "CARD", "IP") and not any(c.isdigit() for c in frag):
                    fail(a.path, lineno, "%s span %d-%d has no digit" % (t, s, e))
                if t == "PERSON" and not frag[0].isupper():
                    lower_names += 1
                last_end = e
                types[t] += 1
            for v in rec.get("variants", []):
                variants[v] += 1
            n += 1
    if n < a.min_notes:
        sys.exit("error: %s: %d notes, fewer than %d" % (a.path, n, a.min_notes))
    print("%s: %d notes, %d spans, ok" % (a.path, n, sum(types.values())))
    print("  types: " + ", ".join("%s %d" % kv for kv in sorted(types.items())))
    if lower_names:
        print("  note: %d PERSON spans do not begin with a capital" % lower_names)
    if variants:
        print("  variants: " + ", ".join("%s %d" % kv for kv in sorted(variants.items())))


if __name__ == "__main__":
    main()
