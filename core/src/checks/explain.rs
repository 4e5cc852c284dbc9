//! Plain-language texts for check results, in the user's language.

use super::{CheckSpec, Problem, ServiceId};
use crate::i18n::{UiText, fill};

/// The service's name in the user's language.
pub fn service_name(id: ServiceId, text: &UiText) -> &str {
    text.service.get(id)
}

/// What went wrong and what to do, e.g. «Sertifikatet til connect.visma.com er ikke klarert …».
pub fn explain(
    spec: &CheckSpec,
    problem: &Problem,
    text: &UiText,
    helpdesk: &str,
    timeout_seconds: u64,
) -> String {
    let host = spec
        .url
        .as_deref()
        .and_then(|url| url::Url::parse(url).ok())
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let seconds = timeout_seconds.to_string();
    let service = service_name(spec.id, text);
    let values: [(&str, &str); 4] = [
        ("host", &host),
        ("helpdesk", helpdesk),
        ("seconds", &seconds),
        ("service", service),
    ];
    let sentence = fill(template(problem, text), &values);
    // The server's words go in last, so that braces in them are never taken for a name.
    match problem {
        Problem::BodyTooLarge(limit) => fill(&sentence, &[("size", &megabytes(*limit))]),
        Problem::Unexpected(detail) => fill(&sentence, &[("detail", detail.as_str())]),
        Problem::Incident(status) => fill(&sentence, &[("status", status.as_str())]),
        Problem::Http(code) => fill(&sentence, &[("code", &code.to_string())]),
        _ => sentence,
    }
}

/// The employee's sentence for each class, before its names are filled in: the one place that
/// says which text (`assets/i18n/*.toml`) a class gets.
pub fn template<'a>(problem: &Problem, text: &'a UiText) -> &'a str {
    match problem {
        Problem::NoNetwork => &text.problem_no_network,
        Problem::Dns => &text.problem_dns,
        Problem::Refused => &text.problem_refused,
        Problem::Timeout => &text.problem_timeout,
        Problem::TlsUntrusted => &text.problem_tls_untrusted,
        Problem::TlsClock => &text.problem_tls_clock,
        Problem::TlsWrongHost => &text.problem_tls_wrong_host,
        Problem::ProxyAuth => &text.problem_proxy_auth,
        Problem::Closed => &text.problem_closed,
        Problem::NotHttp => &text.problem_not_http,
        Problem::HeadTooLarge => &text.problem_head_too_large,
        Problem::BodyTooLarge(_) => &text.problem_body_too_large,
        Problem::RedirectLoop => &text.problem_redirect_loop,
        Problem::Unexpected(_) => &text.problem_unexpected,
        Problem::Incident(_) => &text.problem_incident,
        Problem::Http(_) => &text.problem_http,
        // The technical chain stays in the outcome's detail, for IT.
        Problem::Other(_) => &text.problem_other,
    }
}

/// A size for the employee: «1 MB» (MiB, rounded up; the difference means nothing to them).
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes.div_ceil(1024 * 1024))
}

/// The first sentence, for the one-line reason next to a ✗.
pub fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => text.get(..=end).unwrap_or(text),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Expect;
    use crate::i18n::Language;

    const CHAIN: &str = "error sending request for url (https://x/): client error (Connect)";

    /// Every class has a plain sentence in every language: placeholders filled, the host
    /// named where it is about a host, and never the technical chain.
    #[test]
    fn every_problem_has_a_plain_sentence_in_every_language() {
        let spec = CheckSpec {
            id: ServiceId::ConnectDiscovery,
            url: Some("https://connect.visma.com/x".to_owned()),
            expect: Expect::Page,
        };
        let about_a_host = [
            Problem::Dns,
            Problem::Refused,
            Problem::Timeout,
            Problem::TlsUntrusted,
            Problem::TlsClock,
            Problem::TlsWrongHost,
            Problem::Closed,
            Problem::NotHttp,
            Problem::HeadTooLarge,
            Problem::BodyTooLarge(1024 * 1024),
            Problem::RedirectLoop,
            Problem::Unexpected("not JSON".into()),
            Problem::Http(502),
            Problem::Other(CHAIN.into()),
        ];
        let elsewhere = [
            Problem::NoNetwork,
            Problem::ProxyAuth,
            Problem::Incident("down".into()),
        ];
        for &language in Language::ALL {
            let text = UiText::load(language).unwrap_or_else(|e| panic!("{e}"));
            for problem in about_a_host.iter().chain(&elsewhere) {
                let sentence = explain(&spec, problem, &text, "IT", 5);
                let code = problem.code();
                assert!(!sentence.contains(['{', '}']), "{code}: {sentence}");
                assert!(!sentence.contains("client error"), "{code}: {sentence}");
                if about_a_host.contains(problem) {
                    assert!(sentence.contains("connect.visma.com"), "{code}: {sentence}");
                }
            }
            let too_large = explain(&spec, &Problem::BodyTooLarge(1 << 20), &text, "IT", 5);
            assert!(too_large.contains("1 MB"), "{too_large}");
            let wrong_host = explain(&spec, &Problem::TlsWrongHost, &text, "IT", 5);
            let untrusted = explain(&spec, &Problem::TlsUntrusted, &text, "IT", 5);
            assert_ne!(first_sentence(&wrong_host), first_sentence(&untrusted));
        }
    }
}
