//! Påloggingshjelp: walks kommune employees through unlinking a BankID from the wrong Visma
//! Connect e-mail address.
//!
//! The parts that need no window are plain modules: [`guide`] (data), [`wizard`] (state),
//! [`email`], [`config`], [`storage`]. The window lives in [`app`] and [`ui`].

pub mod config;
pub mod email;
pub mod guide;
pub mod i18n;
pub mod storage;
pub mod wizard;
