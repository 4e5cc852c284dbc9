//! Påloggingshjelp: walks kommune employees through unlinking a BankID from the wrong Visma
//! Connect e-mail address.
//!
//! The parts that need no window are plain modules: [`guide`] (data), [`wizard`] (state),
//! [`email`], [`config`], [`storage`]. The window lives in [`app`] and [`ui`].

pub mod app;
pub mod config;
pub mod crash;
pub mod email;
pub mod guide;
pub mod i18n;
pub mod logging;
pub mod renderer;
pub mod storage;
pub mod ui;
pub mod wizard;

/// Reverse-DNS application id: Wayland app_id, X11 WM_CLASS, the .desktop file's name.
pub const APP_ID: &str = "no.paalogging.Paaloggingshjelp";

/// The window icon (256 px).
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../icons/png/256x256.png");
pub mod check_command;
pub mod checks;
pub mod illustrations;
pub mod instance;
pub mod links;
pub mod report;
pub mod update;
pub mod window;
