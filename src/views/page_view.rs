//! One page of the guide: step counter, title, text, picture, inputs, actions, hints, choices.

use crate::view_model::{Action, AppState, Feedback, PrimaryButton};
use paalogging_core::guide::{self, InputKind, Page, PageKind};
use paalogging_core::i18n::fill;

/// Narrowest content area that puts the picture beside the text rather than under it: a text
/// column of [`TEXT_MIN_WIDTH`] and a picture still large enough to read. The switch follows the
/// width in points, so it comes with large text on a small screen and with a narrow window alike.
const WIDE_MIN_WIDTH: f32 = 720.0;
/// Share of the visible height a picture under the text may take: the instruction and the
/// controls above it stay in view when the page is scrolled to the picture.
const PICTURE_SHARE: f32 = 0.6;
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
        // Narrow (large text, small screen): the instruction and the controls first, the
        // picture after them, small enough that it and a line of text fit in view together.
        text_ui(ui, state, page, actions);
        ui.add_space(6.0);
        let picture_width =
            super::illustration::fitting_width(width, viewport_height * PICTURE_SHARE);
        ui.vertical(|ui| {
            ui.set_width(picture_width);
            super::illustration::illustration_ui(ui, state, page, illustration);
        });
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

/// Step counter and progress on one row, then the title. The bar counts the steps done, so it
/// is full only on the finish page.
fn header_ui(ui: &mut egui::Ui, state: &AppState, page: &Page) {
    let text = &state.text;
    let values = state.placeholders();
    let done = match state.wizard.step_number() {
        Some((n, total)) => Some((n.saturating_sub(1), total, Some(n))),
        None if page.kind == PageKind::Finish => Some((1, 1, None)),
        None => None,
    };
    if let Some((done, total, shown)) = done {
        ui.horizontal(|ui| {
            if let Some(n) = shown {
                ui.label(fill(
                    &text.step_of,
                    &[("n", &n.to_string()), ("total", &total.to_string())],
                ));
            }
            let fraction = done as f32 / total.max(1) as f32;
            progress_bar_ui(ui, fraction, &text.progress_label);
        });
    }
    let title = guide::fill_lenient(&page.title, &values, &text.answer_missing);
    super::heading_ui(ui, &title, state.focus_title);
    ui.add_space(4.0);
}

/// egui's progress bar with the theme's fill and an outline round the track, so both the part
/// done and the part left stand out from the page (WCAG 1.4.11).
fn progress_bar_ui(ui: &mut egui::Ui, fraction: f32, label: &str) {
    let visuals = ui.visuals().clone();
    let bar = egui::ProgressBar::new(fraction)
        .fill(super::theme::progress_fill(&visuals))
        .corner_radius(3.0)
        .desired_width(ui.available_width().min(320.0))
        .desired_height(12.0);
    let response = ui.add(bar);
    ui.painter().rect_stroke(
        response.rect,
        3.0,
        super::theme::outline(&visuals),
        egui::StrokeKind::Inside,
    );
    let label = label.to_owned();
    ui.ctx()
        .accesskit_node_builder(response.id, |node| node.set_label(label));
}

/// Everything but the picture, in reading order.
fn text_ui(ui: &mut egui::Ui, state: &AppState, page: &Page, actions: &mut Vec<Action>) {
    let text = &state.text;
    let values = state.placeholders();
    let filled = |t: &str| guide::fill_lenient(t, &values, &text.answer_missing);

    for paragraph in page.body.split("\n\n") {
        ui.label(filled(paragraph));
    }
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
        let first_is_primary = state.primary_button(page) == PrimaryButton::FirstChoice;
        ui.horizontal_wrapped(|ui| {
            for (index, choice) in page.choices.iter().enumerate() {
                let button = if index == 0 && first_is_primary {
                    super::primary_button(&choice.label)
                } else {
                    super::secondary_button(&choice.label).min_size(egui::vec2(120.0, 40.0))
                };
                if ui.add(button).clicked() {
                    actions.push(Action::Choose(choice.goto.clone()));
                }
            }
        });
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
    // Decided once for the page's links (it fills and checks each one).
    let links_primary = state.primary_button(page) == PrimaryButton::Link;
    for action in &page.actions {
        action_ui(ui, state, links_primary, &values, action, actions);
    }
    // Right after what the step asks for, so its own control stays first in view at large text.
    super::way_out::way_out_ui(ui, state, page, actions);
    // After the instruction and its controls: a warning about the service, not the next step.
    if let Some(service) = page.service {
        super::checks_panel::service_status_ui(ui, state, service);
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
fn answer_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    answer: &guide::InputId,
    actions: &mut Vec<Action>,
) {
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
                let button = ui.add(super::secondary_button(&text.copy));
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
                    super::copied_ui(ui, state);
                }
            }
        });
    });
}

fn action_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    primary: bool,
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
        } => match state.page_link(url) {
            Some(url) => {
                let button = if primary {
                    super::primary_button(label)
                } else {
                    super::secondary_button(label)
                };
                if ui.add(button).clicked() {
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
            let ready = filled.is_some();
            let clicked = ui
                .add_enabled(ready, super::secondary_button(label))
                .clicked();
            if !ready {
                // Why it cannot be pressed yet, beside it.
                ui.label(&text.answer_missing);
            }
            if let (true, Some(filled)) = (clicked, filled) {
                actions.push(Action::Copy {
                    what: label.clone(),
                    text: filled,
                });
            }
            if state.feedback == Some(Feedback::Copied(label.clone())) {
                super::copied_ui(ui, state);
            }
        }
    });
}
