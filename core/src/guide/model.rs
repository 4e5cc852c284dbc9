//! Validated guide types. Built only by the loader, so their invariants hold everywhere else.

use serde::{Deserialize, Serialize};

/// A service a page depends on (`service = "recaptcha"`): declared with its check in
/// `services.rs`.
pub use crate::services::ServiceId;

/// A page's id as written in the guide (`open-account-settings`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PageId(pub String);

impl PageId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PageId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An input's id as written in the guide (`wrong_email`): the key its answer is stored under.
/// Saved progress holds these as plain strings, so the file reads as before.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InputId(pub String);

impl InputId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for InputId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageKind {
    /// The first page: asks what is wrong and branches.
    Start,
    /// One of the numbered steps of the fix.
    Step,
    /// A side branch (other help, no mail arrived); Back returns from it.
    Help,
    /// The last page.
    Finish,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Illustration {
    /// File stem of the picture (`step-03`), looked up in the assets and the override folder.
    pub image: String,
    pub alt: String,
}

/// A button a page offers (open a link, copy a text). What a view asks the app to do is
/// `view_model::Action`.
#[derive(Clone, Debug, PartialEq)]
pub enum PageButton {
    /// Opens a page in the system browser. `url` may be a placeholder such as `{enterprise_url}`;
    /// when configuration leaves it unset, `fallback` is shown instead of the button.
    OpenUrl {
        label: String,
        url: String,
        fallback: Option<String>,
    },
    /// Copies a text (usually `{email}`) to the clipboard.
    Copy { label: String, text: String },
}

/// What kind of field an input is; written as `kind = "email"` and so on in the guide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// An e-mail address, validated and classified.
    Email,
    /// A tick box the user sets when something happened ("Jeg har fått e-posten").
    Confirm,
    /// An address on one of the kommune's own domains (`kommune.email_domains`), such as the
    /// work address typed when logging in again. Refuses the addresses in `Input::refuse`.
    WorkEmail,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    pub kind: InputKind,
    pub id: InputId,
    pub label: String,
    /// Next stays disabled until a required input is valid (e-mail) or ticked (confirm).
    pub required: bool,
    /// A work-address input refuses the answer to this e-mail input and the addresses already
    /// tried there (the address whose BankID connection was just removed).
    pub refuse: Option<InputId>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub label: String,
    pub goto: PageId,
    /// Following this choice files the answer to this e-mail input as tried and empties it, so
    /// the page it leads to asks for another address.
    pub try_another: Option<InputId>,
    /// Offered only once the page's required inputs are filled in (Next's rule).
    pub requires_inputs: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub id: PageId,
    pub kind: PageKind,
    pub title: String,
    pub body: String,
    pub question: Option<String>,
    pub illustration: Option<Illustration>,
    pub actions: Vec<PageButton>,
    pub inputs: Vec<Input>,
    pub hints: Vec<String>,
    pub choices: Vec<Choice>,
    /// "It does not look like this / it did not happen": the step's way out to its help page,
    /// shown as the same control in the same place on every step.
    pub way_out: Option<Choice>,
    /// Shows an earlier answer (the e-mail) with a copy button.
    pub show_answer: Option<InputId>,
    pub service: Option<ServiceId>,
    /// Shows the helpdesk's contact details.
    pub contact: bool,
    /// Where Next leads; resolved by the loader (the following step, or the finish page).
    pub next: Option<PageId>,
}

/// How the user most likely leaves a page, and for where: what the picture loader prepares
/// and the benchmark's walk takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Onward<'a> {
    /// Next leads there.
    Next(&'a PageId),
    /// The page's first choice: the start page's «yes», the re-login page's «Ja, jeg kom inn».
    Choice(&'a Choice),
}

impl<'a> Onward<'a> {
    pub fn target(self) -> &'a PageId {
        match self {
            Self::Next(target) => target,
            Self::Choice(choice) => &choice.goto,
        }
    }
}

impl Page {
    /// Where the user most likely goes from here: where Next leads (the loader resolved it),
    /// else where the first choice does; `None` on the finish page and a page with neither.
    pub fn likely_next(&self) -> Option<Onward<'_>> {
        self.next
            .as_ref()
            .map(Onward::Next)
            .or_else(|| self.choices.first().map(Onward::Choice))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Guide {
    pub name: String,
    pub language: String,
    pub pages: Vec<Page>,
    /// The start page's id; the loader guarantees exactly one.
    pub start: PageId,
    /// Ids of the numbered steps in order: "Steg N av M".
    pub steps: Vec<PageId>,
    /// The `email` input that holds the address whose BankID connection is removed: `{email}`
    /// is its answer, and the helpdesk report shows it masked with the addresses tried there.
    /// The loader guarantees it names an `email` input; `None` only in a guide with none.
    pub address_input: Option<InputId>,
}

impl Guide {
    pub fn page(&self, id: &PageId) -> Option<&Page> {
        self.pages.iter().find(|page| &page.id == id)
    }

    pub fn start_page(&self) -> Option<&Page> {
        self.page(&self.start)
    }

    /// 1-based position among the numbered steps, with the total.
    pub fn step_number(&self, id: &PageId) -> Option<(usize, usize)> {
        let index = self.steps.iter().position(|step| step == id)?;
        Some((index + 1, self.steps.len()))
    }
}
