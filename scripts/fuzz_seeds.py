#!/usr/bin/env python3
"""Write the fuzz seed corpus (fuzz/corpus/TARGET/) from the fixtures.

Small files: the fixture exports split into a few records each, the
policies the tests use, and a handful of edge cases. Run from anywhere:

    python3 scripts/fuzz_seeds.py

The output is deterministic; the committed corpus is what this writes.
"""

import csv
import io
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "fixtures"
CORPUS = ROOT / "fuzz" / "corpus"


def csv_chunks(n_chunks=6, per=3):
    """Header plus `per` records, for the first `n_chunks` chunks."""
    text = (FIX / "cases.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, records = rows[0], rows[1:]
    out = []
    for i in range(n_chunks):
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(records[i * per : (i + 1) * per])
        out.append(buf.getvalue().encode("utf-8"))
    return out


def json_records():
    return json.loads((FIX / "cases.json").read_text(encoding="utf-8"))


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_chunks(n_chunks=4, per=2):
    recs = json_records()
    return [
        ("[\n" + ",\n".join(compact(r) for r in recs[i * per : (i + 1) * per]) + "\n]\n").encode()
        for i in range(n_chunks)
    ]


def ndjson_chunks(n_chunks=4, per=2):
    lines = (FIX / "cases.ndjson").read_text(encoding="utf-8").splitlines(keepends=True)
    return [
        "".join(lines[10 + i * per : 10 + (i + 1) * per]).encode()
        for i in range(n_chunks)
    ]


CSV_EDGES = {
    "bom-crlf-quoted-header.csv": b'\xef\xbb\xbf"person_id","offense"\r\nP-1,"a, ""b""\nc"\nP-2,=cmd\r\n',
    "header-only.csv": b"person_id,ssn\n",
    "short-row.csv": b"person_id,ssn\nP-1\n",
    "formula.csv": b"person_id,offense,phone\nP-1,@SUM(A1),-3.5\nP-2,+1 509 555 0133,\tx\n",
}

JSON_EDGES = {
    "numbers.json": b'[{"person_id":"P-1","risk_score":1e999,"case_number":12345678901234567890123456789012345678901,"offense":-0}]\n',
    "escapes.json": b'[{"person_id":"P-\\u00e9","offense":"a\\"b\\\\c\\/\\ud83d\\ude00\\u0001"}]',
    "nested.ndjson": b'{"person_id":"P-1","person":{"name":"Ann Lee","aliases":["A",null,""],"ssn":"123-45-6789"},"charges":[{"code":"1","victim":"Bo"}]}\n\n{"person_id":"P-2"}',
    "empty-array.json": b"[]",
}


def policies():
    """The fixture policy (terms inline: the fuzzer reads no files) and the
    pipeline target's policy."""
    providers = [
        line.strip()
        for line in (FIX / "providers.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    fixture = (FIX / "policy.toml").read_text(encoding="utf-8")
    fixture = fixture.replace(
        'terms_file = "providers.txt"', "terms = " + json.dumps(providers)
    )
    out = {"fixture-policy.toml": fixture.encode()}
    pipeline = (ROOT / "fuzz" / "fuzz_targets" / "pipeline.rs").read_text(encoding="utf-8")
    m = re.search(r'const POLICY: &str = r#"(.*?)"#;', pipeline, re.S)
    out["pipeline-policy.toml"] = m.group(1).encode()
    out["minimal.toml"] = b"""version = 1
subject_field = "id"
[categories]
a = "A"
[fields]
id = { category = "a" }
[recipients.r]
[bases.b]
[[profiles]]
recipient = "r"
basis = "b"
[profiles.categories]
a = "keep"
"""
    return out


def write(target, files):
    """Replace the seeds of `target`, keeping the regress-* files: inputs
    that once failed the target, kept as seeds so that every run tries
    them first."""
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    for old in d.iterdir():
        if not old.name.startswith("regress-"):
            old.unlink()
    for name, data in files.items():
        (d / name).write_bytes(data)


def main():
    csvs = {f"cases-{i}.csv": c for i, c in enumerate(csv_chunks())}
    csvs.update(CSV_EDGES)
    write("csv_reader", csvs)

    jsons = {f"cases-{i}.json": c for i, c in enumerate(json_chunks())}
    jsons.update({f"cases-{i}.ndjson": c for i, c in enumerate(ndjson_chunks())})
    jsons.update(JSON_EDGES)
    write("json_reader", jsons)

    write("policy", policies())

    # pipeline: the first byte picks the format (0 CSV, 1 JSON, 2 NDJSON).
    pipe = {}
    for name, data in {**csvs, **jsons}.items():
        selector = {"csv": 0, "json": 1, "ndjson": 2}[name.rsplit(".", 1)[1]]
        pipe[name] = bytes([selector]) + data
    # Keys that only look like classified ones, and single values where the
    # policy classifies paths below: every run must fail or withhold them.
    for i, key in enumerate(["SSN", "ss\u200bn", "\uff53\uff53\uff4e", "s\u00adsn", "\ufeffssn"]):
        record = {"person_id": "P-1", "person": {"name": "Ann Lee", key: "425-76-7733"}}
        pipe[f"look-alike-{i}.ndjson"] = bytes([2]) + (json.dumps(record, ensure_ascii=False) + "\n").encode()
    shapes = [
        {"person_id": "P-1", "notes": "Ann Lee called 614-555-0182"},
        {"person_id": "P-2", "notes": ["Ann Lee", 42, True, None, ""]},
        {"person_id": "P-3", "person": "425-76-7733", "supervision": 7},
        {"person_id": "P-4", "charges": "victim Ann Lee", "notes": [{"text": "x"}]},
    ]
    pipe["shapes.ndjson"] = bytes([2]) + "".join(json.dumps(r) + "\n" for r in shapes).encode()
    pipe["shape-column.csv"] = bytes([0]) + b"person_id,notes,Person.SSN\nP-1,Ann Lee,425-76-7733\n"
    write("pipeline", pipe)


if __name__ == "__main__":
    main()
