//! The per-value operations: mask, generalize (dates and numbers), and
//! the spreadsheet formula guard.

/// Whether a spreadsheet would run this cell as a formula: it begins with
/// `=`, `+`, `-`, `@`, tab or carriage return and contains a letter.
pub fn needs_formula_guard(cell: &[u8]) -> bool {
    matches!(
        cell.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && std::str::from_utf8(cell).is_ok_and(|s| s.chars().any(char::is_alphabetic))
}

/// Mask every letter and digit except the last `keep_last`. A value with
/// no more letters and digits than `keep_last` is masked whole: keeping
/// them all would disclose it unchanged. `None` when nothing changes (no
/// letter or digit at all).
pub fn mask(value: &str, keep_last: usize) -> Option<String> {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    if total == 0 {
        return None;
    }
    let mut to_mask = if total <= keep_last {
        total
    } else {
        total - keep_last
    };
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if to_mask > 0 && c.is_alphanumeric() {
            out.push('*');
            to_mask -= 1;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A date's year (`1985`) or month (`1985-03`). `None` when the value is
/// not a date in `format`.
///
/// A year written with a sign (`+1964`) or with more than four digits is
/// not read as a date: no records system writes one, and the text around
/// it would be disclosed in a shape the policy did not foresee.
pub fn generalize_date(value: &str, format: &str, month: bool) -> Option<String> {
    let value = value.trim();
    if !plain_years(value) {
        return None;
    }
    let date = jiff::civil::Date::strptime(format, value).ok()?;
    if !(0..=9999).contains(&date.year()) {
        return None;
    }
    Some(if month {
        format!("{:04}-{:02}", date.year(), date.month())
    } else {
        format!("{:04}", date.year())
    })
}

/// Whether every year-like run in `value` is plain: no sign directly
/// before a digit run, and no run of more than four digits.
fn plain_years(value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            if run == 0
                && i > 0
                && matches!(bytes[i - 1], b'+' | b'-')
                && (i == 1 || !bytes[i - 2].is_ascii_digit())
            {
                return false;
            }
            run += 1;
            if run > 4 {
                return false;
            }
        } else {
            run = 0;
        }
    }
    true
}

/// The bucket of width `width` that holds a number (`37`, 10 -> `30-39`).
/// `None` when the value is not a finite number.
pub fn bucket(value: &str, width: u64) -> Option<String> {
    let text = value.trim();
    let width = i128::from(width);
    let lower = if let Ok(n) = text.parse::<i128>() {
        n.checked_div_euclid(width)?.checked_mul(width)?
    } else {
        let x: f64 = text.parse().ok()?;
        if !x.is_finite() || x.abs() > 1e30 {
            return None;
        }
        ((x / width as f64).floor() as i128).checked_mul(width)?
    };
    Some(format!("{lower}-{}", lower.checked_add(width - 1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_keeps_the_last_letters_and_digits() {
        assert_eq!(mask("123-45-6789", 4).as_deref(), Some("***-**-6789"));
        assert_eq!(mask("José", 0).as_deref(), Some("****"));
        assert_eq!(mask("José Ruiz", 2).as_deref(), Some("**** **iz"));
        assert_eq!(mask("1234", 4).as_deref(), Some("****"));
        assert_eq!(mask("12", 4).as_deref(), Some("**"));
        assert_eq!(mask("--", 0), None);
    }

    #[test]
    fn generalize_dates_in_their_format() {
        assert_eq!(
            generalize_date("1985-03-27", "%Y-%m-%d", false).as_deref(),
            Some("1985")
        );
        assert_eq!(
            generalize_date("03/27/1985", "%m/%d/%Y", true).as_deref(),
            Some("1985-03")
        );
        assert_eq!(generalize_date("1985-02-30", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("soon", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("+1964-01-02", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("-1964-01-02", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("01964-01-02", "%Y-%m-%d", false), None);
        assert_eq!(generalize_date("01/02/+1964", "%m/%d/%Y", false), None);
        assert_eq!(
            generalize_date("1964-01-02", "%Y-%m-%d", true).as_deref(),
            Some("1964-01")
        );
    }

    #[test]
    fn buckets_numbers() {
        assert_eq!(bucket("37", 10).as_deref(), Some("30-39"));
        assert_eq!(bucket("40", 10).as_deref(), Some("40-49"));
        assert_eq!(bucket("0", 5).as_deref(), Some("0-4"));
        assert_eq!(bucket("-3", 10).as_deref(), Some("-10--1"));
        assert_eq!(bucket("37.5", 10).as_deref(), Some("30-39"));
        assert_eq!(bucket("1e999", 10), None);
        assert_eq!(bucket("NaN", 10), None);
        assert_eq!(bucket("n/a", 10), None);
    }

    #[test]
    fn formula_guard_needs_a_trigger_and_a_letter() {
        for cell in ["=SUM(A1)", "+cmd", "-x", "@import", "\tA", "\rB"] {
            assert!(needs_formula_guard(cell.as_bytes()), "{cell:?}");
        }
        for cell in ["-3.5", "+1 509 555 0133", "=1+2", "plain", ""] {
            assert!(!needs_formula_guard(cell.as_bytes()), "{cell:?}");
        }
    }
}
