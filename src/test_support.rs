//! Helpers shared by the lib's unit tests and the integration tests: stepping a window driven
//! through egui_kittest until background work is done, and running this crate's binary apart
//! from the machine's own settings. Only in builds with the `test-support` feature, which
//! `cargo test` turns on (Cargo.toml's dev-dependency on this crate); never in the product or
//! the benchmark.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use egui_kittest::Harness;

/// Frames [`step_until`] waits before it gives up: with [`PAUSE`] between them, several
/// seconds, far longer than a decode, a loopback check or an update needs on a loaded machine.
pub const MAX_STEPS: usize = 500;

/// Between two frames, so background work (a worker thread, a loopback server) gets the CPU.
const PAUSE: Duration = Duration::from_millis(10);

/// Steps frames until `done` holds, waiting on background work; panics naming `what` after
/// [`MAX_STEPS`] frames. Returns at once when `done` already holds. It only steps: call
/// `harness.run()` afterwards for a settled frame.
pub fn step_until<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    done: impl Fn(&Harness<'_, State>) -> bool,
) {
    step_until_within(harness, what, MAX_STEPS, done);
}

fn step_until_within<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    max_steps: usize,
    done: impl Fn(&Harness<'_, State>) -> bool,
) {
    for _ in 0..max_steps {
        if done(harness) {
            return;
        }
        std::thread::sleep(PAUSE);
        harness.step();
    }
    if !done(harness) {
        panic!("step_until: gave up waiting for {what} after {max_steps} frames");
    }
}

/// Environment variables that would send the binary's requests through this machine's proxy.
const PROXY_VARIABLES: [&str; 4] = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];

/// A command for one of this crate's binaries (`env!("CARGO_BIN_EXE_…")` in the test) that
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

    /// A window that counts its frames.
    fn counting() -> Harness<'static, u32> {
        Harness::new_ui_state(
            |ui, frames: &mut u32| {
                *frames += 1;
                ui.label(format!("frame {frames}"));
            },
            0,
        )
    }

    #[test]
    fn returns_once_the_condition_holds() {
        let mut harness = counting();
        // Building the harness already ran a few frames.
        let wanted = *harness.state() + 3;
        step_until(&mut harness, "three more frames", |h| *h.state() >= wanted);
        assert_eq!(*harness.state(), wanted, "no frame more than needed");
        // Already true: no frame at all.
        step_until(&mut harness, "three more frames", |h| *h.state() >= wanted);
        assert_eq!(*harness.state(), wanted);
    }

    #[test]
    #[should_panic(expected = "step_until: gave up waiting for ten more frames after 5 frames")]
    fn gives_up_after_its_bound_naming_what_it_waited_for() {
        let mut harness = counting();
        let wanted = *harness.state() + 10;
        step_until_within(&mut harness, "ten more frames", 5, |h| *h.state() >= wanted);
    }

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
