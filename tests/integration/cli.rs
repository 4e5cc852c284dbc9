//! The command line as IT uses it: `--check [--json]`, `--print-config`, `--reset`.

use std::path::Path;
use std::process::{Command, Output};

use paalogging_core::i18n::Language;
use paalogging_core::services::ServiceId;
use paalogging_core::test_support::isolated_command;

use crate::support::{self, TestCa, Validity};

/// The binary with every location moved into `dir`, so nothing on this machine is read.
fn paalogging(dir: &Path) -> Command {
    isolated_command(env!("CARGO_BIN_EXE_paalogging"), dir, &dir.join("data"))
}

/// Runs `--check` with `args` on `config`, with the test root trusted the way IT trusts a
/// proxy's root: `network.extra_roots_file` in the machine-wide file (the same on every OS).
fn run_check(dir: &Path, ca: &TestCa, config: &str, args: &[&str]) -> Output {
    let config_path = dir.join("cli.toml");
    std::fs::write(&config_path, config).expect("write config");
    let root = dir.join("root.pem");
    std::fs::write(&root, &ca.root_pem).expect("write root");
    let root_value = toml::Value::String(root.display().to_string());
    std::fs::write(
        dir.join("machine.toml"),
        format!("[network]\nextra_roots_file = {root_value}\n"),
    )
    .expect("write machine config");
    paalogging(dir)
        .arg("--check")
        .args(args)
        .arg("--config")
        .arg(&config_path)
        .output()
        .expect("run paalogging")
}

/// `--check` with `args` against a loopback HTTPS server answering with `routes` (with or
/// without a Visma Enterprise address).
fn check_against(routes: support::Route, enterprise: bool, args: &[&str]) -> Output {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let ca = TestCa::new("Test root");
    let server = runtime.block_on(support::serve(
        Some(ca.server_config(Validity::Current)),
        routes,
    ));
    let dir = tempfile::tempdir().expect("tempdir");
    let config = support::config_for(&server, "localhost", enterprise);
    run_check(dir.path(), &ca, &config, args)
}

/// `check_against` with `--json`: the JSON, once the exit code is `code`.
fn check_json_against(routes: support::Route, enterprise: bool, code: i32) -> serde_json::Value {
    let output = check_against(routes, enterprise, &["--json"]);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null)
}

#[test]
fn check_json_all_ok_exits_zero() {
    let json = check_json_against(support::healthy_routes(), true, 0);
    assert_eq!(json["ok"], true);
    let checks = json["checks"].as_array().expect("checks");
    assert_eq!(checks.len(), ServiceId::ALL.len());
    for check in checks {
        assert_eq!(check["result"], "ok", "{check}");
        assert!(check["elapsed_ms"].as_u64().is_some(), "{check}");
    }
    assert_eq!(checks[0]["id"], "account_settings");
    assert_eq!(checks[0]["name"], "Vismas side for kontoinnstillinger");
}

#[test]
fn check_json_with_a_problem_exits_one_and_explains_it() {
    let blocked = support::Reply::ok("text/html", "<html>Blokkert av brannmuren</html>");
    let routes = support::healthy_routes_except("/recaptcha/api.js", blocked);
    let json = check_json_against(routes, false, 1);
    assert_eq!(json["ok"], false);
    let checks = json["checks"].as_array().expect("checks");
    let recaptcha = checks
        .iter()
        .find(|c| c["id"] == "recaptcha")
        .expect("recaptcha");
    assert_eq!(recaptcha["result"], "problem");
    assert_eq!(recaptcha["kind"], "unexpected_content");
    assert!(
        recaptcha["explanation"]
            .as_str()
            .unwrap_or("")
            .contains("påloggingsside for gjestenett"),
        "{recaptcha}"
    );
    let enterprise = checks
        .iter()
        .find(|c| c["id"] == "visma_enterprise")
        .expect("enterprise");
    assert_eq!(enterprise["result"], "skipped");
}

#[test]
fn check_table_prints_progress_and_a_summary() {
    let output = check_against(support::healthy_routes(), true, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert!(stderr.contains("✓ Visma Enterprise"), "{stderr}");
    assert!(
        stderr.contains("Ingen kontakt til brukerstøtten er satt"),
        "{stderr}"
    );
    assert!(stdout.contains("Tilkoblingen er i orden."), "{stdout}");
    let lines = stdout.matches("i orden (").count();
    assert_eq!(lines, ServiceId::ALL.len(), "{stdout}");
}

#[test]
fn configuration_error_exits_two() {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[checks]\ntimeout_seconds = \"soon\"\n").expect("write");
    let output = paalogging(dir.path())
        .args(["--check", "--config"])
        .arg(&config)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bad.toml:2:19: checks.timeout_seconds"),
        "{stderr}"
    );
    // The log's warning is there too, without colour codes: stderr is a pipe, not a terminal.
    assert!(stderr.contains("WARN"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "colour codes in redirected stderr: {stderr:?}"
    );

    // --json without --check is a usage error, also 2.
    let output = paalogging(dir.path()).arg("--json").output().expect("run");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn print_config_shows_each_value_and_its_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("machine.toml"),
        "[kommune]\nname = \"Solund kommune\"\n",
    )
    .expect("write");
    let output = paalogging(dir.path())
        .arg("--print-config")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("name = \"Solund kommune\"  # machine-wide"),
        "{stdout}"
    );
    assert!(
        stdout.contains("email_domains = [\"askoy.kommune.no\"]  # embedded default"),
        "{stdout}"
    );
    // No phone, e-mail or page for the helpdesk: IT is told.
    let unset = "# Ingen kontakt til brukerstøtten er satt (helpdesk.phone";
    assert!(stdout.contains(unset), "{stdout}");
    std::fs::write(
        dir.path().join("machine.toml"),
        "[helpdesk]\nphone = \"56 15 80 00\"\n",
    )
    .expect("write");
    let output = paalogging(dir.path())
        .arg("--print-config")
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!stdout.contains(unset), "{stdout}");
}

#[test]
fn reset_forgets_saved_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("progress.json"), "{}").expect("write");
    // Files kept aside hold the typed address too: --reset takes them as well.
    std::fs::write(data.join("progress.json.bad"), "{}").expect("write");
    std::fs::write(data.join("progress.json.bad-00000000000000000001"), "{}").expect("write");
    std::fs::write(data.join("settings.json"), "{}").expect("write");
    let output = paalogging(dir.path()).arg("--reset").output().expect("run");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout, "Lagret framdrift er slettet.\n");
    for gone in [
        "progress.json",
        "progress.json.bad",
        "progress.json.bad-00000000000000000001",
    ] {
        assert!(!data.join(gone).exists(), "{gone}");
    }
    assert!(data.join("settings.json").exists());
}

/// `--reset` says what it did in the user's language, and when it could not, why (a folder
/// where the saved progress should be cannot be deleted as a file).
#[test]
fn reset_says_so_in_the_users_language() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = paalogging(dir.path())
        .args(["--reset", "--language", "en"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout, "Saved progress has been deleted.\n");

    std::fs::create_dir_all(dir.path().join("data").join("progress.json").join("inside"))
        .expect("mkdir");
    let output = paalogging(dir.path())
        .args(["--reset", "--language", "nn"])
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Kunne ikkje slette lagra framdrift: "),
        "{stderr}"
    );
}

#[test]
fn help_and_version() {
    let dir = tempfile::tempdir().expect("tempdir");
    let help = paalogging(dir.path()).arg("--help").output().expect("run");
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--config",
        "--reset",
        "--check",
        "--json",
        "--print-config",
        "--renderer",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    // The languages, from the table of languages, in the help and in the error for another.
    let codes = Language::listed_codes(&[]);
    assert!(text.contains(&format!("({codes})")), "{text}");
    let unknown = paalogging(dir.path())
        .args(["--language", "de"])
        .output()
        .expect("run");
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(stderr.contains(&format!("use {codes}")), "{stderr}");
    let version = paalogging(dir.path())
        .arg("--version")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&version.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_crash_is_logged_not_silent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let output = paalogging(dir.path())
        .arg("--print-config")
        .env("PAALOGGING_TEST_PANIC", "1")
        .output()
        .expect("run");
    assert!(!output.status.success());
    // The crash file is written synchronously, before the process ends.
    let logs = dir.path().join("data").join("logs");
    let crash_files: Vec<_> = std::fs::read_dir(&logs)
        .expect("log folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().contains("crash-"))
        .collect();
    assert_eq!(crash_files.len(), 1, "{crash_files:?}");
    let report = std::fs::read_to_string(&crash_files[0]).expect("crash file");
    assert!(report.contains("crashing on purpose"), "{report}");
    assert!(report.contains("renderer: none"), "{report}");
    // Debug builds have line tables: the backtrace names the panicking function.
    assert!(
        report.contains("paalogging_core::test_hooks::crash_on_purpose"),
        "{report}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("crash file"), "{stderr}");
}

#[test]
fn check_report_prints_the_helpdesk_report() {
    let output = check_against(support::healthy_routes(), false, &["--report"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.starts_with("Påloggingshjelp – rapport til brukerstøtten"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Vismas side for kontoinnstillinger"),
        "{stdout}"
    );
    assert!(
        stdout.contains("cli.toml"),
        "the configuration sources: {stdout}"
    );
    // Gathered as the window gathers it: the language by name, no address outside a guide.
    for expected in [
        "Språk: Bokmål\n",
        "Veiledning: --check\n",
        "E-postadresse (skjult): ikke oppgitt\n",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in {stdout}");
    }
}

/// Every string in `json`, at any depth.
fn json_strings(json: &serde_json::Value, found: &mut Vec<String>) {
    match json {
        serde_json::Value::String(text) => found.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| json_strings(item, found)),
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                found.push(key.clone());
                json_strings(value, found);
            }
        }
        _ => {}
    }
}

/// A hostile server's controls (escape sequences, C1, bidi controls, line breaks) reach none of
/// `--check`'s outputs: the table, the JSON and the report; what the text says is still there.
#[test]
fn server_text_reaches_no_output_with_its_controls() {
    use paalogging_core::safe_text::one_line;
    use support::control_in;
    use support::with_controls;

    let table = check_against(support::hostile_routes(), false, &[]);
    let stdout = String::from_utf8_lossy(&table.stdout);
    assert_eq!(table.status.code(), Some(1), "{stdout}");
    let offending: Vec<&str> = stdout
        .lines()
        .filter(|line| control_in(line).is_some())
        .collect();
    assert!(offending.is_empty(), "{offending:?}");
    // Each hostile field is shown, without its controls.
    for shown in [
        format!(
            "issuer {}",
            one_line(&with_controls("https://evil.example"))
        ),
        format!(
            "issuer {}",
            one_line(&with_controls("https://idporten.evil"))
        ),
        // Statuspage's underscores are shown as spaces.
        one_line(&with_controls("major_outage")).replace('_', " "),
        format!(
            "{} ({})",
            one_line(&format!("ID-porten {}er nede", support::CONTROLS)),
            one_line(&with_controls("investigating"))
        ),
        "application/json; charset=utf-8".to_owned(),
    ] {
        assert!(stdout.contains(&shown), "{shown:?} missing in {stdout}");
    }
    let stderr = String::from_utf8_lossy(&table.stderr);
    assert!(
        !stderr.contains(['\u{1b}', '\u{9b}', '\u{202E}']),
        "{stderr:?}"
    );

    let json = check_json_against(support::hostile_routes(), false, 1);
    let mut strings = Vec::new();
    json_strings(&json, &mut strings);
    let issuer = one_line(&with_controls("https://evil.example"));
    assert!(strings.iter().any(|s| s.contains(&issuer)), "{json}");
    let offending: Vec<&String> = strings.iter().filter(|s| control_in(s).is_some()).collect();
    assert!(offending.is_empty(), "{offending:?}");

    let report = check_against(support::hostile_routes(), false, &["--report"]);
    let stdout = String::from_utf8_lossy(&report.stdout);
    assert!(stdout.contains("unexpected_content"), "{stdout}");
    let offending: Vec<&str> = stdout
        .lines()
        .filter(|line| control_in(line).is_some())
        .collect();
    assert!(offending.is_empty(), "{offending:?}");
}
