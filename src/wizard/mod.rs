//! The wizard: where the user is in the guide, what they answered, and where they may go.
//!
//! Plain Rust with no egui, so every path through the guide is tested without a window.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::guide::{Guide, InputKind, Page, PageId, PageKind};

/// One answer: typed text or a ticked box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Text(String),
    Flag(bool),
}

/// Answers by input id (`wrong_email`, `got_reset_mail`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers(BTreeMap<String, Answer>);

impl Answers {
    pub fn text(&self, id: &str) -> Option<&str> {
        match self.0.get(id) {
            Some(Answer::Text(text)) => Some(text),
            _ => None,
        }
    }

    pub fn flag(&self, id: &str) -> bool {
        matches!(self.0.get(id), Some(Answer::Flag(true)))
    }
}

/// Why Next is not allowed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    /// A required e-mail is missing or not a valid address.
    Email { input: String },
    /// A required confirmation is not ticked.
    Confirm { input: String },
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
}

impl Wizard {
    pub fn new(guide: Arc<Guide>) -> Self {
        Self {
            current: guide.start.clone(),
            guide,
            history: Vec::new(),
            answers: Answers::default(),
        }
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
        Self::resume(guide, self.progress(0))
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

    pub fn set_text(&mut self, input: &str, value: String) {
        self.answers.0.insert(input.to_owned(), Answer::Text(value));
    }

    pub fn set_flag(&mut self, input: &str, value: bool) {
        self.answers.0.insert(input.to_owned(), Answer::Flag(value));
    }

    /// What stands between the user and Next, in the order the inputs appear.
    pub fn blockers(&self) -> Vec<Blocker> {
        let Some(page) = self.page() else {
            return vec![Blocker::NoNext];
        };
        if page.next.is_none() {
            return vec![Blocker::NoNext];
        }
        page.inputs
            .iter()
            .filter(|input| input.required)
            .filter_map(|input| match input.kind {
                InputKind::Email => {
                    let valid = self
                        .answers
                        .text(&input.id)
                        .is_some_and(|text| crate::email::check(text, &[]).is_ok());
                    (!valid).then(|| Blocker::Email {
                        input: input.id.clone(),
                    })
                }
                InputKind::Confirm => (!self.answers.flag(&input.id)).then(|| Blocker::Confirm {
                    input: input.id.clone(),
                }),
            })
            .collect()
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

    /// Follows one of the current page's choices (branches).
    pub fn choose(&mut self, target: &PageId) -> bool {
        let offered = self
            .page()
            .is_some_and(|page| page.choices.iter().any(|choice| &choice.goto == target));
        if offered {
            self.go(target.clone());
        }
        offered
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
