#!/usr/bin/env python3
"""Generate a second labelled corpus of probation case notes, in styles the
first one lacks: officer shorthand, notes in capitals, header lines,
collateral-contact lists, lower-case names, word names (Hunter, Faith),
rural routes, seven-digit and bare phone numbers.

Written after the detectors and without reading them, as a held-out test;
it then served to find misses, so its figures are no longer held out (the
README says so).

Deterministic (fixed seed). Every note is built from pieces; a piece is either
plain text or (text, TYPE, subject?, variant). Offsets are computed from the
pieces after any case transform, never counted by hand.

    python3 scripts/make_casenote_styles.py [data/eval/casenote_styles.jsonl]
"""
import json
import random
import sys
import unicodedata

SEED = 20261203
N_NOTES = 150

# ---------------------------------------------------------------- pools ----
# (first, last, gender) for subjects: some with accents, some with word names
SUBJECTS = [
    ("José", "Ruiz", "m"), ("Renée", "Dubois", "f"), ("Zoë", "Kowalczyk", "f"),
    ("Tomás", "Gutiérrez", "m"), ("Dolores", "Peña", "f"), ("Björn", "Lindqvist", "m"),
    ("Siobhán", "O'Connell", "f"), ("Çağlar", "Öztürk", "m"), ("François", "Lefèvre", "m"),
    ("Thị Lan", "Nguyễn", "f"), ("Oluwaseun", "Adeyemi", "m"), ("Aaliyah", "Washington", "f"),
    ("DeShawn", "Pruitt", "m"), ("Hunter", "Grant", "m"), ("Faith", "Little", "f"),
    ("Will", "Bishop", "m"), ("Rose", "Hunter", "f"), ("Bill", "Strong", "m"),
    ("Priya", "Raghunathan", "f"), ("Mohamed", "Abdi", "m"), ("Xochitl", "Hernández", "f"),
    ("Dmitri", "Volkov", "m"), ("Ngozi", "Okonkwo-Bell", "f"), ("Tevita", "Fifita", "m"),
    ("Kayleigh", "McAllister", "f"), ("Jamal", "Al-Sayed", "m"), ("Mei", "Zhang", "f"),
    ("Grant", "Wise", "m"), ("María José", "Núñez", "f"), ("Andrés", "De La Cruz", "m"),
]

# third parties: (first, last, gender)
THIRD = [
    ("Linda", "Ortiz", "f"), ("Chidi", "Okafor", "m"), ("Ngozi", "Okafor", "f"), ("Fatima", "Haddad", "f"),
    ("Rajesh", "Chaudhry", "m"), ("Svetlana", "Petrova", "f"), ("Kwame", "Mensah", "m"),
    ("Wei", "Chen", "m"), ("Hiroshi", "Yamamoto", "m"), ("Padraig", "Walsh", "m"),
    ("Gabriela", "García-López", "f"), ("Ana", "Wójcik-Baptiste", "f"), ("Amara", "Nwosu", "f"),
    ("Yusuf", "Demir", "m"), ("Leilani", "Kahale", "f"), ("Aiyana", "Begay", "f"),
    ("Darnell", "Yazzie", "m"), ("Hamza", "Chaudhry", "m"), ("Anh", "Tran", "f"),
    ("Keisha", "Pierre-Louis", "f"), ("Tyrone", "Baptiste", "m"), ("Ingrid", "Johansson", "f"),
    ("Hunter", "Rose", "m"), ("Faith", "Osei", "f"), ("Will", "Baptiste", "m"), ("Grant", "Hollis", "m"),
    ("Bill", "Price", "m"), ("Rose", "Mbeki", "f"), ("Hope", "Adeyemi", "f"), ("Joy", "Fontaine", "f"),
    ("Amber", "Young", "f"), ("Crystal", "Black", "f"), ("Destiny", "Cash", "f"), ("Chase", "Story", "m"),
    ("Miles", "Long", "m"), ("Penny", "Wise", "f"), ("Sage", "Bird", "f"), ("Guy", "Baker", "m"),
    ("Dawn", "Summers", "f"), ("Ray", "Kim", "m"), ("Mark", "Schmidt", "m"), ("Pat", "Rossi", "f"),
    ("Eli", "Ben-David", "m"), ("Siddharth", "Iyer", "m"), ("Oksana", "Melnyk", "f"),
    ("Tariq", "Rahman", "m"), ("Lucía", "Fernández", "f"), ("Thanh", "Nguyen", "m"),
    ("Jaylen", "Brooks", "m"), ("Shaniqua", "Jefferson", "f"), ("Tamar", "Cohen", "f"),
    ("Bronwyn", "Van Dyke", "f"), ("Kofi", "Asante", "m"), ("Magdalena", "Kowalski", "f"),
]
CHILD_FIRST = ["Aaliyah", "Jaylen", "Faith", "Hunter", "Nevaeh", "Mateo", "Hope", "Grant", "Zuri",
               "Amir", "Rose", "Will", "Destiny", "Kai", "Imani", "Liam", "Sofía", "Ximena"]

STREETS = ["Sullivant Ave", "Parsons Ave", "Cleveland Ave", "Refugee Rd", "Livingston Ave",
           "Morse Rd", "Karl Rd", "Hague Ave", "Lockbourne Rd", "Mound St", "Broad St",
           "Hamilton Rd", "Noe Bixby Rd", "Frebis Ave", "Champion Ave", "Oakland Park Ave",
           "Innis Rd", "Chatterton Rd", "Harrisburg Pike", "Stelzer Rd", "Alum Creek Dr",
           "Woodland Ave", "Greenlawn Ave", "Eakin Rd", "Hollywood Pl", "Cedar Bluff Ct"]
LONG_SUFFIX = {"Ave": "Avenue", "Rd": "Road", "St": "Street", "Dr": "Drive", "Pl": "Place",
               "Ct": "Court", "Pike": "Pike"}
CITIES = [("Columbus", "OH", "432"), ("Whitehall", "OH", "432"), ("Reynoldsburg", "OH", "430"),
          ("Grove City", "OH", "431"), ("Gahanna", "OH", "432"), ("Hilliard", "OH", "430")]
RURAL = [("Ashville", "OH", "43103"), ("Circleville", "OH", "43113"), ("Laurelville", "OH", "43135"),
         ("Mount Sterling", "OH", "43143"), ("Chillicothe", "OH", "45601")]
INTERSECTIONS = [("Parsons", "Livingston"), ("Broad", "Hague"), ("Cleveland Ave", "Morse Rd"),
                 ("Sullivant", "Wilson"), ("Main St", "Nelson Rd"), ("Mound", "Central"),
                 ("E 5th Ave", "Joyce Ave"), ("Karl Rd", "Ferris Rd")]
EMPLOYERS = ["Kroger", "Wendy's", "Menards", "Buckeye Staffing", "Amazon CMH4", "Tim Hortons",
             "Sysco Columbus", "Mid-Ohio Food Collective", "Huntington Park", "Rumpke",
             "Lowe's", "Staffmark", "Quality Inn", "Speedway", "White Castle"]
PROVIDERS = ["Maryhaven", "CompDrug", "Southeast Healthcare", "Netcare", "Talbot Hall",
             "House of Hope", "Alvis House", "ADAMH", "Columbus Area Integrated Health",
             "Directions for Youth", "Amethyst"]
COUNTIES = ["Franklin County", "Pickaway County", "Delaware Co.", "Licking County", "Ross County"]
AREA = ["614", "380", "740", "937", "513", "216", "419", "330"]
MAILS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "Mon", "Tues", "Wed", "Thurs", "Fri"]

# sentences of probation work with nothing to find (all unlabelled)
FILLER = [
    "UA collected, instant cup neg x12 panel.",
    "UA positive for THC and fentanyl; sent to lab for confirmation.",
    "CL is compliant w/ MAT (Suboxone 16 mg daily).",
    "CL received Vivitrol injection on schedule; next due in 28 days.",
    "Sublocade shot rec'd per CL, verified via ROI.",
    "IOP 3x/wk, attendance good per ROI on file.",
    "ORAS-CST reassessment score 23 (moderate). Case plan updated.",
    "Reviewed case plan goals: employment, housing, sobriety.",
    "Reminded CL of curfew 2200 hrs and GPS charging 2x daily.",
    "SCRAM unit reported no alcohol events this period.",
    "Narcan kit provided and CL trained on use.",
    "Will follow up next week.",
    "Will staff case w/ supervisor re: possible PV.",
    "CL to pay phone bill before service is restored.",
    "CL appears to be acting in good faith on restitution payments.",
    "Faith-based program (Celebrate Recovery) attended Sunday.",
    "Hope is that CL completes IOP by spring.",
    "Bill of particulars filed by defense in the underlying case.",
    "Pat-down search negative.",
    "Mark as FTA if no show by 1600 hrs.",
    "Grant-funded bus passes issued (2).",
    "CL completed Thinking for a Change (T4C) session 14 of 25.",
    "Attending AA/NA 3x/wk, sign-in sheet reviewed.",
    "SMART Recovery meeting attendance verified.",
    "LEADS/NCIC check clear; no new arrests.",
    "Court costs balance $412.50; restitution balance $1,240.00.",
    "Referred to Moral Reconation Therapy group.",
    "Drug Court staffing Thursday; recommend continued participation.",
    "CBCF referral pending bed date.",
    "No contact order remains in effect.",
    "Sanction: 3 days community service hrs added.",
    "Tier 2 supervision; reporting every other Tues.",
    "CL on supervision since 2019, case expires 2027.",
    "MOUD provider confirms dose stable.",
    "EtG neg; PBT 0.000.",
]
CAPS_FILLER = [
    "UA NEG.", "ORAS SCORE 19 MOD.", "CL ADVISED OF CONDITIONS.", "NO NEW ARRESTS PER LEADS.",
    "WILL F/U NEXT OV.", "IOP ATTENDANCE VERIFIED.", "COSTS PAID $50.00.", "GPS CHARGED.",
    "CL ATTENDING AA 2X WK.", "NO VIOLATIONS NOTED.",
]


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Note:
    def __init__(self):
        self.pieces = []
        self.variants = set()

    def add(self, *items):
        for it in items:
            self.pieces.append(it)
        return self

    def build(self, upper=False):
        text, spans = "", []
        for p in self.pieces:
            if isinstance(p, str):
                text += p.upper() if upper else p
                continue
            t, typ, subj, var = p
            if upper:
                t = t.upper()
            s = {"start": len(text), "end": len(text) + len(t), "type": typ}
            if subj:
                s["subject"] = True
            vs = list(var) if var else []
            if upper:
                vs.append("all-caps")
            if vs:
                s["variants"] = sorted(set(vs))
                self.variants.update(vs)
            text += t
            spans.append(s)
        return text, spans


def P(t, typ, subj=False, *var):
    return (t, typ, subj, [v for v in var if v])


# --------------------------------------------------------------- makers ----
class Gen:
    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def third(self, exclude=()):
        while True:
            t = self.pick(THIRD)
            if t[1] not in exclude:
                return t

    def digits(self, n):
        return "".join(str(self.r.randint(0, 9)) for _ in range(n))

    def phone(self, kind=None):
        a = self.pick(AREA)
        e = str(self.r.randint(2, 9)) + self.digits(2)
        if e[1:] == "11":
            e = e[0] + "21"
        n = self.digits(4)
        kinds = ["dash", "paren", "paren-nospace", "dots", "spaces", "plus1-space", "plus1-dash",
                 "plus1-paren", "bare10", "1-dash", "ext-x", "ext-word", "seven", "slash"]
        kind = kind or self.pick(kinds)
        f = {
            "dash": f"{a}-{e}-{n}", "paren": f"({a}) {e}-{n}", "paren-nospace": f"({a}){e}-{n}",
            "dots": f"{a}.{e}.{n}", "spaces": f"{a} {e} {n}", "plus1-space": f"+1 {a} {e} {n}",
            "plus1-dash": f"+1-{a}-{e}-{n}", "plus1-paren": f"+1 ({a}) {e}-{n}",
            "bare10": f"{a}{e}{n}", "1-dash": f"1-{a}-{e}-{n}",
            "ext-x": f"{a}-{e}-{n} x{self.r.randint(100, 999)}",
            "ext-word": f"{a}.{e}.{n} ext. {self.r.randint(10, 9999)}",
            "seven": f"{e}-{n}", "slash": f"{a}/{e}-{n}",
        }[kind]
        return f, "phone-" + kind

    def ssn(self):
        a = self.r.randint(1, 665)
        g = self.r.randint(1, 99)
        s = self.r.randint(1, 9999)
        kind = self.pick(["dash", "space", "bare", "dots", "endash"])
        f = {"dash": f"{a:03d}-{g:02d}-{s:04d}", "space": f"{a:03d} {g:02d} {s:04d}",
             "bare": f"{a:03d}{g:02d}{s:04d}", "dots": f"{a:03d}.{g:02d}.{s:04d}",
             "endash": f"{a:03d}\u2013{g:02d}\u2013{s:04d}"}[kind]
        return f, "ssn-" + kind

    def email(self, first, last):
        f = strip_accents(first).lower().replace(" ", "")
        l = strip_accents(last).lower().replace(" ", "").replace("'", "")
        kind = self.pick(["dot-num", "init", "under", "plus", "caps"])
        if kind == "dot-num":
            e = f"{f}.{l}{self.r.randint(1, 99)}@{self.pick(MAILS)}"
        elif kind == "init":
            e = f"{f[0]}{l}@{self.pick(MAILS)}"
        elif kind == "under":
            e = f"{f}_{l}{self.r.randint(70, 99)}@{self.pick(MAILS)}"
        elif kind == "plus":
            e = f"{f}.{l}+court@{self.pick(MAILS)}"
        else:
            e = f"{f[0].upper()}{l.upper()}@{self.pick(MAILS).upper()}"
        return e, "email-" + kind

    def date(self):
        y = self.r.choice([2024, 2025, 2026])
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28)
        kind = self.pick(["mdyy", "mdyyyy", "md", "long", "abbr", "iso", "dmy", "md-dash", "mdy-dash"])
        f = {"mdyy": f"{m}/{d}/{y % 100:02d}", "mdyyyy": f"{m:02d}/{d:02d}/{y}", "md": f"{m}/{d}",
             "long": f"{MONTHS[m-1]} {d}, {y}", "abbr": f"{MONTHS[m-1][:3]} {d}",
             "iso": f"{y}-{m:02d}-{d:02d}", "dmy": f"{d} {MONTHS[m-1][:3]} {y}",
             "md-dash": f"{m}-{d}", "mdy-dash": f"{m:02d}-{d:02d}-{y}"}[kind]
        return f

    def dob(self):
        y = self.r.randint(1958, 2004)
        m = self.r.randint(1, 12)
        d = self.r.randint(1, 28)
        return self.pick([f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}", f"{MONTHS[m-1]} {d}, {y}"])

    def street(self):
        num = str(self.r.randint(10, 9999))
        st = self.pick(STREETS)
        return num, st

    def city(self):
        c, s, z = self.pick(CITIES)
        return c, s, z + self.digits(2)

    def address(self, kind=None):
        """Third-party address: returns (text, variant)."""
        kinds = ["full", "street", "apt", "unit-hash", "lot", "dir-prefix", "long-suffix",
                 "nozip", "rr", "rr-long", "pobox", "pobox-full", "zip-nocity"]
        kind = kind or self.pick(kinds)
        num, st = self.street()
        c, s, z = self.city()
        if kind == "full":
            t = f"{num} {st}, {c}, {s} {z}"
        elif kind == "street":
            t = f"{num} {st}"
        elif kind == "apt":
            t = f"{num} {st} Apt. {self.r.randint(1, 40)}{self.pick(['', 'B', 'C'])}"
        elif kind == "unit-hash":
            t = f"{num} {st} #{self.r.randint(1, 12)}{self.pick(['R', 'L', 'A', ''])}"
        elif kind == "lot":
            t = f"{num} {st} Lot {self.r.randint(1, 90)}"
        elif kind == "dir-prefix":
            t = f"{num} {self.pick(['N.', 'S.', 'E.', 'W.'])} {self.r.randint(2, 25)}th Ave., Unit {self.pick('ABCD')}"
        elif kind == "long-suffix":
            base, suf = st.rsplit(" ", 1)
            t = f"{num} {base} {LONG_SUFFIX[suf]}"
        elif kind == "nozip":
            t = f"{num} {st}, {c} {s}"
        elif kind == "rr":
            rc, rs, rz = self.pick(RURAL)
            t = f"RR {self.r.randint(1, 6)} Box {self.r.randint(2, 240)}, {rc}, {rs} {rz}"
        elif kind == "rr-long":
            t = f"Rural Route {self.r.randint(1, 6)}, Box {self.r.randint(2, 240)}{self.pick(['', 'A'])}"
        elif kind == "pobox":
            t = self.pick(["P.O. Box ", "PO Box ", "PO BOX ", "P. O. Box "]) + str(self.r.randint(10, 9999))
        elif kind == "pobox-full":
            rc, rs, rz = self.pick(RURAL)
            t = f"PO Box {self.r.randint(10, 999)}, {rc} {rs} {rz}"
        elif kind == "zip-nocity":
            t = f"{num} {st} {z}"
        return t, "addr-" + kind

    def intersection(self):
        a, b = self.pick(INTERSECTIONS)
        style = self.pick(["and", "amp", "slash"])
        t = {"and": f"{a} and {b}", "amp": f"{a} & {b}", "slash": f"{a}/{b}"}[style]
        return t, "addr-intersection"


class Subject:
    def __init__(self, g, idx):
        self.first, self.last, self.gender = SUBJECTS[idx % len(SUBJECTS)]
        self.name = f"{self.first} {self.last}"
        num, st = g.street()
        c, s, z = g.city()
        kind = g.pick(["plain", "plain", "apt", "apt", "lot", "rr"])
        if kind == "rr":
            rc, rs, rz = g.pick(RURAL)
            self.street_part = f"RR {g.r.randint(1, 6)} Box {g.r.randint(2, 240)}"
            self.address = f"{self.street_part}, {rc}, {rs} {rz}"
            self.city = rc
        else:
            unit = {"plain": "", "apt": f" Apt {g.r.randint(1, 30)}", "lot": f" Lot {g.r.randint(1, 80)}"}[kind]
            self.num, self.st, self.unit = num, st, unit
            self.street_part = f"{num} {st}{unit}"
            self.address = f"{self.street_part}, {c}, {s} {z}"
            self.city = c
        self.kind = kind
        self.he = "he" if self.gender == "m" else "she"
        self.his = "his" if self.gender == "m" else "her"
        self.title = "Mr." if self.gender == "m" else "Ms."


class Ctx:
    """One note's context: subject + whether the subject is named in it."""

    def __init__(self, g, subj, mention):
        self.g, self.s, self.mention = g, subj, mention
        self.used_forms = []

    def S(self, form=None, start=False):
        """A reference to the subject: a labelled name if mentioned, else CL/client."""
        s, g = self.s, self.g
        if not self.mention:
            return g.pick(["CL", "CL", "Client", "Offender", "PIS"]) if start else g.pick(["CL", "CL", "client", "offender"])
        forms = ["full", "first", "last", "title", "initial", "noaccent", "lastfirst", "full"]
        form = form or g.pick(forms)
        if form == "full":
            return P(s.name, "PERSON", True, "name-full")
        if form == "first":
            return P(s.first, "PERSON", True, "name-first-only")
        if form == "last":
            return P(s.last, "PERSON", True, "name-last-only")
        if form == "title":
            return [s.title + " ", P(s.last, "PERSON", True, "name-title-surname")]
        if form == "initial":
            return P(f"{s.first[0]}. {s.last}", "PERSON", True, "name-initial")
        if form == "noaccent":
            v = "name-no-accents" if strip_accents(s.name) != s.name else "name-full"
            return P(strip_accents(s.name), "PERSON", True, v)
        if form == "lastfirst":
            return P(f"{s.last}, {s.first}", "PERSON", True, "name-last-comma-first")
        if form == "caps":
            return P(s.name.upper(), "PERSON", True, "name-upper")
        if form == "cl-last":
            return ["CL ", P(s.last, "PERSON", True, "name-after-CL")]
        raise ValueError(form)

    def SA(self, form=None):
        """Subject's address if mentioned, else 'res.'/'the residence'."""
        s, g = self.s, self.g
        if not self.mention:
            return g.pick(["res", "the residence", "CL's residence", "CL's apt"])
        if s.kind == "rr":
            form = form or g.pick(["full", "street"])
        else:
            form = form or g.pick(["full", "street", "street", "long", "hash", "nosuffix", "lower"])
        if form == "full":
            return P(s.address, "ADDRESS", True, "addr-subject-full")
        if form == "street" or s.kind == "rr":
            return P(s.street_part, "ADDRESS", True, "addr-subject-street")
        if form == "long":
            base, suf = s.st.rsplit(" ", 1)
            u = s.unit.replace("Apt", "Apartment")
            return P(f"{s.num} {base} {LONG_SUFFIX[suf]}{u}", "ADDRESS", True, "addr-subject-long")
        if form == "hash":
            u = s.unit.replace("Apt ", "#").replace("Lot ", "Lot #")
            return P(f"{s.num} {s.st.upper()}{u.upper()}", "ADDRESS", True, "addr-subject-caps")
        if form == "nosuffix":
            base = s.st.rsplit(" ", 1)[0]
            return P(f"{s.num} {base}", "ADDRESS", True, "addr-subject-nosuffix")
        if form == "lower":
            return P(s.street_part.lower(), "ADDRESS", True, "addr-subject-lower")
        raise ValueError(form)


def tp_name(g, t, form=None):
    """A third party's name: returns a list of pieces (titles outside the span)."""
    first, last, gen = t
    form = form or g.pick(["full", "full", "first", "title", "initial", "last-title"])
    if form == "full":
        return [P(f"{first} {last}", "PERSON", False, "tp-full")]
    if form == "first":
        return [P(first, "PERSON", False, "tp-first-only")]
    if form == "title":
        tl = "Mr." if gen == "m" else g.pick(["Ms.", "Mrs."])
        return [tl + " ", P(last, "PERSON", False, "tp-title-surname")]
    if form == "initial":
        return [P(f"{first[0]}. {last}", "PERSON", False, "tp-initial")]
    if form == "last-title":
        tl = "Mr." if gen == "m" else "Ms."
        return [tl + " ", P(f"{first} {last}", "PERSON", False, "tp-title-full")]
    if form == "lower":
        return [P(first.lower(), "PERSON", False, "tp-first-lower")]
    raise ValueError(form)


def flat(*xs):
    out = []
    for x in xs:
        if isinstance(x, list):
            out.extend(flat(*x))
        else:
            out.append(x)
    return out


# ------------------------------------------------------------- templates ----
REL_F = ["mother", "sister", "aunt", "grandmother", "girlfriend", "wife", "cousin", "roommate"]
REL_M = ["father", "brother", "uncle", "grandfather", "boyfriend", "husband", "cousin", "roommate"]


def rel(g, t):
    return g.pick(REL_F if t[2] == "f" else REL_M)


def t_terse_hv(c):
    g, s = c.g, c.s
    t = c.g.third((s.last,))
    emp = g.pick(EMPLOYERS)
    street = g.pick(STREETS)
    return flat("HV @ ", c.SA(), ". ", c.S(start=True), " not home. Spoke w/ ", rel(g, t), " ",
                tp_name(g, t, g.pick(["full", "first", "title"])), ", states ", c.S(),
                " at work (", P(emp, "ORG"), ", ", P(street, "LOCATION"), "). Left card. Will re-attempt ",
                g.pick(WEEKDAYS), ".")


def t_terse_phone(c):
    g = c.g
    ph, v = g.phone()
    return flat("TC to ", c.S(), " @ ", P(ph, "PHONE", True, v), ". No ans, VM full. Texted same #. F/U ",
                P(g.date(), "DATE"), ". ", g.pick(FILLER))


def t_caps_ov(c):
    g = c.g
    t = g.third()
    emp = g.pick(EMPLOYERS)
    return flat("OV. ", c.S(start=True), " REPORTED. ", g.pick(CAPS_FILLER), " ADDR VERIFIED ", c.SA(),
                ". EMPLOYED AT ", P(emp, "ORG"), " PER SUPV ", tp_name(g, t, "full"), ". NEXT OV ",
                P(g.date(), "DATE"), ". ", g.pick(CAPS_FILLER)), True


def t_caps_victim(c):
    g = c.g
    t = g.third()
    ph, v = g.phone()
    a, av = g.address(g.pick(["street", "apt", "full", "unit-hash"]))
    return flat("V/ ", tp_name(g, t, g.pick(["full", "title"])), " CALLED FROM ", P(ph, "PHONE", False, v),
                " RE: NCO. V STATES ", c.S(), " DROVE PAST V'S RES AT ", P(a, "ADDRESS", False, av),
                " ON ", g.pick(WEEKDAYS), ". ADVISED V TO CONTACT ", g.pick(["WHITEHALL PD", "CPD", "FCSO"]),
                ". WILL STAFF W/ SUPV. ", g.pick(CAPS_FILLER)), True


def t_header_phone(c):
    g = c.g
    t = g.third()
    ph, v = g.phone()
    first = t[0]
    return flat("Contact type: Phone\nContact date: ", P(g.date(), "DATE"), "\nCollateral: ",
                tp_name(g, t, "full"), " (", rel(g, t), ") ", P(ph, "PHONE", False, v), "\nNarrative: ",
                P(first, "PERSON", False, "tp-first-sentence-start"), " states ", c.S(),
                " has been staying with ", "her" if t[2] == "f" else "him", " since ", g.pick(WEEKDAYS),
                ". ", g.pick(FILLER), "\nPlan: ", g.pick(FILLER))


def t_header_hv(c):
    g, s = c.g, c.s
    t = g.third((s.last,))
    kid = g.pick(CHILD_FIRST)
    return flat("Contact Type: Home Visit\nLocation: ", c.SA(), "\nPersons present: ", c.S(), ", ", rel(g, t), " ",
                P(t[0], "PERSON", False, "tp-first-after-cue"), ", child ", P(kid, "PERSON", False, "child-first"),
                " (age ", str(g.r.randint(2, 15)), ")\nNotes: Residence clean, no contraband observed. ",
                g.pick(FILLER), "\nNext contact: ", P(g.date(), "DATE"))


def t_treatment(c):
    g = c.g
    t = g.third()
    prov = g.pick(PROVIDERS)
    ph, v = g.phone(g.pick(["ext-x", "ext-word", "dash", "paren"]))
    title = g.pick(["counselor", "clinician", "case mgr", "LICDC", "therapist"])
    return flat("Rec'd update per ROI from ", title, " ", tp_name(g, t), " at ", P(prov, "ORG"), ": ", c.S(),
                " attending IOP 3x/wk, MAT (Suboxone 8 mg BID) compliant, one missed group on ",
                g.pick(WEEKDAYS), ". Counselor # ", P(ph, "PHONE", False, v), ". ", g.pick(FILLER))


def t_court(c):
    g = c.g
    j, a, p = g.third(), g.third(), g.third()
    em, ev = g.email(a[0], a[1])
    court = g.pick(["Common Pleas Ct", "Franklin County Municipal Court", "Court of Common Pleas",
                    "Drug Court", "Mental Health Court"])
    jt = g.pick(["Judge", "Hon.", "Magistrate"])
    return flat("PV hrg before ", jt, " ", P(j[1], "PERSON", False, "judge-surname"), " in ", court, ". Def atty ",
                tp_name(g, a, g.pick(["full", "initial"])), " (", P(em, "EMAIL", False, ev), ") requested cont. APA ",
                P(p[0] + " " + p[1], "PERSON", False, "tp-full"), " no objection. ", c.S(start=True),
                " present. Continued to ", P(g.date(), "DATE"), ". ", g.pick(FILLER))


def t_landlord(c):
    g = c.g
    t = g.third()
    ph, v = g.phone()
    return flat("Landlord ", tp_name(g, t, g.pick(["title", "full", "last-title"])), " called from ",
                P(ph, "PHONE", False, v), ": rent behind since ", g.pick(MONTHS), ". Unit at ", c.SA(),
                " has ", g.pick(["3", "5", "2"]), " unauthorized occupants per landlord. Advised ", c.S(),
                " to address before ", g.pick(WEEKDAYS), ".")


def t_employer(c):
    g = c.g
    t = g.third()
    emp = g.pick(EMPLOYERS)
    ph, v = g.phone(g.pick(["ext-x", "ext-word", "plus1-space", "dots"]))
    loc = g.pick(["Hamilton Rd", "Morse Rd", "Grove City", "Obetz", "Groveport", "Polaris"])
    return flat("Employment verified w/ ", g.pick(["supv", "HR rep", "mgr", "shift lead"]), " ",
                tp_name(g, t, g.pick(["title", "full", "first"])), " at ", P(emp, "ORG"), ", ",
                P(loc, "LOCATION"), ". ", c.S(start=True), " works 2nd shift, 32 hrs/wk. Pay stubs rec'd. Work # ",
                P(ph, "PHONE", False, v), ".")


WORD_COUNTER = [0]


def t_wordnames(c):
    g = c.g
    wn = [x for x in THIRD if x[0] in ("Hunter", "Faith", "Will", "Grant", "Bill", "Rose", "Hope",
                                       "Joy", "Amber", "Crystal", "Destiny", "Chase", "Miles", "Penny",
                                       "Sage", "Guy", "Dawn", "Ray", "Mark", "Pat")]
    order = ["Will", "Grant", "Bill", "Rose", "Hunter", "Faith", "Hope", "Mark", "Chase", "Pat"]
    WORD_COUNTER[0] += 1
    want = order[(WORD_COUNTER[0] - 1) % len(order)]
    t = [x for x in wn if x[0] == want][0]
    r = rel(g, t)
    f = t[0]
    lines = {
        "Will": ["Will follow up w/ ", r, " ", P("Will", "PERSON", False, "wordname-first"),
                 " re: transport. ", P("Will", "PERSON", False, "wordname-sentence-start"),
                 " states he will drive CL to IOP."],
        "Grant": ["Grant paperwork for housing voucher submitted. ", r.capitalize(), " ",
                  P("Grant", "PERSON", False, "wordname-first"), " to co-sign lease."],
        "Faith": ["CL acting in good faith on payments. ", r.capitalize(), " ",
                  P("Faith", "PERSON", False, "wordname-first"), " confirms CL gave her $100."],
        "Bill": ["CL behind on electric bill. ", r.capitalize(), " ",
                 P("Bill", "PERSON", False, "wordname-first"), " paid it; ",
                 P("Bill", "PERSON", False, "wordname-sentence-mid"), " is supportive."],
        "Hope": ["Hope is that CL completes IOP. ", r.capitalize(), " ",
                 P("Hope", "PERSON", False, "wordname-first"), " attends family sessions."],
        "Rose": ["CL's BAC rose overnight per SCRAM. ", r.capitalize(), " ",
                 P("Rose", "PERSON", False, "wordname-first"), " removed alcohol from home."],
        "Hunter": ["CL asked about a hunting license (denied, weapons disability). ", r.capitalize(), " ",
                   P("Hunter", "PERSON", False, "wordname-first"), " keeps rifles at his own res."],
        "Mark": ["Marked CL as compliant. ", r.capitalize(), " ", P("Mark", "PERSON", False, "wordname-first"),
                 " confirms curfew kept."],
        "Chase": ["CL's ", P("Chase", "ORG"), " acct statement reviewed. ", r.capitalize(), " ",
                  P("Chase", "PERSON", False, "wordname-first"), " is on the lease."],
        "Pat": ["Pat-down neg. ", r.capitalize(), " ", P("Pat", "PERSON", False, "wordname-first"),
                " present during HV."],
    }
    body = lines.get(f) or [r.capitalize(), " ", P(f, "PERSON", False, "wordname-first"), " ",
                            P(t[1], "PERSON", False, "wordname-first"), " present; ",
                            P(f, "PERSON", False, "wordname-sentence-mid"), " is supportive of CL."]
    # the fallback labels first and last as one person: merge them
    if f not in lines:
        body = [r.capitalize(), " ", P(f"{f} {t[1]}", "PERSON", False, "wordname-full"), " present; ",
                P(f, "PERSON", False, "wordname-sentence-mid"), " is supportive of ", c.S(), "."]
    return flat(c.S(start=True), " reported. ", body, " ", g.pick(FILLER))


def t_intersection(c):
    g = c.g
    o = g.third()
    it, iv = g.intersection()
    lead = g.pick(["at the corner of ", "near ", "at "])
    return flat(c.S(start=True), " picked up by CPD ", lead, P(it, "ADDRESS", False, iv), " at 0215 hrs. Ofc. ",
                P(o[1], "PERSON", False, "officer-surname"), " #", str(g.r.randint(1000, 9999)),
                " advised CL was with ", tp_name(g, g.third(), "full"), ". Charged OVI in ",
                g.pick(["Municipal Court", "Mayor's Court"]), ". ", g.pick(FILLER))


def t_rural(c):
    g = c.g
    u = g.third()
    a, av = g.address(g.pick(["rr", "rr-long"]))
    pb, pv = g.address(g.pick(["pobox", "pobox-full"]))
    county = g.pick(COUNTIES)
    return flat(c.S(start=True), " requests to reside w/ ", g.pick(["uncle", "grandfather"] if u[2] == "m" else ["aunt", "grandmother"]), " ",
                tp_name(g, u, g.pick(["full", "title"])), " at ", P(a, "ADDRESS", False, av), ". Mailing addr ",
                P(pb, "ADDRESS", False, pv), ". Transfer request to ", P(county, "LOCATION"),
                " APA pending. ", g.pick(FILLER))


def t_email(c):
    g, s = c.g, c.s
    em, ev = g.email(s.first, s.last)
    dest = g.pick(["West Virginia", "Detroit", "Atlanta", "Louisville", "Cleveland"])
    return flat(c.S(start=True), " emailed from ", P(em, "EMAIL", True, ev), " requesting travel permit to ",
                P(dest, "LOCATION"), " ", P(g.date(), "DATE"), " for a family funeral. Permit approved by supv ",
                tp_name(g, g.third(), "initial"), ". ", g.pick(FILLER))


def t_intake(c):
    g = c.g
    ss, sv = g.ssn()
    ph, pv = g.phone()
    e = g.third()
    eph, epv = g.phone()
    cue = g.pick(["SSN ", "SS# ", "Soc. Sec. No. ", "SSN: ", "social "])
    return flat("Intake completed.\nName: ", c.S("full") if c.mention else "on file", "\n", cue,
                P(ss, "SSN", True, sv), " verified vs SS card.\nDOB: ", P(g.dob(), "DATE", True),
                "\nPhone: ", P(ph, "PHONE", True, pv), "\nAddress: ", c.SA("full"),
                "\nEmergency contact: ", tp_name(g, e, "full"), " (", rel(g, e), ") ",
                P(eph, "PHONE", False, epv), "\n", g.pick(FILLER))


def t_children(c):
    g = c.g
    k1, k2 = g.pick(CHILD_FIRST), g.pick(CHILD_FIRST)
    while k2 == k1:
        k2 = g.pick(CHILD_FIRST)
    m = g.third()
    a, av = g.address(g.pick(["full", "apt", "street", "unit-hash", "zip-nocity"]))
    return flat(c.S(start=True), "'s children ", P(k1, "PERSON", False, "child-first"), " (", str(g.r.randint(3, 14)),
                ") and ", P(k2, "PERSON", False, "child-first"), " (", str(g.r.randint(1, 9)),
                ") reside w/ their ", "father" if m[2] == "m" else "mother", " ", tp_name(g, m, g.pick(["full", "first"])), " at ",
                P(a, "ADDRESS", False, av), ". Child support via CSEA current. ", g.pick(FILLER))


def t_transfer(c):
    g = c.g
    a, b, sup = g.third(), g.third(), g.third()
    em, ev = g.email(b[0], b[1])
    em = em.split("@")[0] + "@fccourts.org"
    return flat("Case of ", c.S("full") if c.mention else "CL", " transferred from PO ",
                tp_name(g, a, "full"), " to PO ", tp_name(g, b, "initial"), " eff. ", P(g.date(), "DATE"),
                ". Supv ", P(sup[1], "PERSON", False, "tp-after-role-abbrev"), " approved. New PO email ",
                P(em, "EMAIL", False, ev), ". ", g.pick(FILLER))


def t_sloppy_lower(c):
    g = c.g
    t = g.third()
    tl = tp_name(g, t, "lower")
    return flat("ov. ", c.S("first") if c.mention else "cl", " reports. ua neg. ", rel(g, t), " ", tl,
                " says hes doing good. next ov ", P(g.date(), "DATE"), ". ", g.pick(FILLER).lower())


def t_international(c):
    g = c.g
    t = g.third()
    intl = g.pick([("+52 55 1234 5678", "phone-intl-mx"), ("+44 7700 900123", "phone-intl-uk"),
                   ("+234 803 555 0142", "phone-intl-ng"), ("+91 98765 43210", "phone-intl-in"),
                   ("+63 917 123 4567", "phone-intl-ph")])
    ctry = {"mx": "Mexico", "uk": "England", "ng": "Nigeria", "in": "India", "ph": "Philippines"}[intl[1][-2:]]
    return flat(c.S(start=True), " requests to call ", rel(g, t), " ", tp_name(g, t, "full"), " in ",
                P(ctry, "LOCATION"), " at ", P(intl[0], "PHONE", False, intl[1]),
                ". Approved; no contact restrictions. ", g.pick(FILLER))


def t_collaterals(c):
    g = c.g
    a, b, d = g.third(), g.third(), g.third()
    p1, v1 = g.phone()
    p2, v2 = g.phone(g.pick(["ext-x", "ext-word"]))
    p3, v3 = g.phone()
    emp = g.pick(EMPLOYERS)
    prov = g.pick(PROVIDERS)
    return flat("Collateral contacts:\n- ", tp_name(g, a, "full"), ", landlord, ", P(p1, "PHONE", False, v1),
                "\n- ", tp_name(g, b, g.pick(["full", "title"])), ", employer (", P(emp, "ORG"), "), ",
                P(p2, "PHONE", False, v2), "\n- ", tp_name(g, d, g.pick(["full", "first"])), ", counselor (",
                P(prov, "ORG"), "), ", P(p3, "PHONE", False, v3), "\nAll report ", c.S(),
                " in compliance. ", g.pick(FILLER))


def t_arrest(c):
    g = c.g
    o, a = g.third(), g.third()
    agency = g.pick(["CPD", "Whitehall PD", "FCSO", "OSHP", "Reynoldsburg PD"])
    rank = g.pick(["Ofc.", "Officer", "Sgt.", "Det.", "Trooper", "Dep."])
    return flat(c.S(start=True), " arrested ", P(g.date(), "DATE"), " by ", agency, " ", rank, " ",
                P(o[0] + " " + o[1] if g.r.random() < .5 else o[1], "PERSON", False, "officer-after-rank"),
                " for DUS. Held at FCCC. Bond $2,500. Atty ", tp_name(g, a, g.pick(["full", "last-title"])),
                " appointed. PV report to be filed w/ ", g.pick(["Common Pleas", "Municipal Court"]), ".")


def t_address_change(c):
    g, s = c.g, c.s
    old, ov = g.address(g.pick(["street", "apt", "lot", "full"]))
    ll = g.third()
    z = g.city()[2]
    new = c.SA("full") if c.mention else P(g.address("full")[0], "ADDRESS", True, "addr-subject-new")
    return flat(c.S(start=True), " reports new addr: ", new, ". Lease w/ ", tp_name(g, ll, g.pick(["title", "full"])),
                " to be verified. Old addr ", P(old, "ADDRESS", False, ov), " vacated ", g.pick(WEEKDAYS),
                ". Sister may move to the ", P(z, "ZIP", False, "zip-alone"), " area. ", g.pick(FILLER))


def t_text_msg(c):
    g = c.g
    ph, v = g.phone()
    t = g.third()
    return flat("Text rec'd from ", c.S(), "'s cell (", P(ph, "PHONE", True, v),
                ") at 2140: running late, my ride fell thru. Rescheduled OV to ", g.pick(WEEKDAYS),
                ". Ride is ", rel(g, t), " ", P(t[0], "PERSON", False, "tp-first-after-cue"), ".")


def t_judge(c):
    g = c.g
    j, pd = g.third(), g.third()
    jt = g.pick(["Hon. ", "Judge ", "Magistrate "])
    jf = [P(f"{j[0]} {j[1]}", "PERSON", False, "judge-full")] if g.r.random() < .5 else [P(j[1], "PERSON", False, "judge-surname")]
    return flat("Sentencing in Court of Common Pleas before ", jt, jf, ". PD ", tp_name(g, pd, g.pick(["full", "last-title", "initial"])),
                " for ", c.S(), ". Ct ordered CBCF, PSI waived, 3 yrs CC w/ ORAS-driven supervision, MAT allowed.")


def t_vocab_only(c):
    g = c.g
    xs = g.r.sample(FILLER, 4)
    return flat(c.S(start=True), " reported ", g.pick(WEEKDAYS), ". ", " ".join(xs), " Next OV ", P(g.date(), "DATE"), ".")


def t_url(c):
    g, s = c.g, c.s
    handle = strip_accents(s.first + s.last).lower().replace(" ", "").replace("'", "")
    v = g.third()
    url = g.pick([f"https://www.facebook.com/{handle}.{g.r.randint(1, 99)}", f"instagram.com/{handle}_",
                  f"http://tiktok.com/@{handle}"])
    return flat("Victim ", tp_name(g, v, g.pick(["full", "title"])), " reports ", c.S(), " posted threats at ",
                P(url, "URL", True, "url"), ". Screenshots forwarded to Det. ",
                P(g.third()[1], "PERSON", False, "officer-surname"), ". ", g.pick(FILLER))


def t_caps_header(c):
    g = c.g
    t = g.third()
    ph, v = g.phone()
    return flat("CONTACT TYPE: COLLATERAL\nCOLLATERAL: ", tp_name(g, t, "full"), " (", rel(g, t), ")\nPHONE: ",
                P(ph, "PHONE", False, v), "\nNARRATIVE: ", P(t[0], "PERSON", False, "tp-first-sentence-start"),
                " REPORTS ", c.S(), " RELAPSED ON ", g.pick(WEEKDAYS), ". ", g.pick(CAPS_FILLER)), True


def t_subject_caps(c):
    g = c.g
    if c.mention:
        return flat(c.S("caps"), " REPORTED TO OFFICE. RESIDES AT ", c.SA(),
                    ". ", g.pick(CAPS_FILLER), " ", g.pick(CAPS_FILLER)), True
    t = g.third()
    a, av = g.address(g.pick(["full", "apt", "unit-hash", "dir-prefix"]))
    return flat("CL REPORTED TO OFFICE. STAYING W/ FRIEND ", tp_name(g, t, "full"), " AT ", P(a, "ADDRESS", False, av),
                ". ", g.pick(CAPS_FILLER), " ", g.pick(CAPS_FILLER)), True


def t_names_cultures(c):
    g = c.g
    a, b = g.third(), g.third()
    return flat("Family mtg w/ ", c.S(), ", ", rel(g, a), " ", tp_name(g, a, "full"), " and ", rel(g, b), " ",
                tp_name(g, b, g.pick(["full", "title", "first"])), ". Discussed relapse prevention and Narcan in the home. ",
                g.pick(FILLER))


def t_ssn_misc(c):
    g = c.g
    ss, sv = g.ssn()
    form = g.pick(["ssa", "caps", "lower", "paren"])
    if form == "ssa":
        return flat("SSA letter rec'd confirming SSN ", P(ss, "SSN", True, sv), " for ", c.S(),
                    "; CL applying for SSI. ", g.pick(FILLER))
    if form == "caps":
        return flat(c.S(start=True), " BENEFITS APPLICATION. SOC SEC # ", P(ss, "SSN", True, sv), " ON FILE. ",
                    g.pick(CAPS_FILLER)), True
    if form == "lower":
        return flat("id docs for ", c.S(), ": bc + ss card (ss# ", P(ss, "SSN", True, sv), ") copied to file. ",
                    g.pick(FILLER).lower())
    return flat("BMV requires SS card; ", c.S(), " (SSN ", P(ss, "SSN", True, sv), ") to get duplicate from SSA on ",
                g.pick(WEEKDAYS), ". ", g.pick(FILLER))


TEMPLATES = [t_terse_hv, t_terse_phone, t_caps_ov, t_caps_victim, t_header_phone, t_header_hv, t_treatment,
             t_court, t_landlord, t_employer, t_wordnames, t_intersection, t_rural, t_email, t_intake,
             t_children, t_transfer, t_sloppy_lower, t_international, t_collaterals, t_arrest,
             t_address_change, t_text_msg, t_judge, t_vocab_only, t_url, t_caps_header, t_subject_caps,
             t_names_cultures, t_wordnames, t_ssn_misc]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "data/eval/casenote_styles.jsonl"
    rng = random.Random(SEED)
    g = Gen(rng)
    lines = []
    for i in range(N_NOTES):
        tmpl = TEMPLATES[i % len(TEMPLATES)]
        subj = Subject(g, rng.randrange(len(SUBJECTS)))
        # subject named in about half the notes (alternating per template round)
        mention = ((i // len(TEMPLATES)) + (i % len(TEMPLATES))) % 2 == 0
        c = Ctx(g, subj, mention)
        res = tmpl(c)
        upper = False
        if isinstance(res, tuple):
            res, upper = res
        note = Note()
        note.add(*res)
        text, spans = note.build(upper=upper)
        # sanity: spans in order, non-overlapping, non-empty, no brackets
        last = 0
        for sp in spans:
            assert sp["start"] >= last and sp["end"] > sp["start"], (i, sp)
            last = sp["end"]
        assert "[" not in text and "]" not in text
        lines.append({"id": f"H{i + 1:04d}", "person_id": f"Q-{i + 1:06d}", "style": tmpl.__name__[2:],
                      "text": text, "subject": {"name": subj.name, "address": subj.address},
                      "spans": spans, "variants": sorted(note.variants)})
    with open(out, "w", encoding="utf-8") as f:
        for l in lines:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    n_subj = sum(1 for l in lines if any(s.get("subject") for s in l["spans"]))
    print(f"wrote {len(lines)} notes to {out}; {n_subj} name the subject", file=sys.stderr)


if __name__ == "__main__":
    main()
