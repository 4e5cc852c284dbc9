//! Tests that need a second process: a save killed at any moment, a disk that is full, and the
//! one-window lock held by another process.
//!
//! This binary has no libtest harness (`harness = false` in Cargo.toml), so a child process is
//! this same binary started with [`ROLE`] set, and its body is not a test that "passes" in a
//! normal run. Without [`ROLE`] it runs the tests below and reports like libtest does.
//!
//! The interrupted-save loop kills a child that saves ever-newer progress as fast as it can,
//! with SIGKILL (`Child::kill`; TerminateProcess on Windows) at random moments. After every kill
//! the progress file must be absent (nothing saved yet), or a complete state at least as new as
//! the last one seen: the old file or the new one, never half of either and never a `.bad` file.
//!
//! What a kill does leave: the temp file being written at that instant. `write_atomic` uses
//! `tempfile::NamedTempFile`, which deletes its file on drop, and a killed process drops
//! nothing, so each kill that lands mid-write leaves one `.tmpXXXXXX` file beside
//! `progress.json`. They never replace or corrupt the real file, but they do accumulate: the
//! test checks they are only ever such temp files, at most one per kill.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Duration;

use paalogging::instance::{Acquire, acquire};
use paalogging_core::guide::PageId;
use paalogging_core::storage::{LoadedProgress, ProgressStore};
use paalogging_core::test_support::isolated_command;
use paalogging_core::wizard::Progress;

/// Which child body to run; unset in the parent.
const ROLE: &str = "PAALOGGING_TEST_CHILD_ROLE";
/// The file the child works on.
const ROLE_PATH: &str = "PAALOGGING_TEST_CHILD_PATH";
/// A child prints this when it is under way.
const READY: &str = "CHILD_READY";

type Test = (&'static str, fn());

const TESTS: &[Test] = &[
    (
        "interrupted_saves_leave_the_old_or_the_new_file",
        interrupted_saves_leave_the_old_or_the_new_file,
    ),
    (
        "second_process_is_told_the_first_is_running",
        second_process_is_told_the_first_is_running,
    ),
    (
        "a_second_launch_brings_the_first_forward_and_exits",
        a_second_launch_brings_the_first_forward_and_exits,
    ),
    (
        "a_first_window_that_does_not_answer_does_not_hang_the_second",
        a_first_window_that_does_not_answer_does_not_hang_the_second,
    ),
    #[cfg(target_os = "linux")]
    (
        "silent_clients_cost_no_threads_and_a_second_launch_still_works",
        silent_clients_cost_no_threads_and_a_second_launch_still_works,
    ),
    #[cfg(target_os = "linux")]
    (
        "a_full_disk_fails_the_save_and_keeps_the_old_file",
        a_full_disk_fails_the_save_and_keeps_the_old_file,
    ),
];

fn main() -> ExitCode {
    if let (Some(role), Some(path)) = (std::env::var(ROLE).ok(), std::env::var_os(ROLE_PATH)) {
        return child(&role, &PathBuf::from(path));
    }
    // Like libtest: a free argument filters by name; flags (--nocapture …) are accepted.
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let selected: Vec<&Test> = TESTS
        .iter()
        .filter(|(name, _)| filter.as_deref().is_none_or(|f| name.contains(f)))
        .collect();
    println!("\nrunning {} tests", selected.len());
    let mut failed = Vec::new();
    for (name, test) in &selected {
        let result = std::panic::catch_unwind(test);
        println!(
            "test {name} ... {}",
            if result.is_ok() { "ok" } else { "FAILED" }
        );
        if result.is_err() {
            failed.push(*name);
        }
    }
    let passed = selected.len() - failed.len();
    if failed.is_empty() {
        println!("\ntest result: ok. {passed} passed; 0 failed\n");
        ExitCode::SUCCESS
    } else {
        println!(
            "\nfailures: {failed:?}\ntest result: FAILED. {passed} passed; {} failed\n",
            failed.len()
        );
        ExitCode::FAILURE
    }
}

fn child(role: &str, path: &Path) -> ExitCode {
    match role {
        "save-loop" => save_loop(path),
        "hold-lock" => hold_lock(path),
        "first-window" => first_window(path, true),
        "hung-window" => first_window(path, false),
        #[cfg(target_os = "linux")]
        "save-on-a-full-disk" => save_on_a_full_disk(path),
        _ => {
            eprintln!("unknown child role {role}");
            ExitCode::FAILURE
        }
    }
}

/// Starts this binary as a child with `role` on `path`, its stdout piped.
fn spawn_child(role: &str, path: &Path) -> Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .env(ROLE, role)
        .env(ROLE_PATH, path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the child")
}

/// Whether the child said [`READY`] within `limit` (a reader thread, so a child that never
/// gets ready cannot hang the suite).
fn wait_until_ready(child: &mut Child, limit: Duration) -> bool {
    let stdout = child.stdout.take().expect("stdout");
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let ready = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains(READY));
        let _ = ready_tx.send(ready);
    });
    ready_rx.recv_timeout(limit) == Ok(true)
}

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

/// Child: saves ever-newer progress until it is killed.
fn save_loop(path: &Path) -> ExitCode {
    let store = ProgressStore::new(Some(path.to_owned()));
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

/// Child: takes the one-window lock, says so, and holds it until its stdin closes.
fn hold_lock(path: &Path) -> ExitCode {
    let acquired = acquire(path).expect("lock");
    assert!(matches!(acquired, Acquire::First(_)));
    println!("{READY}");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    ExitCode::SUCCESS
}

/// Child: saves with a file size limit of zero, as on a full disk. Root obeys the limit too
/// (unlike permission bits), so this holds when the suite runs as root, as CI does.
#[cfg(target_os = "linux")]
fn save_on_a_full_disk(path: &Path) -> ExitCode {
    let limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain libc calls on this process only, before any other thread exists. Ignoring
    // SIGXFSZ turns "killed" into the EFBIG error a full disk also gives.
    let set = unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN) != libc::SIG_ERR
            && libc::setrlimit(libc::RLIMIT_FSIZE, &limit) == 0
    };
    if !set {
        eprintln!(
            "cannot limit the file size: {}",
            std::io::Error::last_os_error()
        );
        return ExitCode::from(3);
    }
    match ProgressStore::new(Some(path.to_owned())).save(&progress(2)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            println!("save failed: {error}");
            ExitCode::from(1)
        }
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

fn interrupted_saves_leave_the_old_or_the_new_file() {
    const ITERATIONS: usize = 30;
    // A fresh seed each run, printed so a failure can be replayed (`Rng::with_seed`).
    let mut random = fastrand::Rng::new();
    println!("seed {}", random.get_seed());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("progress.json");
    let store = ProgressStore::new(Some(path.clone()));
    let mut last_seen = 0;
    let mut kills = 0;

    for iteration in 0..ITERATIONS {
        let mut child = spawn_child("save-loop", &path);
        // Wait until it is saving in its loop, then let it run a random while before the kill:
        // sometimes at once, sometimes several saves later.
        if !wait_until_ready(&mut child, Duration::from_secs(20)) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("iteration {iteration}: the child did not start saving");
        }
        std::thread::sleep(Duration::from_micros(random.u64(..20_000)));
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
    println!("{kills} kills, {last_seen} saves, {orphans} orphaned temp files");
    assert!(orphans <= kills, "{orphans} temp files after {kills} kills");
    assert!(
        last_seen >= ITERATIONS as u64,
        "every child saved at least once"
    );
}

fn second_process_is_told_the_first_is_running() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lock = dir.path().join("data").join("instance.lock");
    let mut child = spawn_child("hold-lock", &lock);
    assert!(
        wait_until_ready(&mut child, Duration::from_secs(20)),
        "the child took the lock"
    );

    assert!(matches!(
        acquire(&lock).expect("acquire"),
        Acquire::AlreadyRunning
    ));

    // When the first instance ends (here: killed, as a crash would), the lock is free.
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert!(matches!(
        acquire(&lock).expect("acquire"),
        Acquire::First(_)
    ));
}

#[cfg(target_os = "linux")]
fn a_full_disk_fails_the_save_and_keeps_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let path = data.join("progress.json");
    let store = ProgressStore::new(Some(path.clone()));
    store.save(&progress(1)).expect("first save");

    let output = spawn_child("save-on-a-full-disk", &path)
        .wait_with_output()
        .expect("child");
    let said = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "the save failed: {said}");
    assert!(said.contains("save failed"), "{said}");
    assert_eq!(store.load(), LoadedProgress::Saved(progress(1)));
    assert_eq!(entries(&data), ["progress.json"]);
}

/// Child: a stand-in first window. Takes the lock in the data folder `dir`, listens for second
/// launches and (when `answers`) acts on each as the window does; a hung window never looks.
/// Runs until its stdin closes.
fn first_window(dir: &Path, answers: bool) -> ExitCode {
    let Ok(Acquire::First(_guard)) = acquire(&dir.join("instance.lock")) else {
        eprintln!("the lock is taken");
        return ExitCode::FAILURE;
    };
    let requests = match paalogging::instance::listen(dir) {
        Ok(requests) => requests,
        Err(error) => {
            eprintln!("cannot listen: {error}");
            return ExitCode::FAILURE;
        }
    };
    std::thread::spawn(move || {
        loop {
            if answers {
                for request in requests.pending() {
                    println!("FOCUS REQUESTED");
                    request.done();
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    println!("{READY}");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
    ExitCode::SUCCESS
}

/// Starts a stand-in first window on `dir`; returns it and its stdout lines.
fn start_first_window(dir: &Path, role: &str) -> (Child, std::sync::mpsc::Receiver<String>) {
    let mut child = spawn_child(role, dir);
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    assert!(wait_for_line(&rx, READY), "the first window started");
    (child, rx)
}

/// Whether a line containing `text` comes within 20 s.
fn wait_for_line(lines: &std::sync::mpsc::Receiver<String>, text: &str) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while let Ok(line) =
        lines.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
    {
        if line.contains(text) {
            return true;
        }
    }
    false
}

/// Runs the real binary as a second launch on `dir`, without a display.
fn second_launch(dir: &Path) -> (std::process::Output, Duration) {
    let start = std::time::Instant::now();
    let output = isolated_command(env!("CARGO_BIN_EXE_paalogging"), dir, dir)
        // No display: a launch that tried to open a window would fail and say so.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run paalogging");
    (output, start.elapsed())
}

fn end(mut child: Child) {
    drop(child.stdin.take());
    let _ = child.kill();
    let _ = child.wait();
}

/// The real binary, launched while another process holds the window: it asks that window to
/// come forward, gets the acknowledgement and exits at once, opening no window of its own.
fn a_second_launch_brings_the_first_forward_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, lines) = start_first_window(dir.path(), "first-window");
    let (output, took) = second_launch(dir.path());
    end(child);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        wait_for_line(&lines, "FOCUS REQUESTED"),
        "the first window got the request"
    );
    assert!(stderr.is_empty(), "no window, no message: {stderr}");
}

/// A first window that never answers: the second launch gives up after its bound and says so
/// (without a display, on standard error); it never hangs.
fn a_first_window_that_does_not_answer_does_not_hang_the_second() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, _lines) = start_first_window(dir.path(), "hung-window");
    let (output, took) = second_launch(dir.path());
    end(child);
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert!(
        took >= Duration::from_secs(2),
        "it waited for an answer: {took:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("vinduet svarer ikke"), "{stderr}");
}

/// The number of threads process `pid` has now.
#[cfg(target_os = "linux")]
fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|count| count.trim().parse().ok())
        .expect("a thread count")
}

/// 300 connections that never write (another program of the user, or one left hanging) cost the
/// open window no thread each, and a real second launch behind them still brings it forward.
#[cfg(target_os = "linux")]
fn silent_clients_cost_no_threads_and_a_second_launch_still_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (child, lines) = start_first_window(dir.path(), "first-window");
    let threads_before = threads_of(child.id());
    let socket = dir.path().join("instance").join("socket");
    let silent: Vec<std::os::unix::net::UnixStream> = (0..300)
        .map(|n| {
            std::os::unix::net::UnixStream::connect(&socket)
                .unwrap_or_else(|error| panic!("silent client {n}: {error}"))
        })
        .collect();
    // The second launch connects after all 300, so when it is answered they were all accepted.
    let (output, took) = second_launch(dir.path());
    let threads_after = threads_of(child.id());
    drop(silent);
    end(child);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "no window, no message: {stderr}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        wait_for_line(&lines, "FOCUS REQUESTED"),
        "the first window got the request"
    );
    println!("threads: {threads_before} before, {threads_after} with 300 silent clients");
    assert!(
        threads_after <= threads_before + 2,
        "{threads_before} threads before, {threads_after} with 300 silent clients"
    );
}
