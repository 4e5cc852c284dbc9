//! Writes progress off the UI thread: a save (with its fsync) never stalls a frame.

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::{ProgressStore, SettingsStore, UserSettings};
use crate::wizard::Progress;

/// Temp files older than this are leftovers, not saves in progress.
const STALE_TEMP_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

enum Job {
    Progress(ProgressJob),
    Settings(UserSettings),
}

enum ProgressJob {
    Save(Progress),
    Clear,
}

/// A background writer. Saves are coalesced (only the newest is written); dropping the saver
/// waits for the last write, so nothing is lost when the window closes.
pub struct Saver {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// `on_failure` is told of every failed write (`path: error`), from the saver's thread.
    pub fn new(
        store: ProgressStore,
        settings: SettingsStore,
        on_failure: impl Fn(String) + Send + Sync + 'static,
    ) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let on_failure = std::sync::Arc::new(on_failure);
        let report = on_failure.clone();
        let thread = std::thread::Builder::new()
            .name("progress-saver".into())
            .spawn(move || {
                // Leftovers of saves a killed process never finished.
                if let Some(dir) = store.path().and_then(|p| p.parent()) {
                    let removed = crate::atomic_file::sweep_stale_temp_files(dir, STALE_TEMP_AGE);
                    if removed > 0 {
                        tracing::info!("removed {removed} unfinished save(s) in {}", dir.display());
                    }
                }
                while let Ok(job) = job_rx.recv() {
                    // Only the newest progress and the newest settings matter.
                    let mut progress_job = None;
                    let mut settings_job = None;
                    for job in std::iter::once(job).chain(job_rx.try_iter()) {
                        match job {
                            Job::Settings(chosen) => settings_job = Some(chosen),
                            Job::Progress(job) => progress_job = Some(job),
                        }
                    }
                    // A panic while saving (a bug) is reported as a failed save; the saver
                    // and the window go on.
                    let saved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        #[cfg(any(test, feature = "test-hooks"))]
                        if crate::test_hooks::armed("saver") {
                            crate::test_hooks::crash_on_purpose("saver");
                        }
                        let progress_result = progress_job.map(|job| match job {
                            ProgressJob::Save(progress) => store.save(&progress),
                            ProgressJob::Clear => store.clear(),
                        });
                        let settings_result = settings_job.map(|chosen| settings.save(&chosen));
                        (progress_result, settings_result)
                    }));
                    let (progress_result, settings_result) = match saved {
                        Ok(results) => results,
                        Err(payload) => {
                            report(format!(
                                "the saver stopped unexpectedly: {}",
                                crate::redact::panic_text(payload.as_ref())
                            ));
                            continue;
                        }
                    };
                    for (path, result) in [
                        (store.path(), progress_result),
                        (settings.path(), settings_result),
                    ] {
                        if let Some(Err(error)) = result {
                            let path = path.map(|p| p.display().to_string()).unwrap_or_default();
                            report(format!("{path}: {error}"));
                        }
                    }
                }
            });
        match thread {
            Ok(thread) => Self {
                jobs: Some(jobs),
                thread: Some(thread),
            },
            Err(error) => {
                // Without a thread nothing can be saved; report it like a failed write.
                on_failure(format!("cannot start the saver thread: {error}"));
                Self {
                    jobs: None,
                    thread: None,
                }
            }
        }
    }

    pub fn save(&self, progress: Progress) {
        self.send(Job::Progress(ProgressJob::Save(progress)));
    }

    pub fn clear(&self) {
        self.send(Job::Progress(ProgressJob::Clear));
    }

    pub fn save_settings(&self, settings: UserSettings) {
        self.send(Job::Settings(settings));
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The thread lives as long as the sender, so this only fails after a panic there.
            let _ = jobs.send(job);
        }
    }

    /// Waits until everything sent so far is written.
    pub fn flush(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take()
            && thread.join().is_err()
        {
            tracing::error!("the progress saver thread panicked");
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guide::PageId;
    use crate::storage::LoadedProgress;

    fn progress(page: &str) -> Progress {
        Progress {
            page: PageId(page.into()),
            history: Vec::new(),
            answers: Default::default(),
            saved_at: 1,
        }
    }

    #[test]
    fn last_save_wins_and_drop_flushes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = ProgressStore::new(Some(dir.path().join("progress.json")));
        let saver = Saver::new(store.clone(), SettingsStore::new(None), |_| {});
        for page in ["a", "b", "c"] {
            saver.save(progress(page));
        }
        drop(saver);
        assert_eq!(store.load(), LoadedProgress::Saved(progress("c")));
    }

    #[test]
    fn settings_and_progress_are_both_kept_when_coalesced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = ProgressStore::new(Some(dir.path().join("progress.json")));
        let settings = SettingsStore::new(Some(dir.path().join("settings.json")));
        let saver = Saver::new(store.clone(), settings.clone(), |_| {});
        saver.save(progress("a"));
        saver.save_settings(UserSettings {
            high_contrast: true,
            ..Default::default()
        });
        saver.save(progress("b"));
        drop(saver);
        assert_eq!(store.load(), LoadedProgress::Saved(progress("b")));
        assert!(settings.load().high_contrast);
    }

    #[test]
    fn failures_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A file where the data folder should be makes every write fail.
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "").expect("write");
        let (failure_tx, failures) = mpsc::channel();
        let mut saver = Saver::new(
            ProgressStore::new(Some(blocker.join("progress.json"))),
            SettingsStore::new(None),
            move |failure| failure_tx.send(failure).expect("send"),
        );
        saver.save(progress("a"));
        saver.flush();
        let failures: Vec<String> = failures.try_iter().collect();
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert!(failures[0].contains("progress.json"), "{failures:?}");
    }
}
