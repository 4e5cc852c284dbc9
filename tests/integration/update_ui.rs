//! The window and a signed guide update: an update that arrives while the user is on the start
//! page is used at once, and the next start uses the verified cached copy before any network.
//! (What is accepted and refused is tested without a window, in core/tests/integration/update.rs.)

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use egui_kittest::Harness;
use paalogging::app::App;
use paalogging_core::config::Paths;
use paalogging_core::i18n::Language;
use paalogging_core::signing::SecretKey;
use paalogging_core::startup::{Background, Startup};
use paalogging_core::update::{self, Acceptance, PublishInput};

use crate::support::{self, TestCa, Validity};

/// A valid update whose bokmål start page has a recognisable title.
fn artefact(serial: u64, signer: &SecretKey) -> Vec<u8> {
    let guides = Language::ALL
        .iter()
        .map(|&language| {
            let (_, source) = paalogging_core::guide::embedded_source(language);
            let source = match language {
                Language::Nb => {
                    source.replacen("name = ", &format!("name = \"Oppdatering {serial}\"\n#"), 1)
                }
                _ => source.to_owned(),
            };
            (language.code().to_owned(), source)
        })
        .collect();
    let input = PublishInput {
        serial,
        guides,
        illustrations: Vec::new(),
        expires: None,
    };
    update::build_artefact(&input, signer, &Acceptance::new(&[], 0))
        .expect("a valid artefact")
        .0
}

/// The whole HTTP answer carrying `body`.
fn http_ok(body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

#[test]
fn the_window_uses_an_update_on_the_start_page_and_the_cache_next_time() {
    // Above the embedded guide's serial, which the app's own configuration makes the floor.
    let serial = update::EMBEDDED_GUIDE_SERIAL + 7;
    let signer = SecretKey::generate().expect("key");
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let answer = http_ok(&artefact(serial, &signer));
    let server = runtime.block_on(support::serve_raw(
        Some(ca.server_config(Validity::Current)),
        Arc::new(move |_head: &str| (answer.clone(), Duration::ZERO)),
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let machine = dir.path().join("machine");
    std::fs::create_dir_all(&machine).expect("mkdir");
    // Every check endpoint on a closed loopback port: no test reaches the internet.
    let closed = "https://localhost:1/";
    std::fs::write(
        machine.join("config.toml"),
        format!(
            "[update]\nurl = \"{}\"\npublic_key = \"{}\"\n[checks]\n{}",
            server.url("enterprise.test", "/guide-update.json"),
            signer.public_key(),
            support::endpoint_lines(|_| closed.to_owned()),
        ),
    )
    .expect("write");
    let startup = |dir: &Path| {
        let mut startup = Startup::load(Paths::under(dir), None);
        startup.language = Language::Nb;
        startup
    };
    let first = startup(dir.path());
    assert!(first.loaded.errors.is_empty(), "{:?}", first.loaded.errors);
    assert!(first.update.is_none(), "nothing cached yet");
    let background = Background {
        runtime: runtime.handle().clone(),
        requests: support::request_options(&ca, Duration::from_secs(5)),
    };
    let mut harness = Harness::builder()
        .with_max_steps(64)
        .build_eframe(move |cc| App::new(cc, first, Some(background)).expect("app"));
    paalogging::test_support::step_until(&mut harness, "the update", |h| {
        h.state().state().update.is_some()
    });
    assert_eq!(
        harness.state().state().wizard.guide().name,
        format!("Oppdatering {serial}")
    );
    drop(harness);

    let second = startup(dir.path());
    assert_eq!(
        second.update.as_ref().map(|bundle| bundle.serial),
        Some(serial)
    );
    drop(server);
}
