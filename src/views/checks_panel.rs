//! The network checks in the window, told in plain words: one calm line on the start page when
//! all is well; when something fails, what it means for the user and what to do. Host names,
//! error classes and timings are inside «Detaljer for IT». A step shows its service's status only
//! when that service has a problem. Every state is words, never colour alone.

use crate::view_model::{Action, AppState};
use paalogging_core::checks::{self, CheckSpec, CheckState, Outcome, Problem, ServiceId, Verdict};
use paalogging_core::i18n::fill;

/// «Sjekker tilkoblingen…», then «✔ Tilkoblingen er i orden.» or what may stop the user.
pub fn checks_panel_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let board = &state.checks;
    if !board.is_started() {
        return;
    }
    let text = &state.text;
    if !board.is_done() {
        // Neutral: nothing is known yet.
        ui.label(format!("… {}", text.checks_heading));
        return;
    }
    let problems: Vec<(&CheckSpec, &Problem)> = board.problems().collect();
    if problems.is_empty() {
        ui.label(
            egui::RichText::new(format!("✔ {}", text.checks_done_ok))
                .color(super::theme::ok_color(ui)),
        );
        it_details_ui(ui, state, "all", &board.entries, |ui| {
            rerun_ui(ui, state, actions);
        });
        return;
    }
    attention_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            egui::RichText::new(format!("⚠ {}", text.checks_attention))
                .strong()
                .color(super::theme::warning_color(ui)),
        );
        let mut said: Vec<String> = Vec::new();
        if board.looks_offline() {
            said.push(text.advice_no_network.clone());
        } else {
            for (spec, problem) in &problems {
                let sentence = advice(state, spec.id, problem);
                // Two services blocked the same way read as one sentence each, not a list
                // of repeats; the details for IT list them all.
                if !said.contains(&sentence) {
                    said.push(sentence);
                }
            }
        }
        for sentence in &said {
            ui.label(sentence);
        }
        ui.label(&text.checks_go_on);
        rerun_ui(ui, state, actions);
        it_details_ui(ui, state, "problems", &board.entries, |ui| {
            ui.label(egui::RichText::new(&text.checks_limits).small());
        });
    });
}

/// Under a step's text, only when the service it depends on has a problem. It warns; it never
/// blocks.
pub fn service_status_ui(ui: &mut egui::Ui, state: &AppState, service: ServiceId) {
    let Some((spec, check)) = state.checks.state(service) else {
        return;
    };
    let CheckState::Done(Outcome {
        verdict: Verdict::Problem(problem),
        ..
    }) = check
    else {
        return;
    };
    // Without any network every service fails: say that, not that this one is blocked.
    let said = if state.checks.looks_offline() {
        state.text.advice_no_network.clone()
    } else {
        advice(state, service, problem)
    };
    attention_frame(ui).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("⚠ {said}")).color(super::theme::warning_color(ui)));
        let entries = [(spec.clone(), check.clone())];
        it_details_ui(ui, state, spec.id, &entries, |_| {});
    });
}

/// A box with a warning-coloured outline, for what the user should know before going on.
fn attention_frame(ui: &egui::Ui) -> egui::Frame {
    egui::Frame::group(ui.style()).stroke(egui::Stroke::new(2.0, super::theme::warning_color(ui)))
}

fn advice(state: &AppState, service: ServiceId, problem: &Problem) -> String {
    checks::advice(
        problem,
        checks::service_name(service, &state.text),
        &state.text,
        &state.config.helpdesk_name.value,
    )
}

fn rerun_ui(ui: &mut egui::Ui, state: &AppState, actions: &mut Vec<Action>) {
    let board = &state.checks;
    if ui
        .add_enabled(
            board.is_done(),
            super::secondary_button(&state.text.checks_rerun),
        )
        .clicked()
    {
        actions.push(Action::RunChecks);
    }
}

/// «Detaljer for IT», closed at first: every check with its host, its error class and what was
/// seen, for the helpdesk to read off the screen.
fn it_details_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    salt: impl std::hash::Hash + std::fmt::Debug,
    entries: &[(CheckSpec, CheckState)],
    more: impl FnOnce(&mut egui::Ui),
) {
    egui::CollapsingHeader::new(&state.text.checks_details)
        .id_salt(("it_details", salt))
        .default_open(false)
        .show(ui, |ui| {
            for (spec, check) in entries {
                row_ui(ui, state, spec, check);
            }
            more(ui);
        });
}

/// «reCAPTCHA: i orden (120 ms)» or «reCAPTCHA: dns», then the explanation with the host and the
/// technical detail.
fn row_ui(ui: &mut egui::Ui, state: &AppState, spec: &CheckSpec, check: &CheckState) {
    let text = &state.text;
    let name = checks::service_name(spec.id, text);
    let (status, explanation) = match check {
        CheckState::Waiting | CheckState::Running(_) => (text.check_running.clone(), None),
        CheckState::Done(outcome) => match &outcome.verdict {
            Verdict::Ok => (
                fill(
                    &text.check_ok,
                    &[("ms", &outcome.elapsed.as_millis().to_string())],
                ),
                None,
            ),
            Verdict::Skipped => (
                text.check_skipped.clone(),
                Some(text.problem_skipped_no_url.clone()),
            ),
            Verdict::Problem(problem) => (
                problem.code().to_owned(),
                Some(checks::explain(
                    spec,
                    problem,
                    text,
                    &state.config.helpdesk_name.value,
                    state.config.check_timeout_seconds.value,
                )),
            ),
        },
    };
    ui.label(egui::RichText::new(format!("{name}: {status}")).strong());
    if let Some(explanation) = explanation {
        ui.label(explanation);
    }
    let detail = match check {
        CheckState::Done(outcome) => outcome.detail.as_str(),
        CheckState::Waiting | CheckState::Running(_) => "",
    };
    let technical = format!("{}\n{detail}", spec.url.as_deref().unwrap_or(""));
    ui.label(
        egui::RichText::new(technical.trim_end())
            .small()
            .monospace(),
    );
}
