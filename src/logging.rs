//! Logs: a daily file in the per-user data folder (a week kept) and, for command-line use,
//! standard error. Nothing personal is logged: no e-mail addresses, no passwords.

use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

const KEEP_DAYS: usize = 7;

/// Starts logging. Lines are written to the file as they come, on the thread that logs them: the
/// app logs a few dozen lines a run, so a writer thread and its queue (one more thread and its
/// memory per user on a terminal server) buy nothing, and a line logged just before a crash or
/// exit is never left in a queue.
pub fn init(log_dir: Option<&Path>, stderr: bool) {
    let filter = || {
        EnvFilter::try_from_env("PAALOGGING_LOG")
            .unwrap_or_else(|_| EnvFilter::new("info,wgpu=warn,naga=warn,egui_glow=warn"))
    };
    let file = log_dir.and_then(|dir| {
        // The appender prunes old files at start and complains if the folder is missing.
        std::fs::create_dir_all(dir).ok()?;
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("paalogging")
            .filename_suffix("log")
            .max_log_files(KEEP_DAYS)
            .build(dir)
            .ok()
    });
    let file_layer = file.map(|appender| {
        tracing_subscriber::fmt::layer()
            .with_writer(appender)
            .with_ansi(false)
            .with_filter(filter())
    });
    let stderr_layer = stderr.then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(stderr_shows_colour())
            .with_filter(filter())
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
}

/// Colour codes only where they turn into colour: a terminal (not `2>file` or a pipe), not
/// `TERM=dumb`, no `NO_COLOR`, and on Windows a console that understands them.
fn stderr_shows_colour() -> bool {
    use std::io::IsTerminal;
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    colour_wanted(
        std::io::stderr().is_terminal(),
        set("NO_COLOR"),
        std::env::var_os("TERM").is_some_and(|term| term == "dumb"),
    ) && console_understands_ansi()
}

fn colour_wanted(is_terminal: bool, no_color: bool, term_dumb: bool) -> bool {
    is_terminal && !no_color && !term_dumb
}

/// Windows 10+ consoles show ANSI colours once asked to; older ones (and the legacy console)
/// refuse, and then print the codes as text.
#[cfg(windows)]
fn console_understands_ansi() -> bool {
    use windows_sys::Win32::System::Console::{
        CONSOLE_MODE, ENABLE_VIRTUAL_TERMINAL_PROCESSING, GetConsoleMode, GetStdHandle,
        STD_ERROR_HANDLE, SetConsoleMode,
    };
    // SAFETY: plain calls on this process's standard error handle; `mode` is a valid out
    // pointer for the duration of the call.
    unsafe {
        let handle = GetStdHandle(STD_ERROR_HANDLE);
        let mut mode: CONSOLE_MODE = 0;
        if GetConsoleMode(handle, &mut mode) == 0 {
            return false;
        }
        mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING != 0
            || SetConsoleMode(handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0
    }
}

#[cfg(not(windows))]
fn console_understands_ansi() -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::colour_wanted;

    #[test]
    fn colour_only_on_a_terminal_that_wants_it() {
        assert!(colour_wanted(true, false, false));
        // `2>file`, a pipe, NO_COLOR, TERM=dumb:
        assert!(!colour_wanted(false, false, false));
        assert!(!colour_wanted(true, true, false));
        assert!(!colour_wanted(true, false, true));
    }
}
