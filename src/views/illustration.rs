//! The picture of what the user will see. Until it is decoded, or when it cannot be, a framed
//! placeholder shows the alt text; screen readers get the alt text either way.

use crate::view_model::{AppState, Picture};
use paalogging_core::guide::{Illustration, Page};
use paalogging_core::i18n::fill;
use paalogging_core::illustrations::{Request, Scale};

/// Widest a picture is drawn, in points (the 1× raster's width).
const MAX_WIDTH: f32 = 640.0;
/// Height over width of the built-in pictures (640×400). The placeholder takes the same room,
/// so nothing moves under the pointer when the decoded picture arrives.
const ASPECT: f32 = 400.0 / 640.0;

/// Narrowest a picture is drawn when room is short (it can still be read at this size).
const MIN_WIDTH: f32 = 280.0;

/// The picture's width that fits in `max_width` × `max_height` (never wider than its 1× raster,
/// never narrower than [`MIN_WIDTH`]).
pub fn fitting_width(max_width: f32, max_height: f32) -> f32 {
    MAX_WIDTH
        .min(max_width)
        .min(max_height / ASPECT)
        .max(MIN_WIDTH)
}

pub fn illustration_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    page: &Page,
    illustration: &Illustration,
) {
    let request = Request {
        page_id: page.id.to_string(),
        image: illustration.image.clone(),
        scale: Scale::for_pixels_per_point(ui.ctx().pixels_per_point()),
    };
    match state.pictures.get(&request) {
        Some(Picture::Ready(texture)) => {
            let width = ui.available_width().min(MAX_WIDTH);
            let size = texture.size_vec2();
            let height = width * size.y / size.x.max(1.0);
            let response = ui.add(
                egui::Image::from_texture(texture)
                    .fit_to_exact_size(egui::vec2(width, height))
                    .corner_radius(4.0),
            );
            let alt = illustration.alt.clone();
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_role(egui::accesskit::Role::Image);
                node.set_label(alt);
            });
        }
        Some(Picture::Loading | Picture::Failed) | None => placeholder_ui(ui, state, illustration),
    }
}

fn placeholder_ui(ui: &mut egui::Ui, state: &AppState, illustration: &Illustration) {
    let caption = fill(
        &state.text.illustration_label,
        &[("alt", &illustration.alt)],
    );
    let width = ui.available_width().min(MAX_WIDTH);
    let margin = 16.0;
    egui::Frame::group(ui.style())
        .inner_margin(egui::Margin::same(16))
        .show(ui, |ui| {
            ui.set_width(width - 2.0 * margin);
            ui.set_min_height(width * ASPECT - 2.0 * margin);
            ui.label(egui::RichText::new(caption).italics());
        });
}
