//! The helpdesk report behind «Jeg står fast»: the facts the helpdesk needs, as plain text.
//!
//! Built from plain inputs so the window, `--check --report` and the tests share one builder.
//! What it must never carry is kept out twice: [`ReportInput`] has no field for a password, a
//! BankID code or a fødselsnummer, and the finished text is scrubbed anyway (every run of 11
//! digits, the shape of a fødselsnummer, and the full e-mail address wherever it appears), since
//! titles, paths and check details come from places a user can type into.
//!
//! The labels are in bokmål: the report is read by the kommune's helpdesk, whatever language
//! the user chose (which the report states).

mod input;
mod mailto;
mod text;

pub use input::{CheckLine, PathEntry, ReportInput, StepReached};
pub use mailto::{MAILTO_MAX_CHARS, mailto_url};
pub use text::build;
