//! Files the app writes: saved progress, always replaced atomically, written off the UI thread.

mod progress_file;
mod saver;
mod settings_file;

pub use progress_file::{LoadedProgress, ProgressStore, STATE_FORMAT};
pub use saver::Saver;
pub use settings_file::{MAX_TEXT_SCALE, MIN_TEXT_SCALE, SettingsStore, UserSettings};
