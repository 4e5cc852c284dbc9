//! The work address for logging in again after step 11: it must be on the kommune's domains
//! and must not be the address whose BankID connection was just removed (people typed that
//! one again, shown on five pages before, and made the fault anew).

use crate::view_model::{Action, AppState};
use paalogging_core::email::{self, WorkProblem};
use paalogging_core::guide::Input;
use paalogging_core::i18n::fill;

pub fn work_address_field_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    input: &Input,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    let work_domains = &state.config.email_domains.value;
    let domains: Vec<&str> = work_domains.iter().map(String::as_str).collect();
    let value = super::email_field::address_input_ui(ui, state, input, &domains, actions);
    if value.trim().is_empty() {
        return;
    }
    let values = [
        ("kommune", state.config.kommune_name.value.as_str()),
        ("work_domain", state.config.work_domain()),
    ];
    let refused = state.wizard.refused_addresses(input);
    let (message, good) = match email::check_work(&value, work_domains, &refused) {
        Ok(_) => (text.work_email_ok.clone(), true),
        Err(WorkProblem::Syntax(problem)) => (
            super::email_field::problem_text(state, &problem).to_owned(),
            false,
        ),
        Err(WorkProblem::NotWork(_)) => (fill(&text.work_email_not_work, &values), false),
        Err(WorkProblem::Refused) => (fill(&text.work_email_refused, &values), false),
    };
    let color = if good {
        ui.visuals().text_color()
    } else {
        super::theme::warning_color(ui)
    };
    ui.label(egui::RichText::new(message).strong().color(color));
}
