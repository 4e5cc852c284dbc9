//! The renderers the window can start with, by name: a configuration value (`app.renderer`)
//! and a command-line choice. Which one is tried when is the window's business.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Renderer {
    Glow,
    Wgpu,
}

impl Renderer {
    /// Lightest first: the default order when nothing is known.
    pub const ALL: [Renderer; 2] = [Renderer::Glow, Renderer::Wgpu];

    pub fn name(self) -> &'static str {
        match self {
            Self::Glow => "glow",
            Self::Wgpu => "wgpu",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Renderer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
