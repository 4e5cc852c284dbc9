//! What the report is made from: plain facts, with no field for a secret, gathered in one place
//! for the window and `--check --report` alike.

use std::path::PathBuf;
use std::time::SystemTime;

use crate::checks::{self, CheckBoard, CheckState, Outcome, Verdict};
use crate::config::Config;
use crate::guide::PageId;
use crate::i18n::UiText;
use crate::wizard::Wizard;

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

    /// A check as far as it got: its result, or «kjører» while it runs or waits.
    pub fn from_state(service: &str, state: &CheckState) -> Self {
        match state {
            CheckState::Done(outcome) => Self::from_outcome(service, outcome),
            CheckState::Waiting | CheckState::Running(_) => Self {
                service: service.to_owned(),
                result: "kjører".to_owned(),
                problem_code: None,
                elapsed_ms: None,
            },
        }
    }
}

/// Everything the helpdesk report says (its text is [`HelpdeskReport::to_text`]). No field for
/// secrets: there is nowhere to put one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpdeskReport {
    pub app_version: String,
    /// OS name and version (`Windows 11 23H2`, `Ubuntu 24.04`).
    pub os: String,
    /// The language the user reads the guide in, by its name (`Bokmål`, `Nynorsk`, `English`):
    /// the helpdesk reads the report, and a name needs no decoding.
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
    /// The addresses tried there before it, oldest first; only their masked forms are written.
    pub tried: Vec<String>,
}

impl HelpdeskReport {
    /// The report as the window («Jeg står fast») and `paalogging --check --report` make it:
    /// this run's facts in `text`'s language, the checks as far as they got, and where the user
    /// is in the guide when there is a `wizard` (`--check` has none).
    pub fn gather(
        config: &Config,
        config_sources: &[PathBuf],
        text: &UiText,
        checks: &CheckBoard,
        wizard: Option<&Wizard>,
    ) -> Self {
        let checks = checks
            .entries
            .iter()
            .map(|(spec, state)| CheckLine::from_state(checks::service_name(spec.id, text), state))
            .collect();
        let report = Self {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            os: os_info::get().to_string(),
            language: text.language.native_name().to_owned(),
            kommune: config.kommune_name.value.clone(),
            // Without a guide the report comes from the command line.
            guide: "--check".to_owned(),
            step: StepReached::default(),
            path: Vec::new(),
            checks,
            config_sources: config_sources.to_vec(),
            generated_at: SystemTime::now(),
            email: None,
            tried: Vec::new(),
        };
        match wizard {
            Some(wizard) => report.in_the_guide(wizard),
            None => report,
        }
    }

    /// Where the user is in the guide, the way there and the address (with those tried before).
    fn in_the_guide(self, wizard: &Wizard) -> Self {
        let guide = wizard.guide();
        let title_of = |id: &PageId| guide.page(id).map(|p| p.title.clone()).unwrap_or_default();
        let path = wizard
            .history()
            .iter()
            .chain(std::iter::once(wizard.current()))
            .map(|id| PathEntry {
                page_id: id.to_string(),
                title: title_of(id),
            })
            .collect();
        Self {
            guide: format!("{} ({})", guide.name, guide.language),
            step: StepReached {
                title: title_of(wizard.current()),
                position: wizard.step_number(),
            },
            path,
            email: wizard.address().map(str::to_owned),
            tried: wizard.tried_addresses().to_vec(),
            ..self
        }
    }
}

/// A filled-in report for the tests of every part of the report.
#[cfg(test)]
pub(super) fn example() -> HelpdeskReport {
    HelpdeskReport {
        app_version: "0.1.0".to_owned(),
        os: "Windows 11 23H2".to_owned(),
        language: "Bokmål".to_owned(),
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
        tried: vec![
            "kari.nordmann@hotmail.com".to_owned(),
            "k.nordmann@online.no".to_owned(),
        ],
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;
    use crate::guide::{self, InputId};
    use crate::i18n::Language;

    /// In the window the report says where the user is and which addresses were typed, read
    /// through the guide's address input; from `--check` it has no guide, and so neither.
    #[test]
    fn gathered_with_and_without_a_wizard() {
        let config = Config::default();
        let text = UiText::load(Language::Nn).expect("texts");
        let board = CheckBoard::default();
        let sources = [PathBuf::from("/etc/paalogging/config.toml")];

        let alone = HelpdeskReport::gather(&config, &sources, &text, &board, None);
        assert_eq!(alone.language, "Nynorsk");
        assert_eq!(alone.guide, "--check");
        assert_eq!((alone.email.as_deref(), alone.tried.len()), (None, 0));
        assert_eq!(alone.config_sources, sources);

        let guide = Arc::new(guide::embedded(Language::Nn).expect("guide"));
        let mut wizard = Wizard::new(guide);
        let address = InputId("wrong_email".to_owned());
        assert!(wizard.choose(&PageId("open-account-settings".into())));
        wizard.go_next().expect("step 2");
        wizard.set_text(&address, " kari@gmail.com ".to_owned());
        let report = HelpdeskReport::gather(&config, &sources, &text, &board, Some(&wizard));
        assert_eq!(report.email.as_deref(), Some("kari@gmail.com"));
        assert_eq!(report.step.position, Some((2, 11)));
        let path: Vec<&str> = report.path.iter().map(|p| p.page_id.as_str()).collect();
        assert_eq!(
            path,
            ["start", "open-account-settings", "enter-wrong-email"]
        );
        assert!(report.guide.ends_with("(nn)"), "{}", report.guide);
        assert_eq!(report.language, "Nynorsk");
    }

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
