//! Integration tests: the network checks against loopback servers, the command line, and the
//! window's checks panel. Nothing here reaches the internet.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod checks;
mod checks_ui;
mod cli;
mod faults;
mod properties;
mod support;
mod update;
