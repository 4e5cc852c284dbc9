//! Integration tests of the core: the network checks and guide updates against loopback
//! servers, the signing tool end to end, faults on disk and properties of the parsers. Nothing
//! here reaches the internet.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod checks;
mod faults;
mod properties;
mod update;

/// The loopback servers and test certificates (also used by the app's tests).
use paalogging_core::test_support::loopback as support;
