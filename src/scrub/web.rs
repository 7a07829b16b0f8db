//! `url` and IPv6 addresses (`ip`), read token by token: the normal view
//! split at spaces, without the punctuation around a token.

/// Common top-level domains: a host name ending in one is a URL.
const TLDS: &[&str] = &[
    "ai", "app", "biz", "ca", "co", "com", "de", "dev", "edu", "eu", "fr", "gov", "info", "int",
    "io", "me", "mil", "net", "org", "tv", "uk", "us",
];

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Web {
    Url,
    Ip,
}

/// Report each URL and IPv6 address in `text` (normal view) as
/// `(start, end, kind)`.
pub fn find(text: &str, found: &mut impl FnMut(usize, usize, Web)) {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let end = memchr::memchr(b' ', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let token = &bytes[at..end];
        if (token.len() >= 4 && memchr::memchr2(b'.', b':', token).is_some())
            || memchr::memmem::find(token, b"::").is_some()
        {
            token_at(text, at, end, found);
        }
        at = end + 1;
    }
}

fn token_at(text: &str, mut s: usize, mut e: usize, found: &mut impl FnMut(usize, usize, Web)) {
    let bytes = text.as_bytes();
    while s < e && matches!(bytes[s], b'(' | b'<' | b'[' | b'"' | b'\'' | b'{') {
        s += 1;
    }
    // `[2001:db8::1]:443`: the address in brackets, without the port.
    if s > 0
        && bytes[s - 1] == b'['
        && let Some(close) = memchr::memchr(b']', &bytes[s..e])
    {
        e = s + close;
    }
    // `2001:db8::` and `::1` end in or are made of colons.
    let compressed = memchr::memmem::find(&bytes[s..e], b"::").is_some();
    while e > s
        && matches!(
            bytes[e - 1],
            b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'>' | b']' | b'"' | b'\'' | b'}'
        )
        && !(compressed && bytes[e - 1] == b':' && bytes[..e].ends_with(b"::"))
    {
        e -= 1;
    }
    if e - s < 4 && !(compressed && e - s >= 3) {
        return;
    }
    let token = &text[s..e];
    let lower_starts = |p: &str| {
        token.len() > p.len() && token.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
    };
    if lower_starts("http://")
        || lower_starts("https://")
        || lower_starts("www.")
        || lower_starts("ftp://")
    {
        found(s, e, Web::Url);
        return;
    }
    // An e-mail address is the `email` detector's.
    let at_sign = token.find('@');
    if at_sign.is_some_and(|i| token.find('/').is_none_or(|slash| i < slash)) {
        return;
    }
    if token.bytes().filter(|&b| b == b':').count() >= 2 {
        let addr = token.split(['/', '%']).next().unwrap_or(token);
        if addr.parse::<std::net::Ipv6Addr>().is_ok() {
            found(s, e, Web::Ip);
        }
        return;
    }
    // host.name.tld, optionally with a path (`x.com/handle`: a one-letter
    // host with a path).
    let host_end = token.find('/').unwrap_or(token.len());
    let host = &token[..host_end];
    let host = host.split(':').next().unwrap_or(host);
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2
        || labels.iter().any(|l| {
            l.is_empty()
                || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                || l.starts_with('-')
        })
    {
        return;
    }
    let tld = labels[labels.len() - 1];
    if tld.len() <= 4
        && TLDS.iter().any(|t| t.eq_ignore_ascii_case(tld))
        && labels[0].bytes().any(|b| b.is_ascii_alphabetic())
        && (labels[..labels.len() - 1].iter().any(|l| l.len() >= 2) || host_end < token.len())
    {
        found(s, e, Web::Url);
    }
}
