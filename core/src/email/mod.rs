//! The e-mail address the user types in step 2: syntax, what kind of address it is, and a
//! "did you mean" suggestion for near-misses of known domains, in the manner of mailcheck.js.

use std::str::FromStr;

#[cfg(test)]
mod cases;
mod known;
mod suggest;

pub use suggest::suggest;

/// The private domains offered as one-click buttons (the most common ones).
pub const PRIVATE_BUTTONS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "online.no",
    "icloud.com",
];

/// What kind of address the user typed, which tells what it means for this fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailKind {
    /// The kommune's own domain: probably *not* the wrong address.
    Work,
    /// A known private provider: the usual culprit.
    Private,
    /// A school or university: BankID is sometimes linked through one.
    School,
    /// None of those: perhaps a former employer.
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

/// Checks an address against syntax, the kommune's domains and the known domains.
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
        EmailKind::Work | EmailKind::Private | EmailKind::School => None,
    };
    Ok(CheckedEmail {
        address: address.to_owned(),
        domain,
        kind,
        suggestion,
    })
}

/// Why an address is not accepted as the work address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkProblem {
    Syntax(EmailProblem),
    /// A valid address, but not on one of the kommune's domains (a private one, say).
    NotWork(CheckedEmail),
    /// One of the refused addresses: the one whose BankID connection was just removed.
    Refused,
}

/// Checks the work address typed when logging in again: valid, on one of `work_domains`, and
/// none of `refused` (compared without regard to case, as mail servers do for the domain and
/// Visma does for the whole address).
pub fn check_work(
    input: &str,
    work_domains: &[String],
    refused: &[&str],
) -> Result<CheckedEmail, WorkProblem> {
    let checked = check(input, work_domains).map_err(WorkProblem::Syntax)?;
    if refused
        .iter()
        .any(|r| r.trim().eq_ignore_ascii_case(&checked.address))
    {
        return Err(WorkProblem::Refused);
    }
    match checked.kind {
        EmailKind::Work => Ok(checked),
        EmailKind::Private | EmailKind::School | EmailKind::Unknown => {
            Err(WorkProblem::NotWork(checked))
        }
    }
}

/// Whether `domain` is the kommune's (or a subdomain of it), a known provider, a school, or
/// none of those; from the same lists the suggestions use.
pub fn classify(domain: &str, work_domains: &[String]) -> EmailKind {
    let domain = domain.to_lowercase();
    if work_domains
        .iter()
        .any(|work| known::is_within(&domain, &work.to_lowercase()))
    {
        return EmailKind::Work;
    }
    match known::lookup(&domain) {
        Some(known::Known::Private) => EmailKind::Private,
        Some(known::Known::Education) => EmailKind::School,
        Some(known::Known::Public | known::Known::Other) | None => EmailKind::Unknown,
    }
}

/// The address with `domain` put after the @: replaces a typed domain, or appends "@domain".
pub fn with_domain(input: &str, domain: &str) -> String {
    let local = input.trim().split('@').next().unwrap_or("");
    format!("{local}@{domain}")
}

/// The address with the local part masked for logs and reports: `o***@gmail.com`. Only a valid
/// address keeps its domain: anything else (a pasted password such as `Sommer@2024!`) is `***`.
pub fn mask(address: &str) -> String {
    match check(address, &[]) {
        Ok(checked) => {
            let local = checked
                .address
                .rsplit_once('@')
                .map_or("", |(local, _)| local);
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{}", checked.domain)
        }
        Err(_) => "***".to_owned(),
    }
}

/// `text` with every whole token that is a valid address masked as [`mask`] does. Tokens end at
/// whitespace and at characters no address holds unquoted; a sentence's final dot is not part of
/// a token. A partial match inside a longer word is not a token, so it is left alone.
pub fn mask_addresses(text: &str) -> String {
    let delimiter = |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let token_len = rest.find(delimiter).unwrap_or(rest.len());
        let (token, after) = rest.split_at(token_len);
        let core = token.trim_end_matches(['.', '!', '?']);
        if core.contains('@') && check(core, &[]).is_ok() {
            out.push_str(&mask(core));
            out.push_str(token.get(core.len()..).unwrap_or(""));
        } else {
            out.push_str(token);
        }
        let delimiter_len = after.chars().next().map_or(0, char::len_utf8);
        out.push_str(after.get(..delimiter_len).unwrap_or(""));
        rest = after.get(delimiter_len..).unwrap_or("");
    }
    out
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
        assert_eq!(kind("kari@uib.no"), Ok(EmailKind::School));
        assert_eq!(kind("kari@nav.no"), Ok(EmailKind::Unknown));
        // A look-alike that merely ends with the kommune's name is not the kommune's domain.
        assert_eq!(
            kind("kari@fakeaskoy.kommune.no.evil.example"),
            Ok(EmailKind::Unknown)
        );
    }

    #[test]
    fn work_address_check_refuses_private_and_unlinked_addresses() {
        let refused = ["kari.nordmann@gmail.com", "Kari@askoy.kommune.no"];
        assert!(check_work("kari.nordmann@askoy.kommune.no", &work(), &refused).is_ok());
        assert!(matches!(
            check_work("kari.nordmann@hotmail.com", &work(), &refused),
            Err(WorkProblem::NotWork(_))
        ));
        assert_eq!(
            check_work("KARI.NORDMANN@gmail.com", &work(), &refused),
            Err(WorkProblem::Refused)
        );
        assert_eq!(
            check_work("kari@askoy.kommune.no", &work(), &refused),
            Err(WorkProblem::Refused)
        );
        assert_eq!(
            check_work("kari", &work(), &refused),
            Err(WorkProblem::Syntax(EmailProblem::MissingAt))
        );
    }

    #[test]
    fn domain_insertion_and_masking() {
        assert_eq!(with_domain("ola", "gmail.com"), "ola@gmail.com");
        assert_eq!(with_domain("ola@gmial.com", "gmail.com"), "ola@gmail.com");
        assert_eq!(mask("ola.nordmann@gmail.com"), "o***@gmail.com");
        assert_eq!(mask("nonsense"), "***");
        assert_eq!(mask(" Ola@Gmail.COM "), "O***@gmail.com");
    }

    #[test]
    fn a_password_with_an_at_sign_is_masked_whole() {
        for secret in [
            "Sommer@2024!",
            "hemmelig@",
            "@passord",
            "a@b@c.no",
            "pass ord@x.no",
        ] {
            assert_eq!(mask(secret), "***", "{secret}");
        }
    }

    #[test]
    fn only_whole_address_tokens_are_masked() {
        assert_eq!(
            mask_addresses("skrev ola@gmail.com. Og <kari@uib.no>, ikke Sommer@2024!"),
            "skrev o***@gmail.com. Og <k***@uib.no>, ikke Sommer@2024!"
        );
        assert_eq!(
            mask_addresses("o og oo, æøå\nny linje"),
            "o og oo, æøå\nny linje"
        );
        assert_eq!(mask_addresses(""), "");
    }
}
