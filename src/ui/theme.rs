//! Sizes and colours: calm, readable, body text at least 16 px, text contrast at least 4.5:1.

use egui::{Color32, FontFamily, FontId, TextStyle};

/// Primary button fill (white text on it has a contrast of about 8.6:1).
pub const PRIMARY: Color32 = Color32::from_rgb(0x1D, 0x4E, 0xD8);
pub const PRIMARY_TEXT: Color32 = Color32::WHITE;
/// Warning text, readable on both the light and the dark background.
pub const WARNING_LIGHT: Color32 = Color32::from_rgb(0x9A, 0x34, 0x12);
pub const WARNING_DARK: Color32 = Color32::from_rgb(0xFD, 0xBA, 0x74);
pub const OK_LIGHT: Color32 = Color32::from_rgb(0x16, 0x65, 0x34);
pub const OK_DARK: Color32 = Color32::from_rgb(0x86, 0xEF, 0xAC);

pub const BODY_SIZE: f32 = 18.0;

pub fn apply(ctx: &egui::Context) {
    // Follow the OS's light or dark mode; when it says nothing, the light theme.
    ctx.options_mut(|options| options.fallback_theme = egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Heading,
                FontId::new(26.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Body,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Button,
                FontId::new(BODY_SIZE, FontFamily::Proportional),
            ),
            (
                TextStyle::Small,
                FontId::new(16.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(17.0, FontFamily::Monospace),
            ),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 10.0);
        style.spacing.button_padding = egui::vec2(14.0, 8.0);
        style.spacing.interact_size.y = 32.0;
        style.spacing.icon_width = 22.0;
        style.spacing.icon_width_inner = 12.0;
    });
}

pub fn warning_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        WARNING_DARK
    } else {
        WARNING_LIGHT
    }
}

pub fn ok_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        OK_DARK
    } else {
        OK_LIGHT
    }
}
