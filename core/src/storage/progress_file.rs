//! Saved progress in the per-user data folder, so a user who closes the app to read their mail
//! resumes where they left off.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic_file::write_atomic;
use crate::wizard::Progress;

/// Version of the progress file. A newer one (from a newer app) is not guessed at.
pub const STATE_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct StateFile {
    format: u32,
    #[serde(flatten)]
    progress: Progress,
}

#[derive(Debug, PartialEq, Eq)]
pub enum LoadedProgress {
    /// Nothing saved: a first start, or after «Start på nytt».
    Nothing,
    Saved(Progress),
    /// A file exists but cannot be used; it was moved aside so nothing is lost.
    Unusable {
        reason: String,
    },
    /// A newer version of the app wrote it: it stays where it is, untouched, and this store
    /// does not save over it (or clear it), so going back to the newer version loses nothing.
    Newer {
        format: u64,
    },
}

/// Unusable files kept beside the progress file; older ones are removed.
pub const KEEP_BAD_FILES: usize = 5;

#[derive(Clone, Debug)]
pub struct ProgressStore {
    path: Option<PathBuf>,
    /// Set when the file on disk is a newer version's: never written over.
    frozen: std::cell::Cell<bool>,
}

impl ProgressStore {
    /// `None`: the OS gave no data folder; the app works without saving.
    pub fn new(path: Option<PathBuf>) -> Self {
        Self {
            path,
            frozen: std::cell::Cell::new(false),
        }
    }

    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

    /// The saved progress. Reasons name the file and the kind and place of a problem, never
    /// the content: the file holds the typed address.
    pub fn load(&self) -> LoadedProgress {
        let Some(path) = &self.path else {
            return LoadedProgress::Nothing;
        };
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return LoadedProgress::Nothing;
            }
            Err(error) => {
                return LoadedProgress::Unusable {
                    reason: format!("cannot read {}: {}", path.display(), error.kind()),
                };
            }
        };
        let kind = |error: &serde_json::Error| match error.line() {
            0 => format!("{:?} error", error.classify()),
            line => format!(
                "{:?} error at line {line}, column {}",
                error.classify(),
                error.column()
            ),
        };
        let reason = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Err(error) => format!("{} is not valid JSON ({})", path.display(), kind(&error)),
            Ok(value) => match value.get("format").and_then(serde_json::Value::as_u64) {
                Some(format) if format > u64::from(STATE_FORMAT) => {
                    self.frozen.set(true);
                    return LoadedProgress::Newer { format };
                }
                _ => match serde_json::from_value::<StateFile>(value) {
                    Ok(file) => return LoadedProgress::Saved(file.progress),
                    Err(error) => {
                        format!(
                            "{} has unexpected content ({})",
                            path.display(),
                            kind(&error)
                        )
                    }
                },
            },
        };
        self.move_aside();
        LoadedProgress::Unusable { reason }
    }

    /// Keeps an unusable file for the helpdesk instead of deleting it, under a name of its own
    /// (`progress.json.bad-<time>`), the last [`KEEP_BAD_FILES`] of them.
    fn move_aside(&self) {
        let Some(path) = &self.path else {
            return;
        };
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let mut aside = bad_file(path, stamp);
        let mut next = stamp;
        while aside.exists() {
            next += 1;
            aside = bad_file(path, next);
        }
        if let Err(error) = std::fs::rename(path, &aside) {
            tracing::warn!("could not move {} aside: {}", path.display(), error.kind());
        }
        let mut kept = self.bad_files();
        let excess = kept.len().saturating_sub(KEEP_BAD_FILES);
        for old in kept.drain(..excess) {
            let _ = std::fs::remove_file(old);
        }
    }

    /// The unusable files kept beside the progress file, oldest first.
    pub fn bad_files(&self) -> Vec<PathBuf> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return Vec::new();
        };
        let prefix = format!("{}.bad", name.to_string_lossy());
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|entry| entry.path())
                    .filter(|file| {
                        file.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The zero-padded time in the name sorts them oldest first.
        files.sort();
        files
    }

    pub fn save(&self, progress: &Progress) -> std::io::Result<()> {
        let Some(path) = self.path.as_ref().filter(|_| !self.frozen.get()) else {
            return Ok(());
        };
        let file = StateFile {
            format: STATE_FORMAT,
            progress: progress.clone(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        write_atomic(path, &json)
    }

    /// Removes the saved progress (not a newer version's file).
    pub fn clear(&self) -> std::io::Result<()> {
        match self.path.as_ref().filter(|_| !self.frozen.get()) {
            Some(path) => remove(path),
            None => Ok(()),
        }
    }

    /// `--reset`: the progress file, whoever wrote it, and every unusable file kept beside it
    /// (they hold the typed address too).
    pub fn clear_all(&self) -> std::io::Result<()> {
        if let Some(path) = &self.path {
            remove(path)?;
        }
        self.bad_files().iter().try_for_each(|file| remove(file))
    }
}

fn remove(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

fn bad_file(path: &std::path::Path, stamp: u128) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bad-{stamp:020}"));
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::PageId;

    fn progress() -> Progress {
        Progress {
            page: PageId("forgot-password".into()),
            history: vec![PageId("start".into())],
            answers: Default::default(),
            saved_at: 1_700_000_000,
        }
    }

    #[test]
    fn save_load_clear() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = ProgressStore::new(Some(dir.path().join("progress.json")));
        assert_eq!(store.load(), LoadedProgress::Nothing);
        store.save(&progress()).expect("save");
        assert_eq!(store.load(), LoadedProgress::Saved(progress()));
        store.clear().expect("clear");
        assert_eq!(store.load(), LoadedProgress::Nothing);
        store.clear().expect("clearing twice is fine");
    }

    #[test]
    fn unusable_files_are_kept_under_unique_names_a_few_at_a_time() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let store = ProgressStore::new(Some(path.clone()));
        let contents: Vec<String> = (0..KEEP_BAD_FILES + 2)
            .map(|n| format!("{{ not json {n}"))
            .collect();
        for content in &contents {
            std::fs::write(&path, content).expect("write");
            assert!(matches!(store.load(), LoadedProgress::Unusable { .. }));
            assert_eq!(store.load(), LoadedProgress::Nothing);
        }
        let kept: Vec<String> = store
            .bad_files()
            .iter()
            .map(|file| std::fs::read_to_string(file).expect("kept"))
            .collect();
        // The newest ones, none overwritten by the next.
        assert_eq!(kept, contents[contents.len() - KEEP_BAD_FILES..]);
        store.clear_all().expect("reset");
        assert_eq!(store.bad_files(), Vec::<PathBuf>::new());
    }

    #[test]
    fn a_newer_versions_file_is_left_alone_and_never_saved_over() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let newer = format!("{{\"format\": {}, \"page\": \"x\"}}", STATE_FORMAT + 1);
        std::fs::write(&path, &newer).expect("write");
        let store = ProgressStore::new(Some(path.clone()));
        assert_eq!(
            store.load(),
            LoadedProgress::Newer {
                format: u64::from(STATE_FORMAT + 1)
            }
        );
        store.save(&progress()).expect("save is skipped");
        store.clear().expect("clear is skipped");
        assert_eq!(std::fs::read_to_string(&path).expect("still there"), newer);
        assert_eq!(store.bad_files(), Vec::<PathBuf>::new());
    }

    #[test]
    fn reasons_carry_the_kind_of_problem_not_the_content() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let store = ProgressStore::new(Some(path.clone()));
        for content in [
            "{\"format\": 1, \"page\": \"x\", \"history\": \"ola@gmail.com\"}",
            "{\"format\": 1, \"page\": \"ola@gmail.com",
        ] {
            std::fs::write(&path, content).expect("write");
            let LoadedProgress::Unusable { reason } = store.load() else {
                panic!("unusable: {content}");
            };
            assert!(!reason.contains("ola"), "{reason}");
            assert!(reason.contains("error"), "{reason}");
        }
    }

    #[test]
    fn corrupt_files_are_moved_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let store = ProgressStore::new(Some(path.clone()));
        for content in ["{ not json", "{\"format\": 1, \"page\": 5}"] {
            std::fs::write(&path, content).expect("write");
            assert!(
                matches!(store.load(), LoadedProgress::Unusable { .. }),
                "{content}"
            );
            let kept = store.bad_files();
            let newest = kept.last().expect("kept");
            assert_eq!(std::fs::read_to_string(newest).expect("kept"), content);
            assert_eq!(store.load(), LoadedProgress::Nothing);
        }
    }
}
