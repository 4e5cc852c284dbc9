//! `paalogging --check [--json | --report]`: the background checks for IT, with no window.
//!
//! Exit codes: 0 all OK, 1 problems found, 2 usage or configuration error.

use std::io::Write;

use serde::Serialize;

use crate::checks::{self, CheckBoard, CheckSpec, CheckState, Event, Verdict};
use crate::config::Config;
use crate::i18n::{UiText, fill};
use crate::net::RequestOptions;
use crate::report::HelpdeskReport;

pub const EXIT_OK: u8 = 0;
pub const EXIT_PROBLEMS: u8 = 1;
pub const EXIT_CONFIG: u8 = 2;

/// How `--check` prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    /// The helpdesk report, as «Jeg står fast» builds it in the window.
    Report,
}

/// One check in `--check --json`.
#[derive(Serialize)]
struct JsonCheck<'a> {
    id: checks::ServiceId,
    name: &'a str,
    url: Option<&'a str>,
    #[serde(flatten)]
    outcome: &'a checks::Outcome,
    explanation: Option<String>,
}

/// All of `--check --json`.
#[derive(Serialize)]
struct JsonResults<'a> {
    ok: bool,
    elapsed_ms: u128,
    checks: Vec<JsonCheck<'a>>,
}

/// Runs every check on `runtime` and prints progress (stderr, for the table) and results
/// (stdout) in `format`; returns the exit code.
pub fn run(
    runtime: &tokio::runtime::Runtime,
    config: &Config,
    config_sources: &[std::path::PathBuf],
    text: &UiText,
    options: RequestOptions,
    format: Format,
) -> u8 {
    let progress = (format == Format::Table).then_some(text);
    let board = run_checks(runtime, config, options, progress);
    let mut stdout = std::io::stdout().lock();
    // What is written to stdout is best effort: a closed pipe must not turn into a crash.
    match format {
        Format::Table => {
            let _ = stdout.write_all(table(&board, config, text).as_bytes());
        }
        Format::Json => match json(&board, config, text) {
            Ok(json) => {
                let _ = writeln!(stdout, "{json}");
            }
            Err(error) => {
                eprintln!("cannot write the results: {error}");
                return EXIT_PROBLEMS;
            }
        },
        Format::Report => {
            let report = HelpdeskReport::gather(config, config_sources, text, &board, None);
            let _ = write!(stdout, "{}", report.to_text());
        }
    }
    if board.problems().next().is_none() {
        EXIT_OK
    } else {
        EXIT_PROBLEMS
    }
}

/// Runs the checks to the end; with `progress`, prints a line per finished check to stderr.
fn run_checks(
    runtime: &tokio::runtime::Runtime,
    config: &Config,
    options: RequestOptions,
    progress: Option<&UiText>,
) -> CheckBoard {
    let specs = checks::plan(config);
    let mut board = CheckBoard::default();
    let mut worker = checks::CheckWorker::spawn(runtime.handle(), options, || {});
    let run = worker.run(specs.clone());
    board.start(run, specs);
    let mut stderr = std::io::stderr();
    runtime.block_on(async {
        while let Some(event) = worker.next_event().await {
            if let Some(line) = progress.and_then(|text| progress_line(&event, text)) {
                // Progress is best effort; a closed stderr must not stop the check.
                let _ = writeln!(stderr, "{line}");
            }
            let done = matches!(event, Event::AllDone { .. });
            board.apply(event);
            if done {
                break;
            }
        }
    });
    board
}

/// `✓ Visma Connect (231 ms)` for a finished check; nothing for other events.
fn progress_line(event: &Event, text: &UiText) -> Option<String> {
    let Event::Finished { id, outcome, .. } = event else {
        return None;
    };
    let mark = match outcome.verdict {
        Verdict::Ok => "✓",
        Verdict::Skipped => "–",
        Verdict::Problem(_) => "✗",
    };
    let name = checks::service_name(*id, text);
    Some(format!(
        "{mark} {name} ({} ms)",
        outcome.elapsed.as_millis()
    ))
}

/// What a result means for IT, in `text`'s language; nothing for a check that passed.
fn explanation(
    spec: &CheckSpec,
    verdict: &Verdict,
    config: &Config,
    text: &UiText,
) -> Option<String> {
    match verdict {
        Verdict::Problem(problem) => Some(checks::explain(
            spec,
            problem,
            text,
            &config.helpdesk_name.value,
            config.check_timeout_seconds.value,
        )),
        Verdict::Skipped => Some(text.problem_skipped_no_url.clone()),
        Verdict::Ok => None,
    }
}

/// The finished checks with their results.
fn finished(board: &CheckBoard) -> impl Iterator<Item = (&CheckSpec, &checks::Outcome)> {
    board
        .entries
        .iter()
        .filter_map(|(spec, state)| match state {
            CheckState::Done(outcome) => Some((spec, outcome)),
            CheckState::Waiting | CheckState::Running(_) => None,
        })
}

/// The results as a table for a terminal: a line per check, what a problem means, and a summary.
fn table(board: &CheckBoard, config: &Config, text: &UiText) -> String {
    use std::fmt::Write as _;
    // `write!` to a String cannot fail; the results are ignored for that reason only.
    let mut out = String::new();
    for (spec, outcome) in finished(board) {
        let name = checks::service_name(spec.id, text);
        let status = match &outcome.verdict {
            Verdict::Ok => fill(
                &text.check_ok,
                &[("ms", &outcome.elapsed.as_millis().to_string())],
            ),
            Verdict::Skipped => text.check_skipped.clone(),
            Verdict::Problem(problem) => format!("✗ {}", problem.code()),
        };
        let _ = writeln!(out, "{name:<40} {status}");
        if let Some(explanation) = explanation(spec, &outcome.verdict, config, text) {
            let _ = writeln!(out, "    {explanation}");
            if !matches!(outcome.verdict, Verdict::Skipped) {
                let url = spec.url.as_deref().unwrap_or("");
                let _ = writeln!(out, "    [{url}] {}", outcome.detail);
            }
        }
    }
    if board.looks_offline() {
        let _ = writeln!(out, "\n{}", text.problem_no_network);
    }
    let summary = if board.problems().next().is_none() {
        &text.checks_done_ok
    } else {
        &text.checks_done_problems
    };
    let _ = writeln!(out, "\n{summary}\n{}", text.checks_limits);
    out
}

/// The results as JSON for scripts.
fn json(board: &CheckBoard, config: &Config, text: &UiText) -> serde_json::Result<String> {
    let results = JsonResults {
        ok: board.problems().next().is_none(),
        elapsed_ms: board.elapsed.map_or(0, |e| e.as_millis()),
        checks: finished(board)
            .map(|(spec, outcome)| JsonCheck {
                id: spec.id,
                name: checks::service_name(spec.id, text),
                url: spec.url.as_deref(),
                outcome,
                explanation: explanation(spec, &outcome.verdict, config, text),
            })
            .collect(),
    };
    serde_json::to_string_pretty(&results)
}
