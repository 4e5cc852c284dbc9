//! Messages at the top of the page until dismissed.

use crate::view_model::{Action, AppState, Notice};

pub fn notices_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let text = &state.text;
    for (index, notice) in state.notices.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let message = match notice {
                Notice::StateDiscarded => &text.state_discarded,
                Notice::StateNewer => &text.state_newer,
                Notice::SaveFailed => &text.save_failed,
                Notice::ConfigProblems(_) => &text.config_notice,
            };
            ui.label(egui::RichText::new(message).color(super::theme::warning_color(ui)));
            if let Notice::ConfigProblems(details) = notice {
                egui::CollapsingHeader::new(&text.config_details)
                    .id_salt(("config_details", index))
                    .show(ui, |ui| {
                        for line in details {
                            ui.label(egui::RichText::new(line).monospace());
                        }
                    });
            }
            if ui.button(&text.dismiss).clicked() {
                actions.push(Action::DismissNotice(index));
            }
        });
    }
}
