//! The channel on Windows: a named pipe that only this user (and SYSTEM) may open.
//!
//! - Its name carries the user's SID, not the user name (names are machine-wide, and a user
//!   name can be chosen to collide).
//! - Its security descriptor allows the user's SID and SYSTEM only, and it is created with
//!   `FILE_FLAG_FIRST_PIPE_INSTANCE`: if another process holds the name already, creating it
//!   fails, and the window says so in the log instead of sharing the name.
//! - The client opens it at identification level only (`SECURITY_SQOS_PRESENT |
//!   SECURITY_IDENTIFICATION`: the server cannot act as the user), asks for the server's process
//!   and trusts it only when that process's token is this user's; the foreground is then allowed
//!   to that process alone.
//! - Reads poll with `PeekNamedPipe` up to a deadline, so a client that never writes holds the
//!   one answering thread only that long.

use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::windows::io::{AsRawHandle as _, FromRawHandle as _, OwnedHandle};
use std::time::{Duration, Instant};

use windows_sys::Win32::Foundation::{
    ERROR_PIPE_CONNECTED, GENERIC_READ, GENERIC_WRITE, HANDLE, INVALID_HANDLE_VALUE, LocalFree,
};
use windows_sys::Win32::Security::Authorization::{
    ConvertSidToStringSidW, ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
};
use windows_sys::Win32::Security::{
    EqualSid, GetTokenInformation, PSECURITY_DESCRIPTOR, SECURITY_ATTRIBUTES, TOKEN_QUERY,
    TOKEN_USER, TokenUser,
};
use windows_sys::Win32::Storage::FileSystem::{
    CreateFileW, FILE_FLAG_FIRST_PIPE_INSTANCE, OPEN_EXISTING, PIPE_ACCESS_DUPLEX,
    SECURITY_IDENTIFICATION, SECURITY_SQOS_PRESENT,
};
use windows_sys::Win32::System::Pipes::{
    ConnectNamedPipe, CreateNamedPipeW, GetNamedPipeServerProcessId, PIPE_READMODE_BYTE,
    PIPE_REJECT_REMOTE_CLIENTS, PIPE_TYPE_BYTE, PIPE_WAIT, PeekNamedPipe,
};
use windows_sys::Win32::System::Threading::{
    GetCurrentProcess, OpenProcess, OpenProcessToken, PROCESS_QUERY_LIMITED_INFORMATION,
};

use super::ConnectError;

/// Instances open at once: the one listening, the one being answered, a few queued.
const MAX_INSTANCES: u32 = 8;
/// How often a read without data looks again.
const POLL: Duration = Duration::from_millis(10);

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

fn pipe_path(name: &str) -> Vec<u16> {
    wide(&format!(r"\\.\pipe\{name}"))
}

fn owned(handle: HANDLE) -> io::Result<OwnedHandle> {
    if handle.is_null() || handle == INVALID_HANDLE_VALUE {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a valid handle just returned to us, owned by nobody else.
    Ok(unsafe { OwnedHandle::from_raw_handle(handle) })
}

/// A process token's user, as the buffer `GetTokenInformation(TokenUser)` filled.
struct TokenUserBuffer(Vec<u64>);

impl TokenUserBuffer {
    fn of_process(process: HANDLE) -> io::Result<Self> {
        let mut token: HANDLE = std::ptr::null_mut();
        // SAFETY: `process` is a process handle with query rights; `token` receives a handle.
        if unsafe { OpenProcessToken(process, TOKEN_QUERY, &mut token) } == 0 {
            return Err(io::Error::last_os_error());
        }
        let token = owned(token)?;
        let mut needed = 0u32;
        // SAFETY: asks for the size only (null buffer, length 0).
        unsafe {
            GetTokenInformation(
                token.as_raw_handle(),
                TokenUser,
                std::ptr::null_mut(),
                0,
                &mut needed,
            );
        }
        // u64 elements keep the SID pointer inside suitably aligned.
        let mut buffer = vec![0u64; usize::try_from(needed).unwrap_or(0).div_ceil(8).max(1)];
        let length = u32::try_from(buffer.len() * 8).unwrap_or(u32::MAX);
        // SAFETY: the buffer has `length` writable bytes.
        let ok = unsafe {
            GetTokenInformation(
                token.as_raw_handle(),
                TokenUser,
                buffer.as_mut_ptr().cast(),
                length,
                &mut needed,
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Self(buffer))
    }

    fn sid(&self) -> windows_sys::Win32::Security::PSID {
        // SAFETY: the buffer holds a TOKEN_USER written by GetTokenInformation, aligned for it.
        unsafe { (*self.0.as_ptr().cast::<TOKEN_USER>()).User.Sid }
    }

    fn sid_string(&self) -> io::Result<String> {
        let mut text: *mut u16 = std::ptr::null_mut();
        // SAFETY: a valid SID; `text` receives a LocalAlloc'd string freed below.
        if unsafe { ConvertSidToStringSidW(self.sid(), &mut text) } == 0 {
            return Err(io::Error::last_os_error());
        }
        let mut len = 0;
        // SAFETY: the string is NUL-terminated; read up to the NUL, then free it once.
        let sid = unsafe {
            while *text.add(len) != 0 {
                len += 1;
            }
            let sid = String::from_utf16_lossy(std::slice::from_raw_parts(text, len));
            LocalFree(text.cast());
            sid
        };
        Ok(sid)
    }
}

fn this_user() -> io::Result<TokenUserBuffer> {
    // SAFETY: the pseudo handle of this process needs no closing.
    TokenUserBuffer::of_process(unsafe { GetCurrentProcess() })
}

/// The channel's name for this user in `session`: the SID, not the user name.
pub(super) fn channel_name(session: u32) -> String {
    match this_user().and_then(|user| user.sid_string()) {
        Ok(sid) => format!("paalogging-{sid}-session{session}"),
        Err(error) => {
            // Without a SID there is no name only this user can hold: a name nobody listens on.
            tracing::warn!("this user's SID is unknown, no instance channel: {error}");
            format!("paalogging-unknown-{}-session{session}", std::process::id())
        }
    }
}

/// A security descriptor allowing this user and SYSTEM only, freed on drop.
struct Descriptor(PSECURITY_DESCRIPTOR);

impl Descriptor {
    fn for_this_user() -> io::Result<Self> {
        let sid = this_user()?.sid_string()?;
        // D:P — a protected DACL: full access for this user's SID and SYSTEM, nobody else.
        let sddl = wide(&format!("D:P(A;;GA;;;{sid})(A;;GA;;;SY)"));
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: a NUL-terminated SDDL string; `descriptor` receives a LocalAlloc'd block.
        let ok = unsafe {
            ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                SDDL_REVISION_1,
                &mut descriptor,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(Self(descriptor))
    }
}

// SAFETY: the descriptor is a private heap block that only its owner reads or frees; moving
// the owner to the accepting thread moves it along.
unsafe impl Send for Descriptor {}

impl Drop for Descriptor {
    fn drop(&mut self) {
        // SAFETY: allocated by ConvertStringSecurityDescriptorToSecurityDescriptorW, freed once.
        unsafe {
            LocalFree(self.0);
        }
    }
}

pub(super) struct Listener {
    path: Vec<u16>,
    descriptor: Descriptor,
    /// The instance waiting for the next client: while it is open, the name stays ours.
    listening: OwnedHandle,
}

impl Listener {
    pub(super) fn bind(name: &str) -> io::Result<Self> {
        let path = pipe_path(name);
        let descriptor = Descriptor::for_this_user()?;
        let listening = create_instance(&path, &descriptor, true).map_err(|error| {
            io::Error::new(
                error.kind(),
                format!(
                    "the pipe name {name} is already held by another process (not this \
                     window): {error}"
                ),
            )
        })?;
        Ok(Self {
            path,
            descriptor,
            listening,
        })
    }

    /// The next client. Only this user and SYSTEM can open the pipe (its DACL).
    pub(super) fn accept(&mut self) -> io::Result<Connection> {
        // SAFETY: a pipe instance handle we own; synchronous wait for a client.
        let connected =
            unsafe { ConnectNamedPipe(self.listening.as_raw_handle(), std::ptr::null_mut()) };
        if connected == 0 {
            let error = io::Error::last_os_error();
            if error.raw_os_error() != i32::try_from(ERROR_PIPE_CONNECTED).ok() {
                // A client that left before it was accepted spoils this instance: listen on a
                // fresh one (created first, so the name stays ours) and drop the spoilt one.
                self.listening = create_instance(&self.path, &self.descriptor, false)?;
                return Err(error);
            }
        }
        // The next instance is created before this one is handed on, so the name is never free.
        let next = create_instance(&self.path, &self.descriptor, false)?;
        let handle = std::mem::replace(&mut self.listening, next);
        Ok(Connection {
            file: File::from(handle),
            server_pid: None,
        })
    }
}

fn create_instance(path: &[u16], descriptor: &Descriptor, first: bool) -> io::Result<OwnedHandle> {
    let attributes = SECURITY_ATTRIBUTES {
        nLength: u32::try_from(std::mem::size_of::<SECURITY_ATTRIBUTES>()).unwrap_or(0),
        lpSecurityDescriptor: descriptor.0,
        bInheritHandle: 0,
    };
    let open_mode = if first {
        PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE
    } else {
        PIPE_ACCESS_DUPLEX
    };
    // SAFETY: a NUL-terminated name and attributes that outlive the call.
    let handle = unsafe {
        CreateNamedPipeW(
            path.as_ptr(),
            open_mode,
            PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
            MAX_INSTANCES,
            512,
            512,
            0,
            &attributes,
        )
    };
    owned(handle)
}

pub(super) struct Connection {
    file: File,
    /// The server's process, on the client side.
    server_pid: Option<u32>,
}

impl Connection {
    /// Bytes waiting in the pipe (an error once the other end has closed).
    fn available(&self) -> io::Result<u32> {
        let mut available = 0u32;
        // SAFETY: asks for the count only; the handle is a pipe we own.
        let ok = unsafe {
            PeekNamedPipe(
                self.file.as_raw_handle(),
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut(),
                &mut available,
                std::ptr::null_mut(),
            )
        };
        if ok == 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(available)
        }
    }

    /// Reads what is there within `timeout`; `TimedOut` when nothing came, 0 once closed.
    pub(super) fn read_within(&mut self, buf: &mut [u8], timeout: Duration) -> io::Result<usize> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.available() {
                Ok(0) if Instant::now() >= deadline => {
                    return Err(io::Error::from(io::ErrorKind::TimedOut));
                }
                Ok(0) => std::thread::sleep(POLL),
                Ok(available) => {
                    let take = buf
                        .len()
                        .min(usize::try_from(available).unwrap_or(buf.len()));
                    return self.file.read(buf.get_mut(..take).unwrap_or(&mut []));
                }
                // The other end closed (ERROR_BROKEN_PIPE and kin): like the end of a file.
                Err(_) => return Ok(0),
            }
        }
    }

    pub(super) fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.file.write_all(bytes)
    }

    /// Waits (bounded) for the client to close its end: closing ours first could discard the
    /// reply before it is read.
    pub(super) fn linger(&mut self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline && self.available().is_ok() {
            std::thread::sleep(POLL);
        }
    }

    /// Windows lets only the process the user just started give the foreground away: to the
    /// open window's process, and to no other.
    pub(super) fn allow_foreground(&self) {
        use windows_sys::Win32::UI::WindowsAndMessaging::AllowSetForegroundWindow;
        if let Some(pid) = self.server_pid {
            // SAFETY: takes a process id only; failure just means the window may flash instead.
            unsafe {
                AllowSetForegroundWindow(pid);
            }
        }
    }
}

/// Connects to the open window, and only if its process runs as this user.
pub(super) fn connect(name: &str) -> Result<Connection, ConnectError> {
    let path = pipe_path(name);
    // SAFETY: a NUL-terminated name; identification level only, so the server cannot
    // impersonate this user.
    let handle = unsafe {
        CreateFileW(
            path.as_ptr(),
            GENERIC_READ | GENERIC_WRITE,
            0,
            std::ptr::null(),
            OPEN_EXISTING,
            SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION,
            std::ptr::null_mut(),
        )
    };
    let file = File::from(owned(handle).map_err(ConnectError::Io)?);
    let mut pid = 0u32;
    // SAFETY: a pipe handle we own; `pid` receives one u32.
    if unsafe { GetNamedPipeServerProcessId(file.as_raw_handle(), &mut pid) } == 0 {
        return Err(ConnectError::Io(io::Error::last_os_error()));
    }
    match same_user(pid) {
        Ok(true) => Ok(Connection {
            file,
            server_pid: Some(pid),
        }),
        Ok(false) => Err(ConnectError::OtherUser(format!(
            "the pipe {name} is served by process {pid} of another user"
        ))),
        Err(error) => Err(ConnectError::OtherUser(format!(
            "the pipe {name} is served by process {pid}, whose user cannot be read: {error}"
        ))),
    }
}

/// Whether process `pid` runs as this user.
fn same_user(pid: u32) -> io::Result<bool> {
    // SAFETY: opens the process for querying only; the handle is owned below.
    let process = owned(unsafe { OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid) })?;
    let theirs = TokenUserBuffer::of_process(process.as_raw_handle())?;
    let ours = this_user()?;
    // SAFETY: two valid SIDs inside buffers that live across the call.
    Ok(unsafe { EqualSid(theirs.sid(), ours.sid()) } != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_carries_the_sid_not_the_user_name() {
        let name = channel_name(1);
        assert!(name.starts_with("paalogging-S-1-"), "{name}");
        assert!(name.ends_with("-session1"), "{name}");
    }

    #[test]
    fn a_name_held_by_another_process_is_detected() {
        let name = format!("paalogging-test-squatted-{}", std::process::id());
        // The squatter: an instance of the same name, created before the window's.
        let descriptor = Descriptor::for_this_user().expect("descriptor");
        let _squatter = create_instance(&pipe_path(&name), &descriptor, false).expect("squatter");
        let error = Listener::bind(&name).err().expect("the name is refused");
        assert!(error.to_string().contains("already held"), "{error}");
    }

    #[test]
    fn a_client_of_this_user_is_served_and_trusted() {
        let name = format!("paalogging-test-served-{}", std::process::id());
        let mut listener = Listener::bind(&name).expect("bind");
        let server = std::thread::spawn(move || {
            let mut connection = listener.accept().expect("accept");
            let mut buf = [0u8; 8];
            let read = connection
                .read_within(&mut buf, Duration::from_secs(5))
                .expect("read");
            connection.write_all(&buf[..read]).expect("echo");
            connection.linger(Duration::from_secs(1));
        });
        let mut client = loop {
            match connect(&name) {
                Ok(client) => break client,
                Err(ConnectError::Io(_)) => std::thread::sleep(POLL),
                Err(ConnectError::OtherUser(detail)) => panic!("{detail}"),
            }
        };
        assert_eq!(client.server_pid, Some(std::process::id()));
        client.write_all(b"hi").expect("write");
        let mut buf = [0u8; 8];
        let read = client
            .read_within(&mut buf, Duration::from_secs(5))
            .expect("read");
        assert_eq!(&buf[..read], b"hi");
        drop(client);
        server.join().expect("server");
    }
}
