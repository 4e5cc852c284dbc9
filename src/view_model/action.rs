//! What the views ask for. Views never change state; `App::apply` does, in one place.

use paalogging_core::guide::{InputId, PageId};
use paalogging_core::i18n::Language;

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Next,
    Back,
    /// Follow a branch offered on the current page.
    Choose(PageId),
    /// «Start på nytt»: forget answers and saved progress.
    Restart,
    SetText {
        input: InputId,
        value: String,
    },
    SetFlag {
        input: InputId,
        value: bool,
    },
    /// «Ja, det er jobbadressen min som er feil» under the e-mail field of step 2.
    ConfirmWorkAddress {
        input: InputId,
        value: bool,
    },
    /// Open an https page in the system browser (already filled and checked).
    OpenUrl(String),
    /// Copy a text to the clipboard; `what` names it for the confirmation.
    Copy {
        what: String,
        text: String,
    },
    /// Accept «Fortsett der du slapp?».
    Resume,
    /// Decline it: start afresh and delete the saved progress.
    DiscardSaved,
    DismissNotice(usize),
    SetLanguage(Language),
    /// Text size as a zoom factor (1.0–2.0).
    SetTextScale(f32),
    SetHighContrast(bool),
    ToggleAbout,
    /// «Jeg står fast»: build the helpdesk report and show it (or hide it again).
    ToggleHelpdeskReport,
    /// Open a prefilled e-mail to the helpdesk (a `mailto:` address, never logged: it holds
    /// the report).
    OpenMail(String),
    /// «Sjekk på nytt»: run the network checks again.
    RunChecks,
    /// Close the window (the finish page's «Lukk»).
    Close,
}
