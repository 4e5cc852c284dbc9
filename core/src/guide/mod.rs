//! The guide: the pages a user walks through, loaded from TOML and validated.
//!
//! The guide is data (`assets/guide/*.toml`), not code, so a kommune's IT can adjust wording
//! without a rebuild. [`load`] turns a file into a [`Guide`] that cannot be wrong: every
//! reference points at a page, every text is non-empty, every link is https.

mod load;
mod model;
mod text;

pub use load::{GuideError, GuideErrors, parse_guide};
pub use model::{
    Choice, Guide, Illustration, Input, InputId, InputKind, Onward, Page, PageButton, PageId,
    PageKind, ServiceId,
};
pub use text::{Placeholders, URL_KEYS, fill, fill_lenient, placeholders_in};

use crate::i18n::Language;

/// The embedded default guide for a language (`assets/guide/<code>.toml`, from the table of
/// languages): the app runs with no files beside it.
pub fn embedded_source(language: Language) -> (&'static str, &'static str) {
    language.embedded_guide()
}

/// Parses the embedded guide. It is checked by the test suite, so failure here is a build defect.
pub fn embedded(language: Language) -> Result<Guide, GuideErrors> {
    let (name, source) = embedded_source(language);
    parse_guide(name, source)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every language has the same pages, inputs, actions and links, and the same address
    /// input, so switching language mid-guide keeps the place and the answers.
    #[test]
    fn every_language_has_the_same_guide_structure() {
        let shape = |guide: &Guide| {
            guide
                .pages
                .iter()
                .map(|page| {
                    let inputs: Vec<_> = page
                        .inputs
                        .iter()
                        .map(|i| (i.id.clone(), i.kind, i.required))
                        .collect();
                    let choices: Vec<_> = page.choices.iter().map(|c| c.goto.clone()).collect();
                    let links: Vec<_> = page
                        .actions
                        .iter()
                        .map(|a| match a {
                            PageButton::OpenUrl { url, fallback, .. } => {
                                (url.clone(), fallback.is_some())
                            }
                            PageButton::Copy { text, .. } => (text.clone(), false),
                        })
                        .collect();
                    let illustration = page.illustration.as_ref().map(|i| i.image.clone());
                    (
                        page.id.clone(),
                        page.kind,
                        inputs,
                        choices,
                        links,
                        illustration,
                        page.hints.len(),
                        page.service,
                        page.show_answer.clone(),
                        page.contact,
                    )
                })
                .collect::<Vec<_>>()
        };
        let bokmal = embedded(Language::Nb).expect("nb");
        for &language in Language::ALL {
            let guide = embedded(language).unwrap_or_else(|e| panic!("{}: {e}", language.code()));
            assert_eq!(guide.language, language.code());
            assert_eq!(shape(&guide), shape(&bokmal), "{}", language.code());
            assert_eq!(
                guide.address_input.as_ref().map(InputId::as_str),
                Some("wrong_email"),
                "{}",
                language.code()
            );
        }
    }

    /// The way a user most likely goes on: Next where there is one, else the first choice.
    #[test]
    fn likely_next_is_next_else_the_first_choice() {
        let guide = embedded(Language::Nb).expect("guide");
        let likely = |id: &str| {
            let page = guide.page(&PageId(id.into())).expect("page");
            page.likely_next().map(|onward| match onward {
                Onward::Next(target) => format!("next {target}"),
                Onward::Choice(choice) => format!("choice {}", choice.goto),
            })
        };
        assert_eq!(
            likely("start").as_deref(),
            Some("choice open-account-settings")
        );
        assert_eq!(
            likely("open-account-settings").as_deref(),
            Some("next enter-wrong-email")
        );
        assert_eq!(likely("link-removed").as_deref(), Some("next log-in-again"));
        assert_eq!(likely("log-in-again").as_deref(), Some("choice finish"));
        assert_eq!(likely("finish"), None);
    }

    /// The current Visma Connect and ID-porten details (2025–26) are on the right pages in every
    /// language: sender addresses, expired links, the lockout, per-organisation password rules,
    /// the kinds of human check, and ID-porten's session where the error comes back.
    #[test]
    fn current_visma_details_in_every_language() {
        for &language in Language::ALL {
            let guide = embedded(language).expect("guide");
            let code = language.code();
            let page = |id: &str| {
                let page = guide.page(&PageId(id.into())).expect("page");
                format!("{} {} {}", page.title, page.body, page.hints.join(" "))
            };
            let has = |id: &str, needles: &[&str]| {
                let text = page(id);
                for needle in needles {
                    assert!(text.contains(needle), "{code} {id}: no «{needle}»");
                }
            };
            let senders = [
                "do.not.reply@mail.connect.visma.com",
                "do.not.reply@platform.visma.com",
            ];
            has("reset-password", &senders);
            has("password-changed", &senders);
            has("no-mail", &senders);
            // Facts as the phrases a reader meets, not bare digits that any number would match.
            let (hours, step_3, tries, minutes) = match language {
                Language::Nb => ("24 timer", "steg 3", "8 ganger", "30 minutter"),
                Language::Nn => ("24 timar", "steg 3", "8 gonger", "30 minutt"),
                Language::En => ("24 hours", "step 3", "8 times", "30 minutes"),
            };
            has("reset-password", &[hours]);
            has("no-mail", &[hours, step_3]);
            let no_mail = guide.page(&PageId("no-mail".into())).expect("no-mail");
            assert!(
                no_mail
                    .choices
                    .iter()
                    .any(|c| c.goto.as_str() == "forgot-password"),
                "{code}: no way back to step 3 from «no mail»"
            );
            for id in ["enter-password-again", "other-help", "log-in-enterprise"] {
                has(id, &[tries, minutes]);
            }
            // ID-porten's single sign-on session, said as a phrase where the error comes back.
            let (rules, robot, session) = match language {
                Language::Nb => (
                    "Følg kravene som står på siden",
                    "oppgave med bilder eller en annen kontroll",
                    "i opptil 2 timer hvis du er aktiv",
                ),
                Language::Nn => (
                    "Følg krava som står på sida",
                    "oppgåve med bilete eller ein annan kontroll",
                    "i opptil 2 timar om du er aktiv",
                ),
                Language::En => (
                    "Follow the rules shown on the page",
                    "task with pictures or another check",
                    "for up to 2 hours while you are active",
                ),
            };
            has("new-password", &[rules]);
            has("reset-password", &[robot]);
            has("still-error", &[session]);
        }
    }
}
