//! One window per user: a second launch (a double double-click on the shortcut) brings the open
//! window to the front instead of opening another.
//!
//! The authority on "is another running" is an OS file lock on a file in the user's own data
//! folder, so other users of the same terminal server are never blocked, and a crashed process
//! never leaves a stale lock: the OS releases it with the process.
//!
//! The first instance also listens on a local channel (a named pipe per Windows session, a Unix
//! socket in the user's data folder elsewhere). A second launch asks it to come forward and waits
//! a short, bounded time for the answer; it never hangs on a window that does not answer.
//!
//! Other users of the same server must neither use nor fake that channel (`named_pipe.rs`,
//! `unix_socket.rs`): only this user can open it, each end checks the other runs as this user, and a
//! channel served by anyone else is not trusted: the second launch then opens its own window.
//! One thread accepts and one answers, one request at a time, each read with a short deadline:
//! connections that never write cost a bounded wait, never a thread each.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

#[cfg(windows)]
mod named_pipe;
#[cfg(windows)]
use named_pipe as platform;
#[cfg(unix)]
mod unix_socket;
#[cfg(unix)]
use unix_socket as platform;

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

/// The lock file in a user's data folder: one per user, since each user has their own folder.
pub fn lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join("instance.lock")
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

/// What the second launch asks for, and what the first answers when its window did it.
const FOCUS_REQUEST: &str = "focus";
const FOCUS_DONE: &str = "focused";
/// How long the first instance's listener waits for its window to act on a request.
const WINDOW_BOUND: Duration = Duration::from_secs(3);
/// How long the listener waits for a request's one short line.
const READ_DEADLINE: Duration = Duration::from_millis(300);
/// Connections accepted and waiting for the answering thread; more are closed at once.
const QUEUE: usize = 4;
/// The longest line either end reads.
const LINE_LIMIT: usize = 64;

/// The channel's name: per Windows session and user, or a socket in the user's data folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelName {
    name: String,
    /// The Windows session it belongs to (`None` elsewhere).
    session: Option<u32>,
}

impl ChannelName {
    /// This process's channel name. `data_dir`: the user's data folder (where the lock is).
    #[cfg(windows)]
    pub fn for_this_process(_data_dir: &Path) -> Self {
        let session = windows_session();
        // Pipe names are machine-wide: the user's SID and the session keep users apart.
        Self {
            name: platform::channel_name(session),
            session: Some(session),
        }
    }

    /// This process's channel name. `data_dir`: the user's data folder (where the lock is).
    #[cfg(not(windows))]
    pub fn for_this_process(data_dir: &Path) -> Self {
        Self {
            name: platform::channel_path(data_dir).display().to_string(),
            session: None,
        }
    }
}

#[cfg(windows)]
fn windows_session() -> u32 {
    use windows_sys::Win32::System::RemoteDesktop::ProcessIdToSessionId;
    use windows_sys::Win32::System::Threading::GetCurrentProcessId;
    let mut session = 0u32;
    // SAFETY: `session` is a valid place for the function to write one u32.
    let ok = unsafe { ProcessIdToSessionId(GetCurrentProcessId(), &mut session) };
    if ok == 0 { 0 } else { session }
}

/// Why a second launch could not use the channel.
#[derive(Debug)]
pub(crate) enum ConnectError {
    /// Nobody listens (yet), or the connection broke.
    Io(std::io::Error),
    /// The channel is served by a process of another user: not to be trusted.
    OtherUser(String),
}

/// Where the first instance notes its channel (so a launch in another Windows session can name
/// the session the window is open in).
fn channel_note(data_dir: &Path) -> PathBuf {
    data_dir.join("instance.channel")
}

/// A second launch's request, handed to the window; `done` answers it.
pub struct FocusRequest {
    done: mpsc::SyncSender<()>,
}

impl FocusRequest {
    /// The window has been restored and focused.
    pub fn done(self) {
        // The asker may have given up already; nothing more to do then.
        let _ = self.done.try_send(());
    }
}

type Wake = Box<dyn Fn() + Send>;

/// The window's end of the channel: requests from second launches.
pub struct FocusRequests {
    requests: mpsc::Receiver<FocusRequest>,
    wake: Arc<Mutex<Option<Wake>>>,
}

impl FocusRequests {
    /// How to wake the window when a request comes (it sleeps while idle).
    pub fn set_wake(&self, wake: impl Fn() + Send + 'static) {
        if let Ok(mut slot) = self.wake.lock() {
            *slot = Some(Box::new(wake));
        }
    }

    /// Requests so far, without waiting.
    pub fn pending(&self) -> Vec<FocusRequest> {
        self.requests.try_iter().collect()
    }
}

/// Starts listening for second launches (call after [`acquire`] returned `First`). Fails when
/// the channel's name is held by another process: the window then runs without it.
pub fn listen(data_dir: &Path) -> std::io::Result<FocusRequests> {
    let channel = ChannelName::for_this_process(data_dir);
    let mut listener = platform::Listener::bind(&channel.name)?;
    if let Err(error) =
        paalogging_core::atomic_file::write_atomic(&channel_note(data_dir), channel.name.as_bytes())
    {
        tracing::warn!("instance channel not noted: {error}");
    }
    let (request_tx, requests) = mpsc::channel();
    let wake: Arc<Mutex<Option<Wake>>> = Arc::new(Mutex::new(None));
    let wake_answerer = wake.clone();
    let (queue_tx, queue_rx) = mpsc::sync_channel::<platform::Connection>(QUEUE);
    std::thread::Builder::new()
        .name("instance-answer".into())
        .spawn(move || {
            for connection in queue_rx {
                answer(connection, &request_tx, &wake_answerer);
            }
        })?;
    std::thread::Builder::new()
        .name("instance-channel".into())
        .spawn(move || {
            loop {
                match listener.accept() {
                    Ok(connection) => match queue_tx.try_send(connection) {
                        Ok(()) => {}
                        // Closed at once: a second launch tries again within its bound.
                        Err(mpsc::TrySendError::Full(_)) => {
                            tracing::debug!("instance channel busy; a connection was closed");
                        }
                        Err(mpsc::TrySendError::Disconnected(_)) => return,
                    },
                    Err(error) => {
                        tracing::warn!("second launch could not connect: {error}");
                        std::thread::sleep(Duration::from_millis(200));
                    }
                }
            }
        })?;
    tracing::info!("listening for second launches");
    Ok(FocusRequests { requests, wake })
}

/// One line (without its end) read within `deadline`, at most [`LINE_LIMIT`] bytes.
fn read_line(connection: &mut platform::Connection, deadline: Instant) -> std::io::Result<String> {
    let mut line = Vec::new();
    let mut chunk = [0u8; LINE_LIMIT];
    while line.len() < LINE_LIMIT && !line.contains(&b'\n') {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        let room = chunk.get_mut(..LINE_LIMIT - line.len()).unwrap_or(&mut []);
        let read = connection.read_within(room, remaining)?;
        if read == 0 {
            break;
        }
        line.extend_from_slice(room.get(..read).unwrap_or(&[]));
    }
    let text = String::from_utf8_lossy(&line);
    Ok(text.lines().next().unwrap_or("").to_owned())
}

fn answer(
    mut connection: platform::Connection,
    requests: &mpsc::Sender<FocusRequest>,
    wake: &Mutex<Option<Wake>>,
) {
    let line = match read_line(&mut connection, Instant::now() + READ_DEADLINE) {
        Ok(line) => line,
        Err(error) => {
            tracing::debug!("second launch request unreadable: {error}");
            return;
        }
    };
    if line.trim() != FOCUS_REQUEST {
        tracing::warn!("unknown request on the instance channel ignored");
        return;
    }
    let (done, done_rx) = mpsc::sync_channel(1);
    if requests.send(FocusRequest { done }).is_err() {
        return;
    }
    if let Ok(slot) = wake.lock()
        && let Some(wake) = slot.as_ref()
    {
        wake();
    }
    let reply = match done_rx.recv_timeout(WINDOW_BOUND) {
        Ok(()) => FOCUS_DONE,
        Err(_) => "busy",
    };
    if let Err(error) = connection.write_all(format!("{reply}\n").as_bytes()) {
        tracing::warn!("could not answer the second launch: {error}");
        return;
    }
    connection.linger(READ_DEADLINE);
}

/// What happened when a second launch asked the open window to come forward.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecondLaunch {
    /// The window answered: it is restored and focused.
    Focused,
    /// It did not answer within the bound (busy, hung, or still starting).
    NoAnswer,
    /// The window is open in another Windows session of the same user.
    OtherSession(u32),
    /// The channel is served by a process of another user (the name was taken before the
    /// window could have it): not trusted; this launch opens a window of its own.
    NotTrusted,
}

/// Asks the open window to come forward; returns within `bound`.
pub fn ask_to_focus(data_dir: &Path, bound: Duration) -> SecondLaunch {
    let mine = ChannelName::for_this_process(data_dir);
    if let Some(other) = other_session(data_dir, &mine) {
        return SecondLaunch::OtherSession(other);
    }
    let (tx, rx) = mpsc::channel();
    let deadline = Instant::now() + bound;
    // The exchange runs on its own thread, so a window that never answers cannot hold this one.
    let spawned = std::thread::Builder::new()
        .name("ask-to-focus".into())
        .spawn(move || {
            let _ = tx.send(exchange(&mine, deadline));
        });
    if let Err(error) = spawned {
        tracing::warn!("could not ask the open window: {error}");
        return SecondLaunch::NoAnswer;
    }
    let wait = deadline.saturating_duration_since(Instant::now());
    match rx.recv_timeout(wait) {
        Ok(Ok(reply)) if reply.trim() == FOCUS_DONE => SecondLaunch::Focused,
        Ok(Ok(reply)) => {
            tracing::warn!("the open window answered {:?}", reply.trim());
            SecondLaunch::NoAnswer
        }
        Ok(Err(ConnectError::Io(error))) => {
            tracing::warn!("could not reach the open window: {error}");
            SecondLaunch::NoAnswer
        }
        Ok(Err(ConnectError::OtherUser(detail))) => {
            tracing::warn!("the instance channel is not this user's window, not trusted: {detail}");
            SecondLaunch::NotTrusted
        }
        Err(_) => SecondLaunch::NoAnswer,
    }
}

fn exchange(channel: &ChannelName, deadline: Instant) -> Result<String, ConnectError> {
    // The first instance may hold the lock but not listen yet (it just started), or be busy
    // with other connections and close ours unanswered: try again until the deadline.
    loop {
        let attempt = platform::connect(&channel.name).and_then(|mut connection| {
            connection.allow_foreground();
            connection
                .write_all(format!("{FOCUS_REQUEST}\n").as_bytes())
                .and_then(|()| read_line(&mut connection, deadline))
                .map_err(ConnectError::Io)
        });
        match attempt {
            Ok(reply) if !reply.is_empty() => return Ok(reply),
            Err(ConnectError::OtherUser(detail)) => return Err(ConnectError::OtherUser(detail)),
            Ok(_) | Err(ConnectError::Io(_)) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Ok(reply) => return Ok(reply),
            Err(error) => return Err(error),
        }
    }
}

/// The session noted by the open window, when it is another Windows session than ours.
fn other_session(data_dir: &Path, mine: &ChannelName) -> Option<u32> {
    let noted = std::fs::read_to_string(channel_note(data_dir)).ok()?;
    if noted.trim() == mine.name || mine.session.is_none() {
        return None;
    }
    noted
        .trim()
        .rsplit_once("-session")
        .and_then(|(_, session)| session.parse().ok())
        .filter(|session| Some(*session) != mine.session)
}

// The two-process test (a second launch while the first holds the lock) is in
// tests/processes.rs, which can start child processes without counting them as tests.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_users_have_their_own_lock() {
        // Two users' data folders as the app finds them (PAALOGGING_DATA_DIR, the variable the
        // folder code reads), and the lock as main takes it.
        let dir = tempfile::tempdir().expect("tempdir");
        let data_dir = |user: &str| {
            let env = |name: &str| (name == "PAALOGGING_DATA_DIR").then(|| dir.path().join(user));
            paalogging_core::config::Paths::from_os_with(env, None)
                .data_dir
                .expect("a data folder")
        };
        let (kari, ola) = (lock_path(&data_dir("kari")), lock_path(&data_dir("ola")));
        assert_ne!(kari, ola);
        let first = acquire(&kari).expect("kari");
        let second = acquire(&ola).expect("ola");
        assert!(matches!(first, Acquire::First(_)));
        assert!(matches!(second, Acquire::First(_)));
        // The same user's second start is told, through the same path code.
        assert!(matches!(
            acquire(&lock_path(&data_dir("kari"))).expect("kari again"),
            Acquire::AlreadyRunning
        ));
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

    #[test]
    fn a_second_launch_is_answered_when_the_window_acts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let requests = listen(dir.path()).expect("listen");
        let woken = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = woken.clone();
        requests.set_wake(move || flag.store(true, std::sync::atomic::Ordering::SeqCst));
        // The "window": acts on requests as its frame loop would.
        let window = std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if let Some(request) = requests.pending().into_iter().next() {
                    request.done();
                    return true;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            false
        });
        assert_eq!(
            ask_to_focus(dir.path(), Duration::from_secs(5)),
            SecondLaunch::Focused
        );
        assert!(
            window.join().expect("window thread"),
            "the window saw the request"
        );
        assert!(
            woken.load(std::sync::atomic::Ordering::SeqCst),
            "the window was woken"
        );
    }

    #[test]
    fn a_window_that_does_not_answer_does_not_hold_the_second_launch() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Listening, but the window never acts: the listener says "busy" after its bound.
        let _requests = listen(dir.path()).expect("listen");
        let start = Instant::now();
        let outcome = ask_to_focus(dir.path(), Duration::from_millis(500));
        assert_eq!(outcome, SecondLaunch::NoAnswer);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        // Nobody listening at all: also a bounded "no answer".
        let empty = tempfile::tempdir().expect("tempdir");
        let start = Instant::now();
        let outcome = ask_to_focus(empty.path(), Duration::from_millis(300));
        assert_eq!(outcome, SecondLaunch::NoAnswer);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn another_windows_session_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(channel_note(dir.path()), "paalogging-kari-session3").expect("write");
        let mine = ChannelName {
            name: "paalogging-kari-session5".into(),
            session: Some(5),
        };
        assert_eq!(other_session(dir.path(), &mine), Some(3));
        let same = ChannelName {
            name: "paalogging-kari-session3".into(),
            session: Some(3),
        };
        assert_eq!(other_session(dir.path(), &same), None);
        let unix = ChannelName {
            name: "/home/kari/.local/share/paalogging/instance.sock".into(),
            session: None,
        };
        assert_eq!(other_session(dir.path(), &unix), None);
    }
}
