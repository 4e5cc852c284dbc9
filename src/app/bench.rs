//! Measurement hooks for the benchmark (`bench/run.sh`). Only in builds with the `test-hooks`
//! feature (the benchmark's), and there off unless its environment variables are set:
//! - `PAALOGGING_BENCH_REPORT=FILE`: after every painted frame, rewrite FILE with the time from
//!   process start to the first frame, the frames painted, and the slowest frame's UI time.
//! - `PAALOGGING_BENCH_WALK=N`: walk the whole guide N times by itself, one action per frame,
//!   then report `walk_done`.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::Action;
use paalogging_core::guide::PageKind;
use paalogging_core::wizard::Wizard;

// The switches' names exist only in builds with the hooks: a product binary reads neither.
#[cfg(feature = "test-hooks")]
const REPORT_VAR: Option<&str> = Some("PAALOGGING_BENCH_REPORT");
#[cfg(feature = "test-hooks")]
const WALK_VAR: Option<&str> = Some("PAALOGGING_BENCH_WALK");
#[cfg(not(feature = "test-hooks"))]
const REPORT_VAR: Option<&str> = None;
#[cfg(not(feature = "test-hooks"))]
const WALK_VAR: Option<&str> = None;

static PROCESS_START: OnceLock<Instant> = OnceLock::new();

/// Called first thing in `main`, so the first-frame time counts from process start.
pub fn mark_process_start() {
    PROCESS_START.get_or_init(Instant::now);
}

pub struct BenchHooks {
    report: PathBuf,
    frames: u64,
    first_frame: Option<Duration>,
    slowest_frame: Duration,
    walks_left: u32,
    walk_done: bool,
}

impl BenchHooks {
    pub fn from_env() -> Option<Self> {
        let report = std::env::var_os(REPORT_VAR?)?;
        let walks = WALK_VAR
            .and_then(|name| std::env::var(name).ok())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        Some(Self {
            report: PathBuf::from(report),
            frames: 0,
            first_frame: None,
            slowest_frame: Duration::ZERO,
            walks_left: walks,
            walk_done: walks == 0,
        })
    }

    /// Records a painted frame whose UI work took `ui_time`.
    pub fn frame(&mut self, ui_time: Duration) {
        self.frames += 1;
        self.slowest_frame = self.slowest_frame.max(ui_time);
        if self.first_frame.is_none() {
            self.first_frame = PROCESS_START.get().map(Instant::elapsed);
        }
        let text = format!(
            "first_frame_ms {:.1}\nframes {}\nslowest_frame_ms {:.2}\nwalk_done {}\n",
            self.first_frame.unwrap_or_default().as_secs_f64() * 1000.0,
            self.frames,
            self.slowest_frame.as_secs_f64() * 1000.0,
            u8::from(self.walk_done),
        );
        if let Err(error) =
            paalogging_core::atomic_file::write_atomic(&self.report, text.as_bytes())
        {
            tracing::error!("bench report not written: {error}");
        }
    }

    /// The next action of the scripted walk, if one is under way.
    pub fn walk_step(&mut self, wizard: &Wizard) -> Option<Action> {
        if self.walk_done {
            return None;
        }
        let page = wizard.page()?;
        let action = match page.kind {
            PageKind::Start => page
                .choices
                .first()
                .map(|c| Action::Choose(c.goto.clone()))?,
            PageKind::Finish => {
                self.walks_left = self.walks_left.saturating_sub(1);
                if self.walks_left == 0 {
                    self.walk_done = true;
                }
                Action::Restart
            }
            PageKind::Step | PageKind::Help => {
                let missing = page.inputs.iter().find(|input| {
                    input.required && {
                        let answers = wizard.answers();
                        answers.text(&input.id).is_none() && !answers.flag(&input.id)
                    }
                });
                match missing {
                    Some(input) if input.kind == paalogging_core::guide::InputKind::Email => {
                        Action::SetText {
                            input: input.id.clone(),
                            value: "ola.nordmann@gmail.com".to_owned(),
                        }
                    }
                    Some(input) => Action::SetFlag {
                        input: input.id.clone(),
                        value: true,
                    },
                    None => Action::Next,
                }
            }
        };
        Some(action)
    }
}
