//! Phone numbers as an export writes them.
//!
//! Reading keeps a number's digits: a Japanese number with its leading 0 (`09012345678`), another country's
//! with its country code and no `+` (`14155550100`; see `ingest::keys`). Excel opens a CSV cell of digits as a
//! number and drops the leading 0, so the fields layout writes a Japanese number grouped with hyphens, which
//! Excel keeps as text. The phone list keeps digits only, as upload forms ask. E.164 (`+819012345678`) is for
//! SMS gateways and LINE; it is written without the `'` that neutralises formulas, since `+` and digits only is
//! a number to any spreadsheet, never a formula that runs.

/// Whether a phone number (as reading normalised it: its digits) can go on a list as one number: 8 to 15
/// digits, the most a number has (E.164); more are several numbers written in one cell.
pub fn usable_phone(phone: &str) -> bool {
    (8..=15).contains(&phone.len()) && phone.bytes().all(|b| b.is_ascii_digit())
}

/// A number in E.164: a Japanese number (a 0, then 9 or 10 digits) as `+81` and its digits after the 0;
/// another country's (no leading 0, at least 9 digits: reading kept its country code) as `+` and its digits.
/// `None` when it cannot be told which country the number is in: a 0 then fewer or more digits than a
/// Japanese number has, a leading `00`, or 8 digits without a 0 (a local number without its area code).
pub fn e164(phone: &str) -> Option<String> {
    if !usable_phone(phone) {
        return None;
    }
    match phone.strip_prefix('0') {
        Some(rest) if !rest.starts_with('0') && (9..=10).contains(&rest.len()) => {
            Some(format!("+81{rest}"))
        }
        Some(_) => None,
        None if phone.len() >= 9 => Some(format!("+{phone}")),
        None => None,
    }
}

/// A number as the fields layout writes it by default: a Japanese number grouped with hyphens as it is
/// dialled (`090-1234-5678`, `03-1234-5678`, `0120-123-456`), so that Excel keeps it as text with its leading
/// 0; another country's number as its digits (it has no leading 0 to lose).
///
/// Groups: 11 digits `0800` 4-3-4, other 11 digits (mobile `070`/`080`/`090`, IP `050`, `020`) 3-4-4; 10 digits
/// `0120`, `0570`, `0990` 4-3-3, Tokyo `03` and Osaka `06` 2-4-4, any other 3-3-4. A landline's last four
/// digits are always its subscriber number, but its area code has 2 to 5 digits that the number does not
/// tell; without a table of every area code, a 4- or 5-digit one (`0422`, `04992`) is grouped 3-3-4 too: the
/// digits are the same, only the first hyphen is elsewhere. Other lengths have one hyphen before the last
/// four digits.
pub fn national(phone: &str) -> String {
    if !phone.starts_with('0') || !phone.bytes().all(|b| b.is_ascii_digit()) {
        return phone.to_string();
    }
    let groups: &[usize] = match (phone.len(), &phone[..phone.len().min(4)]) {
        (11, "0800") => &[4, 3, 4],
        (11, _) => &[3, 4, 4],
        (10, "0120" | "0570" | "0990") => &[4, 3, 3],
        (10, p) if p.starts_with("03") || p.starts_with("06") => &[2, 4, 4],
        (10, _) => &[3, 3, 4],
        (n, _) if n > 4 => return format!("{}-{}", &phone[..n - 4], &phone[n - 4..]),
        _ => return phone.to_string(),
    };
    let mut out = String::with_capacity(phone.len() + groups.len());
    let mut at = 0;
    for (i, n) in groups.iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        out.push_str(&phone[at..at + n]);
        at += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_numbers_have_8_to_15_digits() {
        assert!(usable_phone("09012345678") && usable_phone("14155550100"));
        assert!(!usable_phone("031234567809087654321"));
        assert!(!usable_phone("1234567") && !usable_phone(""));
    }

    #[test]
    fn japanese_numbers_are_grouped_as_dialled() {
        for (digits, written) in [
            ("09012345678", "090-1234-5678"),
            ("08011112222", "080-1111-2222"),
            ("05012345678", "050-1234-5678"),
            ("08001234567", "0800-123-4567"),
            ("0312345678", "03-1234-5678"),
            ("0612345678", "06-1234-5678"),
            ("0451234567", "045-123-4567"),
            ("0120123456", "0120-123-456"),
            ("0570123456", "0570-123-456"),
            ("012345678", "01234-5678"),
            ("012345678901", "01234567-8901"),
            // Not Japanese: the digits, with no zero to lose.
            ("14155550100", "14155550100"),
        ] {
            assert_eq!(national(digits), written, "{digits}");
        }
    }

    #[test]
    fn e164_adds_81_to_japanese_numbers_and_a_plus_to_others() {
        assert_eq!(e164("09012345678").as_deref(), Some("+819012345678"));
        assert_eq!(e164("0312345678").as_deref(), Some("+81312345678"));
        assert_eq!(e164("14155550100").as_deref(), Some("+14155550100"));
        assert_eq!(e164("447911123456").as_deref(), Some("+447911123456"));
        // Which country cannot be told, or not one number.
        for none in [
            "012345678",
            "090123456789",
            "0014155550100",
            "12345678",
            "031234567809087654321",
            "",
        ] {
            assert_eq!(e164(none), None, "{none}");
        }
    }
}
