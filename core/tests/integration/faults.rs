//! Faults that need no second process: a data folder that cannot be written. Saves killed
//! mid-write and a full disk are in `tests/processes.rs`, which starts child processes.

use paalogging_core::guide::PageId;
use paalogging_core::storage::ProgressStore;
use paalogging_core::wizard::Progress;

fn progress(n: u64) -> Progress {
    Progress {
        page: PageId(format!("step-{n}")),
        history: vec![PageId("start".to_owned())],
        answers: Default::default(),
        saved_at: n,
    }
}

/// A folder nobody can create files in, root included (CI runs as root, which writes through
/// permission bits, so a chmod would prove nothing there).
#[test]
fn a_folder_nobody_can_write_fails_the_save() {
    // A file where the data folder should be: the same for every OS and user.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("data"), b"").expect("write");
    let store = ProgressStore::new(Some(dir.path().join("data").join("progress.json")));
    assert!(store.save(&progress(1)).is_err());
    // Nothing was written over the file in the way.
    assert_eq!(std::fs::read(dir.path().join("data")).expect("read"), b"");

    #[cfg(target_os = "linux")]
    {
        use paalogging_core::storage::LoadedProgress;
        let store = ProgressStore::new(Some(std::path::PathBuf::from(
            "/proc/self/paalogging/progress.json",
        )));
        assert!(store.save(&progress(1)).is_err());
        assert_eq!(store.load(), LoadedProgress::Nothing);
    }
}
