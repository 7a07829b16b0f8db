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

/// Mask every letter and digit except the last `keep_last`. `None` when
/// nothing changes.
pub fn mask(value: &str, keep_last: usize) -> Option<String> {
    let total = value.chars().filter(|c| c.is_alphanumeric()).count();
    if total <= keep_last {
        return None;
    }
    let mut to_mask = total - keep_last;
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
pub fn generalize_date(value: &str, format: &str, month: bool) -> Option<String> {
    let date = jiff::civil::Date::strptime(format, value.trim()).ok()?;
    Some(if month {
        format!("{:04}-{:02}", date.year(), date.month())
    } else {
        format!("{:04}", date.year())
    })
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
        assert_eq!(mask("1234", 4), None);
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
