//! Reading a guide file: TOML into raw spanned types, then validation into [`Guide`].
//!
//! Every problem is reported with file, line, column and field, and all problems are reported
//! at once so whoever edits a guide fixes them in one go.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Deserialize;
use toml::Spanned;

use super::model::{
    Choice, Guide, Illustration, Input, InputKind, Page, PageButton, PageId, PageKind, ServiceId,
};
use super::text::{TEXT_KEYS, URL_KEYS, placeholders_in};

pub const FORMAT_VERSION: u32 = 1;

/// One problem in a guide file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for GuideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.field, self.message
        )
    }
}

/// All problems found in one guide file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct GuideErrors(pub Vec<GuideError>);

impl fmt::Display for GuideErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuide {
    format: Spanned<u32>,
    language: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    page: Vec<Spanned<RawPage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    id: Spanned<String>,
    kind: Spanned<PageKind>,
    title: Spanned<String>,
    body: Spanned<String>,
    question: Option<Spanned<String>>,
    illustration: Option<Spanned<RawIllustration>>,
    #[serde(default)]
    actions: Vec<Spanned<RawAction>>,
    #[serde(default)]
    inputs: Vec<Spanned<RawInput>>,
    #[serde(default)]
    hints: Vec<Spanned<String>>,
    #[serde(default)]
    choices: Vec<Spanned<RawChoice>>,
    show_answer: Option<Spanned<String>>,
    service: Option<Spanned<ServiceId>>,
    #[serde(default)]
    contact: bool,
    next: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIllustration {
    image: Spanned<String>,
    alt: Spanned<String>,
}

// Flat rather than a tagged enum: serde's tagged enums buffer their content and lose spans.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    kind: Spanned<String>,
    label: Spanned<String>,
    url: Option<Spanned<String>>,
    fallback: Option<Spanned<String>>,
    text: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    kind: Spanned<String>,
    id: Spanned<String>,
    label: Spanned<String>,
    #[serde(default)]
    required: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    label: Spanned<String>,
    goto: Spanned<String>,
}

/// Collects errors with positions computed from byte offsets.
struct Report<'a> {
    file: &'a str,
    source: &'a str,
    errors: Vec<GuideError>,
}

impl Report<'_> {
    fn position(&self, offset: usize) -> (usize, usize) {
        let before = self.source.get(..offset).unwrap_or(self.source);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    fn error(&mut self, span: std::ops::Range<usize>, field: &str, message: impl Into<String>) {
        let (line, column) = self.position(span.start);
        self.errors.push(GuideError {
            file: self.file.to_owned(),
            line,
            column,
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// A required, non-empty text with only known placeholders.
    fn text(&mut self, value: &Spanned<String>, field: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.error(value.span(), field, "the text is empty");
        }
        for name in placeholders_in(text) {
            if !TEXT_KEYS.contains(&name) {
                self.error(
                    value.span(),
                    field,
                    format!(
                        "unknown placeholder {{{name}}}; known: {}",
                        TEXT_KEYS.join(", ")
                    ),
                );
            }
        }
        text.to_owned()
    }

    /// A link: an absolute https URL, or exactly one URL placeholder that configuration fills.
    fn url(&mut self, value: &Spanned<String>, field: &str) -> String {
        let url = value.get_ref().trim();
        let placeholders = placeholders_in(url);
        if let [name] = placeholders.as_slice()
            && url == format!("{{{name}}}")
        {
            if !URL_KEYS.contains(name) {
                self.error(
                    value.span(),
                    field,
                    format!(
                        "unknown link placeholder {{{name}}}; known: {}",
                        URL_KEYS.join(", ")
                    ),
                );
            }
            return url.to_owned();
        }
        match url::Url::parse(url) {
            Ok(parsed) if parsed.scheme() == "https" && parsed.host_str().is_some() => {}
            Ok(parsed) => self.error(
                value.span(),
                field,
                format!(
                    "the link must start with https:// (found {}:)",
                    parsed.scheme()
                ),
            ),
            Err(error) => self.error(value.span(), field, format!("not a valid link: {error}")),
        }
        url.to_owned()
    }

    fn identifier(&mut self, value: &Spanned<String>, field: &str) -> String {
        let id = value.get_ref().trim();
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !valid {
            self.error(
                value.span(),
                field,
                "use lower-case letters a-z, digits, '-' and '_' only",
            );
        }
        id.to_owned()
    }
}

/// Parses and validates a guide. `file` names the source in messages.
pub fn parse_guide(file: &str, source: &str) -> Result<Guide, GuideErrors> {
    let mut report = Report {
        file,
        source,
        errors: Vec::new(),
    };
    let raw: RawGuide = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            report.error(span, "(toml)", error.message().trim().to_owned());
            return Err(GuideErrors(report.errors));
        }
    };

    if *raw.format.get_ref() != FORMAT_VERSION {
        report.error(
            raw.format.span(),
            "format",
            format!(
                "this app reads guide format {FORMAT_VERSION}, the file says {}",
                raw.format.get_ref()
            ),
        );
    }
    let name = report.text(&raw.name, "name");
    let language = report.identifier(&raw.language, "language");

    // First pass: ids, so references can be checked in any order.
    let mut ids: HashMap<String, std::ops::Range<usize>> = HashMap::new();
    for (index, page) in raw.page.iter().enumerate() {
        let field = format!("page[{index}].id");
        let id = report.identifier(&page.get_ref().id, &field);
        if ids.insert(id.clone(), page.get_ref().id.span()).is_some() {
            report.error(
                page.get_ref().id.span(),
                &field,
                format!("the id \"{id}\" is used by two pages"),
            );
        }
    }
    let answer_ids: HashSet<String> = raw
        .page
        .iter()
        .flat_map(|page| page.get_ref().inputs.iter())
        .map(|input| input.get_ref().id.get_ref().trim().to_owned())
        .collect();

    let mut pages = Vec::with_capacity(raw.page.len());
    let mut explicit_next: Vec<Option<PageId>> = Vec::with_capacity(raw.page.len());
    for (index, spanned) in raw.page.iter().enumerate() {
        let raw_page = spanned.get_ref();
        let id = raw_page.id.get_ref().trim().to_owned();
        let at = |field: &str| format!("page[{index}] ({id}).{field}");
        let reference = |report: &mut Report, value: &Spanned<String>, field: &str| {
            let target = value.get_ref().trim();
            if !ids.contains_key(target) {
                report.error(
                    value.span(),
                    field,
                    format!("no page has the id \"{target}\""),
                );
            }
            PageId(target.to_owned())
        };

        let kind = *raw_page.kind.get_ref();
        let title = report.text(&raw_page.title, &at("title"));
        let body = report.text(&raw_page.body, &at("body"));
        let question = raw_page
            .question
            .as_ref()
            .map(|q| report.text(q, &at("question")));
        let illustration = raw_page.illustration.as_ref().map(|ill| {
            let ill = ill.get_ref();
            Illustration {
                image: report.identifier(&ill.image, &at("illustration.image")),
                alt: report.text(&ill.alt, &at("illustration.alt")),
            }
        });

        let mut actions = Vec::new();
        for (a, action) in raw_page.actions.iter().enumerate() {
            let action_ref = action.get_ref();
            let field = |name: &str| at(&format!("actions[{a}].{name}"));
            let label = report.text(&action_ref.label, &field("label"));
            match action_ref.kind.get_ref().as_str() {
                "open_url" => match &action_ref.url {
                    Some(url) => actions.push(PageButton::OpenUrl {
                        label,
                        url: report.url(url, &field("url")),
                        fallback: action_ref
                            .fallback
                            .as_ref()
                            .map(|f| report.text(f, &field("fallback"))),
                    }),
                    None => report.error(
                        action.span(),
                        &field("url"),
                        "an open_url action needs a url",
                    ),
                },
                "copy" => match &action_ref.text {
                    Some(text) => actions.push(PageButton::Copy {
                        label,
                        text: report.text(text, &field("text")),
                    }),
                    None => {
                        report.error(action.span(), &field("text"), "a copy action needs a text")
                    }
                },
                other => report.error(
                    action_ref.kind.span(),
                    &field("kind"),
                    format!("unknown action kind \"{other}\"; known: open_url, copy"),
                ),
            }
        }

        let mut inputs = Vec::new();
        for (i, input) in raw_page.inputs.iter().enumerate() {
            let input = input.get_ref();
            let field = |name: &str| at(&format!("inputs[{i}].{name}"));
            let kind = match input.kind.get_ref().as_str() {
                "email" => Some(InputKind::Email),
                "confirm" => Some(InputKind::Confirm),
                other => {
                    report.error(
                        input.kind.span(),
                        &field("kind"),
                        format!("unknown input kind \"{other}\"; known: email, confirm"),
                    );
                    None
                }
            };
            let id = report.identifier(&input.id, &field("id"));
            let label = report.text(&input.label, &field("label"));
            if let Some(kind) = kind {
                inputs.push(Input {
                    kind,
                    id,
                    label,
                    required: input.required,
                });
            }
        }

        let hints = raw_page
            .hints
            .iter()
            .enumerate()
            .map(|(h, hint)| report.text(hint, &at(&format!("hints[{h}]"))))
            .collect();
        let choices = raw_page
            .choices
            .iter()
            .enumerate()
            .map(|(c, choice)| {
                let choice = choice.get_ref();
                Choice {
                    label: report.text(&choice.label, &at(&format!("choices[{c}].label"))),
                    goto: reference(
                        &mut report,
                        &choice.goto,
                        &at(&format!("choices[{c}].goto")),
                    ),
                }
            })
            .collect::<Vec<_>>();
        if let Some(answer) = &raw_page.show_answer
            && !answer_ids.contains(answer.get_ref().trim())
        {
            report.error(
                answer.span(),
                &at("show_answer"),
                format!("no input has the id \"{}\"", answer.get_ref().trim()),
            );
        }
        explicit_next.push(
            raw_page
                .next
                .as_ref()
                .map(|next| reference(&mut report, next, &at("next"))),
        );
        if kind == PageKind::Start && choices.is_empty() {
            report.error(
                spanned.span(),
                &at("choices"),
                "the start page needs choices",
            );
        }
        if kind == PageKind::Start && question.is_none() {
            report.error(
                spanned.span(),
                &at("question"),
                "the start page needs a question",
            );
        }

        pages.push(Page {
            id: PageId(id),
            kind,
            title,
            body,
            question,
            illustration,
            actions,
            inputs,
            hints,
            choices,
            show_answer: raw_page
                .show_answer
                .as_ref()
                .map(|a| a.get_ref().trim().to_owned()),
            service: raw_page.service.as_ref().map(|s| *s.get_ref()),
            contact: raw_page.contact,
            next: None,
        });
    }

    let whole_file = 0..0;
    let of_kind = |kind: PageKind| -> Vec<PageId> {
        pages
            .iter()
            .filter(|page| page.kind == kind)
            .map(|page| page.id.clone())
            .collect()
    };
    let starts = of_kind(PageKind::Start);
    let finishes = of_kind(PageKind::Finish);
    let steps = of_kind(PageKind::Step);
    if starts.len() != 1 {
        report.error(
            whole_file.clone(),
            "page.kind",
            format!(
                "a guide needs exactly one start page, found {}",
                starts.len()
            ),
        );
    }
    if finishes.len() != 1 {
        report.error(
            whole_file.clone(),
            "page.kind",
            format!(
                "a guide needs exactly one finish page, found {}",
                finishes.len()
            ),
        );
    }
    if steps.is_empty() {
        report.error(whole_file, "page.kind", "a guide needs at least one step");
    }

    // Next: explicit, else the following step, the last step leads to the finish page.
    for (page, explicit) in pages.iter_mut().zip(explicit_next) {
        page.next = explicit.or_else(|| match page.kind {
            PageKind::Step => {
                let position = steps.iter().position(|step| step == &page.id)?;
                steps
                    .get(position + 1)
                    .cloned()
                    .or_else(|| finishes.first().cloned())
            }
            PageKind::Start | PageKind::Help | PageKind::Finish => None,
        });
    }

    if !report.errors.is_empty() {
        return Err(GuideErrors(report.errors));
    }
    let Some(start) = starts.into_iter().next() else {
        return Err(GuideErrors(report.errors));
    };
    Ok(Guide {
        name,
        language,
        pages,
        start,
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::embedded_source;
    use crate::i18n::Language;

    const MINIMAL: &str = r#"format = 1
language = "nb"
name = "Test"

[[page]]
id = "start"
kind = "start"
title = "Start"
body = "Hei"
question = "Ja?"
choices = [{ label = "Ja", goto = "one" }]

[[page]]
id = "one"
kind = "step"
title = "En"
body = "Gjør noe"
actions = [{ kind = "open_url", label = "Åpne", url = "https://example.no" }]

[[page]]
id = "end"
kind = "finish"
title = "Ferdig"
body = "Takk"
"#;

    fn errors_of(source: &str) -> Vec<GuideError> {
        match parse_guide("test.toml", source) {
            Ok(_) => panic!("expected errors"),
            Err(GuideErrors(errors)) => errors,
        }
    }

    fn single_error(source: &str) -> GuideError {
        let errors = errors_of(source);
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn minimal_guide_loads_and_links_steps_to_finish() {
        let guide = parse_guide("test.toml", MINIMAL).expect("valid");
        assert_eq!(guide.start.as_str(), "start");
        assert_eq!(guide.steps.len(), 1);
        let one = guide.page(&PageId("one".into())).expect("page");
        assert_eq!(one.next.as_ref().map(PageId::as_str), Some("end"));
    }

    #[test]
    fn embedded_guide_has_the_seed_steps_in_order() {
        let (name, source) = embedded_source(Language::Nb);
        let guide = parse_guide(name, source).expect("embedded guide is valid");
        let ids: Vec<&str> = guide.steps.iter().map(PageId::as_str).collect();
        assert_eq!(
            ids,
            [
                "open-account-settings",
                "enter-wrong-email",
                "forgot-password",
                "reset-password",
                "new-password",
                "password-changed",
                "log-in-enterprise",
                "remove-link",
                "confirm-removal",
                "enter-password-again",
                "link-removed",
            ]
        );
        // The seed's key words, each on the step where the seed has it.
        let body = |id: &str| {
            let page = guide.page(&PageId(id.into())).expect("page");
            format!("{} {}", page.title, page.body)
        };
        assert!(body("forgot-password").contains("«Glemt ditt passord?»"));
        assert!(body("reset-password").contains("«Jeg er ikke en robot»"));
        assert!(body("reset-password").contains("«Tilbakestill passord»"));
        assert!(body("new-password").contains("«Endre passord»"));
        assert!(body("remove-link").contains("søppelbøtta"));
        assert!(body("confirm-removal").contains("«Ja»"));
        assert!(body("enter-password-again").contains("«Angi ditt passord»"));
        assert!(body("enter-password-again").contains("«Fortsett»"));
        assert!(body("link-removed").contains("Lukk nettleseren"));
        for page in &guide.pages {
            if page.kind == PageKind::Step || page.kind == PageKind::Finish {
                let alt = page
                    .illustration
                    .as_ref()
                    .map(|i| i.alt.as_str())
                    .unwrap_or("");
                assert!(!alt.is_empty(), "{} has no illustration alt text", page.id);
            }
        }
    }

    #[test]
    fn toml_syntax_error_names_line() {
        let error = single_error("format = 1\nlanguage = \"nb\"\nname = \"x\"\n[[page]\n");
        assert_eq!(error.file, "test.toml");
        assert_eq!(error.line, 4);
    }

    #[test]
    fn unknown_field_names_line_and_field() {
        let source = MINIMAL.replace(
            "body = \"Gjør noe\"",
            "body = \"Gjør noe\"\ncolour = \"red\"",
        );
        let error = single_error(&source);
        assert_eq!(error.line, 18);
        assert!(error.message.contains("colour"), "{error}");
    }

    #[test]
    fn dangling_reference_names_line_and_field() {
        let source = MINIMAL.replace("goto = \"one\"", "goto = \"nowhere\"");
        let error = single_error(&source);
        assert_eq!(
            (error.line, error.field.as_str()),
            (11, "page[0] (start).choices[0].goto")
        );
        assert!(error.message.contains("nowhere"));
    }

    #[test]
    fn empty_text_names_line_and_field() {
        let source = MINIMAL.replace("title = \"En\"", "title = \"  \"");
        let error = single_error(&source);
        assert_eq!(
            (error.line, error.field.as_str()),
            (16, "page[1] (one).title")
        );
        assert!(error.message.contains("empty"));
    }

    #[test]
    fn non_https_link_is_refused() {
        let source = MINIMAL.replace("https://example.no", "http://example.no");
        let error = single_error(&source);
        assert_eq!(
            (error.line, error.field.as_str()),
            (18, "page[1] (one).actions[0].url")
        );
        assert!(error.message.contains("https"), "{error}");
    }

    #[test]
    fn unknown_placeholder_and_duplicate_id_are_reported_together() {
        let source = MINIMAL
            .replace("body = \"Takk\"", "body = \"Takk {password}\"")
            .replace("id = \"end\"", "id = \"one\"");
        let errors = errors_of(&source);
        assert!(
            errors.iter().any(|e| e.message.contains("{password}")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.message.contains("used by two pages")),
            "{errors:?}"
        );
    }

    #[test]
    fn missing_finish_page_is_reported() {
        let source = MINIMAL.replace("kind = \"finish\"", "kind = \"help\"");
        let error = single_error(&source);
        assert!(error.message.contains("finish"), "{error}");
    }

    #[test]
    fn display_has_file_line_column_field() {
        let source = MINIMAL.replace("goto = \"one\"", "goto = \"nowhere\"");
        let text = GuideErrors(errors_of(&source)).to_string();
        assert!(text.starts_with("test.toml:11:"), "{text}");
    }
}
