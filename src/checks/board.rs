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
