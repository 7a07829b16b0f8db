//! Regressions for what the fuzz targets (fuzz/, scripts/fuzz.sh) found,
//! seen from the command line. Each case also has a unit test beside the
//! code it fixed.

use crate::util::{Dir, court_order, setup};

/// csv_reader: after CRLF line ends, records (and their errors) were
/// placed one line too early.
#[test]
fn crlf_records_are_named_by_their_own_line() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "crlf.csv",
        "person_id,name,offense\r\nP-1,a,x\r\n\r\nP-2,secret-b\r\n",
    );
    court_order(&dir, &["-q", "-o", "out", "--format", "csv", "crlf.csv"])
        .run()
        .expect_code(2)
        .stderr_has("crlf.csv: record 2 (line 4): expected 3 fields")
        .never_says("secret");
}

/// json_reader: a \u escape with a sign (\u+001) was read as U+0001.
#[test]
fn a_signed_unicode_escape_is_invalid_json() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "sign.ndjson",
        "{\"person_id\":\"P-1\",\"name\":\"\\u+041\",\"offense\":\"x\"}\n",
    );
    court_order(&dir, &["-q", "-o", "out.ndjson", "sign.ndjson"])
        .run()
        .expect_code(2)
        .stderr_has("record 1 (line 1): invalid JSON: invalid \\u escape");
    assert!(!dir.exists("out.ndjson"));
}
