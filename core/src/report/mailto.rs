//! The report as a `mailto:` address, for the «send by e-mail» button.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Mail clients (Outlook on Windows in particular) cut or refuse longer `mailto:` addresses.
pub const MAILTO_MAX_CHARS: usize = 1800;

/// A `mailto:` address with subject and body, percent-encoded as RFC 6068 wants (`%20` for a
/// space, `%0D%0A` for a line break: `+` would reach the mail as a plus sign). A body that would
/// make the address longer than [`MAILTO_MAX_CHARS`] is cut at a line and ends with a note.
pub fn mailto_url(helpdesk_email: &str, subject: &str, body: &str) -> String {
    let head = format!(
        "mailto:{}?subject={}&body=",
        utf8_percent_encode(helpdesk_email.trim(), ADDRESS),
        utf8_percent_encode(&crlf(subject), COMPONENT)
    );
    let encoded_body = encode_component(&crlf(body));
    if head.len() + encoded_body.len() <= MAILTO_MAX_CHARS {
        return head + &encoded_body;
    }
    let note = encode_component(
        "\r\n\r\n[Rapporten er forkortet. Bruk «Kopier rapporten» og lim hele rapporten inn i e-posten.]",
    );
    let budget = MAILTO_MAX_CHARS.saturating_sub(head.len() + note.len());
    // Cut after whole characters (never inside a %-escape), preferring the last full line.
    let mut kept = String::new();
    let mut last_line_end = 0;
    for c in crlf(body).chars() {
        let piece = encode_component(c.encode_utf8(&mut [0u8; 4]));
        if kept.len() + piece.len() > budget {
            break;
        }
        kept.push_str(&piece);
        if c == '\n' {
            last_line_end = kept.len();
        }
    }
    if last_line_end > 0 {
        kept.truncate(last_line_end);
    }
    head + &kept + &note
}

/// RFC 6068: everything but unreserved characters is escaped in a query component.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
/// The address keeps its `@`; anything that could end it early (`?`, `&`, `%`) is escaped.
const ADDRESS: &AsciiSet = &COMPONENT.remove(b'@');

fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Line breaks as CRLF, which RFC 6068 asks for in a body.
fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

#[cfg(test)]
mod tests {
    use super::super::input::example as input;
    use super::*;

    #[test]
    fn mailto_is_percent_encoded() {
        let url = mailto_url(
            "it-hjelp@askoy.kommune.no",
            "Påloggingshjelp: står fast",
            "Linje 1 & 2\nLinje ?=+%",
        );
        assert_eq!(
            url,
            "mailto:it-hjelp@askoy.kommune.no?subject=P%C3%A5loggingshjelp%3A%20st%C3%A5r%20fast\
             &body=Linje%201%20%26%202%0D%0ALinje%20%3F%3D%2B%25"
        );
        let parsed = url::Url::parse(&url).expect("a valid URL");
        assert_eq!(parsed.scheme(), "mailto");
    }

    #[test]
    fn long_bodies_are_cut_at_a_line_with_a_note() {
        let body: String = (0..400).map(|n| format!("Linje {n}: æøå ÆØÅ\n")).collect();
        let url = mailto_url("it@askoy.kommune.no", "Rapport", &body);
        assert!(url.len() <= MAILTO_MAX_CHARS, "{}", url.len());
        assert!(url.contains("forkortet"));
        let decoded = percent_encoding::percent_decode_str(&url)
            .decode_utf8()
            .expect("whole characters only");
        let kept = decoded
            .split_once("body=")
            .map(|(_, body)| body)
            .expect("a body");
        // The cut falls after a whole line.
        let before_note = kept.split("\r\n\r\n[Rapporten").next().expect("text");
        assert!(before_note.ends_with("\r\n"), "{before_note:?}");
        assert!(before_note.starts_with("Linje 0: æøå ÆØÅ\r\n"));
    }

    #[test]
    fn the_real_report_arrives_whole() {
        // A report of the usual size must reach the mail client complete, not cut: the helpdesk
        // reads it there.
        let report = input().to_text();
        let url = mailto_url("it@askoy.kommune.no", "Påloggingshjelp", &report);
        assert!(url.len() <= MAILTO_MAX_CHARS, "{}", url.len());
        let body = url
            .split_once("&body=")
            .map(|(_, body)| body)
            .expect("a body");
        let decoded = percent_encoding::percent_decode_str(body)
            .decode_utf8()
            .expect("whole characters only");
        assert_eq!(decoded, crlf(&report));
    }
}
