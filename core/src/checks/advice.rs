//! What a failed check means for the user and what to do, in plain words and without host
//! names or error classes (those go to the details for IT, [`super::explain`]).
//!
//! One sentence per kind of failure: a new [`Problem`] gets its arm here (and its key in
//! assets/i18n/*.toml) when it needs words of its own.

use super::Problem;
use crate::i18n::{UiText, fill};

/// «Denne PC-en kommer ikke fram til reCAPTCHA. …» for the status line the user reads.
pub fn advice(problem: &Problem, service: &str, text: &UiText, helpdesk: &str) -> String {
    let template = match problem {
        Problem::NoNetwork => &text.advice_no_network,
        Problem::TlsClock => &text.advice_clock,
        Problem::Incident(_) | Problem::Http(_) => &text.advice_service_trouble,
        // The answer was there but too large to judge: nothing is known to be wrong.
        Problem::BodyTooLarge(_) => &text.advice_not_judged,
        Problem::Dns
        | Problem::Refused
        | Problem::Timeout
        | Problem::TlsUntrusted
        | Problem::TlsWrongHost
        | Problem::ProxyAuth
        | Problem::Closed
        | Problem::NotHttp
        | Problem::HeadTooLarge
        | Problem::RedirectLoop
        | Problem::Unexpected(_)
        | Problem::Other(_) => &text.advice_blocked,
    };
    fill(template, &[("service", service), ("helpdesk", helpdesk)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn advice_names_the_service_and_no_host() {
        for language in Language::ALL {
            let text = UiText::load(*language).expect("texts");
            for problem in [
                Problem::NoNetwork,
                Problem::Dns,
                Problem::TlsClock,
                Problem::Incident("Degraded".into()),
                Problem::Other("io error".into()),
                Problem::BodyTooLarge(8 << 20),
                Problem::TlsWrongHost,
            ] {
                let said = advice(&problem, "reCAPTCHA", &text, "IT-hjelpen");
                assert!(!said.contains('{'), "{language:?} {problem:?}: {said}");
                assert!(!said.contains(".com"), "{language:?} {problem:?}: {said}");
                if problem != Problem::NoNetwork && problem != Problem::TlsClock {
                    assert!(
                        said.contains("reCAPTCHA"),
                        "{language:?} {problem:?}: {said}"
                    );
                }
            }
        }
    }
}
