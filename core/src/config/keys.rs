//! Every configuration key, declared once: its name, the field it sets, its kind of value, its
//! embedded default and who may set it (the checks' addresses, `checks.<name>`, come from the
//! table of services in `services.rs`). Parsing, the defaults, the list of known keys,
//! `--print-config`, the machine-only rule, the policy registry and the checks of the README
//! table and the ADMX template all come from this table.

use std::sync::LazyLock;

use toml::Spanned;
use toml::de::DeValue;

use super::source::LayerSource;
use super::value::{self, Kind, RegistryType, ValueError};
use super::{Config, Setting};
use crate::services::ServiceId;

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

/// The address of a service's check (`checks.<name>`, one per row with an address of its own
/// in `services.rs`): every one a URL any layer may set.
type EndpointKind = value::Url;
const ENDPOINT_SCOPE: Scope = Scope::Anywhere;

macro_rules! config_keys {
    (
        $( $name:literal => $($field:ident).+ : $kind:ident = $default:expr, $scope:ident; )*
        endpoints;
        $( $name2:literal => $($field2:ident).+ : $kind2:ident = $default2:expr, $scope2:ident; )*
    ) => {
        /// Every key, in the order of `--print-config` and the README.
        pub static KEYS: LazyLock<Vec<KeyInfo>> = LazyLock::new(|| {
            let mut keys = vec![$( key_info!($name, $kind, $scope), )*];
            keys.extend(endpoint_keys().map(|(_, info)| info));
            keys.extend([$( key_info!($name2, $kind2, $scope2), )*]);
            keys
        });

        /// The embedded defaults (the endpoints' are [`super::Endpoints`]'s own).
        pub(super) fn set_defaults(config: &mut Config) {
            $( config.$($field).+ = Setting::embedded($default); )*
            $( config.$($field2).+ = Setting::embedded($default2); )*
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
                $( $name => set::<value::$kind>(&mut config.$($field).+, Scope::$scope, value, source), )*
                $( $name2 => set::<value::$kind2>(&mut config.$($field2).+, Scope::$scope2, value, source), )*
                _ => {
                    let id = ServiceId::from_endpoint_key(key).ok_or(KeyError::Unknown)?;
                    let setting = config.endpoints.get_mut(id).ok_or(KeyError::Unknown)?;
                    set::<EndpointKind>(setting, ENDPOINT_SCOPE, value, source)
                }
            }
        }

        /// Each key with its value written as TOML and the layer it came from.
        pub(super) fn rendered(config: &Config) -> Vec<(KeyInfo, String, &LayerSource)> {
            let mut rendered =
                vec![$( row::<value::$kind>(key_info!($name, $kind, $scope), &config.$($field).+), )*];
            rendered.extend(endpoint_keys().filter_map(|(id, info)| {
                Some(row::<EndpointKind>(info, config.endpoints.get(id)?))
            }));
            rendered.extend(
                [$( row::<value::$kind2>(key_info!($name2, $kind2, $scope2), &config.$($field2).+), )*],
            );
            rendered
        }
    };
}

/// Sets `setting` from `value` as kind `K`, if `source` may set a key of `scope`.
fn set<K: Kind>(
    setting: &mut Setting<K::Value>,
    scope: Scope,
    value: Spanned<DeValue<'_>>,
    source: &LayerSource,
) -> Result<(), KeyError> {
    check_scope(scope, source)?;
    *setting = Setting {
        value: K::parse(value)?,
        source: source.clone(),
    };
    Ok(())
}

/// A key's line of `--print-config`: the key, its value as TOML, where the value came from.
fn row<K: Kind>(info: KeyInfo, setting: &Setting<K::Value>) -> (KeyInfo, String, &LayerSource) {
    (info, K::render(&setting.value), &setting.source)
}

macro_rules! key_info {
    ($name:literal, $kind:ident, $scope:ident) => {
        KeyInfo {
            name: $name,
            registry: <value::$kind as Kind>::REGISTRY,
            scope: Scope::$scope,
        }
    };
}

/// Each service with a `checks.<name>` key, with the key, in the table's order.
fn endpoint_keys() -> impl Iterator<Item = (ServiceId, KeyInfo)> {
    ServiceId::ALL.iter().filter_map(|&id| {
        let info = KeyInfo {
            name: id.endpoint_key()?,
            registry: <EndpointKind as Kind>::REGISTRY,
            scope: ENDPOINT_SCOPE,
        };
        Some((id, info))
    })
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
    // Here, `checks.<name>` for each service of `services.rs` with an address of its own.
    endpoints;
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
    for key in KEYS.iter() {
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
