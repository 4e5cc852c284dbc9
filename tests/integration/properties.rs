//! Property tests: the guide, configuration and saved-progress parsers never panic, whatever
//! the bytes, including near misses of valid files (the inputs most likely to reach deep).
//! 256 cases each keeps the suite fast; the fuzz targets in `fuzz/` go further.

use std::path::Path;

use paalogging::config::{self, Paths};
use paalogging::i18n::Language;
use paalogging::storage::{LoadedProgress, ProgressStore};
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
    paalogging::guide::embedded_source(Language::Nb).1
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
        // An unusable file is moved aside, never left to fail again.
        LoadedProgress::Unusable { .. } => assert!(!path.exists()),
        LoadedProgress::Nothing => panic!("a written file loaded as nothing"),
    }
    loaded
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn guide_parser_survives_any_text(text in any::<String>()) {
        let _ = paalogging::guide::parse_guide("prop.toml", &text);
    }

    #[test]
    fn guide_parser_survives_near_misses(edits in prop::collection::vec(edit(), 1..6)) {
        let text = mutate(nb_guide(), &edits);
        if let Err(errors) = paalogging::guide::parse_guide("prop.toml", &text) {
            // Every problem is reported at a place inside the file.
            prop_assert!(!errors.0.is_empty());
            let lines = text.lines().count() + 1;
            for error in &errors.0 {
                prop_assert!(error.line <= lines, "{error} beyond {lines} lines");
            }
        }
    }

    #[test]
    fn config_loader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let _ = load_config_file(dir.path(), &bytes);
    }

    #[test]
    fn config_loader_survives_near_misses(edits in prop::collection::vec(edit(), 1..6)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = mutate(SAMPLE_CONFIG, &edits);
        let loaded = load_config_file(dir.path(), text.as_bytes());
        // Whatever was wrong, the result is a whole configuration with https endpoints.
        // (Parsed, not compared as text: the loader keeps a lenient spelling such as
        // "https:/host" as written, which the URL parser reads as "https://host".)
        let endpoint = url::Url::parse(&loaded.config.endpoints.account_settings.value);
        prop_assert!(endpoint.is_ok_and(|url| url.scheme() == "https"));
        prop_assert!(loaded.config.check_timeout_seconds.value > 0);
    }

    #[test]
    fn state_loader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let _ = load_state(dir.path(), &bytes);
    }

    #[test]
    fn state_loader_survives_near_misses(edits in prop::collection::vec(edit(), 1..6)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let _ = load_state(dir.path(), mutate(SAMPLE_STATE, &edits).as_bytes());
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
