//! The framework's floor for `bench/run.sh`: a bare eframe window with one label, built with
//! the same eframe/egui features as `paalogging` (same workspace, so the same fonts and
//! renderers), the same window size (960×760) and the same renderer choice.
//!
//! ```text
//! cargo run --release --example hello -- [--renderer glow|wgpu]
//! ```
//!
//! `PAALOGGING_BENCH_REPORT=FILE` makes it report exactly like the app (`src/app/bench.rs`):
//! after every UI pass it rewrites FILE with `first_frame_ms` (from the start of `main` to the
//! end of the first UI pass), `frames`, `slowest_frame_ms` (the longest UI pass) and
//! `walk_done 1` (it has no guide to walk).
//!
//! No clap, no logging, no icon: anything beyond eframe itself is the app's own cost.

use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> eframe::Result {
    let process_start = Instant::now();
    let renderer = match renderer_arg() {
        Ok(renderer) => renderer,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("hello")
            .with_inner_size([960.0, 760.0]),
        renderer,
        persist_window: false,
        ..Default::default()
    };
    let report = std::env::var_os("PAALOGGING_BENCH_REPORT").map(|path| BenchReport {
        path: PathBuf::from(path),
        process_start,
        frames: 0,
        first_frame: None,
        slowest_frame: Duration::ZERO,
    });
    eframe::run_native(
        "hello",
        options,
        Box::new(move |_cc| Ok(Box::new(Hello { report }))),
    )
}

/// `--renderer glow|wgpu`, glow when absent (the app tries glow first too).
fn renderer_arg() -> Result<eframe::Renderer, String> {
    let mut args = std::env::args().skip(1);
    let mut renderer = eframe::Renderer::Glow;
    while let Some(arg) = args.next() {
        let value = match arg.strip_prefix("--renderer=") {
            Some(value) => value.to_owned(),
            None if arg == "--renderer" => args.next().unwrap_or_default(),
            None => {
                return Err(format!(
                    "unknown argument {arg:?}; use --renderer glow|wgpu"
                ));
            }
        };
        renderer = match value.as_str() {
            "glow" => eframe::Renderer::Glow,
            "wgpu" => eframe::Renderer::Wgpu,
            _ => return Err(format!("unknown renderer {value:?}; use glow or wgpu")),
        };
    }
    Ok(renderer)
}

struct Hello {
    report: Option<BenchReport>,
}

impl eframe::App for Hello {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let frame_start = Instant::now();
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("Hello, world!");
        });
        if let Some(report) = &mut self.report {
            report.frame(frame_start.elapsed());
        }
    }
}

/// The benchmark's frame figures, written as the app's `BenchHooks` writes them.
struct BenchReport {
    path: PathBuf,
    process_start: Instant,
    frames: u64,
    first_frame: Option<Duration>,
    slowest_frame: Duration,
}

impl BenchReport {
    fn frame(&mut self, ui_time: Duration) {
        self.frames += 1;
        self.slowest_frame = self.slowest_frame.max(ui_time);
        let first = *self
            .first_frame
            .get_or_insert_with(|| self.process_start.elapsed());
        let text = format!(
            "first_frame_ms {:.1}\nframes {}\nslowest_frame_ms {:.2}\nwalk_done 1\n",
            first.as_secs_f64() * 1000.0,
            self.frames,
            self.slowest_frame.as_secs_f64() * 1000.0,
        );
        // Write beside and rename, so a reader never sees half a file (as the app does).
        let partial = self.path.with_extension("partial");
        if std::fs::write(&partial, text).is_ok() {
            let _ = std::fs::rename(&partial, &self.path);
        }
    }
}
