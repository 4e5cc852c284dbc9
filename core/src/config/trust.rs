//! Whether the machine-wide file may be trusted: only when no ordinary user can have written it.
//!
//! The rules are pure functions over what the OS reports (owner and mode on Unix, owner SID and
//! ACEs on Windows), so they are tested on every platform; the code that asks the OS is small.
//! The file is opened first and the checks are made on the opened handle, then read from that
//! same handle: nothing can be swapped between the check and the use.

use std::fmt;
use std::path::{Path, PathBuf};

/// How the machine-wide layer is checked. Chosen by code, never by an environment variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachineTrust {
    /// The OS's rules: root-owned and not writable by others (Unix); owned by and writable only
    /// by Administrators, SYSTEM or TrustedInstaller (Windows), where the policy registry key
    /// is read too.
    Os,
    /// A test's own folder ([`super::Paths::under`]): read as it is, no registry.
    Test,
}

/// Why the machine-wide file was not used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Untrusted {
    #[error("{} is owned by user id {uid}, not by root", path.display())]
    NotRootOwned { path: PathBuf, uid: u32 },
    #[error("{} can be changed by its group (mode {mode:o})", path.display())]
    GroupWritable { path: PathBuf, mode: u32 },
    #[error("{} can be changed by every user (mode {mode:o})", path.display())]
    OtherWritable { path: PathBuf, mode: u32 },
    #[error("{} is owned by {owner}, not by Administrators, SYSTEM or TrustedInstaller", path.display())]
    NotAdminOwned { path: PathBuf, owner: String },
    #[error("{} can be changed by {principal}", path.display())]
    OthersMayWrite { path: PathBuf, principal: String },
    #[error("{} has no access list, so everyone may change it", path.display())]
    NoAccessList { path: PathBuf },
    #[error("the permissions of {} cannot be read: {message}", path.display())]
    Unknown { path: PathBuf, message: String },
}

/// A machine-wide file that exists but was not used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignored {
    pub path: PathBuf,
    pub reason: Untrusted,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: ignored: ordinary users can change it ({})",
            self.path.display(),
            self.reason
        )
    }
}

impl Ignored {
    /// «PATH – ignored: ordinary users can change it (why)» in the user's language, for «Om»,
    /// `--print-config` and `--check`. The reason stays in English: it is for IT.
    pub fn said(&self, text: &crate::i18n::UiText) -> String {
        let path = self.path.display().to_string();
        let said = crate::i18n::fill(&text.config_ignored, &[("path", &path)]);
        format!("{said} ({})", self.reason)
    }
}

/// What reading the machine-wide file gave.
#[derive(Debug)]
pub enum MachineFile {
    Missing,
    Trusted(String),
    Ignored(Untrusted),
    Unreadable(std::io::Error),
    /// Read, but not text in an encoding we read (`encoding.rs`).
    NotText(super::EncodingError),
}

/// Opens `path`, checks the opened file and its folders, and reads it from the same handle.
pub fn read_machine_file(path: &Path, trust: MachineTrust) -> MachineFile {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return MachineFile::Missing,
        Err(error) => return MachineFile::Unreadable(error),
    };
    if trust == MachineTrust::Os
        && let Err(reason) = os::check(path, &file)
    {
        return MachineFile::Ignored(reason);
    }
    match super::read_capped(file) {
        // IT's file may be UTF-16, as Windows PowerShell 5.1 writes it.
        Ok(bytes) => match super::encoding::decode(&bytes) {
            Ok(text) => MachineFile::Trusted(text),
            Err(error) => MachineFile::NotText(error),
        },
        Err(error) => MachineFile::Unreadable(error),
    }
}

// ---------------------------------------------------------------------------------------------
// Unix: owner and mode.

/// Group id whose members are administrators anyway (root's group; macOS's `admin`).
fn admin_group(gid: u32) -> bool {
    gid == 0 || (cfg!(target_os = "macos") && gid == 80)
}

/// The Unix rule for one file or folder on the way to the machine-wide file: owned by root,
/// not writable by group or others. A world-writable folder with the sticky bit (`/tmp`) is
/// accepted: others may add entries there but not rename or delete root's, and the entry
/// below it is checked in turn.
pub fn unix_rule(
    path: &Path,
    uid: u32,
    gid: u32,
    mode: u32,
    is_dir: bool,
) -> Result<(), Untrusted> {
    let path = path.to_path_buf();
    let sticky = is_dir && mode & 0o1000 != 0;
    if uid != 0 {
        return Err(Untrusted::NotRootOwned { path, uid });
    }
    if mode & 0o020 != 0 && !admin_group(gid) && !sticky {
        return Err(Untrusted::GroupWritable { path, mode });
    }
    if mode & 0o002 != 0 && !sticky {
        return Err(Untrusted::OtherWritable { path, mode });
    }
    Ok(())
}

#[cfg(unix)]
mod os {
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    use super::{Untrusted, unix_rule};

    /// The opened file itself (fstat), then every folder above where it really is.
    pub fn check(path: &Path, file: &std::fs::File) -> Result<(), Untrusted> {
        let unknown = |at: &Path, error: std::io::Error| Untrusted::Unknown {
            path: at.to_path_buf(),
            message: error.to_string(),
        };
        let opened = file.metadata().map_err(|e| unknown(path, e))?;
        unix_rule(
            path,
            opened.uid(),
            opened.gid(),
            opened.mode(),
            opened.is_dir(),
        )?;
        // Symbolic links: the folders that matter are those of the file actually opened.
        let real = std::fs::canonicalize(path).map_err(|e| unknown(path, e))?;
        let at_real = std::fs::metadata(&real).map_err(|e| unknown(&real, e))?;
        if (at_real.dev(), at_real.ino()) != (opened.dev(), opened.ino()) {
            return Err(Untrusted::Unknown {
                path: path.to_path_buf(),
                message: "the file was replaced while it was being read".to_owned(),
            });
        }
        for folder in real.ancestors().skip(1) {
            let meta = std::fs::metadata(folder).map_err(|e| unknown(folder, e))?;
            unix_rule(folder, meta.uid(), meta.gid(), meta.mode(), true)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Windows: owner SID and access list.

/// Administrators, SYSTEM and TrustedInstaller: the principals an ordinary user is not.
pub const TRUSTED_SIDS: &[&str] = &[
    "S-1-5-32-544",
    "S-1-5-18",
    "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",
];

/// One access-control entry as Windows reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ace {
    /// The principal, as a string SID (`S-1-5-32-545` is Users).
    pub sid: String,
    /// An allow entry; deny entries only take rights away.
    pub allow: bool,
    /// Applies only to objects created inside (a folder's template), not to this object.
    pub inherit_only: bool,
    pub mask: u32,
}

/// Rights that let a principal change what the app reads: write or append data (for a folder:
/// create files or subfolders), delete it or what is in it, or change its ACL or owner.
pub const WRITE_RIGHTS: u32 = 0x0000_0002 // FILE_WRITE_DATA / FILE_ADD_FILE
    | 0x0000_0004 // FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY
    | 0x0000_0040 // FILE_DELETE_CHILD
    | 0x0001_0000 // DELETE
    | 0x0004_0000 // WRITE_DAC
    | 0x0008_0000 // WRITE_OWNER
    | 0x1000_0000 // GENERIC_ALL
    | 0x4000_0000 // GENERIC_WRITE
    | 0x0200_0000; // MAXIMUM_ALLOWED

/// The Windows rule for the file or its folder: owned by a trusted principal, and no allow
/// entry that applies to it gives anyone else a right to change it. `aces: None` is a NULL
/// DACL (everyone has every right).
pub fn windows_rule(path: &Path, owner: &str, aces: Option<&[Ace]>) -> Result<(), Untrusted> {
    let path = path.to_path_buf();
    if !TRUSTED_SIDS.contains(&owner) {
        return Err(Untrusted::NotAdminOwned {
            path,
            owner: sid_name(owner),
        });
    }
    let Some(aces) = aces else {
        return Err(Untrusted::NoAccessList { path });
    };
    if let Some(ace) = aces.iter().find(|ace| {
        ace.allow
            && !ace.inherit_only
            && ace.mask & WRITE_RIGHTS != 0
            && !TRUSTED_SIDS.contains(&ace.sid.as_str())
    }) {
        return Err(Untrusted::OthersMayWrite {
            path,
            principal: sid_name(&ace.sid),
        });
    }
    Ok(())
}

/// Well-known SIDs by name, so the reason reads «Users» rather than a number.
fn sid_name(sid: &str) -> String {
    let name = match sid {
        "S-1-1-0" => "Everyone",
        "S-1-3-0" => "CREATOR OWNER",
        "S-1-5-11" => "Authenticated Users",
        "S-1-5-32-545" => "Users",
        "S-1-5-4" => "INTERACTIVE",
        "S-1-5-32-544" => "Administrators",
        "S-1-5-18" => "SYSTEM",
        _ => return sid.to_owned(),
    };
    format!("{name} ({sid})")
}

#[cfg(windows)]
mod os {
    use std::os::windows::fs::OpenOptionsExt;
    use std::os::windows::io::AsRawHandle;
    use std::path::Path;

    use windows_sys::Win32::Foundation::{ERROR_SUCCESS, HANDLE, LocalFree};
    use windows_sys::Win32::Security::Authorization::{
        ConvertSidToStringSidW, GetSecurityInfo, SE_FILE_OBJECT,
    };
    use windows_sys::Win32::Security::{
        ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, DACL_SECURITY_INFORMATION, GetAce, INHERIT_ONLY_ACE,
        OWNER_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    };
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS;

    use super::{Ace, Untrusted, windows_rule};

    // winnt.h's ACE types (windows-sys has them only under System_SystemServices).
    const ACCESS_ALLOWED_ACE_TYPE: u32 = 0;
    const ACCESS_DENIED_ACE_TYPE: u32 = 1;

    /// The opened file, then its folder (opened in turn, so both are the real objects).
    pub fn check(path: &Path, file: &std::fs::File) -> Result<(), Untrusted> {
        let (owner, aces) = security(path, file.as_raw_handle() as HANDLE)?;
        windows_rule(path, &owner, aces.as_deref())?;
        let Some(folder) = path.parent() else {
            return Ok(());
        };
        let unknown = |error: std::io::Error| Untrusted::Unknown {
            path: folder.to_path_buf(),
            message: error.to_string(),
        };
        // A folder opens only with backup semantics; reading its ACL needs no more than read.
        let handle = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(folder)
            .map_err(unknown)?;
        let (owner, aces) = security(folder, handle.as_raw_handle() as HANDLE)?;
        windows_rule(folder, &owner, aces.as_deref())
    }

    /// Owner SID and DACL entries of an open handle.
    fn security(path: &Path, handle: HANDLE) -> Result<(String, Option<Vec<Ace>>), Untrusted> {
        let fail = |message: String| Untrusted::Unknown {
            path: path.to_path_buf(),
            message,
        };
        let mut owner: PSID = std::ptr::null_mut();
        let mut dacl: *mut ACL = std::ptr::null_mut();
        let mut descriptor: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        // SAFETY: the out-pointers are valid; the descriptor is freed with LocalFree below and
        // `owner`/`dacl` point into it, so they are used only before that.
        let status = unsafe {
            GetSecurityInfo(
                handle,
                SE_FILE_OBJECT,
                OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                &mut owner,
                std::ptr::null_mut(),
                &mut dacl,
                std::ptr::null_mut(),
                &mut descriptor,
            )
        };
        if status != ERROR_SUCCESS {
            return Err(fail(format!("GetSecurityInfo failed with error {status}")));
        }
        let result = (|| {
            let owner = sid_string(owner).ok_or_else(|| fail("unreadable owner".to_owned()))?;
            if dacl.is_null() {
                return Ok((owner, None));
            }
            // SAFETY: a non-null DACL from GetSecurityInfo is a valid ACL.
            let count = u32::from(unsafe { (*dacl).AceCount });
            let mut aces = Vec::new();
            for index in 0..count {
                let mut ace: *mut core::ffi::c_void = std::ptr::null_mut();
                // SAFETY: index < AceCount.
                if unsafe { GetAce(dacl, index, &mut ace) } == 0 || ace.is_null() {
                    return Err(fail(format!("unreadable access entry {index}")));
                }
                // SAFETY: every ACE starts with an ACE_HEADER.
                let header = unsafe { &*(ace as *const ACE_HEADER) };
                let ace_type = u32::from(header.AceType);
                let inherit_only = u32::from(header.AceFlags) & INHERIT_ONLY_ACE != 0;
                if ace_type != ACCESS_ALLOWED_ACE_TYPE && ace_type != ACCESS_DENIED_ACE_TYPE {
                    // Compound, object and callback allow entries (4, 5, 9, 11) have another
                    // shape: assume the worst of them. Deny, audit and label entries only take
                    // rights away or grant none.
                    if [4, 5, 9, 11].contains(&ace_type) && !inherit_only {
                        return Err(fail(format!(
                            "access entry {index} has a type ({ace_type}) this app does not read"
                        )));
                    }
                    continue;
                }
                // SAFETY: both basic types share ACCESS_ALLOWED_ACE's layout (mask, then SID).
                let basic = unsafe { &*(ace as *const ACCESS_ALLOWED_ACE) };
                let sid_ptr = &basic.SidStart as *const u32 as PSID;
                let sid = sid_string(sid_ptr)
                    .ok_or_else(|| fail(format!("unreadable SID in entry {index}")))?;
                aces.push(Ace {
                    sid,
                    allow: ace_type == ACCESS_ALLOWED_ACE_TYPE,
                    inherit_only,
                    mask: basic.Mask,
                });
            }
            Ok((owner, Some(aces)))
        })();
        // SAFETY: allocated by GetSecurityInfo with LocalAlloc.
        unsafe { LocalFree(descriptor as _) };
        result
    }

    fn sid_string(sid: PSID) -> Option<String> {
        if sid.is_null() {
            return None;
        }
        let mut text: *mut u16 = std::ptr::null_mut();
        // SAFETY: `sid` is valid; the string is freed with LocalFree.
        if unsafe { ConvertSidToStringSidW(sid, &mut text) } == 0 || text.is_null() {
            return None;
        }
        // SAFETY: a NUL-terminated UTF-16 string from the call above.
        let len = (0..).take_while(|&i| unsafe { *text.add(i) } != 0).count();
        let value = String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(text, len) });
        unsafe { LocalFree(text as _) };
        Some(value)
    }
}

#[cfg(not(any(unix, windows)))]
mod os {
    use std::path::Path;

    use super::Untrusted;

    pub fn check(path: &Path, _file: &std::fs::File) -> Result<(), Untrusted> {
        Err(Untrusted::Unknown {
            path: path.to_path_buf(),
            message: "this platform's permissions are not checked".to_owned(),
        })
    }
}

#[cfg(test)]
mod tests;
