//! Guide files good and bad: what loads, and how each problem is named.

use super::*;
use crate::guide::embedded_source;
use crate::guide::model::{InputId, PageId, PageKind};
use crate::i18n::Language;

const MINIMAL: &str = r#"format = 1
language = "nb"
name = "Test"

[[page]]
id = "start"
kind = "start"
title = "Start"
body = "Hei"
question = "Ja?"
choices = [{ label = "Ja", goto = "one" }]

[[page]]
id = "one"
kind = "step"
title = "En"
body = "Gjør noe"
actions = [{ kind = "open_url", label = "Åpne", url = "https://example.no" }]

[[page]]
id = "end"
kind = "finish"
title = "Ferdig"
body = "Takk"
"#;

fn errors_of(source: &str) -> Vec<GuideError> {
    match parse_guide("test.toml", source) {
        Ok(_) => panic!("expected errors"),
        Err(GuideErrors(errors)) => errors,
    }
}

fn single_error(source: &str) -> GuideError {
    let errors = errors_of(source);
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors.into_iter().next().unwrap_or_else(|| unreachable!())
}

#[test]
fn minimal_guide_loads_and_links_steps_to_finish() {
    let guide = parse_guide("test.toml", MINIMAL).expect("valid");
    assert_eq!(guide.start.as_str(), "start");
    assert_eq!(guide.steps.len(), 1);
    let one = guide.page(&PageId("one".into())).expect("page");
    assert_eq!(one.next.as_ref().map(PageId::as_str), Some("end"));
}

#[test]
fn embedded_guide_has_the_seed_steps_in_order() {
    let (name, source) = embedded_source(Language::Nb);
    let guide = parse_guide(name, source).expect("embedded guide is valid");
    let ids: Vec<&str> = guide.steps.iter().map(PageId::as_str).collect();
    assert_eq!(
        ids,
        [
            "open-account-settings",
            "enter-wrong-email",
            "forgot-password",
            "reset-password",
            "new-password",
            "password-changed",
            "log-in-enterprise",
            "remove-link",
            "confirm-removal",
            "enter-password-again",
            "link-removed",
        ]
    );
    // The seed's key words, each on the step where the seed has it.
    let body = |id: &str| {
        let page = guide.page(&PageId(id.into())).expect("page");
        format!("{} {}", page.title, page.body)
    };
    assert!(body("forgot-password").contains("«Glemt ditt passord?»"));
    assert!(body("reset-password").contains("«Jeg er ikke en robot»"));
    assert!(body("reset-password").contains("«Tilbakestill passord»"));
    assert!(body("new-password").contains("«Endre passord»"));
    assert!(body("remove-link").contains("søppelbøtta"));
    assert!(body("confirm-removal").contains("«Ja»"));
    assert!(body("enter-password-again").contains("«Angi ditt passord»"));
    assert!(body("enter-password-again").contains("«Fortsett»"));
    assert!(body("link-removed").contains("Lukk nettleseren"));
    for page in &guide.pages {
        if page.kind == PageKind::Step || page.kind == PageKind::Finish {
            let alt = page
                .illustration
                .as_ref()
                .map(|i| i.alt.as_str())
                .unwrap_or("");
            assert!(!alt.is_empty(), "{} has no illustration alt text", page.id);
        }
    }
}

#[test]
fn toml_syntax_error_names_line() {
    let error = single_error("format = 1\nlanguage = \"nb\"\nname = \"x\"\n[[page]\n");
    assert_eq!(error.position.file, "test.toml");
    assert_eq!(error.position.line, 4);
}

#[test]
fn unknown_field_names_line_and_field() {
    let source = MINIMAL.replace(
        "body = \"Gjør noe\"",
        "body = \"Gjør noe\"\ncolour = \"red\"",
    );
    let error = single_error(&source);
    assert_eq!(error.position.line, 18);
    assert!(error.message.contains("colour"), "{error}");
}

#[test]
fn dangling_reference_names_line_and_field() {
    let source = MINIMAL.replace("goto = \"one\"", "goto = \"nowhere\"");
    let error = single_error(&source);
    assert_eq!(
        (error.position.line, error.position.field.as_str()),
        (11, "page[0] (start).choices[0].goto")
    );
    assert!(error.message.contains("nowhere"));
}

#[test]
fn empty_text_names_line_and_field() {
    let source = MINIMAL.replace("title = \"En\"", "title = \"  \"");
    let error = single_error(&source);
    assert_eq!(
        (error.position.line, error.position.field.as_str()),
        (16, "page[1] (one).title")
    );
    assert!(error.message.contains("empty"));
}

#[test]
fn non_https_link_is_refused() {
    let source = MINIMAL.replace("https://example.no", "http://example.no");
    let error = single_error(&source);
    assert_eq!(
        (error.position.line, error.position.field.as_str()),
        (18, "page[1] (one).actions[0].url")
    );
    assert!(error.message.contains("https"), "{error}");
}

#[test]
fn unknown_placeholder_and_duplicate_id_are_reported_together() {
    let source = MINIMAL
        .replace("body = \"Takk\"", "body = \"Takk {password}\"")
        .replace("id = \"end\"", "id = \"one\"");
    let errors = errors_of(&source);
    assert!(
        errors.iter().any(|e| e.message.contains("{password}")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("used by two pages")),
        "{errors:?}"
    );
}

#[test]
fn missing_finish_page_is_reported() {
    let source = MINIMAL.replace("kind = \"finish\"", "kind = \"help\"");
    let error = single_error(&source);
    assert!(error.message.contains("finish"), "{error}");
}

#[test]
fn display_has_file_line_column_field() {
    let source = MINIMAL.replace("goto = \"one\"", "goto = \"nowhere\"");
    let text = GuideErrors(errors_of(&source)).to_string();
    assert!(text.starts_with("test.toml:11:"), "{text}");
}

#[test]
fn a_placeholder_inside_a_link_is_refused() {
    for url in [
        "https://example.no/?login_hint={email}",
        "https://example.no/{enterprise_url}",
    ] {
        let source = MINIMAL.replace("https://example.no", url);
        let error = single_error(&source);
        assert_eq!(error.position.field, "page[1] (one).actions[0].url");
        assert!(error.message.contains("inside a link"), "{error}");
    }
}

/// MINIMAL with a help page, an e-mail input on the step and a way out of it.
fn with_way_out(way_out: &str, extra_page: &str) -> String {
    MINIMAL.replace("format = 1", "format = 2").replace(
        "actions = [{ kind = \"open_url\", label = \"Åpne\", url = \"https://example.no\" }]",
        &format!(
            "inputs = [{{ kind = \"email\", id = \"wrong_email\", label = \"E-post\" }}]\n\
             way_out = {way_out}\n\n\
             [[page]]\nid = \"help\"\nkind = \"help\"\ntitle = \"Hjelp\"\nbody = \"Gjør slik\"\n{extra_page}"
        ),
    )
}

#[test]
fn way_out_try_another_and_work_email_load() {
    let source = with_way_out(
        r#"{ label = "Det skjedde ikke", goto = "help" }"#,
        r#"inputs = [{ kind = "work_email", id = "work", label = "Jobb", required = true, refuse = "wrong_email" }]
choices = [
  { label = "Prøv en annen", goto = "one", try_another = "wrong_email" },
  { label = "Ja", goto = "end", requires_inputs = true },
]"#,
    );
    let guide = parse_guide("test.toml", &source).expect("valid");
    let one = guide.page(&PageId("one".into())).expect("step");
    let way_out = one.way_out.as_ref().expect("way out");
    assert_eq!(
        (way_out.label.as_str(), way_out.goto.as_str()),
        ("Det skjedde ikke", "help")
    );
    let help = guide.page(&PageId("help".into())).expect("help");
    let input = help.inputs.first().expect("input");
    assert_eq!(input.kind, crate::guide::InputKind::WorkEmail);
    assert_eq!(
        input.refuse.as_ref().map(InputId::as_str),
        Some("wrong_email")
    );
    assert_eq!(
        help.choices[0].try_another.as_ref().map(InputId::as_str),
        Some("wrong_email")
    );
    assert!(!help.choices[0].requires_inputs);
    assert!(help.choices[1].requires_inputs);
}

#[test]
fn way_out_must_lead_to_a_help_page() {
    let source = with_way_out(r#"{ label = "Det skjedde ikke", goto = "end" }"#, "");
    let error = single_error(&source);
    assert_eq!(
        (error.position.line, error.position.field.as_str()),
        (19, "page[1] (one).way_out.goto")
    );
    assert!(error.message.contains("help page"), "{error}");
}

#[test]
fn way_out_is_refused_on_the_start_page() {
    let source = MINIMAL.replace(
        "question = \"Ja?\"",
        "question = \"Ja?\"\nway_out = { label = \"Nei\", goto = \"one\" }",
    );
    let errors = errors_of(&source);
    assert!(
        errors
            .iter()
            .any(|e| e.position.field == "page[0] (start).way_out"
                && e.message.contains("step or a help page")),
        "{errors:?}"
    );
}

#[test]
fn try_another_and_refuse_must_name_an_email_input() {
    let source = with_way_out(
        r#"{ label = "Det skjedde ikke", goto = "help" }"#,
        r#"inputs = [
  { kind = "confirm", id = "ticked", label = "Ja", refuse = "wrong_email" },
  { kind = "work_email", id = "work", label = "Jobb", refuse = "ticked" },
]
choices = [{ label = "Prøv en annen", goto = "one", try_another = "nobody" }]"#,
    );
    let errors = errors_of(&source);
    let fields: Vec<(usize, &str)> = errors
        .iter()
        .map(|e| (e.position.line, e.position.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (27, "page[2] (help).inputs[0].refuse"),
            (28, "page[2] (help).inputs[1].refuse"),
            (30, "page[2] (help).choices[0].try_another"),
        ],
        "{errors:?}"
    );
    assert!(
        errors[0]
            .message
            .contains("only an input of kind work_email")
    );
    assert!(
        errors[1]
            .message
            .contains("no input of kind email has the id \"ticked\"")
    );
    assert!(errors[2].message.contains("\"nobody\""));
}

#[test]
fn format_one_files_may_not_use_what_format_two_brought() {
    let source = with_way_out(r#"{ label = "Det skjedde ikke", goto = "help" }"#, "")
        .replace("format = 2", "format = 1");
    let error = single_error(&source);
    assert_eq!(error.position.field, "page[1] (one).way_out");
    assert!(error.message.contains("needs format = 2"), "{error}");
    let error = single_error(&MINIMAL.replace("format = 1", "format = 4"));
    assert!(error.message.contains("formats 1 to 3"), "{error}");
}

/// The guides as they were before format 2 (what signed updates published until now carry)
/// still load, with their eleven steps and no ways out.
#[test]
fn format_one_guides_still_load() {
    for (code, source) in [
        (
            "nb",
            include_str!("../../../tests/fixtures/guide-format-1/nb.toml"),
        ),
        (
            "nn",
            include_str!("../../../tests/fixtures/guide-format-1/nn.toml"),
        ),
        (
            "en",
            include_str!("../../../tests/fixtures/guide-format-1/en.toml"),
        ),
    ] {
        let guide =
            parse_guide(&format!("{code}.toml"), source).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(guide.steps.len(), 11, "{code}");
        assert!(
            guide.pages.iter().all(|page| page.way_out.is_none()),
            "{code}"
        );
        // Their one e-mail input is the address input, as the app used it before the key.
        assert_eq!(
            guide.address_input.as_ref().map(InputId::as_str),
            Some("wrong_email"),
            "{code}"
        );
    }
}

/// A kind the app does not know is named with its field and place, and the kinds it knows are
/// listed (from the kinds' own definitions, so a new kind is listed without anyone updating a
/// message); the rest of the file is still checked.
#[test]
fn unknown_input_and_action_kinds_name_their_field_and_the_known_kinds() {
    let source = MINIMAL
        .replace("kind = \"open_url\"", "kind = \"open_link\"")
        .replace(
            "actions = [",
            "inputs = [{ kind = \"e-mail\", id = \"address\", label = \"E-post\" }]\nactions = [",
        )
        .replace("title = \"Ferdig\"", "title = \" \"");
    let errors = errors_of(&source);
    let found: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "test.toml:19:21: page[1] (one).actions[0].kind: unknown action kind \"open_link\"; \
             known: open_url, copy",
            "test.toml:18:20: page[1] (one).inputs[0].kind: unknown input kind \"e-mail\"; \
             known: email, confirm, work_email",
            "test.toml:24:9: page[2] (end).title: the text is empty",
        ],
        "{errors:?}"
    );
}

/// MINIMAL in `format` with step 1 asking for the inputs `inputs` (TOML inline tables) and the
/// guide naming `address_input` when given.
fn with_inputs(format: u32, address_input: Option<&str>, inputs: &str) -> String {
    let declared = address_input
        .map(|id| format!("address_input = \"{id}\"\n"))
        .unwrap_or_default();
    MINIMAL
        .replace(
            "format = 1\nlanguage = \"nb\"\nname = \"Test\"\n",
            &format!("format = {format}\nlanguage = \"nb\"\nname = \"Test\"\n{declared}"),
        )
        .replace("actions = [", &format!("inputs = [{inputs}]\nactions = ["))
}

const ADDRESS: &str = r#"{ kind = "email", id = "wrong_email", label = "E-post" }"#;
const CONFIRM: &str = r#"{ kind = "confirm", id = "got_mail", label = "Fikk e-post" }"#;
const SECOND_ADDRESS: &str = r#"{ kind = "email", id = "old_email", label = "Gammel" }"#;

#[test]
fn the_address_input_is_declared_and_must_name_an_email_input() {
    let inputs = format!("{ADDRESS}, {CONFIRM}");
    let guide =
        parse_guide("test.toml", &with_inputs(3, Some("wrong_email"), &inputs)).expect("valid");
    assert_eq!(
        guide.address_input.as_ref().map(InputId::as_str),
        Some("wrong_email")
    );

    for (named, message) in [
        ("got_mail", "no input of kind email has the id \"got_mail\""),
        ("nobody", "no input of kind email has the id \"nobody\""),
    ] {
        let error = single_error(&with_inputs(3, Some(named), &inputs));
        assert_eq!(
            (error.position.line, error.position.field.as_str()),
            (4, "address_input"),
            "{error}"
        );
        assert_eq!(error.message, message);
    }
}

#[test]
fn the_address_input_needs_format_three() {
    let error = single_error(&with_inputs(2, Some("wrong_email"), ADDRESS));
    assert_eq!(
        error.to_string(),
        "test.toml:4:17: address_input: needs format = 3 (the file says 2)"
    );
}

/// Before format 3 the only e-mail input is the address input; with several, or in format 3,
/// the guide must say which, and the message names the candidates.
#[test]
fn the_address_input_is_inferred_only_from_a_single_email_input_before_format_three() {
    for format in [1, 2] {
        let guide = parse_guide("test.toml", &with_inputs(format, None, ADDRESS))
            .unwrap_or_else(|e| panic!("format {format}: {e}"));
        assert_eq!(
            guide.address_input.as_ref().map(InputId::as_str),
            Some("wrong_email"),
            "format {format}"
        );
    }
    let several = format!("{ADDRESS}, {SECOND_ADDRESS}");
    for (format, inputs) in [(1, several.as_str()), (3, ADDRESS)] {
        let error = single_error(&with_inputs(format, None, inputs));
        assert_eq!(error.position.field, "address_input", "{error}");
        assert_eq!(error.position.line, 1, "{error}");
        assert!(
            error
                .message
                .contains("name the email input {email} stands for"),
            "{error}"
        );
        assert!(error.message.contains("\"wrong_email\""), "{error}");
    }
    let error = single_error(&with_inputs(1, None, &several));
    assert!(error.message.contains("\"old_email\""), "{error}");
}

/// A guide without an e-mail input has no address input, and so nothing for `{email}`.
#[test]
fn email_in_a_guide_without_an_address_input_is_refused() {
    let guide = parse_guide("test.toml", &with_inputs(2, None, CONFIRM)).expect("valid");
    assert_eq!(guide.address_input, None);

    let source =
        with_inputs(2, None, CONFIRM).replace("body = \"Takk\"", "body = \"Takk {email}\"");
    let error = single_error(&source);
    assert_eq!(
        (error.position.line, error.position.field.as_str()),
        (25, "page[2] (end).body"),
        "{error}"
    );
    assert!(error.message.contains("no input of kind email"), "{error}");
}
