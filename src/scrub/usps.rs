//! The word lists of the `address` detector: USPS street suffixes and
//! unit words (Publication 28), state codes, directions; and the look-ups
//! on them: a word in a list, where a word ends, a unit after a street.

use super::numbers::is;

/// USPS street suffixes (Publication 28, C1), full and abbreviated,
/// folded to lower case.
pub const SUFFIXES: &[&str] = &[
    "aly",
    "alley",
    "anx",
    "annex",
    "arc",
    "arcade",
    "av",
    "ave",
    "avenue",
    "bch",
    "beach",
    "blf",
    "bluff",
    "blvd",
    "boulevard",
    "bnd",
    "bend",
    "br",
    "branch",
    "brg",
    "bridge",
    "brk",
    "brook",
    "bypass",
    "byp",
    "camp",
    "canyon",
    "cape",
    "causeway",
    "center",
    "cir",
    "circle",
    "cliff",
    "cliffs",
    "club",
    "common",
    "corner",
    "corners",
    "course",
    "court",
    "courts",
    "cove",
    "creek",
    "cres",
    "crescent",
    "crest",
    "crossing",
    "ct",
    "cv",
    "cyn",
    "dale",
    "dr",
    "drive",
    "drives",
    "est",
    "estate",
    "estates",
    "expressway",
    "expy",
    "ext",
    "extension",
    "fall",
    "falls",
    "ferry",
    "field",
    "fields",
    "flat",
    "flats",
    "ford",
    "forest",
    "forge",
    "fork",
    "forks",
    "fort",
    "freeway",
    "fwy",
    "garden",
    "gardens",
    "gateway",
    "glen",
    "green",
    "grove",
    "harbor",
    "haven",
    "heights",
    "highway",
    "hill",
    "hills",
    "hollow",
    "hts",
    "hwy",
    "inlet",
    "island",
    "isle",
    "junction",
    "key",
    "knoll",
    "knolls",
    "lake",
    "lakes",
    "landing",
    "lane",
    "light",
    "ln",
    "loop",
    "mall",
    "manor",
    "meadow",
    "meadows",
    "mews",
    "mill",
    "mills",
    "mission",
    "motorway",
    "mount",
    "mountain",
    "neck",
    "orchard",
    "oval",
    "overpass",
    "park",
    "parks",
    "parkway",
    "pass",
    "passage",
    "path",
    "pike",
    "pine",
    "pines",
    "pkwy",
    "pl",
    "place",
    "plain",
    "plains",
    "plaza",
    "point",
    "points",
    "port",
    "ports",
    "prairie",
    "pt",
    "radial",
    "ramp",
    "ranch",
    "rapid",
    "rapids",
    "rd",
    "rdg",
    "rest",
    "ridge",
    "ridges",
    "river",
    "road",
    "roads",
    "route",
    "row",
    "rte",
    "rue",
    "run",
    "shoal",
    "shoals",
    "shore",
    "shores",
    "skyway",
    "sq",
    "spring",
    "springs",
    "spur",
    "square",
    "squares",
    "st",
    "station",
    "stravenue",
    "stream",
    "street",
    "streets",
    "summit",
    "ter",
    "terrace",
    "throughway",
    "tpke",
    "trace",
    "track",
    "trafficway",
    "trail",
    "trl",
    "tunnel",
    "turnpike",
    "underpass",
    "union",
    "unions",
    "valley",
    "valleys",
    "via",
    "viaduct",
    "view",
    "views",
    "village",
    "villages",
    "ville",
    "vista",
    "walk",
    "walks",
    "wall",
    "way",
    "ways",
    "well",
    "wells",
];

/// Unit words (`Apt 3B`, `Suite 200`).
pub const UNITS: &[&str] = &[
    "apartment",
    "apt",
    "bldg",
    "building",
    "fl",
    "floor",
    "lot",
    "rm",
    "room",
    "space",
    "spc",
    "ste",
    "suite",
    "trailer",
    "trlr",
    "unit",
];

/// US state, territory and military codes.
pub const STATES: &[&str] = &[
    "AA", "AE", "AK", "AL", "AP", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "FM", "GA",
    "GU", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MH", "MI", "MN", "MO",
    "MP", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR",
    "PW", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
];

pub const DIRECTIONS: &[&str] = &["e", "n", "ne", "nw", "s", "se", "sw", "w"];

/// Whether `word` is in `list` (folded to ASCII lower case).
pub fn word_in(word: &[u8], list: &[&str]) -> bool {
    word.len() <= 12 && {
        let mut buf = [0u8; 12];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        std::str::from_utf8(lower).is_ok_and(|w| list.contains(&w))
    }
}

/// The end of a word at `at`: ASCII letters and digits, and non-ASCII
/// characters, with inner apostrophes and hyphens.
pub fn word_end(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while let Some(&b) = bytes.get(i) {
        let inner = matches!(b, b'\'' | b'-')
            && bytes.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric())
            && i > at;
        if b.is_ascii_alphanumeric() || b >= 0x80 || inner {
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// Whether `word` is a unit word (`Apt`, `Suite`).
pub fn is_unit(word: &[u8]) -> bool {
    word_in(word, UNITS)
}

/// A unit after a street: ` Apt 3B`, `, Unit C`, ` #12`, ` Apt. 12`.
pub fn unit(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at;
    if is(bytes, i, b'.') {
        i += 1;
    }
    if is(bytes, i, b',') {
        i += 1;
    }
    if !is(bytes, i, b' ') {
        return None;
    }
    i += 1;
    if is(bytes, i, b'#') {
        let e = word_end(bytes, i + 1);
        return (e > i + 1).then_some(e);
    }
    let e = word_end(bytes, i);
    if e == i || !word_in(&bytes[i..e], UNITS) {
        return None;
    }
    let mut j = e;
    if is(bytes, j, b'.') {
        j += 1;
    }
    if is(bytes, j, b' ') {
        j += 1;
    }
    if is(bytes, j, b'#') {
        j += 1;
    }
    let id = word_end(bytes, j);
    (id > j && bytes[j..id].iter().any(u8::is_ascii_digit) || id == j + 1).then_some(id)
}
