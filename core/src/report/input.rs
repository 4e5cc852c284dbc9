//! What the report is made from: plain facts, with no field for a secret.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::checks::{Outcome, Verdict};

/// Where the user got to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StepReached {
    pub title: String,
    /// "Steg N av M": `(N, M)`; `None` on the start, help and finish pages.
    pub position: Option<(usize, usize)>,
}

/// One page on the way, in the order visited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathEntry {
    pub page_id: String,
    pub title: String,
}

/// One background check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckLine {
    /// The service's name as the user sees it («Visma Connect»).
    pub service: String,
    /// «OK», «hoppet over», «problem», «kjører» …
    pub result: String,
    /// The machine name of the problem (`tls_untrusted`), as in `--check --json`.
    pub problem_code: Option<String>,
    pub elapsed_ms: Option<u64>,
}

impl CheckLine {
    /// A finished check, in the report's words.
    pub fn from_outcome(service: &str, outcome: &Outcome) -> Self {
        let (result, problem_code) = match &outcome.verdict {
            Verdict::Ok => ("OK", None),
            Verdict::Skipped => ("hoppet over (ikke satt opp)", None),
            Verdict::Problem(problem) => ("problem", Some(problem.code().to_owned())),
        };
        Self {
            service: service.to_owned(),
            result: result.to_owned(),
            problem_code,
            elapsed_ms: Some(u64::try_from(outcome.elapsed.as_millis()).unwrap_or(u64::MAX)),
        }
    }
}

/// Everything the report says. No field for secrets: there is nowhere to put one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportInput {
    pub app_version: String,
    /// OS name and version (`Windows 11 23H2`, `Ubuntu 24.04`).
    pub os: String,
    /// The language the user reads the guide in (`nb`, `nn`, `en`).
    pub language: String,
    pub kommune: String,
    /// Which guide is in use: the embedded one or a signed update (and its serial).
    pub guide: String,
    pub step: StepReached,
    pub path: Vec<PathEntry>,
    pub checks: Vec<CheckLine>,
    /// The configuration files that were read, in order.
    pub config_sources: Vec<PathBuf>,
    pub generated_at: SystemTime,
    /// The address typed in step 2; only its masked form is written.
    pub email: Option<String>,
}

/// A filled-in report input for the tests of every part of the report.
#[cfg(test)]
pub(super) fn example() -> ReportInput {
    ReportInput {
        app_version: "0.1.0".to_owned(),
        os: "Windows 11 23H2".to_owned(),
        language: "nb".to_owned(),
        kommune: "Askøy kommune".to_owned(),
        guide: "innebygd".to_owned(),
        step: StepReached {
            title: "Lag et nytt passord".to_owned(),
            position: Some((5, 11)),
        },
        path: vec![
            PathEntry {
                page_id: "start".to_owned(),
                title: "Hva er problemet?".to_owned(),
            },
            PathEntry {
                page_id: "type-wrong-email".to_owned(),
                title: "Skriv inn feil adresse".to_owned(),
            },
        ],
        checks: vec![
            CheckLine {
                service: "Visma Connect".to_owned(),
                result: "OK".to_owned(),
                problem_code: None,
                elapsed_ms: Some(231),
            },
            CheckLine {
                service: "reCAPTCHA".to_owned(),
                result: "problem".to_owned(),
                problem_code: Some("tls_untrusted".to_owned()),
                elapsed_ms: Some(1042),
            },
        ],
        config_sources: vec![PathBuf::from("/etc/paalogging/config.toml")],
        generated_at: std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_772_368_496),
        email: Some("ola.nordmann@gmail.com".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn check_lines_from_outcomes() {
        let outcome = Outcome {
            verdict: Verdict::Problem(crate::checks::Problem::Timeout),
            elapsed: Duration::from_millis(8001),
            phases: Vec::new(),
            detail: Default::default(),
        };
        let line = CheckLine::from_outcome("ID-porten", &outcome);
        assert_eq!(line.problem_code.as_deref(), Some("timeout"));
        assert_eq!(line.elapsed_ms, Some(8001));
        assert_eq!(line.result, "problem");
    }
}
