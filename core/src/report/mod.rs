//! The helpdesk report behind «Jeg står fast»: the facts the helpdesk needs, as plain text.
//!
//! Gathered in one place ([`HelpdeskReport::gather`]) for the window and `--check --report`,
//! from plain facts the tests can set. What it must never carry is kept out twice:
//! [`HelpdeskReport`] has no field for a password, a BankID code or a fødselsnummer, and the
//! finished text is scrubbed anyway (every run of 11 digits, the shape of a fødselsnummer, and
//! every full e-mail address wherever it appears), since titles, paths and check details come
//! from places a user can type into. The addresses typed are written masked.
//!
//! The labels are in bokmål: the report is read by the kommune's helpdesk, whatever language
//! the user chose (which the report states).

mod input;
mod mailto;
mod text;

pub use input::{CheckLine, HelpdeskReport, PathEntry, StepReached};
pub use mailto::{MAILTO_MAX_CHARS, mailto_url};
