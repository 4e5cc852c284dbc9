//! The window driven as a person would: through the accessibility tree, by labels.

use std::path::Path;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use super::App;
use crate::test_support::step_until;
use crate::view_model::PrimaryButton;
use paalogging_core::config::{self, Paths};
use paalogging_core::guide::{self, PageId};
use paalogging_core::i18n::Language;
use paalogging_core::startup::Startup;

pub(crate) fn startup(dir: &Path) -> Startup {
    let paths = Paths::under(dir);
    Startup {
        loaded: config::load(&paths, None),
        paths,
        language: Language::Nb,
        settings: Default::default(),
        update: None,
    }
}

pub(crate) fn harness_with(startup: Startup) -> Harness<'static, App> {
    Harness::builder()
        .with_size([900.0, 700.0])
        .with_max_steps(32)
        .build_eframe(move |cc| App::new(cc, startup, None).expect("the app starts"))
}

fn open(dir: &Path) -> Harness<'static, App> {
    let mut harness = harness_with(startup(dir));
    harness.run();
    harness
}

pub(crate) fn title(id: &str) -> String {
    let guide = guide::embedded(Language::Nb).expect("guide");
    guide.page(&PageId(id.into())).expect("page").title.clone()
}

fn assert_heading(harness: &Harness<'_, App>, text: &str) {
    harness.get_by_role_and_label(Role::Heading, text);
}

/// Scrolls the widget into view first, as a person would, then clicks it.
pub(crate) fn click(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// Clicks and runs a single frame, so that frame's output can be inspected.
fn click_and_step(harness: &mut Harness<'_, App>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.step();
}

/// The label of step 2's e-mail field.
pub(crate) const EMAIL_FIELD: &str = "E-postadressen du ikke bruker på jobben";

pub(crate) fn type_email(harness: &mut Harness<'_, App>, text: &str) {
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    field.focus();
    field.type_text(text);
    harness.run();
}

/// Fills in what a numbered step requires before Next: the address (step 2), the mail
/// (step 4), the closed browser (step 11).
pub(crate) fn fill_required(harness: &mut Harness<'_, App>, id: &str, email: &str) {
    match id {
        "enter-wrong-email" => type_email(harness, email),
        "reset-password" => click(harness, "Jeg har fått e-posten og trykket på lenken"),
        "link-removed" => click(harness, "Jeg har lukket alle nettleservinduene"),
        _ => {}
    }
}

/// The page after step 11: the work address, then «Kom du inn?» yes, to the finish page.
pub(crate) fn log_in_again(harness: &mut Harness<'_, App>) {
    harness.get_by_role_and_label(Role::Heading, &title("log-in-again"));
    let field = harness.get_by_role_and_label(Role::TextInput, WORK_FIELD);
    field.focus();
    field.type_text("kari.nordmann@askoy.kommune.no");
    harness.run();
    click(harness, "Ja, jeg kom inn");
}

/// The label of the work-address field after step 11.
pub(crate) const WORK_FIELD: &str = "Jobbadressen din";

fn clear_email(harness: &mut Harness<'_, App>) {
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    field.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
}

fn next_is_enabled(harness: &Harness<'_, App>) -> bool {
    !harness
        .get_by_role_and_label(Role::Button, "Neste")
        .accesskit_node()
        .is_disabled()
}

/// The guide's numbered steps in order (the loader's test checks them against the seed).
pub(crate) fn step_ids() -> Vec<String> {
    let guide = guide::embedded(Language::Nb).expect("guide");
    guide.steps.iter().map(|id| id.to_string()).collect()
}

#[test]
fn walks_from_start_through_all_eleven_steps_to_finish_and_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
    harness.get_by_label_contains("Får du meldingen «En intern feil har oppstått»");
    click(&mut harness, "Ja, jeg får den meldingen");

    for (index, id) in step_ids().iter().enumerate() {
        let n = index + 1;
        assert_heading(&harness, &title(id));
        harness.get_by_label(&format!("Steg {n} av 11"));
        match id.as_str() {
            "enter-wrong-email" => {
                assert!(!next_is_enabled(&harness), "Next waits for the e-mail");
                type_email(&mut harness, "ola.nordmann@gmail.com");
            }
            "reset-password" => {
                assert!(
                    !next_is_enabled(&harness),
                    "Next waits for the confirmation"
                );
                harness.get_by_label_contains("do.not.reply@mail.connect.visma.com");
                click(&mut harness, "Jeg har fått e-posten og trykket på lenken");
            }
            "forgot-password" | "log-in-enterprise" => {
                // The e-mail typed in step 2 is shown with a copy button.
                harness.get_by_label("ola.nordmann@gmail.com");
                harness.get_by_label("Kopier E-postadressen du bruker i veiledningen:");
            }
            "link-removed" => {
                assert!(
                    !next_is_enabled(&harness),
                    "Next waits for the closed browser"
                );
                click(&mut harness, "Jeg har lukket alle nettleservinduene");
            }
            _ => {}
        }
        assert!(next_is_enabled(&harness), "step {n}");
        click(&mut harness, "Neste");
    }
    // The page after step 11 is not numbered: steps 1–11 stay those of the kommune's guide.
    assert!(harness.query_by_label_contains("Steg ").is_none());
    log_in_again(&mut harness);
    assert_heading(&harness, "Ferdig!");
    harness.get_by_label_contains("@askoy.kommune.no");
    assert!(harness.query_by_label("Neste").is_none());
    assert!(harness.state().state().wizard.is_finished());

    // Back retraces the steps, and the answers are still there.
    click(&mut harness, "Tilbake");
    assert_heading(&harness, &title("log-in-again"));
    for id in step_ids().iter().rev() {
        click(&mut harness, "Tilbake");
        assert_heading(&harness, &title(id));
        if id == "reset-password" {
            let tick = harness.get_by_label("Jeg har fått e-posten og trykket på lenken");
            assert_eq!(
                tick.accesskit_node().toggled(),
                Some(egui::accesskit::Toggled::True)
            );
        }
    }
    click(&mut harness, "Neste");
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    assert_eq!(field.value().as_deref(), Some("ola.nordmann@gmail.com"));
}

#[test]
fn no_on_the_start_page_leads_to_other_help() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    click(&mut harness, "Nei, jeg har et annet problem");
    assert_heading(&harness, "Annen hjelp");
    harness.get_by_label("Åpne siden med videoen");
    harness.get_by_label("Kontakt IT-brukerstøtten i kommunen");
    assert!(harness.query_by_label_contains("Steg ").is_none());
    click(&mut harness, "Tilbake");
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
}

#[test]
fn no_mail_arrived_branch_and_back_to_step_four() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    click(&mut harness, "Neste");
    type_email(&mut harness, "ola@online.no");
    click(&mut harness, "Neste");
    click(&mut harness, "Neste");
    assert_heading(&harness, &title("reset-password"));
    click(&mut harness, "Jeg har ikke fått e-posten");
    assert_heading(&harness, "Har du ikke fått e-posten?");
    // The address is repeated so the user can spot a typo; the helpdesk is named.
    harness.get_by_label_contains("Sjekk at adressen er skrevet riktig: ola@online.no.");
    harness.get_by_label_contains("Kontakt IT-brukerstøtten i kommunen, så hjelper de deg.");
    click(&mut harness, "Jeg fant e-posten");
    assert_heading(&harness, &title("reset-password"));
    harness.get_by_label("Steg 4 av 11");
    // An expired link: ask for a new e-mail from step 3.
    click(&mut harness, "Jeg har ikke fått e-posten");
    harness.get_by_label_contains("Har lenken i e-posten gått ut");
    click(&mut harness, "Be om en ny e-post (steg 3)");
    assert_heading(&harness, &title("forgot-password"));
    harness.get_by_label("Steg 3 av 11");
}

#[test]
fn email_field_validates_classifies_and_suggests() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    click(&mut harness, "Neste");

    type_email(&mut harness, "ola.nordmann");
    harness.get_by_label_contains("Adressen mangler @");
    assert!(!next_is_enabled(&harness));

    // Domain buttons put "@domain" after what was typed (no AltGr needed).
    click(&mut harness, "Sett inn @gmail.com");
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    assert_eq!(field.value().as_deref(), Some("ola.nordmann@gmail.com"));
    harness.get_by_label_contains("Dette er en privat e-postadresse (gmail.com)");
    assert!(next_is_enabled(&harness));

    // No button for the kommune's own domain: it is almost never the wrong address.
    assert!(
        harness
            .query_by_label("Sett inn @askoy.kommune.no")
            .is_none()
    );
    clear_email(&mut harness);
    type_email(&mut harness, "kari@askoy.kommune.no");
    harness.get_by_label_contains("Dette er jobbadressen din i Askøy kommune");
    harness.get_by_label_contains("Er du sikker på at det er jobbadressen som er feil?");
    assert!(
        !next_is_enabled(&harness),
        "a work address is confirmed first"
    );
    click(&mut harness, "Ja, det er jobbadressen som er feil");
    assert!(next_is_enabled(&harness));

    // ø typed in the kommune's domain: the ASCII form is suggested.
    clear_email(&mut harness);
    type_email(&mut harness, "kari@askøy.kommune.no");
    harness.get_by_label("Mente du askoy.kommune.no?");
    assert!(
        harness
            .query_by_label_contains("Vi kjenner ikke til")
            .is_none()
    );

    clear_email(&mut harness);
    type_email(&mut harness, "ola@gmial.com");
    harness.get_by_label("Mente du gmail.com?");
    // The suggestion stands instead of «we do not know gmial.com», not beside it.
    assert!(
        harness
            .query_by_label_contains("Vi kjenner ikke til")
            .is_none()
    );
    click(&mut harness, "Ja, bruk gmail.com");
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    assert_eq!(field.value().as_deref(), Some("ola@gmail.com"));
    assert!(harness.query_by_label("Mente du gmail.com?").is_none());

    clear_email(&mut harness);
    type_email(&mut harness, "ola@uib.no");
    harness.get_by_label_contains("adresse fra skole eller studiested (uib.no)");

    // A real provider is never "corrected" to another one.
    clear_email(&mut harness);
    type_email(&mut harness, "ola@gmx.com");
    harness.get_by_label_contains("Dette er en privat e-postadresse (gmx.com)");
    assert!(harness.query_by_label_contains("Mente du").is_none());

    clear_email(&mut harness);
    type_email(&mut harness, "ola@firma.no");
    harness.get_by_label_contains("Vi kjenner ikke til firma.no");
}

#[test]
fn enter_activates_next_only_when_allowed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    // The start page has no Next: Enter does nothing there.
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
    click(&mut harness, "Ja, jeg får den meldingen");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_heading(&harness, &title("enter-wrong-email"));
    // Enter in the e-mail field: blocked while the address is incomplete, Next once it is valid.
    type_email(&mut harness, "ola@gmail");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_heading(&harness, &title("enter-wrong-email"));
    type_email(&mut harness, ".com");
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert_heading(&harness, &title("forgot-password"));
}

#[test]
fn open_and_copy_actions_confirm_what_they_did() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    click_and_step(&mut harness, "Åpne accountsettings.connect.visma.com");
    let opened: Vec<String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(opened, ["https://accountsettings.connect.visma.com"]);
    harness.run();
    harness.get_by_label("Åpnet i nettleseren.");

    click(&mut harness, "Neste");
    type_email(&mut harness, "ola@gmail.com");
    click_and_step(&mut harness, "Kopier e-postadressen");
    let copied = harness
        .output()
        .platform_output
        .commands
        .iter()
        .any(|command| command == &egui::OutputCommand::CopyText("ola@gmail.com".into()));
    assert!(copied);
    harness.run();
    harness.get_by_label("✔ Kopiert.");
}

/// Step 7 without a Visma Enterprise address, with one from a user's own file (not trusted, so
/// not opened) and with one from the machine-wide file: only the last shows the link's button,
/// and that is then the page's primary button; otherwise the fallback shows and Next is the
/// primary one, for the bar and the page alike (the bar once checked only that the link filled).
#[test]
fn step_seven_without_an_untrusted_and_a_configured_enterprise_url() {
    for (file, url, shown) in [
        (None, "", false),
        (
            Some("user"),
            "https://visma.elsewhere.example/enterprise/",
            false,
        ),
        (
            Some("machine"),
            "https://vismahoyanger.sysikt.no/enterprise/",
            true,
        ),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        if let Some(file) = file {
            let folder = dir.path().join(file);
            std::fs::create_dir_all(&folder).expect("mkdir");
            std::fs::write(
                folder.join("config.toml"),
                format!("[kommune]\nvisma_enterprise_url = \"{url}\"\n"),
            )
            .expect("write");
        }
        let mut harness = open(dir.path());
        click(&mut harness, "Ja, jeg får den meldingen");
        click(&mut harness, "Neste");
        type_email(&mut harness, "ola@gmail.com");
        for _ in 0..3 {
            click(&mut harness, "Neste");
        }
        click(&mut harness, "Jeg har fått e-posten og trykket på lenken");
        for _ in 0..3 {
            click(&mut harness, "Neste");
        }
        assert_heading(&harness, &title("log-in-enterprise"));
        let button = harness.query_by_label("Åpne Visma Enterprise");
        let fallback =
            harness.query_by_label_contains("Åpne Visma Enterprise slik du vanligvis gjør");
        assert_eq!(button.is_some(), shown, "{file:?}");
        assert_eq!(fallback.is_some(), !shown, "{file:?}");
        let state = harness.state().state();
        let page = state.wizard.page().expect("page");
        let primary = if shown {
            PrimaryButton::Link
        } else {
            PrimaryButton::Next
        };
        assert_eq!(state.primary_button(page), primary, "{file:?}");
    }
}

#[test]
fn resumes_after_a_restart_or_starts_afresh() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = open(dir.path());
        click(&mut harness, "Ja, jeg får den meldingen");
        click(&mut harness, "Neste");
        type_email(&mut harness, "ola@gmail.com");
        click(&mut harness, "Neste");
        assert_heading(&harness, &title("forgot-password"));
    } // Closing the window writes the progress.

    let mut harness = open(dir.path());
    assert_heading(&harness, "Fortsett der du slapp?");
    harness.get_by_label_contains("Steg 3 av 11");
    click(&mut harness, "Fortsett");
    assert_heading(&harness, &title("forgot-password"));
    harness.get_by_label("ola@gmail.com");
    click(&mut harness, "Tilbake");
    assert_heading(&harness, &title("enter-wrong-email"));
    drop(harness);

    // «Start på nytt» in the prompt forgets the saved progress.
    let mut harness = open(dir.path());
    click(&mut harness, "Start på nytt");
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
    drop(harness);
    let harness = open(dir.path());
    assert!(harness.query_by_label("Fortsett der du slapp?").is_none());
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
}

#[test]
fn corrupt_state_file_means_a_fresh_start_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("progress.json"), "{ \"format\": 1, \"page\": ").expect("write");
    let mut harness = open(dir.path());
    harness.get_by_label_contains("Den lagrede framdriften kunne ikke leses");
    assert_heading(&harness, "Feil e-postadresse knyttet til BankID");
    click(&mut harness, "OK");
    assert!(
        harness
            .query_by_label_contains("Den lagrede framdriften")
            .is_none()
    );
    // The unreadable file is kept for the helpdesk, not deleted.
    let kept =
        paalogging_core::storage::ProgressStore::new(Some(data.join("progress.json"))).bad_files();
    assert_eq!(kept.len(), 1, "{kept:?}");
}

#[test]
fn a_newer_versions_progress_is_kept_and_not_saved_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    let newer = "{ \"format\": 99, \"page\": \"from-the-future\" }";
    std::fs::write(data.join("progress.json"), newer).expect("write");
    let mut harness = open(dir.path());
    harness.get_by_label_contains("lagret av en nyere versjon");
    // Walking on would save progress; the newer file must stay as it was.
    click(&mut harness, "OK");
    click(&mut harness, "Ja, jeg får den meldingen");
    assert_heading(&harness, &title("open-account-settings"));
    drop(harness);
    assert_eq!(
        std::fs::read_to_string(data.join("progress.json")).expect("kept"),
        newer
    );
}

#[test]
fn bad_configuration_shows_a_notice_and_the_app_carries_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let user = dir.path().join("user");
    std::fs::create_dir_all(&user).expect("mkdir");
    std::fs::write(user.join("config.toml"), "[kommune]\nnmae = \"Solund\"\n").expect("write");
    let mut harness = open(dir.path());
    harness.get_by_label_contains("Noen innstillinger fra IT kunne ikke leses");
    click(&mut harness, "Vis detaljer");
    harness.get_by_label_contains("config.toml:2:1: kommune.nmae: unknown key");
    click(&mut harness, "Ja, jeg får den meldingen");
    assert_heading(&harness, &title("open-account-settings"));
}

/// Every step's title, picture and Back/Next buttons are on screen in an 800×600 pixel window:
/// at 1×, on a 2.0 pixels-per-point display (800×600 points, 2× pictures), and at 200 % text
/// size (the largest the app offers: 400×300 points of room).
#[test]
fn every_step_fits_800x600_at_one_and_two_times_scale() {
    use paalogging_core::illustrations::Scale;
    // (pixels per point of the display, text size, room in points, picture scale)
    let passes = [
        (1.0, 1.0, [800.0, 600.0], Scale::X1),
        (2.0, 1.0, [800.0, 600.0], Scale::X2),
        (
            1.0,
            paalogging_core::storage::MAX_TEXT_SCALE,
            [400.0, 300.0],
            Scale::X2,
        ),
    ];
    for (pixels_per_point, text_scale, room, scale) in passes {
        let pass = format!("display ×{pixels_per_point}, text ×{text_scale}");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut startup = startup(dir.path());
        startup.settings.text_scale = Some(text_scale);
        let mut harness = Harness::builder()
            .with_size(room)
            .with_pixels_per_point(pixels_per_point)
            .with_max_steps(32)
            .build_eframe(move |cc| App::new(cc, startup, None).expect("the app starts"));
        harness.run();
        assert_eq!(
            harness.ctx.pixels_per_point(),
            pixels_per_point * text_scale,
            "{pass}"
        );
        let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, room.into());
        let on_screen = |harness: &Harness<'_, App>, role: Role, label: &str| {
            let rect = harness.get_by_role_and_label(role, label).rect();
            assert!(screen.contains_rect(rect), "{label} at {rect:?} ({pass})");
        };
        click(&mut harness, "Ja, jeg får den meldingen");
        for id in &step_ids() {
            let page_title = title(id);
            on_screen(&harness, Role::Heading, &page_title);
            on_screen(&harness, Role::Button, "Neste");
            on_screen(&harness, Role::Button, "Tilbake");
            // The picture is decoded in the background, then shown with its alt text.
            let guide = guide::embedded(Language::Nb).expect("guide");
            let alt = guide
                .page(&PageId(id.clone()))
                .and_then(|p| p.illustration.clone())
                .expect("illustration")
                .alt;
            step_until(&mut harness, &format!("the picture «{alt}»"), |h| {
                h.query_by_role_and_label(Role::Image, &alt).is_some()
            });
            let pictures = &harness.state().state().pictures;
            assert!(
                pictures.keys().all(|request| request.scale == scale),
                "{pass}: {:?}",
                pictures.keys().collect::<Vec<_>>()
            );
            fill_required(&mut harness, id, "ola@gmail.com");
            click(&mut harness, "Neste");
        }
        log_in_again(&mut harness);
        on_screen(&harness, Role::Heading, "Ferdig!");
        on_screen(&harness, Role::Button, "Lukk");
    }
}

#[test]
fn broken_override_picture_shows_the_alt_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pictures = dir.path().join("pictures");
    std::fs::create_dir_all(&pictures).expect("mkdir");
    std::fs::write(
        pictures.join("open-account-settings.png"),
        b"\x89PNG broken",
    )
    .expect("write");
    let machine = dir.path().join("machine");
    std::fs::create_dir_all(&machine).expect("mkdir");
    std::fs::write(
        machine.join("config.toml"),
        format!(
            "[app]\nillustrations_dir = {:?}\n",
            pictures.display().to_string()
        ),
    )
    .expect("write");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    let key = paalogging_core::illustrations::Request {
        page_id: "open-account-settings".into(),
        image: "step-01".into(),
        scale: paalogging_core::illustrations::Scale::X1,
    };
    step_until(&mut harness, "the broken picture to fail", |h| {
        matches!(
            h.state().state().pictures.get(&key),
            Some(super::Picture::Failed)
        )
    });
    harness.run();
    harness.get_by_label_contains("Bilde: Siden Account Settings fra Visma");
}

/// Presses Tab until the widget has keyboard focus, as a keyboard-only user would.
fn tab_to(harness: &mut Harness<'_, App>, role: Role, label: &str) {
    for _ in 0..80 {
        if harness.get_by_role_and_label(role, label).is_focused() {
            return;
        }
        harness.key_press(egui::Key::Tab);
        harness.run();
    }
    panic!("Tab never reached {label}");
}

fn press(harness: &mut Harness<'_, App>, key: egui::Key) {
    harness.key_press(key);
    harness.run();
}

#[test]
fn keyboard_only_walk_from_start_to_finish() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    tab_to(&mut harness, Role::Button, "Ja, jeg får den meldingen");
    press(&mut harness, egui::Key::Enter);
    for (index, id) in step_ids().iter().enumerate() {
        // A new step takes focus on its title, so a screen reader reads it first.
        assert!(
            harness
                .get_by_role_and_label(Role::Heading, &title(id))
                .is_focused(),
            "{id}"
        );
        match index {
            1 => {
                tab_to(&mut harness, Role::TextInput, EMAIL_FIELD);
                harness
                    .get_by_role_and_label(Role::TextInput, EMAIL_FIELD)
                    .type_text("ola.nordmann");
                harness.run();
                // The domain buttons put in the @ without AltGr.
                tab_to(&mut harness, Role::Button, "Sett inn @gmail.com");
                press(&mut harness, egui::Key::Space);
                tab_to(&mut harness, Role::Button, "Neste");
                press(&mut harness, egui::Key::Enter);
            }
            3 => {
                // Escape never loses progress.
                press(&mut harness, egui::Key::Escape);
                assert_heading(&harness, &title(id));
                tab_to(
                    &mut harness,
                    Role::CheckBox,
                    "Jeg har fått e-posten og trykket på lenken",
                );
                press(&mut harness, egui::Key::Space);
                tab_to(&mut harness, Role::Button, "Neste");
                press(&mut harness, egui::Key::Enter);
            }
            10 => {
                tab_to(
                    &mut harness,
                    Role::CheckBox,
                    "Jeg har lukket alle nettleservinduene",
                );
                press(&mut harness, egui::Key::Space);
                tab_to(&mut harness, Role::Button, "Neste");
                press(&mut harness, egui::Key::Enter);
            }
            // Enter on a step with nothing to fill in means Next.
            _ => press(&mut harness, egui::Key::Enter),
        }
    }
    tab_to(&mut harness, Role::TextInput, WORK_FIELD);
    harness
        .get_by_role_and_label(Role::TextInput, WORK_FIELD)
        .type_text("kari.nordmann");
    harness.run();
    tab_to(&mut harness, Role::Button, "Sett inn @askoy.kommune.no");
    press(&mut harness, egui::Key::Space);
    tab_to(&mut harness, Role::Button, "Ja, jeg kom inn");
    press(&mut harness, egui::Key::Space);
    assert_heading(&harness, "Ferdig!");
    assert_eq!(
        harness.state().state().wizard.address(),
        Some("ola.nordmann@gmail.com")
    );
}

#[test]
fn switching_language_mid_guide_keeps_step_and_answers_and_is_remembered() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = open(dir.path());
        click(&mut harness, "Ja, jeg får den meldingen");
        click(&mut harness, "Neste");
        type_email(&mut harness, "ola@gmail.com");
        harness
            .get_by_role_and_label(Role::ComboBox, "Språk")
            .click();
        harness.run();
        harness.get_by_label("Nynorsk").click();
        harness.run();
        let nynorsk = guide::embedded(Language::Nn).expect("nn");
        let heading = &nynorsk
            .page(&PageId("enter-wrong-email".into()))
            .expect("page")
            .title;
        assert_heading(&harness, heading);
        harness.get_by_label("Steg 2 av 11");
        let field_label = &nynorsk
            .page(&PageId("enter-wrong-email".into()))
            .expect("page")
            .inputs[0]
            .label;
        let field = harness.get_by_role_and_label(Role::TextInput, field_label);
        assert_eq!(field.value().as_deref(), Some("ola@gmail.com"));
        assert_eq!(harness.state().state().language, Language::Nn);
    }
    // The choice is remembered: a new start (with its own language detection) opens in nynorsk.
    let startup = Startup::load(Paths::under(dir.path()), None);
    assert_eq!(startup.language, Language::Nn);
}

#[test]
fn text_size_and_high_contrast_are_remembered() {
    let dir = tempfile::tempdir().expect("tempdir");
    {
        let mut harness = open(dir.path());
        harness
            .get_by_role_and_label(Role::ComboBox, "Tekststørrelse")
            .click();
        harness.run();
        harness.get_by_label("150 %").click();
        harness.run();
        assert_eq!(harness.ctx.zoom_factor(), 1.5);
        // Less-used items live in the «Mer» menu.
        click(&mut harness, "Mer");
        click(&mut harness, "Høy kontrast");
        assert!(
            harness
                .ctx
                .style_of(egui::Theme::Light)
                .visuals
                .override_text_color
                .is_some()
        );
        // The guide still reflows at 150 %: the first step's title and Next are reachable.
        click(&mut harness, "Ja, jeg får den meldingen");
        assert_heading(&harness, &title("open-account-settings"));
    }
    let startup = Startup::load(Paths::under(dir.path()), None);
    assert_eq!(startup.settings.text_scale, Some(1.5));
    assert!(startup.settings.high_contrast);
    let harness = harness_with(startup);
    assert_eq!(harness.ctx.zoom_factor(), 1.5);
}

#[test]
fn stuck_report_masks_the_email_and_can_be_copied_or_mailed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let machine = dir.path().join("machine");
    std::fs::create_dir_all(&machine).expect("mkdir");
    std::fs::write(
        machine.join("config.toml"),
        "[helpdesk]\nname = \"IT-brukerstøtten\"\nemail = \"it@askoy.kommune.no\"\nphone = \"56 15 80 00\"\n",
    )
    .expect("write");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    click(&mut harness, "Neste");
    type_email(&mut harness, "ola.nordmann@gmail.com");
    // No mail at step 4: another address, and the first one is listed as tried.
    click(&mut harness, "Neste");
    click(&mut harness, "Neste");
    click(&mut harness, "Jeg har ikke fått e-posten");
    click(&mut harness, "Prøv en annen adresse (steg 2)");
    type_email(&mut harness, "kari.nordmann@hotmail.com");
    click(&mut harness, "Neste");
    click(&mut harness, "Jeg står fast");
    assert_heading(&harness, "Få hjelp fra brukerstøtten");
    harness.get_by_label("Telefon: 56 15 80 00");
    let report = harness
        .state()
        .state()
        .helpdesk_report
        .clone()
        .expect("report");
    for expected in [
        "Språk: Bokmål\n",
        "E-postadresse (skjult): k***@hotmail.com\n",
        "Prøvd før (skjult): o***@gmail.com\n",
    ] {
        assert!(report.contains(expected), "{expected:?} in {report}");
    }
    assert!(!report.contains("ola.nordmann"), "{report}");
    assert!(!report.contains("kari.nordmann"), "{report}");
    assert!(
        report.contains("no-mail") && report.contains("forgot-password"),
        "the path taken: {report}"
    );

    click_and_step(&mut harness, "Kopier rapporten");
    let copied = harness.output().platform_output.commands.iter().any(|command| {
        matches!(command, egui::OutputCommand::CopyText(text) if text.contains("k***@hotmail.com"))
    });
    assert!(copied);
    harness.run();
    click_and_step(&mut harness, "Send rapporten på e-post");
    let mailed = harness.output().platform_output.commands.iter().any(|command| {
        matches!(command, egui::OutputCommand::OpenUrl(open) if open.url.starts_with("mailto:it@askoy.kommune.no?subject="))
    });
    assert!(mailed);
    harness.run();
    // Closing the report returns to the same step.
    click(&mut harness, "Tilbake til veiledningen");
    assert_heading(&harness, &title("forgot-password"));
}

#[test]
fn links_from_a_users_own_file_are_not_trusted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let user = dir.path().join("user");
    std::fs::create_dir_all(&user).expect("mkdir");
    std::fs::write(
        user.join("config.toml"),
        "[kommune]\nfirst_login_url = \"https://askoy-kommune.evil.example/video\"\n[helpdesk]\nweb = \"https://evil.example/help\"\n",
    )
    .expect("write");
    let mut harness = open(dir.path());
    click(&mut harness, "Nei, jeg har et annet problem");
    assert_heading(&harness, "Annen hjelp");
    assert!(harness.query_by_label("Åpne siden med videoen").is_none());
    assert!(
        harness
            .query_by_label("Åpne nettsiden til brukerstøtten")
            .is_none()
    );

    // The same addresses in the machine-wide file are IT's decision, and shown.
    let dir = tempfile::tempdir().expect("tempdir");
    let machine = dir.path().join("machine");
    std::fs::create_dir_all(&machine).expect("mkdir");
    std::fs::write(
        machine.join("config.toml"),
        "[helpdesk]\nweb = \"https://hjelp.askoy.kommune.no/\"\n",
    )
    .expect("write");
    let mut harness = open(dir.path());
    click(&mut harness, "Nei, jeg har et annet problem");
    harness.get_by_label("Åpne siden med videoen");
    harness.get_by_label("Åpne nettsiden til brukerstøtten");
}

#[test]
fn only_the_pictures_around_the_current_page_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    click(&mut harness, "Ja, jeg får den meldingen");
    click(&mut harness, "Neste");
    type_email(&mut harness, "ola@gmail.com");
    for _ in 0..4 {
        click(&mut harness, "Neste");
        // Current, previous and next page: never more, however far the user walks.
        assert!(harness.state().state().pictures.len() <= 3);
    }
    let kept: Vec<String> = harness
        .state()
        .state()
        .pictures
        .keys()
        .map(|r| r.page_id.clone())
        .collect();
    assert!(kept.contains(&"new-password".to_owned()), "{kept:?}");
}

/// A machine-wide file ordinary users can change is not used, and «Om» says so.
#[cfg(unix)]
#[test]
fn about_says_when_the_machine_wide_file_is_ignored() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let machine = dir.path().join("machine");
    std::fs::create_dir_all(&machine).expect("mkdir");
    let file = machine.join("config.toml");
    std::fs::write(&file, "[kommune]\nname = \"Lureby kommune\"\n").expect("write");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let paths = Paths {
        machine_trust: config::MachineTrust::Os,
        ..Paths::under(dir.path())
    };
    let mut harness = harness_with(Startup {
        loaded: config::load(&paths, None),
        paths,
        language: Language::Nb,
        settings: Default::default(),
        update: None,
    });
    harness.run();
    click(&mut harness, "Mer");
    click(&mut harness, "Om");
    harness.get_by_label_contains(&format!(
        "{} – ignorert: vanlige brukere kan endre den",
        file.display()
    ));
    assert!(harness.query_by_label_contains("Lureby").is_none());
}

/// The less-used items in the «Mer» menu are reachable by keyboard alone and named for screen
/// readers.
#[test]
fn more_menu_is_reachable_by_keyboard() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = open(dir.path());
    assert!(harness.query_by_label("Høy kontrast").is_none(), "closed");
    tab_to(&mut harness, Role::Button, "Mer");
    press(&mut harness, egui::Key::Enter);
    tab_to(&mut harness, Role::CheckBox, "Høy kontrast");
    press(&mut harness, egui::Key::Space);
    assert!(harness.state().state().settings.high_contrast);
    // «Om» is in the same menu, and opens by keyboard too.
    if harness.query_by_label("Om").is_none() {
        tab_to(&mut harness, Role::Button, "Mer");
        press(&mut harness, egui::Key::Enter);
    }
    assert!(harness.query_by_label("Om Påloggingshjelp").is_none());
    tab_to(&mut harness, Role::Button, "Om");
    press(&mut harness, egui::Key::Enter);
    harness.get_by_label("Om Påloggingshjelp");
    harness.get_by_label_contains("Versjon ");
}
