//! Påloggingshjelp: walks kommune employees through unlinking a BankID from the wrong Visma
//! Connect e-mail address.
//!
//! Layers, each depending only on those below it:
//! - the window: [`app`] (owns the state, applies actions, handles background events) →
//!   [`ui`] (views that read [`view_model::AppState`] and return [`view_model::Action`]s);
//!   [`window`], [`renderer`], [`crash`], [`instance`] open it safely;
//! - what the views read: [`view_model`];
//! - the domain, with no egui: [`guide`] (pages, as data), [`wizard`] (where the user is),
//!   [`email`], [`config`], [`checks`] (network checks), [`update`] (signed guide updates),
//!   [`net`] (the run's one HTTPS client), [`links`] (the https allowlist), [`report`] (the
//!   helpdesk report), [`storage`] (saved progress and settings), [`illustrations`] (step
//!   pictures), [`i18n`], [`source_position`] (where in a file a guide or configuration problem
//!   is), [`safe_text`] (server text and other outside text made safe to print and show);
//! - the command line: [`startup`] (what is decided before any window) and [`check_command`]
//!   (`--check`), which use the domain only (`layering_tests` checks all of this);
//! - for tests only (the `test-support` feature): `test_support`.

pub mod app;
pub mod check_command;
pub mod checks;
pub mod config;
pub mod crash;
pub mod email;
pub mod guide;
pub mod i18n;
pub mod illustrations;
pub mod instance;
pub mod links;
pub mod logging;
pub mod net;
pub mod renderer;
pub mod report;
pub mod safe_text;
pub mod source_position;
pub mod startup;
pub mod storage;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod ui;
pub mod update;
pub mod view_model;
pub mod window;
pub mod wizard;

#[cfg(test)]
mod layering_tests;

/// Reverse-DNS application id: Wayland app_id, X11 WM_CLASS, the .desktop file's name.
pub const APP_ID: &str = "no.paalogging.Paaloggingshjelp";

/// The window icon (256 px).
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../icons/png/256x256.png");
