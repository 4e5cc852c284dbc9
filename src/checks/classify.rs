//! Turning errors and answers into [`Problem`]s.

use std::error::Error as _;

use super::statuspage;
use super::{Expect, Problem, Verdict};

/// The error and its causes, joined, for the technical detail.
fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = Some(error);
    while let Some(error) = current {
        out.push(error.to_string());
        current = error.source();
    }
    out
}

fn tls_problem(error: &rustls::Error) -> Problem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(
            C::Expired | C::ExpiredContext { .. } | C::NotValidYet | C::NotValidYetContext { .. },
        ) => Problem::TlsClock,
        rustls::Error::InvalidCertificate(_) => Problem::TlsUntrusted,
        other => Problem::Other(format!("TLS: {other}")),
    }
}

fn innermost_io(mut io: &std::io::Error) -> &std::io::Error {
    while let Some(inner) = io
        .get_ref()
        .and_then(|e| e.downcast_ref::<std::io::Error>())
    {
        io = inner;
    }
    io
}

/// Classifies a failed request by walking its causes (see tech-notes: reqwest 0.13 errors).
pub fn classify_error(error: &reqwest::Error, dns_failed: bool) -> (Problem, String) {
    let detail = chain(error).join(": ");
    if dns_failed {
        return (Problem::Dns, detail);
    }
    if error.is_timeout() {
        return (Problem::Timeout, detail);
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = error.source();
    while let Some(current) = source {
        if let Some(tls) = current.downcast_ref::<rustls::Error>() {
            return (tls_problem(tls), detail);
        }
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            // io::Error hides its payload from source(); it may also wrap another io::Error.
            let io = innermost_io(io);
            if let Some(tls) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            {
                return (tls_problem(tls), detail);
            }
            use std::io::ErrorKind as K;
            match io.kind() {
                K::ConnectionRefused | K::ConnectionReset | K::ConnectionAborted => {
                    return (Problem::Refused, detail);
                }
                K::NetworkUnreachable
                | K::NetworkDown
                | K::HostUnreachable
                | K::AddrNotAvailable => {
                    return (Problem::NoNetwork, detail);
                }
                K::TimedOut => return (Problem::Timeout, detail),
                _ => {}
            }
        }
        // hyper-util's tunnel errors are private types; their messages are stable.
        let message = current.to_string();
        if message.contains("proxy authorization required") {
            return (Problem::ProxyAuth, detail);
        }
        if message.contains("dns error") {
            return (Problem::Dns, detail);
        }
        source = current.source();
    }
    (Problem::Other(detail.clone()), detail)
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
                Verdict::Problem(Problem::Unexpected("HTML instead of the script".to_owned()))
            } else {
                Verdict::Ok
            }
        }
        Expect::Issuer(expected) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".to_owned()));
            }
            match serde_json::from_slice::<serde_json::Value>(body) {
                Err(_) => Verdict::Problem(Problem::Unexpected("not JSON".to_owned())),
                Ok(json) => match json.get("issuer").and_then(serde_json::Value::as_str) {
                    Some(issuer) if issuer == expected => Verdict::Ok,
                    Some(issuer) => {
                        Verdict::Problem(Problem::Unexpected(format!("issuer {issuer}")))
                    }
                    None => Verdict::Problem(Problem::Unexpected("no issuer".to_owned())),
                },
            }
        }
        Expect::StatusComponent(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".to_owned()));
            }
            statuspage::component_verdict(body, name)
        }
        Expect::NoIncident(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".to_owned()));
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
