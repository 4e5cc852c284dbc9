//! Configuration: embedded defaults → machine-wide file → policy registry (Windows) → user's
//! file → `--config PATH`.
//!
//! Each layer overrides the one before, key by key. The machine-wide file is used only when no
//! ordinary user can have written it ([`trust`]); otherwise it is ignored and said so. A bad key (unknown, wrong type, not https)
//! is reported with file, line and key and skipped; the rest of that layer still applies, so one
//! typo in a machine-wide file does not throw away the kommune's other settings.

mod encoding;
mod keys;
mod layer;
mod paths;
mod policy;
mod renderer;
mod source;
mod trust;
mod value;

pub use encoding::{EncodingError, decode as decode_text};
pub use keys::{KEYS, KeyError, KeyInfo, Scope, describe, machine_only};
pub use layer::{ConfigError, Problem};
pub use paths::Paths;
pub use policy::{RegValue, to_toml as policy_toml};
pub use renderer::Renderer;
pub use source::{LayerSource, POLICY_KEY};
pub use trust::{
    Ace, Ignored, MachineFile, MachineTrust, TRUSTED_SIDS, Untrusted, WRITE_RIGHTS,
    read_machine_file, unix_rule, windows_rule,
};
pub use value::{RegistryType, ValueError};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::i18n::Language;
use crate::services::{Address, ServiceId};

/// A value with the layer it came from, for `--print-config` and the About view.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting<T> {
    pub value: T,
    pub source: LayerSource,
}

impl<T> Setting<T> {
    /// An embedded default.
    fn embedded(value: T) -> Self {
        Self {
            value,
            source: LayerSource::Default,
        }
    }
}

impl<T: Default> Default for Setting<T> {
    fn default() -> Self {
        Self::embedded(T::default())
    }
}

/// The addresses of the background checks (`checks.<name>`), one for each service with an
/// address of its own in the table of `services.rs`: all configurable so tests and odd networks
/// can redirect them.
#[derive(Clone, Debug, PartialEq)]
pub struct Endpoints(BTreeMap<ServiceId, Setting<String>>);

impl Endpoints {
    /// `None` for a service whose address is not a `checks.<name>` key.
    pub fn get(&self, id: ServiceId) -> Option<&Setting<String>> {
        self.0.get(&id)
    }

    fn get_mut(&mut self, id: ServiceId) -> Option<&mut Setting<String>> {
        self.0.get_mut(&id)
    }
}

impl Default for Endpoints {
    /// The table's defaults.
    fn default() -> Self {
        let defaults = ServiceId::ALL.iter().filter_map(|&id| match id.address() {
            Address::Endpoint { default } => Some((id, Setting::embedded(default.to_owned()))),
            Address::VismaEnterprise => None,
        });
        Self(defaults.collect())
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub kommune_name: Setting<String>,
    pub email_domains: Setting<Vec<String>>,
    /// The kommune's Visma Enterprise address; `None` means "open it the way you usually do".
    pub visma_enterprise_url: Setting<Option<String>>,
    pub first_login_url: Setting<Option<String>>,
    pub helpdesk_name: Setting<String>,
    pub helpdesk_phone: Setting<Option<String>>,
    pub helpdesk_email: Setting<Option<String>>,
    pub helpdesk_web: Setting<Option<String>>,
    /// `None`: follow the OS locale.
    pub language: Setting<Option<Language>>,
    pub allow_english: Setting<bool>,
    /// A folder of PNG/JPEG files named after step ids that replace the built-in pictures.
    pub illustrations_dir: Setting<Option<PathBuf>>,
    /// `None` ("auto"): lightest first, then what works on this machine. Set: tried first.
    pub renderer: Setting<Option<crate::config::Renderer>>,
    pub check_timeout_seconds: Setting<u64>,
    pub endpoints: Endpoints,
    /// A PEM file of extra trusted roots for the checks and the update fetch (machine-wide only).
    pub extra_roots_file: Setting<Option<PathBuf>>,
    /// Where IT publishes signed guide updates (machine-wide file only).
    pub update_url: Setting<Option<String>>,
    /// The Ed25519 key updates must be signed with, base64 (machine-wide file only).
    pub update_public_key: Setting<Option<crate::signing::PublicKey>>,
    /// The lowest update serial accepted (machine-wide only): raises the rollback floor.
    pub update_min_serial: Setting<u64>,
    /// More hosts links may point to (machine-wide file only).
    pub allowed_hosts: Setting<Vec<String>>,
}

impl Default for Config {
    /// The embedded default: Askøy kommune, bokmål, the public endpoints from the domain notes
    /// (the values are in the key table, `keys.rs`).
    fn default() -> Self {
        let mut config = Self {
            kommune_name: Setting::default(),
            email_domains: Setting::default(),
            visma_enterprise_url: Setting::default(),
            first_login_url: Setting::default(),
            helpdesk_name: Setting::default(),
            helpdesk_phone: Setting::default(),
            helpdesk_email: Setting::default(),
            helpdesk_web: Setting::default(),
            language: Setting::default(),
            allow_english: Setting::default(),
            illustrations_dir: Setting::default(),
            renderer: Setting::default(),
            check_timeout_seconds: Setting::default(),
            endpoints: Endpoints::default(),
            extra_roots_file: Setting::default(),
            update_url: Setting::default(),
            update_public_key: Setting::default(),
            update_min_serial: Setting::default(),
            allowed_hosts: Setting::default(),
        };
        keys::set_defaults(&mut config);
        config
    }
}

impl Config {
    pub fn check_timeout(&self) -> Duration {
        Duration::from_secs(self.check_timeout_seconds.value)
    }

    /// Hosts the link allowlist adds to Visma's and ID-porten's: the kommune's domains and the
    /// hosts of its configured pages, from the embedded defaults and the machine-wide file only.
    /// A user's own file never widens the allowlist.
    pub fn trusted_link_hosts(&self) -> Vec<String> {
        let trusted = LayerSource::is_machine_wide;
        let mut entries: Vec<&str> = self
            .allowed_hosts
            .value
            .iter()
            .map(String::as_str)
            .collect();
        if trusted(&self.email_domains.source) {
            entries.extend(self.email_domains.value.iter().map(String::as_str));
        }
        for setting in [
            &self.visma_enterprise_url,
            &self.first_login_url,
            &self.helpdesk_web,
        ] {
            if trusted(&setting.source)
                && let Some(url) = &setting.value
            {
                entries.push(url);
            }
        }
        crate::links::hosts_of_urls(entries)
    }

    /// The kommune's main e-mail domain, for texts such as "…@askoy.kommune.no".
    pub fn work_domain(&self) -> &str {
        self.email_domains.value.first().map_or("", String::as_str)
    }
}

/// The merged configuration and every problem met on the way.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub config: Config,
    /// Files that were read, in order.
    pub sources: Vec<PathBuf>,
    pub errors: Vec<ConfigError>,
    /// A machine-wide file that exists but that ordinary users can change.
    pub ignored: Vec<Ignored>,
}

/// Reads all layers. Missing machine-wide or user files are normal; a missing `--config` file
/// is an error.
pub fn load(paths: &Paths, cli_config: Option<&Path>) -> Loaded {
    let mut loaded = Loaded {
        config: Config::default(),
        sources: Vec::new(),
        errors: Vec::new(),
        ignored: Vec::new(),
    };
    if let Some(machine) = &paths.machine_config {
        let source = LayerSource::Machine(machine.clone());
        match read_machine_file(machine, paths.machine_trust) {
            MachineFile::Missing => tracing::debug!("no configuration at {}", machine.display()),
            MachineFile::Trusted(text) => {
                loaded.sources.push(machine.clone());
                layer::apply(&mut loaded.config, &text, &source, &mut loaded.errors);
            }
            MachineFile::Ignored(reason) => {
                let ignored = Ignored {
                    path: machine.clone(),
                    reason,
                };
                tracing::warn!("machine-wide configuration {ignored}");
                loaded.ignored.push(ignored);
            }
            MachineFile::Unreadable(error) => {
                loaded.errors.push(ConfigError::unreadable(&source, &error))
            }
            MachineFile::NotText(error) => {
                loaded.errors.push(ConfigError::encoding(&source, &error))
            }
        }
    }
    if paths.machine_trust == MachineTrust::Os {
        let values = policy::read_registry();
        if !values.is_empty() {
            let text = policy::to_toml(&values);
            loaded.sources.push(PathBuf::from(POLICY_KEY));
            layer::apply(
                &mut loaded.config,
                &text,
                &LayerSource::Policy,
                &mut loaded.errors,
            );
        }
    }
    let mut layers: Vec<(PathBuf, LayerSource, bool)> = Vec::new();
    if let Some(user) = &paths.user_config {
        layers.push((user.clone(), LayerSource::User(user.clone()), false));
    }
    if let Some(cli) = cli_config {
        layers.push((
            cli.to_path_buf(),
            LayerSource::CommandLine(cli.to_path_buf()),
            true,
        ));
    }
    for (path, source, required) in layers {
        match std::fs::File::open(&path).and_then(read_capped) {
            Ok(bytes) => {
                loaded.sources.push(path.clone());
                match encoding::decode(&bytes) {
                    Ok(text) => {
                        layer::apply(&mut loaded.config, &text, &source, &mut loaded.errors)
                    }
                    Err(error) => loaded.errors.push(ConfigError::encoding(&source, &error)),
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => {
                tracing::debug!("no configuration at {}", path.display());
            }
            Err(error) => loaded.errors.push(ConfigError::unreadable(&source, &error)),
        }
    }
    loaded
}

/// A configuration file is a few kilobytes; anything far larger is not one.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The one reader for every configuration file (machine-wide, the user's, `--config`): at most
/// [`MAX_CONFIG_BYTES`], and a larger file is an error rather than read in part or whole.
pub(crate) fn read_capped(file: impl std::io::Read) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    file.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {MAX_CONFIG_BYTES} bytes; a configuration file is a few kilobytes"
            ),
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests;
