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

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use interprocess::local_socket::{ListenerOptions, Stream, prelude::*};

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

/// What the second launch asks for, and what the first answers when its window did it.
const FOCUS_REQUEST: &str = "focus";
const FOCUS_DONE: &str = "focused";
/// How long the first instance's listener waits for its window to act on a request.
const WINDOW_BOUND: Duration = Duration::from_secs(3);

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
        // Pipe names are machine-wide: user and session keep terminal-server users apart.
        let user: String = std::env::var("USERNAME")
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        Self {
            name: format!("paalogging-{user}-session{session}"),
            session: Some(session),
        }
    }

    /// This process's channel name. `data_dir`: the user's data folder (where the lock is).
    #[cfg(not(windows))]
    pub fn for_this_process(data_dir: &Path) -> Self {
        Self {
            name: data_dir.join("instance.sock").display().to_string(),
            session: None,
        }
    }

    #[cfg(windows)]
    fn to_name(&self) -> std::io::Result<interprocess::local_socket::Name<'_>> {
        use interprocess::local_socket::GenericNamespaced;
        self.name.as_str().to_ns_name::<GenericNamespaced>()
    }

    #[cfg(not(windows))]
    fn to_name(&self) -> std::io::Result<interprocess::local_socket::Name<'_>> {
        use interprocess::local_socket::GenericFilePath;
        self.name.as_str().to_fs_name::<GenericFilePath>()
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

/// Starts listening for second launches (call after [`acquire`] returned `First`).
pub fn listen(data_dir: &Path) -> std::io::Result<FocusRequests> {
    let channel = ChannelName::for_this_process(data_dir);
    // A socket file left by a crashed first instance is replaced: we hold the lock now.
    let listener = ListenerOptions::new()
        .name(channel.to_name()?)
        .try_overwrite(true)
        .create_sync()?;
    if let Err(error) =
        crate::storage::write_atomic(&channel_note(data_dir), channel.name.as_bytes())
    {
        tracing::warn!("instance channel not noted: {error}");
    }
    let (request_tx, requests) = mpsc::channel();
    let wake: Arc<Mutex<Option<Wake>>> = Arc::new(Mutex::new(None));
    let wake_listener = wake.clone();
    std::thread::Builder::new()
        .name("instance-channel".into())
        .spawn(move || {
            for connection in listener.incoming() {
                let stream = match connection {
                    Ok(stream) => stream,
                    Err(error) => {
                        tracing::warn!("second launch could not connect: {error}");
                        continue;
                    }
                };
                let request_tx = request_tx.clone();
                let wake = wake_listener.clone();
                // One thread per (rare) request: a client that never writes blocks only it.
                let spawned = std::thread::Builder::new()
                    .name("instance-request".into())
                    .spawn(move || answer(stream, &request_tx, &wake));
                if let Err(error) = spawned {
                    tracing::warn!("second launch not answered: {error}");
                }
            }
        })?;
    tracing::info!("listening for second launches on {}", channel.name);
    Ok(FocusRequests { requests, wake })
}

fn answer(stream: Stream, requests: &mpsc::Sender<FocusRequest>, wake: &Mutex<Option<Wake>>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if let Err(error) = reader.by_ref().take(64).read_line(&mut line) {
        tracing::warn!("second launch request unreadable: {error}");
        return;
    }
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
    if let Err(error) = writeln!(reader.get_mut(), "{reply}") {
        tracing::warn!("could not answer the second launch: {error}");
    }
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
}

/// Asks the open window to come forward; returns within `bound`.
pub fn ask_to_focus(data_dir: &Path, bound: Duration) -> SecondLaunch {
    let mine = ChannelName::for_this_process(data_dir);
    if let Some(other) = other_session(data_dir, &mine) {
        return SecondLaunch::OtherSession(other);
    }
    allow_foreground();
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
        Ok(Err(error)) => {
            tracing::warn!("could not reach the open window: {error}");
            SecondLaunch::NoAnswer
        }
        Err(_) => SecondLaunch::NoAnswer,
    }
}

fn exchange(channel: &ChannelName, deadline: Instant) -> std::io::Result<String> {
    // The first instance may hold the lock but not listen yet (it just started): retry.
    let stream = loop {
        match Stream::connect(channel.to_name()?) {
            Ok(stream) => break stream,
            Err(error) if Instant::now() >= deadline => return Err(error),
            Err(_) => std::thread::sleep(Duration::from_millis(100)),
        }
    };
    let mut reader = BufReader::new(stream);
    writeln!(reader.get_mut(), "{FOCUS_REQUEST}")?;
    let mut reply = String::new();
    reader.take(64).read_line(&mut reply)?;
    Ok(reply)
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

/// Windows lets only the process the user just started give the foreground away: let the open
/// window take it.
#[cfg(windows)]
fn allow_foreground() {
    use windows_sys::Win32::UI::WindowsAndMessaging::{ASFW_ANY, AllowSetForegroundWindow};
    // SAFETY: takes a process id only; failure just means the window may flash instead.
    unsafe {
        AllowSetForegroundWindow(ASFW_ANY);
    }
}

#[cfg(not(windows))]
fn allow_foreground() {}

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
