//! Faults: a save killed at any moment, and a data folder that cannot be written.
//!
//! The interrupted-save loop runs a child process (this test binary again, running only
//! [`save_loop_child`]) that saves ever-newer progress as fast as it can, and kills it with
//! SIGKILL (`Child::kill`; TerminateProcess on Windows) at random moments. After every kill the
//! progress file must be absent (nothing saved yet), or a complete state at least as new as the
//! last one seen: the old file or the new one, never half of either and never a `.bad` file.
//!
//! What a kill does leave: the temp file being written at that instant. `write_atomic` uses
//! `tempfile::NamedTempFile`, which deletes its file on drop, and a killed process drops
//! nothing, so each kill that lands mid-write leaves one `.tmpXXXXXX` file beside
//! `progress.json`. They never replace or corrupt the real file, but they do accumulate: the
//! test checks they are only ever such temp files, at most one per kill.

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use paalogging::guide::PageId;
use paalogging::storage::{LoadedProgress, ProgressStore};
use paalogging::wizard::Progress;

/// Tells the child where to save.
const CHILD_ENV: &str = "PAALOGGING_TEST_SAVE_LOOP_FILE";
const READY: &str = "SAVE_LOOP_READY";

/// The state with serial `n`: a pure function of `n`, so a loaded state can be checked whole.
/// Large enough (tens of kilobytes) that a kill often lands inside a write.
fn progress(n: u64) -> Progress {
    let pages = 500 + usize::try_from(n % 500).unwrap_or(0);
    let mut answers = serde_json::Map::new();
    answers.insert("wrong_email".to_owned(), format!("ola{n}@gmail.com").into());
    answers.insert("got_reset_mail".to_owned(), n.is_multiple_of(2).into());
    answers.insert(
        "note".to_owned(),
        "æøå".repeat(usize::try_from(n % 300).unwrap_or(0)).into(),
    );
    Progress {
        page: PageId(format!("step-{n}")),
        history: (0..pages)
            .map(|i| PageId(format!("page-{i}-of-{n}")))
            .collect(),
        answers: serde_json::from_value(answers.into()).expect("answers"),
        saved_at: n,
    }
}

/// The child's body. Does nothing in a normal test run; the loop below starts it.
#[test]
fn save_loop_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let store = ProgressStore::new(Some(PathBuf::from(path)));
    // Continue from what is saved, so the serials only grow across kills.
    let mut n = match store.load() {
        LoadedProgress::Saved(progress) => progress.saved_at + 1,
        _ => 1,
    };
    store.save(&progress(n)).expect("first save");
    println!("{READY}");
    loop {
        n += 1;
        store.save(&progress(n)).expect("save");
    }
}

/// A small deterministic generator; the seed is printed so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn interrupted_saves_leave_the_old_or_the_new_file() {
    const ITERATIONS: usize = 30;
    let started = Instant::now();
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
        | 1;
    println!("seed {seed}");
    let mut random = XorShift(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("progress.json");
    let store = ProgressStore::new(Some(path.clone()));
    let mut last_seen = 0;
    let mut kills = 0;

    for iteration in 0..ITERATIONS {
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "faults::save_loop_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        // Wait until it is saving in its loop, then let it run a random while before the kill:
        // sometimes at once, sometimes several saves later.
        let stdout = child.stdout.take().expect("stdout");
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        // A reader thread, so a child that never gets ready cannot hang the suite.
        std::thread::spawn(move || {
            // The harness prints the marker after "test … ... " on the same line.
            let ready = BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .any(|line| line.contains(READY));
            let _ = ready_tx.send(ready);
        });
        let ready = ready_rx.recv_timeout(Duration::from_secs(20));
        if ready != Ok(true) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("iteration {iteration}: the child did not start saving ({ready:?})");
        }
        std::thread::sleep(Duration::from_micros(random.next() % 20_000));
        child.kill().expect("kill");
        child.wait().expect("reap");
        kills += 1;

        let names = entries(dir.path());
        assert!(
            names
                .iter()
                .all(|name| name == "progress.json" || name.starts_with(".tmp")),
            "iteration {iteration}: unexpected files {names:?}"
        );
        match store.load() {
            LoadedProgress::Saved(loaded) => {
                assert!(
                    loaded.saved_at >= last_seen,
                    "iteration {iteration}: went back from {last_seen} to {}",
                    loaded.saved_at
                );
                assert_eq!(
                    loaded,
                    progress(loaded.saved_at),
                    "iteration {iteration}: a mixed state"
                );
                last_seen = loaded.saved_at;
            }
            other => panic!("iteration {iteration}: {other:?}"),
        }
    }
    let orphans = entries(dir.path())
        .iter()
        .filter(|name| name.starts_with(".tmp"))
        .count();
    println!(
        "{kills} kills, {last_seen} saves, {orphans} orphaned temp files, {:?}",
        started.elapsed()
    );
    assert!(orphans <= kills, "{orphans} temp files after {kills} kills");
    assert!(
        last_seen >= ITERATIONS as u64,
        "every child saved at least once"
    );
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[cfg(unix)]
#[test]
fn a_read_only_data_folder_fails_the_save_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt as _;

    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    let store = ProgressStore::new(Some(data.join("progress.json")));
    store.save(&progress(1)).expect("first save");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o555)).expect("chmod");

    // Root (CI runs as root) writes through permission bits; then this part proves nothing.
    let enforced = std::fs::write(data.join("probe"), b"").is_err();
    if enforced {
        assert!(store.save(&progress(2)).is_err());
        assert_eq!(store.load(), LoadedProgress::Saved(progress(1)));
        assert_eq!(entries(&data), ["progress.json"]);
    } else {
        println!("permission bits are not enforced for this user; skipped the chmod case");
    }
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A folder nobody can create files in, root included.
#[cfg(target_os = "linux")]
#[test]
fn a_folder_nobody_can_write_fails_the_save() {
    let store = ProgressStore::new(Some(PathBuf::from("/proc/self/paalogging/progress.json")));
    assert!(store.save(&progress(1)).is_err());
    assert_eq!(store.load(), LoadedProgress::Nothing);

    // A file where the data folder should be: the same for every OS and user.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("data"), b"").expect("write");
    let store = ProgressStore::new(Some(dir.path().join("data").join("progress.json")));
    assert!(store.save(&progress(1)).is_err());
}
