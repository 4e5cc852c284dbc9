//! Where configuration, saved progress, logs and caches live on each OS.

use std::path::{Path, PathBuf};

/// All the folders and files the app reads or writes. Tests build one under a temp folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// Machine-wide configuration set by IT.
    pub machine_config: Option<PathBuf>,
    /// The user's own configuration file.
    pub user_config: Option<PathBuf>,
    /// Per-user data: saved progress and logs.
    pub data_dir: Option<PathBuf>,
    /// Per-user cache: guide updates.
    pub cache_dir: Option<PathBuf>,
}

/// Environment variables that move each location, for IT's testing and for our own tests.
pub const ENV_MACHINE_CONFIG: &str = "PAALOGGING_MACHINE_CONFIG";
pub const ENV_USER_CONFIG: &str = "PAALOGGING_USER_CONFIG";
pub const ENV_DATA_DIR: &str = "PAALOGGING_DATA_DIR";

impl Paths {
    /// The OS's usual places, each overridable by an environment variable.
    pub fn from_os() -> Self {
        let dirs = directories::ProjectDirs::from("no", "Paalogging", "Paalogging");
        let env_path = |name: &str| std::env::var_os(name).map(PathBuf::from);
        Self {
            machine_config: env_path(ENV_MACHINE_CONFIG).or_else(machine_config_path),
            user_config: env_path(ENV_USER_CONFIG)
                .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("config.toml"))),
            data_dir: env_path(ENV_DATA_DIR)
                .or_else(|| dirs.as_ref().map(|d| d.data_local_dir().to_path_buf())),
            cache_dir: dirs.as_ref().map(|d| d.cache_dir().to_path_buf()),
        }
    }

    /// Everything under one folder (tests, portable use).
    pub fn under(root: &Path) -> Self {
        Self {
            machine_config: Some(root.join("machine").join("config.toml")),
            user_config: Some(root.join("user").join("config.toml")),
            data_dir: Some(root.join("data")),
            cache_dir: Some(root.join("cache")),
        }
    }

    pub fn state_file(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("progress.json"))
    }

    pub fn settings_file(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("settings.json"))
    }

    pub fn log_dir(&self) -> Option<PathBuf> {
        self.data_dir.as_ref().map(|d| d.join("logs"))
    }
}

/// The machine-wide configuration file. `directories` knows only per-user folders.
fn machine_config_path() -> Option<PathBuf> {
    if cfg!(windows) {
        // %ProgramData% is set on every Windows session; its documented default is the fallback.
        let base = std::env::var_os("ProgramData")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
        Some(base.join("Paalogging").join("config.toml"))
    } else if cfg!(target_os = "macos") {
        Some(PathBuf::from(
            "/Library/Application Support/Paalogging/config.toml",
        ))
    } else {
        Some(PathBuf::from("/etc/paalogging/config.toml"))
    }
}
