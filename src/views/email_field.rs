//! The e-mail field of step 2: validation, what kind of address it is, typo suggestions and
//! domain buttons (Norwegian keyboards type @ with AltGr+2, which some remote desktops lose).

use crate::view_model::{Action, AppState};
use paalogging_core::email::{self, EmailKind, EmailProblem};
use paalogging_core::guide::Input;
use paalogging_core::i18n::fill;

pub fn email_field_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    input: &Input,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    let work_domains = &state.config.email_domains.value;
    super::tried_addresses::tried_addresses_ui(ui, state, input);
    // Only private domains: the kommune's own is almost never the wrong address.
    let value = address_input_ui(ui, state, input, email::PRIVATE_BUTTONS, actions);
    if value.trim().is_empty() {
        return;
    }
    let set = |value: String| Action::SetText {
        input: input.id.clone(),
        value,
    };
    let kommune = &state.config.kommune_name.value;
    let warning = super::theme::warning_color(ui);
    match email::check(&value, work_domains) {
        Err(problem) => {
            ui.label(egui::RichText::new(problem_text(state, &problem)).color(warning));
        }
        Ok(checked) => {
            let tried = state.wizard.answers().tried(&input.id);
            if tried
                .iter()
                .any(|t| t.eq_ignore_ascii_case(&checked.address))
            {
                ui.label(egui::RichText::new(&text.tried_again).color(warning));
            }
            if let Some(suggestion) = &checked.suggestion {
                // The suggestion stands instead of «Vi kjenner ikke til …»: one message at a time.
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(fill(
                            &text.email_suggestion,
                            &[("suggestion", suggestion)],
                        ))
                        .strong()
                        .color(warning),
                    );
                    let apply = fill(&text.email_apply_suggestion, &[("suggestion", suggestion)]);
                    if ui.button(apply).clicked() {
                        actions.push(set(email::with_domain(&value, suggestion)));
                    }
                });
                return;
            }
            let explanation = match checked.kind {
                EmailKind::Work => fill(&text.email_work, &[("kommune", kommune)]),
                EmailKind::Private => fill(&text.email_private, &[("domain", &checked.domain)]),
                EmailKind::School => fill(&text.email_school, &[("domain", &checked.domain)]),
                EmailKind::Unknown => fill(&text.email_unknown, &[("domain", &checked.domain)]),
            };
            let color = match checked.kind {
                EmailKind::Work => warning,
                EmailKind::Private | EmailKind::School | EmailKind::Unknown => {
                    ui.visuals().text_color()
                }
            };
            ui.label(egui::RichText::new(explanation).color(color));
            if checked.kind == EmailKind::Work {
                let mut confirmed = state.wizard.answers().work_confirmed(&input.id);
                if ui
                    .checkbox(&mut confirmed, &text.email_work_confirm)
                    .changed()
                {
                    actions.push(Action::ConfirmWorkAddress {
                        input: input.id.clone(),
                        value: confirmed,
                    });
                }
            }
        }
    }
}

/// What is wrong with the address's form, in the user's words.
pub(super) fn problem_text<'a>(state: &'a AppState, problem: &EmailProblem) -> &'a str {
    let text = &state.text;
    match problem {
        EmailProblem::Empty => &text.email_empty,
        EmailProblem::Whitespace => &text.email_whitespace,
        EmailProblem::MissingAt => &text.email_missing_at,
        EmailProblem::MissingDomain => &text.email_missing_domain,
        EmailProblem::Invalid => &text.email_invalid,
    }
}

/// The labelled text field with buttons that put `domains` after the @; returns the value as
/// shown this frame (a change is also pushed as an action).
pub(super) fn address_input_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    input: &Input,
    domains: &[&str],
    actions: &mut Vec<Action>,
) -> String {
    let text = &state.text;
    let current = state.wizard.answers().text(&input.id).unwrap_or("");
    let set = |value: String| Action::SetText {
        input: input.id.clone(),
        value,
    };
    ui.add_space(6.0);
    let label = ui.label(egui::RichText::new(&input.label).strong());
    let mut value = current.to_owned();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut value)
                .hint_text(&text.email_hint)
                .desired_width(ui.available_width().min(480.0))
                .margin(egui::vec2(8.0, 6.0)),
        )
        .labelled_by(label.id);
    if response.changed() {
        actions.push(set(value.clone()));
    }

    ui.label(&text.email_domains_label);
    ui.horizontal_wrapped(|ui| {
        for domain in domains {
            let button = ui.button(format!("@{domain}"));
            let name = fill(&text.email_insert_domain, &[("domain", domain)]);
            ui.ctx()
                .accesskit_node_builder(button.id, |node| node.set_label(name));
            if button.clicked() {
                actions.push(set(email::with_domain(&value, domain)));
            }
        }
    });
    value
}
