//! Plain-language texts for check results, in the user's language.

use super::{CheckSpec, Problem, ServiceId};
use crate::i18n::{UiText, fill};

pub fn service_name(id: ServiceId, text: &UiText) -> &str {
    match id {
        ServiceId::AccountSettings => &text.service_account_settings,
        ServiceId::ConnectDiscovery => &text.service_connect_discovery,
        ServiceId::Recaptcha => &text.service_recaptcha,
        ServiceId::VismaEnterprise => &text.service_visma_enterprise,
        ServiceId::IdportenDiscovery => &text.service_idporten_discovery,
        ServiceId::VismaStatus => &text.service_visma_status,
        ServiceId::DigdirStatus => &text.service_digdir_status,
    }
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
    let base = |template: &str| fill(template, &values);
    match problem {
        Problem::NoNetwork => base(&text.problem_no_network),
        Problem::Dns => base(&text.problem_dns),
        Problem::Refused => base(&text.problem_refused),
        Problem::Timeout => base(&text.problem_timeout),
        Problem::TlsUntrusted => base(&text.problem_tls_untrusted),
        Problem::TlsClock => base(&text.problem_tls_clock),
        Problem::ProxyAuth => base(&text.problem_proxy_auth),
        Problem::Unexpected(detail) => fill(
            &base(&text.problem_unexpected),
            &[("detail", detail.as_str())],
        ),
        Problem::Incident(status) => fill(
            &base(&text.problem_incident),
            &[("status", status.as_str())],
        ),
        Problem::Http(code) => fill(&base(&text.problem_http), &[("code", &code.to_string())]),
        Problem::Other(detail) => fill(&base(&text.problem_other), &[("detail", detail.as_str())]),
    }
}

/// The first sentence, for the one-line reason next to a ✗.
pub fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(end) => text.get(..=end).unwrap_or(text),
        None => text,
    }
}
