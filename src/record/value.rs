//! The JSON value of a record: parsed strictly, written back faithfully.
//!
//! Numbers keep their exact text (`1e999`, `1.50`, `-0`), objects keep key
//! order, and a key that occurs twice in one object is an error. Nesting is
//! limited so a hostile document cannot exhaust the stack.

use std::fmt;
use std::io::{self, Write};

/// How deep objects and arrays may nest.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's text, exactly as it appeared.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Object),
}

/// An object: keys in document order, each key once.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Object {
    entries: Vec<(String, Value)>,
}

impl Object {
    pub fn new() -> Object {
        Object::default()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Append a key (the caller makes sure it is new).
    pub fn push(&mut self, key: String, value: Value) {
        self.entries.push((key, value));
    }

    /// Keep the entries for which `keep` returns true.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &mut Value) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl Value {
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a scalar: a string's content, a number's text, `true` or
    /// `false`. `None` for null, arrays and objects.
    pub fn scalar_text(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            Value::Number(n) => Some(n),
            Value::Bool(true) => Some("true"),
            Value::Bool(false) => Some("false"),
            _ => None,
        }
    }

    pub fn is_container(&self) -> bool {
        matches!(self, Value::Array(_) | Value::Object(_))
    }

    /// What kind of value this is, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A parse error: what and where (byte offset and line within the text).
/// It never quotes the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// 1-based line within the parsed text.
    pub line: u64,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parse one complete JSON value (white space around it allowed).
pub fn parse(bytes: &[u8]) -> Result<Value, ParseError> {
    let mut p = Parser {
        bytes,
        at: 0,
        depth: 0,
    };
    p.skip_ws();
    let value = p.value()?;
    p.skip_ws();
    if p.at != bytes.len() {
        return Err(p.error("unexpected data after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        let upto = self.at.min(self.bytes.len());
        let line = 1 + memchr::memchr_iter(b'\n', &self.bytes[..upto]).count() as u64;
        ParseError {
            message: message.to_string(),
            line,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("invalid literal (expected true, false or null)"))
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        match self.peek() {
            None => Err(self.error("the text ends where a value was expected")),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal(b"true", Value::Bool(true)),
            Some(b'f') => self.literal(b"false", Value::Bool(false)),
            Some(b'n') => self.literal(b"null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.error("expected a value")),
        }
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_DEPTH} levels deep")));
        }
        self.at += 1;
        Ok(())
    }

    fn object(&mut self) -> Result<Value, ParseError> {
        self.enter()?;
        let mut object = Object::new();
        // Keys seen, once an object is large enough for linear search to hurt.
        let mut seen: Option<std::collections::HashSet<String>> = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Value::Object(object));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key in quotes"));
            }
            let key_at = self.at;
            let key = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.error("expected : after a key"));
            }
            self.at += 1;
            self.skip_ws();
            let value = self.value()?;
            let duplicate = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let dup = object.get(&key).is_some();
                    if object.len() >= 32 {
                        seen = Some(
                            object
                                .entries
                                .iter()
                                .map(|(k, _)| k.clone())
                                .chain([key.clone()])
                                .collect(),
                        );
                    }
                    dup
                }
            };
            if duplicate {
                self.at = key_at;
                // A key that may be data is named by its position.
                let shown = if crate::record::fieldpath::plainly_a_name(&key) {
                    key
                } else {
                    format!("<key {}>", object.len() + 1)
                };
                return Err(self.error(&format!("duplicate key {shown:?} in one object")));
            }
            object.push(key, value);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Value::Object(object));
                }
                _ => return Err(self.error("expected , or } in an object")),
            }
        }
    }

    fn array(&mut self) -> Result<Value, ParseError> {
        self.enter()?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    self.depth -= 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected , or ] in an array")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.at;
        let b = self.bytes;
        let digits = |at: &mut usize| {
            let s = *at;
            while *at < b.len() && b[*at].is_ascii_digit() {
                *at += 1;
            }
            *at - s
        };
        let mut at = self.at;
        if b.get(at) == Some(&b'-') {
            at += 1;
        }
        match b.get(at) {
            Some(b'0') => at += 1,
            Some(b'1'..=b'9') => {
                digits(&mut at);
            }
            _ => {
                self.at = at;
                return Err(self.error("invalid number"));
            }
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.error("invalid number (no digits after the decimal point)"));
            }
        }
        if let Some(b'e' | b'E') = b.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = b.get(at) {
                at += 1;
            }
            if digits(&mut at) == 0 {
                self.at = at;
                return Err(self.error("invalid number (no digits in the exponent)"));
            }
        }
        if let Some(b'0'..=b'9') = b.get(at) {
            self.at = at;
            return Err(self.error("invalid number (leading zero)"));
        }
        self.at = at;
        let text = std::str::from_utf8(&b[start..at]).expect("ASCII digits");
        Ok(Value::Number(text.to_string()))
    }

    fn string(&mut self) -> Result<String, ParseError> {
        self.at += 1; // opening quote
        let mut out = String::new();
        loop {
            let rest = &self.bytes[self.at..];
            let Some(stop) = memchr::memchr2(b'"', b'\\', rest) else {
                self.at = self.bytes.len();
                return Err(self.error("the text ends inside a string"));
            };
            let chunk = &rest[..stop];
            if chunk.iter().any(|&c| c < 0x20) {
                self.at += chunk.iter().position(|&c| c < 0x20).unwrap_or(0);
                return Err(
                    self.error("a control character inside a string (write it as an escape)")
                );
            }
            match std::str::from_utf8(chunk) {
                Ok(s) => out.push_str(s),
                Err(e) => {
                    self.at += e.valid_up_to();
                    return Err(self.error(
                        "invalid UTF-8 inside a string (the file is in another encoding: give --encoding, e.g. --encoding windows-1252)",
                    ));
                }
            }
            self.at += stop;
            if self.bytes[self.at] == b'"' {
                self.at += 1;
                return Ok(out);
            }
            self.escape(&mut out)?;
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ParseError> {
        self.at += 1; // backslash
        let Some(c) = self.peek() else {
            return Err(self.error("the text ends inside a string"));
        };
        self.at += 1;
        match c {
            b'"' => out.push('"'),
            b'\\' => out.push('\\'),
            b'/' => out.push('/'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'n' => out.push('\n'),
            b'r' => out.push('\r'),
            b't' => out.push('\t'),
            b'u' => {
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if !self.bytes[self.at..].starts_with(b"\\u") {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    self.at += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("a lone surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                match char::from_u32(code) {
                    Some(ch) => out.push(ch),
                    None => return Err(self.error("a lone surrogate in a \\u escape")),
                }
            }
            _ => return Err(self.error("invalid escape in a string")),
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error("a short \\u escape"))?;
        // from_str_radix alone would accept a sign, as in \u+001.
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.error("invalid \\u escape"));
        }
        let text = std::str::from_utf8(digits).expect("ASCII hex digits");
        let code = u32::from_str_radix(text, 16).expect("four hex digits");
        self.at += 4;
        Ok(code)
    }
}

/// Write a value as compact JSON.
pub fn write(out: &mut impl Write, value: &Value) -> io::Result<()> {
    match value {
        Value::Null => out.write_all(b"null"),
        Value::Bool(true) => out.write_all(b"true"),
        Value::Bool(false) => out.write_all(b"false"),
        Value::Number(n) => out.write_all(n.as_bytes()),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write(out, item)?;
            }
            out.write_all(b"]")
        }
        Value::Object(object) => write_object(out, object),
    }
}

/// Write an object as compact JSON.
pub fn write_object(out: &mut impl Write, object: &Object) -> io::Result<()> {
    out.write_all(b"{")?;
    for (i, (key, value)) in object.entries.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        write_string(out, key)?;
        out.write_all(b":")?;
        write(out, value)?;
    }
    out.write_all(b"}")
}

/// Write a string with the escapes JSON requires (quote, backslash, control
/// characters); everything else as UTF-8.
pub fn write_string(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => {
                out.write_all(&bytes[start..i])?;
                write!(out, "\\u{b:04x}")?;
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(escape)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])?;
    out.write_all(b"\"")
}

/// A value as a compact JSON string.
pub fn to_string(value: &Value) -> String {
    let mut out = Vec::new();
    write(&mut out, value).expect("writing to a Vec");
    String::from_utf8(out).expect("JSON output is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(text: &str) -> String {
        to_string(&parse(text.as_bytes()).unwrap())
    }

    #[test]
    fn keeps_number_text_and_key_order() {
        assert_eq!(
            roundtrip(r#"{"b":1.50,"a":1e999,"c":-0,"d":1E+5,"e":12345678901234567890123}"#),
            r#"{"b":1.50,"a":1e999,"c":-0,"d":1E+5,"e":12345678901234567890123}"#
        );
    }

    #[test]
    fn decodes_and_reencodes_strings() {
        assert_eq!(
            roundtrip(r#"["Jos\u00e9", "a\/b", "\ud83d\ude00", "tab\there", "\u0001"]"#),
            "[\"José\",\"a/b\",\"😀\",\"tab\\there\",\"\\u0001\"]"
        );
    }

    #[test]
    fn rejects_what_json_does_not_allow() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\u+001\"",
            "\"\\u-001\"",
            "\"\\ud83d\\u+e00\"",
            "tru",
            "{\"a\" 1}",
            "{a:1}",
            "[1 2]",
            "\"a\u{1}\"",
            "1 2",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad:?}");
        }
        assert!(parse(b"\"\xff\"").is_err());
    }

    #[test]
    fn duplicate_keys_are_errors_naming_the_key() {
        let err = parse(br#"{"a":1,"b":{"c":1,"c":2}}"#).unwrap_err();
        assert!(err.message.contains("duplicate key \"c\""), "{err}");
        let err = parse(br#"{"a":1,"614-555-0182":2,"614-555-0182":3}"#).unwrap_err();
        assert!(err.message.contains("duplicate key \"<key 3>\""), "{err}");
    }

    #[test]
    fn depth_is_limited() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(
            parse(deep.as_bytes())
                .unwrap_err()
                .message
                .contains("nested")
        );
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn errors_give_the_line() {
        let err = parse(b"{\n\"a\":\n x}").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
