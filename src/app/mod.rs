//! The eframe application: owns the state, runs the views, applies their actions.

mod action;
mod command_handling;
mod startup;
mod state;

pub use action::Action;
pub use startup::{ChecksSetup, Startup};
pub use state::{AppState, Feedback, Notice};

use std::sync::Arc;

use crate::checks::{self, CheckBoard, CheckWorker};
use crate::guide;
use crate::i18n::UiText;
use crate::storage::{LoadedProgress, ProgressStore, Saver};
use crate::wizard::Wizard;

pub struct App {
    state: AppState,
    saver: Saver,
    /// The network check worker; `None` when checks are off (tests).
    worker: Option<CheckWorker>,
    /// The save failure notice is shown once per session, not on every write.
    save_failure_reported: bool,
}

impl App {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        startup: Startup,
        checks: Option<ChecksSetup>,
    ) -> anyhow::Result<Self> {
        crate::ui::theme::apply(&cc.egui_ctx);
        Self::with_context(&cc.egui_ctx, startup, checks)
    }

    /// Builds the app for a context (also used by tests that drive the views directly).
    pub fn with_context(
        ctx: &egui::Context,
        startup: Startup,
        checks: Option<ChecksSetup>,
    ) -> anyhow::Result<Self> {
        let Startup {
            loaded,
            paths,
            language,
        } = startup;
        let text = UiText::load(language).map_err(anyhow::Error::msg)?;
        let guide = Arc::new(guide::embedded(language)?);
        let store = ProgressStore::new(paths.state_file());
        let mut notices = Vec::new();
        let resume_offer = match store.load() {
            LoadedProgress::Nothing => None,
            LoadedProgress::Saved(progress) => {
                match Wizard::resume(guide.clone(), progress.clone()) {
                    Ok(resumed) if !resumed.is_at_start() => Some(progress),
                    Ok(_) => None,
                    Err(error) => {
                        tracing::warn!("saved progress not used: {error}");
                        notices.push(Notice::StateDiscarded);
                        None
                    }
                }
            }
            LoadedProgress::Unusable { reason } => {
                tracing::warn!("saved progress not used: {reason}");
                notices.push(Notice::StateDiscarded);
                None
            }
        };
        if !loaded.errors.is_empty() {
            notices.push(Notice::ConfigProblems(
                loaded.errors.iter().map(ToString::to_string).collect(),
            ));
        }
        let wake_ctx = ctx.clone();
        let saver = Saver::new(store, move || wake_ctx.request_repaint());
        let worker = checks.map(|setup| {
            let wake_ctx = ctx.clone();
            CheckWorker::spawn(&setup.runtime, setup.options, move || {
                wake_ctx.request_repaint()
            })
        });
        let mut app = Self {
            state: AppState {
                config: Arc::new(loaded.config),
                config_sources: loaded.sources,
                config_errors: loaded.errors,
                log_dir: paths.log_dir(),
                language,
                text,
                wizard: Wizard::new(guide),
                resume_offer,
                notices,
                feedback: None,
                focus_title: true,
                show_about: false,
                checks: CheckBoard::default(),
            },
            saver,
            worker,
            save_failure_reported: false,
        };
        app.run_checks();
        Ok(app)
    }

    /// Starts (or restarts) the background checks, if they are on.
    pub(crate) fn run_checks(&mut self) {
        if let Some(worker) = &mut self.worker {
            let specs = checks::plan(&self.state.config);
            let run = worker.run(specs.clone());
            self.state.checks.start(run, specs);
        }
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Runs the views once and applies what they asked for.
    pub fn ui_and_apply(&mut self, ui: &mut egui::Ui) {
        let mut actions = Vec::new();
        crate::ui::root_ui(ui, &self.state, &mut actions);
        // The view has moved focus to the title by now.
        self.state.focus_title = false;
        for action in actions {
            self.apply(ui.ctx(), action);
        }
    }

    /// Handles background results; runs even while the window is hidden.
    pub fn drain_events(&mut self) {
        if let Some(worker) = &mut self.worker {
            for event in worker.try_events() {
                self.state.checks.apply(event);
            }
        }
        let failures = self.saver.failures();
        if let Some(failure) = failures.first()
            && !self.save_failure_reported
        {
            tracing::error!("progress cannot be saved: {failure}");
            self.save_failure_reported = true;
            self.state.notices.push(Notice::SaveFailed);
        }
    }
}

impl eframe::App for App {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui_and_apply(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_progress();
        self.saver.flush();
    }
}

#[cfg(test)]
mod tests;
