//! «Fortsett der du slapp?» after a restart with saved progress.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::view_model::{Action, AppState};
use paalogging_core::i18n::{UiText, fill};
use paalogging_core::wizard::Progress;

pub fn resume_prompt_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    progress: &Progress,
    actions: &mut Vec<Action>,
) {
    let text = &state.text;
    super::heading_ui(ui, &text.resume_title, state.focus_title);
    let guide = state.wizard.guide();
    let title = guide
        .page(&progress.page)
        .map(|page| match guide.step_number(&page.id) {
            Some((n, total)) => format!(
                "{}: {}",
                fill(
                    &text.step_of,
                    &[("n", &n.to_string()), ("total", &total.to_string())]
                ),
                page.title
            ),
            None => page.title.clone(),
        })
        .unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let when = relative_time(text, now.saturating_sub(progress.saved_at));
    ui.label(fill(
        &text.resume_body,
        &[("title", &title), ("when", &when)],
    ));
    ui.add_space(12.0);
    ui.horizontal(|ui| {
        if ui.add(super::primary_button(&text.resume_yes)).clicked() {
            actions.push(Action::Resume);
        }
        if ui.button(&text.resume_no).clicked() {
            actions.push(Action::DiscardSaved);
        }
    });
}

/// "for 5 minutter siden".
pub fn relative_time(text: &UiText, seconds: u64) -> String {
    let minutes = seconds / 60;
    let (template, n) = match minutes {
        0..2 => return text.when_now.clone(),
        2..120 => (&text.when_minutes, minutes),
        120..2880 => (&text.when_hours, minutes / 60),
        _ => (&text.when_days, minutes / 1440),
    };
    fill(template, &[("n", &n.to_string())])
}
