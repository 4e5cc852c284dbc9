//! The wizard: where the user is in the guide, what they answered, and where they may go.
//!
//! Plain Rust with no egui, so every path through the guide is tested without a window.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::guide::{Guide, Input, InputId, InputKind, Page, PageId, PageKind};

/// One answer: typed text, a ticked box, or the addresses already tried.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Flag(bool),
    List(Vec<String>),
}

/// Where the addresses tried in an e-mail input are kept: among the answers, so they are saved,
/// cleared and protected exactly as the address itself is. Guide ids cannot contain '.', so
/// these keys never meet an input's.
fn tried_key(input: &InputId) -> String {
    format!("{input}.tried")
}

/// Where "yes, it is my work address" is kept for an e-mail input that got a work address.
fn work_confirmed_key(input: &InputId) -> String {
    format!("{input}.work_confirmed")
}

/// Answers by input id (`wrong_email`, `got_reset_mail`), and what is kept beside an input's
/// answer under keys of its own (the addresses tried, the confirmation); in the saved file one
/// flat object as before.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Answer>);

impl Answers {
    pub fn text(&self, id: &InputId) -> Option<&str> {
        match self.0.get(id.as_str()) {
            Some(Answer::Text(text)) => Some(text),
            _ => None,
        }
    }

    pub fn flag(&self, id: &InputId) -> bool {
        self.flag_at(id.as_str())
    }

    fn flag_at(&self, key: &str) -> bool {
        matches!(self.0.get(key), Some(Answer::Flag(true)))
    }

    /// The addresses tried in e-mail input `id` before the current one, oldest first.
    pub fn tried(&self, id: &InputId) -> &[String] {
        match self.0.get(&tried_key(id)) {
            Some(Answer::List(list)) => list,
            _ => &[],
        }
    }

    /// Whether the user confirmed that the work address typed in input `id` is the one.
    pub fn work_confirmed(&self, id: &InputId) -> bool {
        self.flag_at(&work_confirmed_key(id))
    }
}

/// Why Next is not allowed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// A required e-mail is missing or not a valid address.
    Email { input: InputId },
    /// A required confirmation is not ticked.
    Confirm { input: InputId },
    /// A work address was typed where the wrong one is asked for, and not yet confirmed.
    WorkAddressUnconfirmed { input: InputId },
    /// A required work address is missing, not valid, or not on the kommune's domains.
    WorkEmail { input: InputId },
    /// The work-address field holds the address whose connection was just removed.
    RefusedEmail { input: InputId },
    /// The page has no Next (start page, help page, finish page).
    NoNext,
}

/// What is saved between sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub page: PageId,
    pub history: Vec<PageId>,
    pub answers: Answers,
    /// Seconds since the Unix epoch.
    pub saved_at: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResumeError {
    #[error("the saved page \"{0}\" is not in this guide")]
    UnknownPage(PageId),
}

#[derive(Clone, Debug)]
pub struct Wizard {
    guide: Arc<Guide>,
    current: PageId,
    /// Pages visited before the current one, for Back and the helpdesk report.
    history: Vec<PageId>,
    answers: Answers,
    /// The kommune's e-mail domains (configuration), which tell a work address.
    work_domains: Vec<String>,
}

impl Wizard {
    pub fn new(guide: Arc<Guide>) -> Self {
        Self {
            current: guide.start.clone(),
            guide,
            history: Vec::new(),
            answers: Answers::default(),
            work_domains: Vec::new(),
        }
    }

    /// The kommune's e-mail domains, for the work-address checks.
    pub fn with_work_domains(mut self, domains: Vec<String>) -> Self {
        self.work_domains = domains;
        self
    }

    pub fn work_domains(&self) -> &[String] {
        &self.work_domains
    }

    /// Restores saved progress. History entries the guide no longer has are dropped; a current
    /// page it no longer has is an error (the caller starts afresh and says so).
    pub fn resume(guide: Arc<Guide>, progress: Progress) -> Result<Self, ResumeError> {
        if guide.page(&progress.page).is_none() {
            return Err(ResumeError::UnknownPage(progress.page));
        }
        let history = progress
            .history
            .into_iter()
            .filter(|id| guide.page(id).is_some())
            .collect();
        Ok(Self {
            guide,
            current: progress.page,
            history,
            answers: progress.answers,
            work_domains: Vec::new(),
        })
    }

    pub fn progress(&self, saved_at: u64) -> Progress {
        Progress {
            page: self.current.clone(),
            history: self.history.clone(),
            answers: self.answers.clone(),
            saved_at,
        }
    }

    pub fn guide(&self) -> &Guide {
        &self.guide
    }

    /// Replaces the guide (another language, an update) keeping place and answers when the new
    /// guide has the same page.
    pub fn with_guide(&self, guide: Arc<Guide>) -> Result<Self, ResumeError> {
        Ok(Self::resume(guide, self.progress(0))?.with_work_domains(self.work_domains.clone()))
    }

    pub fn current(&self) -> &PageId {
        &self.current
    }

    pub fn page(&self) -> Option<&Page> {
        self.guide.page(&self.current)
    }

    pub fn history(&self) -> &[PageId] {
        &self.history
    }

    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// "Steg N av M" for numbered steps.
    pub fn step_number(&self) -> Option<(usize, usize)> {
        self.guide.step_number(&self.current)
    }

    pub fn is_at_start(&self) -> bool {
        self.current == self.guide.start
    }

    pub fn is_finished(&self) -> bool {
        self.page()
            .is_some_and(|page| page.kind == PageKind::Finish)
    }

    /// The address typed into the guide's address input (the one `{email}` stands for), if any.
    pub fn address(&self) -> Option<&str> {
        let input = self.guide.address_input.as_ref()?;
        self.answers
            .text(input)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// The addresses tried in the guide's address input before the current one, oldest first.
    pub fn tried_addresses(&self) -> &[String] {
        self.guide
            .address_input
            .as_ref()
            .map_or(&[], |input| self.answers.tried(input))
    }

    pub fn set_text(&mut self, input: &InputId, value: String) {
        // A confirmation was for the address as it was; another address asks again.
        if self.answers.text(input) != Some(value.as_str()) {
            self.answers.0.remove(&work_confirmed_key(input));
        }
        self.answers
            .0
            .insert(input.as_str().to_owned(), Answer::Text(value));
    }

    /// "Yes, it is my work address that is wrong" for e-mail input `input`.
    pub fn set_work_confirmed(&mut self, input: &InputId, value: bool) {
        self.answers
            .0
            .insert(work_confirmed_key(input), Answer::Flag(value));
    }

    /// The addresses a work-address input refuses: the answer to the input it names and the
    /// addresses tried there.
    pub fn refused_addresses(&self, input: &Input) -> Vec<&str> {
        let Some(refuse) = &input.refuse else {
            return Vec::new();
        };
        self.answers
            .text(refuse)
            .into_iter()
            .chain(self.answers.tried(refuse).iter().map(String::as_str))
            .collect()
    }

    /// Files the current answer of `input` as tried and empties it (a new address is wanted).
    fn try_another(&mut self, input: &InputId) {
        let Some(current) = self.answers.text(input).map(str::trim).map(str::to_owned) else {
            return;
        };
        // Only a whole address is worth listing; a half-typed one is simply emptied.
        if crate::email::check(&current, &self.work_domains).is_ok() {
            let mut tried = self.answers.tried(input).to_vec();
            if !tried.iter().any(|t| t.eq_ignore_ascii_case(&current)) {
                tried.push(current);
            }
            self.answers.0.insert(tried_key(input), Answer::List(tried));
        }
        self.answers.0.remove(input.as_str());
        self.answers.0.remove(&work_confirmed_key(input));
    }

    pub fn set_flag(&mut self, input: &InputId, value: bool) {
        self.answers
            .0
            .insert(input.as_str().to_owned(), Answer::Flag(value));
    }

    /// What stands between the user and Next, in the order the inputs appear.
    pub fn blockers(&self) -> Vec<Blocker> {
        let Some(page) = self.page() else {
            return vec![Blocker::NoNext];
        };
        if page.next.is_none() {
            return vec![Blocker::NoNext];
        }
        self.input_blockers(page)
    }

    /// The page's required inputs that are not filled in yet.
    pub fn input_blockers(&self, page: &Page) -> Vec<Blocker> {
        page.inputs
            .iter()
            .filter(|input| input.required)
            .filter_map(|input| {
                let id = || input.id.clone();
                let text = self.answers.text(&input.id).unwrap_or("");
                match input.kind {
                    InputKind::Email => match crate::email::check(text, &self.work_domains) {
                        Err(_) => Some(Blocker::Email { input: id() }),
                        Ok(checked)
                            if checked.kind == crate::email::EmailKind::Work
                                && !self.answers.work_confirmed(&input.id) =>
                        {
                            Some(Blocker::WorkAddressUnconfirmed { input: id() })
                        }
                        Ok(_) => None,
                    },
                    InputKind::Confirm => {
                        (!self.answers.flag(&input.id)).then(|| Blocker::Confirm { input: id() })
                    }
                    InputKind::WorkEmail => {
                        let refused = self.refused_addresses(input);
                        match crate::email::check_work(text, &self.work_domains, &refused) {
                            Ok(_) => None,
                            Err(crate::email::WorkProblem::Refused) => {
                                Some(Blocker::RefusedEmail { input: id() })
                            }
                            Err(_) => Some(Blocker::WorkEmail { input: id() }),
                        }
                    }
                }
            })
            .collect()
    }

    /// Whether the current page's choice (or way out) to `target` may be followed now.
    pub fn choice_allowed(&self, choice: &crate::guide::Choice) -> bool {
        !choice.requires_inputs
            || self
                .page()
                .is_some_and(|p| self.input_blockers(p).is_empty())
    }

    pub fn can_go_next(&self) -> bool {
        self.blockers().is_empty()
    }

    /// Moves to the next page when nothing blocks it.
    pub fn go_next(&mut self) -> Result<(), Vec<Blocker>> {
        let blockers = self.blockers();
        if !blockers.is_empty() {
            return Err(blockers);
        }
        match self.page().and_then(|page| page.next.clone()) {
            Some(next) => {
                self.go(next);
                Ok(())
            }
            None => Err(vec![Blocker::NoNext]),
        }
    }

    /// Follows one of the current page's choices (branches) or its way out.
    pub fn choose(&mut self, target: &PageId) -> bool {
        let Some(choice) = self.page().and_then(|page| {
            page.choices
                .iter()
                .chain(page.way_out.as_ref())
                .find(|choice| &choice.goto == target)
                .cloned()
        }) else {
            return false;
        };
        if !self.choice_allowed(&choice) {
            return false;
        }
        if let Some(input) = &choice.try_another {
            self.try_another(input);
        }
        self.go(target.clone());
        true
    }

    pub fn can_go_back(&self) -> bool {
        !self.history.is_empty()
    }

    pub fn back(&mut self) -> bool {
        match self.history.pop() {
            Some(previous) => {
                self.current = previous;
                true
            }
            None => false,
        }
    }

    /// Back to the start page with no answers.
    pub fn restart(&mut self) {
        self.current = self.guide.start.clone();
        self.history.clear();
        self.answers = Answers::default();
    }

    fn go(&mut self, target: PageId) {
        let previous = std::mem::replace(&mut self.current, target);
        self.history.push(previous);
    }
}

#[cfg(test)]
mod tests;
