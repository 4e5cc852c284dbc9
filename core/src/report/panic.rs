//! A panic's message, fit for a log line or a crash file.

/// The text of a panic payload (`panic!` with a literal or with formatting), scrubbed as the
/// helpdesk report is: a message may have formatted what the user typed.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    super::scrub(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

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
