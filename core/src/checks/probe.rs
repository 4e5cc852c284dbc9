//! One check: a request through the run's shared client ([`crate::net`]), timed by phase.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use super::classify::{classify_error, evaluate};
use super::{CheckSpec, Expect, Outcome, Phase, Verdict};

/// The biggest response body read for most checks: discovery documents, pages and the script
/// are kilobytes, and a page or the script is judged by its status and beginning anyway.
const BODY_LIMIT: usize = 1024 * 1024;
/// The biggest Statuspage summary read. A large vendor's summary lists every component it has:
/// a genuine one with 10 000 components is 3.3 MB, and it can be judged only whole.
const STATUS_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// How much of the answer `expect` needs to be read.
fn body_limit(expect: &Expect) -> usize {
    match expect {
        Expect::StatusComponent(_) | Expect::NoIncident(_) => STATUS_BODY_LIMIT,
        Expect::Page | Expect::Script | Expect::Issuer(_) | Expect::Reachable => BODY_LIMIT,
    }
}

use crate::net::RequestOptions;

/// Records what happened during one check.
struct Trace {
    start: Instant,
    phases: Mutex<Vec<(Phase, u64)>>,
    on_phase: Box<dyn Fn(Phase) + Send + Sync>,
}

impl Trace {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// `phase` finished; `next` begins.
    fn reached(&self, finished: Phase, next: Phase) {
        let ms = self.elapsed_ms();
        if let Ok(mut phases) = self.phases.lock() {
            phases.push((finished, ms));
        }
        (self.on_phase)(next);
    }
}

/// Runs one check to its end (success, failure or timeout); `on_phase` hears each new phase.
pub async fn run_check(
    spec: &CheckSpec,
    options: &RequestOptions,
    on_phase: impl Fn(Phase) + Send + Sync + 'static,
) -> Outcome {
    let trace = Arc::new(Trace {
        start: Instant::now(),
        phases: Mutex::new(Vec::new()),
        on_phase: Box::new(on_phase),
    });
    // The detail quotes the server (its content type, error messages): made safe here, once.
    let finish = |verdict: Verdict, detail: String| Outcome {
        verdict,
        elapsed: trace.start.elapsed(),
        phases: trace.phases.lock().map(|p| p.clone()).unwrap_or_default(),
        detail: detail.into(),
    };
    let Some(url) = &spec.url else {
        return finish(Verdict::Skipped, "not configured".to_owned());
    };
    #[cfg(any(test, feature = "test-hooks"))]
    if url.contains(crate::test_hooks::PANIC_HOST) {
        crate::test_hooks::crash_on_purpose("check");
    }
    (trace.on_phase)(Phase::Dns);
    let request = match options.net.get(url, options.timeout) {
        Ok(request) => request,
        Err(error) => {
            let detail = crate::net::error_chain(&*error);
            return finish(
                Verdict::Problem(super::Problem::Other(detail.as_str().into())),
                detail,
            );
        }
    };
    // The whole exchange, body included, is bounded by the timeout.
    let exchange = async {
        let mut response = request.send().await?;
        trace.reached(Phase::Connect, Phase::Http);
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        // A longer answer is cut off; `evaluate` judges it by what was read only where that
        // is sound, and otherwise says it was too large.
        let limit = body_limit(&spec.expect);
        let body = crate::net::read_capped(&mut response, limit).await?;
        Ok::<_, reqwest::Error>((status, content_type, body, limit))
    };
    let resolved = {
        let trace = trace.clone();
        Arc::new(move || trace.reached(Phase::Dns, Phase::Connect))
    };
    let exchange = crate::net::with_resolve_hook(resolved, exchange);
    let result = tokio::time::timeout(options.timeout, exchange).await;
    match result {
        Err(_) => finish(
            Verdict::Problem(super::Problem::Timeout),
            format!(
                "no complete answer within {} ms",
                options.timeout.as_millis()
            ),
        ),
        Ok(Err(error)) => {
            let (problem, detail) = classify_error(&error);
            finish(Verdict::Problem(problem), detail)
        }
        Ok(Ok((status, content_type, body, limit))) => {
            let verdict = evaluate(&spec.expect, status, &content_type, &body, limit);
            let ms = trace.elapsed_ms();
            if let Ok(mut phases) = trace.phases.lock() {
                phases.push((Phase::Http, ms));
            }
            let cut = if body.complete {
                ""
            } else {
                " (cut off there: the answer is longer)"
            };
            finish(
                verdict,
                format!(
                    "HTTP {status}, {content_type}, {} bytes{cut}",
                    body.bytes.len()
                ),
            )
        }
    }
}
