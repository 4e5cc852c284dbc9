//! Languages and the window's own texts (`assets/i18n/*.toml`).
//!
//! Each language file must have every key: [`UiText`] is a struct, so a missing or misspelt key
//! fails to load (and the test suite loads every language).

mod language;

pub use language::{Language, choose_language};

use serde::Deserialize;

macro_rules! ui_text {
    ($($key:ident),* $(,)?) => {
        /// Every text the window shows outside the guide itself.
        #[derive(Clone, Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct UiText {
            $(pub $key: String,)*
            /// The services' names (`service.<name>`), one for each row of `services.rs`.
            pub service: crate::services::ServiceNames,
            /// The language these texts are in (its name is the table's, not a text).
            #[serde(skip)]
            pub language: Language,
        }

        impl UiText {
            /// Every key with its text, for completeness checks.
            pub fn entries(&self) -> Vec<(&'static str, &str)> {
                let mut entries = vec![$((stringify!($key), self.$key.as_str()),)*];
                entries.extend(self.service.entries());
                entries
            }
        }
    };
}

ui_text!(
    app_title,
    step_of,
    progress_label,
    next,
    back,
    restart,
    close,
    language_label,
    text_size_label,
    high_contrast,
    about,
    more_menu,
    hints_heading,
    illustration_label,
    answer_label,
    answer_missing,
    copy,
    copy_named,
    copied,
    opened,
    required_email,
    required_confirm,
    resume_title,
    resume_body,
    resume_yes,
    resume_no,
    when_now,
    when_minutes,
    when_hours,
    when_days,
    state_discarded,
    save_failed,
    dismiss,
    config_notice,
    config_details,
    email_hint,
    email_domains_label,
    email_insert_domain,
    email_empty,
    email_whitespace,
    email_missing_at,
    email_missing_domain,
    email_invalid,
    email_work,
    email_private,
    email_unknown,
    email_school,
    email_suggestion,
    email_apply_suggestion,
    contact_heading,
    contact_phone,
    contact_email,
    contact_web,
    contact_none,
    checks_heading,
    checks_done_ok,
    checks_done_problems,
    checks_rerun,
    check_running,
    check_ok,
    check_skipped,
    check_status_label,
    checks_limits,
    problem_skipped_no_url,
    problem_no_network,
    problem_dns,
    problem_refused,
    problem_timeout,
    problem_tls_untrusted,
    problem_tls_clock,
    problem_proxy_auth,
    problem_unexpected,
    problem_incident,
    problem_http,
    problem_other,
    about_heading,
    about_version,
    about_logs,
    about_config,
    about_config_none,
    config_ignored,
    crash_title,
    crash_body,
    crash_file,
    no_window,
    already_running,
    already_running_no_answer,
    already_running_other_session,
    reset_done,
    reset_failed,
    start_failed,
    stuck,
    stuck_heading,
    stuck_intro,
    report_label,
    report_copy,
    report_mail,
    link_refused,
    // issue 24
    problem_closed,
    problem_not_http,
    problem_head_too_large,
    problem_body_too_large,
    problem_tls_wrong_host,
    problem_redirect_loop,
    // issue 22
    state_newer,
    // issue 21
    checks_attention,
    checks_go_on,
    checks_details,
    advice_no_network,
    advice_clock,
    advice_service_trouble,
    advice_blocked,
    advice_not_judged,
    more_below,
    back_to_guide,
    // issue 20
    way_out_lead,
    tried_heading,
    tried_item,
    tried_ask,
    tried_again,
    email_work_confirm,
    required_work_confirm,
    required_work_email,
    work_email_ok,
    work_email_not_work,
    work_email_refused,
    contact_where,
    contact_employee_page,
    contact_report,
    helpdesk_contact_unset,
);

impl UiText {
    /// The texts of a language. The files are embedded and checked by the tests, so an error
    /// here is a build defect; it is still reported rather than panicking.
    pub fn load(language: Language) -> Result<Self, String> {
        let (name, source) = language.embedded_texts();
        let text: Self = toml::from_str(source).map_err(|error| format!("{name}: {error}"))?;
        Ok(Self { language, ..text })
    }
}

/// Fills `{name}` placeholders in a UI text.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_text() {
        for &language in Language::ALL {
            let text = UiText::load(language).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(text.language, language);
            for (key, value) in text.entries() {
                assert!(
                    !value.trim().is_empty(),
                    "{}: {key} is empty",
                    language.code()
                );
            }
        }
    }

    #[test]
    fn fill_replaces_names() {
        assert_eq!(
            fill("Steg {n} av {total}", &[("n", "2"), ("total", "11")]),
            "Steg 2 av 11"
        );
    }
}
