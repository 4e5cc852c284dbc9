//! What is wrong in a guide file, and where.

use std::fmt;

/// One problem in a guide file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuideError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for GuideError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.field, self.message
        )
    }
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
