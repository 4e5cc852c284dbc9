//! Everything the views read. Changed only by `App::apply` and by background events.

use std::sync::Arc;

use paalogging_core::config::{Config, ConfigError, Ignored};
use paalogging_core::guide::{Page, PageButton, PageKind, Placeholders};
use paalogging_core::i18n::{Language, UiText};
use paalogging_core::report::HelpdeskReport;
use paalogging_core::wizard::{Progress, Wizard};

/// A message at the top of the window until the user dismisses it.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    /// Saved progress could not be used; the user starts afresh.
    StateDiscarded,
    /// A newer version's progress file: kept as it is, and nothing is saved over it.
    StateNewer,
    /// Progress cannot be saved (read-only or full data folder). Shown once.
    SaveFailed,
    /// Some configuration keys were skipped; the details are for IT.
    ConfigProblems(Vec<String>),
}

/// Confirms the last copy or open, next to the button that did it.
#[derive(Clone, Debug, PartialEq)]
pub enum Feedback {
    Copied(String),
    Opened(String),
    /// The link allowlist stopped this address.
    Refused(String),
}

/// A step picture in the window.
pub enum Picture {
    Loading,
    Ready(egui::TextureHandle),
    /// Decoding failed (logged); the alt text shows instead.
    Failed,
}

/// Which of a page's buttons is the primary one: what the page is for, one per page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrimaryButton {
    /// The start page's first answer.
    FirstChoice,
    /// A step's link to the page it is about (Visma's), when that link is shown; Next is then
    /// an outlined (still large) button.
    Link,
    Next,
    /// The finish page's «Lukk».
    Close,
}

pub struct AppState {
    pub config: Arc<Config>,
    pub config_sources: Vec<std::path::PathBuf>,
    pub config_errors: Vec<ConfigError>,
    /// A machine-wide file ordinary users can change, and so not used.
    pub config_ignored: Vec<Ignored>,
    pub log_dir: Option<std::path::PathBuf>,
    pub language: Language,
    pub text: UiText,
    pub wizard: Wizard,
    /// Saved progress offered on start («Fortsett der du slapp?»).
    pub resume_offer: Option<Progress>,
    pub notices: Vec<Notice>,
    pub feedback: Option<Feedback>,
    /// Set when the page changed: the view moves focus to the new title so it is read aloud.
    pub focus_title: bool,
    pub show_about: bool,
    /// The helpdesk report's text while «Jeg står fast» is open; made when opened.
    pub helpdesk_report: Option<String>,
    /// The latest results of the background network checks.
    pub checks: paalogging_core::checks::CheckBoard,
    /// Pictures by page and scale, decoded once and kept as textures.
    pub pictures: std::collections::HashMap<paalogging_core::illustrations::Request, Picture>,
    /// Language, text size and contrast as the user chose them.
    pub settings: paalogging_core::storage::UserSettings,
    /// Extra hosts for the link allowlist, from trusted configuration.
    pub link_hosts: Vec<String>,
    /// The signed guide update in use, if any (else the embedded guide).
    pub update: Option<std::sync::Arc<paalogging_core::update::UpdateBundle>>,
}

impl AppState {
    /// The link if the allowlist accepts it; refused links are never opened or shown.
    pub fn safe_link(&self, url: &str) -> Option<String> {
        paalogging_core::links::check_link(url, &self.link_hosts)
            .ok()
            .map(|_| url.to_owned())
    }

    /// Where a page's `open_url` button leads: its placeholder filled and the allowlist passed.
    /// `None` when either fails; the button is not shown then, its fallback text is.
    pub fn page_link(&self, url: &str) -> Option<String> {
        paalogging_core::guide::fill(url, &self.placeholders()).and_then(|url| self.safe_link(&url))
    }

    /// The page's one primary (filled) button; the others are outlined.
    pub fn primary_button(&self, page: &Page) -> PrimaryButton {
        match page.kind {
            PageKind::Start => PrimaryButton::FirstChoice,
            PageKind::Finish => PrimaryButton::Close,
            PageKind::Step | PageKind::Help => {
                let opens_a_page = page.actions.iter().any(|action| match action {
                    PageButton::OpenUrl { url, .. } => self.page_link(url).is_some(),
                    PageButton::Copy { .. } => false,
                });
                if opens_a_page {
                    PrimaryButton::Link
                } else {
                    PrimaryButton::Next
                }
            }
        }
    }

    /// The helpdesk report's text: where the user is, the path taken, the checks; the
    /// addresses masked.
    pub fn helpdesk_report_text(&self) -> String {
        HelpdeskReport::gather(
            &self.config,
            &self.config_sources,
            &self.text,
            &self.checks,
            Some(&self.wizard),
        )
        .to_text()
    }

    /// Values for `{kommune}`, `{email}` … in guide texts.
    pub fn placeholders(&self) -> Placeholders {
        let config = &self.config;
        Placeholders {
            kommune: config.kommune_name.value.clone(),
            helpdesk: config.helpdesk_name.value.clone(),
            email: self.wizard.address().map(str::to_owned),
            work_domain: config.work_domain().to_owned(),
            enterprise_url: config.visma_enterprise_url.value.clone(),
            first_login_url: config.first_login_url.value.clone(),
        }
    }
}
