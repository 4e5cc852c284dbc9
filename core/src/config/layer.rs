//! One configuration file applied onto the merged [`Config`], key by key.

use std::fmt;
use std::path::PathBuf;

use toml::de::{DeTable, DeValue};

use super::Config;
use super::keys::{self, KeyError};
use crate::source_position::SourcePosition;

/// The policy registry key Group Policy and Intune write (Windows).
pub const POLICY_KEY: &str = r"HKLM\SOFTWARE\Policies\Paalogging";

/// Where a configuration value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerSource {
    Default,
    Machine(PathBuf),
    /// The Windows policy registry key ([`POLICY_KEY`]); it wins over the machine-wide file.
    Policy,
    User(PathBuf),
    CommandLine(PathBuf),
}

impl LayerSource {
    pub fn path(&self) -> Option<&PathBuf> {
        match self {
            Self::Default | Self::Policy => None,
            Self::Machine(path) | Self::User(path) | Self::CommandLine(path) => Some(path),
        }
    }

    /// The embedded defaults and IT's machine-wide settings: what an ordinary user cannot set.
    pub fn is_machine_wide(&self) -> bool {
        matches!(self, Self::Default | Self::Machine(_) | Self::Policy)
    }

    /// How errors name this layer.
    pub(super) fn file_name(&self) -> String {
        match self {
            Self::Policy => POLICY_KEY.to_owned(),
            _ => self
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }
}

impl fmt::Display for LayerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("embedded default"),
            Self::Machine(path) => write!(f, "machine-wide {}", path.display()),
            Self::Policy => write!(f, "policy {POLICY_KEY}"),
            Self::User(path) => write!(f, "user {}", path.display()),
            Self::CommandLine(path) => write!(f, "--config {}", path.display()),
        }
    }
}

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
    NotText(#[from] super::EncodingError),
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
