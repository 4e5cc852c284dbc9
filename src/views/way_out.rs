//! "It does not look like this / it did not happen": the same control in the same place on
//! every step (right after the step's own fields and buttons), leading to that step's help page.

use crate::view_model::{Action, AppState};
use paalogging_core::guide::Page;

pub fn way_out_ui(ui: &mut egui::Ui, state: &AppState, page: &Page, actions: &mut Vec<Action>) {
    let Some(way_out) = &page.way_out else {
        return;
    };
    ui.add_space(2.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(&state.text.way_out_lead);
        let button = super::secondary_button(&way_out.label);
        let response = ui.add(button);
        let name = way_out.label.clone();
        ui.ctx()
            .accesskit_node_builder(response.id, |node| node.set_label(name));
        if response.clicked() {
            actions.push(Action::Choose(way_out.goto.clone()));
        }
    });
    ui.add_space(4.0);
}
