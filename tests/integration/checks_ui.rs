//! The checks panel in the window, with the worker pointed at loopback servers.

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use paalogging::app::App;
use paalogging::test_support::step_until;
use paalogging_core::config::{self, Paths};
use paalogging_core::i18n::Language;
use paalogging_core::startup::{Background, Startup};

use paalogging_core::checks;

use crate::support::{self, Reply, TestCa, Validity};

fn type_email(harness: &mut Harness<'_, App>, text: &str) {
    let field = harness.get_by_label("E-postadressen du ikke bruker på jobben");
    field.focus();
    field.type_text(text);
    harness.run();
}

/// Scrolls a widget into view, then clicks it, as a person would.
fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label_contains(label).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(label).click();
    harness.run();
}

/// The app with its checks pointed at a loopback HTTPS server answering with `routes`, kept
/// alive with the runtime and the folder as long as the harness.
struct Window {
    harness: Harness<'static, App>,
    _server: support::Server,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

fn window_against(routes: support::Route) -> Window {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let server = runtime.block_on(support::serve(
        Some(ca.server_config(Validity::Current)),
        routes,
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let config_path = dir.path().join("cli.toml");
    std::fs::write(
        &config_path,
        support::config_for(&server, "localhost", false),
    )
    .expect("write");
    let paths = Paths::under(dir.path());
    let startup = Startup {
        loaded: config::load(&paths, Some(&config_path)),
        paths,
        language: Language::Nb,
        settings: Default::default(),
        update: None,
    };
    let background = Background {
        runtime: runtime.handle().clone(),
        requests: support::request_options(&ca, Duration::from_secs(5)),
    };
    let harness = Harness::builder()
        .with_size([900.0, 900.0])
        .with_max_steps(64)
        .build_eframe(move |cc| App::new(cc, startup, Some(background)).expect("app"));
    Window {
        harness,
        _server: server,
        _dir: dir,
        _runtime: runtime,
    }
}

#[test]
fn start_page_panel_shows_live_results_details_and_rerun() {
    let portal = Reply::ok("text/html", "<html>Logg inn på gjestenettet</html>");
    let routes = support::healthy_routes_except("/recaptcha/api.js", portal);
    // Slow enough that the panel is seen while the checks run.
    let mut window = window_against(std::sync::Arc::new(move |path: &str| {
        routes(path).delayed(Duration::from_millis(150))
    }));
    let harness = &mut window.harness;
    // The checks start after the first frame (how many frames that takes depends on the
    // machine's load); the frame that starts them shows them running.
    step_until(harness, "the checks to start", |h| {
        h.state().state().checks.is_started()
    });
    // While the checks run, one neutral line says so.
    harness.get_by_label("… Sjekker tilkoblingen…");

    step_until(harness, "all checks", |h| {
        h.state().state().checks.is_done()
    });
    harness.run();
    // The first screen says what it means and what to do, without host names or error classes.
    harness.get_by_label("⚠ Noe kan stoppe deg underveis");
    harness.get_by_label_contains(
        "Denne PC-en kommer ikke fram til reCAPTCHA («Jeg er ikke en robot»). Det er ikke noe du har gjort feil.",
    );
    assert!(harness.query_by_label_contains("localhost").is_none());
    assert!(
        harness
            .query_by_label_contains("unexpected_content")
            .is_none()
    );
    // The details for IT: every check, the host, the class and what was seen.
    click(harness, "Detaljer for IT");
    harness.get_by_label_contains("Vismas side for kontoinnstillinger: i orden (");
    harness.get_by_label("Visma Enterprise: ikke sjekket");
    harness.get_by_label("reCAPTCHA («Jeg er ikke en robot»): unexpected_content");
    harness.get_by_label_contains("Vi fikk et annet svar enn ventet fra localhost");
    harness.get_by_label_contains("Åpne nettleseren og se om du må logge inn på nettverket.");
    harness.get_by_label_contains("/recaptcha/api.js");

    // «Sjekk på nytt» starts a new run; the panel is live again, then done again.
    harness.get_by_label("Sjekk på nytt").scroll_to_me();
    harness.run();
    harness.get_by_label("Sjekk på nytt").click();
    harness.step();
    harness.step();
    assert!(!harness.state().state().checks.is_done());
    harness.get_by_label("… Sjekker tilkoblingen…");
    step_until(harness, "the second run", |h| {
        h.state().state().checks.is_done()
    });
    harness.run();

    // A step whose service is fine shows no status at all; the one whose service failed says
    // so in plain words, as a warning that never blocks.
    click(harness, "Ja, jeg får den meldingen");
    assert!(harness.query_by_label_contains("⚠").is_none());
    for _ in 0..3 {
        if harness
            .query_by_label("E-postadressen du ikke bruker på jobben")
            .is_some()
        {
            type_email(harness, "ola.nordmann@gmail.com");
        }
        harness.get_by_role_and_label(Role::Button, "Neste").click();
        harness.run();
    }
    harness.get_by_label_contains("⚠ Denne PC-en kommer ikke fram til reCAPTCHA");
    assert!(
        !harness
            .state()
            .state()
            .wizard
            .blockers()
            .iter()
            // Only the step's own tick holds Next back, never the failed check.
            .any(|b| !matches!(
                b,
                paalogging_core::wizard::Blocker::NoNext
                    | paalogging_core::wizard::Blocker::Confirm { .. }
            ))
    );
}

/// A hostile server's controls reach neither the state the panel reads (explanations and
/// details) nor the window's text; what the text says is still shown.
#[test]
fn server_text_reaches_the_window_without_its_controls() {
    use paalogging_core::checks::{CheckState, Verdict};
    use paalogging_core::safe_text::one_line;
    use support::control_in;

    let mut window = window_against(support::hostile_routes());
    let harness = &mut window.harness;
    step_until(harness, "all checks", |h| {
        h.state().state().checks.is_done()
    });
    harness.run();
    let state = harness.state().state();
    let mut problems = 0;
    for (spec, check) in &state.checks.entries {
        let CheckState::Done(outcome) = check else {
            panic!("{spec:?} not done");
        };
        assert_eq!(control_in(outcome.detail.as_str()), None, "{outcome:?}");
        if let Verdict::Problem(problem) = &outcome.verdict {
            problems += 1;
            let explanation = checks::explain(spec, problem, &state.text, "brukerstøtten", 5);
            assert_eq!(control_in(&explanation), None, "{explanation:?}");
        }
    }
    assert_eq!(problems, 4, "both issuers and both status pages");
    // The rows as the window shows them (and a screen reader reads them), in the details for
    // IT: the texts are there, and no label anywhere in the window carries a control.
    click(harness, "Detaljer for IT");
    harness.get_by_label_contains(&one_line(&support::with_controls("https://evil.example")));
    harness.get_by_label_contains(&one_line(&format!(
        "ID-porten {}er nede",
        support::CONTROLS
    )));
    let labels: Vec<String> = harness
        .root()
        .children_recursive()
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert!(labels.len() > 10, "{labels:?}");
    let offending: Vec<&String> = labels.iter().filter(|l| control_in(l).is_some()).collect();
    assert!(offending.is_empty(), "{offending:?}");
}
