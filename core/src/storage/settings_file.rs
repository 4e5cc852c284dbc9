//! The user's own choices in the window: language, text size, high contrast.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::atomic_file::write_atomic;
use crate::i18n::Language;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UserSettings {
    /// Chosen in the window; wins over configuration and the OS locale.
    pub language: Option<Language>,
    /// Text size as a zoom factor, 1.0–2.0.
    pub text_scale: Option<f32>,
    pub high_contrast: bool,
}

pub const MIN_TEXT_SCALE: f32 = 1.0;
pub const MAX_TEXT_SCALE: f32 = 2.0;

impl UserSettings {
    pub fn text_scale(&self) -> f32 {
        self.text_scale
            .filter(|s| s.is_finite())
            .unwrap_or(1.0)
            .clamp(MIN_TEXT_SCALE, MAX_TEXT_SCALE)
    }
}

#[derive(Clone, Debug)]
pub struct SettingsStore {
    path: Option<PathBuf>,
}

impl SettingsStore {
    pub fn new(path: Option<PathBuf>) -> Self {
        Self { path }
    }

    /// The saved settings; a missing or unreadable file means defaults (logged, never fatal:
    /// these are preferences, not work).
    pub fn load(&self) -> UserSettings {
        let Some(path) = &self.path else {
            return UserSettings::default();
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|error| {
                tracing::warn!("{}: settings not used: {error}", path.display());
                UserSettings::default()
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => UserSettings::default(),
            Err(error) => {
                tracing::warn!("{}: settings not read: {error}", path.display());
                UserSettings::default()
            }
        }
    }

    pub fn save(&self, settings: &UserSettings) -> std::io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let json = serde_json::to_vec_pretty(settings).map_err(std::io::Error::other)?;
        write_atomic(path, &json)
    }

    pub fn path(&self) -> Option<&PathBuf> {
        self.path.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bad_files_mean_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = SettingsStore::new(Some(dir.path().join("settings.json")));
        assert_eq!(store.load(), UserSettings::default());
        let settings = UserSettings {
            language: Some(Language::Nn),
            text_scale: Some(1.5),
            high_contrast: true,
        };
        store.save(&settings).expect("save");
        assert_eq!(store.load(), settings);
        std::fs::write(dir.path().join("settings.json"), "{ broken").expect("write");
        assert_eq!(store.load(), UserSettings::default());
    }

    #[test]
    fn text_scale_is_clamped() {
        let scale = |s| {
            UserSettings {
                text_scale: Some(s),
                ..Default::default()
            }
            .text_scale()
        };
        assert_eq!(scale(0.2), 1.0);
        assert_eq!(scale(5.0), 2.0);
        assert_eq!(scale(f32::NAN), 1.0);
        assert_eq!(scale(1.25), 1.25);
    }
}
