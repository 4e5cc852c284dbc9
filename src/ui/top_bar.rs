//! The strip at the top: app name, language, «Start på nytt», «Om».

use crate::app::{Action, AppState};
use crate::i18n::{Language, UiText};

pub fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let text = &state.text;
    ui.horizontal(|ui| {
        ui.label(egui::RichText::new(&text.app_title).strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.selectable_label(state.show_about, &text.about).clicked() {
                actions.push(Action::ToggleAbout);
            }
            if !state.wizard.is_at_start() && ui.button(&text.restart).clicked() {
                actions.push(Action::Restart);
            }
            if Language::ALL.len() > 1 {
                language_ui(ui, state, actions);
            }
        });
    });
}

fn language_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let name = |language: Language| {
        UiText::load(language).map_or_else(|_| language.code().to_owned(), |t| t.language_name)
    };
    let label = ui.label(&state.text.language_label);
    egui::ComboBox::from_id_salt("language")
        .selected_text(name(state.language))
        .show_ui(ui, |ui| {
            for &language in Language::ALL {
                if ui
                    .selectable_label(language == state.language, name(language))
                    .clicked()
                {
                    actions.push(Action::SetLanguage(language));
                }
            }
        })
        .response
        .labelled_by(label.id);
}
