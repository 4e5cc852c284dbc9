//! `paalogging --check [--json]`: the background checks for IT, with no window.
//!
//! Exit codes: 0 all OK, 1 problems found, 2 usage or configuration error.

use std::io::Write;

use serde::Serialize;

use crate::checks::{self, CheckBoard, CheckState, Event, Verdict};
use crate::config::Config;
use crate::i18n::{UiText, fill};
use crate::net::RequestOptions;

pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_CONFIG: u8 = 2;

#[derive(Serialize)]
struct JsonCheck<'a> {
    id: checks::ServiceId,
    name: &'a str,
    url: Option<&'a str>,
    #[serde(flatten)]
    outcome: &'a checks::Outcome,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    ok: bool,
    elapsed_ms: u128,
    checks: Vec<JsonCheck<'a>>,
}

/// Runs every check on `runtime` and prints progress (stderr) and results (stdout).
/// How `--check` prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    /// The helpdesk report, as «Jeg står fast» builds it in the window.
    Report,
}

pub fn run(
    runtime: &tokio::runtime::Runtime,
    config: &Config,
    config_sources: &[std::path::PathBuf],
    text: &UiText,
    options: RequestOptions,
    format: Format,
) -> u8 {
    let json = format != Format::Table;
    let specs = checks::plan(config);
    let mut board = CheckBoard::default();
    let mut worker = checks::CheckWorker::spawn(runtime.handle(), options, || {});
    let run = worker.run(specs.clone());
    board.start(run, specs);
    let mut stderr = std::io::stderr();
    runtime.block_on(async {
        while let Some(event) = worker.next_event().await {
            if !json && let Event::Finished { id, outcome, .. } = &event {
                let name = checks::service_name(*id, text);
                let mark = match outcome.verdict {
                    Verdict::Ok => "✓",
                    Verdict::Skipped => "–",
                    Verdict::Problem(_) => "✗",
                };
                // Progress is best effort; a closed stderr must not stop the check.
                let _ = writeln!(stderr, "{mark} {name} ({} ms)", outcome.elapsed.as_millis());
            }
            let done = matches!(event, Event::AllDone { .. });
            board.apply(event);
            if done {
                break;
            }
        }
    });
    let helpdesk = &config.helpdesk_name.value;
    let seconds = config.check_timeout_seconds.value;
    let problems = board.problems().count();
    let explanation = |spec: &checks::CheckSpec, verdict: &Verdict| match verdict {
        Verdict::Problem(problem) => Some(checks::explain(spec, problem, text, helpdesk, seconds)),
        Verdict::Skipped => Some(text.problem_skipped_no_url.clone()),
        Verdict::Ok => None,
    };
    let mut stdout = std::io::stdout().lock();
    if format == Format::Report {
        let input = crate::report::ReportInput {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            os: os_info::get().to_string(),
            language: text.language_name.clone(),
            kommune: config.kommune_name.value.clone(),
            guide: "--check".to_owned(),
            step: crate::report::StepReached::default(),
            path: Vec::new(),
            checks: board
                .entries
                .iter()
                .filter_map(|(spec, state)| match state {
                    CheckState::Done(outcome) => Some(crate::report::CheckLine::from_outcome(
                        checks::service_name(spec.id, text),
                        outcome,
                    )),
                    _ => None,
                })
                .collect(),
            config_sources: config_sources.to_vec(),
            generated_at: std::time::SystemTime::now(),
            email: None,
        };
        let _ = write!(stdout, "{}", crate::report::build(&input));
    } else if json {
        let report = JsonReport {
            ok: problems == 0,
            elapsed_ms: board.elapsed.map_or(0, |e| e.as_millis()),
            checks: board
                .entries
                .iter()
                .filter_map(|(spec, state)| match state {
                    CheckState::Done(outcome) => Some(JsonCheck {
                        id: spec.id,
                        name: checks::service_name(spec.id, text),
                        url: spec.url.as_deref(),
                        outcome,
                        explanation: explanation(spec, &outcome.verdict),
                    }),
                    _ => None,
                })
                .collect(),
        };
        match serde_json::to_string_pretty(&report) {
            Ok(json) => {
                let _ = writeln!(stdout, "{json}");
            }
            Err(error) => {
                eprintln!("cannot write the report: {error}");
                return EXIT_PROBLEMS;
            }
        }
    } else {
        for (spec, state) in &board.entries {
            let CheckState::Done(outcome) = state else {
                continue;
            };
            let name = checks::service_name(spec.id, text);
            let status = match &outcome.verdict {
                Verdict::Ok => fill(
                    &text.check_ok,
                    &[("ms", &outcome.elapsed.as_millis().to_string())],
                ),
                Verdict::Skipped => text.check_skipped.clone(),
                Verdict::Problem(problem) => format!("✗ {}", problem.code()),
            };
            let _ = writeln!(stdout, "{name:<40} {status}");
            if let Some(explanation) = explanation(spec, &outcome.verdict) {
                let _ = writeln!(stdout, "    {explanation}");
                if !matches!(outcome.verdict, Verdict::Skipped) {
                    let _ = writeln!(
                        stdout,
                        "    [{}] {}",
                        spec.url.as_deref().unwrap_or(""),
                        outcome.detail
                    );
                }
            }
        }
        if board.looks_offline() {
            let _ = writeln!(stdout, "\n{}", text.problem_no_network);
        }
        let summary = if problems == 0 {
            &text.checks_done_ok
        } else {
            &text.checks_done_problems
        };
        let _ = writeln!(stdout, "\n{summary}\n{}", text.checks_limits);
    }
    if problems == 0 {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}
