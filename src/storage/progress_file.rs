//! Saved progress in the per-user data folder, so a user who closes the app to read their mail
//! resumes where they left off.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::write_atomic;
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
}

#[derive(Clone, Debug)]
pub struct ProgressStore {
    path: Option<PathBuf>,
}

impl ProgressStore {
    /// `None`: the OS gave no data folder; the app works without saving.
    pub fn new(path: Option<PathBuf>) -> Self {
        Self { path }
    }

    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }

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
                    reason: format!("cannot read {}: {error}", path.display()),
                };
            }
        };
        let reason = match serde_json::from_slice::<serde_json::Value>(&bytes) {
            Err(error) => format!("{} is not valid JSON: {error}", path.display()),
            Ok(value) => match value.get("format").and_then(serde_json::Value::as_u64) {
                Some(format) if format > u64::from(STATE_FORMAT) => format!(
                    "{} was written by a newer version (format {format})",
                    path.display()
                ),
                _ => match serde_json::from_value::<StateFile>(value) {
                    Ok(file) => return LoadedProgress::Saved(file.progress),
                    Err(error) => format!("{} has unexpected content: {error}", path.display()),
                },
            },
        };
        self.move_aside();
        LoadedProgress::Unusable { reason }
    }

    /// Keeps an unusable file as `progress.json.bad` for the helpdesk instead of deleting it.
    fn move_aside(&self) {
        if let Some(path) = &self.path {
            let aside = path.with_extension("json.bad");
            if let Err(error) = std::fs::rename(path, &aside) {
                tracing::warn!("could not move {} aside: {error}", path.display());
            }
        }
    }

    pub fn save(&self, progress: &Progress) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let file = StateFile {
            format: STATE_FORMAT,
            progress: progress.clone(),
        };
        let json = serde_json::to_vec_pretty(&file).map_err(std::io::Error::other)?;
        write_atomic(path, &json)
    }

    pub fn clear(&self) -> std::io::Result<()> {
        match &self.path {
            Some(path) => match std::fs::remove_file(path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
                _ => Ok(()),
            },
            None => Ok(()),
        }
    }
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
    fn corrupt_and_future_files_are_moved_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let store = ProgressStore::new(Some(path.clone()));
        for content in [
            "{ not json".to_owned(),
            "{\"format\": 1, \"page\": 5}".to_owned(),
            format!("{{\"format\": {}, \"page\": \"x\"}}", STATE_FORMAT + 1),
        ] {
            std::fs::write(&path, &content).expect("write");
            assert!(
                matches!(store.load(), LoadedProgress::Unusable { .. }),
                "{content}"
            );
            assert_eq!(
                std::fs::read_to_string(path.with_extension("json.bad")).expect("kept"),
                content
            );
            assert_eq!(store.load(), LoadedProgress::Nothing);
        }
    }
}
