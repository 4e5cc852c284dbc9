//! The e-mail field: validation, what kind of address it is, typo suggestions and domain buttons
//! (Norwegian keyboards type @ with AltGr+2, which some remote desktops lose).

use crate::email::{self, EmailKind, EmailProblem};
use crate::guide::Input;
use crate::i18n::fill;
use crate::view_model::{Action, AppState};

pub fn email_field_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    input: &Input,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    let work_domains = &state.config.email_domains.value;
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
        let domains = work_domains
            .iter()
            .map(String::as_str)
            .chain(email::PRIVATE_BUTTONS.iter().copied());
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

    if value.trim().is_empty() {
        return;
    }
    let kommune = &state.config.kommune_name.value;
    match email::check(&value, work_domains) {
        Err(problem) => {
            let message = match problem {
                EmailProblem::Empty => &text.email_empty,
                EmailProblem::Whitespace => &text.email_whitespace,
                EmailProblem::MissingAt => &text.email_missing_at,
                EmailProblem::MissingDomain => &text.email_missing_domain,
                EmailProblem::Invalid => &text.email_invalid,
            };
            ui.label(egui::RichText::new(message).color(super::theme::warning_color(ui)));
        }
        Ok(checked) => {
            if let Some(suggestion) = &checked.suggestion {
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        egui::RichText::new(fill(
                            &text.email_suggestion,
                            &[("suggestion", suggestion)],
                        ))
                        .strong()
                        .color(super::theme::warning_color(ui)),
                    );
                    let apply = fill(&text.email_apply_suggestion, &[("suggestion", suggestion)]);
                    if ui.button(apply).clicked() {
                        actions.push(set(email::with_domain(&value, suggestion)));
                    }
                });
            }
            let explanation = match checked.kind {
                EmailKind::Work => fill(&text.email_work, &[("kommune", kommune)]),
                EmailKind::Private => fill(&text.email_private, &[("domain", &checked.domain)]),
                EmailKind::School => fill(&text.email_school, &[("domain", &checked.domain)]),
                EmailKind::Unknown => fill(&text.email_unknown, &[("domain", &checked.domain)]),
            };
            let color = match checked.kind {
                EmailKind::Work => super::theme::warning_color(ui),
                EmailKind::Private | EmailKind::School | EmailKind::Unknown => {
                    ui.visuals().text_color()
                }
            };
            ui.label(egui::RichText::new(explanation).color(color));
        }
    }
}
