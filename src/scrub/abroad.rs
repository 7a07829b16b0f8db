//! The word lists of the street forms of other countries (`street`):
//! street-type words written as a word of their own (`rue`, `Via`,
//! `utca`), the endings of street names written as one word
//! (`Vallerstrasse`, `Jalonkatu`), the particles inside street names, and
//! the USPS suffixes that name a street without a house number. All are
//! folded (lower case, diacritics removed) and sorted.

use crate::record::fieldpath::Fnv;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// Street-type words of other languages, written as a word of their own:
/// French, Italian, Spanish, Portuguese and Catalan, German, Dutch, the
/// Nordic languages, Finnish and Estonian, Hungarian, the Slavic
/// languages, Greek (transliterated).
pub const TYPES: &[&str] = &[
    "al",
    "alameda",
    "aleja",
    "alle",
    "allee",
    "av",
    "avenida",
    "avenue",
    "bd",
    "boulevard",
    "calle",
    "camino",
    "carrer",
    "carretera",
    "cesta",
    "chaussee",
    "chemin",
    "corso",
    "cours",
    "damm",
    "dreef",
    "estrada",
    "fasor",
    "gade",
    "gasse",
    "gata",
    "gatan",
    "gate",
    "gracht",
    "impasse",
    "kade",
    "kapu",
    "katu",
    "korut",
    "koz",
    "kuja",
    "laan",
    "largo",
    "leoforos",
    "namesti",
    "odos",
    "paseo",
    "passeig",
    "piazza",
    "piazzale",
    "place",
    "platz",
    "plaza",
    "plazuela",
    "plein",
    "poik",
    "polku",
    "praca",
    "puiestee",
    "quai",
    "r",
    "rakpart",
    "rkp",
    "route",
    "rua",
    "rue",
    "setany",
    "singel",
    "sor",
    "steeg",
    "str",
    "straat",
    "strada",
    "strasse",
    "straße",
    "tanav",
    "tee",
    "ter",
    "tie",
    "travessa",
    "trg",
    "trida",
    "u",
    "ul",
    "ulica",
    "ulice",
    "ut",
    "utca",
    "utja",
    "vag",
    "vagen",
    "veg",
    "vei",
    "veien",
    "vej",
    "via",
    "viale",
    "vicolo",
];

/// Type words that are also English words or letters: next to them a
/// street name must be a name or a word the vocabulary does not know
/// (`Ingvald Scheys gate 155`, not `the main gate 12`).
pub const ENGLISH: &[&str] = &[
    "al", "av", "bd", "cours", "gate", "place", "r", "route", "rue", "sor", "str", "tee", "ter",
    "tie", "u", "ul", "veg", "via",
];

/// Abbreviated type words, which count only with their dot (`u. 23`,
/// `ul. Kładki`).
pub const DOTTED: &[&str] = &["al", "av", "bd", "rkp", "str", "u", "ul"];

/// Endings of street names written as one word (`Vallerstrasse`,
/// `Havnegade`, `Jalonkatu`, `Clematisvænget`, `Súluvegur`).
pub const ENDINGS: &[&str] = &[
    "allee", "bakken", "damm", "dreef", "gade", "gasse", "gata", "gatan", "gate", "gracht", "katu",
    "kuja", "laan", "plaats", "platz", "plein", "polku", "steeg", "straat", "strasse", "straße",
    "stræde", "tanav", "tee", "tie", "torget", "ulica", "utca", "vagen", "vangen", "vegen",
    "vegur", "vei", "veien", "vej", "vænget", "weg",
];

/// Small words inside street names (`rue du Président Roosevelt`,
/// `Plazuela do Porto`).
pub const PARTICLES: &[&str] = &[
    "d'", "da", "das", "de", "degli", "dei", "del", "della", "delle", "dello", "der", "des", "di",
    "do", "dos", "du", "l'", "la", "las", "le", "les", "los", "nad", "pod", "van", "von", "y",
];

/// USPS suffixes, in full, that make a street of one or two name words
/// without a house number (`Sille Ranch`, `Yonis Village`). Left out:
/// the words of organisation and place names in case notes (`Court`,
/// `Center`, `Park`, `Place`, `Way`, `Club`, `Union`, `Mall`...) and
/// common nouns (`Key`, `Light`, `Run`, `Path`...).
pub const NAMED: &[&str] = &[
    "alley",
    "avenue",
    "bluff",
    "boulevard",
    "causeway",
    "cove",
    "creek",
    "crescent",
    "crossing",
    "drive",
    "estates",
    "expressway",
    "freeway",
    "gardens",
    "harbor",
    "harbors",
    "heights",
    "highway",
    "hills",
    "hollow",
    "junction",
    "junctions",
    "knoll",
    "knolls",
    "lane",
    "meadows",
    "mews",
    "mission",
    "motorway",
    "neck",
    "parkway",
    "plains",
    "radial",
    "ranch",
    "ridge",
    "road",
    "shoal",
    "shoals",
    "shores",
    "spur",
    "squares",
    "station",
    "stravenue",
    "stream",
    "street",
    "summit",
    "terrace",
    "throughway",
    "trafficway",
    "turnpike",
    "unions",
    "viaduct",
    "village",
    "walks",
];

/// Words that end the place after an address: months, weekdays, titles,
/// and the small words that begin a clause.
pub const STOPS: &[&str] = &[
    "a",
    "after",
    "an",
    "and",
    "apr",
    "april",
    "at",
    "aug",
    "august",
    "before",
    "but",
    "by",
    "dec",
    "december",
    "det",
    "dr",
    "feb",
    "february",
    "for",
    "fri",
    "friday",
    "from",
    "he",
    "her",
    "his",
    "i",
    "in",
    "it",
    "jan",
    "january",
    "jul",
    "july",
    "jun",
    "june",
    "mar",
    "march",
    "may",
    "mon",
    "monday",
    "mr",
    "mrs",
    "ms",
    "nov",
    "november",
    "oct",
    "october",
    "of",
    "officer",
    "on",
    "or",
    "sat",
    "saturday",
    "sep",
    "sept",
    "september",
    "she",
    "sun",
    "sunday",
    "that",
    "the",
    "then",
    "they",
    "this",
    "thu",
    "thursday",
    "to",
    "tue",
    "tuesday",
    "we",
    "wed",
    "wednesday",
    "with",
    "you",
];

/// Countries and US states (and the last word of those of two words:
/// `United Kingdom`, `Czech Republic`, `New York`), after which a number
/// of four to six digits is a postcode (`Poland 28978`), and which a place
/// after an address may end with (`Billerica Massachusetts`).
pub const COUNTRIES: &[&str] = &[
    "africa",
    "alabama",
    "alaska",
    "albania",
    "algeria",
    "andorra",
    "arabia",
    "argentina",
    "arizona",
    "arkansas",
    "armenia",
    "australia",
    "austria",
    "azerbaijan",
    "bahrain",
    "bangladesh",
    "belarus",
    "belgium",
    "bolivia",
    "bosnia",
    "brazil",
    "bulgaria",
    "california",
    "cambodia",
    "cameroon",
    "canada",
    "carolina",
    "chile",
    "china",
    "colombia",
    "colorado",
    "columbia",
    "connecticut",
    "croatia",
    "cuba",
    "cyprus",
    "czechia",
    "dakota",
    "delaware",
    "denmark",
    "ecuador",
    "egypt",
    "emirates",
    "estonia",
    "ethiopia",
    "finland",
    "florida",
    "france",
    "georgia",
    "germany",
    "ghana",
    "greece",
    "greenland",
    "greenlander",
    "guatemala",
    "hampshire",
    "hawaii",
    "honduras",
    "hungary",
    "iceland",
    "idaho",
    "illinois",
    "india",
    "indiana",
    "indonesia",
    "iowa",
    "iran",
    "iraq",
    "ireland",
    "israel",
    "italy",
    "jamaica",
    "japan",
    "jersey",
    "jordan",
    "kansas",
    "kazakhstan",
    "kentucky",
    "kenya",
    "kingdom",
    "korea",
    "kosovo",
    "kuwait",
    "lanka",
    "latvia",
    "lebanon",
    "liechtenstein",
    "lithuania",
    "louisiana",
    "luxembourg",
    "macedonia",
    "maine",
    "malaysia",
    "malta",
    "maryland",
    "massachusetts",
    "mexico",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "moldova",
    "monaco",
    "mongolia",
    "montana",
    "montenegro",
    "morocco",
    "nebraska",
    "netherlands",
    "nevada",
    "nicaragua",
    "nigeria",
    "norway",
    "ohio",
    "oklahoma",
    "oregon",
    "pakistan",
    "panama",
    "paraguay",
    "pennsylvania",
    "peru",
    "philippines",
    "poland",
    "portugal",
    "qatar",
    "republic",
    "rhode",
    "rica",
    "rico",
    "romania",
    "russia",
    "salvador",
    "serbia",
    "singapore",
    "slovakia",
    "slovenia",
    "spain",
    "states",
    "sweden",
    "switzerland",
    "taiwan",
    "tennessee",
    "texas",
    "thailand",
    "tunisia",
    "turkey",
    "ukraine",
    "uruguay",
    "utah",
    "venezuela",
    "vermont",
    "vietnam",
    "virginia",
    "washington",
    "wisconsin",
    "wyoming",
    "york",
    "zealand",
];

/// First words of countries of two words, which count before one of
/// `COUNTRIES` (`United Kingdom`, `Czech Republic`, `New Zealand`).
pub const COUNTRY_FIRST: &[&str] = &[
    "costa",
    "czech",
    "dominican",
    "el",
    "new",
    "north",
    "puerto",
    "saudi",
    "south",
    "sri",
    "united",
];

/// What a word is in the lists above, as bits of `flags`.
pub const TYPE: u8 = 1;
pub const IS_ENGLISH: u8 = 2;
pub const IS_DOTTED: u8 = 4;
pub const PARTICLE: u8 = 8;
pub const STOP: u8 = 16;
pub const SUFFIX: u8 = 32;

/// The lists above as one map from a folded word to its bits: one look-up
/// where a binary search of each list would be several.
static FLAGS: LazyLock<HashMap<&'static str, u8, BuildHasherDefault<Fnv>>> = LazyLock::new(|| {
    let mut map = HashMap::default();
    for (list, bit) in [
        (TYPES, TYPE),
        (ENGLISH, IS_ENGLISH),
        (DOTTED, IS_DOTTED),
        (PARTICLES, PARTICLE),
        (STOPS, STOP),
        (NAMED, SUFFIX),
    ] {
        for w in list {
            *map.entry(*w).or_insert(0) |= bit;
        }
    }
    map
});

/// The bits of a folded word (0 when it is in no list).
#[inline]
pub fn flags(folded: &str) -> u8 {
    FLAGS.get(folded).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_folded() {
        for list in [
            TYPES, ENGLISH, DOTTED, ENDINGS, PARTICLES, NAMED, STOPS, COUNTRIES,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            for w in list {
                assert_eq!(super::super::normal::fold(w), *w);
            }
        }
        for w in ENGLISH.iter().chain(DOTTED) {
            assert!(TYPES.contains(w), "{w}");
        }
        assert_eq!(flags("ul"), TYPE | IS_ENGLISH | IS_DOTTED);
        assert_eq!(flags("du"), PARTICLE);
        assert_eq!(flags("ranch"), SUFFIX);
        assert_eq!(flags("main"), 0);
    }
}
