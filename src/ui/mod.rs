//! The views. Each reads [`AppState`] and pushes [`Action`]s; none changes state.

mod about;
mod checks_panel;
mod choice_buttons;
mod contact;
mod email_field;
mod illustration;
pub mod message_window;
mod nav_bar;
mod notices;
mod page_view;
mod report_view;
mod resume_prompt;
pub mod theme;
mod top_bar;
mod tried_addresses;
mod way_out;
pub mod window;
mod work_address_field;

use crate::view_model::{Action, AppState};

/// Height kept for the Back/Next bar so it stays visible under scrolled content.
const NAV_BAR_HEIGHT: f32 = 64.0;

/// The whole window, in reading order (which is also the Tab order).
pub fn root_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    window::fit_to_screen_once(ui.ctx());
    egui::Panel::top("top_bar").show(ui, |ui| top_bar::top_bar_ui(ui, state, actions));
    egui::CentralPanel::default().show(ui, |ui| {
        notices::notices_ui(ui, state, actions);
        if state.show_about {
            about::about_ui(ui, state, actions);
            return;
        }
        if let Some(report) = &state.report {
            report_view::report_ui(ui, state, report, actions);
            return;
        }
        if let Some(progress) = &state.resume_offer {
            resume_prompt::resume_prompt_ui(ui, state, progress, actions);
            return;
        }
        let Some(page) = state.wizard.page() else {
            return;
        };
        // Content scrolls; the navigation bar below it stays in view, however little room is
        // left (200 % text in an 800×600 window leaves the content a few lines). Both are added
        // in reading order so Tab moves from the content to Back/Next.
        let content_height = (ui.available_height() - NAV_BAR_HEIGHT).max(0.0);
        let scrolled = egui::ScrollArea::vertical()
            // One scroll position per page: a new step starts at its top.
            .id_salt(("page", page.id.as_str()))
            .max_height(content_height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                page_view::page_ui(ui, state, page, content_height, actions);
            });
        ui.data_mut(|data| data.insert_temp(page_viewport_id(), scrolled.inner_rect));
        ui.separator();
        nav_bar::nav_bar_ui(ui, state, page, actions);
    });
}

/// A focusable heading that screen readers announce as one, focused when the page changes.
pub(crate) fn heading_ui(ui: &mut egui::Ui, text: &str, focus: bool) -> egui::Response {
    let response = ui.add(
        egui::Label::new(egui::RichText::new(text).heading().strong())
            .sense(egui::Sense::focusable_noninteractive()),
    );
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Heading);
        node.set_level(1);
        // A heading is named by its label; egui only sets the value of a text node.
        node.set_label(text);
    });
    ui.data_mut(|data| data.insert_temp(heading_memory_id(), response.id));
    if focus {
        response.request_focus();
    }
    response
}

fn page_viewport_id() -> egui::Id {
    egui::Id::unique("paalogging_page_viewport")
}

/// The part of the window where the page shows (without scrolling) in the last frame.
pub fn page_viewport(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.data(|data| data.get_temp::<egui::Rect>(page_viewport_id()))
}

fn heading_memory_id() -> egui::Id {
    egui::Id::unique("paalogging_page_heading")
}

/// Whether keyboard focus is on nothing or only on the page heading (which takes focus so
/// screen readers announce a new page): then Enter means Next.
pub(crate) fn focus_is_free(ui: &egui::Ui) -> bool {
    let heading = ui.data(|data| data.get_temp::<egui::Id>(heading_memory_id()));
    match ui.memory(|m| m.focused()) {
        None => true,
        Some(focused) => Some(focused) == heading,
    }
}

/// The one clearly primary button of a view.
pub(crate) fn primary_button(text: &str) -> egui::Button<'_> {
    egui::Button::new(
        egui::RichText::new(text)
            .strong()
            .color(theme::PRIMARY_TEXT),
    )
    .fill(theme::PRIMARY)
    .min_size(egui::vec2(120.0, 40.0))
}
