//! Checks of the guide as a whole (one start page, one finish page, at least one step) and
//! each page's next page.

use super::fields::Checker;
use crate::guide::model::{Page, PageId, PageKind};

/// Checks the pages' kinds and sets each page's `next`: the explicit one, else the following
/// step, and the last step leads to the finish page. Returns the start page and the steps in
/// order, or `None` when there is no start page.
pub(super) fn order(
    checker: &mut Checker,
    pages: &mut [Page],
    explicit_next: Vec<Option<PageId>>,
) -> Option<(PageId, Vec<PageId>)> {
    let whole_file = 0..0;
    let of_kind = |kind: PageKind| -> Vec<PageId> {
        pages
            .iter()
            .filter(|page| page.kind == kind)
            .map(|page| page.id.clone())
            .collect()
    };
    let starts = of_kind(PageKind::Start);
    let finishes = of_kind(PageKind::Finish);
    let steps = of_kind(PageKind::Step);
    if starts.len() != 1 {
        checker.error(
            whole_file.clone(),
            "page.kind",
            format!(
                "a guide needs exactly one start page, found {}",
                starts.len()
            ),
        );
    }
    if finishes.len() != 1 {
        checker.error(
            whole_file.clone(),
            "page.kind",
            format!(
                "a guide needs exactly one finish page, found {}",
                finishes.len()
            ),
        );
    }
    if steps.is_empty() {
        checker.error(whole_file, "page.kind", "a guide needs at least one step");
    }

    for (page, explicit) in pages.iter_mut().zip(explicit_next) {
        page.next = explicit.or_else(|| match page.kind {
            PageKind::Step => {
                let position = steps.iter().position(|step| step == &page.id)?;
                steps
                    .get(position + 1)
                    .cloned()
                    .or_else(|| finishes.first().cloned())
            }
            PageKind::Start | PageKind::Help | PageKind::Finish => None,
        });
    }
    let start = starts.into_iter().next()?;
    Some((start, steps))
}
