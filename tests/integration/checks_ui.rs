//! The checks panel in the window, with the worker pointed at loopback servers.

use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use paalogging::app::App;
use paalogging::config::{self, Paths};
use paalogging::i18n::Language;
use paalogging::startup::{ChecksSetup, Startup};
use paalogging::test_support::step_until;

use crate::support::{self, Reply, TestCa, Validity};

/// Scrolls a widget into view, then clicks it, as a person would.
fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label_contains(label).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(label).click();
    harness.run();
}

#[test]
fn start_page_panel_shows_live_results_details_and_rerun() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let portal = Reply::ok("text/html", "<html>Logg inn på gjestenettet</html>");
    let routes = support::healthy_routes_except("/recaptcha/api.js", portal);
    let server = runtime.block_on(support::serve(
        Some(ca.server_config(Validity::Current)),
        // Slow enough that the panel is seen while the checks run.
        std::sync::Arc::new(move |path: &str| routes(path).delayed(Duration::from_millis(150))),
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
    let setup = ChecksSetup {
        runtime: runtime.handle().clone(),
        options: support::check_options(&ca, Duration::from_secs(5)),
    };
    let mut harness = Harness::builder()
        .with_size([900.0, 900.0])
        .with_max_steps(64)
        .build_eframe(move |cc| App::new(cc, startup, Some(setup)).expect("app"));
    // The checks start after the first frame (how many frames that takes depends on the
    // machine's load); the frame that starts them shows them running.
    step_until(&mut harness, "the checks to start", |h| {
        h.state().state().checks.is_started()
    });
    // While the checks run, the panel says so and each row says «sjekker…».
    harness.get_by_label("Sjekker tilkoblingen…");
    assert!(harness.query_all_by_label_contains("sjekker…").count() >= 1);

    step_until(&mut harness, "all checks", |h| {
        h.state().state().checks.is_done()
    });
    harness.run();
    harness.get_by_label("Vi fant problemer med tilkoblingen. Du kan prøve likevel.");
    harness.get_by_label_contains("Vismas side for kontoinnstillinger: ✔ i orden (");
    harness.get_by_label_contains("Visma Enterprise: – ikke sjekket");
    let row =
        "reCAPTCHA («Jeg er ikke en robot»): ❌ Vi fikk et annet svar enn ventet fra localhost";
    harness.get_by_label_contains(row);
    // Details on click: the whole explanation and the technical detail.
    click(&mut harness, row);
    harness.get_by_label_contains("Åpne nettleseren og se om du må logge inn på nettverket.");
    harness.get_by_label_contains("/recaptcha/api.js");

    // «Sjekk på nytt» starts a new run; the panel is live again, then done again.
    harness.get_by_label("Sjekk på nytt").scroll_to_me();
    harness.run();
    harness.get_by_label("Sjekk på nytt").click();
    harness.step();
    harness.step();
    assert!(!harness.state().state().checks.is_done());
    harness.get_by_label("Sjekker tilkoblingen…");
    step_until(&mut harness, "the second run", |h| {
        h.state().state().checks.is_done()
    });
    harness.run();

    // Steps that depend on a service show its status inline, as a warning that never blocks.
    click(&mut harness, "Ja, jeg får den meldingen");
    harness.get_by_label_contains("Status for Vismas side for kontoinnstillinger: ✔ i orden");
    assert!(
        !harness
            .state()
            .state()
            .wizard
            .blockers()
            .iter()
            .any(|b| !matches!(b, paalogging::wizard::Blocker::NoNext))
    );
}
