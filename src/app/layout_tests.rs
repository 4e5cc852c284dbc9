//! Every step at a glance: on the commonest screens, at 100 % text, each step's title, its
//! instruction, its primary button and its picture are in view without scrolling; at 200 % text
//! everything can still be scrolled to.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

use super::tests::{click, fill_required, log_in_again, startup, step_ids};
use super::{App, Startup};
use crate::guide::{self, Page, PageId, PageKind};
use crate::i18n::Language;
use crate::test_support::step_until;

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
    match page.kind {
        PageKind::Start => page.choices.first().expect("choice").label.clone(),
        PageKind::Finish => "Lukk".to_owned(),
        _ => {
            let values = harness.state().state().placeholders();
            page.actions
                .iter()
                .find_map(|action| match action {
                    guide::PageButton::OpenUrl { label, url, .. } => {
                        guide::fill(url, &values).map(|_| label.clone())
                    }
                    guide::PageButton::Copy { .. } => None,
                })
                .unwrap_or_else(|| "Neste".to_owned())
        }
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
    let viewport = crate::ui::page_viewport(&harness.ctx).expect("a page is shown");
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
            click(&mut harness, "Neste");
        }
        log_in_again(&mut harness);
        assert_at_a_glance(&mut harness, "finish", size);
    }
}

/// Text beside the picture when wide, under it when narrow.
#[test]
fn text_beside_the_picture_when_wide_and_under_it_when_narrow() {
    let alt = page("open-account-settings")
        .illustration
        .expect("picture")
        .alt;
    let body = "Trykk på knappen «Åpne accountsettings";
    for (size, beside) in [
        (egui::vec2(1366.0, 728.0), true),
        (egui::vec2(800.0, 600.0), false),
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut harness = harness_at(size, startup(dir.path()));
        click(&mut harness, "Ja, jeg får den meldingen");
        wait_for_picture(&mut harness, &alt);
        let picture = harness.get_by_role_and_label(Role::Image, &alt).rect();
        let text = harness.get_by_label_contains(body).rect();
        if beside {
            assert!(
                text.right() <= picture.left(),
                "{text:?} beside {picture:?}"
            );
            assert!(text.top() < picture.bottom() && picture.top() < text.bottom());
        } else {
            assert!(text.top() >= picture.bottom(), "{text:?} under {picture:?}");
        }
    }
}

/// At 200 % text on the 1366×768 laptop every picture and every button can be scrolled to,
/// and the walk to the end works.
#[test]
fn at_two_hundred_percent_text_everything_is_reachable_by_scrolling() {
    let size = egui::vec2(1366.0, 728.0);
    let dir = tempfile::tempdir().expect("tempdir");
    let mut harness = harness_at(size, startup(dir.path()));
    harness.ctx.set_zoom_factor(2.0);
    harness.run();
    click(&mut harness, "Ja, jeg får den meldingen");
    for id in &step_ids() {
        let alt = page(id).illustration.expect("picture").alt;
        wait_for_picture(&mut harness, &alt);
        harness
            .get_by_role_and_label(Role::Image, &alt)
            .scroll_to_me();
        harness.run();
        let viewport = crate::ui::page_viewport(&harness.ctx).expect("viewport");
        let picture = harness.get_by_role_and_label(Role::Image, &alt).rect();
        // Scrolled to, all of the picture is in view: it is never taller than the view.
        assert!(
            viewport.expand(0.5).contains_rect(picture),
            "{id}: picture at {picture:?} not reachable in {viewport:?}"
        );
        fill_required(&mut harness, id, "ola@gmail.com");
        click(&mut harness, "Neste");
    }
    log_in_again(&mut harness);
    harness.get_by_role_and_label(Role::Heading, "Ferdig!");
    harness.get_by_role_and_label(Role::Button, "Lukk");
}
