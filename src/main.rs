//! `paalogging`: the window, or for IT the command-line modes.
//!
//! [`main`] parses the command line, sets up once (logging, the crash hook, configuration, the
//! language and its texts), and runs one mode, each a function below: the window, `--check`,
//! `--print-config`, `--reset`, or the message after a crash (`--show-crash`).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use paalogging::app::App;
use paalogging::instance::{self, Acquire, FocusRequests, InstanceGuard, SecondLaunch};
use paalogging::window::message::MessageWindow;
use paalogging::window::{self, Renderers};
use paalogging_core::check_command::{self, Format};
use paalogging_core::config::{self, Paths, Renderer};
use paalogging_core::i18n::{Language, UiText, fill};
use paalogging_core::net::RequestOptions;
use paalogging_core::startup::{Background, Startup};
use paalogging_core::storage::ProgressStore;

/// Påloggingshjelp: step-by-step help when Visma says «En intern feil har oppstått» because
/// your BankID is linked to the wrong e-mail address.
#[derive(Parser)]
#[command(name = "paalogging", version, about)]
struct Cli {
    /// Read this configuration file after the machine-wide and the user's files.
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Forget saved progress and exit.
    #[arg(long)]
    reset: bool,

    /// Print the merged configuration with where each value came from, and exit.
    #[arg(long)]
    print_config: bool,

    /// Check the network and every service the guide depends on, print the results and exit
    /// (0: all OK, 1: problems found, 2: usage or configuration error). Needs no display.
    #[arg(long)]
    check: bool,

    /// With --check: print machine-readable JSON instead of a table.
    #[arg(long, requires = "check", conflicts_with = "report")]
    json: bool,

    /// With --check: print the helpdesk report (as «Jeg står fast» in the window builds it).
    #[arg(long, requires = "check")]
    report: bool,

    // The help names the codes from the table of languages.
    #[arg(long, value_name = "LANG", value_parser = parse_language, help = language_help())]
    language: Option<Language>,

    /// Internal: show the crash message (the panic hook starts a new process with this).
    #[arg(long = "show-crash", hide = true)]
    show_crash: bool,

    /// Internal: with --show-crash, the crash file to point to.
    #[arg(long = "crash-file", hide = true, value_name = "PATH")]
    crash_file: Option<PathBuf>,

    /// Try this renderer first (then the others), instead of the configured or remembered order.
    #[arg(long, value_enum, value_name = "RENDERER")]
    renderer: Option<Renderer>,
}

fn language_help() -> String {
    format!(
        "Show the guide in this language ({}) instead of the configured or OS one",
        Language::listed_codes(&[])
    )
}

fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code).ok_or_else(|| {
        format!(
            "unknown language \"{code}\"; use {}",
            Language::listed_codes(&[])
        )
    })
}

/// What a run does: one of these, each one function.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Window,
    Check(Format),
    PrintConfig,
    Reset,
    /// The message after a crash, in a fresh process the panic hook starts.
    ShowCrash,
}

impl Mode {
    /// IT's modes: they log to standard error too, and open no window.
    fn on_command_line(self) -> bool {
        matches!(self, Self::Check(_) | Self::PrintConfig | Self::Reset)
    }
}

impl Cli {
    /// The internal crash message first, then IT's modes; else the window.
    fn mode(&self) -> Mode {
        if self.show_crash {
            Mode::ShowCrash
        } else if self.print_config {
            Mode::PrintConfig
        } else if self.reset {
            Mode::Reset
        } else if self.check {
            Mode::Check(if self.json {
                Format::Json
            } else if self.report {
                Format::Report
            } else {
                Format::Table
            })
        } else {
            Mode::Window
        }
    }
}

/// Exit code for usage or configuration errors (clap uses 2 for usage errors too).
const EXIT_CONFIG: u8 = 2;
/// How long in-flight network work may delay the exit.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(300);
/// The bound on asking the open window to come forward.
const SECOND_LAUNCH_BOUND: Duration = Duration::from_secs(5);

pub fn main() -> ExitCode {
    paalogging::app::bench::mark_process_start();
    one_malloc_arena();
    if std::env::args_os().len() > 1 {
        attach_parent_console();
    }
    let cli = Cli::parse();
    let mode = cli.mode();
    let (startup, text) = match set_up(&cli, mode) {
        Ok(ready) => ready,
        Err(code) => return code,
    };
    match mode {
        Mode::Window => window_mode(&cli, startup, &text),
        Mode::Check(format) => check(&startup, &text, format),
        Mode::PrintConfig => print_config(&startup, &text),
        Mode::Reset => reset(&startup, &text),
        Mode::ShowCrash => show_crash(&cli, &startup, &text),
    }
}

/// Once for every mode: logging, the crash hook, configuration, the language and its texts.
fn set_up(cli: &Cli, mode: Mode) -> Result<(Startup, UiText), ExitCode> {
    let paths = Paths::from_os();
    paalogging::logging::init(paths.log_dir().as_deref(), mode.on_command_line());
    paalogging::crash::install(paths.log_dir(), mode == Mode::Window);
    // Lets the test suite exercise the crash path on purpose; not in the product.
    #[cfg(feature = "test-hooks")]
    if mode != Mode::ShowCrash && paalogging_core::test_hooks::armed("startup") {
        paalogging_core::test_hooks::crash_on_purpose("startup");
    }
    let mut startup = Startup::load(paths, cli.config.as_deref());
    if let Some(language) = cli.language {
        startup.language = language;
    }
    for error in &startup.loaded.errors {
        tracing::warn!("configuration: {error}");
    }
    match UiText::load(startup.language) {
        Ok(text) => Ok((startup, text)),
        Err(error) => Err(texts_missing(mode, &error)),
    }
}

/// The texts are embedded and the tests load every language: only a broken build gets here,
/// and English is all there is left to say it in.
fn texts_missing(mode: Mode, error: &str) -> ExitCode {
    let message = "Påloggingshjelp could not start: its texts in this build cannot be read.";
    if mode.on_command_line() {
        eprintln!("{message}\n({error})");
    } else {
        window::report_no_window(message, &error);
    }
    match mode {
        Mode::Check(_) => ExitCode::from(check_command::EXIT_CONFIG),
        _ => ExitCode::FAILURE,
    }
}

/// The window, unless this user's window is open already: then that one is asked forward.
fn window_mode(cli: &Cli, startup: Startup, text: &UiText) -> ExitCode {
    let renderers = renderers(cli, &startup);
    // The guard lives until the window closes.
    let (_guard, focus) = match claim_window(&startup, text, &renderers) {
        Claim::Open { guard, focus } => (guard, focus),
        Claim::Answered => return ExitCode::SUCCESS,
    };
    let runtime = match start_runtime(text) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    let background = Background {
        runtime: runtime.handle().clone(),
        requests: RequestOptions::from_config(&startup.loaded.config),
    };
    let code = run_window(startup, background, text, &renderers, focus);
    // Checks still in flight are abandoned: closing the window must end the process at once.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    code
}

/// Whether this launch opens a window (one per user session).
enum Claim {
    /// Open one, holding the guard (when the lock could be taken) while it is open, and
    /// answering later launches (when the channel could be opened).
    Open {
        guard: Option<InstanceGuard>,
        focus: Option<FocusRequests>,
    },
    /// This user's window is open and was asked forward, or the user was told why not.
    Answered,
}

fn claim_window(startup: &Startup, text: &UiText, renderers: &Renderers) -> Claim {
    let unguarded = Claim::Open {
        guard: None,
        focus: None,
    };
    let Some(data_dir) = startup.paths.data_dir.as_deref() else {
        return unguarded;
    };
    match instance::acquire(&instance::lock_path(data_dir)) {
        Ok(Acquire::First(guard)) => {
            let focus = instance::listen(data_dir)
                .inspect_err(|error| {
                    tracing::warn!("a second launch cannot bring this window forward: {error}");
                })
                .ok();
            Claim::Open {
                guard: Some(guard),
                focus,
            }
        }
        Ok(Acquire::AlreadyRunning) => {
            if second_launch(text, data_dir, renderers) {
                Claim::Answered
            } else {
                // The channel belongs to someone else: this launch opens a window of its own.
                unguarded
            }
        }
        Err(error) => {
            tracing::warn!("single-instance guard not available, starting anyway: {error}");
            unguarded
        }
    }
}

/// Another window of this user is open: bring it forward, or say why not. `false` when the
/// channel is not to be trusted, and this launch should open its own window.
fn second_launch(text: &UiText, data_dir: &Path, renderers: &Renderers) -> bool {
    let outcome = instance::ask_to_focus(data_dir, SECOND_LAUNCH_BOUND);
    tracing::info!("another window of this user is open; asked it to come forward: {outcome:?}");
    let message = match outcome {
        SecondLaunch::NotTrusted => return false,
        SecondLaunch::Focused => return true,
        SecondLaunch::NoAnswer => text.already_running_no_answer.clone(),
        SecondLaunch::OtherSession(session) => fill(
            &text.already_running_other_session,
            &[("session", &session.to_string())],
        ),
    };
    show_message(message, text.dismiss.clone(), renderers);
    true
}

fn run_window(
    startup: Startup,
    background: Background,
    text: &UiText,
    renderers: &Renderers,
    focus: Option<FocusRequests>,
) -> ExitCode {
    let helpdesk = startup.loaded.config.helpdesk_name.value.clone();
    let log_dir = startup.paths.log_dir();
    let mut make =
        |cc: &eframe::CreationContext<'_>| -> Result<Box<dyn eframe::App>, window::DynError> {
            Ok(Box::new(App::new(
                cc,
                startup.clone(),
                Some(background.clone()),
            )?))
        };
    match window::open("main window", &native_options, renderers, focus, &mut make) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let path = window::logs_hint(log_dir.as_ref());
            let message = fill(&text.no_window, &[("helpdesk", &helpdesk), ("path", &path)]);
            window::report_no_window(&message, &error);
            ExitCode::FAILURE
        }
    }
}

/// `--check`: every check, printed as `format`; the exit code says how it went.
fn check(startup: &Startup, text: &UiText, format: Format) -> ExitCode {
    if !startup.loaded.errors.is_empty() {
        for error in &startup.loaded.errors {
            eprintln!("{error}");
        }
        return ExitCode::from(check_command::EXIT_CONFIG);
    }
    let runtime = match start_runtime(text) {
        Ok(runtime) => runtime,
        Err(code) => return code,
    };
    for line in notes_for_it(startup, text) {
        eprintln!("{line}");
    }
    let code = check_command::run(
        &runtime,
        &startup.loaded.config,
        &startup.loaded.sources,
        text,
        RequestOptions::from_config(&startup.loaded.config),
        format,
    );
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    ExitCode::from(code)
}

/// `--print-config`: notes for IT, then every value with where it came from.
fn print_config(startup: &Startup, text: &UiText) -> ExitCode {
    for line in notes_for_it(startup, text) {
        println!("# {line}");
    }
    print!("{}", config::describe(&startup.loaded.config));
    if startup.loaded.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_CONFIG)
    }
}

/// `--reset`: forgets saved progress (settings stay).
fn reset(startup: &Startup, text: &UiText) -> ExitCode {
    let store = ProgressStore::new(startup.paths.state_file());
    match store.clear_all() {
        Ok(()) => {
            println!("{}", text.reset_done);
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "{}",
                fill(&text.reset_failed, &[("error", &error.to_string())])
            );
            ExitCode::FAILURE
        }
    }
}

/// `--show-crash`: the friendly message after a crash.
fn show_crash(cli: &Cli, startup: &Startup, text: &UiText) -> ExitCode {
    let message =
        paalogging::crash::message(text, &startup.loaded.config, cli.crash_file.as_deref());
    show_message(message, text.close.clone(), &renderers(cli, startup));
    ExitCode::SUCCESS
}

/// For IT, in the user's language: each machine-wide file not used («…: ignored: ordinary
/// users can change it (why)»), and when no helpdesk contact is configured — the window then
/// sends people to the intranet, which may be fine, but should be a choice.
fn notes_for_it(startup: &Startup, text: &UiText) -> Vec<String> {
    let config = &startup.loaded.config;
    let contact_set = config.helpdesk_phone.value.is_some()
        || config.helpdesk_email.value.is_some()
        || config.helpdesk_web.value.is_some();
    let ignored = startup
        .loaded
        .ignored
        .iter()
        .map(|ignored| ignored.said(text));
    ignored
        .chain((!contact_set).then(|| text.helpdesk_contact_unset.clone()))
        .collect()
}

/// The renderers to try, in order: `--renderer`, the configuration's, what this user's
/// machine taught us.
fn renderers(cli: &Cli, startup: &Startup) -> Renderers {
    Renderers::for_user(
        cli.renderer,
        startup.loaded.config.renderer.value,
        startup.paths.data_dir.as_deref(),
    )
}

/// The background runtime for the checks and the guide update.
fn start_runtime(text: &UiText) -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        // One worker: the work is a few requests at a time, all waiting on the network.
        .worker_threads(1)
        .enable_all()
        .thread_name("paalogging-worker")
        .build()
        .map_err(|error| {
            tracing::error!("cannot start the background runtime: {error}");
            eprintln!(
                "{}",
                fill(&text.start_failed, &[("error", &error.to_string())])
            );
            ExitCode::FAILURE
        })
}

fn show_message(message: String, ok: String, renderers: &Renderers) {
    let options = |renderer: Renderer| {
        let mut options = native_options(renderer);
        options.viewport = options
            .viewport
            .with_inner_size([560.0, 260.0])
            .with_min_inner_size([320.0, 160.0]);
        options
    };
    let mut make =
        |cc: &eframe::CreationContext<'_>| -> Result<Box<dyn eframe::App>, window::DynError> {
            paalogging::views::theme::apply(&cc.egui_ctx, false);
            Ok(Box::new(MessageWindow {
                message: message.clone(),
                ok: ok.clone(),
            }))
        };
    if let Err(error) = window::open("message", &options, renderers, None, &mut make) {
        window::report_no_window(&message, &error);
    }
}

/// A release build on Windows has no console of its own; the command-line modes write to the
/// console of the shell that started them.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and has no memory-safety requirements; when
    // there is no parent console it fails, and output goes nowhere as before.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_parent_console() {}

/// glibc gives each thread that allocates a malloc arena of its own, and keeps its memory: with
/// the app's few, mostly idle threads that is ≈ 1.6 MB more private memory per user on a
/// terminal server for no gain (docs/performance.md). Nearly all allocation is on the UI thread,
/// so one arena costs no contention. Before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn one_malloc_arena() {
    // SAFETY: mallopt only sets an allocator parameter; called before other threads exist.
    // It returns 0 when refused, and then glibc keeps its default, which is safe.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn one_malloc_arena() {}

fn native_options(renderer: Renderer) -> eframe::NativeOptions {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Påloggingshjelp")
        .with_app_id(paalogging::APP_ID)
        // Fitted to the screen's work area on the first frame (`window::fit`).
        .with_inner_size([960.0, 600.0])
        .with_min_inner_size(paalogging::window::fit::SMALLEST);
    match eframe::icon_data::from_png_bytes(paalogging::WINDOW_ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(error) => tracing::warn!("window icon not used: {error}"),
    }
    eframe::NativeOptions {
        viewport,
        renderer: window::eframe_renderer(renderer),
        // Our own saved progress is the only state; eframe's storage is not used.
        persist_window: false,
        ..Default::default()
    }
}
