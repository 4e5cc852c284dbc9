//! The ways out of the steps, the tried addresses, the re-login after step 11 and the contact
//! box, walked through the accessibility tree by label (issue 20).

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

use super::App;
use super::tests::{
    EMAIL_FIELD, WORK_FIELD, click, fill_required, harness_with, startup, step_ids, title,
    type_email,
};
use paalogging_core::guide::{self, InputKind, PageId, PageKind};
use paalogging_core::i18n::{Language, UiText};

fn open() -> (tempfile::TempDir, Harness<'static, App>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_with(startup(dir.path()));
    harness.run();
    (dir, harness)
}

fn heading(harness: &Harness<'_, App>, id: &str) {
    harness.get_by_role_and_label(Role::Heading, &title(id));
}

/// From the start page through the numbered steps until `target` is shown.
fn walk_to(harness: &mut Harness<'_, App>, target: &str) {
    click(harness, "Ja, jeg får den meldingen");
    for id in step_ids() {
        heading(harness, &id);
        if id == target {
            return;
        }
        fill_required(harness, &id, "kari.nordmann@gmail.com");
        click(harness, "Neste");
    }
    heading(harness, target);
}

fn enabled(harness: &Harness<'_, App>, label: &str) -> bool {
    !harness
        .get_by_role_and_label(Role::Button, label)
        .accesskit_node()
        .is_disabled()
}

fn retype(harness: &mut Harness<'_, App>, field: &str, text: &str) {
    let node = harness.get_by_role_and_label(Role::TextInput, field);
    node.focus();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    harness
        .get_by_role_and_label(Role::TextInput, field)
        .type_text(text);
    harness.run();
}

/// Every numbered step has its way out, the same control under the body text, to a help page.
#[test]
fn every_step_has_a_way_out_to_a_help_page() {
    for &language in Language::ALL {
        let guide = guide::embedded(language).expect("guide");
        for id in &guide.steps {
            let page = guide.page(id).expect("step");
            let way_out = page
                .way_out
                .as_ref()
                .unwrap_or_else(|| panic!("{}: step {id} has no way out", language.code()));
            let help = guide.page(&way_out.goto).expect("target");
            assert_eq!(help.kind, PageKind::Help, "{id}");
            assert!(
                !help.choices.is_empty() || help.contact,
                "{}: {} leads nowhere",
                language.code(),
                help.id
            );
        }
    }
}

#[test]
fn no_bin_lists_the_tried_address_and_asks_for_another() {
    let (_dir, mut harness) = open();
    walk_to(&mut harness, "remove-link");
    // The reassurance comes before the bin.
    harness.get_by_label_contains("Det er trygt å fjerne koblingen.");
    click(&mut harness, "Jeg ser ingen søppelbøtte");
    heading(&harness, "no-bin");
    click(&mut harness, "Prøv en annen adresse (steg 2)");
    heading(&harness, "enter-wrong-email");
    harness.get_by_label("Steg 2 av 11");
    harness.get_by_label("Disse adressene har du prøvd allerede:");
    harness.get_by_label("kari.nordmann@gmail.com (prøvd)");
    let field = harness.get_by_role_and_label(Role::TextInput, EMAIL_FIELD);
    assert_eq!(
        field.value().as_deref(),
        Some(""),
        "another one is asked for"
    );
    // Typing the tried one again is pointed out.
    type_email(&mut harness, "kari.nordmann@gmail.com");
    harness.get_by_label_contains("Denne adressen har du prøvd allerede.");
    retype(&mut harness, EMAIL_FIELD, "kari.nordmann@hotmail.com");
    assert!(
        harness
            .query_by_label_contains("Denne adressen har du prøvd allerede.")
            .is_none()
    );
    click(&mut harness, "Neste");
    heading(&harness, "forgot-password");
    harness.get_by_label("kari.nordmann@hotmail.com");
}

#[test]
fn error_again_at_step_seven_leads_back_to_step_seven() {
    let (_dir, mut harness) = open();
    walk_to(&mut harness, "log-in-enterprise");
    harness.get_by_label_contains("Ikke trykk på «Logg inn med BankID» nå.");
    click(&mut harness, "Jeg fikk feilmeldingen igjen");
    heading(&harness, "error-again");
    harness.get_by_label_contains("Da trykket du sannsynligvis på «Logg inn med BankID».");
    click(&mut harness, "Tilbake til steg 7");
    heading(&harness, "log-in-enterprise");
    harness.get_by_label("Steg 7 av 11");
}

#[test]
fn logging_in_again_refuses_the_unlinked_and_private_addresses() {
    let (_dir, mut harness) = open();
    walk_to(&mut harness, "link-removed");
    assert!(
        harness
            .get_by_role_and_label(Role::Button, "Neste")
            .accesskit_node()
            .is_disabled(),
        "every browser window closed first"
    );
    click(&mut harness, "Jeg har lukket alle nettleservinduene");
    click(&mut harness, "Neste");
    heading(&harness, "log-in-again");
    harness.get_by_label("Kom du inn i Visma Enterprise?");
    // The picture is the pictures branch's; here, or while it loads, the alt text stands in.
    assert!(!enabled(&harness, "Ja, jeg kom inn"));
    // The greyed-out «yes» says what it waits for.
    harness.get_by_label("Skriv jobbadressen din i feltet i dette vinduet først.");

    let field = harness.get_by_role_and_label(Role::TextInput, WORK_FIELD);
    field.focus();
    field.type_text("kari.nordmann@gmail.com");
    harness.run();
    harness.get_by_label_contains("Dette er adressen du nettopp fjernet koblingen for.");
    assert!(!enabled(&harness, "Ja, jeg kom inn"));

    retype(&mut harness, WORK_FIELD, "kari.nordmann@hotmail.com");
    harness.get_by_label_contains("Dette er ikke en adresse i Askøy kommune.");
    assert!(!enabled(&harness, "Ja, jeg kom inn"));

    retype(&mut harness, WORK_FIELD, "kari.nordmann@askoy.kommune.no");
    harness.get_by_label_contains("Riktig: dette er jobbadressen din.");
    assert!(enabled(&harness, "Ja, jeg kom inn"));
    click(&mut harness, "Ja, jeg kom inn");
    harness.get_by_role_and_label(Role::Heading, "Ferdig!");
}

#[test]
fn did_you_get_in_no_leads_to_help_and_the_helpdesk() {
    let (_dir, mut harness) = open();
    walk_to(&mut harness, "link-removed");
    click(&mut harness, "Jeg har lukket alle nettleservinduene");
    click(&mut harness, "Neste");
    heading(&harness, "log-in-again");
    click(&mut harness, "Nei, jeg fikk feilmelding");
    heading(&harness, "still-error");
    harness.get_by_label_contains("opptil 2 timer");
    // Never a dead end: with no helpdesk contact configured, the box says where to look and
    // offers the report.
    harness.get_by_label("Kontakt IT-brukerstøtten i kommunen");
    harness.get_by_label_contains("står på intranettet eller på sidene for ansatte i Askøy");
    harness.get_by_label("Åpne sidene for ansatte i Askøy kommune");
    click(&mut harness, "Lag en rapport til brukerstøtten");
    harness.get_by_label("Rapport til brukerstøtten");
}

/// The whole guide, by the labels of each language's own guide and window texts.
#[test]
fn the_whole_guide_walk_finishes_in_every_language() {
    for &language in Language::ALL {
        let code = language.code();
        let guide = guide::embedded(language).expect("guide");
        let text = UiText::load(language).expect("texts");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut startup = startup(dir.path());
        startup.language = language;
        let mut harness = harness_with(startup);
        harness.run();
        let page = |id: &PageId| guide.page(id).expect("page").clone();
        let start = page(&guide.start);
        click(&mut harness, &start.choices[0].label);
        let mut current = start.choices[0].goto.clone();
        // Bounded: a guide whose «yes» led in a circle must fail, not hang.
        for _ in 0..guide.pages.len() {
            let shown = page(&current);
            harness.get_by_role_and_label(Role::Heading, &shown.title);
            if shown.kind == PageKind::Finish {
                break;
            }
            for input in shown.inputs.iter().filter(|input| input.required) {
                match input.kind {
                    InputKind::Email | InputKind::WorkEmail => {
                        let address = match input.kind {
                            InputKind::WorkEmail => "kari.nordmann@askoy.kommune.no",
                            _ => "kari.nordmann@gmail.com",
                        };
                        let field = harness.get_by_role_and_label(Role::TextInput, &input.label);
                        field.focus();
                        field.type_text(address);
                        harness.run();
                    }
                    InputKind::Confirm => click(&mut harness, &input.label),
                }
            }
            match &shown.next {
                Some(next) => {
                    click(&mut harness, &text.next);
                    current = next.clone();
                }
                None => {
                    // The page after step 11: «Kom du inn?» yes.
                    let yes = shown
                        .choices
                        .first()
                        .expect("{code}: a page with no way on");
                    click(&mut harness, &yes.label);
                    current = yes.goto.clone();
                }
            }
        }
        assert!(
            harness.state().state().wizard.is_finished(),
            "{code}: ended on {current}"
        );
    }
}
