//! «Om»: version, where the logs are, where the configuration came from.

use crate::view_model::AppState;
use paalogging_core::i18n::fill;

pub fn about_ui(ui: &mut egui::Ui, state: &AppState) {
    let text = &state.text;
    super::heading_ui(ui, &text.about_heading, false);
    ui.label(fill(
        &text.about_version,
        &[("version", env!("CARGO_PKG_VERSION"))],
    ));
    let logs = state
        .log_dir
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    ui.label(fill(&text.about_logs, &[("path", &logs)]));
    let sources = if state.config_sources.is_empty() {
        text.about_config_none.clone()
    } else {
        state
            .config_sources
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    ui.label(fill(&text.about_config, &[("sources", &sources)]));
    for ignored in &state.config_ignored {
        ui.label(ignored.said(text));
    }
    for error in &state.config_errors {
        ui.label(egui::RichText::new(error.to_string()).monospace());
    }
}
