//! One window per user session: a second launch (a double double-click on the shortcut) is told
//! the helper is already open.
//!
//! The guard is an OS file lock on a file in the user's own data folder, so other users of the
//! same terminal server are never blocked, and a crashed process never leaves a stale lock: the
//! OS releases it with the process.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

/// Held for the life of the window.
#[derive(Debug)]
pub struct InstanceGuard {
    _file: File,
}

#[derive(Debug)]
pub enum Acquire {
    /// This is the only instance; keep the guard alive.
    First(InstanceGuard),
    /// Another process of this user holds the lock.
    AlreadyRunning,
}

/// Tries to become the user's only instance. An I/O problem (read-only folder) is returned as
/// an error; the caller lets the app start rather than lock the user out.
pub fn acquire(lock_path: &Path) -> std::io::Result<Acquire> {
    if let Some(dir) = lock_path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)?;
    match file.try_lock() {
        Ok(()) => Ok(Acquire::First(InstanceGuard { _file: file })),
        Err(TryLockError::WouldBlock) => Ok(Acquire::AlreadyRunning),
        Err(TryLockError::Error(error)) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    /// Set in the child process this test file starts: the path of the lock to hold.
    const CHILD_ENV: &str = "PAALOGGING_TEST_HOLD_INSTANCE_LOCK";

    /// Child-process entry point for the two-process test below (a no-op in a normal run):
    /// takes the lock, says so, and holds it until its stdin closes.
    #[test]
    fn hold_lock_in_child_process() {
        let Some(path) = std::env::var_os(CHILD_ENV) else {
            return;
        };
        let acquired = acquire(Path::new(&path)).expect("lock");
        assert!(matches!(acquired, Acquire::First(_)));
        println!("LOCKED");
        let mut line = String::new();
        let _ = std::io::stdin().read_line(&mut line);
    }

    #[test]
    fn second_process_is_told_the_first_is_running() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = dir.path().join("data").join("instance.lock");
        let mut child = Command::new(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "instance::tests::hold_lock_in_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &lock)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("child");
        let stdout = child.stdout.take().expect("stdout");
        let locked = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .any(|line| line.contains("LOCKED"));
        assert!(locked, "the child took the lock");

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

    #[test]
    fn other_users_have_their_own_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = acquire(&dir.path().join("kari").join("instance.lock")).expect("kari");
        let second = acquire(&dir.path().join("ola").join("instance.lock")).expect("ola");
        assert!(matches!(first, Acquire::First(_)));
        assert!(matches!(second, Acquire::First(_)));
    }
}
