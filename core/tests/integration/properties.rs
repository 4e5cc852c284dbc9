//! Property tests on near misses of real files (the inputs most likely to reach deep): the
//! result is a whole, valid value, or an error that names the line (or, for saved progress, the
//! file, which is set aside).
//! 256 cases each keeps the suite fast; the fuzz targets in `fuzz/` go further.

use std::path::Path;

use paalogging_core::config::{self, Paths};
use paalogging_core::i18n::Language;
use paalogging_core::services::ServiceId;
use paalogging_core::storage::{LoadedProgress, ProgressStore};
use proptest::prelude::*;

const SAMPLE_CONFIG: &str = r#"[kommune]
name = "Høyanger kommune"
email_domains = ["hoyanger.kommune.no"]
visma_enterprise_url = "https://vismahoyanger.sysikt.no/enterprise/"
first_login_url = "https://hoyanger.kommune.no/"

[helpdesk]
name = "Sysikt"
phone = "57 71 00 00"
email = "it@hoyanger.kommune.no"
web = "https://sysikt.no/"

[app]
language = "nn"
allow_english = false

[checks]
timeout_seconds = 5
account_settings = "https://accountsettings.connect.visma.com"
"#;

const SAMPLE_STATE: &str = r#"{
  "format": 1,
  "page": "forgot-password",
  "history": ["start", "open-account-settings", "type-wrong-email"],
  "answers": { "wrong_email": "ola@gmail.com", "got_reset_mail": true },
  "saved_at": 1700000000
}"#;

fn nb_guide() -> &'static str {
    paalogging_core::guide::embedded_source(Language::Nb).1
}

/// One edit to a text.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, String),
    Delete(usize, usize),
    Replace(usize, char),
    /// Duplicate a slice somewhere else: repeated tables and keys.
    Copy(usize, usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Fragments that matter to TOML and JSON syntax, plus anything at all.
    let fragment = prop_oneof![
        Just("\"".to_owned()),
        Just("[[page]]\n".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("\n".to_owned()),
        Just("= ".to_owned()),
        Just("\\u{".to_owned()),
        Just("{kommune}".to_owned()),
        Just("'''".to_owned()),
        Just("9999999999999999999999".to_owned()),
        Just("-1".to_owned()),
        Just("null".to_owned()),
        ".{0,8}",
    ];
    prop_oneof![
        (any::<usize>(), fragment).prop_map(|(at, text)| Edit::Insert(at, text)),
        (any::<usize>(), 1usize..64).prop_map(|(at, len)| Edit::Delete(at, len)),
        (any::<usize>(), any::<char>()).prop_map(|(at, c)| Edit::Replace(at, c)),
        (any::<usize>(), 1usize..200, any::<usize>())
            .prop_map(|(from, len, to)| Edit::Copy(from, len, to)),
    ]
}

/// Applies edits at character positions (any index is taken modulo the length).
fn mutate(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        let len = chars.len().max(1);
        match edit {
            Edit::Insert(at, fragment) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, fragment.chars());
            }
            Edit::Delete(at, count) => {
                let at = at % len;
                let end = (at + count).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Edit::Replace(at, c) => {
                if let Some(slot) = chars.get_mut(at % len) {
                    *slot = *c;
                }
            }
            Edit::Copy(from, count, to) => {
                let from = from % len;
                let end = (from + count).min(chars.len());
                let piece: Vec<char> = chars.get(from..end).unwrap_or(&[]).to_vec();
                let to = to % (chars.len() + 1);
                chars.splice(to..to, piece);
            }
        }
    }
    chars.into_iter().collect()
}

fn load_config_file(dir: &Path, bytes: &[u8]) -> config::Loaded {
    let file = dir.join("cli.toml");
    std::fs::write(&file, bytes).expect("write");
    config::load(&Paths::under(dir), Some(&file))
}

fn load_state(dir: &Path, bytes: &[u8]) -> LoadedProgress {
    let path = dir.join("progress.json");
    std::fs::write(&path, bytes).expect("write");
    let store = ProgressStore::new(Some(path.clone()));
    let loaded = store.load();
    match &loaded {
        // A usable file stays; saving what was loaded gives the same state back.
        LoadedProgress::Saved(progress) => {
            store.save(progress).expect("save");
            assert_eq!(store.load(), LoadedProgress::Saved(progress.clone()));
        }
        // An unusable file is moved aside, never left to fail again, and the reason names it.
        LoadedProgress::Unusable { reason } => {
            assert!(!path.exists());
            assert!(reason.contains("progress.json"), "{reason}");
        }
        // A newer version's file stays exactly as it was, even after a save.
        LoadedProgress::Newer { .. } => {
            let progress = paalogging_core::wizard::Progress {
                page: paalogging_core::guide::PageId("start".to_owned()),
                history: Vec::new(),
                answers: Default::default(),
                saved_at: 1,
            };
            store.save(&progress).expect("save");
            assert_eq!(std::fs::read(&path).expect("kept"), bytes);
        }
        LoadedProgress::Nothing => panic!("a written file loaded as nothing"),
    }
    loaded
}

/// The line a message `file:line:column: …` names, when it names one inside `text`.
fn line_named(message: &str, file: &str, text: &str) -> Option<usize> {
    let rest = message.split_once(&format!("{file}:"))?.1;
    let line: usize = rest.split(':').next()?.parse().ok()?;
    (1..=text.lines().count() + 1)
        .contains(&line)
        .then_some(line)
}

/// A guide text parses to a guide that holds together, or every error names a line of it.
fn assert_guide_or_errors_with_lines(text: &str) -> Result<(), TestCaseError> {
    match paalogging_core::guide::parse_guide("prop.toml", text) {
        Ok(guide) => {
            // Valid means whole: every step and every branch leads to a page of the guide.
            for id in &guide.steps {
                prop_assert!(guide.page(id).is_some(), "step {id} has no page");
            }
            for page in &guide.pages {
                let targets = page
                    .choices
                    .iter()
                    .map(|choice| &choice.goto)
                    .chain(&page.next);
                for target in targets {
                    prop_assert!(guide.page(target).is_some(), "{target} leads nowhere");
                }
            }
        }
        Err(errors) => {
            prop_assert!(!errors.0.is_empty());
            for error in &errors.0 {
                let message = error.to_string();
                prop_assert!(
                    line_named(&message, "prop.toml", text).is_some(),
                    "{message}"
                );
            }
        }
    }
    Ok(())
}

/// A configuration file loads whole (https endpoints, a timeout), and each problem names a
/// line of the file.
fn assert_config_or_errors_with_lines(text: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load_config_file(dir.path(), text.as_bytes());
    // Parsed, not compared as text: the loader keeps a lenient spelling such as "https:/host"
    // as written, which the URL parser reads as "https://host".
    let endpoint = loaded.config.endpoints.get(ServiceId::AccountSettings);
    let endpoint = endpoint.map(|setting| url::Url::parse(&setting.value));
    prop_assert!(endpoint.is_some_and(|url| url.is_ok_and(|url| url.scheme() == "https")));
    prop_assert!(loaded.config.check_timeout_seconds.value > 0);
    for error in &loaded.errors {
        let message = error.to_string();
        prop_assert!(
            line_named(&message, "cli.toml", text).is_some(),
            "{message}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn guide_near_misses_load_whole_or_name_a_line(edits in prop::collection::vec(edit(), 1..6)) {
        assert_guide_or_errors_with_lines(&mutate(nb_guide(), &edits))?;
    }

    #[test]
    fn config_near_misses_load_whole_or_name_a_line(edits in prop::collection::vec(edit(), 1..6)) {
        assert_config_or_errors_with_lines(&mutate(SAMPLE_CONFIG, &edits))?;
    }

    #[test]
    fn config_from_any_text_loads_whole_or_names_a_line(text in any::<String>()) {
        assert_config_or_errors_with_lines(&text)?;
    }

    #[test]
    fn state_near_misses_load_or_are_set_aside(edits in prop::collection::vec(edit(), 1..6)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = mutate(SAMPLE_STATE, &edits);
        if let LoadedProgress::Unusable { reason } = load_state(dir.path(), text.as_bytes()) {
            // Broken JSON names where; a newer format or wrong fields say what.
            prop_assert!(
                reason.contains("line") || reason.contains("format") || reason.contains("content"),
                "{reason}"
            );
        }
    }

    #[test]
    fn state_from_any_bytes_loads_or_is_set_aside(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let _ = load_state(dir.path(), &bytes);
    }
}

#[test]
fn the_samples_are_valid() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load_config_file(dir.path(), SAMPLE_CONFIG.as_bytes());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert!(matches!(
        load_state(dir.path(), SAMPLE_STATE.as_bytes()),
        LoadedProgress::Saved(_)
    ));
}
