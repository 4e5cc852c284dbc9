//! The eframe application: owns the state, runs the views, applies their actions.

pub mod bench;
mod command_handling;
mod event_handling;
mod jobs;

use crate::view_model::{Action, AppState, Notice, Picture};
use jobs::{JobEvent, Jobs};
use paalogging_core::startup::{Background, Startup};

use std::sync::Arc;

use paalogging_core::checks::{self, CheckBoard, CheckWorker};
use paalogging_core::config::{Config, Paths};
use paalogging_core::guide::{Guide, Onward};
use paalogging_core::i18n::{Language, UiText};
use paalogging_core::illustrations::{self, IllustrationLoader};
use paalogging_core::net::RequestOptions;
use paalogging_core::storage::{LoadedProgress, ProgressStore, Saver, SettingsStore, UserSettings};
use paalogging_core::update::{UpdateBundle, UpdateConfig};
use paalogging_core::wizard::{Progress, Wizard};

pub struct App {
    state: AppState,
    /// Where background work reports; read each frame by [`Self::drain_events`].
    jobs: Jobs,
    saver: Saver,
    /// The network check worker; `None` when checks are off (tests).
    worker: Option<CheckWorker>,
    loader: IllustrationLoader,
    /// Benchmark hooks, only when their environment variables are set.
    bench: Option<bench::BenchHooks>,
    /// Whether the first checks have been started (after the first frame, so their TLS setup
    /// does not compete with painting it).
    checks_started: bool,
    /// The zoom factor last seen, to notice Ctrl +/−/0 and remember the new size.
    zoom_seen: f32,
    /// The save failure notice is shown once per session, not on every write.
    save_failure_reported: bool,
}

/// A guide update is a few hundred kilobytes; it may take longer than a check.
const UPDATE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl App {
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        startup: Startup,
        background: Option<Background>,
    ) -> anyhow::Result<Self> {
        Self::with_context(&cc.egui_ctx, startup, background)
    }

    /// Builds the app for a context (also used by tests that drive the views directly).
    pub fn with_context(
        ctx: &egui::Context,
        startup: Startup,
        background: Option<Background>,
    ) -> anyhow::Result<Self> {
        let Startup {
            loaded,
            paths,
            language,
            settings,
            update,
        } = startup;
        let zoom = apply_look(ctx, &settings);
        let text = UiText::load(language).map_err(anyhow::Error::msg)?;
        let link_hosts = loaded.config.trusted_link_hosts();
        let guide = load_guide(update.as_deref(), language, &link_hosts)?;
        let store = ProgressStore::new(paths.state_file());
        let (resume_offer, mut notices) = saved_progress(&store, &guide);
        if !loaded.errors.is_empty() {
            notices.push(Notice::ConfigProblems(
                loaded.errors.iter().map(ToString::to_string).collect(),
            ));
        }
        let jobs = Jobs::new(ctx);
        let saver = start_saver(&jobs, store, &paths);
        let update_fetch = update_to_fetch(background.as_ref(), &paths, &loaded.config);
        let worker = background.map(|background| start_check_worker(&jobs, background));
        let loader = start_picture_loader(&jobs, &loaded.config, update.as_deref());
        let work_domains = loaded.config.email_domains.value.clone();
        let state = AppState {
            config: Arc::new(loaded.config),
            config_sources: loaded.sources,
            config_errors: loaded.errors,
            config_ignored: loaded.ignored,
            log_dir: paths.log_dir(),
            language,
            text,
            wizard: Wizard::new(guide).with_work_domains(work_domains),
            resume_offer,
            notices,
            feedback: None,
            focus_title: true,
            show_about: false,
            helpdesk_report: None,
            checks: CheckBoard::default(),
            pictures: Default::default(),
            settings,
            link_hosts,
            update,
        };
        let mut app = Self {
            state,
            jobs,
            zoom_seen: zoom,
            checks_started: false,
            bench: bench::BenchHooks::from_env(),
            saver,
            worker,
            loader,
            save_failure_reported: false,
        };
        if let Some((background, update_config)) = update_fetch {
            app.fetch_update(background, update_config);
        }
        Ok(app)
    }

    /// Fetches a signed guide update in the background; it reports as [`JobEvent::Update`].
    fn fetch_update(&mut self, background: Background, update_config: UpdateConfig) {
        let sender = self.jobs.sender();
        let requests = RequestOptions {
            timeout: UPDATE_TIMEOUT,
            ..background.requests
        };
        background.runtime.spawn(async move {
            let outcome = paalogging_core::update::fetch_update(&requests, &update_config).await;
            // The window may have closed meanwhile; then nobody needs the result.
            sender.send(JobEvent::Update(outcome));
        });
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
        let frame_start = std::time::Instant::now();
        self.request_pictures(ui.ctx().pixels_per_point());
        let mut actions = Vec::new();
        if let Some(action) = self
            .bench
            .as_mut()
            .and_then(|b| b.walk_step(&self.state.wizard))
        {
            actions.push(action);
        }
        crate::window::fit::keep_on_screen(ui.ctx());
        crate::views::root_ui(ui, &self.state, &mut actions);
        // The view has moved focus to the title by now.
        self.state.focus_title = false;
        for action in actions {
            self.apply(ui.ctx(), action);
        }
        if let Some(bench) = &mut self.bench {
            bench.frame(frame_start.elapsed());
        }
    }

    /// Keeps the pictures of the current, previous and next page: the next one is decoded
    /// before the user gets there, Back shows one already decoded, and memory stays flat however
    /// long the user walks (textures of other pages are released and decoded again if needed).
    fn request_pictures(&mut self, pixels_per_point: f32) {
        let scale = illustrations::Scale::for_pixels_per_point(pixels_per_point);
        let wizard = &self.state.wizard;
        let Some(page) = wizard.page() else {
            return;
        };
        let next = page.likely_next().map(Onward::target).cloned();
        let neighbours = [next, wizard.history().last().cloned()];
        let pages = std::iter::once(page).chain(
            neighbours
                .iter()
                .flatten()
                .filter_map(|id| wizard.guide().page(id)),
        );
        let wanted: Vec<illustrations::Request> = pages
            .filter_map(|page| {
                page.illustration
                    .as_ref()
                    .map(|illustration| illustrations::Request {
                        page_id: page.id.to_string(),
                        image: illustration.image.clone(),
                        scale,
                    })
            })
            .collect();
        let loader = &mut self.loader;
        self.state.pictures.retain(|request, _| {
            let keep = wanted.contains(request);
            if !keep {
                loader.forget(request);
            }
            keep
        });
        for request in wanted {
            if self.loader.request(request.clone()) {
                self.state.pictures.insert(request, Picture::Loading);
            }
        }
    }
}

/// Theme and text size from the user's settings; returns the text size.
fn apply_look(ctx: &egui::Context, settings: &UserSettings) -> f32 {
    crate::views::theme::apply(ctx, settings.high_contrast);
    let zoom = settings.text_scale();
    // Directly, not through set_zoom_factor: the first frame is laid out at this size.
    ctx.options_mut(|options| options.zoom_factor = zoom);
    zoom
}

/// The guide in `language` (a verified update, else the embedded one); a link outside the
/// allowlist is logged here and refused when clicked.
fn load_guide(
    update: Option<&UpdateBundle>,
    language: Language,
    link_hosts: &[String],
) -> anyhow::Result<Arc<Guide>> {
    let guide = Arc::new(Startup::guide(update, language)?);
    for problem in paalogging_core::links::check_guide_links(&guide, link_hosts) {
        tracing::warn!("guide link refused: {problem}");
    }
    Ok(guide)
}

/// The saved progress to offer to resume (none when it is at the start), and a notice when
/// saved progress could not be used.
fn saved_progress(store: &ProgressStore, guide: &Arc<Guide>) -> (Option<Progress>, Vec<Notice>) {
    match store.load() {
        LoadedProgress::Nothing => (None, Vec::new()),
        LoadedProgress::Saved(progress) => match Wizard::resume(guide.clone(), progress.clone()) {
            Ok(resumed) if !resumed.is_at_start() => (Some(progress), Vec::new()),
            Ok(_) => (None, Vec::new()),
            Err(error) => {
                tracing::warn!("saved progress not used: {error}");
                (None, vec![Notice::StateDiscarded])
            }
        },
        LoadedProgress::Unusable { reason } => {
            tracing::warn!("saved progress not used: {reason}");
            (None, vec![Notice::StateDiscarded])
        }
        LoadedProgress::Newer { format } => {
            tracing::warn!(
                "saved progress is from a newer version (format {format}): kept, not used, \
                 and not saved over"
            );
            (None, vec![Notice::StateNewer])
        }
    }
}

/// Writes progress and settings in the background; a failure comes back as a job event.
fn start_saver(jobs: &Jobs, store: ProgressStore, paths: &Paths) -> Saver {
    let sender = jobs.sender();
    Saver::new(
        store,
        SettingsStore::new(paths.settings_file()),
        move |failure| {
            sender.send(JobEvent::SaveFailed(failure));
        },
    )
}

/// A guide update is fetched when checks run (they bring the runtime and the connection
/// options), there is a cache to keep it in, and the configuration names one.
fn update_to_fetch(
    background: Option<&Background>,
    paths: &Paths,
    config: &Config,
) -> Option<(Background, UpdateConfig)> {
    let (background, cache_dir) = background.zip(paths.cache_dir.as_ref())?;
    let update_config = UpdateConfig::from_config(config, cache_dir)?;
    Some((background.clone(), update_config))
}

fn start_check_worker(jobs: &Jobs, background: Background) -> CheckWorker {
    let sender = jobs.sender();
    CheckWorker::spawn_reporting(&background.runtime, background.requests, move |event| {
        sender.send(JobEvent::Check(event));
    })
}

/// Decodes pictures off the UI thread: IT's folder first, then a guide update's, then the
/// built-in ones.
fn start_picture_loader(
    jobs: &Jobs,
    config: &Config,
    update: Option<&UpdateBundle>,
) -> IllustrationLoader {
    let sender = jobs.sender();
    let published = update
        .map(|bundle| Arc::new(bundle.illustrations.clone()))
        .unwrap_or_default();
    IllustrationLoader::new(
        config.illustrations_dir.value.clone(),
        published,
        move |loaded| sender.send(JobEvent::Picture(loaded)),
    )
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        crate::crash::note_page(&self.state.wizard.current().0);
        self.drain_events(ctx);
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
mod layout_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod way_out_tests;
