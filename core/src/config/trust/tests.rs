use std::path::Path;

use super::*;

const USERS: &str = "S-1-5-32-545";
const ADMINS: &str = "S-1-5-32-544";
const SYSTEM: &str = "S-1-5-18";
const READ_EXECUTE: u32 = 0x0012_00a9;
const FULL: u32 = 0x001f_01ff;

fn allow(sid: &str, mask: u32) -> Ace {
    Ace {
        sid: sid.to_owned(),
        allow: true,
        inherit_only: false,
        mask,
    }
}

/// What the MSI sets on %ProgramData%\Paalogging: admins and SYSTEM full, Users read.
fn installer_acl() -> Vec<Ace> {
    vec![
        allow(SYSTEM, FULL),
        allow(ADMINS, FULL),
        allow(USERS, READ_EXECUTE),
    ]
}

#[test]
fn windows_admin_only_acl_is_trusted() {
    let path = Path::new(r"C:\ProgramData\Paalogging");
    assert_eq!(windows_rule(path, ADMINS, Some(&installer_acl())), Ok(()));
    let installer = "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";
    assert_eq!(
        windows_rule(path, installer, Some(&installer_acl())),
        Ok(())
    );
    // A template for files created later, and a deny entry, change nothing about this folder.
    let mut aces = installer_acl();
    aces.push(Ace {
        inherit_only: true,
        ..allow("S-1-3-0", FULL)
    });
    aces.push(Ace {
        allow: false,
        ..allow("S-1-1-0", FULL)
    });
    assert_eq!(windows_rule(path, SYSTEM, Some(&aces)), Ok(()));
}

#[test]
fn windows_owner_must_be_an_administrator_principal() {
    let path = Path::new(r"C:\ProgramData\Paalogging\config.toml");
    let user = "S-1-5-21-1004336348-1177238915-682003330-1001";
    let result = windows_rule(path, user, Some(&installer_acl()));
    assert!(
        matches!(&result, Err(Untrusted::NotAdminOwned { owner, .. }) if owner == user),
        "{result:?}"
    );
}

#[test]
fn windows_any_right_to_change_it_for_others_is_refused() {
    let path = Path::new(r"C:\ProgramData\Paalogging");
    // ProgramData's own entry for Users (create files and folders), DELETE, WRITE_DAC,
    // WRITE_OWNER, append only, GENERIC_WRITE: each alone is enough to refuse.
    for (sid, mask) in [
        (USERS, 0x0000_0006),
        ("S-1-5-11", 0x0001_0000),
        ("S-1-1-0", 0x0004_0000),
        ("S-1-5-4", 0x0008_0000),
        (USERS, 0x0000_0004),
        ("S-1-5-21-1-2-3-1001", 0x4000_0000),
        (USERS, 0x0000_0040),
    ] {
        let mut aces = installer_acl();
        aces.push(allow(sid, mask));
        let result = windows_rule(path, ADMINS, Some(&aces));
        assert!(
            matches!(&result, Err(Untrusted::OthersMayWrite { principal, .. }) if principal.contains(sid)),
            "{sid} {mask:#x}: {result:?}"
        );
    }
    assert!(matches!(
        windows_rule(path, ADMINS, None),
        Err(Untrusted::NoAccessList { .. })
    ));
}

#[test]
fn unix_rule_reasons() {
    let path = Path::new("/etc/paalogging/config.toml");
    assert_eq!(unix_rule(path, 0, 0, 0o100644, false), Ok(()));
    assert_eq!(
        unix_rule(path, 0, 0, 0o100664, false),
        Ok(()),
        "root's group"
    );
    assert!(matches!(
        unix_rule(path, 1000, 0, 0o100644, false),
        Err(Untrusted::NotRootOwned { uid: 1000, .. })
    ));
    assert!(matches!(
        unix_rule(path, 0, 100, 0o100664, false),
        Err(Untrusted::GroupWritable { .. })
    ));
    assert!(matches!(
        unix_rule(path, 0, 0, 0o100646, false),
        Err(Untrusted::OtherWritable { .. })
    ));
    // /tmp: sticky and world-writable is fine for a folder, never for the file.
    assert_eq!(unix_rule(Path::new("/tmp"), 0, 0, 0o41777, true), Ok(()));
    assert!(unix_rule(path, 0, 0, 0o101666, false).is_err());
}

#[cfg(unix)]
mod real_files {
    use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
    use std::path::{Path, PathBuf};

    use super::super::*;

    const NOBODY: u32 = 65534;

    /// A 0755 folder with a 0644 `config.toml`, as IT would make it.
    fn layout() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("paalogging");
        std::fs::create_dir(&folder).expect("mkdir");
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let file = folder.join("config.toml");
        std::fs::write(&file, "[kommune]\nname = \"Solund kommune\"\n").expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        (dir, file)
    }

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// Whether the test's files are root's, so the ownership cases can run. Not as root, only
    /// the "owned by someone else" answer can be checked: say so, and fail under CI, which runs
    /// as root and must check every case.
    fn is_root(file: &Path) -> bool {
        let root = std::fs::metadata(file).expect("stat").uid() == 0;
        if !root {
            let test = std::thread::current().name().unwrap_or("?").to_owned();
            assert!(
                std::env::var_os("CI").is_none(),
                "{test}: CI must run this as root, or the ownership cases are not checked"
            );
            eprintln!("{test}: not root, so only the not-root-owned answer is checked");
        }
        root
    }

    fn reason(file: &Path) -> Untrusted {
        match read_machine_file(file, MachineTrust::Os) {
            MachineFile::Ignored(reason) => reason,
            other => panic!("expected the file to be ignored, got {other:?}"),
        }
    }

    /// As root (CI): root-owned 0644 under root-owned 0755 folders is used. As anyone else the
    /// same file is owned by that user, which is exactly what must be refused.
    #[test]
    fn root_owned_file_in_root_owned_folder_is_used() {
        let (_dir, file) = layout();
        let result = read_machine_file(&file, MachineTrust::Os);
        if is_root(&file) {
            assert!(
                matches!(&result, MachineFile::Trusted(text) if text.contains("Solund")),
                "{result:?}"
            );
        } else {
            assert!(
                matches!(result, MachineFile::Ignored(Untrusted::NotRootOwned { .. })),
                "{result:?}"
            );
        }
    }

    #[test]
    fn file_owned_by_nobody_is_ignored() {
        let (_dir, file) = layout();
        if is_root(&file) {
            chown(&file, Some(NOBODY), None).expect("chown");
        }
        assert!(matches!(reason(&file), Untrusted::NotRootOwned { path, .. } if path == file));
    }

    #[test]
    fn group_writable_file_is_ignored() {
        let (_dir, file) = layout();
        if !is_root(&file) {
            assert!(matches!(reason(&file), Untrusted::NotRootOwned { .. }));
            return;
        }
        chown(&file, None, Some(NOBODY)).expect("chgrp");
        chmod(&file, 0o664);
        assert!(matches!(reason(&file), Untrusted::GroupWritable { path, .. } if path == file));
    }

    #[test]
    fn other_writable_file_or_folder_is_ignored() {
        let (_dir, file) = layout();
        if !is_root(&file) {
            assert!(matches!(reason(&file), Untrusted::NotRootOwned { .. }));
            return;
        }
        chmod(&file, 0o646);
        assert!(matches!(reason(&file), Untrusted::OtherWritable { path, .. } if path == file));
        chmod(&file, 0o644);
        let folder = file.parent().expect("folder").to_path_buf();
        chmod(&folder, 0o777);
        assert!(matches!(reason(&file), Untrusted::OtherWritable { path, .. } if path == folder));
        chmod(&folder, 0o755);
        chown(&folder, Some(NOBODY), None).expect("chown");
        assert!(matches!(reason(&file), Untrusted::NotRootOwned { path, .. } if path == folder));
    }

    /// A link from a root-owned place to a file in a folder others may write: the folders
    /// checked are those of the file actually opened.
    #[test]
    fn symlink_into_a_writable_folder_is_ignored() {
        let (dir, file) = layout();
        if !is_root(&file) {
            assert!(matches!(reason(&file), Untrusted::NotRootOwned { .. }));
            return;
        }
        let open = dir.path().join("open");
        std::fs::create_dir(&open).expect("mkdir");
        chmod(&open, 0o777);
        let target = open.join("config.toml");
        std::fs::rename(&file, &target).expect("move");
        std::os::unix::fs::symlink(&target, &file).expect("symlink");
        assert!(matches!(reason(&file), Untrusted::OtherWritable { path, .. } if path == open));
    }

    #[test]
    fn test_trust_reads_without_checking_and_missing_is_missing() {
        let (dir, file) = layout();
        assert!(matches!(
            read_machine_file(&file, MachineTrust::Test),
            MachineFile::Trusted(_)
        ));
        assert!(matches!(
            read_machine_file(&dir.path().join("none.toml"), MachineTrust::Test),
            MachineFile::Missing
        ));
    }
}
