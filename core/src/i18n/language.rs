//! The languages, in one table: a language is one row in `languages!` below plus its two files,
//! `assets/i18n/<code>.toml` (the window's texts) and `assets/guide/<code>.toml` (the guide).
//! The enum, [`Language::ALL`], the codes the configuration and the command line accept, the
//! language menu, the embedded texts and guides and the languages a guide update must carry
//! all follow from it.

use serde::{Deserialize, Serialize};

/// Whether a language is offered to everyone or only where the kommune allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Offer {
    Always,
    /// Only with `app.allow_english` (the only such switch the configuration has).
    WhenAllowed,
}

/// One row of the table.
struct Row {
    code: &'static str,
    /// Primary subtags of OS locales and configuration codes that mean this language.
    locales: &'static [&'static str],
    /// The language's name in itself, for the language menu.
    name: &'static str,
    offer: Offer,
    /// `(file name for messages, contents)`.
    texts: (&'static str, &'static str),
    guide: (&'static str, &'static str),
}

macro_rules! languages {
    ($(
        $(#[$doc:meta])*
        $variant:ident {
            code: $code:literal,
            locales: [$($locale:literal),+ $(,)?],
            name: $name:literal,
            offer: $offer:ident,
            texts: $texts:literal,
            guide: $guide:literal $(,)?
        }
    ),+ $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Language {
            $(
                $(#[$doc])*
                #[serde(rename = $code)]
                $variant,
            )+
        }

        impl Language {
            /// Every language, in the table's order (the language menu's order).
            pub const ALL: &[Language] = &[$(Language::$variant),+];

            fn row(self) -> &'static Row {
                match self {
                    $(Self::$variant => &Row {
                        code: $code,
                        locales: &[$($locale),+],
                        name: $name,
                        offer: Offer::$offer,
                        texts: ($texts, include_str!(concat!("../../../", $texts))),
                        guide: ($guide, include_str!(concat!("../../../", $guide))),
                    },)+
                }
            }
        }
    };
}

// The paths are from the repository's root; the files are embedded, so the app runs with
// nothing beside it.
languages! {
    /// Bokmål, the default.
    Nb {
        code: "nb",
        locales: ["nb", "no"],
        name: "Bokmål",
        offer: Always,
        texts: "assets/i18n/nb.toml",
        guide: "assets/guide/nb.toml",
    },
    /// Nynorsk.
    Nn {
        code: "nn",
        locales: ["nn"],
        name: "Nynorsk",
        offer: Always,
        texts: "assets/i18n/nn.toml",
        guide: "assets/guide/nn.toml",
    },
    /// English, for employees who read neither Norwegian form well.
    En {
        code: "en",
        locales: ["en"],
        name: "English",
        offer: WhenAllowed,
        texts: "assets/i18n/en.toml",
        guide: "assets/guide/en.toml",
    },
}

impl Default for Language {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl Language {
    /// For a user about whom nothing says otherwise.
    pub const DEFAULT: Language = Language::Nb;
    /// For a user whose OS speaks none of the table's languages, when it is offered.
    pub const FOREIGN: Language = Language::En;

    pub fn code(self) -> &'static str {
        self.row().code
    }

    /// The language's name in itself, for the language menu.
    pub fn native_name(self) -> &'static str {
        self.row().name
    }

    /// Accepts codes as configuration and OS locales spell them (`nb`, `no`, `nb-NO`, `nb_NO.UTF-8`).
    pub fn from_code(code: &str) -> Option<Self> {
        let primary = primary_subtag(code).to_ascii_lowercase();
        Self::ALL
            .iter()
            .copied()
            .find(|language| language.row().locales.contains(&primary.as_str()))
    }

    /// The codes as a message to IT lists them: `nb, nn or en`; `also` comes last
    /// (`nb, nn, en or auto`).
    pub fn listed_codes(also: &[&str]) -> String {
        let mut codes: Vec<&str> = Self::ALL.iter().map(|language| language.code()).collect();
        codes.extend_from_slice(also);
        or_list(&codes)
    }

    /// The languages a user may be given, in the table's order.
    pub fn offered(allow_english: bool) -> Vec<Language> {
        Self::ALL
            .iter()
            .copied()
            .filter(|language| match language.row().offer {
                Offer::Always => true,
                Offer::WhenAllowed => allow_english,
            })
            .collect()
    }

    /// The language menu: the offered languages, and the one shown even when it is not
    /// offered (IT's `app.language`, or a choice remembered from before English was turned
    /// off), so the menu always names what the window shows.
    pub fn menu(allow_english: bool, shown: Language) -> Vec<Language> {
        let offered = Self::offered(allow_english);
        Self::ALL
            .iter()
            .copied()
            .filter(|language| *language == shown || offered.contains(language))
            .collect()
    }

    /// The embedded window texts: `(file name, contents)`.
    pub fn embedded_texts(self) -> (&'static str, &'static str) {
        self.row().texts
    }

    /// The embedded guide: `(file name, contents)`.
    pub fn embedded_guide(self) -> (&'static str, &'static str) {
        self.row().guide
    }
}

/// The language part of a code or an OS locale: `nb` of `nb-NO`, `nb_NO.UTF-8` and
/// `nb_NO.UTF-8@euro` (a POSIX locale may end in a modifier).
fn primary_subtag(code: &str) -> &str {
    code.split(['-', '_', '.', '@']).next().unwrap_or("")
}

/// `a, b or c`.
fn or_list(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// The language to show: configuration first, else the OS locale's language when it is
/// offered, else (another language) [`Language::FOREIGN`] when it is offered, else the
/// default. No locale, or the neutral "C"/"POSIX" one, says nothing about the user: the default.
pub fn choose_language(
    configured: Option<Language>,
    os_locale: Option<&str>,
    allow_english: bool,
) -> Language {
    if let Some(language) = configured {
        return language;
    }
    let Some(locale) = os_locale else {
        return Language::DEFAULT;
    };
    let primary = primary_subtag(locale);
    if primary.is_empty()
        || primary.eq_ignore_ascii_case("c")
        || primary.eq_ignore_ascii_case("posix")
    {
        return Language::DEFAULT;
    }
    let offered = Language::offered(allow_english);
    [Language::from_code(locale), Some(Language::FOREIGN)]
        .into_iter()
        .flatten()
        .find(|language| offered.contains(language))
        .unwrap_or(Language::DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_codes() {
        assert_eq!(Language::from_code("nb_NO.UTF-8"), Some(Language::Nb));
        assert_eq!(Language::from_code("no"), Some(Language::Nb));
        assert_eq!(Language::from_code("de"), None);
        assert_eq!(Language::from_code("nn_NO"), Some(Language::Nn));
        assert_eq!(Language::from_code("en-GB"), Some(Language::En));
        assert_eq!(Language::from_code("nn_NO.UTF-8@euro"), Some(Language::Nn));
        assert_eq!(Language::from_code("nn@euro"), Some(Language::Nn));
    }

    /// Each row's code is one of its own locales and its name in saved settings, and its
    /// files are named after it.
    #[test]
    fn each_code_names_its_language_everywhere() {
        for &language in Language::ALL {
            let code = language.code();
            assert_eq!(Language::from_code(code), Some(language), "{code}");
            assert_eq!(
                serde_json::to_string(&language).ok(),
                Some(format!("\"{code}\""))
            );
            assert_eq!(
                language.embedded_texts().0,
                format!("assets/i18n/{code}.toml")
            );
            assert_eq!(
                language.embedded_guide().0,
                format!("assets/guide/{code}.toml")
            );
        }
        assert!(Language::ALL.contains(&Language::DEFAULT));
    }

    #[test]
    fn codes_listed_for_messages() {
        assert_eq!(or_list(&["nb", "nn", "en"]), "nb, nn or en");
        assert_eq!(or_list(&["nb"]), "nb");
        let codes: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
        assert_eq!(
            Language::listed_codes(&["auto"]),
            or_list(&[&codes[..], &["auto"]].concat())
        );
    }

    /// English only where the kommune allows it, every other language always; the menu still
    /// names the language shown. (Written over the whole table, so a new row needs no change.)
    #[test]
    fn offered_languages_and_the_menu() {
        let without_english: Vec<Language> = Language::ALL
            .iter()
            .copied()
            .filter(|&language| language != Language::En)
            .collect();
        assert_eq!(Language::offered(true), Language::ALL);
        assert_eq!(Language::offered(false), without_english);
        for &shown in Language::ALL {
            assert_eq!(Language::menu(true, shown), Language::ALL);
        }
        assert_eq!(Language::menu(false, Language::Nn), without_english);
        assert_eq!(Language::menu(false, Language::En), Language::ALL);
    }

    #[test]
    fn language_choice_order() {
        use Language::*;
        assert_eq!(choose_language(Some(Nn), Some("en_US"), true), Nn);
        // IT's choice stands even where English is not offered to users.
        assert_eq!(choose_language(Some(En), Some("nb_NO"), false), En);
        assert_eq!(choose_language(None, Some("nb_NO.UTF-8"), true), Nb);
        assert_eq!(choose_language(None, Some("nn-NO"), true), Nn);
        assert_eq!(choose_language(None, Some("nn-NO"), false), Nn);
        assert_eq!(choose_language(None, Some("de_DE"), true), En);
        assert_eq!(choose_language(None, Some("de_DE"), false), Nb);
        assert_eq!(choose_language(None, Some("en_GB"), true), En);
        // Not offered, so not chosen: «Disabled: bokmål and nynorsk only» (the policy's words).
        assert_eq!(choose_language(None, Some("en_GB"), false), Nb);
        assert_eq!(choose_language(None, None, true), Nb);
        assert_eq!(choose_language(None, Some("C.UTF-8"), true), Nb);
        assert_eq!(choose_language(None, Some("POSIX"), true), Nb);
    }
}
