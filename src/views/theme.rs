//! Sizes and colours: calm, readable, body text at least 16 px, text contrast at least 4.5:1.

use egui::{Color32, FontFamily, FontId, TextStyle};

/// Primary button fill: white text on it 5.2:1, and at least 3:1 against both the light and the
/// dark background, so one colour serves both (the contrast test checks it).
pub const PRIMARY: Color32 = Color32::from_rgb(0x25, 0x63, 0xEB);
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
        // A scroll bar that is always there and easy to see and grab, in the text colour; egui's
        // default is a thin bar that fades out.
        style.spacing.scroll = egui::style::ScrollStyle {
            bar_width: 12.0,
            foreground_color: true,
            ..egui::style::ScrollStyle::solid()
        };
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

pub fn visuals(theme: egui::Theme, high_contrast: bool) -> egui::Visuals {
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
    // One look for every secondary action: the field colour with an outline and dark text.
    // (egui's grey fill reads as a disabled button.)
    let (field, hover_fill, press_fill) = if dark {
        (
            Color32::from_gray(40),
            Color32::from_rgb(0x1E, 0x2A, 0x44),
            Color32::from_rgb(0x1E, 0x3A, 0x8A),
        )
    } else {
        (
            Color32::WHITE,
            Color32::from_rgb(0xEF, 0xF4, 0xFF),
            Color32::from_rgb(0xDB, 0xE6, 0xFE),
        )
    };
    for widget in [
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.fg_stroke.color = text;
    }
    visuals.widgets.inactive.weak_bg_fill = field;
    visuals.widgets.inactive.bg_fill = field;
    visuals.widgets.hovered.weak_bg_fill = hover_fill;
    visuals.widgets.hovered.bg_fill = hover_fill;
    visuals.widgets.active.weak_bg_fill = press_fill;
    visuals.widgets.active.bg_fill = press_fill;
    visuals.widgets.open.weak_bg_fill = hover_fill;
    visuals.extreme_bg_color = field;
    // Keyboard focus is always visible: a focused control gets a 3-point ring (drawn by
    // `ui::focus_ring_ui` in this colour).
    let focus = if dark {
        Color32::from_rgb(0x93, 0xC5, 0xFD)
    } else {
        PRIMARY
    };
    visuals.widgets.hovered.bg_stroke = egui::Stroke::new(2.0, focus);
    visuals.widgets.active.bg_stroke = egui::Stroke::new(2.0, focus);
    visuals.widgets.open.bg_stroke = egui::Stroke::new(2.0, focus);
    // Selected items (the chosen language, text size) keep the body text colour on a light
    // tint; the focus colour lives on the hovered outline (see `focus_color`).
    visuals.selection.stroke = egui::Stroke::new(2.0, text);
    visuals.selection.bg_fill = if dark {
        Color32::from_rgb(0x1E, 0x3A, 0x8A)
    } else {
        Color32::from_rgb(0xBF, 0xD3, 0xFE)
    };
    visuals.hyperlink_color = focus;
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
        visuals.selection.stroke = egui::Stroke::new(2.0, text);
        visuals.hyperlink_color = text;
    }
    visuals
}

/// Width of the keyboard focus ring (WCAG 2.4.7; at least 2 points).
pub const FOCUS_WIDTH: f32 = 3.0;
const _: () = assert!(
    FOCUS_WIDTH >= 2.0,
    "WCAG 2.4.7 wants a clearly visible focus ring"
);

/// The colour of the keyboard focus ring.
pub fn focus_color(visuals: &egui::Visuals) -> Color32 {
    visuals.widgets.hovered.bg_stroke.color
}

/// The filled part of the progress bar: the focus colour, or the text colour in high contrast.
pub fn progress_fill(visuals: &egui::Visuals) -> Color32 {
    visuals.override_text_color.unwrap_or(focus_color(visuals))
}

/// The outline of the progress bar's track and of every control.
pub fn outline(visuals: &egui::Visuals) -> egui::Stroke {
    visuals.widgets.inactive.bg_stroke
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2.1 relative luminance of an sRGB colour.
    fn luminance(color: Color32) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(color.r()) + 0.7152 * channel(color.g()) + 0.0722 * channel(color.b())
    }

    fn contrast(a: Color32, b: Color32) -> f64 {
        let (a, b) = (luminance(a), luminance(b));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    #[test]
    fn contrast_is_computed_right() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
        // egui's own light-grey button fill under white: the look that read as disabled.
        assert!(contrast(Color32::from_gray(230), Color32::from_gray(248)) < 1.2);
    }

    /// WCAG 1.4.3 (text at least 4.5:1) and 1.4.11 (controls, focus ring and progress bar at
    /// least 3:1) for every colour pair the theme draws, light and dark, normal and high contrast.
    #[test]
    fn every_colour_pair_meets_wcag_aa() {
        for theme in [egui::Theme::Light, egui::Theme::Dark] {
            for high_contrast in [false, true] {
                let v = visuals(theme, high_contrast);
                let dark = theme == egui::Theme::Dark;
                let (warning, ok) = if dark {
                    (WARNING_DARK, OK_DARK)
                } else {
                    (WARNING_LIGHT, OK_LIGHT)
                };
                let panel = v.panel_fill;
                let w = &v.widgets;
                let text = [
                    ("body text on the page", v.text_color(), panel),
                    ("body text in a field", v.text_color(), v.extreme_bg_color),
                    ("text on the primary button", PRIMARY_TEXT, PRIMARY),
                    ("warning text", warning, panel),
                    ("«i orden» and «Kopiert»", ok, panel),
                    (
                        "secondary button text",
                        v.override_text_color.unwrap_or(w.inactive.fg_stroke.color),
                        w.inactive.weak_bg_fill,
                    ),
                    (
                        "secondary button text, pointer over it",
                        v.override_text_color.unwrap_or(w.hovered.fg_stroke.color),
                        w.hovered.weak_bg_fill,
                    ),
                    (
                        "secondary button text, pressed",
                        v.override_text_color.unwrap_or(w.active.fg_stroke.color),
                        w.active.weak_bg_fill,
                    ),
                    (
                        "selected item text",
                        v.override_text_color.unwrap_or(v.selection.stroke.color),
                        v.selection.bg_fill,
                    ),
                ];
                let controls = [
                    ("control outline", outline(&v).color, panel),
                    (
                        "control outline on its fill",
                        outline(&v).color,
                        w.inactive.weak_bg_fill,
                    ),
                    ("primary button", PRIMARY, panel),
                    ("focus ring", focus_color(&v), panel),
                    ("progress done", progress_fill(&v), v.extreme_bg_color),
                    ("progress track outline", outline(&v).color, panel),
                    ("warning box outline", warning, panel),
                ];
                let context = format!("{theme:?}, high contrast {high_contrast}");
                for (what, fg, bg) in text {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= 4.5,
                        "{context}: {what} {fg:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
                for (what, fg, bg) in controls {
                    let ratio = contrast(fg, bg);
                    assert!(
                        ratio >= 3.0,
                        "{context}: {what} {fg:?} on {bg:?} is {ratio:.2}:1"
                    );
                }
            }
        }
    }
}
