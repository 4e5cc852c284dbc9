//! What the helpdesk report, a crash file or a log line must never carry, scrubbed from
//! finished text: runs shaped like a fødselsnummer and e-mail addresses. A leaf (it uses only
//! [`crate::email`]), so whatever writes such text (the report, the saver, the picture loader,
//! the window's crash handling) can scrub it without depending on the report.

/// What replaces a fødselsnummer-shaped number.
pub const REDACTED: &str = "[fjernet]";

/// What the report and crash texts must never carry, taken out of finished text: runs shaped
/// like a fødselsnummer, and every whole token that is a valid e-mail address (masked). Titles,
/// paths and panic messages come from places a user can type into, so the typed address is
/// found wherever it went; a password or a single letter typed into the field is not a token
/// of a valid address and changes nothing else.
pub fn scrub(text: &str) -> String {
    crate::email::mask_addresses(&redact_national_ids(text))
}

/// The text of a panic payload (`panic!` with a literal or with formatting), scrubbed as the
/// helpdesk report is: a message may have formatted what the user typed.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    scrub(&text)
}

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

    #[test]
    fn panic_messages_are_scrubbed_as_the_report_is() {
        let payload: Box<dyn std::any::Any + Send> = Box::new(format!(
            "bad state {:?}",
            ("ola.nordmann@gmail.com", "01019012345")
        ));
        let text = panic_text(payload.as_ref());
        assert!(!text.contains("ola.nordmann"), "{text}");
        assert!(!text.contains("01019012345"), "{text}");
        assert!(text.contains("o***@gmail.com"), "{text}");
        let literal: Box<dyn std::any::Any + Send> = Box::new("fnr 010190 12345");
        assert_eq!(panic_text(literal.as_ref()), "fnr [fjernet]");
    }
}
