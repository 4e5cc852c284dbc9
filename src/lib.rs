//! Påloggingshjelp's window, on top of [`paalogging_core`] (everything that needs no window).
//!
//! Layers, each depending only on those below it:
//! - [`app`]: owns the state, applies actions (`app/command_handling.rs`) and handles
//!   background events (`app/event_handling.rs`);
//! - [`views`]: read [`view_model::AppState`] and return [`view_model::Action`]s;
//! - [`view_model`]: what the views read and what they ask for;
//! - the process around the window: [`window`] (opening a window with renderer fallback,
//!   fitting it to the screen, the message window), [`instance`] (one window per user),
//!   [`crash`] (no panic reaches the user as a vanished window), [`logging`];
//! - for tests only (the `test-support` feature): `test_support`.

pub mod app;
pub mod crash;
pub mod instance;
pub mod logging;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod view_model;
pub mod views;
pub mod window;

/// Reverse-DNS application id: Wayland app_id, X11 WM_CLASS, the .desktop file's name.
pub const APP_ID: &str = "no.paalogging.Paaloggingshjelp";

/// The window icon (256 px).
pub const WINDOW_ICON_PNG: &[u8] = include_bytes!("../icons/png/256x256.png");
