//! The one place where actions from the views change the state.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::App;
use crate::view_model::{Action, Feedback};

use paalogging_core::i18n::UiText;
use paalogging_core::wizard::Wizard;

impl App {
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        let state = &mut self.state;
        match action {
            Action::Next => {
                if state.wizard.go_next().is_ok() {
                    self.page_changed();
                }
            }
            Action::Back => {
                if state.wizard.back() {
                    self.page_changed();
                }
            }
            Action::Choose(target) => {
                if state.wizard.choose(&target) {
                    self.page_changed();
                }
            }
            Action::Restart => {
                state.wizard.restart();
                state.resume_offer = None;
                self.saver.clear();
                self.page_changed();
            }
            Action::SetText { input, value } => {
                state.wizard.set_text(&input, value);
                self.save_progress();
            }
            Action::SetFlag { input, value } => {
                state.wizard.set_flag(&input, value);
                self.save_progress();
            }
            Action::ConfirmWorkAddress { input, value } => {
                state.wizard.set_work_confirmed(&input, value);
                self.save_progress();
            }
            Action::OpenUrl(url) => {
                match paalogging_core::links::check_link(&url, &state.link_hosts) {
                    Ok(_) => {
                        let host = paalogging_core::links::host_for_log(&url);
                        tracing::info!("opening a page on {host} in the browser");
                        ctx.open_url(egui::OpenUrl::new_tab(&url));
                        state.feedback = Some(Feedback::Opened(url));
                    }
                    Err(error) => {
                        let host = paalogging_core::links::host_for_log(&url);
                        tracing::warn!("refused to open a link to {host}: {error}");
                        state.feedback = Some(Feedback::Refused(url));
                    }
                }
            }
            Action::Copy { what, text } => {
                ctx.copy_text(text);
                state.feedback = Some(Feedback::Copied(what));
            }
            Action::Resume => {
                if let Some(progress) = state.resume_offer.take() {
                    match Wizard::resume(Arc::new(state.wizard.guide().clone()), progress) {
                        Ok(resumed) => {
                            let domains = state.wizard.work_domains().to_vec();
                            state.wizard = resumed.with_work_domains(domains);
                        }
                        Err(error) => tracing::warn!("cannot resume: {error}"),
                    }
                    self.page_changed();
                }
            }
            Action::DiscardSaved => {
                state.resume_offer = None;
                self.saver.clear();
                self.page_changed();
            }
            Action::DismissNotice(index) => {
                if index < state.notices.len() {
                    state.notices.remove(index);
                }
            }
            Action::SetLanguage(language) => {
                self.set_language(language);
                self.state.settings.language = Some(self.state.language);
                self.saver.save_settings(self.state.settings.clone());
            }
            Action::SetTextScale(scale) => {
                let scale = scale.clamp(
                    paalogging_core::storage::MIN_TEXT_SCALE,
                    paalogging_core::storage::MAX_TEXT_SCALE,
                );
                ctx.options_mut(|options| options.zoom_factor = scale);
                self.zoom_seen = scale;
                self.state.settings.text_scale = Some(scale);
                self.saver.save_settings(self.state.settings.clone());
            }
            Action::SetHighContrast(on) => {
                crate::views::theme::apply(ctx, on);
                self.state.settings.high_contrast = on;
                self.saver.save_settings(self.state.settings.clone());
            }
            Action::ToggleAbout => {
                state.show_about = !state.show_about;
                state.helpdesk_report = None;
            }
            Action::ToggleHelpdeskReport => {
                state.show_about = false;
                state.helpdesk_report = match state.helpdesk_report {
                    Some(_) => None,
                    None => Some(state.helpdesk_report_text()),
                };
                state.focus_title = true;
            }
            Action::OpenMail(url) => {
                tracing::info!("opening a prefilled e-mail to the helpdesk");
                ctx.open_url(egui::OpenUrl::new_tab(url));
            }
            Action::RunChecks => self.run_checks(),
            Action::Close => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
        ctx.request_repaint();
    }

    fn page_changed(&mut self) {
        self.state.feedback = None;
        self.state.focus_title = true;
        self.save_progress();
    }

    /// Saves in the background. Not while «Fortsett der du slapp?» is open: that would
    /// overwrite the progress the user is being offered.
    pub(super) fn save_progress(&mut self) {
        if self.state.resume_offer.is_some() {
            return;
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        self.saver.save(self.state.wizard.progress(now));
    }

    fn set_language(&mut self, language: paalogging_core::i18n::Language) {
        let loaded = UiText::load(language)
            .map_err(anyhow::Error::msg)
            .and_then(|text| {
                let guide = paalogging_core::startup::Startup::guide(
                    self.state.update.as_deref(),
                    language,
                )?;
                Ok((text, guide))
            });
        match loaded {
            Ok((text, guide)) => match self.state.wizard.with_guide(Arc::new(guide)) {
                Ok(wizard) => {
                    self.state.text = text;
                    self.state.wizard = wizard;
                    self.state.language = language;
                    self.state.focus_title = true;
                }
                Err(error) => tracing::error!("cannot switch language: {error}"),
            },
            Err(error) => tracing::error!("cannot switch language: {error}"),
        }
    }
}
