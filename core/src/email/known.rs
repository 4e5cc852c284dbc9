//! The e-mail domains people in Norway actually use, and what kind of address each one is.
//!
//! Where the list comes from (compiled by hand for this app, checked 2026; nothing is downloaded
//! at build or run time):
//! - the private providers named in Norwegian kommuner's own «feil e-postadresse» guides and in
//!   `shared/domain.md`;
//! - Norwegian internet providers' mail services, including closed ones whose addresses are
//!   still in use (Telenor's online.no, Tele2's c2i.net, Get's getmail.no, Broadpark, Frisurf,
//!   Start, Chello, NextGenTel, Bluezone, Eidsiva's ebnett.no, Lyse/Altibox);
//! - the country domains Microsoft (hotmail/live/outlook), Yahoo, Apple, Google, GMX and
//!   mail.com give out, for the Nordic countries and the European countries most employees come
//!   from;
//! - Nordic and European providers (Telia, Bredbandsbolaget, Jubii, Elisa, Proton, Tuta,
//!   Posteo, mailbox.org, WP, Onet, Seznam, Orange, …);
//! - schools and universities as a class: the Norwegian universities and university colleges
//!   (HK-dir's list of institutions; students' subdomains such as stud.ntnu.no included),
//!   the fylkeskommuner that own the upper secondary schools, and the Public Suffix List's
//!   education and public-sector suffixes (`vgs.no`, `fhs.no`, `kommune.no`, `edu`, `ac.uk`, …).
//!
//! A missing real domain is harmless as long as it is not a near miss of a major provider:
//! [`super::suggest`] only suggests for a top-level domain that does not exist or for a near miss
//! of a major provider. Add such a domain here when someone reports it.

/// The big private providers: their near misses get a «Mente du …?».
pub const MAJOR_PROVIDERS: &[&str] = &[
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
    "online.no",
    "altibox.no",
    "getmail.no",
    "broadpark.no",
    "frisurf.no",
    "googlemail.com",
    "protonmail.com",
    "hotmail.se",
    "hotmail.dk",
    "hotmail.fi",
    "hotmail.co.uk",
    "hotmail.de",
    "hotmail.fr",
    "hotmail.it",
    "hotmail.es",
    "hotmail.nl",
    "hotmail.be",
    "outlook.dk",
    "outlook.de",
    "outlook.fr",
    "outlook.it",
    "outlook.es",
    "outlook.be",
    "outlook.at",
    "outlook.ie",
    "outlook.pt",
    "outlook.cz",
    "outlook.sk",
    "outlook.hu",
    "outlook.lv",
    "outlook.nl",
    "outlook.se",
    "yahoo.se",
    "yahoo.dk",
    "yahoo.co.uk",
    "yahoo.de",
    "yahoo.fr",
    "yahoo.es",
    "yahoo.it",
    "yahoo.nl",
    "yahoo.pl",
];

/// Other private providers: known, so never "corrected", but not suggested either.
pub const OTHER_PROVIDERS: &[&str] = &[
    "me.com",
    "mac.com",
    "msn.com",
    "live.se",
    "live.dk",
    "live.fi",
    "live.co.uk",
    "live.de",
    "live.fr",
    "live.nl",
    "live.be",
    "live.it",
    "live.ie",
    "live.at",
    "windowslive.com",
    "passport.com",
    "ymail.com",
    "rocketmail.com",
    "aol.com",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "gmx.at",
    "gmx.ch",
    "gmx.fr",
    "gmx.co.uk",
    "mail.com",
    "email.com",
    "post.com",
    "usa.com",
    "protonmail.ch",
    "proton.me",
    "pm.me",
    "tutanota.com",
    "tutanota.de",
    "tuta.io",
    "tuta.com",
    "posteo.de",
    "posteo.net",
    "mailbox.org",
    "fastmail.com",
    "fastmail.fm",
    "hushmail.com",
    "zoho.com",
    "zohomail.eu",
    "yandex.com",
    "yandex.ru",
    "mail.ru",
    // Norwegian providers, current and legacy.
    "lyse.net",
    "start.no",
    "c2i.net",
    "chello.no",
    "nextgentel.com",
    "bluezone.no",
    "sol.no",
    "ebnett.no",
    "powertech.no",
    "enivest.net",
    // Nordic providers.
    "telia.com",
    "telia.se",
    "bredband.net",
    "spray.se",
    "home.se",
    "passagen.se",
    "comhem.se",
    "bahnhof.se",
    "tele2.se",
    "glocalnet.net",
    "swipnet.se",
    "jubii.dk",
    "mail.dk",
    "stofanet.dk",
    "get2net.dk",
    "webspeed.dk",
    "mail.tele.dk",
    "sol.dk",
    "elisanet.fi",
    "kolumbus.fi",
    "saunalahti.fi",
    "suomi24.fi",
    "luukku.com",
    "welho.com",
    "netti.fi",
    "simnet.is",
    "internet.is",
    "visir.is",
    // European providers.
    "web.de",
    "t-online.de",
    "freenet.de",
    "mail.de",
    "arcor.de",
    "wp.pl",
    "o2.pl",
    "onet.pl",
    "interia.pl",
    "op.pl",
    "seznam.cz",
    "centrum.cz",
    "libero.it",
    "virgilio.it",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "wanadoo.fr",
    "sfr.fr",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "inbox.lv",
    "inbox.lt",
    "abv.bg",
    "mail.ee",
];

/// Providers that use one top-level domain only: `gmail.no` is never a real Gmail address.
pub const SINGLE_TLD_BRANDS: &[&str] = &["gmail", "googlemail", "icloud"];

/// Real domains that are near misses of a major provider but no private provider themselves
/// (`cloud.com` is one edit from `icloud.com`): known, so never "corrected".
pub const REAL_NEIGHBOURS: &[&str] = &["cloud.com"];

/// Schools, universities and those who run upper secondary schools; subdomains count too
/// (`stud.ntnu.no`, `elev.vlfk.no`).
pub const EDUCATION: &[&str] = &[
    "uio.no",
    "uib.no",
    "ntnu.no",
    "uit.no",
    "nmbu.no",
    "uia.no",
    "uis.no",
    "usn.no",
    "hvl.no",
    "oslomet.no",
    "nord.no",
    "inn.no",
    "himolde.no",
    "hiof.no",
    "hvo.no",
    "nhh.no",
    "bi.no",
    "mf.no",
    "nih.no",
    "nmh.no",
    "khio.no",
    "aho.no",
    "samas.no",
    "vid.no",
    "dmmh.no",
    "ldh.no",
    "hlb.no",
    "kristiania.no",
    "noroff.no",
    "osloskolen.no",
    "feide.no",
    // Fylkeskommuner (upper secondary schools and their pupils).
    "vlfk.no",
    "vestlandfk.no",
    "rogfk.no",
    "afk.no",
    "viken.no",
    "ofk.no",
    "bfk.no",
    "innlandetfylke.no",
    "trondelagfylke.no",
    "tromsfylke.no",
    "ffk.no",
    "tffk.no",
    "nfk.no",
    "mrfylke.no",
    "agderfk.no",
    "vtfk.no",
    "vestfoldfylke.no",
    "telemarkfylke.no",
];

/// Public suffixes (from the Public Suffix List) whose domains are schools or universities.
const EDUCATION_SUFFIXES: &[&str] = &["vgs.no", "fhs.no", "edu"];

/// Public suffixes whose domains are public bodies: real, never "corrected".
const PUBLIC_SUFFIXES: &[&str] = &[
    "kommune.no",
    "herad.no",
    "stat.no",
    "dep.no",
    "mil.no",
    "gov",
];

/// What the known-domain list says about a domain (lower-case).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Known {
    Private,
    Education,
    /// Another public employer (another kommune, a state agency).
    Public,
    /// Some other real domain: an employer, a company.
    Other,
}

/// Looks a lower-case domain up in the lists and the education/public-sector classes.
pub fn lookup(domain: &str) -> Option<Known> {
    if is_private_provider(domain) {
        return Some(Known::Private);
    }
    if REAL_NEIGHBOURS.contains(&domain) {
        return Some(Known::Other);
    }
    if EDUCATION.iter().any(|base| is_within(domain, base)) {
        return Some(Known::Education);
    }
    let suffix = psl::suffix_str(domain)?;
    // The suffix alone (`kommune.no`) is not an address's domain; something must precede it.
    if suffix == domain {
        return None;
    }
    let class = |list: &[&str]| {
        list.contains(&suffix)
            || list
                .iter()
                .filter(|s| !s.contains('.'))
                .any(|s| suffix.starts_with(&format!("{s}.")))
    };
    // `ac.uk`, `edu.au` …: the academic second levels of country domains.
    if class(EDUCATION_SUFFIXES) || suffix.starts_with("ac.") {
        return Some(Known::Education);
    }
    if class(PUBLIC_SUFFIXES) {
        return Some(Known::Public);
    }
    None
}

/// An exact entry of either provider list.
pub fn is_private_provider(domain: &str) -> bool {
    MAJOR_PROVIDERS.contains(&domain) || OTHER_PROVIDERS.contains(&domain)
}

/// `domain` is `base` or a subdomain of it (`stud.ntnu.no` within `ntnu.no`).
pub fn is_within(domain: &str, base: &str) -> bool {
    domain == base
        || domain
            .strip_suffix(base)
            .is_some_and(|rest| rest.ends_with('.'))
}
