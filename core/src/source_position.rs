//! Where in a file a problem is: one type for the guide's and the configuration's messages, so
//! both name file, line, column and field the same way.

use std::fmt;

/// A place in a file. Line and column count from 1; 0 means the problem is not tied to a line
/// (a policy value, a file that cannot be read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcePosition {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The field or key there (`page[1] (one).title`, `kommune.name`, `(toml)`).
    pub field: String,
}

impl SourcePosition {
    /// The place of byte `offset` in `text` (the end of `text` if the offset is past it).
    pub fn at_offset(file: &str, text: &str, offset: usize, field: &str) -> Self {
        let before = text.get(..offset).unwrap_or(text);
        Self {
            file: file.to_owned(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            field: field.to_owned(),
        }
    }

    /// A problem with no line: with the file and the field only.
    pub fn without_line(file: &str, field: &str) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            column: 0,
            field: field.to_owned(),
        }
    }
}

impl fmt::Display for SourcePosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.field
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_from_one_in_characters() {
        let text = "a = 1\nname = \"Høyanger\"\n";
        let at = |offset| {
            let position = SourcePosition::at_offset("f.toml", text, offset, "k");
            (position.line, position.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(6), (2, 1), "just after a line break");
        // Columns count characters, not bytes: «ø» is two bytes.
        let after_o = text.find("anger").expect("in text");
        assert_eq!(at(after_o), (2, 12));
        assert_eq!(at(text.len() + 10), (3, 1), "past the end: the end");
    }

    #[test]
    fn shown_as_file_line_column_field() {
        let position = SourcePosition::at_offset("c.toml", "x\ny", 2, "app.language");
        assert_eq!(position.to_string(), "c.toml:2:1: app.language");
        let policy = SourcePosition::without_line(r"HKLM\SOFTWARE\Policies\Paalogging", "app.x");
        assert_eq!(
            policy.to_string(),
            r"HKLM\SOFTWARE\Policies\Paalogging:0:0: app.x"
        );
    }
}
