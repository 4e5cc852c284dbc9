//! «Jeg står fast»: the helpdesk report to copy or mail, and how to reach the helpdesk.

use crate::view_model::{Action, AppState, Feedback};
use paalogging_core::i18n::fill;

pub fn helpdesk_report_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    report: &str,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    let helpdesk = &state.config.helpdesk_name.value;
    super::heading_ui(ui, &text.stuck_heading, state.focus_title);
    ui.label(fill(&text.stuck_intro, &[("helpdesk", helpdesk)]));
    ui.horizontal_wrapped(|ui| {
        if ui.add(super::primary_button(&text.report_copy)).clicked() {
            actions.push(Action::Copy {
                what: text.report_copy.clone(),
                text: report.to_owned(),
            });
        }
        if let Some(address) = &state.config.helpdesk_email.value {
            let subject = format!("{} – {}", text.app_title, state.config.kommune_name.value);
            if ui.add(super::secondary_button(&text.report_mail)).clicked() {
                actions.push(Action::OpenMail(paalogging_core::report::mailto_url(
                    address, &subject, report,
                )));
            }
        }
        if state.feedback == Some(Feedback::Copied(text.report_copy.clone())) {
            super::copied_ui(ui, state);
        }
    });
    super::contact::contact_ui(ui, state, actions);
    let label = ui.label(egui::RichText::new(&text.report_label).strong());
    let mut shown = report;
    ui.add(
        egui::TextEdit::multiline(&mut shown)
            .font(egui::TextStyle::Monospace)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}
