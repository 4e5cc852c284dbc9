//! Network-check benchmark (issue 3, "Benchmark"), run by `bench/run.sh`.
//!
//! ```text
//! cargo run --release -p paalogging-core --features test-support --example bench_checks -- [--runs N] [--report FILE]
//! ```
//!
//! Starts plain-HTTP servers on 127.0.0.1 (hand-written HTTP/1.1 answers, each after a known
//! delay), points the real checks at them through [`CheckWorker`] on a runtime built like the
//! app's (multi-thread, 1 worker, one shared client), and measures:
//! - the wall time of a full check (the six checks of `checks::plan`, Visma Enterprise skipped
//!   as when it is not configured) against the wall time of its slowest check alone
//!   (target: ratio ≤ 1.1), cold (the first run in the process, as at app start) and warm;
//! - a black-holed host (accepts, never answers) with a 1 s timeout: its cost against the
//!   timeout (target ≤ 1.0×, a few ms of overhead allowed), alone and inside a full check.
//!
//! Only loopback traffic: the host names resolve through a fixed table to 127.0.0.1, and the
//! proxy environment variables are cleared so no system proxy is consulted.
//! With `--report FILE` it writes `key value` lines that `bench/measure.py` reads.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use paalogging_core::checks::{CheckSpec, CheckWorker, Event, Expect, ServiceId, Verdict};
use paalogging_core::net::{Net, NetSettings, RequestOptions, Resolver};

/// The test suites' loopback servers, so the benchmark measures against the same ones.
use paalogging_core::test_support::loopback as support;

/// Answer delays of the six checks, in ms: a mix of 100, 200 and 400; the slowest is 400.
const DELAYS_MS: [(ServiceId, u64); 6] = [
    (ServiceId::AccountSettings, 100),
    (ServiceId::ConnectDiscovery, 200),
    (ServiceId::Recaptcha, 100),
    (ServiceId::IdportenDiscovery, 200),
    (ServiceId::VismaStatus, 400),
    (ServiceId::DigdirStatus, 200),
];
const CHECK_TIMEOUT: Duration = Duration::from_secs(8);
const BLACK_HOLE_TIMEOUT: Duration = Duration::from_secs(1);
const HOST: &str = "bench.test";

fn main() {
    let mut runs = 7usize;
    let mut report = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--report" => report = args.next(),
            _ => {
                eprintln!("usage: bench_checks [--runs N] [--report FILE]");
                std::process::exit(2);
            }
        }
    }
    let runs = runs.max(1);
    // Loopback only: no proxy from the environment. Before any thread starts.
    for name in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        // SAFETY: single-threaded at this point; nothing else reads the environment.
        unsafe { std::env::remove_var(name) };
    }
    // SAFETY: as above.
    unsafe { std::env::set_var("NO_PROXY", "*") };

    // The servers get a thread and a runtime of their own, so the client runtime is the app's.
    let server_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    // The test suite's loopback servers; they stop when dropped at the end of main.
    let (server, hole) = server_runtime.block_on(async {
        (
            support::serve(None, delayed_healthy_routes()).await,
            support::black_hole().await,
        )
    });
    let (server_addr, hole_addr) = (server.addr, hole.addr);
    let server_thread = std::thread::spawn(move || {
        server_runtime.block_on(std::future::pending::<()>());
    });
    drop(server_thread);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    // One client for every run, as in the app.
    let net = Net::new(NetSettings {
        resolver: Resolver::Fixed(Arc::new(HashMap::from([(
            HOST.to_owned(),
            IpAddr::V4(Ipv4Addr::LOCALHOST),
        )]))),
        ..NetSettings::default()
    });
    let options = |timeout| RequestOptions {
        timeout,
        net: net.clone(),
    };
    let mut worker = CheckWorker::spawn(runtime.handle(), options(CHECK_TIMEOUT), || {});
    let full = full_plan(server_addr.port());
    let slowest = full
        .iter()
        .filter(|spec| spec.url.is_some())
        .max_by_key(|spec| delay_of(spec.id))
        .cloned()
        .expect("a check");

    println!(
        "Loopback servers on {server_addr} (delays {:?} ms), black hole on {hole_addr}",
        DELAYS_MS.iter().map(|(_, ms)| ms).collect::<Vec<_>>()
    );
    let mut problems = Vec::new();
    // Cold: the first run in this process, as at the app's start.
    let cold = timed_run(&runtime, &mut worker, full.clone(), &mut problems);
    let mut fulls = Vec::new();
    let mut singles = Vec::new();
    for _ in 0..runs {
        singles.push(timed_run(
            &runtime,
            &mut worker,
            vec![slowest.clone()],
            &mut problems,
        ));
        fulls.push(timed_run(
            &runtime,
            &mut worker,
            full.clone(),
            &mut problems,
        ));
    }
    let full_ms = median(&fulls);
    let single_ms = median(&singles);
    let sequential_ms: u64 = DELAYS_MS.iter().map(|(_, ms)| ms).sum();
    println!(
        "full check (6 checks + 1 skipped): cold {cold:.1} ms, warm median {full_ms:.1} ms \
         (min {:.1}, max {:.1}; {runs} runs)",
        min(&fulls),
        max(&fulls)
    );
    println!(
        "slowest single check ({} ms server delay) alone: median {single_ms:.1} ms",
        delay_of(slowest.id)
    );
    println!(
        "ratio full/slowest: warm {:.3}, cold {:.3} (target <= 1.1; sequential would be {:.2})",
        full_ms / single_ms,
        cold / single_ms,
        sequential_ms as f64 / delay_of(slowest.id) as f64
    );

    // The black hole, with a 1 s timeout.
    let mut hole_worker = CheckWorker::spawn(runtime.handle(), options(BLACK_HOLE_TIMEOUT), || {});
    let hole_spec = CheckSpec {
        id: ServiceId::Recaptcha,
        url: Some(format!(
            "http://{HOST}:{}/recaptcha/api.js",
            hole_addr.port()
        )),
        expect: Expect::Script,
    };
    let mut hole_problems = Vec::new();
    let mut holes = Vec::new();
    for _ in 0..runs.min(3) {
        holes.push(timed_run(
            &runtime,
            &mut hole_worker,
            vec![hole_spec.clone()],
            &mut hole_problems,
        ));
    }
    let hole_ms = median(&holes);
    // A full check with one black-holed service costs the timeout, not more.
    let mut with_hole = full_plan(server_addr.port());
    with_hole[2] = hole_spec.clone();
    let mut with_hole_problems = Vec::new();
    let full_with_hole_ms = timed_run(
        &runtime,
        &mut hole_worker,
        with_hole,
        &mut with_hole_problems,
    );
    let timeout_ms = BLACK_HOLE_TIMEOUT.as_secs_f64() * 1000.0;
    println!(
        "black hole, {timeout_ms:.0} ms timeout: median {hole_ms:.1} ms (max {:.1}) = {:.3}x the \
         timeout (overhead {:+.1} ms); full check with it: {full_with_hole_ms:.1} ms = {:.3}x",
        max(&holes),
        hole_ms / timeout_ms,
        hole_ms - timeout_ms,
        full_with_hole_ms / timeout_ms
    );
    let hole_verdicts_ok = hole_problems.iter().all(|p| p.contains("timeout"))
        && hole_problems.len() == holes.len()
        && with_hole_problems.len() == 1
        && with_hole_problems[0].contains("timeout");
    if !problems.is_empty() {
        println!("UNEXPECTED: healthy servers gave problems: {problems:?}");
    }
    if !hole_verdicts_ok {
        println!(
            "UNEXPECTED: the black hole did not time out as expected: {hole_problems:?} \
             {with_hole_problems:?}"
        );
    }

    if let Some(path) = report {
        let text = format!(
            "checks_full_ms {full_ms:.1}\nchecks_full_cold_ms {cold:.1}\n\
             checks_slowest_single_ms {single_ms:.1}\nchecks_ratio {:.3}\n\
             checks_ratio_cold {:.3}\nblack_hole_ms {hole_ms:.1}\nblack_hole_timeout_ms \
             {timeout_ms:.0}\nblack_hole_ratio {:.3}\nfull_with_black_hole_ms \
             {full_with_hole_ms:.1}\nchecks_verdicts_ok {}\n",
            full_ms / single_ms,
            cold / single_ms,
            hole_ms / timeout_ms,
            u8::from(problems.is_empty() && hole_verdicts_ok),
        );
        std::fs::write(&path, text).expect("write the report");
    }
    drop(worker);
    drop(hole_worker);
    runtime.shutdown_timeout(Duration::from_millis(200));
}

fn delay_of(id: ServiceId) -> u64 {
    DELAYS_MS
        .iter()
        .find(|(service, _)| *service == id)
        .map_or(0, |(_, ms)| *ms)
}

/// The app's plan (`checks::plan`) with every URL on the loopback server; the path's first
/// segment is the server's delay in ms.
fn full_plan(port: u16) -> Vec<CheckSpec> {
    let url =
        |id: ServiceId, path: &str| Some(format!("http://{HOST}:{port}/{}{path}", delay_of(id)));
    vec![
        CheckSpec {
            id: ServiceId::AccountSettings,
            url: url(ServiceId::AccountSettings, "/accountsettings"),
            expect: Expect::Page,
        },
        CheckSpec {
            id: ServiceId::ConnectDiscovery,
            url: url(
                ServiceId::ConnectDiscovery,
                "/connect/.well-known/openid-configuration",
            ),
            expect: Expect::Issuer(paalogging_core::checks::CONNECT_ISSUER.to_owned()),
        },
        CheckSpec {
            id: ServiceId::Recaptcha,
            url: url(ServiceId::Recaptcha, "/recaptcha/api.js"),
            expect: Expect::Script,
        },
        CheckSpec {
            id: ServiceId::VismaEnterprise,
            url: None,
            expect: Expect::Reachable,
        },
        CheckSpec {
            id: ServiceId::IdportenDiscovery,
            url: url(
                ServiceId::IdportenDiscovery,
                "/idporten/.well-known/openid-configuration",
            ),
            expect: Expect::Issuer(paalogging_core::checks::IDPORTEN_ISSUER.to_owned()),
        },
        CheckSpec {
            id: ServiceId::VismaStatus,
            url: url(ServiceId::VismaStatus, "/visma/api/v2/summary.json"),
            expect: Expect::StatusComponent(
                paalogging_core::checks::VISMA_CONNECT_COMPONENT.to_owned(),
            ),
        },
        CheckSpec {
            id: ServiceId::DigdirStatus,
            url: url(ServiceId::DigdirStatus, "/digdir/api/v2/summary.json"),
            expect: Expect::NoIncident(paalogging_core::checks::IDPORTEN_NAME.to_owned()),
        },
    ]
}

/// Runs `specs` through the worker; returns the wall time from the command to `AllDone`, in
/// ms, and notes every check that did not end in `Ok` or `Skipped`.
fn timed_run(
    runtime: &tokio::runtime::Runtime,
    worker: &mut CheckWorker,
    specs: Vec<CheckSpec>,
    problems: &mut Vec<String>,
) -> f64 {
    let start = Instant::now();
    let run = worker.run(specs);
    runtime.block_on(async {
        while let Some(event) = worker.next_event().await {
            match event {
                Event::Finished {
                    run: r,
                    id,
                    outcome,
                } if r == run => {
                    if let Verdict::Problem(problem) = &outcome.verdict {
                        problems.push(format!("{id:?}: {} ({})", problem.code(), outcome.detail));
                    }
                }
                Event::AllDone { run: r, .. } if r == run => break,
                _ => {}
            }
        }
    });
    start.elapsed().as_secs_f64() * 1000.0
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(0.0, f64::max)
}

/// `GET /{delay_ms}/{path}` answers after `delay_ms` with what the real service sends when
/// healthy (the test suite's routes).
fn delayed_healthy_routes() -> support::Route {
    let healthy = support::healthy_routes();
    Arc::new(move |target: &str| {
        let (delay, path) = target
            .trim_start_matches('/')
            .split_once('/')
            .map(|(ms, rest)| (ms.parse().unwrap_or(0), format!("/{rest}")))
            .unwrap_or((0, target.to_owned()));
        healthy(&path).delayed(Duration::from_millis(delay))
    })
}
