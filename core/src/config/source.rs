//! Where a configuration value came from: the layers, in the order they apply.

use std::fmt;
use std::path::PathBuf;

/// The policy registry key Group Policy and Intune write (Windows).
pub const POLICY_KEY: &str = r"HKLM\SOFTWARE\Policies\Paalogging";

/// Where a configuration value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LayerSource {
    Default,
    Machine(PathBuf),
    /// The Windows policy registry key ([`POLICY_KEY`]); it wins over the machine-wide file.
    Policy,
    User(PathBuf),
    CommandLine(PathBuf),
}

impl LayerSource {
    pub fn path(&self) -> Option<&PathBuf> {
        match self {
            Self::Default | Self::Policy => None,
            Self::Machine(path) | Self::User(path) | Self::CommandLine(path) => Some(path),
        }
    }

    /// The embedded defaults and IT's machine-wide settings: what an ordinary user cannot set.
    pub fn is_machine_wide(&self) -> bool {
        matches!(self, Self::Default | Self::Machine(_) | Self::Policy)
    }

    /// How errors name this layer.
    pub(super) fn file_name(&self) -> String {
        match self {
            Self::Policy => POLICY_KEY.to_owned(),
            _ => self
                .path()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        }
    }
}

impl fmt::Display for LayerSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Default => f.write_str("embedded default"),
            Self::Machine(path) => write!(f, "machine-wide {}", path.display()),
            Self::Policy => write!(f, "policy {POLICY_KEY}"),
            Self::User(path) => write!(f, "user {}", path.display()),
            Self::CommandLine(path) => write!(f, "--config {}", path.display()),
        }
    }
}
