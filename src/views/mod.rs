//! The views. Each reads [`AppState`] and pushes [`Action`]s; none changes state.

mod about;
mod checks_panel;
mod choice_buttons;
mod contact;
mod email_field;
mod illustration;
mod nav_bar;
mod notices;
mod page_view;
mod report_view;
mod resume_prompt;
pub mod theme;
mod top_bar;
mod tried_addresses;
mod way_out;
mod work_address_field;

use crate::view_model::{Action, AppState};

/// Height of the bar with Back/Next and the line above it, before it has been measured once.
const BAR_HEIGHT: f32 = 70.0;
/// Room kept round a control scrolled into view by the keyboard.
const FOCUS_MARGIN: f32 = 16.0;

/// What the central part of the window shows.
enum View<'a> {
    About,
    HelpdeskReport(&'a str),
    Resume(&'a paalogging_core::wizard::Progress),
    Page(&'a paalogging_core::guide::Page),
}

/// The whole window, in reading order (which is also the Tab order): the top bar, the page
/// (scrolled), then the bar with Back/Next (or the way back from a help page), which is always in
/// view, however little room 200 % text leaves the page.
pub fn root_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    egui::Panel::top("top_bar").show(ui, |ui| top_bar::top_bar_ui(ui, state, actions));
    egui::CentralPanel::default().show(ui, |ui| {
        notices::notices_ui(ui, state, actions);
        let view = if state.show_about {
            View::About
        } else if let Some(report) = &state.helpdesk_report {
            View::HelpdeskReport(report)
        } else if let Some(progress) = &state.resume_offer {
            View::Resume(progress)
        } else if let Some(page) = state.wizard.page() {
            View::Page(page)
        } else {
            return;
        };
        let scroll_salt = match &view {
            View::About => "about",
            View::HelpdeskReport(_) => "report",
            View::Resume(_) => "resume",
            // One scroll position per page: a new step starts at its top.
            View::Page(page) => page.id.as_str(),
        };
        let bar_id = egui::Id::unique("paalogging_bar_height");
        let bar_height = ui.data(|d| d.get_temp::<f32>(bar_id)).unwrap_or(BAR_HEIGHT);
        let content_height = (ui.available_height() - bar_height).max(0.0);
        let jump_id = egui::Id::unique(("paalogging_scroll_to", scroll_salt));
        let mut area = egui::ScrollArea::vertical()
            .id_salt(("page", scroll_salt))
            .max_height(content_height)
            .auto_shrink([false, false]);
        if let Some(offset) = ui.data_mut(|d| d.remove_temp::<f32>(jump_id)) {
            area = area.vertical_scroll_offset(offset);
        }
        let scrolled = area.show(ui, |ui| {
            match view {
                View::About => about::about_ui(ui, state),
                View::HelpdeskReport(report) => {
                    report_view::helpdesk_report_ui(ui, state, report, actions);
                }
                View::Resume(progress) => {
                    resume_prompt::resume_prompt_ui(ui, state, progress, actions);
                }
                View::Page(page) => {
                    page_view::page_ui(ui, state, page, content_height, actions);
                }
            }
            scroll_focus_into_view(ui);
        });
        let viewport = scrolled.inner_rect;
        ui.data_mut(|data| data.insert_temp(page_viewport_id(), viewport));
        let offset = scrolled.state.clamped_offset().y;
        let below = scrolled.content_size.y - offset - viewport.height();
        let more = |ui: &mut egui::Ui| {
            if below > 1.0 {
                more_below_ui(ui, state, viewport, offset, jump_id);
            }
        };
        ui.separator();
        let bar = match view {
            View::Page(page) => nav_bar::nav_bar_ui(ui, state, page, more, actions),
            View::About => help_bar_ui(ui, state, Action::ToggleAbout, more, actions),
            View::HelpdeskReport(_) => {
                help_bar_ui(ui, state, Action::ToggleHelpdeskReport, more, actions)
            }
            // Its own two buttons are the way on.
            View::Resume(_) => {
                ui.horizontal(|ui| {
                    ui.set_min_height(BUTTON_HEIGHT);
                    more(ui);
                })
                .response
            }
        };
        focus_ring_ui(ui.ctx());
        // What the bar and the line above it take (more when a reason wraps) decides the page's
        // room in the next frame.
        let measured = bar.rect.bottom() - viewport.bottom();
        if (measured - bar_height).abs() > 0.5 && measured > 0.0 {
            ui.data_mut(|d| d.insert_temp(bar_id, measured));
            ui.ctx().request_repaint();
        }
    });
}

/// «⏷ Bla ned» in the bar under a page that scrolls: says there is more, and shows it when
/// clicked (the scroll bar alone is easy to miss). In the bar, not over the page, so it never
/// hides what it points to.
fn more_below_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    viewport: egui::Rect,
    offset: f32,
    jump_id: egui::Id,
) {
    let label = format!("⏷ {}", state.text.more_below);
    // For the mouse only: it comes and goes as the page scrolls, which would make the Tab
    // order change under a keyboard user, who gets every control scrolled into view anyway.
    let response = ui.add(secondary_button(&label).sense(egui::Sense::CLICK));
    let name = state.text.more_below.clone();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(name));
    if response.clicked() {
        // Most of a screenful, so the line last read is still in view.
        let step = (viewport.height() * 0.8).max(1.0);
        ui.data_mut(|d| d.insert_temp(jump_id, offset + step));
        ui.ctx().request_repaint();
    }
}

/// Whatever gets keyboard focus (Tab, Shift+Tab) is scrolled into view, with a little room.
fn scroll_focus_into_view(ui: &mut egui::Ui) {
    let seen = egui::Id::unique("paalogging_focus_seen");
    let focused = ui.memory(|m| m.focused());
    let before = ui.data(|d| d.get_temp::<Option<egui::Id>>(seen)).flatten();
    if focused == before {
        return;
    }
    ui.data_mut(|d| d.insert_temp(seen, focused));
    let Some(rect) = focused
        .and_then(|id| ui.ctx().read_response(id))
        .map(|response| response.rect)
    else {
        return;
    };
    // Only what is on the page; the bars around it are always in view.
    if ui.min_rect().contains_rect(rect) && !ui.clip_rect().contains_rect(rect) {
        ui.scroll_to_rect(rect.expand(FOCUS_MARGIN), None);
    }
}

/// The way back from a help page («Jeg står fast», «Om»), where Back/Next would be.
fn help_bar_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    close: Action,
    more: impl FnOnce(&mut egui::Ui),
    actions: &mut Vec<Action>,
) -> egui::Response {
    ui.horizontal(|ui| {
        ui.set_min_height(BUTTON_HEIGHT);
        if ui
            .add(secondary_button(&state.text.back_to_guide))
            .clicked()
        {
            actions.push(close);
        }
        more(ui);
    })
    .response
}

/// A focusable heading that screen readers announce as one, focused when the page changes.
/// Drawn without egui's label underline on focus, which made headings look like links.
pub(crate) fn heading_ui(ui: &mut egui::Ui, text: &str, focus: bool) -> egui::Response {
    let galley = egui::WidgetText::from(egui::RichText::new(text).heading().strong()).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        ui.available_width(),
        egui::TextStyle::Heading,
    );
    let (rect, response) =
        ui.allocate_exact_size(galley.size(), egui::Sense::focusable_noninteractive());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), text));
    ui.painter()
        .galley(rect.min, galley, ui.visuals().text_color());
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

/// A clear ring around the control that has keyboard focus (WCAG 2.4.7), the same on every
/// control and at least [`theme::FOCUS_WIDTH`] wide; egui's own focus look is a thin outline
/// that a custom fill (the primary button) hides.
fn focus_ring_ui(ctx: &egui::Context) {
    let Some(focused) = ctx.memory(|m| m.focused()) else {
        return;
    };
    let heading = ctx.data(|d| d.get_temp::<egui::Id>(heading_memory_id()));
    if Some(focused) == heading {
        // The heading takes focus only so that screen readers read the new page.
        return;
    }
    let Some(response) = ctx.read_response(focused) else {
        return;
    };
    let visible = response.interact_rect;
    if !visible.is_positive() {
        return;
    }
    let style = ctx.global_style();
    let stroke = egui::Stroke::new(theme::FOCUS_WIDTH, theme::focus_color(&style.visuals));
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("paalogging_focus_ring"),
    ));
    painter.rect_stroke(
        response
            .rect
            .expand(2.0)
            .intersect(visible.expand(2.0 + theme::FOCUS_WIDTH)),
        4.0,
        stroke,
        egui::StrokeKind::Outside,
    );
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

/// Height of every button a step is done with (primary and secondary alike).
pub(crate) const BUTTON_HEIGHT: f32 = 40.0;

/// The one clearly primary button of a view: filled, white bold text.
pub(crate) fn primary_button(text: &str) -> egui::Button<'_> {
    egui::Button::new(
        egui::RichText::new(text)
            .strong()
            .color(theme::PRIMARY_TEXT),
    )
    .fill(theme::PRIMARY)
    .stroke(egui::Stroke::new(1.0, theme::PRIMARY))
    .min_size(egui::vec2(120.0, BUTTON_HEIGHT))
}

/// Every other action: the panel's colour with a clear outline and dark text, never greyed (a
/// grey button reads as disabled).
pub(crate) fn secondary_button(text: &str) -> egui::Button<'_> {
    egui::Button::new(text)
        .fill(egui::Color32::TRANSPARENT)
        .min_size(egui::vec2(0.0, BUTTON_HEIGHT))
}

/// «✔ Kopiert.» beside a copy button that was just pressed: the sign that it worked.
pub(crate) fn copied_ui(ui: &mut egui::Ui, state: &AppState) {
    ui.label(
        egui::RichText::new(format!("✔ {}", state.text.copied))
            .strong()
            .color(theme::ok_color(ui)),
    );
}
