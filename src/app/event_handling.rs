//! The one place where what happened outside the views changes the state: background jobs'
//! events, the first frame, and the zoom keys.

use std::sync::Arc;

use super::App;
use super::jobs::JobEvent;
use crate::view_model::{Notice, Picture};
use paalogging_core::illustrations::Loaded;
use paalogging_core::update::UpdateOutcome;

impl App {
    /// Handles what arrived since the last frame; runs even while the window is hidden.
    pub fn drain_events(&mut self, ctx: &egui::Context) {
        self.start_checks_after_the_first_frame(ctx);
        self.remember_zoom(ctx);
        for event in self.jobs.arrived() {
            self.handle_event(ctx, event);
        }
    }

    fn handle_event(&mut self, ctx: &egui::Context, event: JobEvent) {
        match event {
            JobEvent::Check(event) => self.state.checks.apply(event),
            JobEvent::Picture(loaded) => self.picture_loaded(ctx, loaded),
            JobEvent::SaveFailed(failure) => self.save_failed(&failure),
            JobEvent::Update(UpdateOutcome::Updated(bundle)) => self.use_update(Arc::new(bundle)),
            // Already logged by the fetch; the guide in use stays.
            JobEvent::Update(UpdateOutcome::NotModified(_) | UpdateOutcome::Failed { .. }) => {}
        }
    }

    /// The first checks start after the first frame, so their TLS setup does not compete with
    /// painting it.
    fn start_checks_after_the_first_frame(&mut self, ctx: &egui::Context) {
        if self.checks_started {
            return;
        }
        if ctx.cumulative_pass_nr() > 0 {
            self.checks_started = true;
            self.run_checks();
        } else {
            // Make sure there is a second frame to start them in.
            ctx.request_repaint();
        }
    }

    /// Ctrl +/−/0: remember the size the user picked.
    fn remember_zoom(&mut self, ctx: &egui::Context) {
        let zoom = ctx.zoom_factor();
        if (zoom - self.zoom_seen).abs() > f32::EPSILON {
            self.zoom_seen = zoom;
            self.state.settings.text_scale = Some(zoom);
            self.saver.save_settings(self.state.settings.clone());
        }
    }

    fn picture_loaded(&mut self, ctx: &egui::Context, loaded: Loaded) {
        // A picture released while it was decoding stays released.
        if !self.state.pictures.contains_key(&loaded.request) {
            return;
        }
        let picture = match loaded.result {
            Ok(image) => {
                let name = format!("{}@{:?}", loaded.request.page_id, loaded.request.scale);
                let image = egui::ColorImage::from_rgba_unmultiplied(image.size, &image.pixels);
                Picture::Ready(ctx.load_texture(name, image, egui::TextureOptions::LINEAR))
            }
            Err(error) => {
                tracing::warn!("picture not shown, alt text instead: {error}");
                Picture::Failed
            }
        };
        self.state.pictures.insert(loaded.request, picture);
    }

    /// Logged and shown once per session, not on every write (each keystroke saves).
    fn save_failed(&mut self, failure: &str) {
        if !self.save_failure_reported {
            tracing::error!("progress cannot be saved: {failure}");
            self.save_failure_reported = true;
            self.state.notices.push(Notice::SaveFailed);
        }
    }

    /// A newer verified guide arrived. It replaces the guide now only while the user is still on
    /// the start page; otherwise it is cached and used at the next start.
    fn use_update(&mut self, bundle: Arc<paalogging_core::update::UpdateBundle>) {
        let state = &mut self.state;
        let at_start = state.wizard.is_at_start() && state.resume_offer.is_none();
        match bundle.guide(state.language) {
            Some(guide) if at_start => match state.wizard.with_guide(Arc::new(guide.clone())) {
                Ok(wizard) => {
                    tracing::info!("using guide update {}", bundle.serial);
                    state.wizard = wizard;
                    state.update = Some(bundle);
                }
                Err(error) => tracing::warn!("guide update not used now: {error}"),
            },
            _ => tracing::info!(
                "guide update {} will be used at the next start",
                bundle.serial
            ),
        }
    }
}
