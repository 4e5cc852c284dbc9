//! A second launch of the real binary, with a stand-in first instance in another process (this
//! test binary started again): it holds the lock and answers on the channel as the window would.
//! No display is needed: a second launch that is answered opens no window at all.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use paalogging::instance::{self, Acquire};

/// Set in the child: the data folder whose lock it holds. `PAALOGGING_TEST_ANSWER=0` makes it
/// hold the lock and listen but never act (a hung window).
const CHILD_ENV: &str = "PAALOGGING_TEST_FIRST_INSTANCE";

/// The stand-in first instance (a no-op in a normal run).
#[test]
fn first_instance_in_child_process() {
    let Some(dir) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    let dir = Path::new(&dir);
    let Ok(Acquire::First(_guard)) = instance::acquire(&dir.join("instance.lock")) else {
        panic!("child could not take the lock");
    };
    let requests = instance::listen(dir).expect("listen");
    let answer = std::env::var("PAALOGGING_TEST_ANSWER").as_deref() != Ok("0");
    println!("READY");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(30) {
        // A hung window never looks at its requests.
        if answer {
            for request in requests.pending() {
                println!("FOCUS REQUESTED");
                request.done();
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn start_first(
    dir: &Path,
    answer: bool,
) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "instance::first_instance_in_child_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, dir)
        .env("PAALOGGING_TEST_ANSWER", if answer { "1" } else { "0" })
        .stdout(Stdio::piped())
        .spawn()
        .expect("child");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    assert!(wait_for_line(&rx, "READY"), "the first instance started");
    (child, rx)
}

/// Whether a line containing `text` comes within 20 s (the test harness prints its own first).
fn wait_for_line(lines: &std::sync::mpsc::Receiver<String>, text: &str) -> bool {
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if line.contains(text) {
            return true;
        }
    }
    false
}

fn second_launch(dir: &Path) -> (std::process::Output, Duration) {
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_paalogging"))
        .env("PAALOGGING_DATA_DIR", dir)
        .env("PAALOGGING_MACHINE_CONFIG", dir.join("machine.toml"))
        .env("PAALOGGING_USER_CONFIG", dir.join("user.toml"))
        .env("PAALOGGING_LOG", "info")
        // No display: if this launch tried to open a window, it would fail and say so.
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run paalogging");
    (output, start.elapsed())
}

#[test]
fn a_second_launch_brings_the_first_forward_and_exits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, lines) = start_first(dir.path(), true);
    let (output, took) = second_launch(dir.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(
        wait_for_line(&lines, "FOCUS REQUESTED"),
        "the first instance got the request"
    );
    assert!(
        !stderr.contains("could not open"),
        "no window attempted: {stderr}"
    );
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn a_first_window_that_does_not_answer_does_not_hang_the_second() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut child, _lines) = start_first(dir.path(), false);
    let (output, took) = second_launch(dir.path());
    // It gives up after its bound and tries to say so in a window; without a display that
    // fails, and the message goes to standard error instead. Either way it ends.
    assert!(took < Duration::from_secs(15), "{took:?}");
    assert!(
        took >= Duration::from_secs(2),
        "it waited for the answer: {took:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("svarer ikke") || stderr.contains("does not answer"),
        "{stderr}"
    );
    let _ = child.kill();
    let _ = child.wait();
}
