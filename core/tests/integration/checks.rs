//! Every classification of the network checks against loopback servers.

use std::time::Duration;

use paalogging_core::checks::{self, CheckSpec, Event, Expect, Phase, Problem, ServiceId, Verdict};
use paalogging_core::net::RequestOptions;

use crate::support::{self, Reply, TestCa, Validity};

fn spec(url: String, expect: Expect) -> CheckSpec {
    CheckSpec {
        id: ServiceId::AccountSettings,
        url: Some(url),
        expect,
    }
}

async fn verdict(url: String, expect: Expect, options: &RequestOptions) -> checks::Outcome {
    checks::run_check(&spec(url, expect), options, |_| {}).await
}

fn problem(outcome: &checks::Outcome) -> Option<&Problem> {
    match &outcome.verdict {
        Verdict::Problem(problem) => Some(problem),
        _ => None,
    }
}

#[track_caller]
fn assert_problem(outcome: &checks::Outcome, expected: Problem) {
    assert_eq!(problem(outcome), Some(&expected), "{}", outcome.detail);
}

/// Checks `reply`, served over HTTPS with a certificate from `issuer` (`validity`), as a client
/// that trusts `trusted`'s root.
async fn check_reply(
    issuer: &TestCa,
    validity: Validity,
    trusted: &TestCa,
    reply: Reply,
    expect: Expect,
) -> checks::Outcome {
    let server = support::serve_one(Some(issuer.server_config(validity)), reply).await;
    let options = support::request_options(trusted, Duration::from_secs(5));
    verdict(server.url("accountsettings.test", "/"), expect, &options).await
}

/// As [`check_reply`], with a current certificate from the root the client trusts.
async fn check_trusted(ca: &TestCa, reply: Reply, expect: Expect) -> checks::Outcome {
    check_reply(ca, Validity::Current, ca, reply, expect).await
}

#[tokio::test]
async fn ok_over_trusted_https_with_phases_and_latency() {
    let ca = TestCa::new("Test root");
    let outcome = check_trusted(&ca, Reply::ok("text/html", "<html></html>"), Expect::Page).await;
    assert_eq!(outcome.verdict, Verdict::Ok, "{}", outcome.detail);
    let phases: Vec<Phase> = outcome.phases.iter().map(|(phase, _)| *phase).collect();
    assert_eq!(phases, [Phase::Dns, Phase::Connect, Phase::Http]);
    assert!(outcome.elapsed < Duration::from_secs(5));
}

#[tokio::test]
async fn slow_answer_beyond_the_timeout() {
    let ca = TestCa::new("Test root");
    let reply = Reply::ok("text/html", "<html></html>").delayed(Duration::from_secs(3));
    let server = support::serve_one(Some(ca.server_config(Validity::Current)), reply).await;
    let outcome = verdict(
        server.url("accountsettings.test", "/"),
        Expect::Page,
        &support::request_options(&ca, Duration::from_millis(400)),
    )
    .await;
    assert_problem(&outcome, Problem::Timeout);
}

#[tokio::test]
async fn black_hole_ends_at_its_timeout() {
    let ca = TestCa::new("Test root");
    let hole = support::black_hole().await;
    let url = format!("https://accountsettings.test:{}/", hole.port());
    let timeout = Duration::from_millis(400);
    let outcome = verdict(url, Expect::Page, &support::request_options(&ca, timeout)).await;
    // A hole never answers, so only the timeout can end the check; how soon after it is the
    // benchmark's business (wall times flake on a shared machine).
    assert_problem(&outcome, Problem::Timeout);
    assert!(outcome.elapsed >= timeout, "{:?}", outcome.elapsed);
}

#[tokio::test]
async fn connection_refused() {
    let ca = TestCa::new("Test root");
    let url = format!(
        "https://accountsettings.test:{}/",
        support::closed_port().await
    );
    let outcome = verdict(
        url,
        Expect::Page,
        &support::request_options(&ca, Duration::from_secs(5)),
    )
    .await;
    assert_problem(&outcome, Problem::Refused);
}

#[tokio::test]
async fn host_that_does_not_resolve() {
    let ca = TestCa::new("Test root");
    let outcome = verdict(
        "https://no-such-host.invalid/".to_owned(),
        Expect::Page,
        &support::request_options(&ca, Duration::from_secs(5)),
    )
    .await;
    assert_problem(&outcome, Problem::Dns);
}

#[tokio::test]
async fn untrusted_certificate_points_at_an_intercepting_proxy() {
    let trusted = TestCa::new("Trusted root");
    let proxy_ca = TestCa::new("Corporate proxy root (not installed)");
    let outcome = check_reply(
        &proxy_ca,
        Validity::Current,
        &trusted,
        Reply::ok("text/html", "x"),
        Expect::Page,
    )
    .await;
    assert_problem(&outcome, Problem::TlsUntrusted);
}

/// Expired and not-yet-valid certificates both point at the PC's clock.
#[tokio::test]
async fn certificates_outside_their_dates_point_at_the_clock() {
    let ca = TestCa::new("Test root");
    for validity in [Validity::Expired, Validity::NotYetValid] {
        let outcome = check_reply(
            &ca,
            validity,
            &ca,
            Reply::ok("text/html", "x"),
            Expect::Page,
        )
        .await;
        assert_problem(&outcome, Problem::TlsClock);
    }
}

/// A host whose address no route leads to. Connecting to a multicast address fails at once in
/// the kernel (ENETUNREACH; WSAEADDRNOTAVAIL on Windows) without sending anything, as a PC with
/// no network does.
#[tokio::test]
async fn no_route_means_no_network() {
    let ca = TestCa::new("Test root");
    let table = std::collections::HashMap::from([(
        "accountsettings.test".to_owned(),
        std::net::IpAddr::from([224, 0, 0, 1]),
    )]);
    let options = RequestOptions::with_settings(
        Duration::from_secs(5),
        paalogging_core::net::NetSettings {
            resolver: paalogging_core::net::Resolver::Fixed(std::sync::Arc::new(table)),
            extra_roots_pem: vec![ca.root_pem.clone().into_bytes()],
            proxy: None,
            ..Default::default()
        },
    );
    let outcome = verdict(
        "https://accountsettings.test/".to_owned(),
        Expect::Page,
        &options,
    )
    .await;
    assert_problem(&outcome, Problem::NoNetwork);
}

#[tokio::test]
async fn proxy_that_wants_a_password() {
    let ca = TestCa::new("Test root");
    let proxy = support::serve_one(None, Reply::status(407)).await;
    let options = support::request_options_with(
        &ca,
        Duration::from_secs(5),
        Some(format!("http://127.0.0.1:{}", proxy.port())),
    );
    let outcome = verdict(
        "https://accountsettings.test/".to_owned(),
        Expect::Page,
        &options,
    )
    .await;
    assert_problem(&outcome, Problem::ProxyAuth);
}

#[tokio::test]
async fn service_unavailable() {
    let ca = TestCa::new("Test root");
    let outcome = check_trusted(&ca, Reply::status(503), Expect::Page).await;
    assert_eq!(problem(&outcome), Some(&Problem::Http(503)));
}

#[tokio::test]
async fn html_instead_of_json_and_the_wrong_issuer() {
    let ca = TestCa::new("Test root");
    let expect = Expect::Issuer(checks::CONNECT_ISSUER.to_owned());
    let outcome = check_trusted(
        &ca,
        Reply::ok(
            "text/html",
            "<!DOCTYPE html><html>Logg inn på gjestenettet</html>",
        ),
        expect.clone(),
    )
    .await;
    assert_eq!(
        problem(&outcome),
        Some(&Problem::Unexpected("HTML instead of JSON".into()))
    );

    let outcome = check_trusted(
        &ca,
        Reply::ok(
            "application/json",
            r#"{"issuer":"https://login.proxy.example"}"#,
        ),
        expect,
    )
    .await;
    assert_eq!(
        problem(&outcome),
        Some(&Problem::Unexpected(
            "issuer https://login.proxy.example".into()
        ))
    );
}

#[tokio::test]
async fn statuspage_with_degraded_visma_connect() {
    let ca = TestCa::new("Test root");
    let expect = Expect::StatusComponent(checks::VISMA_CONNECT_COMPONENT.to_owned());
    let outcome = check_trusted(
        &ca,
        Reply::ok("application/json", support::VISMA_STATUS_DEGRADED),
        expect,
    )
    .await;
    assert_eq!(
        problem(&outcome),
        Some(&Problem::Incident(
            "CP - Visma Connect: degraded performance".into()
        ))
    );
}

fn plan_for(server: &support::Server) -> Vec<CheckSpec> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, support::config_for(server, "localhost", false)).expect("write");
    let paths = paalogging_core::config::Paths::under(dir.path());
    let loaded = paalogging_core::config::load(&paths, Some(&path));
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    checks::plan(&loaded.config)
}

#[test]
fn worker_runs_checks_concurrently_and_skips_what_is_not_configured() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let delay = Duration::from_millis(400);
    let server = runtime.block_on(support::serve(Some(ca.server_config(Validity::Current)), {
        let routes = support::healthy_routes();
        std::sync::Arc::new(move |path: &str| routes(path).delayed(delay))
    }));
    let specs = plan_for(&server);
    let mut worker = checks::CheckWorker::spawn(
        runtime.handle(),
        support::request_options(&ca, Duration::from_secs(5)),
        || {},
    );
    let run = worker.run(specs);
    let events = runtime.block_on(async {
        let mut events = Vec::new();
        while let Some(event) = worker.next_event().await {
            let done = matches!(event, Event::AllDone { .. });
            events.push(event);
            if done {
                break;
            }
        }
        events
    });
    let mut results = Vec::new();
    let mut first_finish = None;
    let mut last_start = 0;
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Started { run: r, .. } => {
                assert_eq!(*r, run);
                last_start = index;
            }
            Event::Finished { id, outcome, .. } => {
                first_finish.get_or_insert(index);
                results.push((*id, outcome.verdict.clone()));
            }
            _ => {}
        }
    }
    // All checks start before any finishes: they run at the same time.
    assert!(last_start < first_finish.expect("results"));
    assert_eq!(results.len(), ServiceId::ALL.len());
    for (id, verdict) in &results {
        let expected = if *id == ServiceId::VismaEnterprise {
            Verdict::Skipped
        } else {
            Verdict::Ok
        };
        assert_eq!(verdict, &expected, "{id:?}");
    }
    assert!(
        matches!(events.last(), Some(Event::AllDone { .. })),
        "{events:?}"
    );
}

#[test]
fn cancel_stops_the_checks_in_flight() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let hole = runtime.block_on(support::black_hole());
    let spec = CheckSpec {
        id: ServiceId::Recaptcha,
        url: Some(format!("https://recaptcha.test:{}/", hole.port())),
        expect: Expect::Script,
    };
    // A short timeout and a wait well past it: without the cancel, both checks would finish
    // (as timeouts) while the test waits, so the assertion below sees whether cancel worked.
    let timeout = Duration::from_millis(200);
    let mut worker = checks::CheckWorker::spawn(
        runtime.handle(),
        support::request_options(&ca, timeout),
        || {},
    );
    worker.run(vec![spec.clone(), spec]);
    let after_cancel = runtime.block_on(async {
        // Wait until the checks are under way, then cancel.
        while let Some(event) = worker.next_event().await {
            if matches!(event, Event::Progress { .. }) {
                break;
            }
        }
        worker.cancel();
        tokio::time::sleep(timeout * 5).await;
        worker.try_events()
    });
    assert!(
        after_cancel
            .iter()
            .all(|e| !matches!(e, Event::Finished { .. } | Event::AllDone { .. })),
        "{after_cancel:?}"
    );
}

/// A check must not follow a redirect off https (a captive portal's `http://` login page): it
/// is reported as something other than the service answering.
#[tokio::test]
async fn redirect_from_https_to_http_is_not_followed() {
    let ca = TestCa::new("Test root");
    let plain = support::serve_one(None, Reply::ok("text/html", "<html>Logg inn</html>")).await;
    let target = format!("http://accountsettings.test:{}/login", plain.port());
    let outcome = check_trusted(&ca, Reply::Redirect(target.clone()), Expect::Page).await;
    assert_eq!(
        problem(&outcome),
        Some(&Problem::Unexpected(format!("redirect to {target}").into())),
        "{}",
        outcome.detail
    );
}

/// Two full runs share the run's one client (root certificates loaded once), yet every check
/// opens its own connection: each one resolves and connects again.
#[test]
fn one_client_per_run_and_a_fresh_connection_per_check() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let server = runtime.block_on(support::serve(
        Some(ca.server_config(Validity::Current)),
        support::healthy_routes(),
    ));
    let options = support::request_options(&ca, Duration::from_secs(5));
    assert_eq!(
        options.net.clients_built(),
        0,
        "nothing is built before use"
    );
    let mut worker = checks::CheckWorker::spawn(runtime.handle(), options.clone(), || {});
    for _ in 0..2 {
        let run = worker.run(plan_for(&server));
        let finished = runtime.block_on(async {
            let mut finished = Vec::new();
            while let Some(event) = worker.next_event().await {
                match event {
                    Event::Finished {
                        run: r, outcome, ..
                    } if r == run => finished.push(outcome),
                    Event::AllDone { run: r, .. } if r == run => break,
                    _ => {}
                }
            }
            finished
        });
        let checked: Vec<_> = finished
            .iter()
            .filter(|outcome| outcome.verdict != Verdict::Skipped)
            .collect();
        // Every service with an address of its own (Visma Enterprise is not configured).
        let endpoints = ServiceId::ALL
            .iter()
            .filter(|id| id.endpoint_key().is_some());
        assert_eq!(checked.len(), endpoints.count());
        for outcome in checked {
            assert_eq!(outcome.verdict, Verdict::Ok, "{}", outcome.detail);
            let phases: Vec<Phase> = outcome.phases.iter().map(|(phase, _)| *phase).collect();
            assert_eq!(phases, [Phase::Dns, Phase::Connect, Phase::Http]);
        }
    }
    assert_eq!(options.net.clients_built(), 1);
}

/// The employee's sentence for `outcome`, in bokmål, as the window and `--check` say it.
fn sentence(outcome: &checks::Outcome) -> String {
    let text =
        paalogging_core::i18n::UiText::load(paalogging_core::i18n::Language::Nb).expect("nb");
    let problem = problem(outcome).expect("a problem");
    let spec = spec("https://accountsettings.test/".to_owned(), Expect::Page);
    checks::explain(&spec, problem, &text, "brukerstøtten", 5)
}

/// A problem's sentence is plain words: the technical chain is for IT (`detail`) only.
#[track_caller]
fn assert_plain_sentence(outcome: &checks::Outcome, expected: &str) {
    let sentence = sentence(outcome);
    assert!(
        sentence.contains(expected),
        "{sentence:?}, detail {}",
        outcome.detail
    );
    for technical in [
        "error sending request",
        "hyper",
        "tls handshake",
        "client error",
        "Connect",
    ] {
        assert!(!sentence.contains(technical), "{sentence:?}");
    }
    assert!(!outcome.detail.as_str().is_empty());
}

/// Checks `server` for a page, trusting `ca`'s root.
async fn check_at(ca: &TestCa, server: &support::Server) -> checks::Outcome {
    let options = support::request_options(ca, Duration::from_secs(5));
    verdict(
        server.url("accountsettings.test", "/"),
        Expect::Page,
        &options,
    )
    .await
}

/// Checks a trusted HTTPS server that answers every request with `bytes`, as they are.
async fn check_raw(ca: &TestCa, bytes: Vec<u8>) -> checks::Outcome {
    let handler: support::Handler = std::sync::Arc::new(move |_| (bytes.clone(), Duration::ZERO));
    let server = support::serve_raw(Some(ca.server_config(Validity::Current)), handler).await;
    check_at(ca, &server).await
}

/// A server that lets the connection through and closes it: before the TLS handshake, after
/// it without a word, and in the middle of its answer.
#[tokio::test]
async fn connection_closed_right_after_connecting() {
    let ca = TestCa::new("Test root");
    let options = support::request_options(&ca, Duration::from_secs(5));
    let before_tls = support::hang_up().await;
    let url = format!("https://accountsettings.test:{}/", before_tls.port());
    let outcome = verdict(url, Expect::Page, &options).await;
    assert_problem(&outcome, Problem::Closed);
    assert_plain_sentence(&outcome, "lukket tilkoblingen");

    let outcome = check_raw(&ca, Vec::new()).await;
    assert_problem(&outcome, Problem::Closed);

    let cut_short = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<html>".to_vec();
    let outcome = check_raw(&ca, cut_short).await;
    assert_problem(&outcome, Problem::Closed);
}

/// A TLS session, then bytes that are no HTTP answer; and plain HTTP where TLS should be.
#[tokio::test]
async fn garbage_after_the_tls_handshake() {
    let ca = TestCa::new("Test root");
    let outcome = check_raw(&ca, b"\x16\x03\x01garbage\x00\xff\r\n\r\n".to_vec()).await;
    assert_problem(&outcome, Problem::NotHttp);
    assert_plain_sentence(&outcome, "ikke et nettsvar");

    let plain =
        support::talks_first(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n").await;
    let url = format!("https://accountsettings.test:{}/", plain.port());
    let options = support::request_options(&ca, Duration::from_secs(5));
    let outcome = verdict(url, Expect::Page, &options).await;
    assert_problem(&outcome, Problem::NotHttp);
}

/// An answer whose head (status line and headers) is larger than any real one.
#[tokio::test]
async fn oversized_response_head() {
    let ca = TestCa::new("Test root");
    let header = format!("X-Filler: {}\r\n", "a".repeat(8 * 1024));
    let head = format!("HTTP/1.1 200 OK\r\n{}\r\n", header.repeat(128));
    let outcome = check_raw(&ca, head.into_bytes()).await;
    assert_problem(&outcome, Problem::HeadTooLarge);
    assert_plain_sentence(&outcome, "for stort");
}

/// A trusted certificate made for another host: installing a root would not help, so the
/// advice must not be the proxy's root.
#[tokio::test]
async fn certificate_for_another_host() {
    let ca = TestCa::new("Test root");
    let tls = ca.server_config_for(&["other.example"], Validity::Current);
    let server = support::serve_one(Some(tls), Reply::ok("text/html", "<html></html>")).await;
    let outcome = check_at(&ca, &server).await;
    assert_problem(&outcome, Problem::TlsWrongHost);
    assert_plain_sentence(&outcome, "laget for en annen adresse");
    assert!(
        !sentence(&outcome).contains("rotsertifikat"),
        "{}",
        sentence(&outcome)
    );
}

/// A server that sends the check on to itself, again and again; and one that sends it on to
/// ever new addresses.
#[tokio::test]
async fn redirect_loop() {
    let ca = TestCa::new("Test root");
    let outcome = check_trusted(&ca, Reply::Redirect("/again".to_owned()), Expect::Page).await;
    assert_problem(&outcome, Problem::RedirectLoop);
    assert_plain_sentence(&outcome, "videre i ring");

    let onwards: support::Route = std::sync::Arc::new(|path: &str| {
        let hop: u32 = path.trim_start_matches('/').parse().unwrap_or(0);
        Reply::Redirect(format!("/{}", hop + 1))
    });
    let server = support::serve(Some(ca.server_config(Validity::Current)), onwards).await;
    let outcome = check_at(&ca, &server).await;
    assert_problem(&outcome, Problem::RedirectLoop);
    assert!(
        outcome.detail.as_str().contains("more than 10 redirects"),
        "{}",
        outcome.detail
    );
}

/// A large vendor's genuine summary (10 000 components with every field, 3.3 MB) is read
/// whole and judged, both ways.
#[tokio::test]
async fn a_large_genuine_status_page_is_judged_whole() {
    let ca = TestCa::new("Test root");
    let component = Expect::StatusComponent(checks::VISMA_CONNECT_COMPONENT.to_owned());
    let summary = support::large_status_summary(10_000, "operational", Vec::new());
    assert!(summary.len() > 3_000_000, "{} bytes", summary.len());
    let outcome = check_trusted(
        &ca,
        Reply::ok("application/json", &summary),
        component.clone(),
    )
    .await;
    assert_eq!(outcome.verdict, Verdict::Ok, "{}", outcome.detail);

    let degraded = support::large_status_summary(10_000, "partial_outage", Vec::new());
    let outcome = check_trusted(&ca, Reply::ok("application/json", &degraded), component).await;
    assert_problem(
        &outcome,
        Problem::Incident("CP - Visma Connect: partial outage".into()),
    );

    let incident = serde_json::json!({
        "name": "Treg innlogging i Visma Connect", "status": "identified", "components": [],
    });
    let open = support::large_status_summary(10_000, "operational", vec![incident]);
    let no_incident = Expect::NoIncident("Visma Connect".to_owned());
    let outcome = check_trusted(&ca, Reply::ok("application/json", &open), no_incident).await;
    assert_problem(
        &outcome,
        Problem::Incident("Treg innlogging i Visma Connect (identified)".into()),
    );
}

/// A summary beyond what the check reads is said to be too large, never a captive portal.
#[tokio::test]
async fn a_status_page_beyond_the_limit_is_too_large_to_judge() {
    let ca = TestCa::new("Test root");
    let summary = support::large_status_summary(30_000, "operational", Vec::new());
    assert!(summary.len() > 8 * 1024 * 1024, "{} bytes", summary.len());
    let expect = Expect::StatusComponent(checks::VISMA_CONNECT_COMPONENT.to_owned());
    let outcome = check_trusted(&ca, Reply::ok("application/json", &summary), expect).await;
    assert_problem(&outcome, Problem::BodyTooLarge(8 * 1024 * 1024));
    assert_plain_sentence(&outcome, "for stort til å sjekkes (over 8 MB)");
    assert!(
        !sentence(&outcome).contains("påloggingsside"),
        "{}",
        sentence(&outcome)
    );
    assert!(
        outcome.detail.as_str().contains("cut off"),
        "{}",
        outcome.detail
    );
}

/// A discovery document over 1 MiB is judged by an issuer at its start; without one there, it
/// is too large to judge.
#[tokio::test]
async fn a_long_discovery_document_is_judged_by_the_issuer_at_its_start() {
    let ca = TestCa::new("Test root");
    let expect = Expect::Issuer(checks::CONNECT_ISSUER.to_owned());
    let padding = "x".repeat(2 * 1024 * 1024);
    let first = format!(
        r#"{{"issuer":"{}","padding":"{padding}"}}"#,
        checks::CONNECT_ISSUER
    );
    let outcome = check_trusted(&ca, Reply::ok("application/json", &first), expect.clone()).await;
    assert_eq!(outcome.verdict, Verdict::Ok, "{}", outcome.detail);

    let last = format!(
        r#"{{"padding":"{padding}","issuer":"{}"}}"#,
        checks::CONNECT_ISSUER
    );
    let outcome = check_trusted(&ca, Reply::ok("application/json", &last), expect).await;
    assert_problem(&outcome, Problem::BodyTooLarge(1024 * 1024));
}
