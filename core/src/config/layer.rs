//! One configuration file applied onto the merged [`Config`], key by key.

use toml::de::{DeTable, DeValue};

use super::Config;
use super::encoding::EncodingError;
use super::keys::{self, KeyError};
use super::source::LayerSource;
use crate::source_position::SourcePosition;

/// What was wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{0}")]
    Syntax(String),
    #[error("expected a section such as [kommune], [helpdesk], [app] or [checks]")]
    NotASection,
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    /// Not UTF-8 or UTF-16 with a BOM (`encoding.rs`).
    #[error(transparent)]
    NotText(#[from] EncodingError),
}

/// A problem in one configuration file (or policy value); the position's field is the key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {problem}")]
pub struct ConfigError {
    pub position: SourcePosition,
    pub problem: Problem,
}

impl ConfigError {
    pub fn unreadable(source: &LayerSource, error: &std::io::Error) -> Self {
        Self {
            position: SourcePosition::without_line(&source.file_name(), "(file)"),
            problem: Problem::Unreadable(error.to_string()),
        }
    }

    /// A file whose bytes are not text in an encoding we read.
    pub fn encoding(source: &LayerSource, error: &EncodingError) -> Self {
        Self {
            position: SourcePosition {
                file: source.file_name(),
                line: error.line,
                column: error.column,
                field: "(file)".to_owned(),
            },
            problem: error.clone().into(),
        }
    }
}

struct Context<'a> {
    text: &'a str,
    source: &'a LayerSource,
    errors: &'a mut Vec<ConfigError>,
}

impl Context<'_> {
    fn error(&mut self, span: std::ops::Range<usize>, key: &str, problem: Problem) {
        let file = self.source.file_name();
        // Policy values are not lines of a file the reader could open.
        let position = if *self.source == LayerSource::Policy {
            SourcePosition::without_line(&file, key)
        } else {
            SourcePosition::at_offset(&file, self.text, span.start, key)
        };
        self.errors.push(ConfigError { position, problem });
    }
}

/// Applies a file's keys onto `config`; bad keys are reported and skipped.
pub fn apply(config: &mut Config, text: &str, source: &LayerSource, errors: &mut Vec<ConfigError>) {
    let mut cx = Context {
        text,
        source,
        errors,
    };
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(error) => {
            cx.error(
                error.span().unwrap_or(0..0),
                "(toml)",
                Problem::Syntax(error.message().trim().to_owned()),
            );
            return;
        }
    };
    let first_new = cx.errors.len();
    for (section, section_value) in table {
        let section_span = section.span();
        let DeValue::Table(keys) = section_value.into_inner() else {
            cx.error(section_span, section.get_ref(), Problem::NotASection);
            continue;
        };
        for (key, value) in keys {
            let full = format!("{}.{}", section.get_ref(), key.get_ref());
            let span = value.span();
            let key_span = key.span();
            if let Err(error) = keys::apply_key(config, &full, value, source) {
                let at = match error {
                    KeyError::Unknown => key_span,
                    _ => span,
                };
                cx.error(at, &full, error.into());
            }
        }
    }
    // The parsed table is sorted by key; report in file order.
    if let Some(new) = cx.errors.get_mut(first_new..) {
        new.sort_by_key(|error| (error.position.line, error.position.column));
    }
}
