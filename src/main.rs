//! `paalogging`: the window, or for IT the command-line modes.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use std::time::Duration;

use paalogging::app::App;
use paalogging::instance::{self, Acquire};
use paalogging::instance::{FocusRequests, SecondLaunch};
use paalogging::window::message::MessageWindow;
use paalogging::window::{self, Renderers};
use paalogging_core::check_command;
use paalogging_core::config::Renderer;
use paalogging_core::config::{self, Paths};
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

    /// Show the guide in this language (nb, nn or en) instead of the configured or OS one.
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
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

fn parse_language(code: &str) -> Result<Language, String> {
    Language::from_code(code)
        .ok_or_else(|| format!("unknown language \"{code}\"; use nb, nn or en"))
}

/// «…: ignored: ordinary users can change it (why)» for each machine-wide file not used, in
/// the user's language.
fn ignored_lines(startup: &Startup) -> Vec<String> {
    let text = UiText::load(startup.language).ok();
    let ignored = &startup.loaded.ignored;
    ignored
        .iter()
        .map(|ignored| match &text {
            Some(text) => ignored.said(text),
            None => ignored.to_string(),
        })
        .collect()
}

/// Tells IT when no helpdesk contact is configured: the window then sends people to the
/// intranet, which may be fine, but should be a choice.
fn helpdesk_note(startup: &Startup) -> Option<String> {
    let config = &startup.loaded.config;
    let set = config.helpdesk_phone.value.is_some()
        || config.helpdesk_email.value.is_some()
        || config.helpdesk_web.value.is_some();
    if set {
        return None;
    }
    let text = UiText::load(startup.language).ok()?;
    Some(text.helpdesk_contact_unset)
}

/// Exit code for usage or configuration errors (clap uses 2 for usage errors too).
const EXIT_CONFIG: u8 = 2;

pub fn main() -> ExitCode {
    paalogging::app::bench::mark_process_start();
    one_malloc_arena();
    if std::env::args_os().len() > 1 {
        attach_parent_console();
    }
    let cli = Cli::parse();
    let paths = Paths::from_os();
    let command_line_mode = cli.reset || cli.print_config || cli.check;
    paalogging::logging::init(paths.log_dir().as_deref(), command_line_mode);
    paalogging::crash::install(paths.log_dir(), !command_line_mode && !cli.show_crash);
    // Lets the test suite exercise the crash path on purpose; not in the product.
    #[cfg(feature = "test-hooks")]
    if !cli.show_crash && paalogging_core::test_hooks::armed("startup") {
        paalogging_core::test_hooks::crash_on_purpose("startup");
    }
    let mut startup = Startup::load(paths, cli.config.as_deref());
    if let Some(language) = cli.language {
        startup.language = language;
    }
    for error in &startup.loaded.errors {
        tracing::warn!("configuration: {error}");
    }

    let renderers = Renderers::for_user(
        cli.renderer,
        startup.loaded.config.renderer.value,
        startup.paths.data_dir.as_deref(),
    );
    if cli.show_crash {
        show_crash(&startup, &renderers, cli.crash_file.as_deref());
        return ExitCode::SUCCESS;
    }
    if cli.print_config {
        for line in ignored_lines(&startup)
            .into_iter()
            .chain(helpdesk_note(&startup))
        {
            println!("# {line}");
        }
        print!("{}", config::describe(&startup.loaded.config));
        return if startup.loaded.errors.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(EXIT_CONFIG)
        };
    }
    if cli.reset {
        let store = ProgressStore::new(startup.paths.state_file());
        return match store.clear_all() {
            Ok(()) => {
                println!("Lagret framdrift er slettet.");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("Kunne ikke slette lagret framdrift: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        // One worker: the work is a few requests at a time, all waiting on the network.
        .worker_threads(1)
        .enable_all()
        .thread_name("paalogging-worker")
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            tracing::error!("cannot start the background runtime: {error}");
            eprintln!("Påloggingshjelp kunne ikke starte: {error}");
            return ExitCode::FAILURE;
        }
    };
    let requests = RequestOptions::from_config(&startup.loaded.config);
    if cli.check {
        if !startup.loaded.errors.is_empty() {
            for error in &startup.loaded.errors {
                eprintln!("{error}");
            }
            return ExitCode::from(check_command::EXIT_CONFIG);
        }
        let text = match UiText::load(startup.language) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(check_command::EXIT_CONFIG);
            }
        };
        for line in ignored_lines(&startup)
            .into_iter()
            .chain(helpdesk_note(&startup))
        {
            eprintln!("{line}");
        }
        let format = if cli.json {
            check_command::Format::Json
        } else if cli.report {
            check_command::Format::Report
        } else {
            check_command::Format::Table
        };
        let code = check_command::run(
            &runtime,
            &startup.loaded.config,
            &startup.loaded.sources,
            &text,
            requests,
            format,
        );
        runtime.shutdown_timeout(SHUTDOWN_GRACE);
        return ExitCode::from(code);
    }
    // One window per user session; the guard lives until the window closes.
    let data_dir = startup.paths.data_dir.clone();
    let (_instance, focus) = match data_dir
        .as_ref()
        .map(|dir| (dir, instance::acquire(&instance::lock_path(dir))))
    {
        Some((dir, Ok(Acquire::First(guard)))) => {
            let focus = instance::listen(dir)
                .inspect_err(|error| {
                    tracing::warn!("a second launch cannot bring this window forward: {error}");
                })
                .ok();
            (Some(guard), focus)
        }
        Some((dir, Ok(Acquire::AlreadyRunning))) => {
            if second_launch(&startup, dir, &renderers) {
                return ExitCode::SUCCESS;
            }
            // The channel belongs to someone else: this launch opens a window of its own.
            (None, None)
        }
        Some((_, Err(error))) => {
            tracing::warn!("single-instance guard not available, starting anyway: {error}");
            (None, None)
        }
        None => (None, None),
    };
    let background = Background {
        runtime: runtime.handle().clone(),
        requests,
    };
    let code = run_window(startup, Some(background), &renderers, focus);
    // Checks still in flight are abandoned: closing the window must end the process at once.
    runtime.shutdown_timeout(SHUTDOWN_GRACE);
    code
}

/// How long in-flight network work may delay the exit.
const SHUTDOWN_GRACE: Duration = Duration::from_millis(300);

fn run_window(
    startup: Startup,
    background: Option<Background>,
    renderers: &Renderers,
    focus: Option<FocusRequests>,
) -> ExitCode {
    let text = UiText::load(startup.language).ok();
    let helpdesk = startup.loaded.config.helpdesk_name.value.clone();
    let log_dir = startup.paths.log_dir();
    let mut make = |cc: &eframe::CreationContext<'_>| -> Result<Box<dyn eframe::App>, paalogging::window::DynError> {
        Ok(Box::new(App::new(cc, startup.clone(), background.clone())?))
    };
    match window::open("main window", &native_options, renderers, focus, &mut make) {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            let message = text.map_or_else(
                || "Påloggingshjelp could not open its window.".to_owned(),
                |text| {
                    fill(
                        &text.no_window,
                        &[
                            ("helpdesk", &helpdesk),
                            ("path", &window::logs_hint(log_dir.as_ref())),
                        ],
                    )
                },
            );
            window::report_no_window(&message, &error);
            ExitCode::FAILURE
        }
    }
}

/// The bound on asking the open window to come forward.
const SECOND_LAUNCH_BOUND: Duration = Duration::from_secs(5);

/// Another window of this user is open: bring it forward, or say why not. `false` when the
/// channel is not to be trusted, and this launch should open its own window.
fn second_launch(startup: &Startup, data_dir: &std::path::Path, renderers: &Renderers) -> bool {
    let outcome = instance::ask_to_focus(data_dir, SECOND_LAUNCH_BOUND);
    tracing::info!("another window of this user is open; asked it to come forward: {outcome:?}");
    if outcome == SecondLaunch::NotTrusted {
        return false;
    }
    let Ok(text) = UiText::load(startup.language) else {
        return true;
    };
    let message = match outcome {
        SecondLaunch::Focused | SecondLaunch::NotTrusted => return true,
        SecondLaunch::NoAnswer => text.already_running_no_answer.clone(),
        SecondLaunch::OtherSession(session) => fill(
            &text.already_running_other_session,
            &[("session", &session.to_string())],
        ),
    };
    show_message(message, text.dismiss.clone(), renderers);
    true
}

/// The friendly message after a crash, shown by a fresh process the panic hook starts.
fn show_crash(startup: &Startup, renderers: &Renderers, crash_file: Option<&std::path::Path>) {
    let Ok(text) = UiText::load(startup.language) else {
        return;
    };
    let message = paalogging::crash::message(&text, &startup.loaded.config, crash_file);
    show_message(message, text.close, renderers);
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
    let mut make = |cc: &eframe::CreationContext<'_>| -> Result<Box<dyn eframe::App>, paalogging::window::DynError> {
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
