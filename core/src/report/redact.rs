//! What the report must never carry, scrubbed from the finished text.

/// What replaces a fødselsnummer-shaped number in the report.
pub(super) const REDACTED: &str = "[fjernet]";

/// Replaces every run of exactly 11 digits, also written `DDMMYY NNNNN`, with [`REDACTED`].
/// Longer runs are left alone: they are not a fødselsnummer, and cutting them would garble
/// numbers such as timings.
pub fn redact_national_ids(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut index = 0;
    while index < chars.len() {
        let digits_from = |start: usize| {
            chars
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count()
        };
        let before_is_digit = index > 0 && chars.get(index - 1).is_some_and(char::is_ascii_digit);
        let run = digits_from(index);
        if run > 0 && !before_is_digit {
            // DDMMYY NNNNN: six digits, one space, five digits, and no digit after.
            if run == 6 && chars.get(index + 6) == Some(&' ') && digits_from(index + 7) == 5 {
                out.push_str(REDACTED);
                index += 12;
                continue;
            }
            if run == 11 {
                out.push_str(REDACTED);
                index += 11;
                continue;
            }
            out.extend(chars.get(index..index + run).unwrap_or(&[]));
            index += run;
            continue;
        }
        if let Some(c) = chars.get(index) {
            out.push(*c);
        }
        index += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_leaves_other_numbers() {
        assert_eq!(redact_national_ids("a 01019012345 b"), "a [fjernet] b");
        assert_eq!(redact_national_ids("010190 12345"), "[fjernet]");
        assert_eq!(redact_national_ids("123456789012"), "123456789012");
        assert_eq!(redact_national_ids("1042 ms"), "1042 ms");
        assert_eq!(redact_national_ids("x12345678901y"), "x[fjernet]y");
        assert_eq!(redact_national_ids("æøå 12"), "æøå 12");
    }
}
