//! Logs: a daily file in the per-user data folder (a week kept) and, for command-line use,
//! standard error. Nothing personal is logged: no e-mail addresses, no passwords.

use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Keeps the background log writer alive; drop it last so the final lines reach the file.
pub struct LogGuard {
    _writer: Option<tracing_appender::non_blocking::WorkerGuard>,
}

const KEEP_DAYS: usize = 7;

pub fn init(log_dir: Option<&Path>, stderr: bool) -> LogGuard {
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
    let (file_layer, guard) = match file {
        Some(appender) => {
            // A small queue: the default reserves room for 128 000 lines (about 4 MB per user on
            // a terminal server). Under a flood, lines are dropped rather than blocking the UI.
            let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
                .buffered_lines_limit(1_000)
                .lossy(true)
                .finish(appender);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false)
                .with_filter(filter());
            (Some(layer), Some(guard))
        }
        None => (None, None),
    };
    let stderr_layer = stderr.then(|| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(filter())
    });
    let _ = tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init();
    LogGuard { _writer: guard }
}
