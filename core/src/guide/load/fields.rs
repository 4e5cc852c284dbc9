//! Checks of single fields (texts, links, ids, kinds), each problem collected with its place.

use std::fmt;

use serde::de::{DeserializeOwned, IntoDeserializer};
use toml::Spanned;

use super::GuideError;
use crate::guide::text::{TEXT_KEYS, URL_KEYS, placeholders_in};
use crate::source_position::SourcePosition;

/// Checks fields and collects their problems, with positions computed from byte offsets.
pub(super) struct Checker<'a> {
    pub(super) file: &'a str,
    pub(super) source: &'a str,
    pub(super) errors: Vec<GuideError>,
    /// Whether `{email}` can be filled: the guide has an address input.
    pub(super) email_placeholder: bool,
}

impl Checker<'_> {
    pub(super) fn error(
        &mut self,
        span: std::ops::Range<usize>,
        field: &str,
        message: impl Into<String>,
    ) {
        self.errors.push(GuideError {
            position: SourcePosition::at_offset(self.file, self.source, span.start, field),
            message: message.into(),
        });
    }

    /// A required, non-empty text with only known placeholders.
    pub(super) fn text(&mut self, value: &Spanned<String>, field: &str) -> String {
        let text = value.get_ref().trim();
        if text.is_empty() {
            self.error(value.span(), field, "the text is empty");
        }
        for name in placeholders_in(text) {
            if name == "email" && !self.email_placeholder {
                self.error(
                    value.span(),
                    field,
                    "{email} is the answer to the guide's address input, and this guide has no \
                     input of kind email",
                );
            } else if !TEXT_KEYS.contains(&name) {
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
    pub(super) fn url(&mut self, value: &Spanned<String>, field: &str) -> String {
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
        // A placeholder inside a link (`?login_hint={email}`) would put what the user typed
        // into the address, and with it into logs and browser history.
        if let Some(name) = placeholders.first() {
            self.error(
                value.span(),
                field,
                format!(
                    "{{{name}}} inside a link: a link is an https address or exactly one of {}",
                    URL_KEYS
                        .iter()
                        .map(|key| format!("{{{key}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
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

    pub(super) fn identifier(&mut self, value: &Spanned<String>, field: &str) -> String {
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

    /// A `kind` as one of `T`'s names (serde's `rename_all`); `what` names the kind in the
    /// message, which lists the names `T` knows.
    pub(super) fn kind<T: DeserializeOwned>(
        &mut self,
        value: &Spanned<String>,
        field: &str,
        what: &str,
    ) -> Option<T> {
        let name = value.get_ref().trim();
        match T::deserialize(name.into_deserializer()) {
            Ok(kind) => Some(kind),
            Err(KindError::Unknown { expected }) => {
                self.error(
                    value.span(),
                    field,
                    format!("unknown {what} \"{name}\"; known: {}", expected.join(", ")),
                );
                None
            }
            Err(KindError::Other(message)) => {
                self.error(value.span(), field, message);
                None
            }
        }
    }
}

/// serde's error for a kind, keeping the names it expected so the message can list them
/// (serde's own error only has them as text).
#[derive(Debug)]
enum KindError {
    Unknown { expected: &'static [&'static str] },
    Other(String),
}

impl serde::de::Error for KindError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Self::Other(message.to_string())
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        Self::Unknown { expected }
    }
}

impl fmt::Display for KindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown { expected } => write!(f, "expected one of {}", expected.join(", ")),
            Self::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for KindError {}
