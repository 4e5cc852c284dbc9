//! The suggestion rules as a table: real domains left alone, typos caught.

use super::{EmailKind, check, known, suggest};

fn work() -> Vec<String> {
    vec!["askoy.kommune.no".to_owned()]
}

/// (typed domain, expected suggestion). `None`: plausibly real, leave it alone.
const CASES: &[(&str, Option<&str>)] = &[
    // Real providers, untouched (each of these was once "corrected" to another provider).
    ("gmx.com", None),
    ("mail.com", None),
    ("msn.com", None),
    ("mac.com", None),
    ("me.com", None),
    ("hotmail.se", None),
    ("hotmail.dk", None),
    ("hotmail.co.uk", None),
    ("outlook.dk", None),
    ("outlook.de", None),
    ("yahoo.se", None),
    ("yahoo.dk", None),
    ("live.se", None),
    ("live.dk", None),
    ("live.nl", None),
    ("live.ie", None),
    ("ymail.com", None),
    ("email.com", None),
    ("rocketmail.com", None),
    ("googlemail.com", None),
    ("gmail.com", None),
    ("hotmail.com", None),
    ("hotmail.no", None),
    ("outlook.com", None),
    ("outlook.no", None),
    ("live.no", None),
    ("live.com", None),
    ("yahoo.com", None),
    ("yahoo.no", None),
    ("icloud.com", None),
    ("online.no", None),
    ("frisurf.no", None),
    ("altibox.no", None),
    ("broadpark.no", None),
    ("getmail.no", None),
    ("lyse.net", None),
    ("start.no", None),
    ("c2i.net", None),
    ("chello.no", None),
    ("nextgentel.com", None),
    ("bluezone.no", None),
    ("ebnett.no", None),
    ("protonmail.com", None),
    ("protonmail.ch", None),
    ("proton.me", None),
    ("pm.me", None),
    ("tutanota.com", None),
    ("tuta.io", None),
    ("posteo.de", None),
    ("mailbox.org", None),
    ("fastmail.com", None),
    ("aol.com", None),
    ("gmx.net", None),
    ("gmx.de", None),
    ("web.de", None),
    ("t-online.de", None),
    ("telia.com", None),
    ("bredband.net", None),
    ("jubii.dk", None),
    ("elisanet.fi", None),
    ("wp.pl", None),
    ("onet.pl", None),
    ("seznam.cz", None),
    ("orange.fr", None),
    ("free.fr", None),
    ("libero.it", None),
    ("btinternet.com", None),
    ("yandex.com", None),
    ("inbox.lv", None),
    ("simnet.is", None),
    // Schools and universities, also students' subdomains.
    ("uio.no", None),
    ("uib.no", None),
    ("ntnu.no", None),
    ("stud.ntnu.no", None),
    ("student.uib.no", None),
    ("oslomet.no", None),
    ("hvl.no", None),
    ("nhh.no", None),
    ("bi.no", None),
    ("elev.vlfk.no", None),
    ("vtfk.no", None),
    ("skole.vgs.no", None),
    ("ox.ac.uk", None),
    ("stanford.edu", None),
    ("unimelb.edu.au", None),
    // Other public employers and other kommuner (near the kommune's own domain, still real).
    ("asker.kommune.no", None),
    ("bergen.kommune.no", None),
    ("askim.kommune.no", None),
    ("hoyanger.kommune.no", None),
    ("nav.no", None),
    ("skatteetaten.no", None),
    ("fhi.dep.no", None),
    // The kommune's own domain and its subdomains.
    ("askoy.kommune.no", None),
    ("skole.askoy.kommune.no", None),
    ("ASKOY.KOMMUNE.NO", None),
    // Employers and other real domains near nothing we know.
    ("lyse.no", None),
    ("visma.com", None),
    ("equinor.com", None),
    ("helse-bergen.no", None),
    ("firma.no", None),
    ("example.org", None),
    ("cloud.com", None),
    ("tele2.se", None),
    ("mail.dk", None),
    ("post.com", None),
    ("live.fi", None),
    ("gmx.at", None),
    ("outlook.se", None),
    ("yahoo.co.uk", None),
    // Typos of the big providers.
    ("gmial.com", Some("gmail.com")),
    ("gmal.com", Some("gmail.com")),
    ("gmai.com", Some("gmail.com")),
    ("gamil.com", Some("gmail.com")),
    ("gnail.com", Some("gmail.com")),
    ("gmaill.com", Some("gmail.com")),
    ("gmail.con", Some("gmail.com")),
    ("gmail.cmo", Some("gmail.com")),
    ("gmail.co", Some("gmail.com")),
    ("gmail.cm", Some("gmail.com")),
    ("gmail.om", Some("gmail.com")),
    ("gmail.comm", Some("gmail.com")),
    ("gmail.no", Some("gmail.com")),
    ("gmail.se", Some("gmail.com")),
    ("gmial.no", Some("gmail.com")),
    ("hotmal.no", Some("hotmail.no")),
    ("hotmial.no", Some("hotmail.no")),
    ("hotmai.no", Some("hotmail.no")),
    ("hotmail.nu", Some("hotmail.no")),
    ("hotmail.nop", Some("hotmail.no")),
    ("hotmial.com", Some("hotmail.com")),
    ("hotmail.con", Some("hotmail.com")),
    ("hotmial.cmo", Some("hotmail.com")),
    ("hotmali.com", Some("hotmail.com")),
    ("homail.com", Some("hotmail.com")),
    ("hotmal.se", Some("hotmail.se")),
    ("outlok.com", Some("outlook.com")),
    ("outllok.com", Some("outlook.com")),
    ("otlook.com", Some("outlook.com")),
    ("outlook.con", Some("outlook.com")),
    ("outlok.no", Some("outlook.no")),
    ("outlok.dk", Some("outlook.dk")),
    ("yaho.com", Some("yahoo.com")),
    ("yahooo.com", Some("yahoo.com")),
    ("yahoo.con", Some("yahoo.com")),
    ("yaho.no", Some("yahoo.no")),
    ("yaho.se", Some("yahoo.se")),
    ("iclod.com", Some("icloud.com")),
    ("icoud.com", Some("icloud.com")),
    ("icloud.con", Some("icloud.com")),
    ("icloud.no", Some("icloud.com")),
    ("onlin.no", Some("online.no")),
    ("onlie.no", Some("online.no")),
    ("online.nu", Some("online.no")),
    ("altibx.no", Some("altibox.no")),
    ("altibox.nno", Some("altibox.no")),
    ("getmial.no", Some("getmail.no")),
    ("broadprak.no", Some("broadpark.no")),
    ("frisruf.no", Some("frisurf.no")),
    ("live.nu", Some("live.no")),
    ("live.con", Some("live.com")),
    ("protonmial.com", Some("protonmail.com")),
    // Smaller providers: caught only when the top-level domain does not exist.
    ("gmx.con", Some("gmx.com")),
    ("mac.con", Some("mac.com")),
    ("me.con", Some("me.com")),
    ("msn.con", Some("msn.com")),
    ("lyse.nett", Some("lyse.net")),
    ("start.nop", Some("start.no")),
    // The kommune's own domain mistyped.
    ("askoy.kommnue.no", Some("askoy.kommune.no")),
    ("askoy.komune.no", Some("askoy.kommune.no")),
    ("askoy.kommune.mo", Some("askoy.kommune.no")),
    ("askoy.kommune.nno", Some("askoy.kommune.no")),
    ("asky.kommune.no", Some("askoy.kommune.no")),
    ("skole.askoy.kommnue.no", Some("skole.askoy.kommune.no")),
    // æ, ø, å typed in a domain that is spelt without them.
    ("askøy.kommune.no", Some("askoy.kommune.no")),
    ("skole.askøy.kommune.no", Some("skole.askoy.kommune.no")),
    ("hotmåil.com", Some("hotmail.com")),
    ("sørfold.no", None),
    // Any domain whose top-level domain does not exist.
    ("firma.nop", Some("firma.no")),
    ("uib.nno", Some("uib.no")),
    ("visma.cmo", Some("visma.com")),
];

#[test]
fn suggestions_table() {
    assert!(CASES.len() >= 150, "{} cases", CASES.len());
    let mut wrong = Vec::new();
    for (typed, expected) in CASES {
        let got = suggest(typed, &work());
        if got.as_deref() != *expected {
            wrong.push(format!("{typed}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Every domain on the known lists is left alone, and there are at least 100 of them.
#[test]
fn no_known_domain_is_ever_corrected() {
    let providers: Vec<&str> = known::MAJOR_PROVIDERS
        .iter()
        .chain(known::OTHER_PROVIDERS)
        .copied()
        .collect();
    assert!(providers.len() + known::EDUCATION.len() >= 100);
    for domain in providers.iter().chain(known::EDUCATION) {
        assert_eq!(suggest(domain, &work()), None, "{domain}");
    }
    let mut seen = std::collections::HashSet::new();
    for domain in &providers {
        assert!(seen.insert(domain), "listed twice: {domain}");
        assert!(super::suggest::tld_exists(domain), "{domain}");
    }
}

/// (address, kind): classification comes from the same lists.
const KINDS: &[(&str, EmailKind)] = &[
    ("kari@askoy.kommune.no", EmailKind::Work),
    ("kari@skole.askoy.kommune.no", EmailKind::Work),
    ("kari@gmail.com", EmailKind::Private),
    ("kari@gmx.com", EmailKind::Private),
    ("kari@hotmail.se", EmailKind::Private),
    ("kari@online.no", EmailKind::Private),
    ("kari@c2i.net", EmailKind::Private),
    ("kari@uio.no", EmailKind::School),
    ("kari@stud.ntnu.no", EmailKind::School),
    ("kari@elev.vlfk.no", EmailKind::School),
    ("kari@x.vgs.no", EmailKind::School),
    ("kari@ox.ac.uk", EmailKind::School),
    ("kari@asker.kommune.no", EmailKind::Unknown),
    ("kari@nav.no", EmailKind::Unknown),
    ("kari@visma.com", EmailKind::Unknown),
    ("kari@gmial.com", EmailKind::Unknown),
];

#[test]
fn classification_table() {
    for (address, kind) in KINDS {
        let checked = check(address, &work()).map(|c| c.kind);
        assert_eq!(checked.as_ref(), Ok(kind), "{address}");
    }
}
