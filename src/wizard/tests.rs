use super::*;
use crate::guide;
use crate::i18n::Language;

fn wizard() -> Wizard {
    let guide = guide::embedded(Language::Nb).expect("embedded guide");
    Wizard::new(Arc::new(guide))
}

fn id(text: &str) -> PageId {
    PageId(text.to_owned())
}

#[test]
fn starts_on_the_start_page_without_next() {
    let mut wizard = wizard();
    assert!(wizard.is_at_start());
    assert_eq!(wizard.blockers(), vec![Blocker::NoNext]);
    assert!(wizard.go_next().is_err());
    assert!(!wizard.can_go_back());
}

#[test]
fn walks_all_steps_to_finish_and_back() {
    let mut wizard = wizard();
    assert!(wizard.choose(&id("open-account-settings")));
    assert_eq!(wizard.step_number(), Some((1, 11)));
    wizard.go_next().expect("step 1 has no required input");
    // Step 2 needs a valid e-mail.
    assert_eq!(
        wizard.go_next(),
        Err(vec![Blocker::Email {
            input: "wrong_email".into()
        }])
    );
    wizard.set_text("wrong_email", "ola@gmial".into());
    assert!(!wizard.can_go_next());
    wizard.set_text("wrong_email", "ola@gmail.com".into());
    wizard.go_next().expect("valid e-mail");
    wizard.go_next().expect("step 3");
    assert_eq!(wizard.step_number(), Some((4, 11)));
    assert!(
        matches!(wizard.go_next(), Err(b) if b == vec![Blocker::Confirm { input: "got_reset_mail".into() }])
    );
    wizard.set_flag("got_reset_mail", true);
    for expected in 5..=11 {
        wizard.go_next().expect("no blockers");
        assert_eq!(wizard.step_number(), Some((expected, 11)));
    }
    wizard.go_next().expect("to finish");
    assert!(wizard.is_finished());
    assert_eq!(wizard.blockers(), vec![Blocker::NoNext]);

    // Back retraces the path and keeps the answers.
    assert!(wizard.back());
    assert_eq!(wizard.current(), &id("link-removed"));
    for _ in 0..9 {
        assert!(wizard.back());
    }
    assert_eq!(wizard.current(), &id("enter-wrong-email"));
    assert_eq!(wizard.answers().text("wrong_email"), Some("ola@gmail.com"));
    assert!(wizard.back());
    assert!(wizard.back());
    assert!(wizard.is_at_start());
    assert!(!wizard.back());
}

#[test]
fn branches_return_with_back() {
    let mut wizard = wizard();
    assert!(wizard.choose(&id("other-help")));
    assert_eq!(wizard.step_number(), None);
    assert!(wizard.back());
    assert!(wizard.is_at_start());
    // Only offered choices can be followed.
    assert!(!wizard.choose(&id("finish")));

    wizard.choose(&id("open-account-settings"));
    wizard.go_next().expect("1");
    wizard.set_text("wrong_email", "ola@gmail.com".into());
    wizard.go_next().expect("2");
    wizard.go_next().expect("3");
    assert!(wizard.choose(&id("no-mail")));
    assert!(
        wizard.choose(&id("reset-password")),
        "'I found the mail' leads back to step 4"
    );
    assert_eq!(wizard.step_number(), Some((4, 11)));
}

#[test]
fn progress_round_trip_and_restart() {
    let mut wizard = wizard();
    wizard.choose(&id("open-account-settings"));
    wizard.go_next().expect("1");
    wizard.set_text("wrong_email", "ola@gmail.com".into());
    let saved = wizard.progress(1_700_000_000);
    let json = serde_json::to_string(&saved).expect("serialize");
    let loaded: Progress = serde_json::from_str(&json).expect("deserialize");
    let guide = Arc::new(wizard.guide().clone());
    let mut resumed = Wizard::resume(guide.clone(), loaded).expect("resume");
    assert_eq!(resumed.current(), &id("enter-wrong-email"));
    assert_eq!(resumed.answers().text("wrong_email"), Some("ola@gmail.com"));
    assert!(resumed.back());
    resumed.restart();
    assert!(resumed.is_at_start());
    assert_eq!(resumed.answers().text("wrong_email"), None);

    let mut unknown = saved;
    unknown.page = id("gone");
    assert_eq!(
        Wizard::resume(guide, unknown).err(),
        Some(ResumeError::UnknownPage(id("gone")))
    );
}
