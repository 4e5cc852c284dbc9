//! The background worker: takes commands, runs checks concurrently, sends events.

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::{JoinHandle, JoinSet};

use super::{CheckSpec, Event, run_check};
use crate::net::RequestOptions;

enum Command {
    Run { run: u64, specs: Vec<CheckSpec> },
    Cancel,
}

/// Where the worker's events go.
type Report = Arc<dyn Fn(Event) + Send + Sync>;

/// The caller's handle on the worker. Dropping it stops the worker and aborts checks in flight.
pub struct CheckWorker {
    commands: mpsc::UnboundedSender<Command>,
    /// The events, when they come to this handle (see [`Self::spawn`]).
    events: Option<mpsc::UnboundedReceiver<Event>>,
    last_run: u64,
}

impl CheckWorker {
    /// Starts the worker on `runtime`; its events are read with [`Self::next_event`] and
    /// [`Self::try_events`] (the command line, tests). `wake` is called after every event.
    pub fn spawn(
        runtime: &tokio::runtime::Handle,
        options: RequestOptions,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Self {
        let (event_tx, events) = mpsc::unbounded_channel();
        let mut worker = Self::spawn_reporting(runtime, options, move |event| {
            // A closed channel means nobody listens any more; the run is about to be aborted.
            let _ = event_tx.send(event);
            wake();
        });
        worker.events = Some(events);
        worker
    }

    /// Starts the worker on `runtime`, handing every event to `report` (the window's job
    /// channel, which also wakes it).
    pub fn spawn_reporting(
        runtime: &tokio::runtime::Handle,
        options: RequestOptions,
        report: impl Fn(Event) + Send + Sync + 'static,
    ) -> Self {
        let (commands, mut command_rx) = mpsc::unbounded_channel();
        let report: Report = Arc::new(report);
        runtime.spawn(async move {
            let mut current: Option<JoinHandle<()>> = None;
            while let Some(command) = command_rx.recv().await {
                // A new command replaces whatever runs: no run is queued twice.
                if let Some(task) = current.take() {
                    task.abort();
                }
                if let Command::Run { run, specs } = command {
                    current = Some(tokio::spawn(run_all(
                        run,
                        specs,
                        options.clone(),
                        report.clone(),
                    )));
                }
            }
            // The UI dropped its handle: the window is closing.
            if let Some(task) = current {
                task.abort();
            }
        });
        Self {
            commands,
            events: None,
            last_run: 0,
        }
    }

    /// Starts a run (cancelling one in flight) and returns its number.
    pub fn run(&mut self, specs: Vec<CheckSpec>) -> u64 {
        self.last_run += 1;
        let run = self.last_run;
        if self.commands.send(Command::Run { run, specs }).is_err() {
            tracing::error!("the check worker has stopped");
        }
        run
    }

    pub fn cancel(&self) {
        // An error means the worker is gone already, which is what cancel wants.
        let _ = self.commands.send(Command::Cancel);
    }

    /// Events so far, without waiting.
    pub fn try_events(&mut self) -> Vec<Event> {
        let mut events = Vec::new();
        if let Some(receiver) = &mut self.events {
            while let Ok(event) = receiver.try_recv() {
                events.push(event);
            }
        }
        events
    }

    /// Waits for the next event (command-line use); `None` when they go elsewhere.
    pub async fn next_event(&mut self) -> Option<Event> {
        self.events.as_mut()?.recv().await
    }
}

async fn run_all(run: u64, specs: Vec<CheckSpec>, options: RequestOptions, send: Report) {
    let start = Instant::now();
    // Dropping the set (when this task is aborted) aborts every check in it.
    let mut set = JoinSet::new();
    let mut ids = std::collections::HashMap::new();
    for spec in specs {
        send(Event::Started { run, id: spec.id });
        let options = options.clone();
        let send = send.clone();
        let service = spec.id;
        let task = set.spawn(async move {
            let id = spec.id;
            let on_phase = {
                let send = send.clone();
                move |phase| send(Event::Progress { run, id, phase })
            };
            let outcome = run_check(&spec, &options, on_phase).await;
            send(Event::Finished { run, id, outcome });
        });
        ids.insert(task.id(), (service, Instant::now()));
    }
    while let Some(joined) = set.join_next_with_id().await {
        // A panic in one check (a bug) shows that check as failed; the others and the window go on.
        if let Err(error) = joined
            && error.is_panic()
            && let Some((id, started)) = ids.get(&error.id())
        {
            let detail = "the check stopped unexpectedly (see the crash file in the logs folder)";
            tracing::error!("check {id:?} panicked; shown as failed");
            send(Event::Finished {
                run,
                id: *id,
                outcome: super::Outcome {
                    verdict: super::Verdict::Problem(super::Problem::Other(detail.into())),
                    elapsed: started.elapsed(),
                    phases: Vec::new(),
                    detail: detail.into(),
                },
            });
        }
    }
    send(Event::AllDone {
        run,
        elapsed: start.elapsed(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::{Expect, Outcome, Problem, ServiceId, Verdict};

    async fn run_to_end(
        worker: &mut CheckWorker,
        specs: Vec<CheckSpec>,
    ) -> Vec<(ServiceId, Outcome)> {
        worker.run(specs);
        let mut finished = Vec::new();
        while let Some(event) = worker.next_event().await {
            match event {
                Event::Finished { id, outcome, .. } => finished.push((id, outcome)),
                Event::AllDone { .. } => break,
                _ => {}
            }
        }
        finished
    }

    #[test]
    fn a_panicking_check_shows_as_failed_and_the_worker_goes_on() {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let mut worker = CheckWorker::spawn(
            runtime.handle(),
            RequestOptions::with_timeout(std::time::Duration::from_secs(2)),
            || {},
        );
        let specs = vec![
            CheckSpec {
                id: ServiceId::Recaptcha,
                url: Some(format!("https://{}/", crate::test_hooks::PANIC_HOST)),
                expect: Expect::Script,
            },
            CheckSpec {
                id: ServiceId::VismaEnterprise,
                url: None,
                expect: Expect::Script,
            },
        ];
        for _ in 0..2 {
            let finished = runtime.block_on(run_to_end(&mut worker, specs.clone()));
            assert_eq!(finished.len(), 2, "{finished:?}");
            let (_, panicked) = finished
                .iter()
                .find(|(id, _)| *id == ServiceId::Recaptcha)
                .expect("the panicking check is reported");
            assert!(
                matches!(&panicked.verdict, Verdict::Problem(Problem::Other(text)) if text.as_str().contains("stopped unexpectedly")),
                "{panicked:?}"
            );
            assert!(
                finished
                    .iter()
                    .any(|(id, o)| *id == ServiceId::VismaEnterprise
                        && o.verdict == Verdict::Skipped)
            );
        }
    }
}
