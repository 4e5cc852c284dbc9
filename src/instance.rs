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

// The two-process test (a second launch while the first holds the lock) is in
// tests/processes.rs, which can start child processes without counting them as tests.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_users_have_their_own_lock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = acquire(&dir.path().join("kari").join("instance.lock")).expect("kari");
        let second = acquire(&dir.path().join("ola").join("instance.lock")).expect("ola");
        assert!(matches!(first, Acquire::First(_)));
        assert!(matches!(second, Acquire::First(_)));
    }

    #[test]
    fn the_same_user_is_told_the_first_is_running() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lock = dir.path().join("instance.lock");
        let first = acquire(&lock).expect("first");
        assert!(matches!(first, Acquire::First(_)));
        assert!(matches!(
            acquire(&lock).expect("second"),
            Acquire::AlreadyRunning
        ));
        drop(first);
        assert!(matches!(acquire(&lock).expect("again"), Acquire::First(_)));
    }
}
