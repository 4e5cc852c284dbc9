//! Every step at a glance: on the commonest screens, at 100 % text, each step's title, its
//! instruction, its primary button and its picture are in view without scrolling; at 200 % text
//! everything can still be scrolled to.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::tests::{
    EMAIL_FIELD, WORK_FIELD, click, fill_required, log_in_again, startup, step_ids, type_email,
};
use super::{App, Startup};
use crate::test_support::step_until;
use crate::view_model::PrimaryButton;
use paalogging_core::guide::{self, Page, PageId};
use paalogging_core::i18n::Language;

fn harness_at(size: egui::Vec2, startup: Startup) -> Harness<'static, App> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(32)
        .build_eframe(move |cc| App::new(cc, startup, None).expect("the app starts"));
    harness.run();
    harness
}

fn page(id: &str) -> Page {
    let guide = guide::embedded(Language::Nb).expect("guide");
    guide.page(&PageId(id.into())).expect("page").clone()
}

/// The label of the page's one primary button (as `nav_bar` and `page_view` choose it).
fn primary_button(harness: &Harness<'_, App>, page: &Page) -> String {
    let state = harness.state().state();
    match state.primary_button(page) {
        PrimaryButton::FirstChoice => page.choices.first().expect("choice").label.clone(),
        PrimaryButton::Close => "Lukk".to_owned(),
        PrimaryButton::Next => "Neste".to_owned(),
        PrimaryButton::Link => page
            .actions
            .iter()
            .find_map(|action| match action {
                guide::PageButton::OpenUrl { label, url, .. } => {
                    state.page_link(url).map(|_| label.clone())
                }
                guide::PageButton::Copy { .. } => None,
            })
            .expect("the link that makes it primary"),
    }
}

/// Steps frames until the page's picture is decoded and shown under its alt text.
fn wait_for_picture(harness: &mut Harness<'_, App>, alt: &str) {
    step_until(harness, &format!("the picture «{alt}»"), |h| {
        h.query_by_role_and_label(Role::Image, alt).is_some()
    });
}

/// Asserts that the page's title, every paragraph of its text, its primary button and its
/// picture lie inside the part of the window shown without scrolling.
fn assert_at_a_glance(harness: &mut Harness<'_, App>, id: &str, size: egui::Vec2) {
    let page = page(id);
    let alt = page.illustration.clone().expect("illustration").alt;
    wait_for_picture(harness, &alt);
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, size);
    let viewport = crate::views::page_viewport(&harness.ctx).expect("a page is shown");
    assert!(
        window.contains_rect(viewport),
        "{id}: viewport {viewport:?}"
    );
    let inside = |what: &str, rect: egui::Rect, area: egui::Rect| {
        assert!(
            area.expand(0.5).contains_rect(rect),
            "{id} at {size:?}: {what} at {rect:?} is not inside {area:?}"
        );
    };
    let picture = harness.get_by_role_and_label(Role::Image, &alt).rect();
    inside("the picture", picture, viewport);
    let heading = harness.get_by_role(Role::Heading).rect();
    inside("the title", heading, viewport);
    for paragraph in page.body.split("\n\n") {
        // Up to the first placeholder, which the app fills in.
        let start: String = paragraph
            .split('{')
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        let rect = harness.get_by_label_contains(&start).rect();
        inside(&format!("the text «{start}»"), rect, viewport);
    }
    let label = primary_button(harness, &page);
    let button = harness.get_by_role_and_label(Role::Button, &label).rect();
    // The primary button is in the page (above the fold) or in the navigation bar under it.
    inside(&format!("the button «{label}»"), button, window);
    if !matches!(label.as_str(), "Neste" | "Lukk") {
        inside(&format!("the button «{label}»"), button, viewport);
    }
    // The top bar is one row: the app name and the last item («Mer») share it.
    let name = harness.get_by_label("Påloggingshjelp").rect();
    let menu = harness.get_by_role_and_label(Role::Button, "Mer").rect();
    assert!(
        (name.center().y - menu.center().y).abs() < name.height(),
        "{id} at {size:?}: the top bar wraps ({name:?} vs {menu:?})"
    );
}

/// The commonest kommune laptop (1366×768 less the taskbar; 696 also less a title bar, as the
/// window opens there) and a full-HD screen.
#[test]
fn every_step_is_seen_at_a_glance_on_common_screens() {
    for size in [
        egui::vec2(1366.0, 728.0),
        egui::vec2(1366.0, 696.0),
        egui::vec2(1920.0, 1040.0),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut harness = harness_at(size, startup(dir.path()));
        assert_at_a_glance(&mut harness, "start", size);
        click(&mut harness, "Ja, jeg får den meldingen");
        for (index, id) in step_ids().iter().enumerate() {
            assert_at_a_glance(&mut harness, id, size);
            fill_required(&mut harness, id, "ola.nordmann@gmail.com");
            // The e-mail's explanation under the field must not push the picture out of view.
            if index == 1 {
                assert_at_a_glance(&mut harness, id, size);
            }
            // The bar counts the steps done: never full before the finish page.
            let done = progress_percent(&harness);
            assert!(done < 100.0, "{id}: progress {done} %");
            click(&mut harness, "Neste");
        }
        // The re-login after step 11 is not numbered, so it has no progress bar.
        log_in_again(&mut harness);
        assert_at_a_glance(&mut harness, "finish", size);
        assert_eq!(progress_percent(&harness), 100.0);
    }
}

/// The progress bar's value, as screen readers get it.
fn progress_percent(harness: &Harness<'_, App>) -> f64 {
    use egui_kittest::kittest::NodeT as _;
    harness
        .get_by_role(Role::ProgressIndicator)
        .accesskit_node()
        .numeric_value()
        .expect("a value")
}

/// Picture beside the text while the width allows; under the text when narrow (200 % text on
/// the laptop, or a narrow window), so the instruction and its controls come first.
#[test]
fn picture_beside_the_text_when_wide_and_after_it_when_narrow() {
    let alt = page("open-account-settings")
        .illustration
        .expect("picture")
        .alt;
    let body = "Trykk på knappen «Åpne accountsettings";
    for (size, scale, beside) in [
        (egui::vec2(1366.0, 728.0), 1.0, true),
        // 150 % on the laptop still has room for two columns.
        (egui::vec2(1366.0, 728.0), 1.5, true),
        (egui::vec2(1366.0, 728.0), 2.0, false),
        (egui::vec2(640.0, 600.0), 1.0, false),
    ] {
        let mut harness = laptop_at(size, scale);
        click(&mut harness, "Ja, jeg får den meldingen");
        let text = harness.get_by_label_contains(body).rect();
        let open = primary_button(&harness, &page("open-account-settings"));
        let button = harness.get_by_role_and_label(Role::Button, &open).rect();
        let viewport = crate::views::page_viewport(&harness.ctx).expect("viewport");
        // The instruction and its button are in view at once, whatever the layout.
        assert!(
            viewport.contains_rect(text) && viewport.contains_rect(button),
            "{size:?} ×{scale}: {text:?} and {button:?} in {viewport:?}"
        );
        harness.get_by_label_contains(body).scroll_to_me();
        harness.run();
        step_until(&mut harness, "the picture", |h| {
            h.query_by_role_and_label(Role::Image, &alt).is_some()
        });
        let picture = harness.get_by_role_and_label(Role::Image, &alt).rect();
        let text = harness.get_by_label_contains(body).rect();
        if beside {
            assert!(
                text.right() <= picture.left(),
                "{size:?} ×{scale}: {text:?} beside {picture:?}"
            );
        } else {
            assert!(
                picture.top() >= text.bottom(),
                "{size:?} ×{scale}: {picture:?} after {text:?}"
            );
        }
    }
}

/// The laptop's 1366×728 (in the OS's points) at a text size: egui's points shrink as the text
/// grows, as in the real window.
fn laptop_at(size: egui::Vec2, scale: f32) -> Harness<'static, App> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut startup = startup(dir.path());
    startup.settings.text_scale = Some(scale);
    let harness = harness_at(size / scale, startup);
    // The folder is only read at start.
    drop(dir);
    harness
}

/// The visible part of the window, in egui's points.
fn window_rect(harness: &Harness<'_, App>) -> egui::Rect {
    harness.ctx.content_rect()
}

fn assert_inside(what: &str, rect: egui::Rect, area: egui::Rect, context: &str) {
    assert!(
        area.expand(0.5).contains_rect(rect),
        "{context}: {what} at {rect:?} is not inside {area:?}"
    );
}

/// The bar's buttons are in the window (never scrolled away), and the page's primary control
/// is in the page's view — at once, or after «Bla ned», which then says there is more.
fn assert_reachable(harness: &mut Harness<'_, App>, bar: &[&str], primary: &str, context: &str) {
    let window = window_rect(harness);
    for label in bar {
        let rect = harness.get_by_role_and_label(Role::Button, label).rect();
        assert_inside(&format!("«{label}»"), rect, window, context);
    }
    let viewport = crate::views::page_viewport(&harness.ctx).expect("a page is shown");
    assert_inside("the page", viewport, window, context);
    if bar.contains(&primary) {
        return;
    }
    for _ in 0..20 {
        let rect = harness.get_by_label(primary).rect();
        if viewport.expand(0.5).contains_rect(rect) {
            return;
        }
        // Out of view: the page must say so, and its button must bring it into view.
        let more = harness.query_by_role_and_label(Role::Button, "Bla ned");
        assert!(
            more.is_some(),
            "{context}: «{primary}» at {rect:?} is out of {viewport:?} and nothing says so"
        );
        let more = harness
            .get_by_role_and_label(Role::Button, "Bla ned")
            .rect();
        assert_inside("«Bla ned»", more, window, context);
        harness
            .get_by_role_and_label(Role::Button, "Bla ned")
            .click();
        harness.run();
    }
    panic!("{context}: «Bla ned» never brought «{primary}» into view");
}

/// On the laptop at 100 %, 150 % and 200 % text: on every step and help page (the guide's two
/// and «Jeg står fast», «Om») the navigation
/// bar's buttons and the page's primary control can be reached with the mouse alone.
#[test]
fn on_the_laptop_at_every_text_size_the_bar_and_the_primary_control_are_in_view() {
    let size = egui::vec2(1366.0, 728.0);
    for scale in [1.0, 1.5, 2.0] {
        let mut harness = laptop_at(size, scale);
        let context = |id: &str| format!("{id} at {:.0} %", scale * 100.0);
        let start = page("start");
        let yes = primary_button(&harness, &start);
        assert_reachable(
            &mut harness,
            &["Jeg står fast", "Mer"],
            &yes,
            &context("start"),
        );
        click(&mut harness, &yes);
        for (index, id) in step_ids().iter().enumerate() {
            let page = page(id);
            let primary = primary_button(&harness, &page);
            let bar = ["Tilbake", "Neste"];
            if index == 3 {
                // The help page for a missing e-mail, and back by its own first choice.
                click(&mut harness, "Jeg har ikke fått e-posten");
                assert_reachable(
                    &mut harness,
                    &["Tilbake"],
                    "Jeg fant e-posten",
                    &context("no-mail"),
                );
                click(&mut harness, "Jeg fant e-posten");
                // Next waits for the tick; the tick is then the control to reach.
                let tick = "Jeg har fått e-posten og trykket på lenken";
                assert_reachable(&mut harness, &bar, tick, &context(id));
                click(&mut harness, tick);
            }
            if index == 1 {
                assert_reachable(&mut harness, &bar, EMAIL_FIELD, &context(id));
                type_email(&mut harness, "ola.nordmann@gmail.com");
            }
            assert_reachable(&mut harness, &bar, &primary, &context(id));
            if index == 0 {
                // A help page on the way: «Jeg står fast», then back to the same step.
                click(&mut harness, "Jeg står fast");
                assert_reachable(
                    &mut harness,
                    &["Tilbake til veiledningen"],
                    "Kopier rapporten",
                    &context("Jeg står fast"),
                );
                click(&mut harness, "Tilbake til veiledningen");
                click(&mut harness, "Mer");
                click(&mut harness, "Om");
                assert_reachable(
                    &mut harness,
                    &["Tilbake til veiledningen"],
                    "Tilbake til veiledningen",
                    &context("Om"),
                );
                click(&mut harness, "Tilbake til veiledningen");
                harness.get_by_role_and_label(Role::Heading, &page.title);
            }
            if index == 10 {
                // Next waits for the tick that every browser window is closed.
                let tick = "Jeg har lukket alle nettleservinduene";
                assert_reachable(&mut harness, &bar, tick, &context(id));
                click(&mut harness, tick);
            }
            click(&mut harness, "Neste");
        }
        // The re-login after step 11: the work address, then «Kom du inn?».
        assert_reachable(
            &mut harness,
            &["Tilbake"],
            WORK_FIELD,
            &context("log-in-again"),
        );
        assert_reachable(
            &mut harness,
            &["Tilbake"],
            "Ja, jeg kom inn",
            &context("log-in-again"),
        );
        log_in_again(&mut harness);
        assert_reachable(&mut harness, &["Lukk"], "Lukk", &context("finish"));
    }
}

/// A keyboard-only walk at 200 % on the laptop: every control Tab reaches is scrolled into view.
#[test]
fn at_two_hundred_percent_what_has_focus_is_in_view() {
    let mut harness = laptop_at(egui::vec2(1366.0, 728.0), 2.0);
    click(&mut harness, "Ja, jeg får den meldingen");
    // Step 1, then step 2 with its e-mail field below the text.
    click(&mut harness, "Neste");
    let window = window_rect(&harness);
    let mut seen = Vec::new();
    for _ in 0..40 {
        harness.key_press(egui::Key::Tab);
        harness.run();
        let viewport = crate::views::page_viewport(&harness.ctx).expect("viewport");
        let Some(focused) = harness.query_by(|node| node.is_focused()) else {
            continue;
        };
        let rect = focused.rect();
        let name = format!("{focused:?}").chars().take(120).collect::<String>();
        // Inside the page's view, or in the bars around it (which are always in the window).
        let in_page = viewport.expand(0.5).contains_rect(rect);
        let in_bars = window.contains_rect(rect) && !viewport.intersects(rect);
        assert!(in_page || in_bars, "{name} at {rect:?} (view {viewport:?})");
        seen.push(rect);
    }
    // The e-mail field (below the fold at first) was among them.
    assert!(
        harness
            .query_by_role_and_label(Role::TextInput, EMAIL_FIELD)
            .is_some()
    );
    assert!(seen.len() > 5, "{seen:?}");
}

/// Presses Tab until the control has focus, and checks that every control on the way was in
/// view when it had focus: on the page (scrolled to it) or in the bars around it.
fn tab_to_in_view(harness: &mut Harness<'_, App>, role: Role, label: &str) {
    let window = window_rect(harness);
    for _ in 0..60 {
        if harness.get_by_role_and_label(role, label).is_focused() {
            return;
        }
        harness.key_press(egui::Key::Tab);
        harness.run();
        let viewport = crate::views::page_viewport(&harness.ctx).expect("viewport");
        if let Some(focused) = harness.query_by(|node| node.is_focused()) {
            let rect = focused.rect();
            let in_page = viewport.expand(0.5).contains_rect(rect);
            let in_bars = window.contains_rect(rect) && !viewport.intersects(rect);
            assert!(
                in_page || in_bars,
                "on the way to «{label}»: {focused:?} at {rect:?} (view {viewport:?})"
            );
        }
    }
    let focused = harness
        .query_by(|node| node.is_focused())
        .map(|n| format!("{n:?}"));
    panic!("Tab never reached «{label}» (focus on {focused:?})");
}

/// Done when (issue 21): at 200 % on the laptop a keyboard-only user goes from the start page
/// to the finish, every control reached in view.
#[test]
fn at_two_hundred_percent_the_keyboard_alone_goes_from_start_to_finish() {
    let mut harness = laptop_at(egui::vec2(1366.0, 728.0), 2.0);
    let press = |harness: &mut Harness<'_, App>, key: egui::Key| {
        harness.key_press(key);
        harness.run();
    };
    tab_to_in_view(&mut harness, Role::Button, "Ja, jeg får den meldingen");
    press(&mut harness, egui::Key::Enter);
    for (index, id) in step_ids().iter().enumerate() {
        harness.get_by_role_and_label(Role::Heading, &page(id).title);
        match index {
            1 => {
                tab_to_in_view(&mut harness, Role::TextInput, EMAIL_FIELD);
                harness
                    .get_by_role_and_label(Role::TextInput, EMAIL_FIELD)
                    .type_text("ola.nordmann");
                harness.run();
                tab_to_in_view(&mut harness, Role::Button, "Sett inn @gmail.com");
                press(&mut harness, egui::Key::Space);
            }
            3 | 10 => {
                let tick = if index == 3 {
                    "Jeg har fått e-posten og trykket på lenken"
                } else {
                    "Jeg har lukket alle nettleservinduene"
                };
                tab_to_in_view(&mut harness, Role::CheckBox, tick);
                press(&mut harness, egui::Key::Space);
            }
            _ => {}
        }
        tab_to_in_view(&mut harness, Role::Button, "Neste");
        press(&mut harness, egui::Key::Enter);
    }
    // The re-login after step 11, by keyboard too.
    tab_to_in_view(&mut harness, Role::TextInput, WORK_FIELD);
    harness
        .get_by_role_and_label(Role::TextInput, WORK_FIELD)
        .type_text("kari.nordmann@askoy.kommune.no");
    harness.run();
    tab_to_in_view(&mut harness, Role::Button, "Ja, jeg kom inn");
    press(&mut harness, egui::Key::Enter);
    harness.get_by_role_and_label(Role::Heading, "Ferdig!");
    tab_to_in_view(&mut harness, Role::Button, "Lukk");
}
