//! Exports as they come from spreadsheets: another delimiter, another
//! encoding, a workbook instead of a CSV, an output named for another
//! format, a byte-order mark for Excel.

use crate::util::{Dir, court_order, setup};

#[test]
fn an_output_named_for_another_format_is_an_error() {
    let dir = Dir::new();
    setup(&dir);
    court_order(&dir, &["-o", "b.json", "cases.csv"])
        .run()
        .expect_code(2)
        .stderr_has("b.json: the output keeps the input's format (csv)")
        .stderr_has("name it .csv");
    assert!(!dir.exists("b.json") && !dir.exists("b.json.manifest.json"));
}

#[test]
fn a_semicolon_separated_export_needs_delimiter_and_is_written_back_the_same_way() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "semi.csv",
        "person_id;name;offense\nP-1;Ann Lee;theft\nP-2;Bo Kim;fraud\n",
    );
    court_order(&dir, &["-o", "out.csv", "semi.csv"])
        .run()
        .expect_code(2)
        .stderr_has("the header is one column whose name contains semicolons")
        .stderr_has("give --delimiter ';'")
        .never_says("is the header row missing");
    dir.cmd(&["init", "semi.csv"])
        .run()
        .expect_code(2)
        .stderr_has("give --delimiter ';'");
    court_order(&dir, &["--delimiter", ";", "-o", "out.csv", "semi.csv"])
        .run()
        .success();
    assert_eq!(
        dir.read("out.csv"),
        "person_id;name;offense\nP-1;Ann Lee;theft\nP-2;Bo Kim;fraud\n"
    );
    dir.write(
        "tabs.csv",
        "person_id\tname\toffense\nP-1\tAnn Lee\ttheft\n",
    );
    court_order(&dir, &["-o", "t.csv", "tabs.csv"])
        .run()
        .expect_code(2)
        .stderr_has("give --delimiter tab");
    court_order(&dir, &["--delimiter", "tab", "-o", "t.csv", "tabs.csv"])
        .run()
        .success();
    dir.cmd(&["init", "--delimiter", ";", "semi.csv"])
        .run()
        .success();
    court_order(&dir, &["--delimiter", "ab", "-o", "x.csv", "semi.csv"])
        .run()
        .expect_code(2)
        .stderr_has("one ASCII character");
}

#[test]
fn a_windows_1252_export_needs_encoding_and_comes_out_as_utf_8() {
    let dir = Dir::new();
    setup(&dir);
    dir.write(
        "win.csv",
        b"person_id,name,offense\r\nP-1,Chlo\xe9 Dvo\x9a\xe1k,theft\r\n".as_slice(),
    );
    court_order(&dir, &["-o", "out.csv", "win.csv"])
        .run()
        .expect_code(2)
        .stderr_has("field \"name\": not valid UTF-8")
        .stderr_has("give --encoding, e.g. --encoding windows-1252");
    court_order(
        &dir,
        &["--encoding", "windows-1252", "-o", "out.csv", "win.csv"],
    )
    .run()
    .success();
    assert_eq!(
        dir.read("out.csv"),
        "person_id,name,offense\nP-1,Chloé Dvošák,theft\n"
    );
    // The manifest hashes the file as it is, so verify still holds.
    dir.cmd(&["verify", "out.csv.manifest.json"])
        .run()
        .success();
    court_order(&dir, &["--encoding", "klingon", "-o", "k.csv", "win.csv"])
        .run()
        .expect_code(2)
        .stderr_has("not an encoding label");
}

#[test]
fn utf_16_is_named_and_read_with_its_encoding() {
    let dir = Dir::new();
    setup(&dir);
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "person_id,name,offense\nP-1,José,theft\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    dir.write("u16.csv", &bytes);
    court_order(&dir, &["-o", "out.csv", "u16.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is UTF-16 text")
        .stderr_has("--encoding utf-16le");
    court_order(
        &dir,
        &["--encoding", "utf-16le", "-o", "out.csv", "u16.csv"],
    )
    .run()
    .success();
    assert_eq!(
        dir.read("out.csv"),
        "person_id,name,offense\nP-1,José,theft\n"
    );
}

#[test]
fn workbooks_archives_and_binary_files_are_named_with_how_to_export_csv() {
    let dir = Dir::new();
    setup(&dir);
    let mut xlsx = b"PK\x03\x04\x14\x00\x06\x00".to_vec();
    xlsx.extend_from_slice(b"[Content_Types].xml....xl/workbook.xml");
    dir.write("cases.xlsx", &xlsx);
    for args in [vec!["cases.xlsx"], vec!["--format", "csv", "cases.xlsx"]] {
        let mut all = vec!["-o", "out.csv"];
        all.extend(args);
        court_order(&dir, &all)
            .run()
            .expect_code(2)
            .stderr_has("cases.xlsx is an Excel workbook (.xlsx)")
            .stderr_has("\"CSV UTF-8 (Comma delimited) (*.csv)\"")
            .never_says("NUL byte")
            .never_says("cannot tell the format");
    }
    dir.write(
        "old.xls",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00".as_slice(),
    );
    court_order(&dir, &["-o", "out.csv", "old.xls"])
        .run()
        .expect_code(2)
        .stderr_has("old-style Excel workbook (.xls)")
        .stderr_has("CSV UTF-8");
    dir.write("cases.csv.gz", b"\x1f\x8b\x08\x00\x00\x00".as_slice());
    court_order(&dir, &["--format", "csv", "-o", "out.csv", "cases.csv.gz"])
        .run()
        .expect_code(2)
        .stderr_has("is gzip-compressed");
    dir.write("a.csv", b"PK\x03\x04\x14\x00other.txt".as_slice());
    court_order(&dir, &["-o", "out.csv", "a.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is a zip archive");
    dir.write("b.csv", b"%PDF-1.7\n".as_slice());
    court_order(&dir, &["-o", "out.csv", "b.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is a PDF document");
    dir.write(
        "c.csv",
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00".as_slice(),
    );
    court_order(&dir, &["-o", "out.csv", "c.csv"])
        .run()
        .expect_code(2)
        .stderr_has("is a binary file");
    // Standard input is sniffed too.
    court_order(&dir, &["--format", "csv", "-o", "out.csv", "-"])
        .stdin(&xlsx)
        .run()
        .expect_code(2)
        .stderr_has("<stdin> is an Excel workbook");
    dir.cmd(&["init", "cases.xlsx"])
        .run()
        .expect_code(2)
        .stderr_has("Excel workbook");
    assert!(!dir.exists("out.csv"));
}

#[test]
fn bom_starts_csv_output_with_a_byte_order_mark() {
    let dir = Dir::new();
    setup(&dir);
    court_order(&dir, &["--bom", "-o", "out.csv", "cases.csv"])
        .run()
        .success();
    let bytes = dir.read_bytes("out.csv");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBFperson_id,name,offense\n"),
        "{bytes:?}"
    );
    assert!(String::from_utf8(bytes).unwrap().contains("José Núñez"));
    dir.cmd(&["verify", "out.csv.manifest.json"])
        .run()
        .success();
    court_order(&dir, &["-o", "plain.csv", "cases.csv"])
        .run()
        .success();
    assert!(dir.read_bytes("plain.csv").starts_with(b"person_id"));
}
