//! The channel on Unix: a socket, mode 0600, in a folder of mode 0700 in the user's data folder,
//! and on each connection the other end's user id is checked against ours, both ways.

use std::io::{self, Read as _, Write as _};
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::os::unix::io::AsRawFd as _;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::ConnectError;

/// The socket's path for the data folder `data_dir`.
pub(super) fn channel_path(data_dir: &Path) -> PathBuf {
    data_dir.join("instance").join("socket")
}

/// The folder the socket lives in: ours, and closed to everyone else, whatever the umask.
fn private_folder(folder: &Path) -> io::Result<()> {
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)?;
    let metadata = std::fs::symlink_metadata(folder)?;
    if !metadata.is_dir() || metadata.uid() != effective_uid() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} is not a folder of this user; the channel is not opened there",
                folder.display()
            ),
        ));
    }
    if metadata.mode() & 0o077 != 0 {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

pub(super) struct Listener {
    listener: UnixListener,
}

impl Listener {
    pub(super) fn bind(name: &str) -> io::Result<Self> {
        let path = Path::new(name);
        if let Some(folder) = path.parent() {
            private_folder(folder)?;
        }
        // A socket left by a crashed first instance is replaced: we hold the lock now.
        match std::fs::remove_file(path) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        let listener = UnixListener::bind(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        Ok(Self { listener })
    }

    /// The next connection from a process of this user; others are closed and logged.
    pub(super) fn accept(&mut self) -> io::Result<Connection> {
        loop {
            let (stream, _) = self.listener.accept()?;
            match peer_uid(&stream) {
                Ok(uid) if uid == effective_uid() => return Ok(Connection { stream }),
                Ok(uid) => tracing::warn!("instance channel: closed a connection from user {uid}"),
                Err(error) => tracing::warn!("instance channel: peer unknown, closed: {error}"),
            }
        }
    }
}

pub(super) struct Connection {
    stream: UnixStream,
}

impl Connection {
    /// Reads what is there within `timeout`; `TimedOut` when nothing came.
    pub(super) fn read_within(&mut self, buf: &mut [u8], timeout: Duration) -> io::Result<usize> {
        self.stream
            .set_read_timeout(Some(timeout.max(Duration::from_millis(1))))?;
        match self.stream.read(buf) {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                Err(io::Error::from(io::ErrorKind::TimedOut))
            }
            other => other,
        }
    }

    pub(super) fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Nothing to wait for: what was written is read after the close, too.
    pub(super) fn linger(&mut self, _timeout: Duration) {}

    /// The window's process may take the foreground (only Windows asks for this).
    pub(super) fn allow_foreground(&self) {}
}

/// Connects to the open window, and only if it runs as this user.
pub(super) fn connect(name: &str) -> Result<Connection, ConnectError> {
    let stream = UnixStream::connect(name).map_err(ConnectError::Io)?;
    let uid = peer_uid(&stream).map_err(ConnectError::Io)?;
    if uid != effective_uid() {
        return Err(ConnectError::OtherUser(format!(
            "the socket {name} is served by user {uid}"
        )));
    }
    Ok(Connection { stream })
}

fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// The user id of the process at the other end of `stream`.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut credentials = libc::ucred {
        pid: 0,
        uid: 0,
        gid: 0,
    };
    let mut len = libc::socklen_t::try_from(std::mem::size_of::<libc::ucred>())
        .map_err(|_| io::Error::other("ucred size"))?;
    // SAFETY: the buffer is a ucred of the size given; the descriptor is open for the call.
    let result = unsafe {
        libc::getsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_PEERCRED,
            std::ptr::from_mut(&mut credentials).cast(),
            &mut len,
        )
    };
    if result == 0 {
        Ok(credentials.uid)
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The user id of the process at the other end of `stream`.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn peer_uid(stream: &UnixStream) -> io::Result<u32> {
    let mut uid: libc::uid_t = 0;
    let mut gid: libc::gid_t = 0;
    // SAFETY: two valid places for one id each; the descriptor is open for the call.
    let result = unsafe { libc::getpeereid(stream.as_raw_fd(), &mut uid, &mut gid) };
    if result == 0 {
        Ok(uid)
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_socket_and_its_folder_are_closed_to_others_whatever_the_umask() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = channel_path(dir.path());
        // A folder left open (as umask 002 would make it) is closed before the socket goes in.
        std::fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        std::fs::set_permissions(
            path.parent().expect("folder"),
            std::fs::Permissions::from_mode(0o775),
        )
        .expect("chmod");
        let _listener = Listener::bind(&path.display().to_string()).expect("bind");
        let mode = |p: &Path| std::fs::metadata(p).expect("metadata").mode() & 0o777;
        assert_eq!(mode(path.parent().expect("folder")), 0o700);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn the_peer_is_this_user() {
        let (one, _other) = UnixStream::pair().expect("pair");
        assert_eq!(peer_uid(&one).expect("peer"), effective_uid());
    }
}
