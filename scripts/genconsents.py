#!/usr/bin/env python3
"""Write a consent registry of N rows for benchmarks.

    python3 scripts/genconsents.py OUT [--consents 100000] [--subjects 110000]
                                       [--seed 11]

Columns: consent_id, subject, recipient, bases, categories, purpose, signed,
expires, revoked, as SPEC 8.5 and disclose-policy(5) describe them. Subjects
are drawn from P-000001 ... (the IDs examples/gencases.rs writes); four
rows in ten name the treatment provider by id, one by kind, one `*`, the
rest other recipients (so that about as many records go out as with the
export's own consent fields); some have expired, a tenth are revoked, some
are signed after 2026-12-02, and the categories are random subsets of the
fixture policy's. Deterministic for a seed;
written to a temporary file and renamed into place.
"""

import argparse
import os
import random

CATEGORIES = ["identifiers", "criminal_history", "medical", "employment_education",
              "supervision", "administrative", "substance_use"]
RECIPIENTS = ["treatment-provider"] * 4 + ["treatment", "*", "court", "district-court", "columbus-police", "municipal-court"]


def iso(day):
    """Day number (0 = 2024-01-01) to an ISO date, 360-day calendar kept valid."""
    year, rest = divmod(day, 336)
    month, dom = divmod(rest, 28)
    return f"{2024 + year:04d}-{month + 1:02d}-{dom + 1:02d}"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--consents", type=int, default=100_000)
    p.add_argument("--subjects", type=int, default=110_000)
    p.add_argument("--seed", type=int, default=11)
    a = p.parse_args()
    r = random.Random(a.seed)
    today = 2 * 336 + 11 * 28 + 1  # 2026-12-02
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write("consent_id,subject,recipient,bases,categories,purpose,signed,expires,revoked\n")
        for n in range(a.consents):
            subject = f"P-{r.randrange(a.subjects) + 1:06d}"
            recipient = r.choice(RECIPIENTS)
            bases = "consent" if r.random() < 0.9 else "*"
            if r.random() < 0.1:
                cats = "*"
            else:
                cats = ";".join(sorted(r.sample(CATEGORIES, r.randrange(1, 5))))
            signed = today - r.randrange(-20, 700)
            kind = r.random()
            expires = signed + r.randrange(30, 800) if kind > 0.05 else None
            revoked = signed + r.randrange(1, 400) if kind > 0.9 else None
            f.write(",".join([
                f"C-{n + 1:07d}", subject, recipient, bases, cats,
                '"Treatment coordination, drug test results"',
                iso(signed), iso(expires) if expires else "", iso(revoked) if revoked else "",
            ]) + "\n")
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
