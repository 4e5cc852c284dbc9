//! The guide file as written: TOML with each value's place in the file kept, so every problem
//! found later names its line.

use serde::Deserialize;
use toml::Spanned;

use crate::guide::model::{InputKind, PageKind, ServiceId};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGuide {
    pub(super) format: Spanned<u32>,
    pub(super) language: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) address_input: Option<Spanned<String>>,
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
// `kind` stays text here and becomes an [`ActionKind`] in the loader, so an unknown kind is
// reported with its field like every other problem rather than ending the parse.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    pub(super) kind: Spanned<String>,
    pub(super) label: Spanned<String>,
    pub(super) url: Option<Spanned<String>>,
    pub(super) fallback: Option<Spanned<String>>,
    pub(super) text: Option<Spanned<String>>,
}

/// What an action does, as `kind` names it; its fields are checked by the loader.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum ActionKind {
    OpenUrl,
    Copy,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInput {
    /// An [`crate::guide::InputKind`], read by the loader as `RawAction::kind` is.
    pub(super) kind: Spanned<String>,
    pub(super) id: Spanned<String>,
    pub(super) label: Spanned<String>,
    #[serde(default)]
    pub(super) required: bool,
    pub(super) refuse: Option<Spanned<String>>,
}

impl RawInput {
    /// Whether `kind` names `wanted`, read as the loader reads it (an unknown kind is none).
    pub(super) fn is(&self, wanted: InputKind) -> bool {
        use serde::de::IntoDeserializer;
        let kind: Result<InputKind, serde::de::value::Error> =
            InputKind::deserialize(self.kind.get_ref().trim().into_deserializer());
        kind.is_ok_and(|kind| kind == wanted)
    }
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
