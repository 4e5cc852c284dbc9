//! Atomic file replacement: the old file or the new one, never half of either. Used for saved
//! progress and settings, the update cache, the renderer memory and the signing tool's output.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file in the same folder, flushes it to disk, then renames it
/// over `path`. A crash at any point leaves either the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Removes temp files an interrupted [`write_atomic`] left behind (a killed process cannot clean
/// up). Only `.tmp*` files older than `older_than`, so a write in progress is never touched.
pub fn sweep_stale_temp_files(dir: &Path, older_than: std::time::Duration) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let stale = entry.file_name().to_string_lossy().starts_with(".tmp")
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|modified| now.duration_since(modified).ok())
                .is_some_and(|age| age > older_than);
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweep_removes_only_old_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let old = dir.path().join(".tmpOLD123");
        let fresh = dir.path().join(".tmpNEW456");
        let other = dir.path().join("progress.json");
        for path in [&old, &fresh, &other] {
            std::fs::write(path, "x").expect("write");
        }
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for path in [&old, &other] {
            std::fs::File::options()
                .write(true)
                .open(path)
                .and_then(|f| f.set_modified(two_hours_ago))
                .expect("age");
        }
        let removed = sweep_stale_temp_files(dir.path(), std::time::Duration::from_secs(3600));
        assert_eq!(removed, 1);
        assert!(!old.exists());
        assert!(fresh.exists());
        assert!(other.exists());
    }

    #[test]
    fn replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub").join("file.json");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        let entries = std::fs::read_dir(dir.path().join("sub"))
            .expect("list")
            .count();
        assert_eq!(entries, 1);
    }
}
