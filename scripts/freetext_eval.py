#!/usr/bin/env python3
"""Score a build of disclose on labelled free text.

    scripts/freetext_eval.py --disclose target/debug/disclose \\
        --corpus data/eval/probation_notes.jsonl [--mode scrub|allowlist] \\
        [--no-subject] [--repeat N] [--json report.json] [--keep-work DIR]

    scripts/freetext_eval.py --make-presidio /tmp/presidio.jsonl [--seed 42] [--sentences 3000]

Corpus: JSONL, one note a line: {"text": ..., "subject": {"name": ..., "address":
...}, "spans": [{"start": s, "end": e, "type": T}]}. Offsets are Python str
indices (code points) into `text`, end exclusive. `subject` may be missing;
--no-subject ignores it (nothing about the person is known to disclose). A
span may carry `"subject": true` (the person's own identifier: scored
separately as the subject leak rate) and `"variants": [...]` (recall is also
given per variant).

What it does: writes a CSV (person_id, full_name, address, narrative_notes)
and a policy that classifies those fields (full_name kind "name", address
kind "address", narrative_notes kind "text") with one profile that keeps
person_id and scrubs narrative_notes with every built-in detector — and, in
allowlist mode, `[scrub] mode = "allowlist"` — then runs `disclose apply`,
aligns each output note with its input (replacements are `[LABEL]`) and
reports, per span type, recall (a span is found when at least 80% of its
non-space characters were replaced), precision (the share of replacements
that overlap some labelled span, of any type), the leak rate (of the notes
that contain a direct identifier, the share in which at least one
direct-identifier span was not found; also given over all notes) and notes
per second of the disclose run. A binary that rejects the allowlist policy
(exit 2, naming the `mode` key) is reported as "unsupported" for that mode.

Direct identifiers: PERSON, ADDRESS, PHONE, SSN, EMAIL, CARD, IBAN, IP, URL,
ZIP. Not direct: DATE (a date alone names no one; SPEC 8.3 keeps bare years
and weekdays), LOCATION (city, county, country), ORG (employers, providers).
They are still scored for recall, and replacing them is not a false positive.

The outside corpus comes from presidio-evaluator's sentence faker, installed
in a virtualenv outside the repository:

    python3 -m venv /tmp/fd-venv && /tmp/fd-venv/bin/pip install presidio-evaluator
    /tmp/fd-venv/bin/python scripts/freetext_eval.py --make-presidio /tmp/presidio.jsonl

Its entity types are mapped as in PRESIDIO_TYPES below (data/eval/README.md).
"""

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

DIRECT = ("PERSON", "ADDRESS", "PHONE", "SSN", "EMAIL", "CARD", "IBAN", "IP", "URL", "ZIP")
ALL_TYPES = DIRECT + ("DATE", "LOCATION", "ORG")
FOUND_SHARE = 0.8

# presidio-evaluator entity type -> ours (None: not an identifier, not scored)
PRESIDIO_TYPES = {
    "PERSON": "PERSON",
    "FIRST_NAME": "PERSON",
    "LAST_NAME": "PERSON",
    "NAME": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "ADDRESS": "ADDRESS",
    "BUILDING_NUMBER": "ADDRESS",
    "ZIP_CODE": "ZIP",
    "ZIPCODE": "ZIP",
    "POSTCODE": "ZIP",
    "PHONE_NUMBER": "PHONE",
    "US_SSN": "SSN",
    "SSN": "SSN",
    "EMAIL_ADDRESS": "EMAIL",
    "EMAIL": "EMAIL",
    "CREDIT_CARD": "CARD",
    "IBAN_CODE": "IBAN",
    "IBAN": "IBAN",
    "IP_ADDRESS": "IP",
    "URL": "URL",
    "DOMAIN_NAME": "URL",
    "DATE_TIME": "DATE",
    "DATE": "DATE",
    "GPE": "LOCATION",
    "LOCATION": "LOCATION",
    "CITY": "LOCATION",
    "STATE": "LOCATION",
    "COUNTRY": "LOCATION",
    "ORGANIZATION": "ORG",
    "ORG": "ORG",
    "COMPANY": "ORG",
    "NRP": None,  # nationality, religious or political group
    "TITLE": None,
    "AGE": None,
    "SEX": None,
    "GENDER": None,
}

POLICY = """version = 1
agency = "Free-text evaluation"
subject_field = "person_id"
unclassified = "error"

[categories]
identifiers = "Personal identifiers"
supervision = "Supervision notes"

[fields]
person_id       = {{ category = "identifiers" }}
full_name       = {{ category = "identifiers", kind = "name" }}
address         = {{ category = "identifiers", kind = "address" }}
narrative_notes = {{ category = "supervision", kind = "text" }}

[recipients.evaluation]
name = "Evaluation"

[bases.evaluation]
description = "Measuring the free-text scrubber"
{scrub}
[[profiles]]
recipient = "evaluation"
basis = "evaluation"
[profiles.fields]
person_id = "keep"
narrative_notes = "scrub"
"""

PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_-]*\]")
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}


def load_corpus(path):
    notes = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                notes.append(json.loads(line))
    return notes


# --- running disclose ---------------------------------------------------------

def run_disclose(binary, notes, mode, use_subject, workdir, repeat=1):
    csv_in = os.path.join(workdir, "notes.csv")
    with open(csv_in, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["person_id", "full_name", "address", "narrative_notes"])
        for copy in range(repeat):
            for i, n in enumerate(notes):
                subj = n.get("subject") or {}
                name = subj.get("name", "") if use_subject else ""
                addr = subj.get("address", "") if use_subject else ""
                pid = "E%06d" % (i + 1) if copy == 0 else "E%06d-%d" % (i + 1, copy)
                w.writerow([pid, name, addr, n["text"]])
    scrub = '\n[scrub]\nmode = "allowlist"\n' if mode == "allowlist" else ""
    policy = os.path.join(workdir, "policy.toml")
    with open(policy, "w", encoding="utf-8") as f:
        f.write(POLICY.format(scrub=scrub))
    out = os.path.join(workdir, "out.csv")
    cmd = [binary, "apply", "--policy", policy, "--to", "evaluation", "--basis", "evaluation",
           "--ledger", os.path.join(workdir, "ledger.jsonl"), "--no-csv-formula-guard",
           "-q", "--force", "-o", out, csv_in]
    env = dict(os.environ, SOURCE_DATE_EPOCH="1790000000")
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        return None, elapsed, p.returncode, p.stderr.strip()
    outputs = {}
    with open(out, encoding="utf-8", newline="") as f:
        r = csv.DictReader(f)
        for row in r:
            outputs[row["person_id"]] = row["narrative_notes"]
    result = [outputs.get("E%06d" % (i + 1)) for i in range(len(notes))]
    return result, elapsed, 0, ""


# --- alignment ----------------------------------------------------------------

def align(original, output):
    """Which characters of `original` did `output` replace, and the replacements.

    The output is the original with some runs replaced by `[LABEL]`; everything
    else is verbatim. Returns (replaced: list[bool], regions: list[(start, end,
    label)]) or None when the output cannot be explained that way."""
    pieces = PLACEHOLDER.split(output)
    labels = PLACEHOLDER.findall(output)
    if not labels:
        if output == original:
            return [False] * len(original), []
        return None
    # Exact parse: the output is a glob pattern over the original, each
    # placeholder standing for one or more characters. Greedy wildcard
    # matching (backtracking only to the last placeholder) finds a parse
    # whenever one exists, in polynomial time, and gives each replacement the
    # shortest extent that lets the rest match: the conservative reading.
    ANY, STAR = object(), object()
    pat = []
    owner = {}  # pattern index of a STAR -> placeholder number
    for i, piece in enumerate(pieces):
        pat.extend(piece)
        if i < len(labels):
            pat.append(ANY)
            owner[len(pat)] = i
            pat.append(STAR)
    n, m = len(original), len(pat)
    p = t = 0
    star = -1
    mark = 0
    extent = {}  # placeholder -> [start, end]
    while t < n:
        if p < m and pat[p] is not STAR and (pat[p] is ANY or pat[p] == original[t]):
            p += 1
            t += 1
        elif p < m and pat[p] is STAR:
            star, mark = p, t
            extent[owner[p]] = [t - 1, t]
            p += 1
        elif star != -1:
            p = star + 1
            mark += 1
            t = mark
            extent[owner[star]][1] = mark
        else:
            return align_difflib(original, output, labels)
    while p < m and pat[p] is STAR:
        extent[owner[p]] = [t - 1, t]
        p += 1
    if p != m or len(extent) != len(labels):
        return align_difflib(original, output, labels)
    replaced = [False] * len(original)
    regions = []
    for i, label in enumerate(labels):
        s, e = extent[i]
        for k in range(s, e):
            replaced[k] = True
        regions.append((s, e, label[1:-1]))
    return replaced, regions


FALLBACKS = [0]


def align_difflib(original, output, labels):
    import difflib
    FALLBACKS[0] += 1
    # Each placeholder becomes one private-use character, so it cannot match
    # any original character.
    marks = [chr(0xF0000 + i) for i in range(len(labels))]
    it = iter(marks)
    out2 = PLACEHOLDER.sub(lambda _m: next(it), output)
    sm = difflib.SequenceMatcher(None, original, out2, autojunk=False)
    replaced = [False] * len(original)
    regions = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for k in range(i1, i2):
            replaced[k] = True
        seg_labels = [labels[ord(c) - 0xF0000] for c in out2[j1:j2] if ord(c) >= 0xF0000]
        if i2 > i1:
            regions.append((i1, i2, seg_labels[0][1:-1] if seg_labels else "?"))
    return replaced, regions


# --- scoring --------------------------------------------------------------------

def countable(c):
    return not c.isspace() and c not in INVISIBLE and unicodedata.category(c) != "Cf"


def score(notes, outputs):
    per_type = {t: [0, 0] for t in ALL_TYPES}  # found, total
    per_variant = {}
    regions_total = regions_ok = 0
    per_label = {}
    leaks = strict_leaks = subject_leaks = 0
    subject_notes = 0
    misaligned = 0
    direct_notes = 0
    missed_examples = []
    fp_examples = []
    for n, out in zip(notes, outputs):
        text = n["text"]
        spans = [s for s in n["spans"] if s["type"] in per_type]
        if out is None:
            misaligned += 1
            continue
        a = align(text, out)
        if a is None:
            misaligned += 1
            continue
        replaced, regions = a
        leaked = strict = subject_leaked = False
        has_direct = has_subject = False
        for s in spans:
            idx = [k for k in range(s["start"], s["end"]) if countable(text[k])]
            hit = sum(1 for k in idx if replaced[k])
            found = bool(idx) and hit >= FOUND_SHARE * len(idx)
            per_type[s["type"]][1] += 1
            per_type[s["type"]][0] += found
            for v in s.get("variants", []):
                pv = per_variant.setdefault(v, [0, 0])
                pv[1] += 1
                pv[0] += found
            if s["type"] in DIRECT:
                has_direct = True
                if s.get("subject"):
                    has_subject = True
                    subject_leaked |= not found
                if not found:
                    leaked = True
                    if len(missed_examples) < 400:
                        missed_examples.append((s["type"], text[s["start"]:s["end"]]))
                if hit == 0:
                    strict = True
        direct_notes += has_direct
        subject_notes += has_subject
        subject_leaks += subject_leaked
        leaks += leaked
        strict_leaks += strict
        for (s0, e0, label) in regions:
            ok = any(s["start"] < e0 and s0 < s["end"] for s in spans)
            regions_total += 1
            regions_ok += ok
            pl = per_label.setdefault(label, [0, 0])
            pl[0] += ok
            pl[1] += 1
            if not ok and len(fp_examples) < 400:
                fp_examples.append((label, text[s0:e0]))
    scored = len(notes) - misaligned
    return {
        "notes": len(notes),
        "scored": scored,
        "misaligned": misaligned,
        "difflib_fallbacks": FALLBACKS[0],
        "recall": {t: {"found": f, "total": tot, "recall": (f / tot if tot else None)}
                   for t, (f, tot) in per_type.items()},
        "direct_recall": _ratio(sum(per_type[t][0] for t in DIRECT), sum(per_type[t][1] for t in DIRECT)),
        "replacements": regions_total,
        "precision": _ratio(regions_ok, regions_total),
        "per_label": {l: {"correct": c, "total": t} for l, (c, t) in sorted(per_label.items())},
        "leak_rate": _ratio(leaks, direct_notes),
        "leak_rate_all_notes": _ratio(leaks, scored),
        "strict_leak_rate": _ratio(strict_leaks, direct_notes),
        "notes_with_direct": direct_notes,
        "subject_leak_rate": _ratio(subject_leaks, subject_notes),
        "notes_with_subject_spans": subject_notes,
        "per_variant": {v: {"found": f, "total": t} for v, (f, t) in sorted(per_variant.items())},
        "missed_examples": missed_examples,
        "false_positive_examples": fp_examples,
    }


def _ratio(a, b):
    return a / b if b else None


def pct(x):
    return "n/a" if x is None else "%.1f%%" % (100 * x)


def print_report(r, args, elapsed):
    print("corpus: %s (%d notes, %d scored, %d not alignable)" % (args.corpus, r["notes"], r["scored"], r["misaligned"]))
    if r["difflib_fallbacks"]:
        print("note: %d notes changed outside [LABEL] replacements; aligned with difflib" % r["difflib_fallbacks"])
    print("mode: %s; subject known: %s; disclose: %s" % (args.mode, args.subject_state, args.disclose))
    print("direct identifiers: %s (not: DATE, LOCATION, ORG)" % ", ".join(DIRECT))
    print("a span is found when >= %d%% of its non-space characters are replaced" % (FOUND_SHARE * 100))
    print()
    print("%-9s %7s %7s %8s" % ("type", "found", "total", "recall"))
    for t in ALL_TYPES:
        x = r["recall"][t]
        if x["total"]:
            print("%-9s %7d %7d %8s%s" % (t, x["found"], x["total"], pct(x["recall"]), "" if t in DIRECT else "  (not direct)"))
    print("%-9s %15s %8s" % ("direct", "", pct(r["direct_recall"])))
    print()
    print("precision: %s of %d replacements overlap a labelled span" % (pct(r["precision"]), r["replacements"]))
    for l, x in r["per_label"].items():
        print("  [%s] %d/%d" % (l, x["correct"], x["total"]))
    print("leak rate: %s of the %d notes with a direct identifier keep one not found (%s of all notes)"
          % (pct(r["leak_rate"]), r["notes_with_direct"], pct(r["leak_rate_all_notes"])))
    print("strict leak rate: %s of them keep one wholly untouched" % pct(r["strict_leak_rate"]))
    if r["notes_with_subject_spans"]:
        print("subject leak rate: %s of the %d notes with spans marked \"subject\" keep one of them not found"
              % (pct(r["subject_leak_rate"]), r["notes_with_subject_spans"]))
    rows = r["notes"] * args.repeat
    print("throughput: %.0f notes/s (%d notes in %.2f s, one disclose run, process start included)"
          % (rows / elapsed if elapsed else 0, rows, elapsed))
    if r["per_variant"]:
        print()
        print("recall of the spans written with a variant:")
        for v, x in r["per_variant"].items():
            print("  %-28s %3d/%-3d %s" % (v, x["found"], x["total"], pct(x["found"] / x["total"] if x["total"] else None)))


# --- presidio corpus -------------------------------------------------------------

def unescape_newlines(text, spans):
    new = []
    where = []  # old index -> new index
    i = 0
    while i < len(text):
        where.append(len(new))
        if text.startswith("\\n", i):
            where.append(len(new))
            new.append("\n")
            i += 2
        else:
            new.append(text[i])
            i += 1
    where.append(len(new))
    moved = [dict(sp, start=where[sp["start"]], end=where[sp["end"]]) for sp in spans]
    return "".join(new), [sp for sp in moved if sp["start"] < sp["end"]]


def make_presidio(path, seed, count):
    try:
        from presidio_evaluator.data_generator import PresidioSentenceFaker
    except ImportError as e:
        sys.exit("error: presidio-evaluator is not importable (%s); install it in a virtualenv: "
                 "python3 -m venv /tmp/fd-venv && /tmp/fd-venv/bin/pip install presidio-evaluator" % e)
    import random
    random.seed(seed)
    try:
        import numpy
        numpy.random.seed(seed)
    except ImportError:
        pass
    faker = PresidioSentenceFaker("en_US", lower_case_ratio=0.05, random_seed=seed)
    samples = faker.generate_new_fake_sentences(num_samples=count)
    unmapped = {}
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for s in samples:
            spans = []
            for sp in s.spans:
                t = PRESIDIO_TYPES.get(sp.entity_type, "?")
                if t == "?":
                    unmapped[sp.entity_type] = unmapped.get(sp.entity_type, 0) + 1
                    continue
                if t is None:
                    continue
                start, end = sp.start_position, sp.end_position
                # trim white space so the span format holds
                while start < end and s.full_text[start].isspace():
                    start += 1
                while end > start and s.full_text[end - 1].isspace():
                    end -= 1
                if start < end:
                    spans.append({"start": start, "end": end, "type": t, "source_type": sp.entity_type})
            text = s.full_text
            if "\\n" in text:
                # Some templates hold a literal backslash-n for a line break;
                # write a real one and move the offsets with it.
                text, spans = unescape_newlines(text, spans)
            spans.sort(key=lambda x: x["start"])
            # drop overlaps (keep the first)
            kept = []
            for sp in spans:
                if kept and sp["start"] < kept[-1]["end"]:
                    continue
                kept.append(sp)
            f.write(json.dumps({"text": text, "spans": kept}, ensure_ascii=False) + "\n")
            n += 1
    print("%d sentences -> %s" % (n, path))
    if unmapped:
        print("unmapped entity types (not scored): " + ", ".join("%s %d" % kv for kv in sorted(unmapped.items())))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--disclose", help="path to the disclose binary")
    ap.add_argument("--corpus", help="labelled JSONL corpus")
    ap.add_argument("--mode", choices=["scrub", "allowlist"], default="scrub")
    ap.add_argument("--no-subject", action="store_true", help="leave full_name and address empty")
    ap.add_argument("--json", metavar="FILE", help="also write the full report as JSON")
    ap.add_argument("--keep-work", metavar="DIR", help="keep the generated CSV, policy and output in DIR")
    ap.add_argument("--repeat", type=int, default=1,
                    help="write the corpus N times into the input, for a throughput figure not dominated "
                         "by process start; only the first copy is scored")
    ap.add_argument("--make-presidio", metavar="FILE", help="generate the presidio-evaluator corpus and exit")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--sentences", type=int, default=3000)
    a = ap.parse_args()
    if a.make_presidio:
        make_presidio(a.make_presidio, a.seed, a.sentences)
        return 0
    if not a.disclose or not a.corpus:
        ap.error("--disclose and --corpus are required")
    notes = load_corpus(a.corpus)
    if a.no_subject:
        a.subject_state = "no (--no-subject)"
    elif any(n.get("subject") for n in notes):
        a.subject_state = "yes (name and address from the corpus)"
    else:
        a.subject_state = "no (the corpus names none)"
    work = a.keep_work or tempfile.mkdtemp(prefix="freetext-eval-")
    os.makedirs(work, exist_ok=True)
    try:
        outputs, elapsed, rc, err = run_disclose(os.path.abspath(a.disclose), notes, a.mode, not a.no_subject, work, a.repeat)
    finally:
        if not a.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    if outputs is None:
        if a.mode == "allowlist" and rc == 2 and "mode" in err:
            print("mode allowlist: unsupported by this binary (disclose apply exit %d: %s)" % (rc, err.splitlines()[0] if err else ""))
            if a.json:
                with open(a.json, "w") as f:
                    json.dump({"mode": a.mode, "unsupported": True, "error": err}, f, indent=1)
            return 0
        sys.exit("error: disclose apply failed (exit %d): %s" % (rc, err))
    r = score(notes, outputs)
    print_report(r, a, elapsed)
    if a.json:
        r.update({"mode": a.mode, "subject_known": not a.no_subject, "corpus": a.corpus,
                  "seconds": elapsed})
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
