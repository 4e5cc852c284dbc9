//! Link safety: every address the app opens or shows must be `https://` on a host we trust.
//!
//! An app that opens login pages is a phishing target: a guide, an update or a user's file that
//! sends people to `visma.com.evil.example` would harvest passwords. So the rule is an allowlist,
//! checked on the text as written *and* on the parsed URL, and anything that needs a second look
//! to be understood is refused rather than interpreted:
//!
//! - the scheme is exactly `https`;
//! - the host is, or is a subdomain of, [`BUILT_IN_DOMAINS`] or one of the extra hosts from the
//!   machine-wide configuration (the kommune's own sites, its Visma Enterprise host, the helpdesk
//!   web);
//! - no user info (`https://connect.visma.com@evil.example` really goes to `evil.example`);
//! - no IP addresses, no empty labels, no trailing dot (`visma.com.` is another name to TLS and
//!   cookies), no percent-escapes or backslashes in the host part (browsers and parsers disagree
//!   on them), no spaces or control characters anywhere;
//! - only ASCII host names: any non-ASCII host is refused (IDN homographs such as `vіsma.com`
//!   with a Cyrillic `і`), and a punycode label (`xn--`) is accepted only when the whole host is
//!   written exactly like that in the allowlist;
//! - the default port only, except on a host that is listed *exactly* among the extra hosts: a
//!   kommune may run Visma Enterprise on `:8443`, but Visma and ID-porten never use other ports.

use url::{Host, Url};

/// Domains that are always allowed, with all their subdomains. `connect.visma.com` and
/// `accountsettings.connect.visma.com` are under `visma.com`; `login.idporten.no` under
/// `idporten.no`; Digdir's status page under `digdir.no`.
pub const BUILT_IN_DOMAINS: &[&str] = &["visma.com", "idporten.no", "digdir.no"];

/// Why a link was refused. The messages are for logs and for whoever edits a guide.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link is empty")]
    Empty,
    #[error("the link contains a space or a control character")]
    Whitespace,
    #[error("the link contains a backslash")]
    Backslash,
    #[error("the link must start with https://")]
    NotHttps,
    #[error("the link is not a valid address: {0}")]
    Malformed(String),
    #[error("the link names a user before the host (\"…@host\"); it would go to another site")]
    UserInfo,
    #[error("the link has no host after https://")]
    EmptyHost,
    #[error("the host is written \"{written}\" but reads as \"{parsed}\"; write it as it reads")]
    HostRewritten { written: String, parsed: String },
    #[error("the host part contains a percent escape")]
    PercentInHost,
    #[error("the host \"{0}\" has letters outside ASCII (look-alike characters)")]
    NonAsciiHost(String),
    #[error("the host \"{0}\" is punycode (xn--) and not listed exactly in the allowlist")]
    Punycode(String),
    #[error("the link points at an IP address, not a host name")]
    IpAddress,
    #[error("the host \"{0}\" ends with a dot or has an empty label")]
    HostShape(String),
    #[error(
        "port {port} on \"{host}\" is allowed only for hosts listed exactly in the configuration"
    )]
    Port { host: String, port: u16 },
    #[error("the host \"{0}\" is not on the allowlist")]
    NotAllowed(String),
}

/// Checks `url` against the allowlist and returns it parsed. `allowed_extra_hosts` are host
/// names from the machine-wide configuration (entries may also be written as `https://` URLs;
/// their host is used). Each extra host also allows its subdomains.
pub fn check_link(url: &str, allowed_extra_hosts: &[String]) -> Result<Url, LinkError> {
    let (parsed, host) = check_https(url)?;

    let extra: Vec<String> = allowed_extra_hosts
        .iter()
        .filter_map(|entry| normalize_host_entry(entry))
        .collect();
    let listed_exactly = extra.contains(&host) || BUILT_IN_DOMAINS.contains(&host.as_str());

    if host.split('.').any(|label| label.starts_with("xn--")) && !listed_exactly {
        return Err(LinkError::Punycode(host));
    }
    // `port()` is `None` for the scheme's default port, even when written out as `:443`.
    if let Some(port) = parsed.port()
        && !extra.contains(&host)
    {
        return Err(LinkError::Port { host, port });
    }
    let allowed = BUILT_IN_DOMAINS
        .iter()
        .copied()
        .chain(extra.iter().map(String::as_str))
        .any(|domain| is_same_or_subdomain(&host, domain));
    if allowed {
        Ok(parsed)
    } else {
        Err(LinkError::NotAllowed(host))
    }
}

/// The https rule without the allowlist: what every address the app is given must pass, also
/// those in the configuration (which are themselves what widens the allowlist). Returns the
/// parsed URL and its host name.
pub fn check_https(url: &str) -> Result<(Url, String), LinkError> {
    if url.is_empty() {
        return Err(LinkError::Empty);
    }
    // The URL parser quietly strips tabs, newlines and outer spaces; a link that needs that is
    // not one a person wrote on purpose.
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LinkError::Whitespace);
    }
    // Browsers treat `\` as `/` in some places and not in others; refuse rather than guess.
    if url.contains('\\') {
        return Err(LinkError::Backslash);
    }
    let rest = strip_prefix_ignore_case(url, "https://").ok_or(LinkError::NotHttps)?;
    // The authority as written, before the parser normalises it: the tricks live here.
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // With no authority the parser takes the host from the path (`https:///visma%2ecom/`),
    // where none of the checks below on the host as written would see it.
    if authority.is_empty() {
        return Err(LinkError::EmptyHost);
    }
    if authority.contains('@') {
        return Err(LinkError::UserInfo);
    }
    if authority.contains('%') {
        return Err(LinkError::PercentInHost);
    }
    if !authority.is_ascii() {
        return Err(LinkError::NonAsciiHost(authority.to_owned()));
    }

    let parsed = Url::parse(url).map_err(|error| LinkError::Malformed(error.to_string()))?;
    if parsed.scheme() != "https" {
        return Err(LinkError::NotHttps);
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(LinkError::UserInfo);
    }
    let host = match parsed.host() {
        Some(Host::Domain(domain)) => domain.to_owned(),
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => return Err(LinkError::IpAddress),
        None => return Err(LinkError::Malformed("no host".to_owned())),
    };
    if host.ends_with('.') || host.split('.').any(str::is_empty) {
        return Err(LinkError::HostShape(host));
    }
    // What was checked above must be what is opened: the host as written, without its port,
    // reads as the parsed one but for letter case.
    if !host_as_written_matches(authority, &host) {
        return Err(LinkError::HostRewritten {
            written: authority.to_owned(),
            parsed: host,
        });
    }
    Ok((parsed, host))
}

/// Whether the authority as written (`Connect.Visma.com:443`) names `parsed_host`, the host the
/// parser found, but for letter case and the port.
fn host_as_written_matches(authority: &str, parsed_host: &str) -> bool {
    let written = authority
        .rsplit_once(':')
        .filter(|(_, port)| port.chars().all(|c| c.is_ascii_digit()))
        .map_or(authority, |(host, _)| host);
    written.eq_ignore_ascii_case(parsed_host)
}

/// What the log may say about an address: its host only. Paths and queries can carry what a
/// user typed (`?login_hint=…`), so they stay out.
pub fn host_for_log(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) => parsed
            .host_str()
            .map_or_else(|| "(no host)".to_owned(), str::to_owned),
        Err(_) => "(not an address)".to_owned(),
    }
}

/// An allowlist entry as IT may write it (`Askoy.Kommune.no`, `https://vismahoyanger.sysikt.no/
/// enterprise/`) reduced to a lower-case host name; `None` for entries that cannot be a host
/// name or that would allow too much (a single label such as `no` would allow every `.no` site).
pub fn normalize_host_entry(entry: &str) -> Option<String> {
    let entry = entry.trim();
    let host = if entry.contains("://") {
        Url::parse(entry).ok()?.host_str()?.to_owned()
    } else {
        entry.to_owned()
    };
    let host = host.to_ascii_lowercase();
    let shaped = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !host.split('.').any(str::is_empty)
        && host.split('.').count() >= 2
        // All-numeric labels throughout would be an IP address.
        && !host.split('.').all(|label| label.chars().all(|c| c.is_ascii_digit()));
    shaped.then_some(host)
}

/// The host names of configured URLs (Visma Enterprise, the first-login page, the helpdesk
/// web), for the extra-host list. Only URLs from trusted layers (the embedded default and the
/// machine-wide file) may be passed here: a user's own file must not widen the allowlist.
pub fn hosts_of_urls<'a>(urls: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut hosts: Vec<String> = urls.into_iter().filter_map(normalize_host_entry).collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

/// One refused link in a guide, with the field it was found in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideLinkProblem {
    /// `page[3] (open-account-settings).actions[0].url`
    pub field: String,
    pub url: String,
    pub error: LinkError,
}

impl std::fmt::Display for GuideLinkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.field, self.error, self.url)
    }
}

/// Every concrete link in a guide that the allowlist refuses. Placeholders such as
/// `{enterprise_url}` are skipped: they are filled from configuration and must be checked with
/// [`check_link`] when filled, like every address before it is opened.
pub fn check_guide_links(
    guide: &crate::guide::Guide,
    allowed_extra_hosts: &[String],
) -> Vec<GuideLinkProblem> {
    let mut problems = Vec::new();
    for (page_index, page) in guide.pages.iter().enumerate() {
        for (action_index, action) in page.actions.iter().enumerate() {
            let crate::guide::PageButton::OpenUrl { url, .. } = action else {
                continue;
            };
            if url.starts_with('{') && url.ends_with('}') {
                continue;
            }
            if let Err(error) = check_link(url, allowed_extra_hosts) {
                problems.push(GuideLinkProblem {
                    field: format!(
                        "page[{page_index}] ({}).actions[{action_index}].url",
                        page.id
                    ),
                    url: url.clone(),
                    error,
                });
            }
        }
    }
    problems
}

fn is_same_or_subdomain(host: &str, domain: &str) -> bool {
    host == domain
        || host
            .strip_suffix(domain)
            .is_some_and(|prefix| prefix.ends_with('.'))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra() -> Vec<String> {
        vec![
            "askoy.kommune.no".to_owned(),
            "https://vismahoyanger.sysikt.no/enterprise/".to_owned(),
            "enterprise.test".to_owned(),
            "xn--hyanger-q1a.kommune.no".to_owned(),
        ]
    }

    #[test]
    fn allowed_links() {
        for url in [
            "https://accountsettings.connect.visma.com",
            "https://accountsettings.connect.visma.com/",
            "https://connect.visma.com/.well-known/openid-configuration",
            "https://visma.com",
            "HTTPS://Connect.Visma.COM/path?q=1#frag",
            "https://connect.visma.com:443/",
            "https://idporten.no",
            "https://login.idporten.no/authorize",
            "https://status.digdir.no",
            "https://askoy.kommune.no/politikk-og-organisasjon/for-ansatte/okonomi-og-lonn",
            "https://www.askoy.kommune.no/",
            "https://vismahoyanger.sysikt.no/enterprise/",
            "https://enterprise.test:8443/enterprise/",
            "https://xn--hyanger-q1a.kommune.no/",
        ] {
            let checked = check_link(url, &extra());
            assert!(checked.is_ok(), "{url}: {checked:?}");
        }
    }

    #[test]
    fn look_alikes_and_tricks_are_refused() {
        use LinkError as E;
        type Expected = fn(&LinkError) -> bool;
        let cases: &[(&str, Expected)] = &[
            ("", |e| *e == E::Empty),
            ("http://connect.visma.com", |e| *e == E::NotHttps),
            ("javascript:alert(1)", |e| *e == E::NotHttps),
            ("JavaScript://connect.visma.com/%0aalert(1)", |e| {
                *e == E::NotHttps
            }),
            ("data:text/html,<h1>Visma</h1>", |e| *e == E::NotHttps),
            ("file:///etc/passwd", |e| *e == E::NotHttps),
            ("ftp://connect.visma.com", |e| *e == E::NotHttps),
            ("//connect.visma.com", |e| *e == E::NotHttps),
            ("connect.visma.com", |e| *e == E::NotHttps),
            ("https:connect.visma.com", |e| *e == E::NotHttps),
            ("https:/connect.visma.com", |e| *e == E::NotHttps),
            (
                "https://visma.com.evil.example",
                |e| matches!(e, E::NotAllowed(h) if h == "visma.com.evil.example"),
            ),
            ("https://connect.visma.com.evil.example/login", |e| {
                matches!(e, E::NotAllowed(_))
            }),
            ("https://evilvisma.com", |e| matches!(e, E::NotAllowed(_))),
            ("https://visma.co", |e| matches!(e, E::NotAllowed(_))),
            ("https://idporten.no.example", |e| {
                matches!(e, E::NotAllowed(_))
            }),
            ("https://connect.visma.com@evil.example", |e| {
                *e == E::UserInfo
            }),
            ("https://connect.visma.com:pw@evil.example/", |e| {
                *e == E::UserInfo
            }),
            ("https://user@connect.visma.com/", |e| *e == E::UserInfo),
            ("https://connect.visma.com%40evil.example", |e| {
                *e == E::PercentInHost
            }),
            ("https://visma%2ecom", |e| *e == E::PercentInHost),
            ("https://connect.visma.com\\@evil.example", |e| {
                *e == E::Backslash
            }),
            ("https:\\\\evil.example\\connect.visma.com", |e| {
                *e == E::Backslash
            }),
            ("https://connect.visma.com./", |e| {
                matches!(e, E::HostShape(_))
            }),
            ("https://connect..visma.com/", |e| {
                matches!(e, E::HostShape(_) | E::Malformed(_))
            }),
            ("https://connect.visma.com:8443/", |e| {
                matches!(e, E::Port { port: 8443, .. })
            }),
            ("https://www.enterprise.test:8443/", |e| {
                matches!(e, E::Port { port: 8443, .. })
            }),
            // Cyrillic "і" (U+0456) and "а" (U+0430): homographs of visma.com.
            ("https://vіsma.com/", |e| matches!(e, E::NonAsciiHost(_))),
            ("https://connect.vismа.com/", |e| {
                matches!(e, E::NonAsciiHost(_))
            }),
            ("https://іdporten.no/", |e| matches!(e, E::NonAsciiHost(_))),
            // The same homograph already in punycode.
            ("https://xn--vsma-l9d.com/", |e| matches!(e, E::Punycode(_))),
            // "соnnect" with Cyrillic "с" and "о", under the real visma.com.
            ("https://xn--nnect-iyeu.visma.com/", |e| {
                matches!(e, E::Punycode(_))
            }),
            ("https://xn--vism-83d.com/", |e| matches!(e, E::Punycode(_))),
            // Not valid punycode at all.
            ("https://xn--vsma-x3d.com/", |e| {
                matches!(e, E::Punycode(_) | E::Malformed(_))
            }),
            // Full-width dot and letters, which IDNA would fold into "visma.com".
            ("https://visma\u{ff0e}com/", |e| {
                matches!(e, E::NonAsciiHost(_))
            }),
            ("https://ｖｉｓｍａ.com/", |e| {
                matches!(e, E::NonAsciiHost(_))
            }),
            ("https://127.0.0.1/", |e| *e == E::IpAddress),
            ("https://[::1]/", |e| *e == E::IpAddress),
            ("https://2130706433/", |e| *e == E::IpAddress),
            ("https://connect.visma.com /", |e| *e == E::Whitespace),
            (" https://connect.visma.com", |e| *e == E::Whitespace),
            ("https://connect.vis\tma.com", |e| *e == E::Whitespace),
            ("https://connect.visma.com/\nSet-Cookie:x", |e| {
                *e == E::Whitespace
            }),
            ("https://", |e| *e == E::EmptyHost),
            // No authority: the parser finds a host in the path, past the checks above.
            ("https:///visma%2ecom/", |e| *e == E::EmptyHost),
            ("https:///ｖｉｓｍａ.com/", |e| *e == E::EmptyHost),
            ("https:///vis\u{ad}ma.com/", |e| *e == E::EmptyHost),
            ("https:///connect.visma.com/", |e| *e == E::EmptyHost),
            ("https://kommune.no/", |e| matches!(e, E::NotAllowed(_))),
            ("https://evil-askoy.kommune.no/", |e| {
                matches!(e, E::NotAllowed(_))
            }),
        ];
        for (url, expected) in cases {
            match check_link(url, &extra()) {
                Ok(parsed) => panic!("{url:?} was allowed as {parsed}"),
                Err(error) => assert!(expected(&error), "{url:?}: unexpected {error:?}"),
            }
        }
    }

    #[test]
    fn the_host_as_written_must_read_as_the_parsed_one() {
        assert_eq!(
            check_https("https://Connect.VISMA.com:443/x").map(|(_, host)| host),
            Ok("connect.visma.com".to_owned())
        );
        assert!(host_as_written_matches(
            "Connect.visma.com:443",
            "connect.visma.com"
        ));
        assert!(host_as_written_matches("visma.com", "visma.com"));
        for (written, parsed) in [
            ("", "visma.com"),
            ("visma%2ecom", "visma.com"),
            ("ｖｉｓｍａ.com", "visma.com"),
            ("vis\u{ad}ma.com", "visma.com"),
            ("visma.com.evil:443", "visma.com"),
        ] {
            assert!(!host_as_written_matches(written, parsed), "{written}");
        }
    }

    #[test]
    fn logs_see_the_host_only() {
        let url = "https://connect.visma.com/x?login_hint=ola%40gmail.com";
        assert_eq!(host_for_log(url), "connect.visma.com");
        assert_eq!(host_for_log("ola@gmail.com"), "(not an address)");
    }

    #[test]
    fn extra_hosts_are_needed_for_the_kommunes_sites() {
        let url = "https://askoy.kommune.no/";
        assert_eq!(
            check_link(url, &[]),
            Err(LinkError::NotAllowed("askoy.kommune.no".to_owned()))
        );
        assert!(check_link(url, &["ASKOY.kommune.no ".to_owned()]).is_ok());
    }

    #[test]
    fn extra_host_entries_that_would_allow_too_much_are_ignored() {
        for entry in [
            "no",
            "",
            ".",
            "*.kommune.no",
            "kommune..no",
            "10.0.0.1",
            "æ.no",
        ] {
            assert_eq!(normalize_host_entry(entry), None, "{entry:?}");
            assert!(
                check_link("https://evil.no/", &[entry.to_owned()]).is_err(),
                "{entry:?}"
            );
        }
        assert_eq!(
            hosts_of_urls([
                "https://vismahoyanger.sysikt.no/enterprise/",
                "https://askoy.kommune.no/x",
                "https://askoy.kommune.no/y",
            ]),
            ["askoy.kommune.no", "vismahoyanger.sysikt.no"]
        );
    }

    #[test]
    fn the_embedded_guides_pass() {
        for &language in crate::i18n::Language::ALL {
            let guide = crate::guide::embedded(language).expect("embedded guide");
            assert_eq!(check_guide_links(&guide, &[]), [], "{}", language.code());
        }
    }

    #[test]
    fn guide_links_are_reported_with_their_field() {
        let (name, source) = crate::guide::embedded_source(crate::i18n::Language::Nb);
        let source = source.replacen(
            "https://accountsettings.connect.visma.com\"",
            "https://accountsettings.connect.visma.com.evil.example\"",
            1,
        );
        let guide = crate::guide::parse_guide(name, &source).expect("still a valid guide");
        let problems = check_guide_links(&guide, &[]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let problem = problems.first().expect("one");
        assert!(problem.field.ends_with(".actions[0].url"), "{problem}");
        assert!(matches!(problem.error, LinkError::NotAllowed(_)));
    }
}
