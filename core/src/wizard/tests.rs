use super::*;
use crate::guide;
use crate::i18n::Language;

fn wizard() -> Wizard {
    let guide = guide::embedded(Language::Nb).expect("embedded guide");
    Wizard::new(Arc::new(guide)).with_work_domains(vec!["askoy.kommune.no".to_owned()])
}

fn id(text: &str) -> PageId {
    PageId(text.to_owned())
}

fn input(text: &str) -> InputId {
    InputId(text.to_owned())
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
            input: input("wrong_email")
        }])
    );
    wizard.set_text(&input("wrong_email"), "ola@gmial".into());
    assert!(!wizard.can_go_next());
    wizard.set_text(&input("wrong_email"), "ola@gmail.com".into());
    wizard.go_next().expect("valid e-mail");
    wizard.go_next().expect("step 3");
    assert_eq!(wizard.step_number(), Some((4, 11)));
    assert!(
        matches!(wizard.go_next(), Err(b) if b == vec![Blocker::Confirm { input: input("got_reset_mail") }])
    );
    wizard.set_flag(&input("got_reset_mail"), true);
    for expected in 5..=11 {
        wizard.go_next().expect("no blockers");
        assert_eq!(wizard.step_number(), Some((expected, 11)));
    }
    assert_eq!(
        wizard.go_next(),
        Err(vec![Blocker::Confirm {
            input: input("closed_browser")
        }])
    );
    wizard.set_flag(&input("closed_browser"), true);
    wizard.go_next().expect("to logging in again");
    assert_eq!(wizard.current(), &id("log-in-again"));
    assert_eq!(wizard.step_number(), None, "the page after step 11");
    assert!(
        !wizard.choose(&id("finish")),
        "«yes» waits for the work address"
    );
    wizard.set_text(&input("work_email"), "ola@askoy.kommune.no".into());
    assert!(wizard.choose(&id("finish")));
    assert!(wizard.is_finished());
    assert_eq!(wizard.blockers(), vec![Blocker::NoNext]);

    // Back retraces the path and keeps the answers.
    assert!(wizard.back());
    assert_eq!(wizard.current(), &id("log-in-again"));
    assert!(wizard.back());
    assert_eq!(wizard.current(), &id("link-removed"));
    for _ in 0..9 {
        assert!(wizard.back());
    }
    assert_eq!(wizard.current(), &id("enter-wrong-email"));
    assert_eq!(
        wizard.answers().text(&input("wrong_email")),
        Some("ola@gmail.com")
    );
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
    wizard.set_text(&input("wrong_email"), "ola@gmail.com".into());
    wizard.go_next().expect("2");
    wizard.go_next().expect("3");
    assert!(wizard.choose(&id("no-mail")));
    assert!(
        wizard.choose(&id("reset-password")),
        "'I found the mail' leads back to step 4"
    );
    assert_eq!(wizard.step_number(), Some((4, 11)));
}

/// «No bin» and «no mail» file the address as tried and ask for another; the tried ones are
/// saved with the progress and forgotten by «Start på nytt», like the address itself.
#[test]
fn trying_another_address_keeps_the_tried_ones() {
    let mut wizard = wizard();
    wizard.choose(&id("open-account-settings"));
    wizard.go_next().expect("1");
    wizard.set_text(&input("wrong_email"), "kari.nordmann@gmail.com".into());
    for _ in 2..=7 {
        wizard.set_flag(&input("got_reset_mail"), true);
        wizard.go_next().expect("to step 8");
    }
    assert_eq!(wizard.current(), &id("remove-link"));
    assert!(wizard.choose(&id("no-bin")), "the way out of step 8");
    assert!(wizard.choose(&id("enter-wrong-email")));
    assert_eq!(
        wizard.answers().text(&input("wrong_email")),
        None,
        "another one is asked for"
    );
    assert_eq!(
        wizard.answers().tried(&input("wrong_email")),
        ["kari.nordmann@gmail.com"]
    );
    assert!(!wizard.can_go_next());

    // The same again from «no mail», with another address: both are listed, once each.
    wizard.set_text(&input("wrong_email"), "kari@hotmail.com".into());
    wizard.go_next().expect("2");
    wizard.go_next().expect("3");
    assert!(wizard.choose(&id("no-mail")));
    assert!(wizard.choose(&id("enter-wrong-email")));
    assert_eq!(
        wizard.answers().tried(&input("wrong_email")),
        ["kari.nordmann@gmail.com", "kari@hotmail.com"]
    );

    // A half-typed address is emptied, not listed.
    wizard.set_text(&input("wrong_email"), "kari@".into());
    wizard.go_next().ok();
    assert!(wizard.choose(&id("which-address")));
    assert!(wizard.choose(&id("mailbox-gone")));
    assert!(wizard.choose(&id("enter-wrong-email")));
    assert_eq!(wizard.answers().text(&input("wrong_email")), None);
    assert_eq!(wizard.answers().tried(&input("wrong_email")).len(), 2);

    let json = serde_json::to_string(&wizard.progress(1)).expect("serialize");
    let loaded: Progress = serde_json::from_str(&json).expect("deserialize");
    let mut resumed = Wizard::resume(Arc::new(wizard.guide().clone()), loaded).expect("resume");
    assert_eq!(resumed.answers().tried(&input("wrong_email")).len(), 2);
    resumed.restart();
    assert!(resumed.answers().tried(&input("wrong_email")).is_empty());
}

/// Step 2 with a work address waits for «yes, it is the work address»; another address asks
/// again.
#[test]
fn a_work_address_in_step_two_is_confirmed_first() {
    let mut wizard = wizard();
    wizard.choose(&id("open-account-settings"));
    wizard.go_next().expect("1");
    wizard.set_text(&input("wrong_email"), "kari@askoy.kommune.no".into());
    assert_eq!(
        wizard.blockers(),
        vec![Blocker::WorkAddressUnconfirmed {
            input: input("wrong_email")
        }]
    );
    wizard.set_work_confirmed(&input("wrong_email"), true);
    assert!(wizard.can_go_next());
    wizard.set_text(&input("wrong_email"), "kari@skole.askoy.kommune.no".into());
    assert!(!wizard.can_go_next(), "a changed address is confirmed anew");
    wizard.set_text(&input("wrong_email"), "kari@gmail.com".into());
    assert!(wizard.can_go_next());
}

/// The work address after step 11 refuses the unlinked and the tried addresses and private
/// ones, and accepts an address on the kommune's domain.
#[test]
fn the_work_address_refuses_the_unlinked_and_private_addresses() {
    let mut wizard = wizard();
    wizard.set_text(&input("wrong_email"), "kari@askoy.kommune.no".into());
    let guide = wizard.guide().clone();
    let page = guide.page(&id("log-in-again")).expect("page");
    let input = page.inputs.first().expect("the work-address field");
    let check = |wizard: &Wizard, address: &str| {
        let mut wizard = wizard.clone();
        wizard.set_text(&input.id, address.into());
        let refused = wizard.refused_addresses(input);
        crate::email::check_work(address, wizard.work_domains(), &refused)
    };
    assert_eq!(
        check(&wizard, "KARI@askoy.kommune.no"),
        Err(crate::email::WorkProblem::Refused)
    );
    assert!(matches!(
        check(&wizard, "kari.nordmann@gmail.com"),
        Err(crate::email::WorkProblem::NotWork(_))
    ));
    assert!(check(&wizard, "kari.nordmann@askoy.kommune.no").is_ok());
}

#[test]
fn progress_round_trip_and_restart() {
    let mut wizard = wizard();
    wizard.choose(&id("open-account-settings"));
    wizard.go_next().expect("1");
    wizard.set_text(&input("wrong_email"), "ola@gmail.com".into());
    let saved = wizard.progress(1_700_000_000);
    let json = serde_json::to_string(&saved).expect("serialize");
    let loaded: Progress = serde_json::from_str(&json).expect("deserialize");
    let guide = Arc::new(wizard.guide().clone());
    let mut resumed = Wizard::resume(guide.clone(), loaded).expect("resume");
    assert_eq!(resumed.current(), &id("enter-wrong-email"));
    assert_eq!(
        resumed.answers().text(&input("wrong_email")),
        Some("ola@gmail.com")
    );
    assert!(resumed.back());
    resumed.restart();
    assert!(resumed.is_at_start());
    assert_eq!(resumed.answers().text(&input("wrong_email")), None);

    let mut unknown = saved;
    unknown.page = id("gone");
    assert_eq!(
        Wizard::resume(guide, unknown).err(),
        Some(ResumeError::UnknownPage(id("gone")))
    );
}

/// A progress file saved before input ids had a type of their own reads and writes as before:
/// the answers are one flat object keyed by the ids as written in the guide, and the guide's
/// address input finds the address and the tried ones in it.
#[test]
fn saved_answers_read_and_write_as_before() {
    let answers = serde_json::json!({
        "wrong_email": "kari@gmail.com",
        "wrong_email.tried": ["ola@gmail.com"],
        "got_reset_mail": true,
    });
    let saved = serde_json::json!({
        "page": "enter-wrong-email",
        "history": ["start", "open-account-settings"],
        "answers": answers,
        "saved_at": 1,
    });
    let progress: Progress = serde_json::from_value(saved.clone()).expect("readable");
    let guide = Arc::new(guide::embedded(Language::Nb).expect("guide"));
    let wizard = Wizard::resume(guide, progress).expect("resume");
    assert_eq!(wizard.address(), Some("kari@gmail.com"));
    assert_eq!(wizard.tried_addresses(), ["ola@gmail.com"]);
    assert!(wizard.answers().flag(&input("got_reset_mail")));
    let written = serde_json::to_value(wizard.progress(1)).expect("serialize");
    assert_eq!(written, saved);
}
