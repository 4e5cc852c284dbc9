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
use paalogging_core::guide::{Onward, Page, PageKind};
use paalogging_core::wizard::{Blocker, Wizard};

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
    /// Where the frame figures go (`PAALOGGING_BENCH_REPORT`).
    report_file: PathBuf,
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
            report_file: PathBuf::from(report),
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
            paalogging_core::atomic_file::write_atomic(&self.report_file, text.as_bytes())
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
        if page.kind == PageKind::Finish {
            self.walks_left = self.walks_left.saturating_sub(1);
            if self.walks_left == 0 {
                self.walk_done = true;
            }
            return Some(Action::Restart);
        }
        walk_action(wizard, page)
    }
}

/// The private address the walk types where the wrong address is asked for.
const WALK_ADDRESS: &str = "ola.nordmann@gmail.com";

/// One action of the walk on `page`: what the page asks for first (an address, a tick, a work
/// address on the kommune's first domain), then the way a user most likely takes. `None` where
/// the walk cannot go on (a work address with no domain configured).
fn walk_action(wizard: &Wizard, page: &Page) -> Option<Action> {
    let Some(blocker) = wizard.input_blockers(page).into_iter().next() else {
        return Some(match page.likely_next()? {
            Onward::Next(_) => Action::Next,
            Onward::Choice(choice) => Action::Choose(choice.goto.clone()),
        });
    };
    Some(match blocker {
        Blocker::Email { input } => Action::SetText {
            input,
            value: WALK_ADDRESS.to_owned(),
        },
        Blocker::Confirm { input } => Action::SetFlag { input, value: true },
        Blocker::WorkAddressUnconfirmed { input } => {
            Action::ConfirmWorkAddress { input, value: true }
        }
        Blocker::WorkEmail { input } | Blocker::RefusedEmail { input } => Action::SetText {
            input,
            value: format!("ola.nordmann@{}", wizard.work_domains().first()?),
        },
        Blocker::NoNext => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use paalogging_core::guide;
    use paalogging_core::i18n::Language;

    /// Applies the walk's actions to a wizard as `App::apply` does.
    fn apply(wizard: &mut Wizard, action: Action) {
        let at = wizard.current().clone();
        match action {
            Action::Next => {
                if let Err(blockers) = wizard.go_next() {
                    panic!("Next on {at}: {blockers:?}");
                }
            }
            Action::Choose(target) => assert!(wizard.choose(&target), "{target} from {at}"),
            Action::Restart => wizard.restart(),
            Action::SetText { input, value } => wizard.set_text(&input, value),
            Action::SetFlag { input, value } => wizard.set_flag(&input, value),
            Action::ConfirmWorkAddress { input, value } => wizard.set_work_confirmed(&input, value),
            other => panic!("the walk asked for {other:?} on {at}"),
        }
    }

    /// Two walks of the whole guide reach the finish page twice and report done, within a bound
    /// that allows a few actions per page: the walk never stands still on a page.
    #[test]
    fn the_walk_goes_through_the_whole_guide_and_finishes() {
        let guide = Arc::new(guide::embedded(Language::Nb).expect("guide"));
        let pages = guide.pages.len();
        let mut wizard = Wizard::new(guide).with_work_domains(vec!["bench.kommune.no".to_owned()]);
        let mut hooks = BenchHooks {
            report_file: PathBuf::new(),
            frames: 0,
            first_frame: None,
            slowest_frame: Duration::ZERO,
            walks_left: 2,
            walk_done: false,
        };
        let mut visited = Vec::new();
        for _ in 0..(pages * 4 * 2) {
            let Some(action) = hooks.walk_step(&wizard) else {
                break;
            };
            apply(&mut wizard, action);
            visited.push(wizard.current().to_string());
        }
        assert!(
            hooks.walk_done,
            "the walk stopped on {}: {visited:?}",
            wizard.current()
        );
        assert_eq!(
            visited.iter().filter(|id| *id == "finish").count(),
            2,
            "{visited:?}"
        );
        assert!(visited.iter().any(|id| id == "log-in-again"), "{visited:?}");
    }
}
