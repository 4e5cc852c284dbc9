//! No panic reaches the user as a vanished window.
//!
//! The hook first writes a crash file in the logs folder, synchronously (the log writer works in
//! the background and may not get to write before the process ends): time, version, OS,
//! renderer, page, thread, message, location and backtrace. Then:
//! - a panic in the window's own thread ends the window; a fresh process (`--show-crash`) shows
//!   the friendly message, with the helpdesk's contact and the crash file, using the renderer
//!   that worked;
//! - a panic in background work (a check, the picture loader, the saver) is caught there: the
//!   check shows as failed, the picture as its alt text, and the window stays;
//! - a panic while a renderer starts (inside eframe/glutin) is caught by [`crate::window`],
//!   which tries the next renderer.
//!
//! Progress is saved as the user goes, so nothing typed is lost.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use paalogging_core::config::Config;
use paalogging_core::config::Renderer;
use paalogging_core::i18n::{UiText, fill};

/// The hidden flag the crash message process is started with.
pub const SHOW_CRASH_FLAG: &str = "--show-crash";
/// With [`SHOW_CRASH_FLAG`]: where the crash file is.
pub const CRASH_FILE_FLAG: &str = "--crash-file";

/// Crash files kept in the logs folder; older ones are removed when a new one is written.
const KEEP_CRASH_FILES: usize = 20;

/// What the window is doing, for the hook's decision and the crash file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before any window (or a command-line mode).
    NoWindow,
    /// A renderer is starting: a panic here is that renderer's failure, not a crash.
    Starting(Renderer),
    /// The window runs with this renderer.
    Running(Renderer),
}

struct Context {
    log_dir: Option<PathBuf>,
    /// Whether a crash should show the message window (not in command-line modes).
    window: bool,
    phase: Phase,
    page: String,
    /// The last panic while a renderer started, for the fallback's log line.
    setup_panic: Option<String>,
}

static CONTEXT: Mutex<Context> = Mutex::new(Context {
    log_dir: None,
    window: false,
    phase: Phase::NoWindow,
    page: String::new(),
    setup_panic: None,
});

static MESSAGE_STARTED: AtomicBool = AtomicBool::new(false);

fn with_context<T>(f: impl FnOnce(&mut Context) -> T) -> T {
    // A poisoned lock still holds usable data: the hook must work after earlier panics.
    let mut guard = CONTEXT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    f(&mut guard)
}

pub fn set_phase(phase: Phase) {
    with_context(|cx| cx.phase = phase);
}

/// The page the user is on, for the crash file. Cheap when unchanged (called every frame).
pub fn note_page(id: &str) {
    with_context(|cx| {
        if cx.page != id {
            cx.page.clear();
            cx.page.push_str(id);
        }
    });
}

/// The message and place of the last panic during a renderer's start, taken once.
pub fn take_setup_panic() -> Option<String> {
    with_context(|cx| cx.setup_panic.take())
}

/// Installs the hook. `log_dir`: where crash files go. With `window`, a crash in the window's
/// thread also starts `paalogging --show-crash`.
pub fn install(log_dir: Option<PathBuf>, window: bool) {
    with_context(|cx| {
        cx.log_dir = log_dir;
        cx.window = window;
    });
    // The default hook is not chained: it would print the unscrubbed message to stderr.
    std::panic::set_hook(Box::new(move |info| {
        let message = paalogging_core::redact::panic_text(info.payload());
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let thread = std::thread::current();
        let thread_name = thread.name().unwrap_or("unnamed").to_owned();
        let ui_thread = thread_name == "main";
        let (log_dir, window, phase, page) = match CONTEXT.try_lock() {
            Ok(cx) => (cx.log_dir.clone(), cx.window, cx.phase, cx.page.clone()),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => {
                let cx = poisoned.into_inner();
                (cx.log_dir.clone(), cx.window, cx.phase, cx.page.clone())
            }
            // Only if the panic came from inside `with_context`: report without the context.
            Err(std::sync::TryLockError::WouldBlock) => {
                (None, false, Phase::NoWindow, String::new())
            }
        };
        if ui_thread && let Phase::Starting(renderer) = phase {
            // Not a crash: the window code catches it and tries the next renderer.
            let summary = format!("{message} at {location}");
            if let Ok(mut cx) = CONTEXT.try_lock() {
                cx.setup_panic = Some(summary);
            }
            tracing::warn!("the {renderer} renderer panicked while starting");
            return;
        }
        let backtrace = std::backtrace::Backtrace::force_capture();
        let record = CrashRecord {
            time: std::time::SystemTime::now(),
            phase,
            page: &page,
            thread: &thread_name,
            message: &message,
            location: &location,
            backtrace: &backtrace.to_string(),
        };
        let file = log_dir.as_deref().map(|dir| write_crash_file(dir, &record));
        let file_note = match &file {
            Some(Ok(path)) => format!("crash file {}", path.display()),
            Some(Err(error)) => format!("crash file not written: {error}"),
            None => "no logs folder for a crash file".to_owned(),
        };
        tracing::error!("crash in thread {thread_name} at {location}: {message} ({file_note})");
        let _ = writeln!(
            std::io::stderr(),
            "Påloggingshjelp: crash at {location}: {message} ({file_note})"
        );
        if window && ui_thread && !MESSAGE_STARTED.swap(true, Ordering::SeqCst) {
            let mut command = match std::env::current_exe() {
                Ok(exe) => std::process::Command::new(exe),
                Err(error) => {
                    tracing::error!("could not show the crash message: {error}");
                    return;
                }
            };
            command.arg(SHOW_CRASH_FLAG);
            // The message must not crash again through the test-only switch.
            #[cfg(feature = "test-hooks")]
            command.env_remove(paalogging_core::test_hooks::ENV);
            if let Phase::Running(renderer) = phase {
                command.args(["--renderer", renderer.name()]);
            }
            if let Some(Ok(path)) = &file {
                command.arg(CRASH_FILE_FLAG).arg(path);
            }
            if let Err(error) = command.spawn() {
                tracing::error!("could not show the crash message: {error}");
            }
        }
        if !ui_thread {
            // Background work catches its own panics and reports the failure itself.
            tracing::warn!("the window stays open; the background task reports a failure");
        }
    }));
}

/// One crash, as written to its file.
pub struct CrashRecord<'a> {
    pub time: std::time::SystemTime,
    pub phase: Phase,
    pub page: &'a str,
    pub thread: &'a str,
    pub message: &'a str,
    pub location: &'a str,
    pub backtrace: &'a str,
}

impl CrashRecord<'_> {
    pub fn render(&self) -> String {
        let os = os_info::get();
        let renderer = match self.phase {
            Phase::NoWindow => "none (before the window)".to_owned(),
            Phase::Starting(r) => format!("{r} (starting)"),
            Phase::Running(r) => r.to_string(),
        };
        format!(
            "Påloggingshjelp crash report\n\
             time: {time}\n\
             version: {version}\n\
             os: {os} ({arch})\n\
             renderer: {renderer}\n\
             page: {page}\n\
             thread: {thread}\n\
             message: {message}\n\
             location: {location}\n\
             \n\
             backtrace:\n{backtrace}\n",
            time = paalogging_core::clock::rfc3339_utc(self.time),
            version = env!("CARGO_PKG_VERSION"),
            arch = std::env::consts::ARCH,
            page = if self.page.is_empty() { "-" } else { self.page },
            thread = self.thread,
            message = self.message,
            location = self.location,
            backtrace = self.backtrace,
        )
    }
}

/// Writes `crash-<time>-<pid>.txt` and flushes it to disk before returning.
pub fn write_crash_file(log_dir: &Path, record: &CrashRecord<'_>) -> std::io::Result<PathBuf> {
    let stamp = paalogging_core::clock::rfc3339_utc(record.time).replace(':', "");
    let path = log_dir.join(format!("crash-{stamp}-{}.txt", std::process::id()));
    // Rendered first (it asks the OS for its version) and put in place whole, so nobody ever
    // reads half a crash file.
    let text = record.render();
    paalogging_core::atomic_file::write_atomic(&path, text.as_bytes())?;
    prune_crash_files(log_dir);
    Ok(path)
}

fn prune_crash_files(log_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(log_dir) else {
        return;
    };
    let mut crashes: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        })
        .collect();
    // The timestamp in the name sorts them oldest first.
    crashes.sort();
    let excess = crashes.len().saturating_sub(KEEP_CRASH_FILES);
    for old in &crashes[..excess] {
        let _ = std::fs::remove_file(old);
    }
}

/// «Påloggingshjelp må avslutte …» with the helpdesk's name, phone and e-mail, and where the
/// crash file is.
pub fn message(text: &UiText, config: &Config, crash_file: Option<&Path>) -> String {
    let helpdesk = &config.helpdesk_name.value;
    let mut lines = vec![
        text.crash_title.clone(),
        fill(&text.crash_body, &[("helpdesk", helpdesk)]),
    ];
    if let Some(phone) = &config.helpdesk_phone.value {
        lines.push(fill(&text.contact_phone, &[("phone", phone)]));
    }
    if let Some(email) = &config.helpdesk_email.value {
        lines.push(fill(&text.contact_email, &[("email", email)]));
    }
    if let Some(path) = crash_file {
        lines.push(fill(
            &text.crash_file,
            &[("path", &path.display().to_string())],
        ));
    }
    lines.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use paalogging_core::i18n::Language;

    #[test]
    fn message_names_the_helpdesk_its_contact_and_the_crash_file() {
        let text = UiText::load(Language::Nb).expect("texts");
        let mut config = Config::default();
        config.helpdesk_name.value = "IT-brukerstøtten".into();
        config.helpdesk_phone.value = Some("56 15 80 00".into());
        let message = message(&text, &config, Some(Path::new("/tmp/logs/crash-1.txt")));
        assert!(
            message.starts_with("Påloggingshjelp må avslutte"),
            "{message}"
        );
        assert!(message.contains("kontakt IT-brukerstøtten"), "{message}");
        assert!(message.contains("Telefon: 56 15 80 00"), "{message}");
        assert!(message.contains("/tmp/logs/crash-1.txt"), "{message}");
    }

    #[test]
    fn crash_file_has_every_field_and_old_ones_are_pruned() {
        let dir = tempfile::tempdir().expect("tempdir");
        for n in 0..KEEP_CRASH_FILES + 3 {
            std::fs::write(dir.path().join(format!("crash-2000-{n:03}.txt")), "old").expect("w");
        }
        let record = CrashRecord {
            time: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_651_200),
            phase: Phase::Running(Renderer::Wgpu),
            page: "unlink_bankid",
            thread: "main",
            message: "boom",
            location: "src/app/mod.rs:1",
            backtrace: "0: paalogging::something",
        };
        let path = write_crash_file(dir.path(), &record).expect("written");
        let text = std::fs::read_to_string(&path).expect("read");
        for expected in [
            "time: 2026-11-26T00:00:00Z",
            concat!("version: ", env!("CARGO_PKG_VERSION")),
            "os: ",
            "renderer: wgpu",
            "page: unlink_bankid",
            "thread: main",
            "message: boom",
            "location: src/app/mod.rs:1",
            "0: paalogging::something",
        ] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
        let left = std::fs::read_dir(dir.path()).expect("dir").count();
        assert_eq!(left, KEEP_CRASH_FILES);
        assert!(path.exists(), "the newest crash file is kept");
    }
}
