//! Background checks of everything the 11 steps depend on: Visma Connect, reCAPTCHA, ID-porten,
//! the kommune's Visma Enterprise and the two status pages, as the table in
//! [`crate::services`] declares them ([`plan`] reads it).
//!
//! A [`CheckWorker`] runs them concurrently on the tokio runtime and reports [`Event`]s over a
//! channel; the window drains them in `App::logic`, the command line prints them.
//! Every result is classified into a [`Problem`] the user can act on.
//!
//! Text from a server (an issuer, a status, an incident's name, a content type, an error
//! message) leaves this module only as [`SafeText`], in a [`Problem`] or an [`Outcome`]'s
//! detail: whatever prints or shows a result cannot get it with its control characters.

mod advice;
mod board;
mod classify;
mod explain;
mod probe;
mod statuspage;
mod worker;

pub use advice::advice;
pub use board::{CheckBoard, CheckState};
pub use explain::{explain, first_sentence, service_name};
pub use probe::run_check;
pub use worker::CheckWorker;

use std::time::Duration;

use serde::Serialize;

use crate::config::Config;
use crate::safe_text::SafeText;
use crate::services::Address;
pub use crate::services::{
    CONNECT_ISSUER, Expect, IDPORTEN_ISSUER, IDPORTEN_NAME, ServiceId, VISMA_CONNECT_COMPONENT,
};

/// One check to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckSpec {
    pub id: ServiceId,
    /// `None`: not configured (the Visma Enterprise address); reported as skipped.
    pub url: Option<String>,
    pub expect: Expect,
}

/// The checks for a configuration, in the order the user meets the services (the table in
/// `services.rs`).
pub fn plan(config: &Config) -> Vec<CheckSpec> {
    ServiceId::ALL
        .iter()
        .map(|&id| CheckSpec {
            id,
            url: match id.address() {
                Address::Endpoint { .. } => config.endpoints.get(id).map(|url| url.value.clone()),
                Address::VismaEnterprise => config.visma_enterprise_url.value.clone(),
            },
            expect: id.expect(),
        })
        .collect()
}

/// How far a check got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Looking up the host name.
    Dns,
    /// Connecting, TLS handshake and sending the request, until the response headers arrive.
    Connect,
    /// Reading and checking the response.
    Http,
}

/// What went wrong, in terms of what the user or IT can do about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "about", rename_all = "snake_case")]
pub enum Problem {
    /// The PC seems to have no network at all.
    NoNetwork,
    /// The host name does not resolve.
    Dns,
    /// Connection refused or reset: a firewall or proxy blocks it.
    Refused,
    /// No answer within the timeout.
    Timeout,
    /// The certificate is not trusted: likely an intercepting proxy whose root is not installed.
    TlsUntrusted,
    /// The certificate is expired or not yet valid: check the PC's clock.
    TlsClock,
    /// The certificate is trusted but made for another host name: something else answers in
    /// the service's place (installing a root would not help).
    TlsWrongHost,
    /// A proxy wants a password (407).
    ProxyAuth,
    /// The connection was closed before a whole answer, often before any (a firewall or proxy
    /// that lets it through, then drops it).
    Closed,
    /// What answered does not speak HTTPS (garbage after the TLS handshake, plain HTTP where
    /// TLS should be).
    NotHttp,
    /// The answer's head (status line and headers) was larger than any service sends.
    HeadTooLarge,
    /// The answer's body was larger than the check reads (the limit in bytes), and what was
    /// read cannot tell.
    BodyTooLarge(u64),
    /// Redirects that never arrive anywhere.
    RedirectLoop,
    /// Something answered, but not the service (captive portal, proxy login page).
    #[serde(rename = "unexpected_content")]
    Unexpected(SafeText),
    /// The status page reports an incident; the text quotes it.
    Incident(SafeText),
    /// Another HTTP error status.
    #[serde(rename = "http_error")]
    Http(u16),
    /// Anything else, with the technical description.
    Other(SafeText),
}

impl Problem {
    /// Short machine name, as in `--check --json`, for logs and tables.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NoNetwork => "no_network",
            Self::Dns => "dns",
            Self::Refused => "refused",
            Self::Timeout => "timeout",
            Self::TlsUntrusted => "tls_untrusted",
            Self::TlsClock => "tls_clock",
            Self::TlsWrongHost => "tls_wrong_host",
            Self::ProxyAuth => "proxy_auth",
            Self::Closed => "closed",
            Self::NotHttp => "not_http",
            Self::HeadTooLarge => "head_too_large",
            Self::BodyTooLarge(_) => "body_too_large",
            Self::RedirectLoop => "redirect_loop",
            Self::Unexpected(_) => "unexpected_content",
            Self::Incident(_) => "incident",
            Self::Http(_) => "http_error",
            Self::Other(_) => "other",
        }
    }
}

/// The result of one check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum Verdict {
    Ok,
    /// Not run because it is not configured.
    Skipped,
    Problem(Problem),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    #[serde(flatten)]
    pub verdict: Verdict,
    /// Wall time of the check.
    #[serde(serialize_with = "millis", rename = "elapsed_ms")]
    pub elapsed: Duration,
    /// When each phase finished, from the start of the check.
    pub phases: Vec<(Phase, u64)>,
    /// Technical detail for IT (error chain, HTTP status); never shown as the main message.
    pub detail: SafeText,
}

fn millis<S: serde::Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
}

/// What the worker reports. `run` numbers each run so stale events after «Sjekk på nytt» are
/// recognised and dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Started {
        run: u64,
        id: ServiceId,
    },
    Progress {
        run: u64,
        id: ServiceId,
        phase: Phase,
    },
    Finished {
        run: u64,
        id: ServiceId,
        outcome: Outcome,
    },
    AllDone {
        run: u64,
        elapsed: Duration,
    },
}
