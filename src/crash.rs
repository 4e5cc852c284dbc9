//! No panic reaches the user as a vanished window: the hook logs it, and a fresh process shows a
//! friendly message with the helpdesk's contact. Progress is saved as the user goes, so nothing
//! typed is lost.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::config::Config;
use crate::i18n::{UiText, fill};

/// The hidden flag the crash message process is started with.
pub const SHOW_CRASH_FLAG: &str = "--show-crash";

static MESSAGE_STARTED: AtomicBool = AtomicBool::new(false);

/// Installs the hook. With `window`, a crash also starts `paalogging --show-crash`.
pub fn install(window: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!("crash at {location}: {message}\n{backtrace}");
        if window && !MESSAGE_STARTED.swap(true, Ordering::SeqCst) {
            let started = std::env::current_exe()
                .and_then(|exe| std::process::Command::new(exe).arg(SHOW_CRASH_FLAG).spawn());
            if let Err(error) = started {
                tracing::error!("could not show the crash message: {error}");
            }
        }
        previous(info);
    }));
}

/// «Påloggingshjelp må avslutte …» with the helpdesk's name, phone and e-mail.
pub fn message(text: &UiText, config: &Config) -> String {
    let helpdesk = &config.helpdesk_name.value;
    let mut lines = vec![
        text.crash_title.clone(),
        fill(&text.crash_body, &[("helpdesk", helpdesk)]),
    ];
    if let Some(phone) = &config.helpdesk_phone.value {
        lines.push(fill(&text.contact_phone, &[("phone", phone)]));
    }
    if let Some(email) = &config.helpdesk_email.value {
        lines.push(fill(&text.contact_email, &[("email", email)]));
    }
    lines.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Language;

    #[test]
    fn message_names_the_helpdesk_and_its_contact() {
        let text = UiText::load(Language::Nb).expect("texts");
        let mut config = Config::default();
        config.helpdesk_name.value = "IT-brukerstøtten".into();
        config.helpdesk_phone.value = Some("56 15 80 00".into());
        let message = message(&text, &config);
        assert!(
            message.starts_with("Påloggingshjelp må avslutte"),
            "{message}"
        );
        assert!(message.contains("kontakt IT-brukerstøtten"), "{message}");
        assert!(message.contains("Telefon: 56 15 80 00"), "{message}");
    }
}
