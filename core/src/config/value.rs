//! The kinds of value a configuration key holds: how each is read from TOML, checked, written
//! back for `--print-config`, and stored in the policy registry.

use std::marker::PhantomData;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeValue, ValueDeserializer};

use crate::i18n::Language;
use crate::signing::{KeyError, PublicKey};

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
    #[error("unknown language \"{0}\"; use {codes}", codes = Language::listed_codes(&["auto"]))]
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

/// A kind written as one string (REG_SZ in the policy registry): read trimmed, checked by
/// `from_text`, written back quoted. Every such kind is a [`Kind`] through this trait, so the
/// reading and writing of strings is here once.
pub trait TextKind {
    type Value;
    fn from_text(text: String) -> Result<Self::Value, ValueError>;
    fn to_text(value: &Self::Value) -> String;
}

impl<T: TextKind> Kind for T {
    type Value = T::Value;
    const REGISTRY: RegistryType = RegistryType::Text;
    fn parse(value: Spanned<DeValue<'_>>) -> Result<T::Value, ValueError> {
        T::from_text(trimmed(value)?)
    }
    fn render(value: &T::Value) -> String {
        quote(&T::to_text(value))
    }
}

/// `K`, or nothing: empty text means "not set", which lets a later layer clear an earlier one.
pub struct Optional<K>(PhantomData<K>);
impl<K: TextKind> TextKind for Optional<K> {
    type Value = Option<K::Value>;
    fn from_text(text: String) -> Result<Self::Value, ValueError> {
        (!text.is_empty()).then(|| K::from_text(text)).transpose()
    }
    fn to_text(value: &Self::Value) -> String {
        value.as_ref().map(K::to_text).unwrap_or_default()
    }
}

/// `K`, or `auto` (also empty text): the app decides.
pub struct Auto<K>(PhantomData<K>);
impl<K: TextKind> TextKind for Auto<K> {
    type Value = Option<K::Value>;
    fn from_text(text: String) -> Result<Self::Value, ValueError> {
        match text.as_str() {
            "" | "auto" => Ok(None),
            _ => K::from_text(text).map(Some),
        }
    }
    fn to_text(value: &Self::Value) -> String {
        value.as_ref().map_or_else(|| "auto".to_owned(), K::to_text)
    }
}

/// Non-empty text.
pub struct Text;
impl TextKind for Text {
    type Value = String;
    fn from_text(text: String) -> Result<String, ValueError> {
        if text.is_empty() {
            return Err(ValueError::Empty);
        }
        Ok(text)
    }
    fn to_text(value: &String) -> String {
        value.clone()
    }
}

/// An https address.
pub struct Url;
impl TextKind for Url {
    type Value = String;
    fn from_text(text: String) -> Result<String, ValueError> {
        check_https(&Text::from_text(text)?)
    }
    fn to_text(value: &String) -> String {
        value.clone()
    }
}

/// An e-mail address.
pub struct Email;
impl TextKind for Email {
    type Value = String;
    fn from_text(text: String) -> Result<String, ValueError> {
        match crate::email::check(&text, &[]) {
            Ok(_) => Ok(text),
            Err(_) => Err(ValueError::BadEmail(text)),
        }
    }
    fn to_text(value: &String) -> String {
        value.clone()
    }
}

/// A base64 Ed25519 public key.
pub struct Ed25519Key;
impl TextKind for Ed25519Key {
    type Value = PublicKey;
    fn from_text(text: String) -> Result<PublicKey, ValueError> {
        text.parse()
            .map_err(|e: KeyError| ValueError::PublicKey(e.to_string()))
    }
    fn to_text(value: &PublicKey) -> String {
        value.to_string()
    }
}

/// `nb`, `nn` or `en`.
pub struct LanguageTag;
impl TextKind for LanguageTag {
    type Value = Language;
    fn from_text(code: String) -> Result<Language, ValueError> {
        Language::from_code(&code).ok_or(ValueError::Language(code))
    }
    fn to_text(value: &Language) -> String {
        value.code().to_owned()
    }
}

/// `glow` or `wgpu`.
pub struct RendererId;
impl TextKind for RendererId {
    type Value = crate::config::Renderer;
    fn from_text(name: String) -> Result<Self::Value, ValueError> {
        crate::config::Renderer::from_name(&name).ok_or(ValueError::Renderer(name))
    }
    fn to_text(value: &Self::Value) -> String {
        value.name().to_owned()
    }
}

/// Text; empty means "not set".
pub type OptionalText = Optional<Text>;
/// An https address or nothing.
pub type OptionalUrl = Optional<Url>;
/// An e-mail address or nothing.
pub type OptionalEmail = Optional<Email>;
/// A base64 Ed25519 public key, or nothing.
pub type OptionalPublicKey = Optional<Ed25519Key>;
/// `nb`, `nn`, `en`, or `auto` (follow the OS).
pub type LanguageCode = Auto<LanguageTag>;
/// `glow`, `wgpu`, or `auto` (lightest first, then what works on this machine).
pub type RendererName = Auto<RendererId>;

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
