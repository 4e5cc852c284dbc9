//! Which renderer to start with: the light one (glow, OpenGL 2+) first, wgpu when glow cannot
//! start (VMs and remote desktops without OpenGL 2), or the one forced on the command line.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    Glow,
    Wgpu,
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Glow => "glow",
            Self::Wgpu => "wgpu",
        })
    }
}

impl From<Renderer> for eframe::Renderer {
    fn from(renderer: Renderer) -> Self {
        match renderer {
            Renderer::Glow => Self::Glow,
            Renderer::Wgpu => Self::Wgpu,
        }
    }
}

/// The renderers to try, in order.
pub fn attempts(forced: Option<Renderer>) -> Vec<Renderer> {
    match forced {
        Some(renderer) => vec![renderer],
        None => vec![Renderer::Glow, Renderer::Wgpu],
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
    fn glow_first_then_wgpu_unless_forced() {
        assert_eq!(attempts(None), vec![Renderer::Glow, Renderer::Wgpu]);
        assert_eq!(attempts(Some(Renderer::Wgpu)), vec![Renderer::Wgpu]);
        assert_eq!(attempts(Some(Renderer::Glow)), vec![Renderer::Glow]);
    }

    #[test]
    fn only_renderer_errors_fall_back() {
        assert!(is_renderer_failure(&eframe::Error::OpenGL(
            eframe::egui_glow::PainterError::from("egui_glow requires opengl 2.0+".to_owned())
        )));
        assert!(!is_renderer_failure(&eframe::Error::AppCreation(
            "bad config".into()
        )));
    }
}
