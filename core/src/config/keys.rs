//! Every configuration key, declared once: its name, the field it sets, its kind of value, its
//! embedded default and who may set it. Parsing, the defaults, the list of known keys,
//! `--print-config`, the machine-only rule, the policy registry and the checks of the README
//! table and the ADMX template all come from this table.

use toml::Spanned;
use toml::de::DeValue;

use super::source::LayerSource;
use super::value::{self, Kind, RegistryType, ValueError};
use super::{Config, Setting};

/// Who may set a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Any layer.
    Anywhere,
    /// Keys that decide what the app trusts: only the machine-wide file or the policy registry.
    MachineOnly,
}

/// What the rest of the app (and the tests of the README and ADMX) know about a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyInfo {
    /// `section.key`, as written in the file (and as the policy registry value's name).
    pub name: &'static str,
    pub registry: RegistryType,
    pub scope: Scope,
}

impl KeyInfo {
    pub fn section(&self) -> &'static str {
        self.name
            .split_once('.')
            .map_or(self.name, |(section, _)| section)
    }

    pub fn field(&self) -> &'static str {
        self.name
            .split_once('.')
            .map_or(self.name, |(_, field)| field)
    }
}

/// Why one key of a layer was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("unknown key; known keys: {}", known_keys())]
    Unknown,
    #[error("is only read from the machine-wide configuration (its file or the policy registry)")]
    MachineOnly,
    #[error(transparent)]
    Value(#[from] ValueError),
}

fn known_keys() -> String {
    KEYS.iter()
        .map(|key| key.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn check_scope(scope: Scope, source: &LayerSource) -> Result<(), KeyError> {
    match (scope, source) {
        (Scope::Anywhere, _)
        | (Scope::MachineOnly, LayerSource::Default | LayerSource::Machine(_))
        | (Scope::MachineOnly, LayerSource::Policy) => Ok(()),
        (Scope::MachineOnly, LayerSource::User(_) | LayerSource::CommandLine(_)) => {
            Err(KeyError::MachineOnly)
        }
    }
}

macro_rules! config_keys {
    ($( $name:literal => $($field:ident).+ : $kind:ident = $default:expr, $scope:ident; )*) => {
        /// Every key, in the order of `--print-config` and the README.
        pub const KEYS: &[KeyInfo] = &[
            $( KeyInfo {
                name: $name,
                registry: <value::$kind as Kind>::REGISTRY,
                scope: Scope::$scope,
            }, )*
        ];

        /// The embedded defaults.
        pub(super) fn set_defaults(config: &mut Config) {
            $( config.$($field).+ = Setting::embedded($default); )*
        }

        /// Applies one key from `source`. Unknown keys are errors, so a misspelt key never
        /// silently does nothing.
        pub(super) fn apply_key(
            config: &mut Config,
            key: &str,
            value: Spanned<DeValue<'_>>,
            source: &LayerSource,
        ) -> Result<(), KeyError> {
            match key {
                $( $name => {
                    check_scope(Scope::$scope, source)?;
                    config.$($field).+ = Setting {
                        value: <value::$kind as Kind>::parse(value)?,
                        source: source.clone(),
                    };
                } )*
                _ => return Err(KeyError::Unknown),
            }
            Ok(())
        }

        /// Each key with its value written as TOML and the layer it came from.
        pub(super) fn rendered(config: &Config) -> Vec<(KeyInfo, String, &LayerSource)> {
            vec![
                $( (
                    KeyInfo {
                        name: $name,
                        registry: <value::$kind as Kind>::REGISTRY,
                        scope: Scope::$scope,
                    },
                    <value::$kind as Kind>::render(&config.$($field).+.value),
                    &config.$($field).+.source,
                ), )*
            ]
        }
    };
}

config_keys! {
    "kommune.name" => kommune_name: Text = "Askøy kommune".to_owned(), Anywhere;
    "kommune.email_domains" => email_domains: Domains = vec!["askoy.kommune.no".to_owned()], Anywhere;
    "kommune.visma_enterprise_url" => visma_enterprise_url: OptionalUrl = None, Anywhere;
    "kommune.first_login_url" => first_login_url: OptionalUrl = Some(
        "https://askoy.kommune.no/politikk-og-organisasjon/for-ansatte/okonomi-og-lonn".to_owned(),
    ), Anywhere;
    "helpdesk.name" => helpdesk_name: Text = "IT-brukerstøtten i kommunen".to_owned(), Anywhere;
    "helpdesk.phone" => helpdesk_phone: OptionalText = None, Anywhere;
    "helpdesk.email" => helpdesk_email: OptionalEmail = None, Anywhere;
    "helpdesk.web" => helpdesk_web: OptionalUrl = None, Anywhere;
    "app.language" => language: LanguageCode = None, Anywhere;
    "app.allow_english" => allow_english: Flag = true, Anywhere;
    "app.illustrations_dir" => illustrations_dir: OptionalPath = None, Anywhere;
    "app.renderer" => renderer: RendererName = None, Anywhere;
    "checks.timeout_seconds" => check_timeout_seconds: Seconds = 8, Anywhere;
    "checks.account_settings" => endpoints.account_settings: Url =
        "https://accountsettings.connect.visma.com".to_owned(), Anywhere;
    "checks.connect_discovery" => endpoints.connect_discovery: Url =
        "https://connect.visma.com/.well-known/openid-configuration".to_owned(), Anywhere;
    "checks.recaptcha" => endpoints.recaptcha: Url =
        "https://www.google.com/recaptcha/api.js".to_owned(), Anywhere;
    "checks.idporten_discovery" => endpoints.idporten_discovery: Url =
        "https://idporten.no/.well-known/openid-configuration".to_owned(), Anywhere;
    "checks.visma_status" => endpoints.visma_status: Url =
        "https://status.visma.com/api/v2/summary.json".to_owned(), Anywhere;
    "checks.digdir_status" => endpoints.digdir_status: Url =
        "https://status.digdir.no/api/v2/summary.json".to_owned(), Anywhere;
    "network.extra_roots_file" => extra_roots_file: OptionalPath = None, MachineOnly;
    "update.url" => update_url: OptionalUrl = None, MachineOnly;
    "update.public_key" => update_public_key: OptionalPublicKey = None, MachineOnly;
    "update.min_serial" => update_min_serial: Serial = 0, MachineOnly;
    "links.allowed_hosts" => allowed_hosts: Hosts = Vec::new(), MachineOnly;
}

#[cfg(test)]
#[test]
fn each_section_keeps_its_keys_together() {
    // `describe` and the policy layer write one header per section.
    let mut seen: Vec<&str> = Vec::new();
    for key in KEYS {
        if seen.last() != Some(&key.section()) {
            assert!(
                !seen.contains(&key.section()),
                "{} is apart from its section",
                key.name
            );
            seen.push(key.section());
        }
    }
}

/// The keys only the machine-wide layer may set.
pub fn machine_only() -> impl Iterator<Item = &'static KeyInfo> {
    KEYS.iter().filter(|key| key.scope == Scope::MachineOnly)
}

/// `--print-config`: the merged configuration as TOML with the source of each value.
pub fn describe(config: &Config) -> String {
    let mut out = String::new();
    let mut section = "";
    for (info, value, source) in rendered(config) {
        if info.section() != section {
            if !section.is_empty() {
                out.push('\n');
            }
            section = info.section();
            out.push_str(&format!("[{section}]\n"));
        }
        out.push_str(&format!("{} = {value}  # {source}\n", info.field()));
    }
    out
}
