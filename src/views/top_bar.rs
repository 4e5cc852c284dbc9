//! The strip at the top, one row, in reading (and Tab) order: app name, language, text size,
//! «Jeg står fast», and a «Mer» menu with the less-used items (contrast, «Start på nytt», «Om»).

use crate::view_model::{Action, AppState};
use paalogging_core::i18n::Language;

/// Text sizes offered in the window (Ctrl +/− reaches the steps between).
const TEXT_SCALES: [f32; 5] = [1.0, 1.25, 1.5, 1.75, 2.0];
/// Narrowest top bar that shows the app's name before the controls.
const NAME_MIN_WIDTH: f32 = 860.0;

pub fn top_bar_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let text = &state.text;
    // One row, every item as tall as a control and centred on it, so that all the words share
    // a baseline; it wraps only when even one row cannot fit (large text in a narrow window).
    ui.horizontal_wrapped(|ui| {
        let row = ui.spacing().interact_size.y;
        // The window's title bar names the app too; when room is short (large text) the row
        // keeps the controls on one line rather than the name.
        if ui.available_width() >= NAME_MIN_WIDTH {
            ui.add_sized(
                egui::vec2(0.0, row),
                egui::Label::new(egui::RichText::new(&text.app_title).strong()).extend(),
            );
            ui.separator();
        }
        language_ui(ui, state, actions);
        text_size_ui(ui, state, actions);
        // A real button, as clear as any other: this is the way to a person.
        let stuck = super::secondary_button(&text.stuck)
            .min_size(egui::vec2(0.0, ui.spacing().interact_size.y))
            .selected(state.helpdesk_report.is_some());
        if ui.add(stuck).clicked() {
            actions.push(Action::ToggleHelpdeskReport);
        }
        more_menu_ui(ui, state, actions);
    });
}

/// The less-used items. The menu button is a focusable button named «Mer»; Enter or Space
/// opens it, and its items are ordinary named widgets.
fn more_menu_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let text = &state.text;
    let menu = ui.menu_button(format!("{} ⏷", text.more_menu), |ui| {
        let mut high_contrast = state.settings.high_contrast;
        if ui
            .checkbox(&mut high_contrast, &text.high_contrast)
            .changed()
        {
            actions.push(Action::SetHighContrast(high_contrast));
        }
        if !state.wizard.is_at_start() && ui.button(&text.restart).clicked() {
            actions.push(Action::Restart);
        }
        if ui.selectable_label(state.show_about, &text.about).clicked() {
            actions.push(Action::ToggleAbout);
        }
    });
    // Screen readers say «Mer», not the arrow.
    let name = text.more_menu.clone();
    ui.ctx()
        .accesskit_node_builder(menu.response.id, |node| node.set_label(name));
}

fn language_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let name = Language::native_name;
    let offered = Language::menu(state.config.allow_english.value, state.language);
    let label = ui.label(&state.text.language_label);
    egui::ComboBox::from_id_salt("language")
        .selected_text(name(state.language))
        .show_ui(ui, |ui| {
            for language in offered {
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

fn text_size_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let percent = |scale: f32| format!("{:.0} %", scale * 100.0);
    let current = ui.ctx().zoom_factor();
    let label = ui.label(&state.text.text_size_label);
    egui::ComboBox::from_id_salt("text_size")
        // Tall enough to show every size without scrolling the list.
        .height(f32::INFINITY)
        .selected_text(percent(current))
        .show_ui(ui, |ui| {
            for scale in TEXT_SCALES {
                let selected = (scale - current).abs() < 0.01;
                if ui.selectable_label(selected, percent(scale)).clicked() {
                    actions.push(Action::SetTextScale(scale));
                }
            }
        })
        .response
        .labelled_by(label.id);
}
