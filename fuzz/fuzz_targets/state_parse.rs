//! A saved-progress file of any bytes: loaded as saved, nothing, or moved aside; never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paalogging_core::storage::ProgressStore;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| tempfile::tempdir().expect("tempdir").keep())
}

fuzz_target!(|bytes: &[u8]| {
    let path = root().join("progress.json");
    std::fs::write(&path, bytes).expect("write");
    let _ = ProgressStore::new(Some(path)).load();
});
