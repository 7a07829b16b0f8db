#![no_main]
//! The JSON readers and the strict parser over arbitrary bytes:
//!
//! - the array and NDJSON readers never panic, and every record they yield
//!   writes back to text that parses to the same record;
//! - `value::parse` -> `value::write` -> `value::parse` gives the same value,
//!   and writing is stable;
//! - the parser is stricter than serde_json, never looser: what it accepts
//!   serde_json accepts, reading it as it reads our text; what it rejects for a
//!   reason other than a duplicate key or depth, serde_json rejects too.

use disclose::api::{JsonArrayInput, NdjsonInput};
use disclose::api::{Object, Value, value};
use libfuzzer_sys::fuzz_target;

fn roundtrip_object(object: &Object) {
    let mut text = Vec::new();
    value::write_object(&mut text, object).expect("writing to a Vec");
    match value::parse(&text) {
        Ok(Value::Object(again)) => assert_eq!(&again, object),
        other => panic!("a record does not read back: {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut array = JsonArrayInput::new(data);
    let mut n = 0u64;
    while let Ok(Some((record, pos))) = array.next_record() {
        n += 1;
        assert_eq!(pos.record, n);
        roundtrip_object(&record);
    }
    let mut lines = NdjsonInput::new(data);
    let mut n = 0u64;
    while let Ok(Some((record, pos))) = lines.next_record() {
        n += 1;
        assert_eq!(pos.record, n);
        assert!(pos.line >= n);
        roundtrip_object(&record);
    }

    let ours = value::parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match &ours {
        Ok(value) => {
            let text = value::to_string(value);
            let again = value::parse(text.as_bytes()).expect("what we write parses");
            assert_eq!(&again, value);
            assert_eq!(value::to_string(&again), text);
            // serde_json rewrites some number text (1e999 as 1e+999), so
            // compare what it reads from the input and from our text.
            let theirs = theirs.expect("serde_json rejects what we accept");
            let ours_read = serde_json::from_str::<serde_json::Value>(&text)
                .expect("serde_json rejects what we write");
            assert_eq!(theirs, ours_read, "serde_json reads our text differently");
        }
        Err(e) => {
            let ours_only = e.message.contains("duplicate key") || e.message.contains("nested");
            if !ours_only {
                assert!(theirs.is_err(), "we reject what serde_json accepts: {e}");
            }
        }
    }
});
