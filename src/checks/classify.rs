//! Turning errors and answers into [`Problem`]s.

use super::statuspage;
use super::{Expect, Problem, Verdict};
use crate::net::{self, InsecureRedirect, RedirectLoop, ResolveError};

fn tls_problem(error: &rustls::Error) -> Problem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => Problem::TlsClock,
        // A certificate for another name: no root to install would fix that.
        rustls::Error::InvalidCertificate(
            C::NotValidForName | C::NotValidForNameContext { .. },
        ) => Problem::TlsWrongHost,
        rustls::Error::InvalidCertificate(_) => Problem::TlsUntrusted,
        other => Problem::Other(format!("TLS: {other}").into()),
    }
}

/// Classifies a failed request by the types in its chain of causes (see tech-notes: reqwest
/// 0.13 errors). Seen against loopback servers (tests/integration/checks.rs), beyond that table:
/// closed before the TLS handshake: `io::Error` UnexpectedEof «tls handshake eof»; closed after
/// it without an answer: `hyper::Error` incomplete message; garbage after the handshake:
/// `hyper::Error` Parse(Version); a head over hyper's limit: Parse(TooLarge); a certificate for
/// another name: `rustls` NotValidForNameContext; a redirect loop: our [`RedirectLoop`].
pub fn classify_error(error: &reqwest::Error) -> (Problem, String) {
    let detail = net::error_chain(error);
    let problem = problem_of(error).unwrap_or_else(|| Problem::Other(detail.as_str().into()));
    (problem, detail)
}

fn problem_of(error: &reqwest::Error) -> Option<Problem> {
    // Our resolver's error: a name that does not resolve, also a proxy's.
    if net::find_cause::<ResolveError>(error).is_some() {
        return Some(Problem::Dns);
    }
    if error.is_timeout() {
        return Some(Problem::Timeout);
    }
    if let Some(redirect) = net::find_cause::<InsecureRedirect>(error) {
        return Some(Problem::Unexpected(
            format!("redirect to {}", redirect.to).into(),
        ));
    }
    if net::find_cause::<RedirectLoop>(error).is_some() {
        return Some(Problem::RedirectLoop);
    }
    for cause in net::causes(error) {
        if let Some(tls) = cause.downcast_ref::<rustls::Error>() {
            return Some(tls_problem(tls));
        }
        if let Some(http) = cause.downcast_ref::<hyper::Error>() {
            if http.is_incomplete_message() {
                return Some(Problem::Closed);
            }
            if http.is_parse() {
                // hyper tells a too large head apart only with its server feature; its
                // message is the handle (the test of this class holds it to hyper's wording).
                return Some(if http.to_string() == "message head is too large" {
                    Problem::HeadTooLarge
                } else {
                    Problem::NotHttp
                });
            }
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            match io.kind() {
                K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted => {
                    return Some(Problem::Refused);
                }
                K::NetworkUnreachable
                | K::NetworkDown
                | K::HostUnreachable
                | K::AddrNotAvailable => {
                    return Some(Problem::NoNetwork);
                }
                K::TimedOut => return Some(Problem::Timeout),
                // Closed cleanly before any answer: during the TLS handshake (tokio-rustls's
                // «tls handshake eof») or before the response.
                K::UnexpectedEof => return Some(Problem::Closed),
                // Other kinds wrap something more telling (a TLS error): keep walking.
                _ => {}
            }
        }
        // hyper-util's proxy tunnel error (`TunnelError::ProxyAuthRequired`) is in a private
        // module and cannot be named; its message is the only handle on it.
        if cause.to_string() == "tunnel error: proxy authorization required" {
            return Some(Problem::ProxyAuth);
        }
    }
    None
}

fn looks_like_html(content_type: &str, body: &[u8]) -> bool {
    let start = String::from_utf8_lossy(body.get(..256).unwrap_or(body))
        .trim_start()
        .to_ascii_lowercase();
    content_type.contains("html")
        || start.starts_with("<!doctype html")
        || start.starts_with("<html")
}

/// Checks an answer against what the service should send.
pub fn evaluate(expect: &Expect, status: u16, content_type: &str, body: &[u8]) -> Verdict {
    if status == 407 {
        return Verdict::Problem(Problem::ProxyAuth);
    }
    let success = (200..300).contains(&status);
    if let Expect::Reachable = expect {
        return if success || (300..400).contains(&status) || status == 401 || status == 403 {
            Verdict::Ok
        } else {
            Verdict::Problem(Problem::Http(status))
        };
    }
    if !success {
        return Verdict::Problem(Problem::Http(status));
    }
    match expect {
        Expect::Page | Expect::Reachable => Verdict::Ok,
        Expect::Script => {
            if looks_like_html(content_type, body) {
                Verdict::Problem(Problem::Unexpected("HTML instead of the script".into()))
            } else {
                Verdict::Ok
            }
        }
        Expect::Issuer(expected) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()));
            }
            match serde_json::from_slice::<serde_json::Value>(body) {
                Err(_) => Verdict::Problem(Problem::Unexpected("not JSON".into())),
                Ok(json) => match json.get("issuer").and_then(serde_json::Value::as_str) {
                    Some(issuer) if issuer == expected => Verdict::Ok,
                    Some(issuer) => {
                        Verdict::Problem(Problem::Unexpected(format!("issuer {issuer}").into()))
                    }
                    None => Verdict::Problem(Problem::Unexpected("no issuer".into())),
                },
            }
        }
        Expect::StatusComponent(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()));
            }
            statuspage::component_verdict(body, name)
        }
        Expect::NoIncident(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()));
            }
            statuspage::incident_verdict(body, name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issuer_and_content_expectations() {
        let issuer = Expect::Issuer("https://connect.visma.com".into());
        let good = br#"{"issuer":"https://connect.visma.com","jwks_uri":"x"}"#;
        assert_eq!(
            evaluate(&issuer, 200, "application/json", good),
            Verdict::Ok
        );
        let wrong = br#"{"issuer":"https://login.example"}"#;
        assert_eq!(
            evaluate(&issuer, 200, "application/json", wrong),
            Verdict::Problem(Problem::Unexpected("issuer https://login.example".into()))
        );
        assert_eq!(
            evaluate(
                &issuer,
                200,
                "text/html",
                "<html>Logg inn på gjestenett</html>".as_bytes()
            ),
            Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()))
        );
        assert_eq!(
            evaluate(&Expect::Script, 200, "", b"<!DOCTYPE html><html>"),
            Verdict::Problem(Problem::Unexpected("HTML instead of the script".into()))
        );
        assert_eq!(
            evaluate(&Expect::Script, 200, "text/javascript", b"(function(){})()"),
            Verdict::Ok
        );
    }

    #[test]
    fn status_codes() {
        assert_eq!(
            evaluate(&Expect::Page, 503, "text/html", b""),
            Verdict::Problem(Problem::Http(503))
        );
        assert_eq!(
            evaluate(&Expect::Page, 407, "", b""),
            Verdict::Problem(Problem::ProxyAuth)
        );
        assert_eq!(evaluate(&Expect::Reachable, 302, "", b""), Verdict::Ok);
        assert_eq!(evaluate(&Expect::Reachable, 401, "", b""), Verdict::Ok);
        assert_eq!(
            evaluate(&Expect::Reachable, 500, "", b""),
            Verdict::Problem(Problem::Http(500))
        );
    }
}
