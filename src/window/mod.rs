//! Every window (the guide, the «already open» and crash messages) opens the same way: the
//! renderers are tried in order ([`renderers::order`]) until one starts, a renderer that
//! failed — with an error or a panic inside its setup — is remembered for the next start, and
//! when none starts the user still gets a message (a native message box on Windows, standard
//! error elsewhere) and the log a line. Never nothing.

pub mod fit;
pub mod message;
pub mod renderers;

pub use renderers::Renderers;

use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::rc::Rc;

use crate::crash::{self, Phase};
use crate::instance::FocusRequests;
use renderers::Renderer;

/// What an app's creation may fail with (eframe's own alias is private).
pub type DynError = Box<dyn std::error::Error + Send + Sync>;

/// Makes the window's app; called again for each renderer tried.
pub type MakeApp<'a> =
    dyn FnMut(&eframe::CreationContext<'_>) -> Result<Box<dyn eframe::App>, DynError> + 'a;

/// Why no window could be shown.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("no renderer could start ({0})")]
    NoRenderer(String),
    #[error("the window could not start: {0}")]
    Other(String),
}

/// Opens a window and runs it until it closes. Returns the renderer that worked.
pub fn open(
    what: &str,
    options: &dyn Fn(Renderer) -> eframe::NativeOptions,
    renderers: &Renderers,
    focus: Option<FocusRequests>,
    make: &mut MakeApp<'_>,
) -> Result<Renderer, OpenError> {
    let mut failures: Vec<String> = Vec::new();
    let mut focus = focus;
    for &(renderer, reason) in &renderers.order {
        tracing::info!("{what}: starting with the {renderer} renderer ({reason})");
        crash::set_phase(Phase::Starting(renderer));
        let created = Rc::new(Cell::new(false));
        let created_in = created.clone();
        let focus_in = &mut focus;
        let make_now = &mut *make;
        let creator: eframe::AppCreator<'_> = Box::new(move |cc| {
            #[cfg(feature = "test-hooks")]
            if paalogging_core::test_hooks::armed(&format!("{renderer}-setup")) {
                // Stands in for a panic inside a renderer's own setup (egui's WGL `expect`).
                paalogging_core::test_hooks::crash_on_purpose(&format!("{renderer}-setup"));
            }
            created_in.set(true);
            crash::set_phase(Phase::Running(renderer));
            let app = make_now(cc)?;
            let focus = focus_in.take();
            if let Some(focus) = &focus {
                let ctx = cc.egui_ctx.clone();
                focus.set_wake(move || ctx.request_repaint());
            }
            Ok(Box::new(Window {
                app,
                focus,
                renderer,
                shown: false,
            }))
        });
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
            eframe::run_native("Påloggingshjelp", options(renderer), creator)
        }));
        let started = created.get();
        match result {
            Ok(Ok(())) => {
                crash::set_phase(Phase::NoWindow);
                return Ok(renderer);
            }
            Ok(Err(error)) if !started && is_renderer_failure(&error) => {
                tracing::warn!("{what}: the {renderer} renderer could not start: {error}");
                renderers.memory.record(renderer, true);
                failures.push(format!("{renderer}: {error}"));
            }
            Ok(Err(error)) => {
                crash::set_phase(Phase::NoWindow);
                tracing::error!("{what}: the window could not start with {renderer}: {error}");
                return Err(OpenError::Other(error.to_string()));
            }
            Err(payload) if !started => {
                let panic = crash::take_setup_panic()
                    .unwrap_or_else(|| paalogging_core::redact::panic_text(payload.as_ref()));
                tracing::warn!("{what}: the {renderer} renderer panicked while starting: {panic}");
                renderers.memory.record(renderer, true);
                failures.push(format!("{renderer}: {panic}"));
            }
            // A crash in the running window: the hook wrote the crash file and started the
            // message; end this process as the panic would have.
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
    crash::set_phase(Phase::NoWindow);
    Err(OpenError::NoRenderer(failures.join("; ")))
}

/// Says that no window could open, where the user will see it: a message box on Windows
/// (a release build there has no console), standard error elsewhere; and a log line.
pub fn report_no_window(message: &str, error: &dyn std::fmt::Display) {
    tracing::error!("no window could be shown: {error}");
    eprintln!("{message}\n({error})");
    #[cfg(windows)]
    message_box(message);
}

#[cfg(windows)]
fn message_box(message: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MB_ICONERROR, MB_OK, MessageBoxW};
    let wide = |text: &str| -> Vec<u16> { text.encode_utf16().chain(Some(0)).collect() };
    let text = wide(message);
    let caption = wide("Påloggingshjelp");
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            caption.as_ptr(),
            MB_OK | MB_ICONERROR,
        );
    }
}

/// The logs folder, for messages that point to it.
pub fn logs_hint(log_dir: Option<&PathBuf>) -> String {
    log_dir.map(|d| d.display().to_string()).unwrap_or_default()
}

/// Wraps every window's app: answers second launches, notes the first frame in the log, and
/// carries the test-only crash point.
struct Window {
    app: Box<dyn eframe::App>,
    focus: Option<FocusRequests>,
    renderer: Renderer,
    shown: bool,
}

impl eframe::App for Window {
    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        if let Some(focus) = &self.focus {
            for request in focus.pending() {
                bring_to_front(ctx);
                tracing::info!("a second launch asked for this window: restored and focused");
                request.done();
            }
        }
        self.app.logic(ctx, frame);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if !self.shown {
            self.shown = true;
            tracing::info!("window shown with the {} renderer", self.renderer);
        }
        #[cfg(feature = "test-hooks")]
        if paalogging_core::test_hooks::armed("ui") {
            paalogging_core::test_hooks::crash_on_purpose("ui");
        }
        self.app.ui(ui, frame);
    }

    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        self.app.on_exit(gl);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.app.save(storage);
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        self.app.clear_color(visuals)
    }

    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.app.raw_input_hook(ctx, raw_input);
    }
}

/// Restores a minimised window and gives it the keyboard focus.
pub fn bring_to_front(ctx: &egui::Context) {
    ctx.send_viewport_cmd(egui::ViewportCommand::Visible(true));
    ctx.send_viewport_cmd(egui::ViewportCommand::Minimized(false));
    ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
    ctx.request_repaint();
}

/// eframe's name for a renderer.
pub fn eframe_renderer(renderer: Renderer) -> eframe::Renderer {
    match renderer {
        Renderer::Glow => eframe::Renderer::Glow,
        Renderer::Wgpu => eframe::Renderer::Wgpu,
    }
}

/// Whether a start failure is the renderer's (worth trying the next one) rather than the app's.
pub fn is_renderer_failure(error: &eframe::Error) -> bool {
    match error {
        eframe::Error::Glutin(_)
        | eframe::Error::NoGlutinConfigs(..)
        | eframe::Error::OpenGL(_)
        | eframe::Error::Wgpu(_) => true,
        eframe::Error::AppCreation(_)
        | eframe::Error::Winit(_)
        | eframe::Error::WinitEventLoop(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_renderer_errors_fall_back() {
        assert!(is_renderer_failure(&eframe::Error::OpenGL(
            eframe::egui_glow::PainterError::from("egui_glow requires opengl 2.0+".to_owned())
        )));
        assert!(!is_renderer_failure(&eframe::Error::AppCreation(
            "bad config".into()
        )));
    }

    #[test]
    fn bring_to_front_restores_and_focuses() {
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| bring_to_front(ui.ctx()));
        // The font atlas of this first frame is not painted anywhere.
        output.textures_delta.clear();
        let commands: Vec<_> = output
            .viewport_output
            .values()
            .flat_map(|viewport| viewport.commands.iter().cloned())
            .collect();
        assert!(
            commands.contains(&egui::ViewportCommand::Minimized(false)),
            "{commands:?}"
        );
        assert!(
            commands.contains(&egui::ViewportCommand::Focus),
            "{commands:?}"
        );
    }
}
