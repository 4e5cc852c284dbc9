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
    Action, Choice, Guide, Illustration, Input, InputKind, Page, PageId, PageKind, ServiceId,
};
pub use text::{Placeholders, URL_KEYS, fill, fill_lenient, placeholders_in};

use crate::i18n::Language;

/// The embedded default guide for a language: the app runs with no files beside it.
pub fn embedded_source(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::Nb => ("assets/guide/nb.toml", include_str!("../../assets/guide/nb.toml")),
    }
}

/// Parses the embedded guide. It is checked by the test suite, so failure here is a build defect.
pub fn embedded(language: Language) -> Result<Guide, GuideErrors> {
    let (name, source) = embedded_source(language);
    parse_guide(name, source)
}
