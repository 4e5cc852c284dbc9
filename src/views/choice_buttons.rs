//! A step's or help page's branch buttons, under the page's question («Kom du inn?»). A choice
//! that waits for the page's inputs is greyed out with the reason beside it, so nobody is left
//! wondering why it does not answer.

use crate::view_model::{Action, AppState};
use paalogging_core::guide::Page;
use paalogging_core::wizard::Blocker;

pub fn choice_buttons_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    page: &Page,
    actions: &mut Vec<Action>,
) {
    if page.choices.is_empty() {
        return;
    }
    let text = &state.text;
    if let Some(question) = &page.question {
        ui.add_space(6.0);
        let values = state.placeholders();
        let question =
            paalogging_core::guide::fill_lenient(question, &values, &text.answer_missing);
        ui.label(egui::RichText::new(question).strong());
    }
    let mut waiting = false;
    ui.horizontal_wrapped(|ui| {
        for choice in &page.choices {
            let allowed = state.wizard.choice_allowed(choice);
            waiting |= !allowed;
            if ui
                .add_enabled(allowed, super::secondary_button(&choice.label))
                .clicked()
            {
                actions.push(Action::Choose(choice.goto.clone()));
            }
        }
    });
    if !waiting {
        return;
    }
    let why = state
        .wizard
        .input_blockers(page)
        .first()
        .map(|blocker| match blocker {
            Blocker::Email { .. } => &text.required_email,
            Blocker::Confirm { .. } => &text.required_confirm,
            Blocker::WorkAddressUnconfirmed { .. } => &text.required_work_confirm,
            Blocker::WorkEmail { .. } | Blocker::RefusedEmail { .. } | Blocker::NoNext => {
                &text.required_work_email
            }
        });
    if let Some(why) = why {
        ui.label(egui::RichText::new(why).color(super::theme::warning_color(ui)));
    }
}
