//! A configuration file of any bytes, through the real loader (file read, layering, errors).
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paalogging_core::config::{self, Paths};

/// One folder for the whole run: a new one per input would measure the file system.
fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| tempfile::tempdir().expect("tempdir").keep())
}

fuzz_target!(|bytes: &[u8]| {
    let file = root().join("fuzz.toml");
    std::fs::write(&file, bytes).expect("write");
    let _ = config::load(&Paths::under(root()), Some(&file));
});
