#!/usr/bin/env python3
"""Generate the labelled probation case-note corpus (data/eval/probation_notes.jsonl).

    scripts/gen_probation_notes.py [--seed 2026] [--out data/eval/probation_notes.jsonl]

Every person, address, number and organisation in it is invented. Each note is
built from pieces, so the labelled spans are exact: a span's `start` and `end`
are Python str indices (code points) into `text`, end exclusive. The output is
deterministic for a seed; scripts/check_corpus.py validates it.
"""

import argparse
import json
import random
import re
import unicodedata

# --- people ---------------------------------------------------------------

FIRST = [
    "Marcus", "Tanya", "Derek", "Shonda", "Kyle", "Brittany", "Luis", "Ashley",
    "Jamal", "Crystal", "Travis", "Keisha", "Cody", "Amber", "Darnell", "Heather",
    "José", "Zoë", "Renée", "Andrés", "Chloé", "Ramón", "Inés", "Søren",
    "Nguyen", "Abdirahman", "Fatima", "Oksana", "Dmitri", "Priya", "Tremaine",
    "Destiny", "Bill", "Will", "Hunter", "Grace", "Hope", "Rose", "Chance",
    "Dakota", "Precious", "Brandon", "Latoya", "Jesús", "Björn", "Émile",
]
FEMALE = {"Tanya", "Shonda", "Brittany", "Ashley", "Crystal", "Keisha", "Amber", "Heather",
          "Zoë", "Renée", "Chloé", "Inés", "Fatima", "Oksana", "Priya", "Destiny", "Grace",
          "Hope", "Rose", "Precious", "Latoya"}
NEUTRAL = {"Nguyen", "Dakota", "Hunter", "Chance"}
MALE = set(FIRST) - FEMALE - NEUTRAL

LAST = [
    "Mitchell", "Okafor", "Hendricks", "Sanchez", "Kowalski", "Brewer", "Whitfield",
    "Dunlap", "Abernathy", "Castillo", "Pruitt", "Yoder", "Stallworth", "McCoy",
    "O'Donnell", "Çelik", "Peña", "Núñez", "Müller", "Nguyễn", "Warsame",
    "Hussein", "Baptiste", "Kravchenko", "Lindqvist", "Tran", "Gutiérrez",
    "Haddad", "Bellamy", "Thornton", "Walker", "Hunter", "Court", "Bill",
    "Scura", "Csanád", "Fairbanks", "Delacroix", "Redd", "Washington",
]
STREETS = [
    ("Oak Hollow", "Dr"), ("Parsons", "Ave"), ("Cleveland", "Ave"), ("Sullivant", "Ave"),
    ("Livingston", "Ave"), ("Hamilton", "Rd"), ("Refugee", "Rd"), ("Morse", "Rd"),
    ("Karl", "Rd"), ("Maple", "St"), ("Elm", "Street"), ("Briarwood", "Ln"),
    ("Harmon", "Ave"), ("Whitethorne", "Ave"), ("Kimberly", "Pkwy"), ("Frebis", "Ave"),
    ("Lockbourne", "Rd"), ("Stelzer", "Rd"), ("Agler", "Rd"), ("Chatterton", "Rd"),
    ("Mound", "St"), ("Champion", "Ave"), ("Innis", "Rd"), ("Shady Lane", "Rd"),
    ("Cedar Bluff", "Ct"), ("Willow Bend", "Way"), ("Poplar", "Pl"), ("Ridgeview", "Blvd"),
]
CITIES = [("Columbus", "OH", "432"), ("Whitehall", "OH", "432"), ("Reynoldsburg", "OH", "430"),
          ("Grove City", "OH", "431"), ("Gahanna", "OH", "432"), ("Westerville", "OH", "430"),
          ("Groveport", "OH", "431"), ("Hilliard", "OH", "430")]
UNITS = ["Apt 3B", "Apt 12", "Unit C", "#12", "Apt. 204", "Lot 41"]
EMPLOYERS = ["Kroger", "Amazon fulfillment center", "Buckeye Pallet", "Scura Landscaping",
             "Rite Aid", "Walmart", "Speedway", "Lowe's", "Donatos", "Menards", "Tim Hortons",
             "Kessler Roofing", "Mid-Ohio Food Collective", "Dollar General"]
PROVIDERS = ["Sunrise Recovery Services", "Maryhaven", "Southeast Healthcare",
             "CompDrug", "Talbot Hall", "Netcare Access", "Amethyst House"]
EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"]

DRUGS = ["fentanyl", "methamphetamine", "cocaine", "THC", "oxycodone", "buprenorphine",
         "alcohol (EtG)", "benzodiazepines", "Xanax", "amphetamine", "xylazine"]
MEDS = ["Suboxone", "Vivitrol", "methadone", "Sublocade", "naltrexone", "gabapentin",
        "Adderall", "Zoloft", "Seroquel", "trazodone", "Narcan"]
PROGRAMS = ["IOP", "AA", "NA", "SMART Recovery", "MAT", "CBT group", "DBT skills group",
            "Thinking for a Change", "anger management", "a 28-day residential program"]
COURTS = ["Franklin County Municipal Court", "the Court of Common Pleas",
          "Common Pleas Courtroom 6B", "Municipal Court", "the drug court docket"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON3 = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ZWSP = "\u200b"
NBSP = "\u00a0"
EN_DASH = "\u2013"


def strip_accents(s):
    d = unicodedata.normalize("NFD", s)
    return "".join(c for c in d if not unicodedata.combining(c))


def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(random.randrange(10))
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    digits.append((10 - total % 10) % 10)
    return "".join(map(str, digits))


def iban(country, bban):
    rearranged = bban + country + "00"
    num = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - num % 97
    raw = "%s%02d%s" % (country, check, bban)
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


class Person:
    def __init__(self, rng, first=None, last=None, sex=None):
        pool = FIRST
        if sex == "f":
            pool = sorted(FEMALE | NEUTRAL)
        elif sex == "m":
            pool = sorted(MALE | NEUTRAL)
        self.first = first or rng.choice(pool)
        self.last = last or rng.choice(LAST)

    @property
    def full(self):
        return "%s %s" % (self.first, self.last)


class Subject(Person):
    def __init__(self, rng, pid):
        super().__init__(rng)
        self.pid = pid
        if self.first in FEMALE:
            self.sex = "f"
        elif self.first in MALE:
            self.sex = "m"
        else:
            self.sex = rng.choice(["m", "f"])
        num = rng.randrange(100, 9999)
        street, suffix = rng.choice(STREETS)
        city, st, zp = rng.choice(CITIES)
        self.street = "%d %s %s" % (num, street, suffix)
        self.unit = rng.choice(UNITS) if rng.random() < 0.3 else ""
        self.city = city
        self.zip = zp + "%02d" % rng.randrange(1, 99)
        self.address = "%s%s, %s, %s %s" % (self.street, " " + self.unit if self.unit else "", city, st, self.zip)
        self.phone = "614", "%03d" % rng.randrange(201, 999), "%04d" % rng.randrange(0, 10000)
        a = rng.randrange(1, 899)
        while a == 666:
            a = rng.randrange(1, 899)
        self.ssn = "%03d" % a, "%02d" % rng.randrange(1, 99), "%04d" % rng.randrange(1, 9999)
        self.email = "%s.%s%d@%s" % (strip_accents(self.first).lower(), strip_accents(self.last).lower().replace("'", ""),
                                     rng.randrange(1, 99), rng.choice(EMAIL_DOMAINS))
        self.dob = (rng.randrange(1960, 2004), rng.randrange(1, 13), rng.randrange(1, 29))

    @property
    def pro(self):
        return "he" if self.sex == "m" else "she"

    @property
    def pos(self):
        return "his" if self.sex == "m" else "her"

    @property
    def title(self):
        return "Mr." if self.sex == "m" else "Ms."


# --- templates --------------------------------------------------------------
# {slot} is filled by Note.slot(); {slot|TYPE} would force a type. Plain text
# between slots is unlabelled and must survive.

TEMPLATES = [
    "Home visit at {SADDR}. {STITLE} {SLAST} present, residence clean. Discussed {MED} compliance and upcoming {COURT} date on {DATE}.",
    "Unannounced HV on {WEEKDAY}. No answer at the door; left card. Called {SPHONE_CUE} and left VM for {SFULL}.",
    "{SFULL} reported to the office as scheduled. UA collected, instant cup presumptive positive for {DRUG}; sent to lab for confirmation. Admitted use on {WEEKDAY}.",
    "PO met with {SFIRST} at the office. {SPRO_CAP} denies any new arrests. Verified employment at {EMPLOYER} with supervisor {PFULL}, {PPHONE_CUE}.",
    "Received call from {SPOS} mother {PFULL_F} ({PPHONE}) stating {SPRO} has not been home since {WEEKDAY}. Will attempt contact.",
    "Victim {PFULL} called to ask about the no contact order. Advised that the NCO remains in effect through {DATE}. Victim lives at {PADDR}.",
    "{SINIT} completed intake at {PROVIDER} for {PROGRAM}. Counselor {PFULL} recommends IOP three times a week and {MED} induction.",
    "Subject's SSN {SSN} verified against BMV record for the ID application. DOB {DOB}.",
    "Updated contact information: cell {SPHONE}, e-mail {SEMAIL}. Address unchanged at {SADDR}.",
    "{STITLE} {SLAST} tested negative on today's UA. Reports attending {PROGRAM} at {PROVIDER} on {WEEKDAY}s and has a sponsor. Next office visit {DATE}.",
    "Attorney {PFULL} called regarding the violation hearing set for {DATE} in {COURT}. Provided copy of the violation report.",
    "Landlord {PFULL} reported unpaid rent for {MONTHYEAR}; {SFIRST} says {SPRO} will pay on Friday. Landlord number {PPHONE}.",
    "Spoke with {SPOS} girlfriend {PFIRST_F} at the residence; she confirmed {SFIRST} was at work at {EMPLOYER} all week.",
    "Arrested by Ofc. {PLAST} (CPD badge 4471) on {DATE} for OVI. {SFULL} held at the county jail; bond set at $2,500. Capias recalled.",
    "{SFULL} failed to appear for the {WEEKDAY} appointment. Attempts to reach {SPOS} phone {SPHONE} went straight to voicemail. FTA noted; warrant request to be filed.",
    "Telephone contact with {SFULL}. {SPRO_CAP} is taking {MED} as prescribed and reports 60 days clean. Reminded of curfew 2200 hours and GPS charging.",
    "Treatment update from clinician {PFULL} at {PROVIDER}: {SFIRST} attended 11 of 12 groups in {MONTHYEAR}, last positive screen for {DRUG} in 2024.",
    "Family meeting with {SPOS} brother {PFULL_M} and sister {PFIRST_F}. Discussed relapse prevention and Narcan in the home. The family can be reached at {PEMAIL}.",
    "{SFULL} paid $150 toward restitution by card {CARD}. Receipt scanned to the file. Balance $1,240.",
    "Restitution payment received by wire from an account abroad, IBAN {IBAN}, on behalf of {SFULL}.",
    "GPS vendor alert: device tamper at {TIME} on {DATE}. Vendor portal session from IP {IP}. Ofc. {PLAST} notified.",
    "{SFIRST} posted threats on social media ({URL}). Screenshot forwarded to Det. {PLAST} and the APA.",
    "Employer verification faxed to {EMPLOYER} HR, fax {PPHONE}. Supervisor {PFULL} reports {SFIRST} is reliable, works second shift.",
    "{SINIT} moved in with {SPOS} aunt {PFULL_F} at {PADDR}. Home visit to approve the new residence scheduled for {WEEKDAY}.",
    "Case staffed with supervisor. {STITLE} {SLAST} remains at moderate risk (ORAS 24). Continue {PROGRAM} and weekly UAs; no sanction at this time.",
    "Court ordered {SFULL} to complete 40 hours of community service and an assessment at {PROVIDER} by {DATE}. Next review in {COURT}.",
    "Called {SFIRST} at {SPHONE_CUE}; {SPRO} confirmed the {WEEKDAY} appointment. Transportation via COTA.",
    "Mail returned from {SADDR}. {SFULL} states {SPRO} now gets mail at P.O. Box {POBOX}, {SCITY} {SZIP}.",
    "Met {SFULL} at the Mid-Ohio Food Pantry on {WEEKDAY}. Brief check-in; {SPRO} appeared sober and oriented. Discussed GED classes in 2025.",
    "Per DOC records, {SFULL} was released on {DATE} to PRC; parole officer {PFULL} ({PPHONE}) supervises the PRC term.",
    "{SFULL} (SSN {SSN}) applied for SSI; letter of supervision status provided at {SPOS} request.",
    "Drug court: Judge {PLAST} gave {SFIRST} a sanction of two days in jail for the dilute UA on {DATE}. Phase 2 continues.",
    "Contact note: {STITLE} {SLAST}'s wife {PFULL_F} called from {PPHONE} worried about {SPOS} drinking. Referred her to Al-Anon.",
    "Office visit. Reviewed conditions. {SFIRST} signed ROI for {PROVIDER} and for {SPOS} PCP Dr. {PLAST}. Methadone dose 80 mg daily.",
    "Neighbor {PFULL} at {PADDR} reported loud arguments at {SADDR} on {WEEKDAY} night. Follow-up HV planned.",
    "{SFULL} requested travel permit to visit {SPOS} grandmother {PFULL_F} in {CITY} from {DATE} to {DATE2}. Approved by supervisor.",
    "Missed UA on {WEEKDAY}. Sent text to {SPHONE}. {SFIRST} said {SPRO} had no ride; rescheduled for Thursday 0800.",
    "Roommate {PFULL} answered the door at {SADDR} and said {SFIRST} left for work at {EMPLOYER} at 0600.",
    "Email from {SEMAIL}: {SFIRST} asks to move the {MONTHYEAR} appointment because of a shift change.",
    "{SFULL} completed SMART Recovery and Thinking for a Change. Certificate dated {DATE} placed in file. No violations in 2025.",
    "Co-defendant {PFULL} is not to be contacted. {SFIRST} admitted seeing {PFIRST} at a gas station on {WEEKDAY}; verbal warning given.",
    "VOP hearing {DATE} before Magistrate {PLAST}. {SFULL} admitted the violation; continued on community control with added IOP.",
    "Counselor {PFULL} ({PEMAIL}) reports {SFIRST} is engaged in CBT and DBT. Screened negative for fentanyl and xylazine twice this month.",
    "Subject's brother {PFULL_M} dropped off {SPOS} Suboxone prescription bottle for the pill count. Count correct.",
    "New address reported: {SADDR}. Lease signed {DATE}; landlord {PFULL}, {PPHONE}.",
    "Called {SFULL} on {SPHONE_RAW} about the UA schedule. {SPRO_CAP} asked about Vivitrol. Referred to MAT clinic.",
    "{SINIT} reported being assaulted on {DATE} near {ADDR}. Police report filed with CPD; victim advocate {PFULL} assigned.",
    "School contact: {SPOS} son {PFIRST_M} {SLAST} attends Linden Elementary; mother {PFULL_F} has custody on weekends.",
    "Subject's SS# {SSN_RAW} entered into OHLEG check; no new charges. DOB {DOB}.",
    "{SFULL} reports new phone number {SPHONE_INTL}. Old number disconnected.",
    "Social security number on file {SSN}; {SFULL} brought {SPOS} card to the office for the BMV ID application.",
    "soc sec {SSN_RAW} confirmed with SSA for {SFIRST}'s benefits letter. Copy to file, original returned.",
    "Intake sheet: {SFULL}, SSN {SSN}, DOB {DOB}, cell {SPHONE}, living at {SADDR}. Referred to {PROVIDER} for an assessment.",
    "{SFIRST} says {SPRO} paid the electric bill and will bring the receipt; {SPRO} hopes to court no more trouble. Grace period on fees granted until {MONTHYEAR}.",
    "Met with {SFULL} and {SPOS} employer {PFULL} at {EMPLOYER}; Bill {PLAST} from HR confirmed 32 hours a week. Coworker {PFULL} drives {SFIRST} to the UA site.",
    "Payment portal log: {SFULL} paid supervision fees with card {CARD} from IP {IP} on {DATE}. Receipt emailed to {SEMAIL}.",
    "Victim {PFULL} reported messages from {SFIRST} through {URL}; screenshots saved. Reminded {SFIRST} of the no contact order on {WEEKDAY}.",
    "Bank statement shows a monthly transfer to IBAN {IBAN} for {SPOS} child support; {SFULL} brought the statement on {DATE}.",
    "{SFIRST} may stay with {SPOS} mother on weekends, zip code {ZIP}; {SPRO} will move to the {SZIP} area after the lease ends in {MONTHYEAR}.",
    "Interstate transfer request: {SFULL} wants to live with {SPOS} uncle {PFULL_M} in {KYCITY}, KY {ZIP}. Packet sent to the ICAOS office.",
    "Sentencing in {COURT} on {DATE}: 3 years community control, 180 days jail suspended, OVI class, and {PROGRAM}.",
]


class Note:
    def __init__(self, rng, subject, variant_rate):
        self.rng = rng
        self.s = subject
        self.parts = []  # (text, type or None)
        self.variants = []
        self.variant_rate = variant_rate
        self.cache = {}

    def v(self):
        return self.rng.random() < self.variant_rate

    def other(self):
        if "other" not in self.cache:
            self.cache["other"] = Person(self.rng)
        return self.cache["other"]

    def name_form(self, text):
        """Subject or other names, sometimes without accents or in NFD."""
        if strip_accents(text) != text and self.v():
            if self.rng.random() < 0.5:
                self.variants.append("name-no-accents")
                return strip_accents(text)
            self.variants.append("name-nfd")
            return unicodedata.normalize("NFD", text)
        if self.v() and self.rng.random() < 0.3 and len(text) > 4:
            self.variants.append("name-zwsp")
            i = len(text) // 2
            return text[:i] + ZWSP + text[i:]
        return text

    def digits(self, text, kind):
        if self.v():
            r = self.rng.random()
            if r < 0.4:
                self.variants.append(kind + "-fullwidth-digits")
                return text.translate(FULLWIDTH)
            if r < 0.7:
                self.variants.append(kind + "-arabic-indic-digits")
                return text.translate(ARABIC_INDIC)
        return text

    def phone(self, p, cue):
        a, b, c = p
        forms = ["(%s) %s-%s" % p, "%s-%s-%s" % p, "%s.%s.%s" % p, "%s/%s-%s" % p, "%s %s%s" % p]
        if cue:
            forms.append("%s%s%s" % p)
        t = self.rng.choice(forms)
        if t == "%s/%s-%s" % p:
            self.variants.append("phone-slash")
        if t == "%s%s%s" % p:
            self.variants.append("phone-10-digits")
        if self.v() and self.rng.random() < 0.35:
            self.variants.append("phone-line-break")
            t = "(%s) %s-\n%s" % p
        return self.digits(t, "phone")

    def ssn(self, p, raw=False):
        if raw:
            self.variants.append("ssn-9-digits")
            return self.digits("".join(p), "ssn")
        t = "-".join(p)
        if self.v():
            r = self.rng.random()
            if r < 0.25:
                self.variants.append("ssn-en-dash")
                t = EN_DASH.join(p)
            elif r < 0.5:
                self.variants.append("ssn-nbsp")
                t = NBSP.join(p)
            elif r < 0.7:
                self.variants.append("ssn-spaced")
                t = " - ".join(p)
            elif r < 0.85:
                self.variants.append("ssn-zwsp")
                t = p[0] + "-" + p[1] + ZWSP + "-" + p[2]
            else:
                t = self.digits(t, "ssn")
        return t

    def email(self, e):
        if self.v():
            if self.rng.random() < 0.5:
                self.variants.append("email-fullwidth-at")
                return e.replace("@", "\uff20")
            self.variants.append("email-zwsp")
            i = e.index("@")
            return e[:i] + ZWSP + e[i:]
        return e

    def date(self):
        rng = self.rng
        y, m, d = rng.randrange(2023, 2027), rng.randrange(1, 13), rng.randrange(1, 29)
        forms = [
            "%02d/%02d/%d" % (m, d, y), "%d/%d/%d" % (m, d, y), "%s %d, %d" % (MONTHS[m - 1], d, y),
            "%d-%02d-%02d" % (y, m, d), "%s %d" % (MONTHS[m - 1], d), "%s %dth" % (MONTHS[m - 1], d if d > 3 and d < 21 else 4),
            "%d-%d-%02d" % (m, d, y % 100),
        ]
        t = rng.choice(forms)
        if rng.random() < 0.05:
            t = "%d-%02d-%02dT%02d:%02d:00Z" % (y, m, d, rng.randrange(24), rng.randrange(60))
        return self.digits(t, "date") if rng.random() < 0.3 else t

    def monthyear(self):
        y, m = self.rng.randrange(2023, 2027), self.rng.randrange(1, 13)
        return self.rng.choice(["%s %d" % (MONTHS[m - 1], y), "%s %d" % (MON3[m - 1], y), "%02d/%d" % (m, y)])

    def addr(self):
        num = self.rng.randrange(10, 9999)
        street, suffix = self.rng.choice(STREETS)
        t = "%d %s %s" % (num, street, suffix)
        if self.rng.random() < 0.4:
            city, st, zp = self.rng.choice(CITIES)
            t += ", %s, %s %s%02d" % (city, st, zp, self.rng.randrange(1, 99))
        return t

    def saddr(self):
        s = self.s
        r = self.rng.random()
        if r < 0.5:
            return s.street + (" " + s.unit if s.unit else "")
        if r < 0.8:
            return s.address
        return "%s%s, %s" % (s.street, " " + s.unit if s.unit else "", s.city)

    def slot(self, name):
        s, rng = self.s, self.rng
        o = self.other
        if name == "SFULL":
            if self.v() and rng.random() < 0.3:
                self.variants.append("name-upper")
                return s.full.upper(), "PERSON"
            return self.name_form(s.full), "PERSON"
        if name == "SFIRST":
            return self.name_form(s.first), "PERSON"
        if name == "SLAST":
            return self.name_form(s.last), "PERSON"
        if name == "SINIT":
            self.variants.append("name-initial")
            return "%s. %s" % (strip_accents(s.first)[0], self.name_form(s.last)), "PERSON"
        if name == "STITLE":
            return s.title, None
        if name in ("SPRO", "SPOS"):
            return (s.pro if name == "SPRO" else s.pos), None
        if name == "SPRO_CAP":
            return s.pro.capitalize(), None
        if name == "SADDR":
            return self.saddr(), "ADDRESS"
        if name == "SCITY":
            return s.city, "LOCATION"
        if name == "KYCITY":
            return rng.choice(["Lexington", "Covington", "Ashland", "Bowling Green"]), "LOCATION"
        if name == "ZIP":
            z = "%05d" % rng.randrange(40000, 46000)
            return (z + "-%04d" % rng.randrange(10000) if rng.random() < 0.3 else z), "ZIP"
        if name == "SZIP":
            return s.zip, "ZIP"
        if name == "SPHONE":
            return self.phone(s.phone, False), "PHONE"
        if name == "SPHONE_CUE":
            return self.phone(s.phone, True), "PHONE"
        if name == "SPHONE_RAW":
            self.variants.append("phone-10-digits")
            return self.digits("".join(s.phone), "phone"), "PHONE"
        if name == "SPHONE_INTL":
            self.variants.append("phone-international")
            return "+1 %s %s %s" % s.phone, "PHONE"
        if name == "SSN":
            return self.ssn(s.ssn), "SSN"
        if name == "SSN_RAW":
            return self.ssn(s.ssn, raw=True), "SSN"
        if name == "SEMAIL":
            return self.email(s.email), "EMAIL"
        if name == "DOB":
            y, m, d = s.dob
            return rng.choice(["%02d/%02d/%d" % (m, d, y), "%d%02d%02d" % (y, m, d), "%s %d, %d" % (MONTHS[m - 1], d, y)]), "DATE"
        if name == "PFULL":
            p = Person(rng)
            self.cache["other"] = p
            return self.name_form(p.full), "PERSON"
        if name in ("PFULL_F", "PFULL_M"):
            p = Person(rng, sex=name[-1].lower())
            self.cache["other"] = p
            return self.name_form(p.full), "PERSON"
        if name in ("PFIRST_F", "PFIRST_M"):
            p = Person(rng, sex=name[-1].lower())
            self.cache["other"] = p
            return self.name_form(p.first), "PERSON"
        if name == "PFIRST":
            return self.name_form(o().first), "PERSON"
        if name == "PLAST":
            p = Person(rng)
            self.cache["other"] = p
            return self.name_form(p.last), "PERSON"
        if name == "PPHONE":
            return self.phone(("614", "%03d" % rng.randrange(201, 999), "%04d" % rng.randrange(10000)), False), "PHONE"
        if name == "PPHONE_CUE":
            return "phone " + self.phone(("614", "%03d" % rng.randrange(201, 999), "%04d" % rng.randrange(10000)), True), "PHONE+cue"
        if name == "PEMAIL":
            p = o()
            e = "%s%s@%s" % (strip_accents(p.first)[0].lower(), strip_accents(p.last).lower().replace("'", ""), rng.choice(EMAIL_DOMAINS))
            return self.email(e), "EMAIL"
        if name in ("PADDR", "ADDR"):
            return self.addr(), "ADDRESS"
        if name == "CITY":
            return rng.choice(["Dayton", "Zanesville", "Chillicothe", "Toledo", "Marion", "Lancaster"]), "LOCATION"
        if name == "EMPLOYER":
            return rng.choice(EMPLOYERS), "ORG"
        if name == "PROVIDER":
            return rng.choice(PROVIDERS), "ORG"
        if name == "DATE" or name == "DATE2":
            return self.date(), "DATE"
        if name == "MONTHYEAR":
            return self.monthyear(), "DATE"
        if name == "TIME":
            return "%02d:%02d" % (rng.randrange(24), rng.randrange(60)), None
        if name == "CARD":
            prefix = rng.choice(["4", "51", "37", "6011"])
            n = luhn_complete(prefix, 15 if prefix == "37" else 16)
            sep = rng.choice([" ", "-", ""])
            return sep.join(n[i:i + 4] for i in range(0, len(n), 4)), "CARD"
        if name == "IBAN":
            country, bban = rng.choice([("DE", "%018d" % rng.randrange(10 ** 17, 10 ** 18)),
                                        ("GB", "NWBK%014d" % rng.randrange(10 ** 13, 10 ** 14)),
                                        ("MX", None)])
            if bban is None:  # Mexico has no IBAN; use the Netherlands
                country, bban = "NL", "ABNA%010d" % rng.randrange(10 ** 9, 10 ** 10)
            return iban(country, bban), "IBAN"
        if name == "IP":
            if rng.random() < 0.2:
                return "2600:1700:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536), rng.randrange(65536)), "IP"
            return "%d.%d.%d.%d" % (rng.randrange(11, 223), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)), "IP"
        if name == "URL":
            handle = strip_accents(s.first).lower() + "." + strip_accents(s.last).lower().replace("'", "") + str(rng.randrange(10, 99))
            return rng.choice(["https://www.facebook.com/%s" % handle, "www.instagram.com/%s" % handle,
                               "tiktok.com/@%s" % handle]), "URL"
        if name == "POBOX":
            return str(rng.randrange(100, 99999)), "ADDRESS"
        if name == "WEEKDAY":
            return rng.choice(WEEKDAYS), None
        if name == "DRUG":
            return rng.choice(DRUGS), None
        if name == "MED":
            return rng.choice(MEDS), None
        if name == "PROGRAM":
            return rng.choice(PROGRAMS), None
        if name == "COURT":
            return rng.choice(COURTS), None
        raise KeyError(name)

    def build(self, template):
        pos = 0
        for m in re.finditer(r"\{([A-Z0-9_]+)\}", template):
            self.parts.append((template[pos:m.start()], None))
            slot = m.group(1)
            before = len(self.variants)
            text, typ = self.slot(slot)
            own = sorted(set(self.variants[before:]))
            if typ == "PHONE+cue":
                self.parts.append(("phone ", None))
                text, typ = text[len("phone "):], "PHONE"
            # Slots named S... and DOB are the subject's own identifiers.
            self.parts.append((text, typ, slot.startswith("S") or slot == "DOB", own))
            pos = m.end()
        self.parts.append((template[pos:], None))
        text, spans = "", []
        for part in self.parts:
            t, typ = part[0], part[1]
            if typ and t:
                sp = {"start": len(text), "end": len(text) + len(t), "type": typ}
                if part[2]:
                    sp["subject"] = True
                if part[3]:
                    sp["variants"] = part[3]
                spans.append(sp)
            text += t
        # P.O. Box: the label covers "P.O. Box NNNNN" as one address.
        merged = []
        for sp in spans:
            if sp["type"] == "ADDRESS" and text[:sp["start"]].endswith("P.O. Box "):
                sp = dict(sp, start=sp["start"] - len("P.O. Box "))
            merged.append(sp)
        return text, merged


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--notes", type=int, default=300)
    ap.add_argument("--out", default="data/eval/probation_notes.jsonl")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    random.seed(a.seed)  # luhn_complete
    subjects = [Subject(rng, "P-%06d" % (i + 1)) for i in range(48)]
    lines = []
    for i in range(a.notes):
        s = subjects[i % len(subjects)]
        tpl = TEMPLATES[i % len(TEMPLATES)]
        n = Note(rng, s, variant_rate=0.35)
        text, spans = n.build(tpl)
        lines.append({
            "id": "N%04d" % (i + 1),
            "person_id": s.pid,
            "text": text,
            "subject": {"name": s.full, "address": s.address},
            "spans": spans,
            "variants": sorted(set(n.variants)),
        })
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        for l in lines:
            f.write(json.dumps(l, ensure_ascii=False) + "\n")
    print("%d notes, %d spans -> %s" % (len(lines), sum(len(l["spans"]) for l in lines), a.out))


if __name__ == "__main__":
    main()
