//! The helpdesk report behind «Jeg står fast»: the facts the helpdesk needs, as plain text.
//!
//! Built from plain inputs so the window, `--check --report` and the tests share one builder.
//! What it must never carry is kept out twice: [`ReportInput`] has no field for a password, a
//! BankID code or a fødselsnummer, and the finished text is scrubbed anyway (every run of 11
//! digits, the shape of a fødselsnummer, and the full e-mail address wherever it appears), since
//! titles, paths and check details come from places a user can type into.
//!
//! The labels are in bokmål: the report is read by the kommune's helpdesk, whatever language
//! the user chose (which the report states).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::checks::{Outcome, Verdict};

/// Mail clients (Outlook on Windows in particular) cut or refuse longer `mailto:` addresses.
pub const MAILTO_MAX_CHARS: usize = 1800;

/// What replaces a fødselsnummer-shaped number in the report.
const REDACTED: &str = "[fjernet]";

/// Where the user got to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepReached {
    pub title: String,
    /// "Steg N av M": `(N, M)`; `None` on the start, help and finish pages.
    pub position: Option<(usize, usize)>,
}

/// One page on the way, in the order visited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    pub page_id: String,
    pub title: String,
}

/// One background check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    /// The service's name as the user sees it («Visma Connect»).
    pub service: String,
    /// «OK», «hoppet over», «problem», «kjører» …
    pub result: String,
    /// The machine name of the problem (`tls_untrusted`), as in `--check --json`.
    pub problem_code: Option<String>,
    pub elapsed_ms: Option<u64>,
}

impl CheckLine {
    /// A finished check, in the report's words.
    pub fn from_outcome(service: &str, outcome: &Outcome) -> Self {
        let (result, problem_code) = match &outcome.verdict {
            Verdict::Ok => ("OK", None),
            Verdict::Skipped => ("hoppet over (ikke satt opp)", None),
            Verdict::Problem(problem) => ("problem", Some(problem.code().to_owned())),
        };
        Self {
            service: service.to_owned(),
            result: result.to_owned(),
            problem_code,
            elapsed_ms: Some(u64::try_from(outcome.elapsed.as_millis()).unwrap_or(u64::MAX)),
        }
    }
}

/// Everything the report says. No field for secrets: there is nowhere to put one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportInput {
    pub app_version: String,
    /// OS name and version (`Windows 11 23H2`, `Ubuntu 24.04`).
    pub os: String,
    /// The language the user reads the guide in (`nb`, `nn`, `en`).
    pub language: String,
    pub kommune: String,
    /// Which guide is in use: the embedded one or a signed update (and its serial).
    pub guide: String,
    pub step: StepReached,
    pub path: Vec<PathEntry>,
    pub checks: Vec<CheckLine>,
    /// The configuration files that were read, in order.
    pub config_sources: Vec<PathBuf>,
    pub generated_at: SystemTime,
    /// The address typed in step 2; only its masked form is written.
    pub email: Option<String>,
}

/// The report as plain text, ready for the clipboard or an e-mail body.
pub fn build(input: &ReportInput) -> String {
    let mut text = String::new();
    // `write!` to a String cannot fail; the results are ignored for that reason only.
    let _ = writeln!(text, "Påloggingshjelp – rapport til brukerstøtten");
    let _ = writeln!(text, "Laget: {}", rfc3339_utc(input.generated_at));
    let _ = writeln!(text, "Versjon: {}", one_line(&input.app_version));
    let _ = writeln!(text, "Operativsystem: {}", one_line(&input.os));
    let _ = writeln!(text, "Språk: {}", one_line(&input.language));
    let _ = writeln!(text, "Kommune: {}", one_line(&input.kommune));
    let _ = writeln!(text, "Veiledning: {}", one_line(&input.guide));
    let masked = input
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

    let _ = writeln!(text);
    let step = match input.step.position {
        Some((number, total)) => {
            format!("Steg {number} av {total}: {}", one_line(&input.step.title))
        }
        None => one_line(&input.step.title),
    };
    let _ = writeln!(text, "Kom til: {step}");
    let _ = writeln!(text, "Veien hit:");
    if input.path.is_empty() {
        let _ = writeln!(text, "  (ingen sider før denne)");
    }
    for (index, entry) in input.path.iter().enumerate() {
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
    if input.checks.is_empty() {
        let _ = writeln!(text, "  (ikke kjørt)");
    }
    for check in &input.checks {
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
    if input.config_sources.is_empty() {
        let _ = writeln!(text, "  (bare innebygde standardverdier)");
    }
    for source in &input.config_sources {
        let _ = writeln!(text, "  {}", one_line(&source.display().to_string()));
    }

    let mut text = redact_national_ids(&text);
    if let (Some(full), Some(masked)) = (input.email.as_deref().map(str::trim), &masked)
        && !full.is_empty()
    {
        text = text.replace(full, masked);
    }
    text
}

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

/// Keeps one field on one line so it cannot fake another line of the report, and drops the
/// bidirectional overrides that can make text read differently from what it says.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { ' ' } else { c }
        })
        .collect::<String>()
        .trim()
        .to_owned()
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

/// `2026-03-01T12:34:56Z`. UTC, so the helpdesk reads one clock whatever the PC is set to.
pub fn rfc3339_utc(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let rest = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Days since 1970-01-01 to a Gregorian date (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn input() -> ReportInput {
        ReportInput {
            app_version: "0.1.0".to_owned(),
            os: "Windows 11 23H2".to_owned(),
            language: "nb".to_owned(),
            kommune: "Askøy kommune".to_owned(),
            guide: "innebygd".to_owned(),
            step: StepReached {
                title: "Lag et nytt passord".to_owned(),
                position: Some((5, 11)),
            },
            path: vec![
                PathEntry {
                    page_id: "start".to_owned(),
                    title: "Hva er problemet?".to_owned(),
                },
                PathEntry {
                    page_id: "type-wrong-email".to_owned(),
                    title: "Skriv inn feil adresse".to_owned(),
                },
            ],
            checks: vec![
                CheckLine {
                    service: "Visma Connect".to_owned(),
                    result: "OK".to_owned(),
                    problem_code: None,
                    elapsed_ms: Some(231),
                },
                CheckLine {
                    service: "reCAPTCHA".to_owned(),
                    result: "problem".to_owned(),
                    problem_code: Some("tls_untrusted".to_owned()),
                    elapsed_ms: Some(1042),
                },
            ],
            config_sources: vec![PathBuf::from("/etc/paalogging/config.toml")],
            generated_at: UNIX_EPOCH + Duration::from_secs(1_772_368_496),
            email: Some("ola.nordmann@gmail.com".to_owned()),
        }
    }

    /// Every run of digits in `text`, as the longest unbroken sequences.
    fn digit_runs(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|run| !run.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn contains_what_the_helpdesk_needs() {
        let report = build(&input());
        for expected in [
            "Versjon: 0.1.0",
            "Operativsystem: Windows 11 23H2",
            "Språk: nb",
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
        let report = build(&input);

        assert!(report.contains("o***@gmail.com"), "{report}");
        assert!(!report.contains("ola.nordmann"), "{report}");
        assert!(
            digit_runs(&report).iter().all(|run| run.len() != 11),
            "{report}"
        );
        assert!(!report.contains("010190 12345"), "{report}");
        assert!(report.contains(REDACTED));
    }

    #[test]
    fn without_email_or_checks() {
        let mut input = input();
        input.email = None;
        input.checks.clear();
        input.path.clear();
        input.config_sources.clear();
        input.step.position = None;
        let report = build(&input);
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
        let report = build(&input);
        assert!(!report.contains("\nVersjon: 9.9.9"), "{report}");
        assert!(!report.contains('\u{202E}'), "{report}");
    }

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
    fn rfc3339_dates() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339_utc(leap), "2000-02-29T00:00:00Z");
        let end = UNIX_EPOCH + Duration::from_secs(1_767_225_599);
        assert_eq!(rfc3339_utc(end), "2025-12-31T23:59:59Z");
    }

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
    fn the_real_report_fits_or_is_cut_cleanly() {
        let report = build(&input());
        let url = mailto_url("it@askoy.kommune.no", "Påloggingshjelp", &report);
        assert!(url.len() <= MAILTO_MAX_CHARS);
    }

    #[test]
    fn check_lines_from_outcomes() {
        let outcome = Outcome {
            verdict: Verdict::Problem(crate::checks::Problem::Timeout),
            elapsed: Duration::from_millis(8001),
            phases: Vec::new(),
            detail: String::new(),
        };
        let line = CheckLine::from_outcome("ID-porten", &outcome);
        assert_eq!(line.problem_code.as_deref(), Some("timeout"));
        assert_eq!(line.elapsed_ms, Some(8001));
        assert_eq!(line.result, "problem");
    }
}
