//! The network checks in the window: a panel on the start page, and the status of the service a
//! step depends on. Every result is text (✓/✗ plus words), never colour alone.

use crate::checks::{self, CheckSpec, CheckState, Outcome, ServiceId, Verdict};
use crate::i18n::fill;
use crate::view_model::{Action, AppState};

/// One line of text for a check's state, and whether it is a problem.
fn status_line(state: &AppState, spec: &CheckSpec, check: &CheckState) -> (String, bool) {
    let text = &state.text;
    match check {
        CheckState::Waiting | CheckState::Running(_) => {
            (format!("… {}", text.check_running), false)
        }
        CheckState::Done(Outcome {
            verdict: Verdict::Ok,
            elapsed,
            ..
        }) => (
            format!(
                "✔ {}",
                fill(&text.check_ok, &[("ms", &elapsed.as_millis().to_string())])
            ),
            false,
        ),
        CheckState::Done(Outcome {
            verdict: Verdict::Skipped,
            ..
        }) => (format!("– {}", text.check_skipped), false),
        CheckState::Done(Outcome {
            verdict: Verdict::Problem(problem),
            ..
        }) => {
            let explanation = explanation(state, spec, problem);
            (format!("❌ {}", checks::first_sentence(&explanation)), true)
        }
    }
}

fn explanation(state: &AppState, spec: &CheckSpec, problem: &checks::Problem) -> String {
    checks::explain(
        spec,
        problem,
        &state.text,
        &state.config.helpdesk_name.value,
        state.config.check_timeout_seconds.value,
    )
}

/// Full explanation and technical detail, shown when a row is opened.
fn details_ui(ui: &mut egui::Ui, state: &AppState, spec: &CheckSpec, check: &CheckState) {
    let CheckState::Done(outcome) = check else {
        return;
    };
    match &outcome.verdict {
        Verdict::Problem(problem) => {
            ui.label(explanation(state, spec, problem));
        }
        Verdict::Skipped => {
            ui.label(&state.text.problem_skipped_no_url);
        }
        Verdict::Ok => {}
    }
    let technical = format!("{}\n{}", spec.url.as_deref().unwrap_or(""), outcome.detail);
    ui.label(egui::RichText::new(technical).small().monospace());
}

/// A row «{title} ✓ i orden (120 ms)» that opens to the details.
fn row_ui(ui: &mut egui::Ui, state: &AppState, spec: &CheckSpec, check: &CheckState, title: &str) {
    let (line, problem) = status_line(state, spec, check);
    let header = format!("{title} {line}");
    let color = if problem {
        super::theme::warning_color(ui)
    } else if matches!(check, CheckState::Done(_)) {
        super::theme::ok_color(ui)
    } else {
        ui.visuals().text_color()
    };
    // Like egui's CollapsingHeader, but the line wraps in a narrow column instead of running
    // on under the picture beside it.
    let id = ui.make_persistent_id(("check", spec.id));
    let collapsing =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false);
    let mut clicked = false;
    let mut row = collapsing.show_header(ui, |ui| {
        let label = egui::Label::new(egui::RichText::new(&header).color(color))
            .wrap()
            // Clicking the words opens the row too; the arrow is the keyboard's way in.
            .sense(egui::Sense::CLICK);
        clicked = ui.add(label).clicked();
    });
    if clicked {
        row.toggle();
    }
    let (toggle, _, _) = row.body(|ui| details_ui(ui, state, spec, check));
    let name = title.to_owned();
    ui.ctx()
        .accesskit_node_builder(toggle.id, |node| node.set_label(name));
}

/// «Sjekker tilkoblingen…» on the start page.
pub fn checks_panel_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let board = &state.checks;
    if !board.is_started() {
        return;
    }
    let text = &state.text;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let problems = board.problems().count();
        let heading = if !board.is_done() {
            &text.checks_heading
        } else if problems == 0 {
            &text.checks_done_ok
        } else {
            &text.checks_done_problems
        };
        ui.label(egui::RichText::new(heading).strong());
        for (spec, check) in &board.entries {
            let title = format!("{}:", checks::service_name(spec.id, text));
            row_ui(ui, state, spec, check, &title);
        }
        if board.looks_offline() {
            ui.label(
                egui::RichText::new(&text.problem_no_network)
                    .color(super::theme::warning_color(ui)),
            );
        }
        if problems > 0 {
            ui.label(egui::RichText::new(&text.checks_limits).small());
        }
        if ui
            .add_enabled(board.is_done(), egui::Button::new(&text.checks_rerun))
            .clicked()
        {
            actions.push(Action::RunChecks);
        }
    });
}

/// The status of the service a step depends on, under its text. It warns; it never blocks.
pub fn service_status_ui(ui: &mut egui::Ui, state: &AppState, service: ServiceId) {
    let Some((spec, check)) = state.checks.state(service) else {
        return;
    };
    let name = checks::service_name(spec.id, &state.text);
    let title = fill(&state.text.check_status_label, &[("service", name)]);
    row_ui(ui, state, spec, check, &title);
}
