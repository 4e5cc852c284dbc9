//! Reading a guide file: TOML into raw spanned types ([`raw`]), then validation into [`Guide`]:
//! field by field ([`fields`]), page by page ([`pages`]), then the guide as a whole
//! ([`structure`]).
//!
//! Every problem is reported with file, line, column and field, and all problems are reported
//! at once so whoever edits a guide fixes them in one go.

mod error;
mod fields;
mod pages;
mod raw;
mod structure;

pub use error::{GuideError, GuideErrors};

use std::collections::HashMap;

use fields::Checker;
use pages::Known;
use raw::RawGuide;
use toml::Spanned;

use super::model::{Guide, InputId, InputKind, PageKind};

/// The guide format this app writes and reads. Format 2 added the ways out (`way_out`), tried
/// addresses (`try_another`), `requires_inputs` and the `work_email` input with `refuse`;
/// format 3 the guide's `address_input`.
pub const FORMAT_VERSION: u32 = 3;
/// The oldest format still read: guides and signed updates made before format 2 load as they
/// are.
pub const OLDEST_FORMAT: u32 = 1;
/// The format that brought `address_input`; older files name none, and the loader infers it.
const ADDRESS_INPUT_FORMAT: u32 = 3;

/// Parses and validates a guide. `file` names the source in messages.
pub fn parse_guide(file: &str, source: &str) -> Result<Guide, GuideErrors> {
    let mut checker = Checker {
        file,
        source,
        errors: Vec::new(),
        email_placeholder: true,
    };
    let raw: RawGuide = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            checker.error(span, "(toml)", error.message().trim().to_owned());
            return Err(GuideErrors(checker.errors));
        }
    };

    let format = *raw.format.get_ref();
    if !(OLDEST_FORMAT..=FORMAT_VERSION).contains(&format) {
        checker.error(
            raw.format.span(),
            "format",
            format!(
                "this app reads guide formats {OLDEST_FORMAT} to {FORMAT_VERSION}, the file says {format}"
            ),
        );
    }
    let known = known(&mut checker, &raw, format);
    let address_input = address_input(&mut checker, &known, raw.address_input.as_ref());
    checker.email_placeholder = address_input.is_some();
    let name = checker.text(&raw.name, "name");
    let language = checker.identifier(&raw.language, "language");

    let (mut pages, explicit_next): (Vec<_>, Vec<_>) = raw
        .page
        .iter()
        .enumerate()
        .map(|(index, spanned)| pages::page(&mut checker, &known, index, spanned))
        .unzip();
    let order = structure::order(&mut checker, &mut pages, explicit_next);

    if !checker.errors.is_empty() {
        return Err(GuideErrors(checker.errors));
    }
    let Some((start, steps)) = order else {
        return Err(GuideErrors(checker.errors));
    };
    Ok(Guide {
        name,
        language,
        pages,
        start,
        steps,
        address_input,
    })
}

/// The ids pages and inputs may be referred to by; a page id that is malformed or used twice is
/// reported here, so references can be checked in any order.
fn known(checker: &mut Checker, raw: &RawGuide, format: u32) -> Known {
    let mut page_ids = HashMap::new();
    for (index, page) in raw.page.iter().enumerate() {
        let field = format!("page[{index}].id");
        let id = checker.identifier(&page.get_ref().id, &field);
        if page_ids
            .insert(id.clone(), page.get_ref().id.span())
            .is_some()
        {
            checker.error(
                page.get_ref().id.span(),
                &field,
                format!("the id \"{id}\" is used by two pages"),
            );
        }
    }
    let inputs = || {
        raw.page
            .iter()
            .flat_map(|page| page.get_ref().inputs.iter())
            .map(|input| input.get_ref())
    };
    Known {
        format,
        page_ids,
        help_ids: raw
            .page
            .iter()
            .map(|page| page.get_ref())
            .filter(|page| *page.kind.get_ref() == PageKind::Help)
            .map(|page| page.id.get_ref().trim().to_owned())
            .collect(),
        email_ids: inputs()
            .filter(|input| input.is(InputKind::Email))
            .map(|input| input.id.get_ref().trim().to_owned())
            .collect(),
        answer_ids: inputs()
            .map(|input| input.id.get_ref().trim().to_owned())
            .collect(),
    }
}

/// The input `{email}` and the helpdesk report stand for: the `email` input `address_input`
/// names. A file from before format 3 cannot name it; there the only `email` input is the one,
/// and a guide with several must say which (in format 3). `None` in a guide without any.
fn address_input(
    checker: &mut Checker,
    known: &Known,
    declared: Option<&Spanned<String>>,
) -> Option<InputId> {
    if let Some(declared) = declared {
        known.needs_format(
            checker,
            ADDRESS_INPUT_FORMAT,
            declared.span(),
            "address_input",
        );
        return Some(known.email_input(checker, declared, "address_input"));
    }
    let mut emails: Vec<&String> = known.email_ids.iter().collect();
    emails.sort();
    let whole_file = 0..0;
    match emails.as_slice() {
        [] => None,
        [only] if known.format < ADDRESS_INPUT_FORMAT => Some(InputId((*only).clone())),
        [first, ..] => {
            let names = emails
                .iter()
                .map(|id| format!("\"{id}\""))
                .collect::<Vec<_>>()
                .join(", ");
            checker.error(
                whole_file,
                "address_input",
                format!(
                    "name the email input {{email}} stands for (inputs of kind email: {names}), \
                     e.g. address_input = \"{first}\" before the first [[page]]"
                ),
            );
            // Reported once here, rather than again at every {email}.
            Some(InputId((*first).clone()))
        }
    }
}

#[cfg(test)]
mod tests;
