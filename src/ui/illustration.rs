//! The picture of what the user will see. Until a picture exists, a framed placeholder shows
//! the alt text; screen readers get the alt text either way.

use crate::app::AppState;
use crate::guide::Illustration;
use crate::i18n::fill;

pub fn illustration_ui(ui: &mut egui::Ui, state: &AppState, illustration: &Illustration) {
    let caption = fill(
        &state.text.illustration_label,
        &[("alt", &illustration.alt)],
    );
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(16))
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(640.0));
            ui.set_min_height(120.0);
            ui.centered_and_justified(|ui| {
                ui.label(egui::RichText::new(caption).italics());
            });
        });
}
