//! Checks of one page: its texts, links, buttons, inputs, choices and references to other pages.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::fields::Checker;
use super::raw::{ActionKind, RawAction, RawChoice, RawInput, RawPage};
use crate::guide::model::{
    Choice, Illustration, Input, InputId, InputKind, Page, PageButton, PageId, PageKind,
};

/// What every page may refer to: the pages' ids (with their kinds) and the inputs' ids.
pub(super) struct Known {
    /// The file's `format`: what it may use.
    pub(super) format: u32,
    pub(super) page_ids: HashMap<String, std::ops::Range<usize>>,
    pub(super) help_ids: HashSet<String>,
    pub(super) answer_ids: HashSet<String>,
    /// Inputs of kind `email`: the ones `try_another` and `refuse` may name.
    pub(super) email_ids: HashSet<String>,
}

/// The format that brought the ways out, tried addresses and the work-address input.
const WAY_OUT_FORMAT: u32 = 2;

impl Known {
    /// Reports `field` when the file's format is older than `since`, the one that brought it,
    /// so that a file says what it needs rather than being half understood.
    pub(super) fn needs_format(
        &self,
        checker: &mut Checker,
        since: u32,
        span: std::ops::Range<usize>,
        field: &str,
    ) {
        if self.format < since {
            checker.error(
                span,
                field,
                format!("needs format = {since} (the file says {})", self.format),
            );
        }
    }

    fn since_format_2(&self, checker: &mut Checker, span: std::ops::Range<usize>, field: &str) {
        self.needs_format(checker, WAY_OUT_FORMAT, span, field);
    }

    /// A page reference; an unknown id is reported at `value`.
    fn page(&self, checker: &mut Checker, value: &Spanned<String>, field: &str) -> PageId {
        let target = value.get_ref().trim();
        if !self.page_ids.contains_key(target) {
            checker.error(
                value.span(),
                field,
                format!("no page has the id \"{target}\""),
            );
        }
        PageId(target.to_owned())
    }

    /// A reference to an e-mail input; anything else is reported at `value`.
    pub(super) fn email_input(
        &self,
        checker: &mut Checker,
        value: &Spanned<String>,
        field: &str,
    ) -> InputId {
        let target = value.get_ref().trim();
        if !self.email_ids.contains(target) {
            checker.error(
                value.span(),
                field,
                format!("no input of kind email has the id \"{target}\""),
            );
        }
        InputId(target.to_owned())
    }

    /// A choice button (or a way out); `field` names it.
    fn choice(&self, checker: &mut Checker, raw: &RawChoice, field: &str) -> Choice {
        if let Some(input) = &raw.try_another {
            self.since_format_2(checker, input.span(), &format!("{field}.try_another"));
        }
        if raw.requires_inputs {
            self.since_format_2(
                checker,
                raw.goto.span(),
                &format!("{field}.requires_inputs"),
            );
        }
        Choice {
            label: checker.text(&raw.label, &format!("{field}.label")),
            goto: self.page(checker, &raw.goto, &format!("{field}.goto")),
            try_another: raw
                .try_another
                .as_ref()
                .map(|input| self.email_input(checker, input, &format!("{field}.try_another"))),
            requires_inputs: raw.requires_inputs,
        }
    }
}

/// Checks page number `index`; returns it (with `next` still unset) and its explicit `next`.
pub(super) fn page(
    checker: &mut Checker,
    known: &Known,
    index: usize,
    spanned: &Spanned<RawPage>,
) -> (Page, Option<PageId>) {
    let raw_page = spanned.get_ref();
    let id = raw_page.id.get_ref().trim().to_owned();
    let at = |field: &str| format!("page[{index}] ({id}).{field}");

    let kind = *raw_page.kind.get_ref();
    let title = checker.text(&raw_page.title, &at("title"));
    let body = checker.text(&raw_page.body, &at("body"));
    let question = raw_page
        .question
        .as_ref()
        .map(|q| checker.text(q, &at("question")));
    let illustration = raw_page.illustration.as_ref().map(|ill| {
        let ill = ill.get_ref();
        Illustration {
            image: checker.identifier(&ill.image, &at("illustration.image")),
            alt: checker.text(&ill.alt, &at("illustration.alt")),
        }
    });
    let actions = actions(checker, &raw_page.actions, &at);
    let inputs = inputs(checker, known, &raw_page.inputs, &at);
    let hints = raw_page
        .hints
        .iter()
        .enumerate()
        .map(|(h, hint)| checker.text(hint, &at(&format!("hints[{h}]"))))
        .collect();
    let choices = raw_page
        .choices
        .iter()
        .enumerate()
        .map(|(c, choice)| known.choice(checker, choice.get_ref(), &at(&format!("choices[{c}]"))))
        .collect::<Vec<_>>();
    let way_out = raw_page.way_out.as_ref().map(|raw| {
        known.since_format_2(checker, raw.span(), &at("way_out"));
        let choice = known.choice(checker, raw.get_ref(), &at("way_out"));
        if matches!(kind, PageKind::Start | PageKind::Finish) {
            checker.error(
                raw.span(),
                &at("way_out"),
                "a way out belongs on a step or a help page",
            );
        }
        let target = raw.get_ref().goto.get_ref().trim();
        if known.page_ids.contains_key(target) && !known.help_ids.contains(target) {
            checker.error(
                raw.get_ref().goto.span(),
                &at("way_out.goto"),
                format!("a way out leads to a help page; \"{target}\" is not one"),
            );
        }
        choice
    });
    if let Some(answer) = &raw_page.show_answer
        && !known.answer_ids.contains(answer.get_ref().trim())
    {
        checker.error(
            answer.span(),
            &at("show_answer"),
            format!("no input has the id \"{}\"", answer.get_ref().trim()),
        );
    }
    let next = raw_page
        .next
        .as_ref()
        .map(|next| known.page(checker, next, &at("next")));
    if kind == PageKind::Start && choices.is_empty() {
        checker.error(
            spanned.span(),
            &at("choices"),
            "the start page needs choices",
        );
    }
    if kind == PageKind::Start && question.is_none() {
        checker.error(
            spanned.span(),
            &at("question"),
            "the start page needs a question",
        );
    }

    let page = Page {
        id: PageId(id.clone()),
        kind,
        title,
        body,
        question,
        illustration,
        actions,
        inputs,
        hints,
        choices,
        way_out,
        show_answer: raw_page
            .show_answer
            .as_ref()
            .map(|a| InputId(a.get_ref().trim().to_owned())),
        service: raw_page.service.as_ref().map(|s| *s.get_ref()),
        contact: raw_page.contact,
        next: None,
    };
    (page, next)
}

/// The page's buttons; `at` names a field of the page.
fn actions(
    checker: &mut Checker,
    raw: &[Spanned<RawAction>],
    at: &dyn Fn(&str) -> String,
) -> Vec<PageButton> {
    let mut actions = Vec::new();
    for (a, action) in raw.iter().enumerate() {
        let action_ref = action.get_ref();
        let field = |name: &str| at(&format!("actions[{a}].{name}"));
        let label = checker.text(&action_ref.label, &field("label"));
        match checker.kind(&action_ref.kind, &field("kind"), "action kind") {
            Some(ActionKind::OpenUrl) => match &action_ref.url {
                Some(url) => actions.push(PageButton::OpenUrl {
                    label,
                    url: checker.url(url, &field("url")),
                    fallback: action_ref
                        .fallback
                        .as_ref()
                        .map(|f| checker.text(f, &field("fallback"))),
                }),
                None => checker.error(
                    action.span(),
                    &field("url"),
                    "an open_url action needs a url",
                ),
            },
            Some(ActionKind::Copy) => match &action_ref.text {
                Some(text) => actions.push(PageButton::Copy {
                    label,
                    text: checker.text(text, &field("text")),
                }),
                None => checker.error(action.span(), &field("text"), "a copy action needs a text"),
            },
            None => {}
        }
    }
    actions
}

/// The page's input fields; `at` names a field of the page.
fn inputs(
    checker: &mut Checker,
    known: &Known,
    raw: &[Spanned<RawInput>],
    at: &dyn Fn(&str) -> String,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for (i, input) in raw.iter().enumerate() {
        let input = input.get_ref();
        let field = |name: &str| at(&format!("inputs[{i}].{name}"));
        let kind = checker.kind(&input.kind, &field("kind"), "input kind");
        if kind == Some(InputKind::WorkEmail) {
            known.since_format_2(checker, input.kind.span(), &field("kind"));
        }
        let id = checker.identifier(&input.id, &field("id"));
        let label = checker.text(&input.label, &field("label"));
        let refuse = input.refuse.as_ref().map(|refuse| {
            if kind.is_some_and(|kind| kind != InputKind::WorkEmail) {
                checker.error(
                    refuse.span(),
                    &field("refuse"),
                    "only an input of kind work_email refuses addresses",
                );
            }
            known.email_input(checker, refuse, &field("refuse"))
        });
        if let Some(kind) = kind {
            inputs.push(Input {
                kind,
                id: InputId(id),
                label,
                required: input.required,
                refuse,
            });
        }
    }
    inputs
}
