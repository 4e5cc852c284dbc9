//! The guide loader on any text: it may refuse, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(guide) = paalogging_core::guide::parse_guide("fuzz.toml", text) {
        // A guide that loads is walked by the link check as the update path does.
        let _ = paalogging_core::links::check_guide_links(&guide, &[]);
    }
});
