//! Integration tests of the app: the command line as IT runs it, the window's checks panel and
//! a guide update in the window. The core's own (checks, updates, faults, properties) are in
//! core/tests/. Nothing here reaches the internet.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod checks_ui;
mod cli;
mod update_ui;

/// The loopback servers and test certificates, shared with the core's tests.
use paalogging_core::test_support::loopback as support;
