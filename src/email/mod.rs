//! The e-mail address the user types in step 2: syntax, what kind of address it is, and a
//! "did you mean" suggestion for near-misses of known domains, in the manner of mailcheck.js.

use std::str::FromStr;

/// Private providers common in Norway (`../shared/domain.md`).
pub const PRIVATE_PROVIDERS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "hotmail.no",
    "outlook.com",
    "outlook.no",
    "live.no",
    "live.com",
    "yahoo.com",
    "yahoo.no",
    "icloud.com",
    "me.com",
    "online.no",
    "frisurf.no",
    "altibox.no",
    "broadpark.no",
    "getmail.no",
    "lyse.net",
    "start.no",
];

/// The private domains offered as one-click buttons (the most common ones).
pub const PRIVATE_BUTTONS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "online.no",
    "icloud.com",
];

/// How far (in edits) a domain may be from a known one to be suggested.
const SUGGEST_THRESHOLD: usize = 2;

/// What kind of address the user typed, which tells what it means for this fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailKind {
    /// The kommune's own domain: probably *not* the wrong address.
    Work,
    /// A known private provider: the usual culprit.
    Private,
    /// Neither: perhaps a school or a former employer.
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailProblem {
    Empty,
    /// Contains spaces (often a pasted name or two addresses).
    Whitespace,
    MissingAt,
    /// Nothing after @, or no dot in the domain.
    MissingDomain,
    /// Anything else RFC 5322 parsing refuses.
    Invalid,
}

/// A syntactically valid address, lower-cased domain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckedEmail {
    pub address: String,
    pub domain: String,
    pub kind: EmailKind,
    /// A nearby known domain when this one looks like a typo of it.
    pub suggestion: Option<String>,
}

/// Checks an address against syntax, the kommune's domains and the known providers.
pub fn check(input: &str, work_domains: &[String]) -> Result<CheckedEmail, EmailProblem> {
    let address = input.trim();
    if address.is_empty() {
        return Err(EmailProblem::Empty);
    }
    if address.chars().any(char::is_whitespace) {
        return Err(EmailProblem::Whitespace);
    }
    let Some((_, domain)) = address.rsplit_once('@') else {
        return Err(EmailProblem::MissingAt);
    };
    if domain.is_empty() || !domain.contains('.') || domain.ends_with('.') {
        return Err(EmailProblem::MissingDomain);
    }
    if email_address::EmailAddress::from_str(address).is_err() {
        return Err(EmailProblem::Invalid);
    }
    let domain = domain.to_lowercase();
    let kind = classify(&domain, work_domains);
    let suggestion = match kind {
        EmailKind::Unknown => suggest(&domain, work_domains),
        EmailKind::Work | EmailKind::Private => None,
    };
    Ok(CheckedEmail {
        address: address.to_owned(),
        domain,
        kind,
        suggestion,
    })
}

/// Whether `domain` is the kommune's (or a subdomain of it), a known provider, or neither.
pub fn classify(domain: &str, work_domains: &[String]) -> EmailKind {
    let domain = domain.to_lowercase();
    let is_work = work_domains.iter().any(|work| {
        let work = work.to_lowercase();
        domain == work || domain.ends_with(&format!(".{work}"))
    });
    if is_work {
        EmailKind::Work
    } else if PRIVATE_PROVIDERS.contains(&domain.as_str()) {
        EmailKind::Private
    } else {
        EmailKind::Unknown
    }
}

/// The nearest known domain within the threshold, never for an exact known domain.
///
/// Like mailcheck.js: first the whole domain; then, failing that, the second-level part and the
/// top-level part separately (`gmail.cmo` → `gmail.com`, `gmial.no`… → `gmail.com` only when the
/// combination is a known domain).
pub fn suggest(domain: &str, work_domains: &[String]) -> Option<String> {
    let domain = domain.to_lowercase();
    let known: Vec<String> = work_domains
        .iter()
        .map(|d| d.to_lowercase())
        .chain(PRIVATE_PROVIDERS.iter().map(|d| (*d).to_owned()))
        .collect();
    if known.contains(&domain) {
        return None;
    }
    let nearest = |candidates: &mut dyn Iterator<Item = String>, word: &str| {
        candidates
            .map(|candidate| (strsim::damerau_levenshtein(word, &candidate), candidate))
            .filter(|(distance, _)| *distance <= SUGGEST_THRESHOLD)
            .min_by_key(|(distance, _)| *distance)
    };
    if let Some((_, whole)) = nearest(&mut known.iter().cloned(), &domain) {
        return Some(whole);
    }
    // Split into second-level and top-level parts and correct each.
    let (second, top) = domain.rsplit_once('.')?;
    let tops: Vec<String> = known
        .iter()
        .filter_map(|d| d.rsplit_once('.').map(|(_, t)| t.to_owned()))
        .collect();
    let seconds: Vec<String> = known
        .iter()
        .filter_map(|d| d.rsplit_once('.').map(|(s, _)| s.to_owned()))
        .collect();
    let top = nearest(&mut tops.into_iter(), top).map_or(top.to_owned(), |(_, t)| t);
    let second = nearest(&mut seconds.into_iter(), second).map_or(second.to_owned(), |(_, s)| s);
    let combined = format!("{second}.{top}");
    (combined != domain && known.contains(&combined)).then_some(combined)
}

/// The address with `domain` put after the @: replaces a typed domain, or appends "@domain".
pub fn with_domain(input: &str, domain: &str) -> String {
    let local = input.trim().split('@').next().unwrap_or("");
    format!("{local}@{domain}")
}

/// The address with the local part masked for logs and reports: `o***@gmail.com`.
pub fn mask(address: &str) -> String {
    match address.trim().rsplit_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work() -> Vec<String> {
        vec!["askoy.kommune.no".to_owned()]
    }

    #[test]
    fn syntax_problems() {
        assert_eq!(check("", &work()), Err(EmailProblem::Empty));
        assert_eq!(
            check("ola nordmann@gmail.com", &work()),
            Err(EmailProblem::Whitespace)
        );
        assert_eq!(
            check("ola.gmail.com", &work()),
            Err(EmailProblem::MissingAt)
        );
        assert_eq!(check("ola@", &work()), Err(EmailProblem::MissingDomain));
        assert_eq!(
            check("ola@gmail", &work()),
            Err(EmailProblem::MissingDomain)
        );
        assert_eq!(check("ola@@gmail.com", &work()), Err(EmailProblem::Invalid));
    }

    #[test]
    fn classification() {
        let kind = |a: &str| check(a, &work()).map(|c| c.kind);
        assert_eq!(kind("kari@askoy.kommune.no"), Ok(EmailKind::Work));
        assert_eq!(kind("Kari@ASKOY.kommune.no"), Ok(EmailKind::Work));
        assert_eq!(kind("kari@skole.askoy.kommune.no"), Ok(EmailKind::Work));
        assert_eq!(kind("kari@gmail.com"), Ok(EmailKind::Private));
        assert_eq!(kind("kari@online.no"), Ok(EmailKind::Private));
        assert_eq!(kind("kari@uib.no"), Ok(EmailKind::Unknown));
        // A look-alike that merely ends with the kommune's name is not the kommune's domain.
        assert_eq!(
            kind("kari@fakeaskoy.kommune.no.evil.example"),
            Ok(EmailKind::Unknown)
        );
    }

    #[test]
    fn suggestions_for_near_misses_only() {
        let s = |d: &str| suggest(d, &work());
        assert_eq!(s("gmial.com").as_deref(), Some("gmail.com"));
        assert_eq!(s("gmail.cmo").as_deref(), Some("gmail.com"));
        assert_eq!(s("hotmial.no").as_deref(), Some("hotmail.no"));
        assert_eq!(s("askoy.kommune.mo").as_deref(), Some("askoy.kommune.no"));
        assert_eq!(s("gmail.com"), None, "never corrects a known domain");
        assert_eq!(s("uib.no"), None);
        assert_eq!(s("example.org"), None);
        let checked = check("ola@gmial.com", &work()).expect("valid syntax");
        assert_eq!(checked.suggestion.as_deref(), Some("gmail.com"));
    }

    #[test]
    fn domain_insertion_and_masking() {
        assert_eq!(with_domain("ola", "gmail.com"), "ola@gmail.com");
        assert_eq!(with_domain("ola@gmial.com", "gmail.com"), "ola@gmail.com");
        assert_eq!(mask("ola.nordmann@gmail.com"), "o***@gmail.com");
        assert_eq!(mask("nonsense"), "***");
    }
}
