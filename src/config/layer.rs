//! One configuration file applied onto the merged [`Config`], key by key.

use std::fmt;
use std::path::PathBuf;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{Config, Setting};
use crate::i18n::Language;

/// Where a configuration value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerSource {
    Default,
    Machine(PathBuf),
    User(PathBuf),
    CommandLine(PathBuf),
}

impl LayerSource {
    pub fn path(&self) -> Option<&PathBuf> {
        match self {
            Self::Default => None,
            Self::Machine(path) | Self::User(path) | Self::CommandLine(path) => Some(path),
        }
    }
}

impl fmt::Display for LayerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("embedded default"),
            Self::Machine(path) => write!(f, "machine-wide {}", path.display()),
            Self::User(path) => write!(f, "user {}", path.display()),
            Self::CommandLine(path) => write!(f, "--config {}", path.display()),
        }
    }
}

/// A problem in one configuration file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {key}: {message}")]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub key: String,
    pub message: String,
}

impl ConfigError {
    pub fn unreadable(source: &LayerSource, error: &std::io::Error) -> Self {
        Self {
            file: source
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            line: 0,
            column: 0,
            key: "(file)".to_owned(),
            message: format!("cannot read the file: {error}"),
        }
    }
}

struct Context<'a> {
    text: &'a str,
    file: String,
    source: &'a LayerSource,
    errors: &'a mut Vec<ConfigError>,
}

impl Context<'_> {
    fn error(&mut self, span: std::ops::Range<usize>, key: &str, message: impl Into<String>) {
        let before = self.text.get(..span.start).unwrap_or(self.text);
        self.errors.push(ConfigError {
            file: self.file.clone(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            key: key.to_owned(),
            message: message.into(),
        });
    }

    fn set<T>(&self, slot: &mut Setting<T>, value: T) {
        *slot = Setting {
            value,
            source: self.source.clone(),
        };
    }
}

fn de<T: DeserializeOwned>(value: Spanned<DeValue<'_>>) -> Result<T, String> {
    let mut value = value;
    value.get_mut().make_owned();
    T::deserialize(ValueDeserializer::from(value)).map_err(|e| e.message().trim().to_owned())
}

fn text(value: Spanned<DeValue<'_>>) -> Result<String, String> {
    let text: String = de(value)?;
    let text = text.trim().to_owned();
    if text.is_empty() {
        return Err("must not be empty".to_owned());
    }
    Ok(text)
}

/// Empty string means "not set", which lets a later layer clear an earlier one.
fn optional_text(value: Spanned<DeValue<'_>>) -> Result<Option<String>, String> {
    let text: String = de(value)?;
    let text = text.trim().to_owned();
    Ok((!text.is_empty()).then_some(text))
}

pub fn check_https(url: &str) -> Result<String, String> {
    match url::Url::parse(url) {
        // Literally "https://": the parser would also read "https:/host" as https.
        Ok(parsed)
            if parsed.scheme() == "https"
                && parsed.host_str().is_some()
                && url.starts_with("https://") =>
        {
            Ok(url.to_owned())
        }
        Ok(parsed) => Err(format!(
            "must be an https:// address (found {}:)",
            parsed.scheme()
        )),
        Err(error) => Err(format!("not a valid address: {error}")),
    }
}

fn url(value: Spanned<DeValue<'_>>) -> Result<String, String> {
    check_https(&text(value)?)
}

fn optional_url(value: Spanned<DeValue<'_>>) -> Result<Option<String>, String> {
    optional_text(value)?.map(|u| check_https(&u)).transpose()
}

fn domains(value: Spanned<DeValue<'_>>) -> Result<Vec<String>, String> {
    let list: Vec<String> = de(value)?;
    if list.is_empty() {
        return Err("list at least one domain".to_owned());
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
                Err(format!(
                    "\"{domain}\" is not a domain such as askoy.kommune.no"
                ))
            }
        })
        .collect()
}

fn optional_email(value: Spanned<DeValue<'_>>) -> Result<Option<String>, String> {
    let address = optional_text(value)?;
    if let Some(address) = &address
        && crate::email::check(address, &[]).is_err()
    {
        return Err(format!("\"{address}\" is not an e-mail address"));
    }
    Ok(address)
}

fn timeout(value: Spanned<DeValue<'_>>) -> Result<u64, String> {
    let seconds: u64 = de(value)?;
    if (1..=120).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!("{seconds} is outside 1–120 seconds"))
    }
}

fn language(value: Spanned<DeValue<'_>>) -> Result<Option<Language>, String> {
    let code: String = de(value)?;
    match code.trim() {
        "" | "auto" => Ok(None),
        code => Language::from_code(code)
            .map(Some)
            .ok_or_else(|| format!("unknown language \"{code}\"; use nb, nn, en or auto")),
    }
}

fn renderer(value: Spanned<DeValue<'_>>) -> Result<Option<crate::renderer::Renderer>, String> {
    let name: String = de(value)?;
    match name.trim() {
        "" | "auto" => Ok(None),
        name => crate::renderer::Renderer::from_name(name)
            .map(Some)
            .ok_or_else(|| format!("unknown renderer \"{name}\"; use auto, glow or wgpu")),
    }
}

#[derive(Deserialize)]
struct PathValue(PathBuf);

fn optional_path(value: Spanned<DeValue<'_>>) -> Result<Option<PathBuf>, String> {
    let PathValue(path) = de(value)?;
    Ok((!path.as_os_str().is_empty()).then_some(path))
}

/// Keys that decide what the app trusts: a user's own file (or `--config`) must not set them.
fn machine_only(cx: &Context<'_>) -> Result<(), String> {
    match cx.source {
        LayerSource::Default | LayerSource::Machine(_) => Ok(()),
        LayerSource::User(_) | LayerSource::CommandLine(_) => {
            Err("is only read from the machine-wide configuration file".to_owned())
        }
    }
}

fn public_key(value: Spanned<DeValue<'_>>) -> Result<Option<crate::update::PublicKey>, String> {
    optional_text(value)?
        .map(|text| {
            text.parse()
                .map_err(|e| format!("not an Ed25519 public key: {e}"))
        })
        .transpose()
}

fn hosts(value: Spanned<DeValue<'_>>) -> Result<Vec<String>, String> {
    let list: Vec<String> = de(value)?;
    list.iter()
        .map(|entry| {
            crate::links::normalize_host_entry(entry)
                .ok_or_else(|| format!("\"{entry}\" is not a host name such as askoy.kommune.no"))
        })
        .collect()
}

/// Applies one key. Unknown keys are errors, so a misspelt key never silently does nothing.
fn apply_key(
    config: &mut Config,
    key: &str,
    value: Spanned<DeValue<'_>>,
    cx: &mut Context<'_>,
) -> Result<(), String> {
    let endpoints = &mut config.endpoints;
    match key {
        "kommune.name" => cx.set(&mut config.kommune_name, text(value)?),
        "kommune.email_domains" => cx.set(&mut config.email_domains, domains(value)?),
        "kommune.visma_enterprise_url" => {
            cx.set(&mut config.visma_enterprise_url, optional_url(value)?)
        }
        "kommune.first_login_url" => cx.set(&mut config.first_login_url, optional_url(value)?),
        "helpdesk.name" => cx.set(&mut config.helpdesk_name, text(value)?),
        "helpdesk.phone" => cx.set(&mut config.helpdesk_phone, optional_text(value)?),
        "helpdesk.email" => cx.set(&mut config.helpdesk_email, optional_email(value)?),
        "helpdesk.web" => cx.set(&mut config.helpdesk_web, optional_url(value)?),
        "app.language" => cx.set(&mut config.language, language(value)?),
        "app.allow_english" => cx.set(&mut config.allow_english, de(value)?),
        "app.illustrations_dir" => cx.set(&mut config.illustrations_dir, optional_path(value)?),
        "app.renderer" => cx.set(&mut config.renderer, renderer(value)?),
        "checks.timeout_seconds" => cx.set(&mut config.check_timeout_seconds, timeout(value)?),
        "checks.account_settings" => cx.set(&mut endpoints.account_settings, url(value)?),
        "checks.connect_discovery" => cx.set(&mut endpoints.connect_discovery, url(value)?),
        "checks.recaptcha" => cx.set(&mut endpoints.recaptcha, url(value)?),
        "checks.idporten_discovery" => cx.set(&mut endpoints.idporten_discovery, url(value)?),
        "checks.visma_status" => cx.set(&mut endpoints.visma_status, url(value)?),
        "checks.digdir_status" => cx.set(&mut endpoints.digdir_status, url(value)?),
        "update.url" => {
            machine_only(cx)?;
            cx.set(&mut config.update_url, optional_url(value)?)
        }
        "update.public_key" => {
            machine_only(cx)?;
            cx.set(&mut config.update_public_key, public_key(value)?)
        }
        "links.allowed_hosts" => {
            machine_only(cx)?;
            cx.set(&mut config.allowed_hosts, hosts(value)?)
        }
        _ => {
            return Err(format!(
                "unknown key; known keys: {}",
                KNOWN_KEYS.join(", ")
            ));
        }
    }
    Ok(())
}

pub const KNOWN_KEYS: &[&str] = &[
    "kommune.name",
    "kommune.email_domains",
    "kommune.visma_enterprise_url",
    "kommune.first_login_url",
    "helpdesk.name",
    "helpdesk.phone",
    "helpdesk.email",
    "helpdesk.web",
    "app.language",
    "app.allow_english",
    "app.illustrations_dir",
    "app.renderer",
    "checks.timeout_seconds",
    "checks.account_settings",
    "checks.connect_discovery",
    "checks.recaptcha",
    "checks.idporten_discovery",
    "checks.visma_status",
    "checks.digdir_status",
    "update.url",
    "update.public_key",
    "links.allowed_hosts",
];

/// Applies a file's keys onto `config`; bad keys are reported and skipped.
pub fn apply(config: &mut Config, text: &str, source: &LayerSource, errors: &mut Vec<ConfigError>) {
    let mut cx = Context {
        text,
        file: source
            .path()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        source,
        errors,
    };
    let table = match DeTable::parse(text) {
        Ok(table) => table.into_inner(),
        Err(error) => {
            cx.error(
                error.span().unwrap_or(0..0),
                "(toml)",
                error.message().trim().to_owned(),
            );
            return;
        }
    };
    let first_new = cx.errors.len();
    for (section, section_value) in table {
        let section_span = section.span();
        let DeValue::Table(keys) = section_value.into_inner() else {
            cx.error(
                section_span,
                section.get_ref(),
                "expected a section such as [kommune], [helpdesk], [app] or [checks]",
            );
            continue;
        };
        for (key, value) in keys {
            let full = format!("{}.{}", section.get_ref(), key.get_ref());
            let span = value.span();
            let key_span = key.span();
            if let Err(message) = apply_key(config, &full, value, &mut cx) {
                let at = if message.starts_with("unknown key") {
                    key_span
                } else {
                    span
                };
                cx.error(at, &full, message);
            }
        }
    }
    // The parsed table is sorted by key; report in file order.
    if let Some(new) = cx.errors.get_mut(first_new..) {
        new.sort_by_key(|error| (error.line, error.column));
    }
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn line<T>(out: &mut String, key: &str, setting: &Setting<T>, render: impl Fn(&T) -> String) {
    out.push_str(&format!(
        "{key} = {}  # {}\n",
        render(&setting.value),
        setting.source
    ));
}

pub fn describe(config: &Config) -> String {
    let mut out = String::new();
    let opt = |value: &Option<String>| quote(value.as_deref().unwrap_or(""));
    out.push_str("[kommune]\n");
    line(&mut out, "name", &config.kommune_name, |v| quote(v));
    line(&mut out, "email_domains", &config.email_domains, |v| {
        format!(
            "[{}]",
            v.iter().map(|d| quote(d)).collect::<Vec<_>>().join(", ")
        )
    });
    line(
        &mut out,
        "visma_enterprise_url",
        &config.visma_enterprise_url,
        opt,
    );
    line(&mut out, "first_login_url", &config.first_login_url, opt);
    out.push_str("\n[helpdesk]\n");
    line(&mut out, "name", &config.helpdesk_name, |v| quote(v));
    line(&mut out, "phone", &config.helpdesk_phone, opt);
    line(&mut out, "email", &config.helpdesk_email, opt);
    line(&mut out, "web", &config.helpdesk_web, opt);
    out.push_str("\n[app]\n");
    line(&mut out, "language", &config.language, |v| {
        quote(v.map_or("auto", |l| l.code()))
    });
    line(&mut out, "allow_english", &config.allow_english, |v| {
        v.to_string()
    });
    line(
        &mut out,
        "illustrations_dir",
        &config.illustrations_dir,
        |v| {
            quote(
                &v.as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            )
        },
    );
    line(&mut out, "renderer", &config.renderer, |v| {
        quote(v.map_or("auto", |r| r.name()))
    });
    out.push_str("\n[checks]\n");
    line(
        &mut out,
        "timeout_seconds",
        &config.check_timeout_seconds,
        |v| v.to_string(),
    );
    let e = &config.endpoints;
    for (key, setting) in [
        ("account_settings", &e.account_settings),
        ("connect_discovery", &e.connect_discovery),
        ("recaptcha", &e.recaptcha),
        ("idporten_discovery", &e.idporten_discovery),
        ("visma_status", &e.visma_status),
        ("digdir_status", &e.digdir_status),
    ] {
        line(&mut out, key, setting, |v| quote(v));
    }
    out.push_str("\n[update]\n");
    line(&mut out, "url", &config.update_url, opt);
    line(&mut out, "public_key", &config.update_public_key, |v| {
        quote(&v.as_ref().map(ToString::to_string).unwrap_or_default())
    });
    out.push_str("\n[links]\n");
    line(&mut out, "allowed_hosts", &config.allowed_hosts, |v| {
        format!(
            "[{}]",
            v.iter().map(|d| quote(d)).collect::<Vec<_>>().join(", ")
        )
    });
    out
}
