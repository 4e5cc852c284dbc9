//! Påloggingshjelp without a window: everything the app knows and does that needs no egui.
//!
//! The modules in layers, leaves first. A module uses modules of its own layer or of earlier
//! ones, never of a later one, and no two modules use each other, directly or around a
//! cycle (`layering_tests.rs` checks both, and the same for the files inside each folder):
//!
//! 1. Leaves, using nothing of the crate: [`source_position`] (where in a file a guide or
//!    configuration problem is), [`safe_text`] (server text and other outside text made safe
//!    to print and show), [`email`] (addresses: valid, private or work, typos), [`i18n`]
//!    (languages and the window's texts), [`clock`] (time stamps), [`atomic_file`] (a file
//!    replaced whole or not at all), [`signing`] (the keys of signed guide updates),
//!    [`services`] (the services the steps depend on and their checks, declared once),
//!    `test_hooks` (deliberate panics, for the test suites only).
//! 2. Content: [`redact`] (what no report, crash file or log carries), [`guide`] (the pages,
//!    as data), [`links`] (the https allowlist, also for a guide's links), [`wizard`] (where
//!    the user is in the guide), [`illustrations`] (step pictures, decoded).
//! 3. Settings: [`config`] (IT's layered configuration, machine-wide trust) and [`net`] (the
//!    run's one HTTPS client and the request options, built from the configuration).
//! 4. Work: [`checks`] (the network checks), [`update`] (signed guide updates), [`storage`]
//!    (the user's saved progress and settings), [`report`] (the helpdesk report).
//! 5. The command line and the tests: [`startup`] (what is decided before any window),
//!    [`check_command`] (`paalogging --check`), `test_support` (loopback servers, with the
//!    `test-support` feature).
//!
//! The signing tool `paalogging-guide` is this crate's binary. The window (the `paalogging`
//! crate at the repository's root) is built on top of this one; nothing here can name it.

pub mod atomic_file;
pub mod check_command;
pub mod checks;
pub mod clock;
pub mod config;
pub mod email;
pub mod guide;
pub mod i18n;
pub mod illustrations;
#[cfg(test)]
mod layering_tests;
pub mod links;
pub mod net;
pub mod redact;
pub mod report;
pub mod safe_text;
pub mod services;
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
