//! Påloggingshjelp without a window: everything the app knows and does that needs no egui.
//!
//! - [`guide`] (the pages, as data) and [`wizard`] (where the user is in them);
//! - [`email`] (addresses: valid, private or work, typos);
//! - [`config`] (IT's layered configuration, machine-wide trust) and [`storage`] (the user's
//!   saved progress and settings);
//! - [`checks`] (the network checks), [`net`] (the run's one HTTPS client), [`update`] (signed
//!   guide updates), [`links`] (the https allowlist);
//! - [`report`] (the helpdesk report), [`illustrations`] (step pictures, decoded), [`i18n`];
//! - [`source_position`] (where in a file a guide or configuration problem is) and
//!   [`safe_text`] (server text and other outside text made safe to print and show);
//! - the command line: [`startup`] (what is decided before any window) and [`check_command`]
//!   (`paalogging --check`); the signing tool `paalogging-guide` is this crate's binary.
//!
//! The window (the `paalogging` crate at the repository's root) is built on top of this one;
//! nothing here can name it.

pub mod atomic_file;
pub mod check_command;
pub mod checks;
pub mod clock;
pub mod config;
pub mod email;
pub mod guide;
pub mod i18n;
pub mod illustrations;
pub mod links;
pub mod net;
pub mod redact;
pub mod report;
pub mod safe_text;
pub mod signing;
pub mod source_position;
pub mod startup;
pub mod storage;
#[cfg(any(test, feature = "test-hooks"))]
pub mod test_hooks;
// A test helper fails its test by panicking.
#[cfg(feature = "test-support")]
#[allow(clippy::unwrap_used, clippy::expect_used)]
pub mod test_support;
pub mod update;
pub mod wizard;
