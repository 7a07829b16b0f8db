//! The pseudonymization key: read from `--key-file` or `DISCLOSE_KEY`,
//! turned into a keyed HMAC state once per run, and known to the outside
//! world only by its fingerprint.

use std::io::Read as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use ring::hmac;

/// The environment variable that holds the key when no key file is given.
pub const KEY_ENV: &str = "DISCLOSE_KEY";

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

/// The largest key file read, in bytes: a key is short, and a key file
/// such as /dev/zero must not be read until memory runs out.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// A fixed key for `check` runs without `--key-file`. Never used by `apply`.
pub const TEST_KEY: &[u8] = b"disclose check: fixed test key, not for disclosures";

/// A loaded key. The bytes themselves are not kept: only the HMAC state
/// keyed with them, from which every pseudonym is computed.
#[derive(Clone)]
pub struct PseudonymKey {
    key: hmac::Key,
    fingerprint: String,
}

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PseudonymKey({})", self.fingerprint)
    }
}

impl PseudonymKey {
    /// Build from raw key bytes (at least 16).
    pub fn from_bytes(bytes: &[u8]) -> anyhow::Result<PseudonymKey> {
        if bytes.len() < MIN_KEY_BYTES {
            bail!(
                "the pseudonymization key is {} bytes long; it must be at least {MIN_KEY_BYTES}",
                bytes.len()
            );
        }
        let key = hmac::Key::new(hmac::HMAC_SHA256, bytes);
        let tag = hmac::sign(&key, b"disclose key fingerprint");
        let fingerprint = hex::encode(&tag.as_ref()[..8]);
        Ok(PseudonymKey { key, fingerprint })
    }

    /// Read the key from `key_file`, or else from `DISCLOSE_KEY`. `None`
    /// when neither is given.
    pub fn load(key_file: Option<&Path>) -> anyhow::Result<Option<PseudonymKey>> {
        if let Some(path) = key_file {
            let mut bytes = Vec::new();
            std::fs::File::open(path)
                .and_then(|f| f.take(MAX_KEY_FILE_BYTES + 1).read_to_end(&mut bytes))
                .with_context(|| format!("cannot read key file {}", path.display()))?;
            if bytes.len() as u64 > MAX_KEY_FILE_BYTES {
                bail!(
                    "key file {} is larger than {} KiB; a key is a short secret",
                    path.display(),
                    MAX_KEY_FILE_BYTES / 1024
                );
            }
            if bytes.last() == Some(&b'\n') {
                bytes.pop();
            }
            return PseudonymKey::from_bytes(&bytes)
                .with_context(|| format!("key file {}", path.display()))
                .map(Some);
        }
        match std::env::var_os(KEY_ENV) {
            None => Ok(None),
            Some(value) => {
                let Some(text) = value.to_str() else {
                    bail!("{KEY_ENV} is not valid UTF-8");
                };
                PseudonymKey::from_bytes(text.as_bytes())
                    .with_context(|| format!("the key in {KEY_ENV}"))
                    .map(Some)
            }
        }
    }

    /// The first 16 hex digits of HMAC-SHA256(key, "disclose key fingerprint").
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// `PSN-` + the first 16 hex digits of HMAC-SHA256(key, domain + "\0" + value).
    pub fn pseudonym(&self, domain: &str, value: &str) -> String {
        let mut mac = hmac::Context::with_key(&self.key);
        mac.update(domain.as_bytes());
        mac.update(b"\0");
        mac.update(value.as_bytes());
        let tag = mac.sign();
        let digest = tag.as_ref();
        let mut out = String::with_capacity(20);
        out.push_str("PSN-");
        out.push_str(&hex::encode(&digest[..8]));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::hmac::{Hmac, KeyInit, Mac};
    use sha2::Sha256;

    #[test]
    fn pseudonym_is_hmac_of_domain_nul_value() {
        let key = PseudonymKey::from_bytes(b"0123456789abcdef").unwrap();
        let mut mac = Hmac::<Sha256>::new_from_slice(b"0123456789abcdef").unwrap();
        mac.update(b"person\0P-0001");
        let expected = format!("PSN-{}", &hex::encode(mac.finalize().into_bytes())[..16]);
        assert_eq!(key.pseudonym("person", "P-0001"), expected);
        assert_ne!(key.pseudonym("other", "P-0001"), expected);
    }

    #[test]
    fn short_keys_are_refused() {
        let err = PseudonymKey::from_bytes(b"short").unwrap_err();
        assert!(err.to_string().contains("at least 16"));
    }

    #[test]
    fn fingerprint_is_sixteen_hex_digits() {
        let key = PseudonymKey::from_bytes(b"0123456789abcdef").unwrap();
        assert_eq!(key.fingerprint().len(), 16);
        assert!(key.fingerprint().chars().all(|c| c.is_ascii_hexdigit()));
    }
}
