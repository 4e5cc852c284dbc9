//! The addresses already tried in step 2 (after «no mail» or «no bin»), so the user types
//! another one rather than the same again.

use crate::view_model::AppState;
use paalogging_core::guide::Input;
use paalogging_core::i18n::fill;

pub fn tried_addresses_ui(ui: &mut egui::Ui, state: &AppState, input: &Input) {
    let tried = state.wizard.answers().tried(&input.id);
    if tried.is_empty() {
        return;
    }
    let text = &state.text;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(&text.tried_heading).strong());
        for address in tried {
            ui.label(fill(&text.tried_item, &[("address", address)]));
        }
        ui.label(&text.tried_ask);
    });
}
