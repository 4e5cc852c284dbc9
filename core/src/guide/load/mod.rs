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

use fields::Report;
use pages::Known;
use raw::RawGuide;

use super::model::Guide;

/// The guide format this app writes and reads. Format 2 added the ways out (`way_out`), tried
/// addresses (`try_another`), `requires_inputs` and the `work_email` input with `refuse`.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format still read: guides and signed updates made before format 2 load as they
/// are.
pub const OLDEST_FORMAT: u32 = 1;

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

    let format = *raw.format.get_ref();
    if !(OLDEST_FORMAT..=FORMAT_VERSION).contains(&format) {
        report.error(
            raw.format.span(),
            "format",
            format!(
                "this app reads guide formats {OLDEST_FORMAT} to {FORMAT_VERSION}, the file says {format}"
            ),
        );
    }
    let name = report.text(&raw.name, "name");
    let language = report.identifier(&raw.language, "language");

    // First pass: ids, so references can be checked in any order.
    let mut page_ids = HashMap::new();
    for (index, page) in raw.page.iter().enumerate() {
        let field = format!("page[{index}].id");
        let id = report.identifier(&page.get_ref().id, &field);
        if page_ids
            .insert(id.clone(), page.get_ref().id.span())
            .is_some()
        {
            report.error(
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
    let known = Known {
        format,
        page_ids,
        help_ids: raw
            .page
            .iter()
            .map(|page| page.get_ref())
            .filter(|page| *page.kind.get_ref() == crate::guide::model::PageKind::Help)
            .map(|page| page.id.get_ref().trim().to_owned())
            .collect(),
        email_ids: inputs()
            .filter(|input| input.kind.get_ref().trim() == "email")
            .map(|input| input.id.get_ref().trim().to_owned())
            .collect(),
        answer_ids: inputs()
            .map(|input| input.id.get_ref().trim().to_owned())
            .collect(),
    };

    let (mut pages, explicit_next): (Vec<_>, Vec<_>) = raw
        .page
        .iter()
        .enumerate()
        .map(|(index, spanned)| pages::page(&mut report, &known, index, spanned))
        .unzip();
    let order = structure::order(&mut report, &mut pages, explicit_next);

    if !report.errors.is_empty() {
        return Err(GuideErrors(report.errors));
    }
    let Some((start, steps)) = order else {
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
mod tests;
