//! A fast check that a ledger line is already in canonical form, without
//! building a JSON tree.
//!
//! `disclose` writes every line canonically (keys sorted, no white space,
//! strings escaped as the hashing rule says). For such a line, the entry
//! without `hash` is the line without its `"hash":"..."` member, so its hash
//! can be computed over the bytes as they are. [`scan`] says whether a line
//! is canonical and where its `hash` member lies; a line it does not accept
//! (another layout, a float, an escaped key, deep nesting) is judged the
//! slow way, by its parsed content, with the same result.

use std::ops::Range;

/// Deeper nesting than this is left to the slow path.
const MAX_DEPTH: usize = 64;

/// Where the parts of a canonical line are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// The bytes to leave out when hashing: the `hash` member and the comma
    /// that joins it to its neighbour.
    pub hash_member: Range<usize>,
    /// The value of `hash`, without its quotes.
    pub hash: Range<usize>,
    /// The values of the top-level `seq`, `prev`, `created_at` and `event`
    /// members when present (strings without their quotes), in that order.
    pub chain: [Option<Range<usize>>; 4],
}

/// The top-level keys whose values [`Canonical::chain`] holds.
const CHAIN_KEYS: [&[u8]; 4] = [b"seq", b"prev", b"created_at", b"event"];

/// `Some` when `line` (without its newline) is one canonical JSON object
/// with a top-level `hash` string. The line must be valid UTF-8.
pub fn scan(line: &[u8]) -> Option<Canonical> {
    let mut p = Parser {
        b: line,
        i: 0,
        hash: None,
        chain: Default::default(),
    };
    if p.b.first() != Some(&b'{') {
        return None;
    }
    p.object(0)?;
    if p.i != line.len() {
        return None;
    }
    let (key_start, value_end) = p.hash?;
    let hash = key_start + 8..value_end - 1; // `"hash":"` .. `"`
    let hash_member = if line[key_start - 1] == b',' {
        key_start - 1..value_end
    } else if line.get(value_end) == Some(&b',') {
        key_start..value_end + 1
    } else {
        key_start..value_end
    };
    Some(Canonical {
        hash_member,
        hash,
        chain: p.chain,
    })
}

/// A top-level member `key` of a JSON object, read from the start of a
/// canonical line (or a prefix of one long enough to hold it): the range of
/// the member with the comma that joins it to the one before, and the range
/// of its value. `None` when it is not found or the text is not canonical
/// up to it.
pub fn top_level(text: &[u8], key: &str) -> Option<(Range<usize>, Range<usize>)> {
    let mut p = Parser {
        b: text,
        i: 1,
        hash: None,
        chain: Default::default(),
    };
    if text.first() != Some(&b'{') {
        return None;
    }
    loop {
        let member_start = p.i;
        let key_range = p.string()?;
        p.expect(b':')?;
        let start = p.i;
        p.value(1)?;
        if &text[key_range] == key.as_bytes() {
            let member = if member_start > 1 {
                member_start - 1..p.i
            } else if text.get(p.i) == Some(&b',') {
                member_start..p.i + 1
            } else {
                member_start..p.i
            };
            return Some((member, start..p.i));
        }
        p.expect(b',')?;
    }
}

/// The value of a top-level string member without escapes (see
/// [`top_level`]).
pub fn top_level_str<'a>(text: &'a [u8], key: &str) -> Option<&'a str> {
    let (_, value) = top_level(text, key)?;
    let inner = text[value].strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    if inner.contains(&b'\\') {
        return None;
    }
    std::str::from_utf8(inner).ok()
}

/// The value of a top-level member that is a whole number.
pub fn top_level_u64(text: &[u8], key: &str) -> Option<u64> {
    let (_, value) = top_level(text, key)?;
    std::str::from_utf8(&text[value]).ok()?.parse().ok()
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
    /// The top-level `hash` member: where its key starts, where its value
    /// ends.
    hash: Option<(usize, usize)>,
    /// See [`Canonical::chain`].
    chain: [Option<Range<usize>>; 4],
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.i += 1)
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'{' => self.object(depth + 1),
            b'[' => self.array(depth + 1),
            b'"' => self.string().map(|_| ()),
            b'-' | b'0'..=b'9' => self.integer(),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'n' => self.word(b"null"),
            _ => None,
        }
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.i..]
            .starts_with(word)
            .then(|| self.i += word.len())
    }

    /// `-?(0|[1-9][0-9]*)`, not followed by a fraction or exponent.
    fn integer(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while matches!(self.peek(), Some(b'0'..=b'9')) {
                    self.i += 1;
                }
            }
            _ => return None,
        }
        match self.peek() {
            Some(b'.' | b'e' | b'E' | b'0'..=b'9') => None,
            _ => Some(()),
        }
    }

    /// A string as the rule writes it; returns the range between the
    /// quotes.
    fn string(&mut self) -> Option<Range<usize>> {
        self.expect(b'"')?;
        let start = self.i;
        loop {
            let rest = &self.b[self.i..];
            let n = memchr::memchr2(b'"', b'\\', rest)?;
            // No raw control character before it (a loop without early
            // exit, which the compiler can vectorise).
            if rest[..n].iter().fold(false, |bad, &c| bad | (c < 0x20)) {
                return None;
            }
            self.i += n;
            match self.b[self.i] {
                b'"' => {
                    self.i += 1;
                    return Some(start..self.i - 1);
                }
                b'\\' => {
                    let escape = *self.b.get(self.i + 1)?;
                    match escape {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 2,
                        b'u' => {
                            let hex = self.b.get(self.i + 2..self.i + 6)?;
                            let ok = hex[0] == b'0'
                                && hex[1] == b'0'
                                && matches!(hex[2], b'0' | b'1')
                                && matches!(hex[3], b'0'..=b'9' | b'a'..=b'f')
                                && !matches!(&hex[2..], b"08" | b"09" | b"0a" | b"0c" | b"0d");
                            if !ok {
                                return None;
                            }
                            self.i += 6;
                        }
                        _ => return None,
                    }
                }
                _ => return None, // a raw control character
            }
        }
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.expect(b'[')?;
        if self.peek()? == b']' {
            self.i += 1;
            return Some(());
        }
        loop {
            self.value(depth)?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.expect(b'{')?;
        if self.peek()? == b'}' {
            self.i += 1;
            return Some(());
        }
        let mut last: Option<Range<usize>> = None;
        loop {
            let key_start = self.i;
            let key = self.string()?;
            // Keys with escapes sort by their unescaped bytes: left to the
            // slow path.
            if self.b[key.clone()].contains(&b'\\') {
                return None;
            }
            if let Some(last) = &last
                && self.b[last.clone()] >= self.b[key.clone()]
            {
                return None;
            }
            self.expect(b':')?;
            let value_start = self.i;
            self.value(depth)?;
            if depth == 0 && &self.b[key.clone()] == b"hash" {
                let value = &self.b[value_start..self.i];
                if value.len() != 66 || value[0] != b'"' {
                    return None;
                }
                self.hash = Some((key_start, self.i));
            } else if depth == 0
                && let Some(k) = CHAIN_KEYS.iter().position(|k| *k == &self.b[key.clone()])
            {
                let value = if self.b[value_start] == b'"' {
                    value_start + 1..self.i - 1
                } else {
                    value_start..self.i
                };
                self.chain[k] = Some(value);
            }
            last = Some(key);
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(line: &str) -> Option<String> {
        let c = scan(line.as_bytes())?;
        let mut out = line[..c.hash_member.start].to_string();
        out.push_str(&line[c.hash_member.end..]);
        Some(out)
    }

    #[test]
    fn accepts_canonical_lines_and_cuts_the_hash_member() {
        let h = "a".repeat(64);
        let line = format!("{{\"a\":1,\"hash\":\"{h}\",\"z\":[\"x\",{{}}]}}");
        assert_eq!(body(&line).unwrap(), "{\"a\":1,\"z\":[\"x\",{}]}");
        let c = scan(line.as_bytes()).unwrap();
        assert_eq!(&line[c.hash], h);
        assert_eq!(
            body(&format!("{{\"hash\":\"{h}\",\"z\":null}}")).unwrap(),
            "{\"z\":null}"
        );
        assert_eq!(body(&format!("{{\"hash\":\"{h}\"}}")).unwrap(), "{}");
        assert!(body(&format!("{{\"a\":\"é\\n\\u001f\",\"hash\":\"{h}\"}}")).is_some());
    }

    #[test]
    fn refuses_what_is_not_canonical() {
        let h = "a".repeat(64);
        for line in [
            format!("{{\"b\":1,\"a\":2,\"hash\":\"{h}\"}}"),
            format!("{{\"a\":1,\"a\":2,\"hash\":\"{h}\"}}"),
            format!("{{\"a\": 1,\"hash\":\"{h}\"}}"),
            format!("{{\"a\":1.5,\"hash\":\"{h}\"}}"),
            format!("{{\"a\":01,\"hash\":\"{h}\"}}"),
            format!("{{\"a\":\"\\u0041\",\"hash\":\"{h}\"}}"),
            format!("{{\"a\":\"\\u000a\",\"hash\":\"{h}\"}}"),
            format!("{{\"a\":\"\\/\",\"hash\":\"{h}\"}}"),
            format!("{{\"a\":\"\t\",\"hash\":\"{h}\"}}"),
            format!("{{\"a\":1,\"hash\":\"{h}\"}}\r"),
            format!("{{\"a\":1,\"hash\":\"{h}\"}} "),
            format!("{{\"a\":1,\"hash\":\"{h}\"}}{{}}"),
            "{\"a\":1}".to_string(),
            format!("{{\"a\":1,\"hash\":\"{h}x\"}}"),
            format!("{{\"a\":tru,\"hash\":\"{h}\"}}"),
        ] {
            assert!(scan(line.as_bytes()).is_none(), "{line}");
        }
    }

    #[test]
    fn reads_a_top_level_string() {
        let text = br#"{"a":{"created_at":"no"},"created_at":"2026-01-01T00:00:00Z","seq":1"#;
        assert_eq!(
            top_level_str(text, "created_at"),
            Some("2026-01-01T00:00:00Z")
        );
        assert_eq!(top_level_str(text, "missing"), None);
    }
}
