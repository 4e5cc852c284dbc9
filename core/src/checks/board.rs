//! The latest state of every check, built from the worker's events. The window and the command
//! line both read it.

use std::time::Duration;

use super::{CheckSpec, Event, Outcome, Phase, Problem, ServiceId, Verdict};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckState {
    Waiting,
    Running(Phase),
    Done(Outcome),
}

#[derive(Clone, Debug, Default)]
pub struct CheckBoard {
    run: u64,
    pub entries: Vec<(CheckSpec, CheckState)>,
    /// Set when every check of the current run has finished.
    pub elapsed: Option<Duration>,
}

impl CheckBoard {
    /// A new run of `specs` numbered `run`; events of older runs are ignored from now on.
    pub fn start(&mut self, run: u64, specs: Vec<CheckSpec>) {
        self.run = run;
        self.entries = specs
            .into_iter()
            .map(|s| (s, CheckState::Waiting))
            .collect();
        self.elapsed = None;
    }

    pub fn is_started(&self) -> bool {
        self.run > 0
    }

    pub fn apply(&mut self, event: Event) {
        let (run, id, state) = match event {
            Event::Started { run, id } => (run, id, CheckState::Running(Phase::Dns)),
            Event::Progress { run, id, phase } => (run, id, CheckState::Running(phase)),
            Event::Finished { run, id, outcome } => (run, id, CheckState::Done(outcome)),
            Event::AllDone { run, elapsed } => {
                if run == self.run {
                    self.elapsed = Some(elapsed);
                }
                return;
            }
        };
        if run != self.run {
            return;
        }
        if let Some((_, slot)) = self.entries.iter_mut().find(|(spec, _)| spec.id == id) {
            // A late progress event never undoes a result.
            if !matches!(slot, CheckState::Done(_)) {
                *slot = state;
            }
        }
    }

    pub fn is_done(&self) -> bool {
        self.elapsed.is_some()
    }

    pub fn state(&self, id: ServiceId) -> Option<(&CheckSpec, &CheckState)> {
        self.entries
            .iter()
            .find(|(spec, _)| spec.id == id)
            .map(|(spec, state)| (spec, state))
    }

    /// Finished checks that found a problem.
    pub fn problems(&self) -> impl Iterator<Item = (&CheckSpec, &Problem)> {
        self.entries.iter().filter_map(|(spec, state)| match state {
            CheckState::Done(Outcome {
                verdict: Verdict::Problem(problem),
                ..
            }) => Some((spec, problem)),
            _ => None,
        })
    }

    /// Every check that ran failed before reaching a server: most likely no network at all.
    pub fn looks_offline(&self) -> bool {
        let mut ran = self.entries.iter().filter(|(_, state)| {
            !matches!(
                state,
                CheckState::Done(Outcome {
                    verdict: Verdict::Skipped,
                    ..
                })
            )
        });
        let mut any = false;
        let all = ran.all(|(_, state)| {
            any = true;
            matches!(
                state,
                CheckState::Done(Outcome {
                    verdict: Verdict::Problem(Problem::NoNetwork | Problem::Dns | Problem::Refused),
                    ..
                })
            )
        });
        self.is_done() && any && all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::Expect;

    fn finished(verdicts: &[Verdict]) -> CheckBoard {
        let ids = [
            ServiceId::AccountSettings,
            ServiceId::Recaptcha,
            ServiceId::VismaEnterprise,
        ];
        let specs: Vec<CheckSpec> = ids
            .iter()
            .take(verdicts.len())
            .map(|id| CheckSpec {
                id: *id,
                url: Some("https://example.test/".to_owned()),
                expect: Expect::Page,
            })
            .collect();
        let mut board = CheckBoard::default();
        board.start(1, specs);
        for (id, verdict) in ids.iter().zip(verdicts) {
            let outcome = Outcome {
                verdict: verdict.clone(),
                elapsed: Duration::ZERO,
                phases: Vec::new(),
                detail: Default::default(),
            };
            board.apply(Event::Finished {
                run: 1,
                id: *id,
                outcome,
            });
        }
        board.apply(Event::AllDone {
            run: 1,
            elapsed: Duration::ZERO,
        });
        board
    }

    fn problem(problem: Problem) -> Verdict {
        Verdict::Problem(problem)
    }

    #[test]
    fn offline_when_every_check_that_ran_failed_before_a_server() {
        let no_network = [
            problem(Problem::NoNetwork),
            problem(Problem::Dns),
            Verdict::Skipped,
        ];
        assert!(finished(&no_network).looks_offline());
        assert!(finished(&[problem(Problem::Refused), problem(Problem::Dns)]).looks_offline());
    }

    #[test]
    fn not_offline_when_a_server_answered_or_nothing_ran() {
        // One answer (even a bad one) means there is a network.
        let answered = [problem(Problem::NoNetwork), problem(Problem::Http(503))];
        assert!(!finished(&answered).looks_offline());
        assert!(!finished(&[problem(Problem::Dns), Verdict::Ok]).looks_offline());
        assert!(!finished(&[problem(Problem::Timeout)]).looks_offline());
        assert!(!finished(&[Verdict::Skipped, Verdict::Skipped]).looks_offline());
        // Not before the run is over.
        let mut running = finished(&[problem(Problem::NoNetwork)]);
        running.elapsed = None;
        assert!(!running.looks_offline());
    }
}
