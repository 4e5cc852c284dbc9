//! Placeholders in guide texts (`{kommune}`, `{email}`, `{enterprise_url}` …).

/// Placeholders a text may use.
pub const TEXT_KEYS: &[&str] = &["kommune", "helpdesk", "email", "work_domain"];
/// Placeholders a link may use: whole URLs that come from configuration.
pub const URL_KEYS: &[&str] = &["enterprise_url", "first_login_url"];

/// The values placeholders are filled with. `None` means "not configured / not typed yet".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placeholders {
    pub kommune: String,
    pub helpdesk: String,
    pub email: Option<String>,
    pub work_domain: String,
    pub enterprise_url: Option<String>,
    pub first_login_url: Option<String>,
}

impl Placeholders {
    fn value(&self, key: &str) -> Option<&str> {
        match key {
            "kommune" => Some(&self.kommune),
            "helpdesk" => Some(&self.helpdesk),
            "email" => self.email.as_deref(),
            "work_domain" => Some(&self.work_domain),
            "enterprise_url" => self.enterprise_url.as_deref(),
            "first_login_url" => self.first_login_url.as_deref(),
            _ => None,
        }
    }
}

/// The placeholder names used in `text`, in order. Braces that do not enclose a simple name
/// (letters and `_`) are plain text.
pub fn placeholders_in(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    found.push(name);
                }
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    found
}

/// Fills every placeholder. Returns `None` when one has no value (e.g. no e-mail typed yet,
/// or no Visma Enterprise URL configured), so the caller can show a fallback instead.
pub fn fill(text: &str, values: &Placeholders) -> Option<String> {
    let mut out = text.to_owned();
    for name in placeholders_in(text) {
        let value = values.value(name)?;
        out = out.replace(&format!("{{{name}}}"), value);
    }
    Some(out)
}

/// Fills what can be filled and leaves a readable stand-in for the rest, for body texts.
pub fn fill_lenient(text: &str, values: &Placeholders, missing: &str) -> String {
    let mut out = text.to_owned();
    for name in placeholders_in(text) {
        let value = values.value(name).unwrap_or(missing);
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_only_simple_names() {
        assert_eq!(
            placeholders_in("a {kommune} b {x y} {email}"),
            vec!["kommune", "email"]
        );
        assert!(placeholders_in("no braces { here").is_empty());
    }

    #[test]
    fn fill_reports_missing_values() {
        let values = Placeholders {
            kommune: "Askøy kommune".into(),
            ..Placeholders::default()
        };
        assert_eq!(
            fill("Hei {kommune}", &values).as_deref(),
            Some("Hei Askøy kommune")
        );
        assert_eq!(fill("{enterprise_url}", &values), None);
        assert_eq!(fill_lenient("til {email}", &values, "?"), "til ?");
    }
}
