//! Which renderer to start with, and what this user's machine taught us about them.
//!
//! The light one (glow, OpenGL 2+) comes first; wgpu (DX12/Vulkan/Metal, with software
//! adapters such as WARP) when glow cannot start — VMs and remote desktops without OpenGL 2. A
//! renderer that failed is remembered per user, so the next start goes straight to the one that
//! works; after an app update the lighter one is tried again (drivers and our code may have
//! changed). IT can pin one with `app.renderer`, the command line with `--renderer`; the others
//! are still tried after it, so the user never gets nothing.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use paalogging_core::config::Renderer;

/// The renderers to try for this user, in order, and where their failures are remembered.
pub struct Renderers {
    pub order: Vec<(Renderer, Reason)>,
    pub memory: MemoryFile,
}

impl Renderers {
    /// The order for this user: `--renderer`, then `app.renderer`, then what the user's data
    /// folder remembers for this version.
    pub fn for_user(
        command_line: Option<Renderer>,
        configured: Option<Renderer>,
        data_dir: Option<&Path>,
    ) -> Self {
        let memory = MemoryFile::new(data_dir, env!("CARGO_PKG_VERSION"));
        let order = order(command_line, configured, &memory.load());
        Self { order, memory }
    }
}

/// Why a renderer comes where it does in the order (for the log line of each attempt).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    CommandLine,
    Configured,
    Default,
    /// It failed on an earlier start of this app version; tried last.
    FailedBefore,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CommandLine => "chosen with --renderer",
            Self::Configured => "chosen by app.renderer in the configuration",
            Self::Default => "default order, lightest first",
            Self::FailedBefore => "it failed before on this machine, so it is tried last",
        })
    }
}

/// The renderers to try, in order, each with why. The command line beats the configuration,
/// which beats what the machine taught us; every renderer appears once.
pub fn order(
    command_line: Option<Renderer>,
    configured: Option<Renderer>,
    memory: &Memory,
) -> Vec<(Renderer, Reason)> {
    let mut order: Vec<(Renderer, Reason)> = Vec::new();
    let mut push = |renderer: Renderer, reason: Reason| {
        if !order.iter().any(|(r, _)| *r == renderer) {
            order.push((renderer, reason));
        }
    };
    if let Some(renderer) = command_line {
        push(renderer, Reason::CommandLine);
    }
    if let Some(renderer) = configured {
        push(renderer, Reason::Configured);
    }
    for renderer in Renderer::ALL {
        if !memory.failed(renderer) {
            push(renderer, Reason::Default);
        }
    }
    for renderer in Renderer::ALL {
        push(renderer, Reason::FailedBefore);
    }
    order
}

/// What failed on this machine, for this app version. Stored in the user's data folder.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Memory {
    /// The app version that learnt it: a different version starts from scratch.
    version: String,
    failed: Vec<Renderer>,
}

impl Memory {
    pub fn failed(&self, renderer: Renderer) -> bool {
        self.failed.contains(&renderer)
    }
}

/// The memory file. Problems reading or writing it are logged and cost only a slower start.
#[derive(Clone, Debug)]
pub struct MemoryFile {
    path: Option<PathBuf>,
    version: String,
}

impl MemoryFile {
    /// `data_dir`: the user's data folder (`None`: nothing is remembered).
    pub fn new(data_dir: Option<&Path>, app_version: &str) -> Self {
        Self {
            path: data_dir.map(|dir| dir.join("renderer.json")),
            version: app_version.to_owned(),
        }
    }

    /// What is known for this version; an older version's memory or an unreadable file gives
    /// the default order.
    pub fn load(&self) -> Memory {
        let Some(path) = &self.path else {
            return Memory::default();
        };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Memory::default();
            }
            Err(error) => {
                tracing::warn!("renderer memory {} not read: {error}", path.display());
                return Memory::default();
            }
        };
        match serde_json::from_str::<Memory>(&text) {
            Ok(memory) if memory.version == self.version => memory,
            Ok(memory) => {
                tracing::info!(
                    "renderer memory is from version {}, this is {}: trying the lighter renderer again",
                    memory.version,
                    self.version
                );
                Memory::default()
            }
            Err(error) => {
                tracing::warn!("renderer memory {} ignored: {error}", path.display());
                Memory::default()
            }
        }
    }

    /// Notes that `renderer` could not start (or that it did, when `failed` is false).
    pub fn record(&self, renderer: Renderer, failed: bool) {
        let mut memory = self.load();
        if memory.failed(renderer) == failed {
            return;
        }
        memory.version.clone_from(&self.version);
        if failed {
            memory.failed.push(renderer);
        } else {
            memory.failed.retain(|r| *r != renderer);
        }
        let Some(path) = &self.path else {
            return;
        };
        let written = serde_json::to_vec_pretty(&memory)
            .map_err(std::io::Error::other)
            .and_then(|bytes| paalogging_core::atomic_file::write_atomic(path, &bytes));
        match written {
            Ok(()) => tracing::info!(
                "remembered that the {renderer} renderer {}",
                if failed { "fails here" } else { "works here" }
            ),
            Err(error) => tracing::warn!("renderer memory {} not saved: {error}", path.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderers(order: &[(Renderer, Reason)]) -> Vec<Renderer> {
        order.iter().map(|(r, _)| *r).collect()
    }

    #[test]
    fn glow_first_then_wgpu_by_default() {
        let order = order(None, None, &Memory::default());
        assert_eq!(
            order,
            vec![
                (Renderer::Glow, Reason::Default),
                (Renderer::Wgpu, Reason::Default)
            ]
        );
    }

    #[test]
    fn command_line_then_configuration_then_the_rest() {
        let memory = Memory::default();
        let both = order(Some(Renderer::Wgpu), Some(Renderer::Glow), &memory);
        assert_eq!(
            both,
            vec![
                (Renderer::Wgpu, Reason::CommandLine),
                (Renderer::Glow, Reason::Configured)
            ]
        );
        let configured = order(None, Some(Renderer::Wgpu), &memory);
        assert_eq!(renderers(&configured), vec![Renderer::Wgpu, Renderer::Glow]);
        assert_eq!(configured[0].1, Reason::Configured);
    }

    #[test]
    fn a_renderer_that_failed_goes_last() {
        let memory = Memory {
            version: "1.0.0".into(),
            failed: vec![Renderer::Glow],
        };
        let order = order(None, None, &memory);
        assert_eq!(
            order,
            vec![
                (Renderer::Wgpu, Reason::Default),
                (Renderer::Glow, Reason::FailedBefore)
            ]
        );
    }

    #[test]
    fn memory_is_kept_per_version_and_forgotten_after_an_update() {
        let dir = tempfile::tempdir().expect("tempdir");
        let v1 = MemoryFile::new(Some(dir.path()), "1.0.0");
        assert_eq!(v1.load(), Memory::default());
        v1.record(Renderer::Glow, true);
        assert!(v1.load().failed(Renderer::Glow));
        assert!(!v1.load().failed(Renderer::Wgpu));
        // The next start of the same version goes straight to wgpu.
        assert_eq!(
            renderers(&order(None, None, &v1.load())),
            vec![Renderer::Wgpu, Renderer::Glow]
        );
        // An update tries the lighter renderer again.
        let v2 = MemoryFile::new(Some(dir.path()), "1.1.0");
        assert_eq!(
            renderers(&order(None, None, &v2.load())),
            vec![Renderer::Glow, Renderer::Wgpu]
        );
        // A renderer that starts after all is forgotten as failed.
        v1.record(Renderer::Glow, false);
        assert!(!v1.load().failed(Renderer::Glow));
    }

    #[test]
    fn an_unreadable_memory_gives_the_default_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("renderer.json"), "{ not json").expect("write");
        let file = MemoryFile::new(Some(dir.path()), "1.0.0");
        assert_eq!(file.load(), Memory::default());
        let nowhere = MemoryFile::new(None, "1.0.0");
        nowhere.record(Renderer::Glow, true);
        assert_eq!(nowhere.load(), Memory::default());
    }

    #[test]
    fn names_round_trip() {
        for renderer in Renderer::ALL {
            assert_eq!(Renderer::from_name(renderer.name()), Some(renderer));
        }
        assert_eq!(Renderer::from_name("vulkan"), None);
    }
}
