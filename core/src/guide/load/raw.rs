//! The guide file as written: TOML with each value's place in the file kept, so every problem
//! found later names its line.

use serde::Deserialize;
use toml::Spanned;

use crate::guide::model::{PageKind, ServiceId};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuide {
    pub(super) format: Spanned<u32>,
    pub(super) language: Spanned<String>,
    pub(super) name: Spanned<String>,
    #[serde(default)]
    pub(super) page: Vec<Spanned<RawPage>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPage {
    pub(super) id: Spanned<String>,
    pub(super) kind: Spanned<PageKind>,
    pub(super) title: Spanned<String>,
    pub(super) body: Spanned<String>,
    pub(super) question: Option<Spanned<String>>,
    pub(super) illustration: Option<Spanned<RawIllustration>>,
    #[serde(default)]
    pub(super) actions: Vec<Spanned<RawAction>>,
    #[serde(default)]
    pub(super) inputs: Vec<Spanned<RawInput>>,
    #[serde(default)]
    pub(super) hints: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) choices: Vec<Spanned<RawChoice>>,
    pub(super) way_out: Option<Spanned<RawChoice>>,
    pub(super) show_answer: Option<Spanned<String>>,
    pub(super) service: Option<Spanned<ServiceId>>,
    #[serde(default)]
    pub(super) contact: bool,
    pub(super) next: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIllustration {
    pub(super) image: Spanned<String>,
    pub(super) alt: Spanned<String>,
}

// Flat rather than a tagged enum: serde's tagged enums buffer their content and lose spans.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    pub(super) kind: Spanned<String>,
    pub(super) label: Spanned<String>,
    pub(super) url: Option<Spanned<String>>,
    pub(super) fallback: Option<Spanned<String>>,
    pub(super) text: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInput {
    pub(super) kind: Spanned<String>,
    pub(super) id: Spanned<String>,
    pub(super) label: Spanned<String>,
    #[serde(default)]
    pub(super) required: bool,
    pub(super) refuse: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawChoice {
    pub(super) label: Spanned<String>,
    pub(super) goto: Spanned<String>,
    pub(super) try_another: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) requires_inputs: bool,
}
