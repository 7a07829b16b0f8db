//! `gencases`: a deterministic generator of synthetic probation case exports,
//! used to make the sample data in `fixtures/` and the large inputs for
//! benchmarks of `disclose`.
//!
//! It writes invented supervisees as CSV (flat, 25 columns), JSON (a top-level
//! array of nested records, one a line, or indented by 2 spaces with
//! `--pretty`) or NDJSON (one nested record a line). Everything is invented:
//! SSNs avoid the 000, 666 and 9xx areas, phone numbers are in the fictional
//! 555-01xx range, e-mail addresses use the reserved example.* domains.
//!
//! Record *i* depends only on the seed and *i*: the same `--seed` gives the same
//! people in every format, and a shorter run is a prefix of a longer one. About
//! a third of the officers' notes embed something a scrubber must catch (the
//! person's name, SSN, phone, e-mail, street; dates, case numbers, victims,
//! treatment providers). The first records are showcase records for the docs:
//! P-000001's note embeds its full name, SSN and phone number; P-000002 and
//! P-000004 have accented names; P-000003 has empty values; the notes of
//! P-000002 and P-000003 contain line breaks.
//!
//! ```text
//! cargo run --release --example gencases -- --format csv|json|ndjson
//!     (--records N | --target-bytes BYTES) [--seed S] [--pretty] [--out FILE]
//! ```

use std::cmp::Reverse;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: gencases --format csv|json|ndjson (--records N | --target-bytes BYTES) \
                     [--seed S] [--pretty] [--out FILE]";

const CSV_HEADER: &str = "person_id,full_name,aliases,dob,ssn,address,phone,email,case_number,\
    offense,offense_date,sentence,supervision_level,risk_score,officer,diagnosis,medications,\
    treatment_program,treatment_status,drug_test_result,employer,education,narrative_notes,\
    consent_treatment_sharing,consent_expires,sealed\n";

const MONTHS: &str = "January February March April May June July August September October \
    November December";

/// Accented letters after the ASCII letter that stands for them in e-mail addresses.
const FOLDS: &str = "aáàâäãåąảặ cçćč dđ eéèêëęễ gğ iíìîïı lł nñń oóòôöõø rř sśšş uúùûü zżźž";

/// Records are generated in parallel, this many per thread at a time.
const CHUNK: u64 = 4096;

// ---------------------------------------------------------------- word lists

macro_rules! word_lists {
    ($($name:ident = $words:literal;)*) => {
        /// The word lists, each split at `|` once at start-up.
        struct Words { $($name: Vec<&'static str>,)* }
        impl Words {
            fn new() -> Words { Words { $($name: $words.split('|').collect(),)* } }
        }
    };
}

word_lists! {
    first = "James|Maria|Robert|Jennifer|Michael|Linda|David|Patricia|Marcus|Ashley|Tyrone|Emily|\
        Kevin|Brittany|Anthony|Jessica|Brandon|Tiffany|Christopher|Amanda|Daniel|Keisha|Joshua|\
        Heather|Andre|Nicole|Cody|Samantha|Jamal|Crystal|Ryan|Destiny|Travis|Megan|Darnell|Kayla|\
        Dustin|Latoya|Eric|Rachel|Ana|Luis|Carmen|Omar|Fatima|Hassan|Mei|Wei|Priya|Dmitri";
    first_accented = "José|Zoë|Łukasz|Siobhán|Renée|Chloé|Björn|Søren|François|Inés|Raúl|Ángel|\
        Joaquín|Małgorzata|Zoltán|Thảo|Dženana|Ömer|Çağla|Anaïs";
    last = "Smith|Johnson|Williams|Brown|Jones|Miller|Davis|Wilson|Anderson|Taylor|Thomas|Moore|\
        Jackson|Martin|Thompson|White|Harris|Clark|Lewis|Robinson|Walker|Young|Allen|King|Wright|\
        Scott|Green|Baker|Adams|Nelson|Hill|Campbell|Mitchell|Carter|Roberts|Turner|Phillips|Parker|\
        Evans|Edwards|Collins|Stewart|Morris|Murphy|Cook|Rogers|Reed|Bailey|Bell|Cooper|Ruiz|\
        Kowalski|Okafor|Patel|Chen|Ali|O'Brien|McCoy|Castillo|Ivanov";
    last_accented = "Núñez|Brontë|Wójcik|Ó Briain|Müller|Peña|García|Hernández|Pérez|Gómez|\
        Nguyễn|Ó Súilleabháin|Çelik|Öztürk|Jiménez|Dvořák|Šimić|Lefèvre|Bjørnsen|Đặng";
    nicknames = "Smoke|Lil Dre|Red|Junior|T-Bone|Cookie|Slim|Boo|Tank|Peanut|Ghost|Sunny";
    streets = "Broadway|N High St|Cleveland Ave|E Main St|Parsons Ave|Sullivant Ave|Morse Rd|\
        W Broad St|Livingston Ave|Karl Rd|Hamilton Rd|Maple Ave|Oak St|Elm St|Refugee Rd|\
        Frebis Ave|Georgesville Rd|Agler Rd|Mound St|Hudson St";
    // With the comma that precedes them; empty (no unit) for about 60% of addresses.
    units = "||||||||||||, Apt 3B|, Apt 210|, Unit 12|, Lot 44|, Apt 1|, Unit C|, Apt 507|, Rm 9";
    cities = "Columbus, OH 432|Columbus, OH 432|Columbus, OH 432|Reynoldsburg, OH 430|\
        Grove City, OH 431|Westerville, OH 430|Whitehall, OH 432|Hilliard, OH 430|Newark, OH 430|\
        Dayton, OH 454|Tulsa, OK 741|Cleveland, OH 441";
    area_codes = "614|614|614|380|740|937|513|216|918";
    mail_domains = "example.com|example.net|example.org|mail.example.com";
    offenses = "ORC 2911.12=Burglary, 2nd degree|ORC 2925.11=Possession of a controlled substance|\
        ORC 4511.19=OVI, 1st offense|ORC 4511.19=OVI, 3rd offense within 10 years|\
        ORC 2913.02=Theft|ORC 2903.13=Assault|ORC 2919.25=Domestic violence|\
        ORC 2913.51=Receiving stolen property|ORC 2925.03=Trafficking in a fentanyl-related compound|\
        ORC 2911.13=Breaking and entering|ORC 2913.31=Forgery|ORC 2909.05=Vandalism|\
        ORC 2913.49=Identity fraud|ORC 2921.331=Failure to comply with order or signal of police \
        officer|ORC 2923.13=Having weapons while under disability|ORC 2911.02=Robbery|\
        ORC 2925.14=Illegal use or possession of drug paraphernalia|\
        ORC 2903.211=Menacing by stalking";
    convictions = "Guilty plea|Guilty plea|Found guilty at trial|Guilty plea to amended charge";
    dispositions = "Guilty plea|Dismissed|Nolle prosequi|Merged at sentencing|\
        No contest, found guilty";
    officers = "PO D. Kowalski|PO M. Alvarez|PO S. Okafor|PO J. Brennan|PO T. Nguyen|\
        PO R. Castellano|PO L. Fitzgerald|PO K. Washington";
    sentences = "{n} months community control|{n} months community control|\
        {n} months community control; 90 days jail suspended|\
        {n} months community control, $500 fine and costs|{n} months intensive supervision probation|\
        {n} months community control; drug court";
    diagnoses = "Major depressive disorder, recurrent|Opioid use disorder, severe|\
        Alcohol use disorder, moderate|Post-traumatic stress disorder|Generalized anxiety disorder|\
        Bipolar I disorder, most recent episode manic|Schizoaffective disorder, bipolar type|\
        Cannabis use disorder, mild|Stimulant use disorder (methamphetamine), moderate|\
        ADHD, combined presentation";
    medications = "sertraline 50mg|naltrexone|buprenorphine/naloxone 8mg/2mg|quetiapine 100mg|\
        lithium 300mg|bupropion XL 150mg|methadone 80mg|fluoxetine 20mg|trazodone 50mg|prazosin 2mg";
    providers = "Sunrise Recovery Services|Maple Street Clinic|Riverside Behavioral Health|\
        Harbor House Recovery|New Beginnings Counseling Center";
    program_kinds = "IOP|IOP|Outpatient|MAT|Residential|Aftercare";
    treatment_status = "Enrolled|Enrolled|Enrolled|Completed program|Discharged|\
        Discharged - noncompliant|Waitlisted|Referred";
    test_results = "negative|negative|negative|negative|negative|negative|positive: THC|\
        positive: THC|positive: fentanyl|positive: methamphetamine|positive: cocaine|dilute|refused";
    employers = "Kroger Distribution Center|Self-employed (landscaping)|Unemployed|Unemployed|\
        Ace Roofing, LLC|Columbus Metro Staffing|Waffle House #1142|Amazon Fulfillment CMH1|\
        City of Columbus - Sanitation|SSI recipient|Buckeye Auto Body|Goodwill Columbus|\
        Wendy's (Morse Rd)|Temp work, various|";
    education = "GED|GED|High school diploma|High school diploma|Some high school|Some college|\
        Associate degree|Bachelor's degree|Vocational certificate (welding)|8th grade";
    conditions = "Random drug and alcohol testing|No contact with victim|\
        Complete substance-use assessment and follow recommendations|\
        Maintain full-time employment or education|Curfew 10:00 p.m. to 6:00 a.m.|\
        Pay restitution of $1,250.00|GPS monitoring for 90 days|\
        Attend AA/NA meetings 3 times weekly|No alcohol or drugs of abuse|\
        Complete Thinking for a Change (T4C)|No firearms or dangerous ordnance";
    consent = "yes|yes|yes|yes|yes|no|no|no|no|Y|Y|true|true|YES |||||";
    note_openers = "Office visit. |Home visit. |Phone contact. |Collateral contact. |OV: |\
        Field contact. |";
    fillers = "Client reported on time and was cooperative throughout the visit.|\
        Client reports stable housing, steady hours at work, and no new police contact.|\
        Reviewed conditions of supervision; client verbalized understanding.|\
        Client stated \"I'm trying to stay clean, one day at a time.\"|\
        Client missed a scheduled call-in, said the phone was broken, and was verbally warned.|\
        UA collected at the office; results pending.|\
        Client appeared tired but alert, denied any use, and agreed to an updated assessment.|\
        Reviewed restitution balance; client agreed to a payment plan of $50 per month.|\
        Residence appeared orderly, no contraband observed, no concerns noted.|\
        Client is frustrated about transportation: \"the bus doesn't run early enough.\"|\
        Will staff the case with the supervisor regarding a possible step-down in level.|\
        Client asked about early termination; advised to keep complying and revisit in 90 days.|\
        Discussed triggers, coping skills, and the importance of attending group.|\
        Client was reminded that contact with co-defendants is prohibited.|\
        Employment verified by pay stub.|\
        Client reports sleeping poorly and feeling \"on edge\" lately.|\
        Client admitted to drinking \"a couple beers\" at a cookout, sanction discussed.|\
        Client presented the AA attendance sheet, signed for 9 meetings this month.|\
        Curfew check completed by phone, client at home.|\
        Client has been couch-surfing and was given a list of shelters and housing resources.|\
        No violations reported since last contact.|\
        Client became argumentative when the drug test was requested, then complied.|\
        Discussed child support arrears and referral to the fatherhood/parenting program.|\
        Client requested a travel permit for a family funeral; pending supervisor approval.";
    // Sentences that leak something; `{...}` is filled in by `Person::fill`.
    leaks = "{name} reported to the office as directed.|\
        Collateral call from {name}'s mother; things are calmer at home.|\
        Reminded {last} that travel out of county requires a permit.|\
        {LAST} signed the updated conditions form.|\
        Verified SSN {ssn} against the booking sheet.|\
        Client gave SSN as {ssn} for the Medicaid application.|\
        New contact number is {phone}.|\
        Client's sister can be reached at {other_phone} if needed.|\
        Client asked that appointment reminders go to {email} instead of by mail.|\
        Next court date is {date}.|\
        Client was sanctioned on {date} for a missed UA, \"no excuses this time.\"|\
        Per the entry in {case}, restitution remains due.|\
        Client also has a pending matter, {other_case}, in another court.|\
        Client is reminded that no contact with {victim} is permitted.|\
        {victim} (victim) called to report that client drove past the house.|\
        Counselor at {provider} reports client attended 3 of 4 groups.|\
        Client is on the waitlist at {provider}.|\
        Verified residence at {street}; client present.";
}

// ---------------------------------------------------------------- randomness

/// splitmix64: tiny, fast, and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    /// An independent stream for record `index` of a run with `seed`.
    fn for_record(seed: u64, index: u64) -> Rng {
        Rng(Rng(seed).next_u64() ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `f`'s value in `percent` of the cases, else `None`.
    fn maybe<T>(&mut self, percent: usize, f: impl FnOnce(&mut Rng) -> T) -> Option<T> {
        self.chance(percent).then(|| f(self))
    }

    /// `n` distinct items of a list of at most 64, in list order.
    fn some_of<T: Copy>(&mut self, items: &[T], n: usize) -> Vec<T> {
        let mut chosen = 0u64;
        while (chosen.count_ones() as usize) < n.min(items.len()) {
            chosen |= 1 << self.below(items.len());
        }
        let chosen = (0..items.len()).filter(|i| chosen >> i & 1 == 1);
        chosen.map(|i| items[i]).collect()
    }

    /// A day in a uniformly chosen month from `from` to `to` (`(year, month)`).
    fn date(&mut self, from: (u32, u32), to: (u32, u32)) -> Date {
        let month = self.range(from.0 * 12 + from.1 - 1, to.0 * 12 + to.1 - 1);
        let (y, m) = (month / 12, month % 12 + 1);
        let leap = m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
        let days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m as usize - 1];
        (y, m, self.range(1, days + u32::from(leap)))
    }
}

// ---------------------------------------------------------------- formatting

/// `(year, month, day)`; tuples order chronologically.
type Date = (u32, u32, u32);

/// A literal and a number zero-padded to a width: `("P-", 7, 6)` is `P-000007`.
type Piece = (&'static str, u32, usize);

fn push_pieces(out: &mut Vec<u8>, pieces: impl IntoIterator<Item = Piece>) {
    for (literal, mut n, width) in pieces {
        out.extend_from_slice(literal.as_bytes());
        let (mut digits, mut i) = ([0; 10], 10);
        while n > 0 || i > 10 - width.max(1) {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
        }
        out.extend_from_slice(&digits[i..]);
    }
}

/// `MM/DD/YYYY`, the export's own date format.
fn us((y, m, d): Date) -> [Piece; 3] {
    [("", m, 2), ("/", d, 2), ("/", y, 4)]
}

/// `YYYY-MM-DD`.
fn iso((y, m, d): Date) -> [Piece; 3] {
    [("", y, 4), ("-", m, 2), ("-", d, 2)]
}

/// Appends `s` as lower-case ASCII (`Łukasz` -> `lukasz`, `Ó Briain` -> `obriain`).
fn push_ascii(out: &mut String, s: &str) {
    for c in s.chars().map(|c| c.to_ascii_lowercase()) {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c);
        } else if !c.is_ascii() {
            let c = c.to_lowercase().next().unwrap_or(c);
            let group = FOLDS.split(' ').find(|group| group.contains(c));
            out.extend(group.and_then(|group| group.chars().next()));
        }
    }
}

// ---------------------------------------------------------------- people

/// One supervisee, with everything that any of the formats writes.
struct Person {
    index: u64,
    first: &'static str,
    last: String,
    name: String,
    aliases: Vec<String>,
    dob: Date,
    ssn: [u32; 3],
    /// House number and street, the first part of `address`.
    street: String,
    address: String,
    /// Area code and the last two digits of 555-01xx.
    phone: (u32, u32),
    /// Notes may mention the e-mail address even when the record has none on file.
    email: String,
    email_on_file: bool,
    /// CR-year-number.
    case: (u32, u32),
    offense_date: Date,
    sentence: String,
    /// (`"code=description"`, disposition); the first is the leading offense.
    charges: Vec<(&'static str, &'static str)>,
    level: &'static str,
    risk_score: u32,
    officer: &'static str,
    conditions: Vec<&'static str>,
    diagnosis: Option<&'static str>,
    medications: Vec<&'static str>,
    provider: Option<&'static str>,
    program: Option<String>,
    status: Option<&'static str>,
    /// (date, result), newest first.
    drug_tests: Vec<(Date, &'static str)>,
    employer: &'static str,
    education: &'static str,
    /// (date, author, text), newest first; the flat format carries the first.
    notes: Vec<(Date, &'static str, String)>,
    consent: &'static str,
    consent_expires: Option<Date>,
    /// The sealed flag: set for a few fixed records (juvenile adjudications
    /// and one record sealed by order), spelled differently on purpose.
    sealed: &'static str,
}

/// The sealed flag of record `index` (0-based), drawn from no random
/// number so that every other value stays as it was: P-000028, -38, -44,
/// -56, -104, -131 and -186 were under 18 on the offense date; P-000009 is
/// sealed by a court order.
fn sealed(index: u64) -> &'static str {
    match index + 1 {
        9 | 28 => "true",
        38 => "Y",
        44 => " 1 ",
        56 => "TRUE",
        104 => "yes",
        131 => "y",
        186 => "1",
        _ => "",
    }
}

impl Person {
    /// Record `index`; `nested` adds what only JSON has (conditions, a second note), drawn
    /// last so that the fields common to both shapes are the same either way.
    fn generate(w: &Words, seed: u64, index: u64, nested: bool) -> Person {
        let r = &mut Rng::for_record(seed, index);
        let accent = r.maybe(15, |r| 1 + r.below(3)).unwrap_or(0);
        let hyphen = r.chance(10);
        let (first, last) = Person::name(w, r, accent, hyphen);
        let street = format!("{} {}", r.range(100, 9999), r.pick(&w.streets));
        let (unit, city) = (r.pick(&w.units), r.pick(&w.cities));
        let address = format!("{street}{unit}, {city}{:02}", r.below(100));
        let offense_date = r.date((2019, 1), (2025, 12));
        let case = (offense_date.0 + r.range(0, 1), r.range(1, 99999));
        let months = r.pick(&["12", "18", "24", "36", "60"]);
        let sentence = r.pick(&w.sentences).replace("{n}", months);
        let n_charges = r.pick(&[1, 1, 1, 2, 2, 3]);
        let mut charges = r.some_of(&w.offenses, n_charges);
        charges.rotate_left(r.below(n_charges));
        let dispositions = [&w.convictions, &w.dispositions];
        let charges = (charges.into_iter().enumerate())
            .map(|(i, charge)| (charge, r.pick(dispositions[i.min(1)])))
            .collect();
        let (level, risk_score) = match r.below(100) {
            0..=29 => ("low", r.range(0, 12)),
            30..=64 => ("moderate", r.range(13, 24)),
            65..=89 => ("high", r.range(25, 36)),
            _ => ("intensive", r.range(37, 50)),
        };
        let diagnosis = r.maybe(45, |r| r.pick(&w.diagnoses));
        let n_medications = r.below(3) * usize::from(diagnosis.is_some());
        let treated = [30, 75][usize::from(diagnosis.is_some())];
        let provider = r.maybe(treated, |r| r.pick(&w.providers));
        let program = provider.map(|p| [p, " - ", r.pick(&w.program_kinds)].concat());
        let status = provider.and_then(|_| r.maybe(90, |r| r.pick(&w.treatment_status)));
        let n_tests = r.below(4);
        let mut drug_tests: Vec<_> = (0..n_tests)
            .map(|_| (r.date((2025, 1), (2026, 11)), r.pick(&w.test_results)))
            .collect();
        drug_tests.sort_by_key(|&(date, _)| Reverse(date));
        let ssn_area = [r.range(1, 665), r.range(667, 899)][r.below(2)];
        let mut p = Person {
            index,
            first,
            name: [first, " ", &last].concat(),
            last,
            aliases: Vec::new(),
            dob: r.date((1958, 1), (2006, 12)),
            ssn: [ssn_area, r.range(1, 99), r.range(1, 9999)],
            street,
            address,
            phone: (r.pick(&w.area_codes).parse().unwrap(), r.range(0, 99)),
            email: String::new(),
            email_on_file: r.chance(88),
            case,
            offense_date,
            sentence,
            charges,
            level,
            risk_score,
            officer: r.pick(&w.officers),
            conditions: vec!["Report to PO as directed"],
            diagnosis,
            medications: r.some_of(&w.medications, n_medications),
            provider,
            program,
            status,
            drug_tests,
            employer: r.pick(&w.employers),
            education: r.pick(&w.education),
            notes: Vec::new(),
            consent: r.pick(&w.consent),
            consent_expires: r.maybe(80, |r| r.date((2025, 1), (2028, 12))),
            sealed: sealed(index),
        };
        let n_aliases = r.pick(&[0, 0, 0, 0, 0, 0, 1, 1, 1, 2]);
        p.aliases = (0..n_aliases).map(|_| p.alias(w, r)).collect();
        p.email = p.make_email(w, r);
        let n_leaks = r.maybe(33, |r| r.pick(&[1, 1, 2, 2, 3])).unwrap_or(0);
        let (mut leaks, mut newline) = (r.some_of(&w.leaks, n_leaks), r.chance(15));
        if index < 4 {
            p.showcase(w, r, &mut leaks, &mut newline);
        }
        let mut dates = [r.date((2025, 1), (2026, 11)), r.date((2025, 1), (2026, 11))];
        dates.sort_by_key(|&date| Reverse(date));
        let note = p.note(w, r, &leaks, newline);
        p.notes.push((dates[0], p.officer, note));
        if nested {
            let n_conditions = r.range(1, 4) as usize;
            p.conditions.extend(r.some_of(&w.conditions, n_conditions));
        }
        if nested && r.chance(40) {
            let leak = r.maybe(20, |r| r.pick(&w.leaks));
            let author = r.maybe(30, |r| r.pick(&w.officers)).unwrap_or(p.officer);
            let newline = r.chance(15);
            let note = p.note(w, r, leak.as_slice(), newline);
            p.notes.push((dates[1], author, note));
        }
        p
    }

    /// `accent`: 0 none, 1 both names, 2 first name only, 3 last name only.
    fn name(w: &Words, r: &mut Rng, accent: usize, hyphen: bool) -> (&'static str, String) {
        let first = r.pick([&w.first, &w.first_accented][usize::from(matches!(accent, 1 | 2))]);
        let last = r.pick([&w.last, &w.last_accented][usize::from(matches!(accent, 1 | 3))]);
        let mut second = last;
        while hyphen && second == last {
            second = r.pick(&w.last);
        }
        match hyphen {
            true => (first, [last, "-", second].concat()),
            false => (first, last.to_string()),
        }
    }

    /// Overrides that make the first records useful as documentation examples.
    fn showcase(&mut self, w: &Words, r: &mut Rng, leaks: &mut Vec<&str>, newline: &mut bool) {
        let leak = |key: &str| *w.leaks.iter().find(|l| l.contains(key)).unwrap();
        // (accent, hyphen): plain, accented, hyphenated, accented.
        let (accent, hyphen) = [(0, false), (1, false), (0, true), (1, false)][self.index as usize];
        (self.first, self.last) = Person::name(w, r, accent, hyphen);
        self.name = [self.first, " ", &self.last].concat();
        self.aliases = vec![self.alias(w, r)];
        (self.email, self.email_on_file) = (self.make_email(w, r), self.index != 2);
        match self.index {
            0 => *leaks = vec![leak("{name}"), leak("{ssn}"), leak("{phone}")],
            1 => (*leaks, *newline) = (vec![leak("{date}"), leak("{provider}")], true),
            3 => {
                *leaks = vec![leak("{LAST}"), leak("{email}"), leak("{case}")];
                (self.consent, self.consent_expires) = ("yes", Some((2027, 6, 30)));
            }
            _ => {
                (self.aliases, self.medications, self.drug_tests) = <_>::default();
                (self.diagnosis, self.provider, self.program, self.status) = <_>::default();
                (self.employer, self.consent, self.consent_expires) = ("", "", None);
                (*leaks, *newline) = (vec![], true);
            }
        }
    }

    fn alias(&self, w: &Words, r: &mut Rng) -> String {
        match r.below(4) {
            0 => [r.pick(&w.first), " ", &self.last].concat(),
            1 => [self.first, " ", r.pick(&w.last)].concat(),
            2 => r.pick(&w.nicknames).to_string(),
            _ => format!("{}. {}", self.first.chars().next().unwrap(), self.last),
        }
    }

    fn make_email(&self, w: &Words, r: &mut Rng) -> String {
        let (style, mut email, f) = (r.below(4), String::with_capacity(48), self.first);
        let initial = f.chars().next().map_or(0, char::len_utf8);
        push_ascii(&mut email, if style == 2 { &f[..initial] } else { f });
        email.push_str([".", "", "", "_"][style]);
        push_ascii(&mut email, &self.last);
        match style {
            1 => write!(email, "{}", r.range(1, 99)).unwrap(),
            3 => write!(email, "{:02}", self.dob.0 % 100).unwrap(),
            _ => {}
        }
        email.push('@');
        email.push_str(r.pick(&w.mail_domains));
        email
    }

    /// An officer's note of about 200 to 600 characters made of `leaks` and fillers.
    fn note(&self, w: &Words, r: &mut Rng, leaks: &[&'static str], newline: bool) -> String {
        // (sentence, whether it is a template with placeholders)
        let mut parts: Vec<_> = leaks.iter().map(|&leak| (leak, true)).collect();
        // Placeholders grow by at most ~85 characters in three leaks: keep templates <= 515.
        let target = r.range(210, 500) as usize;
        let (mut len, mut used) = (leaks.iter().map(|leak| leak.len() + 1).sum::<usize>(), 0u64);
        while len < target {
            let i = r.below(w.fillers.len());
            if used >> i & 1 == 1 {
                continue;
            } else if len + w.fillers[i].len() > 515 {
                break;
            }
            (used, len) = (used | 1 << i, len + w.fillers[i].len() + 1);
            parts.push((w.fillers[i], false));
        }
        for i in (1..parts.len()).rev() {
            parts.swap(i, r.below(i + 1));
        }
        let break_at = newline.then(|| 1 + r.below(parts.len().saturating_sub(1)));
        let mut text = String::with_capacity(len + 100);
        text.push_str(r.pick(&w.note_openers));
        for (i, (part, template)) in parts.into_iter().enumerate() {
            match i {
                0 => {}
                _ if Some(i) == break_at => text.push_str(r.pick(&["\n", "\n", "\n\n"])),
                _ => text.push(' '),
            }
            match template {
                true => self.fill(w, r, part, &mut text),
                false => text.push_str(part),
            }
        }
        text
    }

    /// Appends `template` with its `{placeholders}` filled in, as an officer would type them.
    fn fill(&self, w: &Words, r: &mut Rng, template: &str, text: &mut String) {
        let mut rest = template;
        while let Some((before, after)) = rest.split_once('{') {
            let (key, after) = after.split_once('}').expect("unclosed placeholder");
            text.push_str(before);
            rest = after;
            let (area, line) = match key {
                "other_phone" => (r.pick(&w.area_codes).parse().unwrap(), r.range(0, 99)),
                _ => self.phone,
            };
            let (y, m, d) = r.date((2025, 1), (2027, 6));
            let month = MONTHS.split(' ').nth(m as usize - 1).unwrap();
            let ([a, g, s], (case_year, case_number)) = (self.ssn, self.case);
            let result = match (key, r.below(4)) {
                ("name", _) => write!(text, "{}", self.name),
                ("last", _) => write!(text, "{}", self.last),
                ("LAST", _) => write!(text, "{}", self.last.to_uppercase()),
                ("ssn", 0) => write!(text, "{a:03} {g:02} {s:04}"),
                ("ssn", _) => write!(text, "{a:03}-{g:02}-{s:04}"),
                ("phone" | "other_phone", 0) => write!(text, "({area}) 555-01{line:02}"),
                ("phone" | "other_phone", 1) => write!(text, "{area}-555-01{line:02}"),
                ("phone" | "other_phone", 2) => write!(text, "{area}.555.01{line:02}"),
                ("phone" | "other_phone", _) => write!(text, "+1 {area} 555 01{line:02}"),
                ("email", _) => write!(text, "{}", self.email),
                ("date", 0) => write!(text, "{m}/{d}/{y}"),
                ("date", 1) => write!(text, "{m:02}/{d:02}/{:02}", y % 100),
                ("date", 2) => write!(text, "{month} {d}, {y}"),
                ("date", _) => write!(text, "{d} {month} {y}"),
                ("case", _) => write!(text, "CR-{case_year}-{case_number:05}"),
                ("other_case", k) => write!(text, "CR-{}-{:05}", 2024 + k % 3, r.range(1, 99999)),
                ("victim", _) => write!(text, "{} {}", r.pick(&w.first), r.pick(&w.last)),
                ("provider", _) => write!(text, "{}", self.provider.unwrap_or(w.providers[0])),
                ("street", _) => write!(text, "{}", self.street),
                _ => panic!("unknown placeholder {{{key}}}"),
            };
            result.unwrap();
        }
        text.push_str(rest);
    }

    fn fmt_id(&self) -> [Piece; 1] {
        [("P-", self.index as u32 + 1, 6)]
    }

    fn fmt_ssn(&self) -> [Piece; 3] {
        let [area, group, serial] = self.ssn;
        [("", area, 3), ("-", group, 2), ("-", serial, 4)]
    }

    /// `(614) 555-0182` or `614-555-0182`.
    fn fmt_phone(&self) -> [Piece; 2] {
        let (area, line) = self.phone;
        let parens = usize::from(line % 2 == 0);
        [
            (["", "("][parens], area, 3),
            (["-555-01", ") 555-01"][parens], line, 2),
        ]
    }

    fn fmt_case(&self) -> [Piece; 2] {
        [("CR-", self.case.0, 4), ("-", self.case.1, 5)]
    }
}

// ---------------------------------------------------------------- CSV

/// Writes one CSV row (RFC 4180 quoting, `\n` line ends); the flag says a field was written.
struct Csv<'a>(&'a mut Vec<u8>, bool);

impl Csv<'_> {
    /// The comma before a field, if one is needed.
    fn sep(&mut self) -> &mut Vec<u8> {
        if std::mem::replace(&mut self.1, true) {
            self.0.push(b',');
        }
        self.0
    }

    fn str(&mut self, s: &str) {
        // A non-short-circuit scan, which the compiler vectorizes.
        let special = |b: u8| (b == b',') | (b == b'\n') | (b == b'\r');
        let scan = |(quote, dquote), b| (quote | special(b), dquote | (b == b'"'));
        let (quote, dquote) = s.bytes().fold((false, false), scan);
        let out = self.sep();
        if !quote && !dquote {
            return out.extend_from_slice(s.as_bytes());
        }
        out.push(b'"');
        for (i, part) in s.as_bytes().split(|&b| b == b'"').enumerate() {
            out.extend_from_slice(if i > 0 { b"\"\"" } else { b"" });
            out.extend_from_slice(part);
        }
        out.push(b'"');
    }

    fn pieces(&mut self, pieces: impl IntoIterator<Item = Piece>) {
        push_pieces(self.sep(), pieces);
    }
}

impl Person {
    fn write_csv(&self, out: &mut Vec<u8>) {
        let c = &mut Csv(out, false);
        c.pieces(self.fmt_id());
        c.str(&self.name);
        c.str(&self.aliases.join("; "));
        c.pieces(us(self.dob));
        c.pieces(self.fmt_ssn());
        c.str(&self.address);
        c.pieces(self.fmt_phone());
        c.str(if self.email_on_file { &self.email } else { "" });
        c.pieces(self.fmt_case());
        c.str(self.charges[0].0.split_once('=').unwrap().1);
        c.pieces(us(self.offense_date));
        c.str(&self.sentence);
        c.str(self.level);
        c.pieces([("", self.risk_score, 1)]);
        c.str(self.officer);
        c.str(self.diagnosis.unwrap_or(""));
        c.str(&self.medications.join("; "));
        c.str(self.program.as_deref().unwrap_or(""));
        c.str(self.status.unwrap_or(""));
        c.str(self.drug_tests.first().map_or("", |test| test.1));
        c.str(self.employer);
        c.str(self.education);
        c.str(&self.notes[0].2);
        c.str(self.consent);
        c.pieces(self.consent_expires.map(us).into_iter().flatten());
        c.str(self.sealed);
        c.0.push(b'\n');
    }
}

// ---------------------------------------------------------------- JSON

/// A compact JSON writer; the flag says a comma must precede the next value.
struct Json<'a>(&'a mut Vec<u8>, bool);

impl Json<'_> {
    /// The comma before a value, if one is needed.
    fn sep(&mut self) -> &mut Vec<u8> {
        if std::mem::replace(&mut self.1, true) {
            self.0.push(b',');
        }
        self.0
    }

    fn key(&mut self, key: &str) -> &mut Self {
        self.str(key).0.push(b':');
        self.1 = false;
        self
    }

    fn str(&mut self, s: &str) -> &mut Self {
        serde_json::to_writer(self.sep(), s).expect("writing to memory");
        self
    }

    fn raw(&mut self, json: &str) -> &mut Self {
        self.sep().extend_from_slice(json.as_bytes());
        self
    }

    fn opt(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.str(s),
            None => self.raw("null"),
        }
    }

    /// A string made of pieces (which need no escaping).
    fn pieces(&mut self, pieces: impl IntoIterator<Item = Piece>) -> &mut Self {
        let out = self.sep();
        out.push(b'"');
        push_pieces(out, pieces);
        out.push(b'"');
        self
    }

    fn open(&mut self, bracket: u8) -> &mut Self {
        self.sep().push(bracket);
        self.1 = false;
        self
    }

    fn close(&mut self, bracket: u8) -> &mut Self {
        self.0.push(bracket);
        self.1 = true;
        self
    }

    fn list<S: AsRef<str>>(&mut self, items: &[S]) -> &mut Self {
        self.open(b'[');
        for item in items {
            self.str(item.as_ref());
        }
        self.close(b']')
    }

    /// An array of objects, each written by `f`.
    fn objects<T>(&mut self, items: &[T], f: impl Fn(&mut Self, &T)) -> &mut Self {
        self.open(b'[');
        for item in items {
            f(self.open(b'{'), item);
            self.close(b'}');
        }
        self.close(b']')
    }
}

impl Person {
    fn write_json(&self, out: &mut Vec<u8>) {
        let j = &mut Json(out, false);
        j.open(b'{').key("person_id").pieces(self.fmt_id());
        j.key("person").open(b'{');
        j.key("name").str(&self.name);
        j.key("aliases").list(&self.aliases);
        j.key("dob").pieces(us(self.dob));
        j.key("ssn").pieces(self.fmt_ssn());
        j.key("address").str(&self.address);
        j.key("phone").pieces(self.fmt_phone());
        let email = self.email_on_file.then_some(self.email.as_str());
        j.key("email").opt(email).close(b'}');
        j.key("case").open(b'{');
        j.key("number").pieces(self.fmt_case());
        j.key("court").str("Franklin County Court of Common Pleas");
        j.key("sentence").str(&self.sentence);
        j.key("offense_date").pieces(us(self.offense_date));
        // Only sealed records carry the flag; "true" is a JSON boolean.
        match self.sealed {
            "" => {}
            "true" => {
                j.key("sealed").raw("true");
            }
            other => {
                j.key("sealed").str(other);
            }
        }
        j.close(b'}').key("charges");
        j.objects(&self.charges, |j, (charge, disposition)| {
            let (code, description) = charge.split_once('=').unwrap();
            j.key("code").str(code);
            j.key("description").str(description);
            j.key("disposition").str(disposition);
        });
        j.key("treatment").open(b'{');
        j.key("diagnosis").opt(self.diagnosis);
        j.key("medications").list(&self.medications);
        j.key("program").opt(self.program.as_deref());
        j.key("status").opt(self.status);
        j.key("drug_tests")
            .objects(&self.drug_tests, |j, &(date, result)| {
                j.key("date").pieces(iso(date));
                j.key("result").str(result);
            });
        j.close(b'}').key("supervision").open(b'{');
        j.key("level").str(self.level);
        push_pieces(j.key("risk_score").sep(), [("", self.risk_score, 1)]);
        j.key("officer").str(self.officer);
        j.key("conditions").list(&self.conditions).close(b'}');
        j.key("employment").open(b'{');
        j.key("employer").str(self.employer);
        j.key("education").str(self.education).close(b'}');
        j.key("notes")
            .objects(&self.notes, |j, &(date, author, ref text)| {
                j.key("date").pieces(iso(date));
                j.key("author").str(author);
                j.key("text").str(text);
            });
        // Real exports are inconsistent: a JSON boolean here, null for "not recorded".
        j.key("consent_treatment_sharing");
        match self.consent {
            "true" => j.raw("true"),
            consent => j.opt(Some(consent).filter(|c| !c.is_empty())),
        };
        j.key("consent_expires");
        match self.consent_expires {
            Some(date) => j.pieces(us(date)),
            None => j.raw("null"),
        };
        j.close(b'}');
    }
}

// ---------------------------------------------------------------- command line

#[derive(Default)]
struct Args {
    format: String,
    records: Option<u64>,
    target_bytes: Option<u64>,
    seed: u64,
    pretty: bool,
    out: Option<String>,
}

/// The arguments, or a message for standard error (empty for `--help`).
fn parse_args() -> Result<Args, String> {
    let (mut a, mut args) = (
        Args {
            seed: 1,
            ..Args::default()
        },
        std::env::args().skip(1),
    );
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        let number = |v: String| {
            v.replace('_', "")
                .parse()
                .map_err(|_| format!("bad number: {v}"))
        };
        match arg.as_str() {
            "--format" => a.format = value()?,
            "--records" => a.records = Some(number(value()?)?),
            "--target-bytes" => a.target_bytes = Some(number(value()?)?),
            "--seed" => a.seed = number(value()?)?,
            "--out" | "-o" => a.out = Some(value()?),
            "--pretty" => a.pretty = true,
            "--help" | "-h" => return Err(String::new()),
            _ => return Err(format!("unknown argument: {arg}")),
        }
    }
    if !matches!(a.format.as_str(), "csv" | "json" | "ndjson") {
        Err("--format must be csv, json or ndjson".into())
    } else if a.records.is_some() == a.target_bytes.is_some() {
        Err("give either --records or --target-bytes".into())
    } else {
        Ok(a)
    }
}

/// A record indented by serde_json's pretty printer, one level in (as in an array).
fn write_pretty(person: &Person, buf: &mut Vec<u8>) -> io::Result<()> {
    let mut record = Vec::new();
    person.write_json(&mut record);
    let record: serde_json::Value = serde_json::from_slice(&record)?;
    buf.extend_from_slice(b"  ");
    for byte in serde_json::to_vec_pretty(&record)? {
        buf.push(byte);
        // A JSON string holds no raw line break, so every one is between tokens.
        buf.extend_from_slice(if byte == b'\n' { b"  " } else { b"" });
    }
    Ok(())
}

/// Records `start..end` in `a`'s format: the bytes, and where each record ends.
fn render(a: &Args, words: &Words, start: u64, end: u64) -> io::Result<(Vec<u8>, Vec<usize>)> {
    let (mut buf, mut ends) = (Vec::with_capacity(1 << 21), Vec::new());
    for index in start..end {
        let person = Person::generate(words, a.seed, index, a.format != "csv");
        match (a.format.as_str(), a.pretty) {
            ("csv", _) => person.write_csv(&mut buf),
            ("json", true) => write_pretty(&person, &mut buf)?,
            (format, _) => {
                person.write_json(&mut buf);
                buf.extend_from_slice(if format == "ndjson" { b"\n" } else { b"" });
            }
        }
        ends.push(buf.len());
    }
    Ok((buf, ends))
}

fn run(a: &Args) -> io::Result<()> {
    let sink: Box<dyn Write> = match &a.out {
        Some(path) => Box::new(File::create(path)?),
        None => Box::new(io::stdout().lock()),
    };
    let (mut w, words) = (BufWriter::with_capacity(1 << 20, sink), &Words::new());
    let threads = std::thread::available_parallelism().map_or(1, usize::from) as u64;
    let (format, limit) = (a.format.as_str(), a.records.unwrap_or(u64::MAX));
    let header = [("csv", CSV_HEADER), ("json", "["), ("ndjson", "")];
    let header = header.iter().find(|h| h.0 == format).unwrap().1;
    w.write_all(header.as_bytes())?;
    let (mut written, mut index) = (header.len() as u64, 0);
    // Every core renders a chunk of the records that follow; they are written in order.
    'done: while index < limit {
        let chunks = std::thread::scope(|scope| {
            let starts = (0..threads)
                .map(|t| index + t * CHUNK)
                .take_while(|&s| s < limit);
            let render = |start| move || render(a, words, start, (start + CHUNK).min(limit));
            let jobs: Vec<_> = starts.map(|start| scope.spawn(render(start))).collect();
            jobs.into_iter()
                .map(|job| job.join().expect("no panic"))
                .collect::<Vec<_>>()
        });
        for chunk in chunks {
            let (bytes, ends) = chunk?;
            for (from, to) in std::iter::once(0).chain(ends.iter().copied()).zip(&ends) {
                if a.target_bytes.is_some_and(|n| written >= n) {
                    break 'done;
                }
                if format == "json" {
                    w.write_all(if index == 0 { b"\n" } else { b",\n" })?;
                    written += 1 + u64::from(index > 0);
                }
                w.write_all(&bytes[from..*to])?;
                (written, index) = (written + (to - from) as u64, index + 1);
            }
        }
    }
    w.write_all(if format == "json" { b"\n]\n" } else { b"" })?;
    w.flush()
}

fn main() -> ExitCode {
    match parse_args().map(|args| run(&args)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("gencases: {e}");
            ExitCode::FAILURE
        }
        Err(message) if message.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gencases: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
