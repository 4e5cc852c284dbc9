//! What is wrong in a guide file, and where.

use std::fmt;

use crate::source_position::SourcePosition;

/// One problem in a guide file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct GuideError {
    pub position: SourcePosition,
    pub message: String,
}

/// All problems found in one guide file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct GuideErrors(pub Vec<GuideError>);

impl fmt::Display for GuideErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}
