//! Helpers for the test suites of the core and the app: loopback HTTP(S) servers with
//! certificates made in the test ([`loopback`]), and running one of the binaries apart from the
//! machine's own settings. Only in builds with the `test-support` feature, which the test suites
//! turn on through their dev-dependencies; never in the product or the benchmark.

pub mod loopback;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Environment variables that would send the binary's requests through this machine's proxy.
const PROXY_VARIABLES: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];

/// A command for one of the project's binaries (`env!("CARGO_BIN_EXE_…")` in the test) that
/// touches nothing of this machine's: machine-wide and user configuration files in `dir`, the
/// data folder `data_dir`, bokmål whatever the machine's locale, and no proxy from the
/// environment.
pub fn isolated_command(binary: impl AsRef<OsStr>, dir: &Path, data_dir: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .env("PAALOGGING_MACHINE_CONFIG", dir.join("machine.toml"))
        .env("PAALOGGING_USER_CONFIG", dir.join("user.toml"))
        .env("PAALOGGING_DATA_DIR", data_dir)
        .env("LANG", "nb_NO.UTF-8")
        .env_remove("LC_ALL");
    for variable in PROXY_VARIABLES {
        command.env_remove(variable);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_isolated_command_reads_and_writes_only_under_its_folder() {
        let dir = Path::new("/tmp/isolated");
        let command = isolated_command("paalogging", dir, &dir.join("data"));
        let envs: Vec<(String, Option<String>)> = command
            .get_envs()
            .map(|(key, value)| {
                let text = |s: &OsStr| s.to_string_lossy().into_owned();
                (text(key), value.map(text))
            })
            .collect();
        let set = |key: &str| {
            envs.iter()
                // Windows' variable names ignore case: the four proxy names are two there.
                .find(|(k, _)| {
                    if cfg!(windows) {
                        k.eq_ignore_ascii_case(key)
                    } else {
                        k == key
                    }
                })
                .unwrap_or_else(|| panic!("{key} is left as the machine has it"))
                .1
                .clone()
        };
        let under = |path: &str| Some(dir.join(path).display().to_string());
        assert_eq!(set("PAALOGGING_MACHINE_CONFIG"), under("machine.toml"));
        assert_eq!(set("PAALOGGING_USER_CONFIG"), under("user.toml"));
        assert_eq!(set("PAALOGGING_DATA_DIR"), under("data"));
        assert_eq!(set("LANG").as_deref(), Some("nb_NO.UTF-8"));
        for removed in [
            "LC_ALL",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            assert_eq!(set(removed), None, "{removed} is removed");
        }
    }
}
