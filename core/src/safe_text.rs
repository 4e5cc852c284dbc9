//! Text from outside the app (a server's answer, a field the user filled in) made safe to print
//! in a terminal, show in the window or write into the helpdesk report, on one line.
//!
//! A hostile or intercepted server can put terminal escape sequences into an issuer or an
//! incident name (`ESC [2J` clears IT's screen, `ESC ]0;…BEL` sets the window title, the 8-bit
//! CSI U+009B does the same on terminals that obey C1), a carriage return that overwrites the
//! line before it, or a right-to-left override that makes a line read differently from what it
//! says. [`one_line`] takes all of that out; [`SafeText`] is text that went through it, so a
//! type that holds server text cannot hold it raw.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Characters that break a line: become one space.
fn breaks_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Characters that change how the rest of a line is shown without being shown themselves:
/// removed.
fn is_hidden_control(c: char) -> bool {
    // C0, DEL and C1 (U+0080–U+009F, which includes the 8-bit CSI U+009B).
    c.is_control()
        // Bidirectional embeddings, overrides and isolates, and the marks LRM, RLM and ALM.
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        )
}

/// `text` on one line with nothing a terminal or a text renderer would act on: line breaks
/// (and tabs) become a space, other control characters (C0, DEL, C1) and bidirectional
/// controls are removed; runs of spaces made that way are one, and the ends are trimmed.
pub fn one_line(text: &str) -> String {
    let mut clean = String::with_capacity(text.len());
    let mut space_pending = false;
    for c in text.chars() {
        if breaks_line(c) {
            space_pending = true;
        } else if !is_hidden_control(c) {
            if space_pending && !clean.is_empty() && !clean.ends_with(' ') {
                clean.push(' ');
            }
            space_pending = false;
            clean.push(c);
        }
    }
    clean.trim().to_owned()
}

/// Text that went through [`one_line`]: the only way to make one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct SafeText(String);

impl SafeText {
    pub fn new(text: &str) -> Self {
        Self(one_line(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Read from a server's document, made safe as it is read.
impl<'de> Deserialize<'de> for SafeText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::new(&text))
    }
}

impl From<&str> for SafeText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl From<String> for SafeText {
    fn from(text: String) -> Self {
        Self::new(&text)
    }
}

impl AsRef<str> for SafeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_taken_out() {
        assert_eq!(one_line("a\u{1b}[2Jb"), "a[2Jb");
        assert_eq!(one_line("\u{1b}]0;pwned\u{7}Visma"), "]0;pwnedVisma");
        // The 8-bit CSI, DEL, NUL and the rest of C1.
        assert_eq!(one_line("x\u{9b}2Jy\u{7f}\u{0}\u{80}\u{9f}z"), "x2Jyz");
    }

    #[test]
    fn line_breaks_become_one_space() {
        assert_eq!(one_line("real\rfake"), "real fake");
        assert_eq!(
            one_line("one\r\n\ttwo\u{85}three\u{2028}four\u{2029}"),
            "one two three four"
        );
        assert_eq!(one_line("  \n padded \n "), "padded");
    }

    #[test]
    fn bidirectional_controls_are_removed() {
        for control in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            let text = format!("ID-porten {control}nede");
            assert_eq!(one_line(&text), "ID-porten nede", "{control:?}");
        }
    }

    #[test]
    fn ordinary_text_is_kept() {
        for text in [
            "Visma Connect: degraded performance",
            "Pålogging – æøå ÆØÅ",
            "مرحبا",
        ] {
            assert_eq!(one_line(text), text);
        }
    }

    #[test]
    fn safe_text_is_clean_when_read_from_json() {
        let read: Result<SafeText, _> = serde_json::from_str(r#""ID-porten\u001b[2J\u009b nede""#);
        assert_eq!(
            read.ok().map(|t| t.to_string()).as_deref(),
            Some("ID-porten[2J nede")
        );
    }

    #[test]
    fn safe_text_is_always_clean() {
        let text = SafeText::from("issuer \u{1b}[31mhttps://evil\u{202E}\r\n");
        assert_eq!(text.as_str(), "issuer [31mhttps://evil");
        assert_eq!(
            serde_json::to_string(&text).ok().as_deref(),
            Some("\"issuer [31mhttps://evil\"")
        );
    }
}
