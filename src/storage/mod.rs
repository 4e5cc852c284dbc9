//! Files the app writes: saved progress, always replaced atomically.

mod atomic;
mod progress_file;

pub use atomic::write_atomic;
pub use progress_file::{LoadedProgress, ProgressStore, STATE_FORMAT};
