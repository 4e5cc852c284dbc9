//! The kinds of value a configuration key holds: how each is read from TOML, checked, written
//! back for `--print-config`, and stored in the policy registry.

use std::path::PathBuf;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeValue, ValueDeserializer};

use crate::i18n::Language;
use crate::update::PublicKey;

/// Why a value was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    /// The TOML type is wrong (the deserializer's own words).
    #[error("{0}")]
    Type(String),
    #[error("must not be empty")]
    Empty,
    #[error("{0}")]
    Link(crate::links::LinkError),
    #[error("list at least one domain")]
    NoDomain,
    #[error("\"{0}\" is not a domain such as askoy.kommune.no")]
    BadDomain(String),
    #[error("\"{0}\" is not an e-mail address")]
    BadEmail(String),
    #[error("{0} is outside 1–120 seconds")]
    Timeout(u64),
    #[error("unknown language \"{0}\"; use nb, nn, en or auto")]
    Language(String),
    #[error("unknown renderer \"{0}\"; use auto, glow or wgpu")]
    Renderer(String),
    #[error("not an Ed25519 public key: {0}")]
    PublicKey(String),
    #[error("\"{0}\" is not a host name such as askoy.kommune.no")]
    BadHost(String),
}

/// How a key is stored in the policy registry (and offered in the ADMX template).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RegistryType {
    /// REG_SZ
    Text,
    /// REG_DWORD (0 or 1)
    Flag,
    /// REG_DWORD, or REG_QWORD for large numbers
    Number,
    /// REG_MULTI_SZ
    List,
}

/// One kind of value.
pub trait Kind {
    type Value;
    const REGISTRY: RegistryType;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Self::Value, ValueError>;
    /// The value as TOML, so `--print-config` output is itself a valid file.
    fn render(value: &Self::Value) -> String;
}

fn de<T: DeserializeOwned>(value: Spanned<DeValue<'_>>) -> Result<T, ValueError> {
    let mut value = value;
    value.get_mut().make_owned();
    T::deserialize(ValueDeserializer::from(value))
        .map_err(|e| ValueError::Type(e.message().trim().to_owned()))
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn quote_list(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|item| quote(item)).collect();
    format!("[{}]", items.join(", "))
}

fn trimmed(value: Spanned<DeValue<'_>>) -> Result<String, ValueError> {
    let text: String = de(value)?;
    Ok(text.trim().to_owned())
}

/// The app's one https rule (`links::check_https`): literally `https://`, a host name, no user
/// info or look-alike tricks.
pub fn check_https(url: &str) -> Result<String, ValueError> {
    crate::links::check_https(url)
        .map(|_| url.to_owned())
        .map_err(ValueError::Link)
}

/// Non-empty text.
pub struct Text;
impl Kind for Text {
    type Value = String;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<String, ValueError> {
        let text = trimmed(value)?;
        if text.is_empty() {
            return Err(ValueError::Empty);
        }
        Ok(text)
    }
    fn render(value: &String) -> String {
        quote(value)
    }
}

/// Text; empty means "not set", which lets a later layer clear an earlier one.
pub struct OptionalText;
impl Kind for OptionalText {
    type Value = Option<String>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<String>, ValueError> {
        let text = trimmed(value)?;
        Ok((!text.is_empty()).then_some(text))
    }
    fn render(value: &Option<String>) -> String {
        quote(value.as_deref().unwrap_or(""))
    }
}

/// An https address.
pub struct Url;
impl Kind for Url {
    type Value = String;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<String, ValueError> {
        check_https(&Text::parse(value)?)
    }
    fn render(value: &String) -> String {
        quote(value)
    }
}

/// An https address or nothing.
pub struct OptionalUrl;
impl Kind for OptionalUrl {
    type Value = Option<String>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<String>, ValueError> {
        OptionalText::parse(value)?
            .map(|url| check_https(&url))
            .transpose()
    }
    fn render(value: &Option<String>) -> String {
        OptionalText::render(value)
    }
}

/// The kommune's e-mail domains, at least one.
pub struct Domains;
impl Kind for Domains {
    type Value = Vec<String>;
    const REGISTRY: RegistryType = RegistryType::List;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Vec<String>, ValueError> {
        let list: Vec<String> = de(value)?;
        if list.is_empty() {
            return Err(ValueError::NoDomain);
        }
        list.into_iter()
            .map(|domain| {
                let domain = domain.trim().trim_start_matches('@').to_lowercase();
                let valid = domain.contains('.')
                    && domain
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
                if valid {
                    Ok(domain)
                } else {
                    Err(ValueError::BadDomain(domain))
                }
            })
            .collect()
    }
    fn render(value: &Vec<String>) -> String {
        quote_list(value)
    }
}

/// An e-mail address or nothing.
pub struct OptionalEmail;
impl Kind for OptionalEmail {
    type Value = Option<String>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<String>, ValueError> {
        let address = OptionalText::parse(value)?;
        if let Some(address) = &address
            && crate::email::check(address, &[]).is_err()
        {
            return Err(ValueError::BadEmail(address.clone()));
        }
        Ok(address)
    }
    fn render(value: &Option<String>) -> String {
        OptionalText::render(value)
    }
}

/// A check timeout, 1–120 seconds.
pub struct Seconds;
impl Kind for Seconds {
    type Value = u64;
    const REGISTRY: RegistryType = RegistryType::Number;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<u64, ValueError> {
        let seconds: u64 = de(value)?;
        if (1..=120).contains(&seconds) {
            Ok(seconds)
        } else {
            Err(ValueError::Timeout(seconds))
        }
    }
    fn render(value: &u64) -> String {
        value.to_string()
    }
}

/// A guide update serial (any non-negative number).
pub struct Serial;
impl Kind for Serial {
    type Value = u64;
    const REGISTRY: RegistryType = RegistryType::Number;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<u64, ValueError> {
        de(value)
    }
    fn render(value: &u64) -> String {
        value.to_string()
    }
}

/// `nb`, `nn`, `en`, or `auto` (follow the OS).
pub struct LanguageCode;
impl Kind for LanguageCode {
    type Value = Option<Language>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<Language>, ValueError> {
        match trimmed(value)?.as_str() {
            "" | "auto" => Ok(None),
            code => Language::from_code(code)
                .map(Some)
                .ok_or_else(|| ValueError::Language(code.to_owned())),
        }
    }
    fn render(value: &Option<Language>) -> String {
        quote(value.map_or("auto", |l| l.code()))
    }
}

/// `glow`, `wgpu`, or `auto` (lightest first, then what works on this machine).
pub struct RendererName;
impl Kind for RendererName {
    type Value = Option<crate::renderer::Renderer>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Self::Value, ValueError> {
        match trimmed(value)?.as_str() {
            "" | "auto" => Ok(None),
            name => crate::renderer::Renderer::from_name(name)
                .map(Some)
                .ok_or_else(|| ValueError::Renderer(name.to_owned())),
        }
    }
    fn render(value: &Self::Value) -> String {
        quote(value.map_or("auto", |r| r.name()))
    }
}

/// true or false.
pub struct Flag;
impl Kind for Flag {
    type Value = bool;
    const REGISTRY: RegistryType = RegistryType::Flag;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<bool, ValueError> {
        de(value)
    }
    fn render(value: &bool) -> String {
        value.to_string()
    }
}

#[derive(Deserialize)]
struct PathValue(PathBuf);

/// A folder or file path, or nothing.
pub struct OptionalPath;
impl Kind for OptionalPath {
    type Value = Option<PathBuf>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<PathBuf>, ValueError> {
        let PathValue(path) = de(value)?;
        Ok((!path.as_os_str().is_empty()).then_some(path))
    }
    fn render(value: &Option<PathBuf>) -> String {
        quote(
            &value
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        )
    }
}

/// A base64 Ed25519 public key, or nothing.
pub struct OptionalPublicKey;
impl Kind for OptionalPublicKey {
    type Value = Option<PublicKey>;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Option<PublicKey>, ValueError> {
        OptionalText::parse(value)?
            .map(|text| {
                text.parse()
                    .map_err(|e: crate::update::UpdateError| ValueError::PublicKey(e.to_string()))
            })
            .transpose()
    }
    fn render(value: &Option<PublicKey>) -> String {
        quote(&value.as_ref().map(ToString::to_string).unwrap_or_default())
    }
}

/// Host names for the link allowlist.
pub struct Hosts;
impl Kind for Hosts {
    type Value = Vec<String>;
    const REGISTRY: RegistryType = RegistryType::List;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<Vec<String>, ValueError> {
        let list: Vec<String> = de(value)?;
        list.iter()
            .map(|entry| {
                crate::links::normalize_host_entry(entry)
                    .ok_or_else(|| ValueError::BadHost(entry.clone()))
            })
            .collect()
    }
    fn render(value: &Vec<String>) -> String {
        quote_list(value)
    }
}
