//! One page of the guide: step counter, title, text, picture, inputs, actions, hints, choices.

use crate::guide::{self, InputKind, Page, PageKind};
use crate::i18n::fill;
use crate::view_model::{Action, AppState, Feedback};

/// Narrowest content area that puts the text beside the picture rather than under it.
const WIDE_MIN_WIDTH: f32 = 900.0;
/// Narrowest text column beside the picture.
const TEXT_MIN_WIDTH: f32 = 360.0;
/// Widest text column: longer lines are hard to read.
const TEXT_MAX_WIDTH: f32 = 800.0;
/// Room between the text column and the picture.
const COLUMN_GAP: f32 = 24.0;

/// One page. `viewport_height` is the height of the scrolled area the page is shown in: the
/// picture is sized so that it fits there beside the text without scrolling.
pub fn page_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    page: &Page,
    viewport_height: f32,
    actions: &mut Vec<Action>,
) {
    let top = ui.cursor().top();
    header_ui(ui, state, page);
    let Some(illustration) = &page.illustration else {
        text_ui(ui, state, page, actions);
        checks_ui(ui, state, page, actions);
        return;
    };
    let width = ui.available_width();
    // What is left of the visible height under the title, with a little room for the frame.
    let height_left = viewport_height - (ui.cursor().top() - top) - 12.0;
    if width >= WIDE_MIN_WIDTH {
        // Text beside the picture: both in view at once, the text first in reading order.
        let picture_width = super::illustration::fitting_width(
            (width - TEXT_MIN_WIDTH - COLUMN_GAP).min(width * 0.55),
            height_left,
        );
        let text_width = (width - picture_width - COLUMN_GAP).min(TEXT_MAX_WIDTH);
        // Each column in a rectangle of its own, so that a line too long for the text column
        // (a check's status) cannot push the picture off the window.
        let origin = ui.cursor().min;
        let column = |x: f32, width: f32| {
            egui::UiBuilder::new()
                .max_rect(egui::Rect::from_min_size(
                    egui::pos2(x, origin.y),
                    egui::vec2(width, viewport_height.max(1.0)),
                ))
                .layout(egui::Layout::top_down(egui::Align::Min))
        };
        let mut text_column = ui.new_child(column(origin.x, text_width));
        text_ui(&mut text_column, state, page, actions);
        let picture_x = origin.x + text_width + COLUMN_GAP;
        let mut picture_column = ui.new_child(column(picture_x, picture_width));
        super::illustration::illustration_ui(&mut picture_column, state, page, illustration);
        ui.advance_cursor_after_rect(text_column.min_rect().union(picture_column.min_rect()));
    } else {
        // Narrow: the picture first, the text under it. The picture still fits the visible
        // height, so scrolling to it shows all of it.
        let picture_width = super::illustration::fitting_width(width, viewport_height - 12.0);
        ui.vertical(|ui| {
            ui.set_width(picture_width);
            super::illustration::illustration_ui(ui, state, page, illustration);
        });
        ui.add_space(6.0);
        text_ui(ui, state, page, actions);
    }
    checks_ui(ui, state, page, actions);
}

/// The start page's network checks, across the whole width under text and picture: their
/// lines are long, and they are advice, not the instruction.
fn checks_ui(ui: &mut egui::Ui, state: &AppState, page: &Page, actions: &mut Vec<Action>) {
    if page.kind == PageKind::Start {
        ui.add_space(6.0);
        super::checks_panel::checks_panel_ui(ui, state, actions);
    }
}

/// Step counter and progress on one row, then the title.
fn header_ui(ui: &mut egui::Ui, state: &AppState, page: &Page) {
    let text = &state.text;
    let values = state.placeholders();
    if let Some((n, total)) = state.wizard.step_number() {
        let counter = fill(
            &text.step_of,
            &[("n", &n.to_string()), ("total", &total.to_string())],
        );
        ui.horizontal(|ui| {
            ui.label(&counter);
            let bar = egui::ProgressBar::new(n as f32 / total as f32)
                .desired_width(ui.available_width().min(320.0))
                .desired_height(10.0);
            let response = ui.add(bar);
            let label = text.progress_label.clone();
            ui.ctx()
                .accesskit_node_builder(response.id, |node| node.set_label(label));
        });
    }
    let title = guide::fill_lenient(&page.title, &values, &text.answer_missing);
    super::heading_ui(ui, &title, state.focus_title);
    ui.add_space(4.0);
}

/// Everything but the picture, in reading order.
fn text_ui(ui: &mut egui::Ui, state: &AppState, page: &Page, actions: &mut Vec<Action>) {
    let text = &state.text;
    let values = state.placeholders();
    let filled = |t: &str| guide::fill_lenient(t, &values, &text.answer_missing);

    for paragraph in page.body.split("\n\n") {
        ui.label(filled(paragraph));
    }
    super::way_out::way_out_ui(ui, state, page, actions);
    // Other pages ask their question above their choices (choice_buttons).
    if let Some(question) = page
        .question
        .as_ref()
        .filter(|_| page.kind == PageKind::Start)
    {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(filled(question)).strong());
    }
    if page.kind == PageKind::Start {
        ui.horizontal_wrapped(|ui| {
            for (index, choice) in page.choices.iter().enumerate() {
                let button = if index == 0 {
                    super::primary_button(&choice.label)
                } else {
                    egui::Button::new(&choice.label).min_size(egui::vec2(120.0, 40.0))
                };
                if ui.add(button).clicked() {
                    actions.push(Action::Choose(choice.goto.clone()));
                }
            }
        });
    }

    if let Some(service) = page.service {
        super::checks_panel::service_status_ui(ui, state, service);
    }

    if let Some(answer) = &page.show_answer {
        answer_ui(ui, state, answer, actions);
    }
    for input in &page.inputs {
        match input.kind {
            InputKind::Email => super::email_field::email_field_ui(ui, state, input, actions),
            InputKind::WorkEmail => {
                super::work_address_field::work_address_field_ui(ui, state, input, actions);
            }
            InputKind::Confirm => {
                let mut checked = state.wizard.answers().flag(&input.id);
                if ui.checkbox(&mut checked, &input.label).changed() {
                    actions.push(Action::SetFlag {
                        input: input.id.clone(),
                        value: checked,
                    });
                }
            }
        }
    }
    for action in &page.actions {
        action_ui(ui, state, &values, action, actions);
    }

    if !page.hints.is_empty() {
        ui.add_space(6.0);
        ui.label(egui::RichText::new(&text.hints_heading).strong());
        for hint in &page.hints {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(filled(hint));
            });
        }
    }
    if page.kind != PageKind::Start {
        super::choice_buttons::choice_buttons_ui(ui, state, page, actions);
    }
    if page.contact {
        super::contact::contact_ui(ui, state, actions);
    }
}

/// The e-mail typed earlier, with a copy button, on the steps that use it.
fn answer_ui(ui: &mut egui::Ui, state: &AppState, answer: &str, actions: &mut Vec<Action>) {
    let text = &state.text;
    let value = state
        .wizard
        .answers()
        .text(answer)
        .map(str::trim)
        .filter(|v| !v.is_empty());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(&text.answer_label);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                egui::RichText::new(value.unwrap_or(&text.answer_missing))
                    .strong()
                    .monospace(),
            );
            if let Some(value) = value {
                let what = fill(&text.copy_named, &[("what", &text.answer_label)]);
                let button = ui.add(egui::Button::new(&text.copy));
                let name = what.clone();
                ui.ctx()
                    .accesskit_node_builder(button.id, |node| node.set_label(name));
                if button.clicked() {
                    actions.push(Action::Copy {
                        what: what.clone(),
                        text: value.to_owned(),
                    });
                }
                if state.feedback == Some(Feedback::Copied(what)) {
                    ui.label(&text.copied);
                }
            }
        });
    });
}

fn action_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    values: &guide::Placeholders,
    action: &guide::PageButton,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    ui.horizontal_wrapped(|ui| match action {
        guide::PageButton::OpenUrl {
            label,
            url,
            fallback,
        } => match guide::fill(url, values).and_then(|url| state.safe_link(&url)) {
            Some(url) => {
                if ui.add(super::primary_button(label)).clicked() {
                    actions.push(Action::OpenUrl(url.clone()));
                }
                if state.feedback == Some(Feedback::Opened(url.clone())) {
                    ui.label(&text.opened);
                }
                if state.feedback == Some(Feedback::Refused(url)) {
                    let helpdesk = &state.config.helpdesk_name.value;
                    ui.label(fill(&text.link_refused, &[("helpdesk", helpdesk)]));
                }
            }
            None => {
                if let Some(fallback) = fallback {
                    ui.label(egui::RichText::new(fallback).strong());
                }
            }
        },
        guide::PageButton::Copy {
            label,
            text: template,
        } => {
            let filled = guide::fill(template, values);
            let clicked = ui
                .add_enabled(filled.is_some(), egui::Button::new(label))
                .clicked();
            if let (true, Some(filled)) = (clicked, filled) {
                actions.push(Action::Copy {
                    what: label.clone(),
                    text: filled,
                });
            }
            if state.feedback == Some(Feedback::Copied(label.clone())) {
                ui.label(&text.copied);
            }
        }
    });
}
