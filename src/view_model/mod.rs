//! What the views read and what they ask for: the leaf both [`crate::app`] and [`crate::views`]
//! depend on, so the only edge between them is app → ui.

mod action;
mod state;

pub use action::Action;
pub use state::{AppState, Feedback, Notice, Picture, PrimaryButton};
