//! Writes progress off the UI thread: a save (with its fsync) never stalls a frame.

use std::sync::mpsc;
use std::thread::JoinHandle;

use super::ProgressStore;
use crate::wizard::Progress;

enum Job {
    Save(Progress),
    Clear,
}

/// A background writer. Saves are coalesced (only the newest is written); dropping the saver
/// waits for the last write, so nothing is lost when the window closes.
pub struct Saver {
    jobs: Option<mpsc::Sender<Job>>,
    thread: Option<JoinHandle<()>>,
    failures: mpsc::Receiver<String>,
}

impl Saver {
    /// `wake` is called after a failed write so the window shows it without waiting for input.
    pub fn new(store: ProgressStore, wake: impl Fn() + Send + 'static) -> Self {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (failure_tx, failures) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("progress-saver".into())
            .spawn(move || {
                while let Ok(mut job) = job_rx.recv() {
                    // Only the newest state matters.
                    while let Ok(newer) = job_rx.try_recv() {
                        job = newer;
                    }
                    let result = match &job {
                        Job::Save(progress) => store.save(progress),
                        Job::Clear => store.clear(),
                    };
                    if let Err(error) = result {
                        let path = store
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        let _ = failure_tx.send(format!("{path}: {error}"));
                        wake();
                    }
                }
            });
        match thread {
            Ok(thread) => Self {
                jobs: Some(jobs),
                thread: Some(thread),
                failures,
            },
            Err(error) => {
                // Without a thread nothing can be saved; report it like a failed write.
                let (failure_tx, failures) = mpsc::channel();
                let _ = failure_tx.send(format!("cannot start the saver thread: {error}"));
                Self {
                    jobs: None,
                    thread: None,
                    failures,
                }
            }
        }
    }

    pub fn save(&self, progress: Progress) {
        self.send(Job::Save(progress));
    }

    pub fn clear(&self) {
        self.send(Job::Clear);
    }

    fn send(&self, job: Job) {
        if let Some(jobs) = &self.jobs {
            // The thread lives as long as the sender, so this only fails after a panic there.
            let _ = jobs.send(job);
        }
    }

    /// Failed writes since the last call.
    pub fn failures(&self) -> Vec<String> {
        self.failures.try_iter().collect()
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
        let saver = Saver::new(store.clone(), || {});
        for page in ["a", "b", "c"] {
            saver.save(progress(page));
        }
        drop(saver);
        assert_eq!(store.load(), LoadedProgress::Saved(progress("c")));
    }

    #[test]
    fn failures_are_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A file where the data folder should be makes every write fail.
        let blocker = dir.path().join("data");
        std::fs::write(&blocker, "").expect("write");
        let mut saver = Saver::new(
            ProgressStore::new(Some(blocker.join("progress.json"))),
            || {},
        );
        saver.save(progress("a"));
        saver.flush();
        assert_eq!(saver.failures().len(), 1);
    }
}
