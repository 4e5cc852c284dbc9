//! A small window with one message and OK: «already open» for a second launch, and the
//! friendly message after a crash.

pub struct MessageWindow {
    pub message: String,
    pub ok: String,
}

impl eframe::App for MessageWindow {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(8.0);
            ui.label(&self.message);
            ui.add_space(12.0);
            let ok = ui.add(crate::views::primary_button(&self.ok));
            ok.request_focus();
            if ok.clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui_kittest::kittest::Queryable as _;

    #[test]
    fn says_so_and_closes_on_ok() {
        let mut harness = egui_kittest::Harness::builder().build_eframe(|_cc| MessageWindow {
            message: "Påloggingshjelp er allerede åpen.".to_owned(),
            ok: "OK".to_owned(),
        });
        harness.run();
        harness.get_by_label("Påloggingshjelp er allerede åpen.");
        harness.get_by_label("OK").click();
        harness.step();
        let requested = harness
            .output()
            .viewport_output
            .values()
            .any(|viewport| viewport.commands.contains(&egui::ViewportCommand::Close));
        assert!(requested);
    }
}
