//! Back and Next (or «Lukk» on the finish page). Enter means Next when nothing else has focus.

use crate::view_model::{Action, AppState, PrimaryButton};
use paalogging_core::guide::{Page, PageKind};
use paalogging_core::wizard::Blocker;

/// `more` draws between Back and Next (the «Bla ned» button of a page that scrolls).
pub fn nav_bar_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    page: &Page,
    more: impl FnOnce(&mut egui::Ui),
    actions: &mut Vec<Action>,
) -> egui::Response {
    let text = &state.text;
    let wizard = &state.wizard;
    ui.horizontal(|ui| {
        // As tall on every page, with or without buttons: the page's room depends on it.
        ui.set_min_height(super::BUTTON_HEIGHT);
        // No Back on the start page: a greyed-out button only puzzles.
        if wizard.can_go_back()
            && ui
                .add_enabled(
                    wizard.can_go_back(),
                    super::secondary_button(&text.back).min_size(egui::vec2(110.0, 40.0)),
                )
                .clicked()
        {
            actions.push(Action::Back);
        }
        more(ui);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if page.kind == PageKind::Finish {
                if ui.add(super::primary_button(&text.close)).clicked() {
                    actions.push(Action::Close);
                }
                return;
            }
            if page.next.is_none() {
                return;
            }
            let blockers = wizard.blockers();
            let button = if state.primary_button(page) == PrimaryButton::Next {
                super::primary_button(&text.next)
            } else {
                super::secondary_button(&text.next).min_size(egui::vec2(120.0, 40.0))
            };
            let next = ui.add_enabled(blockers.is_empty(), button);
            if next.clicked() {
                actions.push(Action::Next);
            }
            // Enter from the e-mail field (which gives up focus on Enter) or from nowhere.
            let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
            if blockers.is_empty() && enter && super::focus_is_free(ui) {
                actions.push(Action::Next);
            }
            if let Some(blocker) = blockers.first() {
                let why = match blocker {
                    Blocker::Email { .. } => &text.required_email,
                    Blocker::Confirm { .. } => &text.required_confirm,
                    Blocker::WorkAddressUnconfirmed { .. } => &text.required_work_confirm,
                    Blocker::WorkEmail { .. } | Blocker::RefusedEmail { .. } => {
                        &text.required_work_email
                    }
                    Blocker::NoNext => return,
                };
                ui.label(egui::RichText::new(why).color(super::theme::warning_color(ui)));
            }
        });
    })
    .response
}
