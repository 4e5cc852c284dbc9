//! Checks of one page: its texts, links, buttons, inputs, choices and references to other pages.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::fields::Report;
use super::raw::{RawAction, RawInput, RawPage};
use crate::guide::model::{
    Choice, Illustration, Input, InputKind, Page, PageButton, PageId, PageKind,
};

/// What every page may refer to: the pages' ids and the inputs' ids.
pub(super) struct Known {
    pub(super) page_ids: HashMap<String, std::ops::Range<usize>>,
    pub(super) answer_ids: HashSet<String>,
}

/// Checks page number `index`; returns it (with `next` still unset) and its explicit `next`.
pub(super) fn page(
    report: &mut Report,
    known: &Known,
    index: usize,
    spanned: &Spanned<RawPage>,
) -> (Page, Option<PageId>) {
    let raw_page = spanned.get_ref();
    let id = raw_page.id.get_ref().trim().to_owned();
    let at = |field: &str| format!("page[{index}] ({id}).{field}");
    let reference = |report: &mut Report, value: &Spanned<String>, field: &str| {
        let target = value.get_ref().trim();
        if !known.page_ids.contains_key(target) {
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
    let actions = actions(report, &raw_page.actions, &at);
    let inputs = inputs(report, &raw_page.inputs, &at);
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
                goto: reference(report, &choice.goto, &at(&format!("choices[{c}].goto"))),
            }
        })
        .collect::<Vec<_>>();
    if let Some(answer) = &raw_page.show_answer
        && !known.answer_ids.contains(answer.get_ref().trim())
    {
        report.error(
            answer.span(),
            &at("show_answer"),
            format!("no input has the id \"{}\"", answer.get_ref().trim()),
        );
    }
    let next = raw_page
        .next
        .as_ref()
        .map(|next| reference(report, next, &at("next")));
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
        show_answer: raw_page
            .show_answer
            .as_ref()
            .map(|a| a.get_ref().trim().to_owned()),
        service: raw_page.service.as_ref().map(|s| *s.get_ref()),
        contact: raw_page.contact,
        next: None,
    };
    (page, next)
}

/// The page's buttons; `at` names a field of the page.
fn actions(
    report: &mut Report,
    raw: &[Spanned<RawAction>],
    at: &dyn Fn(&str) -> String,
) -> Vec<PageButton> {
    let mut actions = Vec::new();
    for (a, action) in raw.iter().enumerate() {
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
                None => report.error(action.span(), &field("text"), "a copy action needs a text"),
            },
            other => report.error(
                action_ref.kind.span(),
                &field("kind"),
                format!("unknown action kind \"{other}\"; known: open_url, copy"),
            ),
        }
    }
    actions
}

/// The page's input fields; `at` names a field of the page.
fn inputs(
    report: &mut Report,
    raw: &[Spanned<RawInput>],
    at: &dyn Fn(&str) -> String,
) -> Vec<Input> {
    let mut inputs = Vec::new();
    for (i, input) in raw.iter().enumerate() {
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
    inputs
}
