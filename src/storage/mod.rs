//! Files the app writes: saved progress, always replaced atomically, written off the UI thread.

mod atomic;
mod progress_file;
mod saver;

pub use atomic::write_atomic;
pub use progress_file::{LoadedProgress, ProgressStore, STATE_FORMAT};
pub use saver::Saver;
