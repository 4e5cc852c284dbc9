//! Files the app writes: saved progress, always replaced atomically, written off the UI thread.

mod atomic;
mod progress_file;
mod saver;
mod settings_file;

pub use atomic::{sweep_stale_temp_files, write_atomic};
pub use progress_file::{LoadedProgress, ProgressStore, STATE_FORMAT};
pub use saver::Saver;
pub use settings_file::{MAX_TEXT_SCALE, MIN_TEXT_SCALE, SettingsStore, UserSettings};
