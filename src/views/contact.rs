//! The helpdesk's contact details from configuration.

use crate::view_model::{Action, AppState};
use paalogging_core::i18n::fill;

pub fn contact_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let text = &state.text;
    let config = &state.config;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new(fill(
                &text.contact_heading,
                &[("helpdesk", &config.helpdesk_name.value)],
            ))
            .strong(),
        );
        let mut any = false;
        if let Some(phone) = &config.helpdesk_phone.value {
            ui.label(fill(&text.contact_phone, &[("phone", phone)]));
            any = true;
        }
        if let Some(email) = &config.helpdesk_email.value {
            ui.label(fill(&text.contact_email, &[("email", email)]));
            any = true;
        }
        if let Some(web) = config
            .helpdesk_web
            .value
            .as_deref()
            .and_then(|w| state.safe_link(w))
        {
            if ui.button(&text.contact_web).clicked() {
                actions.push(Action::OpenUrl(web));
            }
            any = true;
        }
        if !any {
            // Never a dead end: say where the numbers are, and offer the report.
            let kommune = &config.kommune_name.value;
            ui.label(fill(&text.contact_where, &[("kommune", kommune)]));
            if let Some(page) = config
                .first_login_url
                .value
                .as_deref()
                .and_then(|url| state.safe_link(url))
            {
                let label = fill(&text.contact_employee_page, &[("kommune", kommune)]);
                if ui.button(label).clicked() {
                    actions.push(Action::OpenUrl(page));
                }
            }
            ui.label(&text.contact_none);
        }
        // On the report page itself the button would only close what it offers.
        if state.helpdesk_report.is_none() && ui.button(&text.contact_report).clicked() {
            actions.push(Action::ToggleHelpdeskReport);
        }
    });
}
