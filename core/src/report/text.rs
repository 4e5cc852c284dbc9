//! The report as plain text.

use std::fmt::Write as _;

use super::HelpdeskReport;
use crate::clock::rfc3339_utc;
use crate::redact::scrub;
// Keeps each field on one line, so it cannot fake another line of the report, and without the
// controls that make text read differently from what it says.
use crate::safe_text::one_line;

impl HelpdeskReport {
    /// The report as plain text, ready for the clipboard or an e-mail body.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        // `write!` to a String cannot fail; the results are ignored for that reason only.
        let _ = writeln!(text, "Påloggingshjelp – rapport til brukerstøtten");
        let _ = writeln!(text, "Laget: {}", rfc3339_utc(self.generated_at));
        let _ = writeln!(text, "Versjon: {}", one_line(&self.app_version));
        let _ = writeln!(text, "Operativsystem: {}", one_line(&self.os));
        let _ = writeln!(text, "Språk: {}", one_line(&self.language));
        let _ = writeln!(text, "Kommune: {}", one_line(&self.kommune));
        let _ = writeln!(text, "Veiledning: {}", one_line(&self.guide));
        let masked = self
            .email
            .as_deref()
            .map(str::trim)
            .filter(|email| !email.is_empty())
            .map(crate::email::mask);
        let _ = writeln!(
            text,
            "E-postadresse (skjult): {}",
            masked.as_deref().unwrap_or("ikke oppgitt")
        );
        if !self.tried.is_empty() {
            let tried: Vec<String> = self
                .tried
                .iter()
                .map(|address| crate::email::mask(address.trim()))
                .collect();
            let _ = writeln!(text, "Prøvd før (skjult): {}", tried.join(", "));
        }

        let _ = writeln!(text);
        let step = match self.step.position {
            Some((number, total)) => {
                format!("Steg {number} av {total}: {}", one_line(&self.step.title))
            }
            None => one_line(&self.step.title),
        };
        let _ = writeln!(text, "Kom til: {step}");
        let _ = writeln!(text, "Veien hit:");
        if self.path.is_empty() {
            let _ = writeln!(text, "  (ingen sider før denne)");
        }
        for (index, entry) in self.path.iter().enumerate() {
            let _ = writeln!(
                text,
                "  {}. {} ({})",
                index + 1,
                one_line(&entry.title),
                one_line(&entry.page_id)
            );
        }

        let _ = writeln!(text);
        let _ = writeln!(text, "Sjekker:");
        if self.checks.is_empty() {
            let _ = writeln!(text, "  (ikke kjørt)");
        }
        for check in &self.checks {
            let mut line = format!(
                "  {}: {}",
                one_line(&check.service),
                one_line(&check.result)
            );
            if let Some(code) = &check.problem_code {
                let _ = write!(line, " [{}]", one_line(code));
            }
            if let Some(ms) = check.elapsed_ms {
                let _ = write!(line, ", {ms} ms");
            }
            let _ = writeln!(text, "{line}");
        }

        let _ = writeln!(text);
        let _ = writeln!(text, "Innstillinger lest fra:");
        if self.config_sources.is_empty() {
            let _ = writeln!(text, "  (bare innebygde standardverdier)");
        }
        for source in &self.config_sources {
            let _ = writeln!(text, "  {}", one_line(&source.display().to_string()));
        }

        scrub(&text)
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::input::{PathEntry, example as input};
    use crate::redact::REDACTED;

    /// Every run of digits in `text`, as the longest unbroken sequences.
    fn digit_runs(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn contains_what_the_helpdesk_needs() {
        let report = input().to_text();
        for expected in [
            "Versjon: 0.1.0",
            "Operativsystem: Windows 11 23H2",
            "Språk: Bokmål",
            "Prøvd før (skjult): k***@hotmail.com, k***@online.no",
            "Kommune: Askøy kommune",
            "Kom til: Steg 5 av 11: Lag et nytt passord",
            "  1. Hva er problemet? (start)",
            "  2. Skriv inn feil adresse (type-wrong-email)",
            "  Visma Connect: OK, 231 ms",
            "  reCAPTCHA: problem [tls_untrusted], 1042 ms",
            "  /etc/paalogging/config.toml",
            "Laget: 2026-03-01T12:34:56Z",
        ] {
            assert!(
                report.contains(expected),
                "{expected:?} missing in\n{report}"
            );
        }
    }

    #[test]
    fn masks_the_email_and_never_carries_a_national_id() {
        let mut input = input();
        // Places a user can type into, or that come from outside, carrying secrets.
        input.step.title = "Steg for 01019012345".to_owned();
        input.path.push(PathEntry {
            page_id: "x".to_owned(),
            title: "fnr 010190 12345 og ola.nordmann@gmail.com".to_owned(),
        });
        input
            .config_sources
            .push(PathBuf::from("/home/01019012345/config.toml"));
        let report = input.to_text();

        assert!(report.contains("o***@gmail.com"), "{report}");
        assert!(!report.contains("ola.nordmann"), "{report}");
        assert!(
            digit_runs(&report).iter().all(|run| run.len() != 11),
            "{report}"
        );
        assert!(!report.contains("010190 12345"), "{report}");
        assert!(report.contains(REDACTED));
    }

    /// The typed and the tried addresses are each masked as the typed one always was; no part
    /// of a full address but its first letter and its domain reaches the text.
    #[test]
    fn the_tried_addresses_are_masked_like_the_typed_one() {
        let mut input = input();
        input.tried.push(" kari@askoy.kommune.no ".to_owned());
        let report = input.to_text();
        assert!(
            report.contains(
                "E-postadresse (skjult): o***@gmail.com\n\
                 Prøvd før (skjult): k***@hotmail.com, k***@online.no, k***@askoy.kommune.no\n"
            ),
            "{report}"
        );
        for full in ["ola.nordmann", "kari.nordmann", "k.nordmann", "kari@"] {
            assert!(!report.contains(full), "{full} in {report}");
        }
        input.tried.clear();
        assert!(!input.to_text().contains("Prøvd før"));
    }

    #[test]
    fn a_password_or_a_letter_in_the_email_field_stays_out() {
        let mut input = input();
        input.email = Some("Sommer@2024!".to_owned());
        let report = input.to_text();
        assert!(!report.contains("Sommer"), "{report}");
        assert!(!report.contains("2024!"), "{report}");
        assert!(report.contains("E-postadresse (skjult): ***\n"), "{report}");

        input.email = Some("o".to_owned());
        let report = input.to_text();
        assert!(report.contains("Kommune: Askøy kommune"), "{report}");
        assert!(report.contains("Lag et nytt passord"), "{report}");
    }

    #[test]
    fn without_email_or_checks() {
        let mut input = input();
        input.email = None;
        input.checks.clear();
        input.path.clear();
        input.config_sources.clear();
        input.step.position = None;
        let report = input.to_text();
        assert!(report.contains("E-postadresse (skjult): ikke oppgitt"));
        assert!(report.contains("(ikke kjørt)"));
        assert!(report.contains("(bare innebygde standardverdier)"));
        assert!(report.contains("Kom til: Lag et nytt passord\n"));
    }

    #[test]
    fn a_field_cannot_fake_a_line() {
        let mut input = input();
        input.kommune = "Askøy\nVersjon: 9.9.9".to_owned();
        input.os = "Windows \u{202E}11".to_owned();
        let report = input.to_text();
        assert!(!report.contains("\nVersjon: 9.9.9"), "{report}");
        assert!(!report.contains('\u{202E}'), "{report}");
    }

    #[test]
    fn a_field_cannot_carry_terminal_or_bidi_controls() {
        let mut input = input();
        input.kommune = "Askøy\u{9b}2J\u{1b}]0;x\u{7}".to_owned();
        input.step.title = "Steg \u{200E}\u{061C}\u{2067}fem\u{2069}\u{2028}".to_owned();
        let report = input.to_text();
        let controls = [
            '\u{9b}', '\u{1b}', '\u{7}', '\u{200E}', '\u{061C}', '\u{2067}', '\u{2069}',
        ];
        assert!(!report.contains(controls), "{report:?}");
        assert!(
            report.contains("Kom til: Steg 5 av 11: Steg fem\n"),
            "{report}"
        );
        assert!(report.contains("Kommune: Askøy2J]0;x\n"), "{report}");
    }
}
