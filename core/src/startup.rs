//! What `main` (or a test) decides before the window opens. Nothing here needs a window:
//! `--check` uses it too.

use std::sync::Arc;

use crate::config::{self, Paths};
use crate::i18n::Language;
use crate::storage::{SettingsStore, UserSettings};

#[derive(Clone)]
pub struct Startup {
    pub loaded: config::Loaded,
    pub paths: Paths,
    pub language: Language,
    /// The user's remembered choices (language, text size, contrast).
    pub settings: UserSettings,
    /// A signed guide update from the cache, verified again at this start.
    pub update: Option<Arc<crate::update::UpdateBundle>>,
}

impl Startup {
    /// The guide to show in `language`: a verified update when there is one, else the
    /// embedded guide.
    pub fn guide(
        update: Option<&crate::update::UpdateBundle>,
        language: Language,
    ) -> Result<crate::guide::Guide, crate::guide::GuideErrors> {
        match update.and_then(|bundle| bundle.guide(language)) {
            Some(guide) => Ok(guide.clone()),
            None => crate::guide::embedded(language),
        }
    }
}

impl Startup {
    /// Reads configuration from `paths` and picks the language from it or the OS locale.
    pub fn load(paths: Paths, cli_config: Option<&std::path::Path>) -> Self {
        let loaded = config::load(&paths, cli_config);
        let settings = SettingsStore::new(paths.settings_file()).load();
        // A choice made in the window wins; then IT's configuration; then the OS.
        let language = settings.language.unwrap_or_else(|| {
            crate::i18n::choose_language(
                loaded.config.language.value,
                sys_locale::get_locale().as_deref(),
                loaded.config.allow_english.value,
            )
        });
        let update = match (&paths.cache_dir, &loaded.config.update_public_key.value) {
            (Some(cache_dir), Some(key)) => crate::update::load_cached(
                cache_dir,
                key,
                &loaded.config.trusted_link_hosts(),
                crate::update::serial_floor(loaded.config.update_min_serial.value),
            )
            .map(Arc::new),
            _ => None,
        };
        Self {
            loaded,
            paths,
            language,
            settings,
            update,
        }
    }
}

/// The window's network work in the background (the checks and the guide-update fetch): where
/// it runs and how it connects. `None` in tests that do not exercise it, so no test ever
/// reaches the internet.
#[derive(Clone)]
pub struct Background {
    pub runtime: tokio::runtime::Handle,
    pub requests: crate::net::RequestOptions,
}
