//! Where configuration, saved progress, logs and caches live on each OS.

use std::path::{Path, PathBuf};

use super::MachineTrust;

/// All the folders and files the app reads or writes. Tests build one under a temp folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paths {
    /// Machine-wide configuration set by IT.
    pub machine_config: Option<PathBuf>,
    /// How that file is checked before it is trusted (and whether the policy registry is read).
    pub machine_trust: MachineTrust,
    /// The user's own configuration file.
    pub user_config: Option<PathBuf>,
    /// Per-user data: saved progress and logs.
    pub data_dir: Option<PathBuf>,
    /// Per-user cache: guide updates.
    pub cache_dir: Option<PathBuf>,
}

/// Environment variables that move each location, for IT's testing and for our own tests.
/// The machine-wide file cannot be moved by a variable in the product: anyone can set one, and
/// that layer decides what the app trusts. Only builds with the `test-hooks` feature (the test
/// suite, the benchmark) have this switch, and there the file it names is read unchecked.
#[cfg(feature = "test-hooks")]
pub const ENV_MACHINE_CONFIG: &str = "PAALOGGING_MACHINE_CONFIG";
pub const ENV_USER_CONFIG: &str = "PAALOGGING_USER_CONFIG";
pub const ENV_DATA_DIR: &str = "PAALOGGING_DATA_DIR";

impl Paths {
    /// The OS's usual places, each overridable by an environment variable.
    pub fn from_os() -> Self {
        let dirs = directories::ProjectDirs::from("no", "Paalogging", "Paalogging");
        let env_path = |name: &str| std::env::var_os(name).map(PathBuf::from);
        #[cfg(feature = "test-hooks")]
        if let Some(test_machine) = env_path(ENV_MACHINE_CONFIG) {
            return Self {
                machine_config: Some(test_machine),
                machine_trust: MachineTrust::Test,
                ..Self::from_os_with(env_path, dirs.as_ref())
            };
        }
        Self::from_os_with(env_path, dirs.as_ref())
    }

    /// `from_os` with the environment and the OS folders given (tests build two users' this way).
    pub fn from_os_with(
        env_path: impl Fn(&str) -> Option<PathBuf>,
        dirs: Option<&directories::ProjectDirs>,
    ) -> Self {
        Self {
            machine_config: machine_config_path(),
            machine_trust: MachineTrust::Os,
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
            machine_trust: MachineTrust::Test,
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
        // Asked of the Known Folder API: the `ProgramData` variable is the user's to change.
        program_data().map(|base| base.join("Paalogging").join("config.toml"))
    } else if cfg!(target_os = "macos") {
        Some(PathBuf::from(
            "/Library/Application Support/Paalogging/config.toml",
        ))
    } else {
        Some(PathBuf::from("/etc/paalogging/config.toml"))
    }
}

#[cfg(windows)]
fn program_data() -> Option<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    use windows_sys::Win32::System::Com::CoTaskMemFree;
    use windows_sys::Win32::UI::Shell::{
        FOLDERID_ProgramData, KF_FLAG_DEFAULT, SHGetKnownFolderPath,
    };

    let mut raw: windows_sys::core::PWSTR = std::ptr::null_mut();
    // SAFETY: valid out-pointer; the string is freed with CoTaskMemFree whatever the result.
    let status = unsafe {
        SHGetKnownFolderPath(
            &FOLDERID_ProgramData,
            KF_FLAG_DEFAULT as _,
            std::ptr::null_mut(),
            &mut raw,
        )
    };
    let path = (status == 0 && !raw.is_null()).then(|| {
        // SAFETY: a NUL-terminated UTF-16 string from the call above.
        let len = (0..).take_while(|&i| unsafe { *raw.add(i) } != 0).count();
        PathBuf::from(std::ffi::OsString::from_wide(unsafe {
            std::slice::from_raw_parts(raw, len)
        }))
    });
    // SAFETY: allocated by SHGetKnownFolderPath (null is allowed).
    unsafe { CoTaskMemFree(raw as _) };
    if path.is_none() {
        tracing::warn!(
            "the ProgramData folder is unknown (error {status:#x}): no machine-wide file"
        );
    }
    path
}

#[cfg(not(windows))]
fn program_data() -> Option<PathBuf> {
    None
}
