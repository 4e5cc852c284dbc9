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
        // No TLS record at all: something that does not speak TLS answered (a plain HTTP server,
        // a portal) where the service should be.
        rustls::Error::InvalidMessage(_) => Problem::NotHttp,
        other => Problem::Other(format!("TLS: {other}").into()),
    }
}

/// Classifies a failed request by the types in its chain of causes (see tech-notes: reqwest
/// 0.13 errors). Seen against loopback servers (tests/integration/checks.rs), beyond that table:
/// closed before the TLS handshake: `io::Error` UnexpectedEof «tls handshake eof»; closed after
/// it without an answer or in the middle of one: `hyper::Error` incomplete message; garbage after
/// the handshake:
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
                // Closed cleanly before a whole answer: during the TLS handshake
                // (tokio-rustls's «tls handshake eof») or after it.
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

/// The value of the first top-level `"issuer"` of a JSON object, read from the object's
/// beginning only: whatever follows that value (where the answer was cut off) is not needed.
/// `None` when the beginning holds no whole issuer string.
fn leading_issuer(prefix: &[u8]) -> Option<String> {
    use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};

    struct FirstIssuer<'a>(&'a mut Option<String>);

    impl<'de> DeserializeSeed<'de> for FirstIssuer<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_map(self)
        }
    }

    impl<'de> Visitor<'de> for FirstIssuer<'_> {
        type Value = ();
        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            formatter.write_str("an OpenID discovery document")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            while let Some(key) = map.next_key::<String>()? {
                if key == "issuer" {
                    *self.0 = Some(map.next_value::<String>()?);
                    return Ok(());
                }
                map.next_value::<IgnoredAny>()?;
            }
            Ok(())
        }
    }

    let mut issuer = None;
    let mut deserializer = serde_json::Deserializer::from_slice(prefix);
    // The error expected here is the cut after the issuer (or a beginning that has none); what
    // was read whole before it is all that counts.
    let _ = FirstIssuer(&mut issuer).deserialize(&mut deserializer);
    issuer
}

fn issuer_verdict(issuer: &str, expected: &str) -> Verdict {
    if issuer == expected {
        Verdict::Ok
    } else {
        Verdict::Problem(Problem::Unexpected(format!("issuer {issuer}").into()))
    }
}

/// Checks an answer against what the service should send. `body` may have been cut off at
/// `limit` bytes: then it is judged by what was read only where that is sound (the status, an
/// HTML beginning, an issuer at the start), and is otherwise [`Problem::BodyTooLarge`].
pub fn evaluate(
    expect: &Expect,
    status: u16,
    content_type: &str,
    body: &net::Body,
    limit: usize,
) -> Verdict {
    let too_large = || {
        Verdict::Problem(Problem::BodyTooLarge(
            u64::try_from(limit).unwrap_or(u64::MAX),
        ))
    };
    let complete = body.complete;
    let body = body.bytes.as_slice();
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
            if !complete {
                // Sound: the issuer names who answered, whatever the rest says.
                return leading_issuer(body)
                    .map_or_else(too_large, |issuer| issuer_verdict(&issuer, expected));
            }
            match serde_json::from_slice::<serde_json::Value>(body) {
                Err(_) => Verdict::Problem(Problem::Unexpected("not JSON".into())),
                Ok(json) => match json.get("issuer").and_then(serde_json::Value::as_str) {
                    Some(issuer) => issuer_verdict(issuer, expected),
                    None => Verdict::Problem(Problem::Unexpected("no issuer".into())),
                },
            }
        }
        Expect::StatusComponent(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()));
            }
            // Not judged by a part: the component, or an incident, may be in the rest.
            if !complete {
                return too_large();
            }
            statuspage::component_verdict(body, name)
        }
        Expect::NoIncident(name) => {
            if looks_like_html(content_type, body) {
                return Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()));
            }
            if !complete {
                return too_large();
            }
            statuspage::incident_verdict(body, name)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 1024 * 1024;

    /// A whole answer.
    fn evaluate(expect: &Expect, status: u16, content_type: &str, body: &[u8]) -> Verdict {
        let body = net::Body {
            bytes: body.to_vec(),
            complete: true,
        };
        super::evaluate(expect, status, content_type, &body, LIMIT)
    }

    /// An answer cut off after `body`.
    fn evaluate_cut(expect: &Expect, content_type: &str, body: &[u8]) -> Verdict {
        let body = net::Body {
            bytes: body.to_vec(),
            complete: false,
        };
        super::evaluate(expect, 200, content_type, &body, LIMIT)
    }

    #[test]
    fn a_cut_answer_is_judged_by_its_beginning_only_where_that_is_sound() {
        let issuer = Expect::Issuer("https://connect.visma.com".into());
        let json = "application/json";
        let good = br#"{"issuer":"https://connect.visma.com","jwks_uri":"https://connect.visma.com/.well-known/jw"#;
        assert_eq!(evaluate_cut(&issuer, json, good), Verdict::Ok);
        let wrong = br#"{ "issuer" : "https://login.example", "x": [1, 2"#;
        assert_eq!(
            evaluate_cut(&issuer, json, wrong),
            Verdict::Problem(Problem::Unexpected("issuer https://login.example".into()))
        );
        let too_large = Verdict::Problem(Problem::BodyTooLarge(LIMIT as u64));
        // The issuer cut in the middle, behind the cut, or only inside another value.
        for unknown in [
            &br#"{"issuer":"https://connect.vis"#[..],
            br#"{"jwks_uri":"https://connect.visma.com/jwks","scopes":["openid","#,
            br#"{"x":{"issuer":"https://connect.visma.com"},"y":"#,
            br#"[{"issuer":"https://connect.visma.com"},"#,
        ] {
            assert_eq!(evaluate_cut(&issuer, json, unknown), too_large);
        }
        assert_eq!(
            evaluate_cut(&issuer, "text/html", b"<html><body>Logg inn"),
            Verdict::Problem(Problem::Unexpected("HTML instead of JSON".into()))
        );
        // A status page is read whole or not judged: what matters may be in the rest.
        let summary = br#"{"components":[{"name":"CP - Visma Connect","status":"operational"},"#;
        for expect in [
            Expect::StatusComponent("CP - Visma Connect".into()),
            Expect::NoIncident("CP - Visma Connect".into()),
        ] {
            assert_eq!(evaluate_cut(&expect, json, summary), too_large);
        }
        // Pages and the script: by the status and the beginning.
        assert_eq!(
            evaluate_cut(&Expect::Page, "text/html", b"<html>"),
            Verdict::Ok
        );
        assert_eq!(
            evaluate_cut(&Expect::Script, "text/javascript", b"(function(){"),
            Verdict::Ok
        );
    }

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
