//! «Mente du …?»: a suggestion only where the typed domain is not plausibly real.
//!
//! Steering someone from one real provider to another is the worst mistake this app could make,
//! so a domain gets a suggestion only when
//! - it is a near miss of the kommune's own domain (`askoy.kommnue.no`), or
//! - it is a near miss of a major provider and not itself a known domain (`gmial.com`,
//!   `hotmal.no`, `gmail.no`), or
//! - its top-level domain does not exist (`gmail.con`, `firma.nop`), checked against the Public
//!   Suffix List embedded by the `psl` crate.

use super::known;

/// Top-level domains tried, in this order, when the typed one does not exist.
const COMMON_TLDS: &[&str] = &["no", "com", "net", "org", "se", "dk", "fi", "de", "eu"];

/// The suggested domain, or `None` when the typed one is plausibly real.
pub fn suggest(domain: &str, work_domains: &[String]) -> Option<String> {
    let domain = domain.to_lowercase();
    let work: Vec<String> = work_domains.iter().map(|d| d.to_lowercase()).collect();
    if work.iter().any(|w| known::is_within(&domain, w)) {
        return None;
    }
    if let Some(fixed) = ascii_form(&domain, &work) {
        return Some(fixed);
    }
    if let Some(fixed) = near_work_domain(&domain, &work) {
        return Some(fixed);
    }
    if known::lookup(&domain).is_some() {
        return None;
    }
    let tld_exists = tld_exists(&domain);
    if let Some(fixed) = near_provider(&domain, tld_exists) {
        return Some(fixed);
    }
    if tld_exists {
        return None;
    }
    fix_tld(&domain)
}

/// Whether the last label is a top-level domain in the Public Suffix List.
pub fn tld_exists(domain: &str) -> bool {
    let tld = domain.rsplit('.').next().unwrap_or(domain);
    psl::suffix(tld.as_bytes()).is_some_and(|s| s.is_known())
}

/// `askøy.kommune.no` → `askoy.kommune.no`: the kommune's and the providers' domains are spelt
/// without æ, ø and å, which people type from habit. Only a known or work domain is suggested.
fn ascii_form(domain: &str, work: &[String]) -> Option<String> {
    if domain.is_ascii() {
        return None;
    }
    // Both spellings Norwegian domains use: ø → o / oe, æ → ae / e, å → a / aa.
    let forms = [
        [("ø", "o"), ("æ", "ae"), ("å", "a")],
        [("ø", "oe"), ("æ", "e"), ("å", "aa")],
    ];
    forms
        .iter()
        .map(|pairs| {
            pairs
                .iter()
                .fold(domain.to_owned(), |d, (from, to)| d.replace(from, to))
        })
        .find(|candidate| {
            work.iter().any(|w| known::is_within(candidate, w))
                || known::lookup(candidate).is_some()
        })
}

fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(a, b)
}

/// The kommune's own domain with a letter or two wrong, at its end (`skole.askoy.kommnue.no`).
fn near_work_domain(domain: &str, work: &[String]) -> Option<String> {
    work.iter()
        .filter_map(|w| {
            let labels = w.split('.').count();
            let parts: Vec<&str> = domain.split('.').collect();
            let split = parts.len().saturating_sub(labels);
            let (prefix, tail) = parts.split_at(split);
            let tail = tail.join(".");
            let d = distance(&tail, w);
            let allowed = if w.len() >= 10 { 2 } else { 1 };
            // Another real domain stays as typed. For another kommune (`asker.kommune.no` near
            // `askoy.kommune.no`) the Public Suffix List tells: it names every kommune `<name>.no`.
            let real = match tail.strip_suffix(".kommune.no") {
                Some(name) => is_place_name(name),
                None => known::lookup(&tail).is_some(),
            };
            (d > 0 && d <= allowed && !real).then(|| {
                let mut fixed: Vec<&str> = prefix.to_vec();
                fixed.push(w);
                (d, fixed.join("."))
            })
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, fixed)| fixed)
}

/// A Norwegian place name the Public Suffix List lists as `<name>.no` (the kommuner).
fn is_place_name(name: &str) -> bool {
    let candidate = format!("{name}.no");
    psl::suffix_str(&candidate) == Some(candidate.as_str())
}

/// How many edits a provider's name may be off by: none for short names (`mac`, `msn`, `live`
/// have real neighbours), one for middle-sized, two for long ones.
fn allowed_name_edits(name: &str) -> usize {
    match name.chars().count() {
        0..=4 => 0,
        5..=6 => 1,
        _ => 2,
    }
}

/// (name, suffix) of a domain: `gmail.com` → (`gmail`, `com`), `hotmail.co.uk` →
/// (`hotmail`, `co.uk`). `None` when there is a subdomain before the name.
fn split_name(domain: &str) -> Option<(&str, &str)> {
    let suffix = psl::suffix_str(domain)?;
    let name = domain.strip_suffix(suffix)?.strip_suffix('.')?;
    (!name.is_empty() && !name.contains('.')).then_some((name, suffix))
}

/// The nearest provider the typed domain is a near miss of.
fn near_provider(domain: &str, tld_exists: bool) -> Option<String> {
    let (name, suffix) = split_name(domain)?;
    let major = known::MAJOR_PROVIDERS.iter().map(|p| (p, true));
    let other = known::OTHER_PROVIDERS.iter().map(|p| (p, false));
    major
        .chain(other)
        .filter_map(|(provider, is_major)| {
            let (p_name, p_suffix) = split_name(provider)?;
            let name_edits = distance(name, p_name);
            let suffix_edits = distance(suffix, p_suffix);
            let name_ok = name_edits == 0 || (is_major && name_edits <= allowed_name_edits(p_name));
            let suffix_ok = suffix_edits == 0
                // A top-level domain that does not exist is a typo for the provider's one.
                || (!tld_exists && suffix_edits <= 2)
                || (is_major && suffix_edits <= 1)
                || (is_major && known::SINGLE_TLD_BRANDS.contains(&p_name));
            (name_ok && suffix_ok && name_edits + suffix_edits > 0)
                .then_some((name_edits + suffix_edits, *provider))
        })
        // The first of equally near ones: the lists put the commonest first.
        .min_by_key(|(edits, _)| *edits)
        .map(|(_, provider)| provider.to_string())
}

/// The domain with its non-existent top-level domain replaced by the nearest common one.
fn fix_tld(domain: &str) -> Option<String> {
    let (rest, tld) = domain.rsplit_once('.')?;
    COMMON_TLDS
        .iter()
        .map(|t| (distance(tld, t), t))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, t)| format!("{rest}.{t}"))
}
