//! Background work: the saver, the picture loader, the network checks and the guide update
//! fetch each report on one channel, and every report wakes the window. The app handles each
//! [`JobEvent`] in one place ([`super::App::handle_event`]).

use std::sync::mpsc;

use paalogging_core::checks;
use paalogging_core::illustrations::Loaded;
use paalogging_core::update::UpdateOutcome;

/// What a background job reports.
pub enum JobEvent {
    /// A network check started, progressed or finished.
    Check(checks::Event),
    /// A picture was decoded (or could not be).
    Picture(Loaded),
    /// Progress or settings could not be written (`path: error`).
    SaveFailed(String),
    /// The signed guide update fetch ended.
    Update(UpdateOutcome),
}

/// The jobs' end of the channel: sending wakes the window, so an idle window sleeps until
/// something happens.
#[derive(Clone)]
pub struct JobSender {
    events: mpsc::Sender<JobEvent>,
    ctx: egui::Context,
}

impl JobSender {
    /// False when the window is gone and nobody will read the event.
    pub fn send(&self, event: JobEvent) -> bool {
        let sent = self.events.send(event).is_ok();
        if sent {
            self.ctx.request_repaint();
        }
        sent
    }
}

/// The window's end of the channel.
pub struct Jobs {
    sender: JobSender,
    events: mpsc::Receiver<JobEvent>,
}

impl Jobs {
    pub fn new(ctx: &egui::Context) -> Self {
        let (events_tx, events) = mpsc::channel();
        Self {
            sender: JobSender {
                events: events_tx,
                ctx: ctx.clone(),
            },
            events,
        }
    }

    /// A sender for a new job.
    pub fn sender(&self) -> JobSender {
        self.sender.clone()
    }

    /// The events reported since the last call.
    pub fn arrived(&self) -> Vec<JobEvent> {
        self.events.try_iter().collect()
    }
}
