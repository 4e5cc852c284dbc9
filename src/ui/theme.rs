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

/// Sizes, spacing and colours for both themes; `high_contrast` makes text and outlines
/// black on white (white on black in dark mode).
pub fn apply(ctx: &egui::Context, high_contrast: bool) {
    // Follow the OS's light or dark mode; when it says nothing, the light theme.
    ctx.options_mut(|options| options.fallback_theme = egui::Theme::Light);
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        ctx.set_visuals_of(theme, visuals(theme, high_contrast));
    }
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

fn visuals(theme: egui::Theme, high_contrast: bool) -> egui::Visuals {
    let dark = theme == egui::Theme::Dark;
    let mut visuals = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    // Body text darker than egui's default grey: well above 4.5:1 on the panel colour.
    let (text, background) = if dark {
        (Color32::from_gray(235), Color32::from_gray(27))
    } else {
        (Color32::from_gray(20), Color32::from_gray(248))
    };
    visuals.widgets.noninteractive.fg_stroke.color = text;
    visuals.panel_fill = background;
    // Fields and buttons keep a visible outline (non-text contrast at least 3:1).
    let outline = if dark {
        Color32::from_gray(150)
    } else {
        Color32::from_gray(110)
    };
    visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, outline);
    // Keyboard focus is always visible: a focused widget gets a thick outline.
    let focus = if dark {
        Color32::from_rgb(0x93, 0xC5, 0xFD)
    } else {
        PRIMARY
    };
    visuals.widgets.hovered.bg_stroke = egui::Stroke::new(2.0, focus);
    visuals.selection.stroke = egui::Stroke::new(2.0, focus);
    if high_contrast {
        let (text, background) = if dark {
            (Color32::WHITE, Color32::BLACK)
        } else {
            (Color32::BLACK, Color32::WHITE)
        };
        visuals.override_text_color = Some(text);
        visuals.panel_fill = background;
        visuals.window_fill = background;
        visuals.extreme_bg_color = background;
        for widget in [
            &mut visuals.widgets.noninteractive,
            &mut visuals.widgets.inactive,
            &mut visuals.widgets.open,
        ] {
            widget.bg_stroke = egui::Stroke::new(1.5, text);
            widget.fg_stroke.color = text;
        }
        visuals.widgets.inactive.weak_bg_fill = background;
        visuals.widgets.inactive.bg_fill = background;
        visuals.widgets.hovered.bg_stroke = egui::Stroke::new(3.0, text);
        visuals.widgets.active.bg_stroke = egui::Stroke::new(3.0, text);
    }
    visuals
}
