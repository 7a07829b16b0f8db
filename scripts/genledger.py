#!/usr/bin/env python3
"""Write a valid hash-chained disclosure ledger of N entries, for benchmarks.

    python3 scripts/genledger.py OUT [--entries 200000] [--subjects 50000]
                                     [--seed 7] [--v1] [--start DATE] [--end DATE]

Every entry is a disclosure in the v2 layout: the v1 keys (seq, created_at,
disclosure_id, manifest_sha256, recipient, basis, reference,
categories_disclosed, subjects, records_disclosed, prev, hash) plus event,
recipient_name, recipient_address, basis_description, justification,
findings, operator, requested_by, method and per_subject ({id: {"records":
N, "categories": [...]}}, with "consents" for the consent basis). `--v1`
writes the v1 keys only.

Lines are canonical JSON (keys sorted at every level, no white space,
non-ASCII as UTF-8), `hash` included, as disclose writes them; `hash` is the
SHA-256 of the entry without `hash` in that form, `prev` the previous hash
(64 zeros for the first), seq counts from 1 and created_at never goes back.

Subjects are drawn from a pool of `--subjects` IDs (P-000001, ...), one to
five per entry, so each person appears in a handful of entries (about 12 at
the defaults). The output is deterministic for a given seed and is written
to a temporary file and renamed into place.
"""

import argparse
import hashlib
import json
import os
import random
import sys
from datetime import datetime, timezone

GENESIS = "0" * 64

CATEGORIES = [
    "administrative",
    "criminal_history",
    "employment_education",
    "identifiers",
    "medical",
    "substance_use",
    "supervision",
]

# recipient id -> (name, address)
RECIPIENTS = {
    "district-court": ("Franklin County Court of Common Pleas", "369 S High St, Columbus, OH 43215"),
    "municipal-court": ("Franklin County Municipal Court", "375 S High St, Columbus, OH 43215"),
    "columbus-police": ("Columbus Division of Police", "120 Marconi Blvd, Columbus, OH 43215"),
    "treatment-provider": ("Sunrise Recovery Services", "2200 E Main St, Columbus, OH 43209"),
    "state-auditor": ("Ohio Auditor of State", "88 E Broad St, Columbus, OH 43215"),
}

BASES = {
    "court-order": "Court order or legal mandate",
    "safety": "Imminent threat to public or personal safety",
    "audit": "Statutory audit of supervision records",
    "consent": "Inter-agency cooperation with the supervisee's written consent",
    "part2-order": "Court order authorizing disclosure of substance use disorder records (42 CFR part 2, subpart E)",
}

# (weight, recipient, basis, categories that may be disclosed)
PROFILES = [
    (40, "district-court", "court-order", ["criminal_history", "employment_education", "identifiers", "supervision"]),
    (20, "municipal-court", "court-order", ["criminal_history", "employment_education", "identifiers", "supervision"]),
    (3, "district-court", "part2-order", ["criminal_history", "identifiers", "substance_use", "supervision"]),
    (10, "columbus-police", "safety", ["criminal_history", "employment_education", "identifiers", "supervision"]),
    (20, "treatment-provider", "consent", ["employment_education", "identifiers", "medical", "substance_use", "supervision"]),
    (7, "state-auditor", "audit", ["criminal_history", "employment_education", "supervision"]),
]

OPERATORS = ["jdoe", "mfitzgerald", "tnguyen", "jbrennan", "lortiz", "kpatel", "records-unit"]

REQUESTERS = {
    "court-order": ["Assistant Prosecuting Attorney, Franklin County", "Office of the Public Defender", "Judge's chambers, Courtroom 6B", None],
    "part2-order": ["Assistant Prosecuting Attorney, Franklin County", None],
    "safety": ["Sgt. on duty, Zone 3", "Columbus Division of Police, Special Victims Bureau"],
    "consent": ["Intake coordinator, Sunrise Recovery Services", None],
    "audit": ["Ohio Auditor of State, Local Government Services"],
}

METHODS = ["file", "file", "file", "sftp", "secure e-mail", "court e-filing", "hand delivery"]

JUSTIFICATIONS = [
    "Supervisee made a specific threat against the victim during a home visit; police asked to locate him.",
    "Warrant service: officers need the current address and supervision conditions.",
    "Report of a weapon at the residence; disclosed to the responding officers.",
    "Supervisee absconded after a positive test; risk to the protected party.",
]

FINDINGS = [
    "The court finds good cause: other ways of obtaining the information are not available or would not be effective, and the public interest and need for the disclosure outweigh the potential injury to the patient, the physician-patient relationship and the treatment services.",
    "Good cause found after an in-camera hearing; disclosure limited to the parts of the record essential to the order's purpose.",
]


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def parse_day(text):
    return int(datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=timezone.utc).timestamp())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="ledger file to write (JSON Lines)")
    ap.add_argument("--entries", type=int, default=200_000)
    ap.add_argument("--subjects", type=int, default=50_000, help="size of the subject pool")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--v1", action="store_true", help="write the v1 keys only")
    ap.add_argument("--start", default="2019-01-02", help="date of the first entry (UTC)")
    ap.add_argument("--end", default="2026-12-01", help="date of the last entry (UTC)")
    args = ap.parse_args(argv)
    if args.entries < 0 or args.subjects < 5:
        ap.error("--entries must be >= 0 and --subjects >= 5")

    rng = random.Random(args.seed)
    start, end = parse_day(args.start), parse_day(args.end) + 86399
    if end < start:
        ap.error("--end is before --start")
    step = (end - start) / max(args.entries, 1)
    weights = [p[0] for p in PROFILES]
    width = max(6, len(str(args.subjects)))

    tmp = f"{args.out}.tmp{os.getpid()}"
    prev, t, total = GENESIS, float(start), 0
    with open(tmp, "wb") as out:
        for seq in range(1, args.entries + 1):
            # Non-decreasing; several entries may share a second.
            t = min(t + rng.random() * 2 * step, end)
            created_at = datetime.fromtimestamp(int(t), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            _, recipient, basis, allowed = rng.choices(PROFILES, weights)[0]
            subjects = sorted(
                f"P-{n:0{width}d}" for n in rng.sample(range(1, args.subjects + 1), rng.randint(1, 5))
            )
            per_subject = {}
            for s in subjects:
                cats = sorted(rng.sample(allowed, rng.randint(1, len(allowed))))
                info = {"records": rng.randint(1, 3), "categories": cats}
                if basis == "consent":
                    info["consents"] = [f"C-{created_at[:4]}-{rng.randint(1, 9999):04d}"]
                per_subject[s] = info
            categories = sorted({c for v in per_subject.values() for c in v["categories"]})
            reference = None
            if basis in ("court-order", "part2-order"):
                reference = f"CR-{created_at[:4]}-{rng.randint(100, 99999):05d}"
            elif basis == "audit":
                reference = f"AOS-{created_at[:4]}-{rng.randint(1, 400):03d}"
            entry = {
                "seq": seq,
                "created_at": created_at,
                "disclosure_id": f"{rng.getrandbits(128):032x}",
                "manifest_sha256": f"{rng.getrandbits(256):064x}",
                "recipient": recipient,
                "basis": basis,
                "reference": reference,
                "categories_disclosed": categories,
                "subjects": subjects,
                "records_disclosed": sum(v["records"] for v in per_subject.values()),
                "prev": prev,
            }
            if not args.v1:
                name, address = RECIPIENTS[recipient]
                entry.update(
                    {
                        "event": "disclosure",
                        "recipient_name": name,
                        "recipient_address": address,
                        "basis_description": BASES[basis],
                        "justification": rng.choice(JUSTIFICATIONS) if basis == "safety" else None,
                        "findings": rng.choice(FINDINGS) if basis == "part2-order" else None,
                        "operator": rng.choice(OPERATORS),
                        "requested_by": rng.choice(REQUESTERS[basis]),
                        "method": rng.choice(METHODS),
                        "per_subject": per_subject,
                    }
                )
            digest = hashlib.sha256(canonical(entry)).hexdigest()
            entry["hash"] = digest
            line = canonical(entry) + b"\n"
            out.write(line)
            total += len(line)
            prev = digest
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, args.out)
    print(f"{args.out}: {args.entries} entries, {total} bytes, last hash {prev}", file=sys.stderr)


if __name__ == "__main__":
    main()
