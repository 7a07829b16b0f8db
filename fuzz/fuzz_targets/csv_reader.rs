#![no_main]
//! The CSV reader over arbitrary bytes: no panic; a header it accepts has
//! non-empty, unique names without NUL; every row it yields has the
//! header's width, numbered records each on a later line than the one
//! before (lines count \n, so not with bare CR line ends); after an
//! error it is not asked again (as the pipeline does).

use std::collections::HashSet;

use disclose::api::CsvInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut input) = CsvInput::new(data) else {
        return;
    };
    let header = input.header().to_vec();
    assert!(!header.is_empty());
    let mut seen = HashSet::new();
    for name in &header {
        assert!(!name.trim().is_empty(), "an empty header name was accepted");
        assert!(!name.contains('\0'), "a NUL in a header name was accepted");
        assert!(
            seen.insert(name.clone()),
            "a duplicate header name was accepted"
        );
    }
    // Lines count \n; a file with bare CR line ends is one long line.
    let bare_cr = data
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && data.get(i + 1) != Some(&b'\n'));
    let mut records = 0;
    let mut last_line = 1;
    while let Ok(Some(pos)) = input.next_row() {
        records += 1;
        assert_eq!(pos.record, records);
        assert!(
            pos.line > last_line || (bare_cr && pos.line == last_line),
            "record {records} starts on line {}",
            pos.line
        );
        last_line = pos.line;
        let row = input.row();
        assert_eq!(row.len(), header.len());
        assert!(row.iter().all(|cell| !cell.contains('\0')));
        assert!(records <= data.len() as u64, "more records than bytes");
    }
});
