//! The window's first size: the screen's work area. winit tells the monitor's size only once the
//! window exists, so the window opens at a safe default and is fitted on the first frame.

use egui::{Vec2, vec2};

/// Height a taskbar and the window's title bar take (Windows: 40 + 32 points).
const TASKBAR_AND_TITLE: f32 = 72.0;
/// Screens up to this size get a maximised window (the system then fits it to the work area
/// exactly, wherever the taskbar is); larger ones a window of this size.
const LARGEST: Vec2 = vec2(1920.0, 1200.0);
/// Smallest first size (the window's minimum size).
const SMALLEST: Vec2 = vec2(640.0, 480.0);

/// What the window does on the first frame on a monitor of this size (in points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Inner size: the monitor less taskbar and title bar, at most [`LARGEST`].
    pub size: Vec2,
    /// Top-left corner of the window: centred across, at the top (the taskbar is most often at
    /// the bottom).
    pub position: egui::Pos2,
    pub maximise: bool,
}

pub fn fit(monitor: Vec2) -> Fit {
    let work = vec2(monitor.x, monitor.y - TASKBAR_AND_TITLE);
    let size = work.min(LARGEST).max(SMALLEST);
    let position = egui::pos2(((monitor.x - size.x) / 2.0).max(0.0), 0.0);
    Fit {
        size,
        position,
        maximise: monitor.x <= LARGEST.x && work.y <= LARGEST.y,
    }
}

/// Fits the window to the screen once, on the first frame that knows the monitor's size.
pub fn fit_to_screen_once(ctx: &egui::Context) {
    let done = egui::Id::unique("paalogging_window_fitted");
    if ctx.data(|d| d.get_temp::<bool>(done)).unwrap_or(false) {
        return;
    }
    let Some(monitor) = ctx.input(|i| i.viewport().monitor_size) else {
        return;
    };
    ctx.data_mut(|d| d.insert_temp(done, true));
    let fit = fit(monitor);
    tracing::debug!("monitor {monitor:?}: window {fit:?}");
    // Size and place it first, for window managers that do not maximise.
    ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(fit.size));
    ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(fit.position));
    if fit.maximise {
        ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_screens_get_the_work_area() {
        let laptop = fit(vec2(1366.0, 768.0));
        assert_eq!(laptop.size, vec2(1366.0, 696.0));
        assert!(laptop.maximise);
        assert_eq!(laptop.position, egui::pos2(0.0, 0.0));
        let full_hd = fit(vec2(1920.0, 1080.0));
        assert_eq!(full_hd.size, vec2(1920.0, 1008.0));
        assert!(full_hd.maximise);
        // A big screen: a window of a comfortable size in the middle, not the whole screen.
        let big = fit(vec2(2560.0, 1440.0));
        assert_eq!(big.size, LARGEST);
        assert!(!big.maximise);
        assert_eq!(big.position.x, 320.0);
        // A tiny screen never gets less than the minimum size.
        assert_eq!(fit(vec2(600.0, 400.0)).size, SMALLEST);
    }
}
