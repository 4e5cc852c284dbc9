//! The window's size: never larger than the screen's work area (the screen less the taskbar), at
//! start and after every change of text size. winit tells the monitor's size only once the window
//! exists, so the window opens at a safe default and is fitted on the first frame; a text size
//! change makes egui's points larger, so the window is checked again then.
//!
//! The arithmetic ([`first_fit`], [`clamp`]) is pure and works in *native points* (the OS's logical
//! pixels, before the app's own text size): the window in points shrinks as the text grows.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

/// Height a taskbar takes where the OS does not tell the work area (Windows 11: 48 points).
const TASKBAR: f32 = 48.0;
/// Height of a title bar, for the first size before the window knows its own frame.
const TITLE_BAR: f32 = 32.0;
/// Screens up to this size get a maximised window (the system then fits it to the work area
/// exactly, wherever the taskbar is); larger ones a window of this size.
const LARGEST: Vec2 = vec2(1920.0, 1200.0);
/// Smallest size the user can drag the window to, in native points, unless the screen is
/// smaller still. (In egui's points it is this divided by the text size: 200 % text must not
/// make the smallest window larger than the screen.)
pub const SMALLEST: Vec2 = vec2(480.0, 360.0);

/// What the window does on the first frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// Inner size: the work area less a title bar, at most [`LARGEST`].
    pub size: Vec2,
    /// Top-left corner of the window: centred across, at the top of the work area.
    pub position: Pos2,
    pub maximise: bool,
}

/// The first size and place for a window on a screen whose work area is `work`.
pub fn first_fit(work: Rect) -> Fit {
    let room = vec2(work.width(), work.height() - TITLE_BAR).max(Vec2::splat(1.0));
    let size = room.min(LARGEST);
    let position = pos2(
        work.min.x + ((work.width() - size.x) / 2.0).max(0.0),
        work.min.y,
    );
    Fit {
        size,
        position,
        maximise: work.width() <= LARGEST.x && room.y <= LARGEST.y,
    }
}

/// Where and how large the window must be to lie wholly inside `work`, or `None` when it
/// already does. `outer` is the window with its frame and title bar, `inner` the part egui
/// draws in; the frame keeps its size. All in the same units.
pub fn clamp(outer: Rect, inner: Vec2, work: Rect) -> Option<(Vec2, Pos2)> {
    let frame = (outer.size() - inner).max(Vec2::ZERO);
    let largest_inner = (work.size() - frame).max(Vec2::splat(1.0));
    let size = inner.min(largest_inner);
    let outer_size = size + frame;
    let x = outer.min.x.min(work.max.x - outer_size.x).max(work.min.x);
    let y = outer.min.y.min(work.max.y - outer_size.y).max(work.min.y);
    let position = pos2(x, y);
    let moved = (position - outer.min).length() > 0.5;
    let resized = (size - inner).length() > 0.5;
    (moved || resized).then_some((size, position))
}

/// The smallest window in egui's points at this text size, never larger than the work area.
pub fn smallest_inner(zoom: f32, work: Rect) -> Vec2 {
    SMALLEST
        .min(work.size() - vec2(0.0, TITLE_BAR))
        .max(Vec2::splat(1.0))
        / zoom.max(0.1)
}

/// What was last fitted: the zoom factor, so a text size change is noticed.
#[derive(Clone, Copy)]
struct Fitted {
    zoom: f32,
}

/// Fits the window to the screen on the first frame that knows the monitor's size, and keeps it
/// inside the work area whenever the text size changes.
pub fn keep_on_screen(ctx: &egui::Context) {
    let memory = egui::Id::unique("paalogging_window_fitted");
    let zoom = ctx.zoom_factor();
    let fitted = ctx.data(|d| d.get_temp::<Fitted>(memory));
    if fitted.is_some_and(|f| (f.zoom - zoom).abs() < 0.001) {
        return;
    }
    let (monitor, outer, inner, maximised, native_ppp) = ctx.input(|i| {
        let v = i.viewport();
        (
            v.monitor_size,
            v.outer_rect,
            v.inner_rect,
            v.maximized.unwrap_or(false),
            v.native_pixels_per_point.unwrap_or(1.0),
        )
    });
    let Some(monitor) = monitor else {
        return;
    };
    ctx.data_mut(|d| d.insert_temp(memory, Fitted { zoom }));
    // In native points, the units of the OS and of the pure functions above.
    let work = work_area(native_ppp).unwrap_or_else(|| {
        let screen = monitor * zoom;
        Rect::from_min_size(Pos2::ZERO, vec2(screen.x, screen.y - TASKBAR))
    });
    let to_points = |v: Vec2| v / zoom;
    ctx.send_viewport_cmd(egui::ViewportCommand::MinInnerSize(smallest_inner(
        zoom, work,
    )));
    if fitted.is_none() {
        let fit = first_fit(work);
        tracing::debug!("work area {work:?} (native points): window {fit:?}");
        // Size and place it first, for window managers that do not maximise.
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(to_points(fit.size)));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(
            (fit.position.to_vec2() / zoom).to_pos2(),
        ));
        if fit.maximise {
            ctx.send_viewport_cmd(egui::ViewportCommand::Maximized(true));
        }
        return;
    }
    // A maximised window already fills the work area, whatever the text size.
    let (Some(outer), Some(inner), false) = (outer, inner, maximised) else {
        return;
    };
    let native = |r: Rect| {
        Rect::from_min_max(
            (r.min.to_vec2() * zoom).to_pos2(),
            (r.max.to_vec2() * zoom).to_pos2(),
        )
    };
    if let Some((size, position)) = clamp(native(outer), inner.size() * zoom, work) {
        tracing::debug!("text size {zoom}: window clamped to {size:?} at {position:?}");
        ctx.send_viewport_cmd(egui::ViewportCommand::InnerSize(to_points(size)));
        ctx.send_viewport_cmd(egui::ViewportCommand::OuterPosition(
            (position.to_vec2() / zoom).to_pos2(),
        ));
    }
}

/// The primary screen's work area (without the taskbar) in native points, from Windows.
#[cfg(windows)]
fn work_area(native_pixels_per_point: f32) -> Option<Rect> {
    use windows_sys::Win32::Foundation::RECT;
    use windows_sys::Win32::UI::WindowsAndMessaging::{SPI_GETWORKAREA, SystemParametersInfoW};
    let mut rect = RECT {
        left: 0,
        top: 0,
        right: 0,
        bottom: 0,
    };
    // SAFETY: SPI_GETWORKAREA writes one RECT to the pointer given, which lives on this stack.
    let ok = unsafe { SystemParametersInfoW(SPI_GETWORKAREA, 0, (&raw mut rect).cast(), 0) };
    if ok == 0 || rect.right <= rect.left || rect.bottom <= rect.top {
        return None;
    }
    // winit makes the process DPI-aware, so the rectangle is in physical pixels.
    let scale = native_pixels_per_point.max(0.1);
    let point = |x: i32, y: i32| pos2(x as f32 / scale, y as f32 / scale);
    Some(Rect::from_min_max(
        point(rect.left, rect.top),
        point(rect.right, rect.bottom),
    ))
}

/// Elsewhere the monitor's size less a taskbar's height stands in for the work area.
#[cfg(not(windows))]
fn work_area(_native_pixels_per_point: f32) -> Option<Rect> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(width: f32, height: f32) -> Rect {
        Rect::from_min_size(Pos2::ZERO, vec2(width, height - TASKBAR))
    }

    #[test]
    fn common_screens_get_the_work_area() {
        let laptop = first_fit(screen(1366.0, 768.0));
        assert_eq!(laptop.size, vec2(1366.0, 688.0));
        assert!(laptop.maximise);
        assert_eq!(laptop.position, pos2(0.0, 0.0));
        let full_hd = first_fit(screen(1920.0, 1080.0));
        assert_eq!(full_hd.size, vec2(1920.0, 1000.0));
        assert!(full_hd.maximise);
        // A big screen: a window of a comfortable size in the middle, not the whole screen.
        let big = first_fit(screen(2560.0, 1440.0));
        assert_eq!(big.size, LARGEST);
        assert!(!big.maximise);
        assert_eq!(big.position.x, 320.0);
        // A tiny screen: the window still fits on it.
        let tiny = first_fit(screen(600.0, 400.0));
        assert!(tiny.size.x <= 600.0 && tiny.size.y + TITLE_BAR <= 400.0 - TASKBAR);
    }

    #[test]
    fn a_window_larger_than_the_work_area_is_clamped_into_it() {
        let work = screen(1366.0, 768.0);
        // What 200 % text did: a 1280×960 window with a 32-point title bar on a 768-high screen.
        let outer = Rect::from_min_size(pos2(40.0, 0.0), vec2(1280.0, 992.0));
        let (size, position) = clamp(outer, vec2(1280.0, 960.0), work).expect("clamped");
        assert_eq!(size, vec2(1280.0, 720.0 - 32.0));
        let placed = Rect::from_min_size(position, size + vec2(0.0, 32.0));
        assert!(work.contains_rect(placed), "{placed:?} in {work:?}");
        // The width fitted already and stays; the window keeps its place across.
        assert_eq!(position, pos2(40.0, 0.0));
        // Off the right edge: moved back, not shrunk.
        let outer = Rect::from_min_size(pos2(600.0, 10.0), vec2(900.0, 632.0));
        let (size, position) = clamp(outer, vec2(900.0, 600.0), work).expect("moved");
        assert_eq!(size, vec2(900.0, 600.0));
        assert_eq!(position, pos2(1366.0 - 900.0, 10.0));
        // A work area that does not start at 0 (taskbar at the top).
        let top_bar = Rect::from_min_max(pos2(0.0, 48.0), pos2(1366.0, 768.0));
        let outer = Rect::from_min_size(pos2(0.0, 0.0), vec2(1366.0, 768.0));
        let (size, position) = clamp(outer, vec2(1366.0, 736.0), top_bar).expect("clamped");
        assert_eq!((size, position), (vec2(1366.0, 688.0), pos2(0.0, 48.0)));
    }

    #[test]
    fn a_window_inside_the_work_area_is_left_alone() {
        let work = screen(1366.0, 768.0);
        let outer = Rect::from_min_size(pos2(100.0, 20.0), vec2(960.0, 600.0));
        assert_eq!(clamp(outer, vec2(960.0, 568.0), work), None);
    }

    #[test]
    fn the_smallest_window_never_outgrows_the_screen_at_large_text() {
        let work = screen(1366.0, 768.0);
        let at_200 = smallest_inner(2.0, work);
        assert_eq!(at_200 * 2.0, SMALLEST);
        let tiny = screen(400.0, 300.0);
        let smallest = smallest_inner(1.0, tiny);
        assert!(
            smallest.x <= 400.0 && smallest.y <= 300.0 - TASKBAR,
            "{smallest:?}"
        );
    }
}
