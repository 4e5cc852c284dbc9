use super::*;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn defaults_are_askoy_bokmal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load(&Paths::under(dir.path()), None);
    assert!(loaded.errors.is_empty());
    assert!(loaded.sources.is_empty());
    assert_eq!(loaded.config.kommune_name.value, "Askøy kommune");
    assert_eq!(loaded.config.work_domain(), "askoy.kommune.no");
    assert_eq!(loaded.config.visma_enterprise_url.value, None);
    assert_eq!(loaded.config.check_timeout(), Duration::from_secs(8));
}

#[test]
fn layers_override_in_order_and_remember_their_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    write(
        dir.path(),
        "machine/config.toml",
        "[kommune]\nname = \"Høyanger kommune\"\nvisma_enterprise_url = \"https://vismahoyanger.sysikt.no/enterprise/\"\n[helpdesk]\nphone = \"57 71 00 00\"\n",
    );
    write(
        dir.path(),
        "user/config.toml",
        "[kommune]\nname = \"Solund kommune\"\n",
    );
    let cli = write(dir.path(), "cli.toml", "[helpdesk]\nphone = \"\"\n");
    let loaded = load(&paths, Some(&cli));
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    let config = &loaded.config;
    assert_eq!(config.kommune_name.value, "Solund kommune");
    assert!(matches!(config.kommune_name.source, LayerSource::User(_)));
    assert_eq!(
        config.visma_enterprise_url.value.as_deref(),
        Some("https://vismahoyanger.sysikt.no/enterprise/")
    );
    assert!(matches!(
        config.visma_enterprise_url.source,
        LayerSource::Machine(_)
    ));
    // An empty value in a later layer clears an earlier one.
    assert_eq!(config.helpdesk_phone.value, None);
    assert!(matches!(
        config.helpdesk_phone.source,
        LayerSource::CommandLine(_)
    ));
    assert_eq!(loaded.sources.len(), 3);
}

#[test]
fn bad_keys_are_reported_with_line_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    write(
        dir.path(),
        "machine/config.toml",
        "[kommune]\nname = \"Høyanger kommune\"\nnmae = \"typo\"\nvisma_enterprise_url = \"http://visma.example\"\n[checks]\ntimeout_seconds = 0\nrecaptcha = 5\n",
    );
    let loaded = load(&paths, None);
    let keys: Vec<(&str, usize)> = loaded
        .errors
        .iter()
        .map(|e| (e.position.field.as_str(), e.position.line))
        .collect();
    assert_eq!(
        keys,
        [
            ("kommune.nmae", 3),
            ("kommune.visma_enterprise_url", 4),
            ("checks.timeout_seconds", 6),
            ("checks.recaptcha", 7)
        ]
    );
    assert!(matches!(
        loaded.errors[1].problem,
        Problem::Key(KeyError::Value(ValueError::Link(
            crate::links::LinkError::NotHttps
        )))
    ));
    assert!(
        loaded.errors[0]
            .to_string()
            .contains("config.toml:3:1: kommune.nmae: unknown key")
    );
    // The good key of the same file still applies; the bad ones keep their defaults.
    assert_eq!(loaded.config.kommune_name.value, "Høyanger kommune");
    assert_eq!(loaded.config.check_timeout_seconds.value, 8);
}

#[test]
fn syntax_error_skips_that_layer_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    write(
        dir.path(),
        "machine/config.toml",
        "[kommune]\nname = \"Høyanger kommune\"\n",
    );
    write(dir.path(), "user/config.toml", "[kommune\nname = 3\n");
    let loaded = load(&paths, None);
    assert_eq!(loaded.errors.len(), 1);
    assert_eq!(loaded.errors[0].position.line, 1);
    assert_eq!(loaded.config.kommune_name.value, "Høyanger kommune");
}

#[test]
fn missing_cli_config_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let loaded = load(
        &Paths::under(dir.path()),
        Some(&dir.path().join("nope.toml")),
    );
    assert_eq!(loaded.errors.len(), 1);
    assert!(matches!(loaded.errors[0].problem, Problem::Unreadable(_)));
}

#[test]
fn describe_names_every_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cli = write(dir.path(), "cli.toml", "[app]\nlanguage = \"nb\"\n");
    let loaded = load(&Paths::under(dir.path()), Some(&cli));
    let text = describe(&loaded.config);
    assert!(
        text.contains("name = \"Askøy kommune\"  # embedded default"),
        "{text}"
    );
    assert!(text.contains("language = \"nb\"  # --config"), "{text}");
    // The description is itself a valid configuration file.
    let mut again = Config::default();
    let mut errors = Vec::new();
    layer::apply(&mut again, &text, &LayerSource::Default, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn only_trusted_layers_widen_the_link_allowlist() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    write(
        dir.path(),
        "machine/config.toml",
        "[kommune]\nvisma_enterprise_url = \"https://vismahoyanger.sysikt.no/enterprise/\"\n",
    );
    write(
        dir.path(),
        "user/config.toml",
        "[helpdesk]\nweb = \"https://evil.example/help\"\n",
    );
    let hosts = load(&paths, None).config.trusted_link_hosts();
    assert!(
        hosts.contains(&"vismahoyanger.sysikt.no".to_owned()),
        "{hosts:?}"
    );
    assert!(hosts.contains(&"askoy.kommune.no".to_owned()), "{hosts:?}");
    assert!(!hosts.iter().any(|h| h.contains("evil")), "{hosts:?}");
}

#[test]
fn the_readme_key_table_lists_every_key_and_who_may_set_it() {
    let readme = include_str!("../../../README.md");
    let table = readme
        .split("<!-- keys:")
        .nth(1)
        .expect("README has the key table marker");
    let rows: Vec<(String, bool)> = table
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let key = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((key.to_owned(), cells.get(2)? == &"machine-wide only"))
        })
        .collect();
    let from_app: Vec<(String, bool)> = KEYS
        .iter()
        .map(|key| (key.name.to_owned(), key.scope == Scope::MachineOnly))
        .collect();
    assert_eq!(rows, from_app);
}

#[test]
fn machine_only_keys_are_refused_from_user_layers_and_allowed_from_machine_wide_ones() {
    for key in machine_only() {
        let text = format!("[{}]\n", key.section());
        let value = match key.registry {
            RegistryType::Number => "1",
            RegistryType::List => "[]",
            _ => "\"\"",
        };
        let text = format!("{text}{} = {value}\n", key.field());
        for (source, allowed) in [
            (LayerSource::Machine(PathBuf::from("m.toml")), true),
            (LayerSource::Policy, true),
            (LayerSource::User(PathBuf::from("u.toml")), false),
            (LayerSource::CommandLine(PathBuf::from("c.toml")), false),
        ] {
            let mut config = Config::default();
            let mut errors = Vec::new();
            layer::apply(&mut config, &text, &source, &mut errors);
            let refused = errors
                .iter()
                .any(|e| e.problem == Problem::Key(KeyError::MachineOnly));
            assert_eq!(refused, !allowed, "{} from {source}: {errors:?}", key.name);
        }
    }
}

/// The whole path from `load`: a machine-wide file ordinary users can change is not read, and
/// says so in each language.
#[cfg(unix)]
#[test]
fn an_untrusted_machine_file_is_ignored_and_said_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let machine = write(
        dir.path(),
        "machine/config.toml",
        "[kommune]\nname = \"Høyanger kommune\"\n",
    );
    std::fs::set_permissions(&machine, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let paths = Paths {
        machine_trust: MachineTrust::Os,
        ..Paths::under(dir.path())
    };
    let loaded = load(&paths, None);
    assert_eq!(loaded.config.kommune_name.value, "Askøy kommune");
    assert!(loaded.sources.is_empty(), "{:?}", loaded.sources);
    assert_eq!(loaded.ignored.len(), 1, "{:?}", loaded.ignored);
    assert_eq!(loaded.ignored[0].path, machine);
    for (language, words) in [
        (Language::Nb, "ignorert: vanlige brukere kan endre den"),
        (Language::Nn, "ignorert: vanlege brukarar kan endre den"),
        (Language::En, "ignored: ordinary users can change it"),
    ] {
        let text = crate::i18n::UiText::load(language).expect("texts");
        let said = loaded.ignored[0].said(&text);
        assert!(said.contains(words), "{said}");
        assert!(said.contains(&machine.display().to_string()), "{said}");
    }
}
#[test]
fn renderer_key_pins_one_or_leaves_it_to_the_app() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    assert_eq!(load(&paths, None).config.renderer.value, None);
    write(
        dir.path(),
        "machine/config.toml",
        "[app]\nrenderer = \"wgpu\"\n",
    );
    let loaded = load(&paths, None);
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(
        loaded.config.renderer.value,
        Some(crate::config::Renderer::Wgpu)
    );
    assert!(describe(&loaded.config).contains("renderer = \"wgpu\""));
    let auto = write(dir.path(), "auto.toml", "[app]\nrenderer = \"auto\"\n");
    assert_eq!(load(&paths, Some(&auto)).config.renderer.value, None);
    let bad = write(dir.path(), "bad.toml", "[app]\nrenderer = \"vulkan\"\n");
    let loaded = load(&paths, Some(&bad));
    assert_eq!(loaded.errors.len(), 1);
    assert!(
        loaded.errors[0]
            .to_string()
            .contains("unknown renderer \"vulkan\""),
        "{}",
        loaded.errors[0]
    );
    // The bad value is skipped: the machine-wide choice stays.
    assert_eq!(
        loaded.config.renderer.value,
        Some(crate::config::Renderer::Wgpu)
    );
}

#[test]
fn every_configuration_file_is_read_through_one_cap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let paths = Paths::under(dir.path());
    // Valid TOML, set to apply, but far larger than a configuration file is.
    let padding = "#".repeat(usize::try_from(MAX_CONFIG_BYTES).expect("size"));
    let huge = |name: &str| format!("[kommune]\nname = \"{name}\"\n{padding}\n");
    write(dir.path(), "machine/config.toml", &huge("Maskin"));
    write(dir.path(), "user/config.toml", &huge("Bruker"));
    let cli = write(dir.path(), "cli.toml", &huge("Kommandolinje"));
    let loaded = load(&paths, Some(&cli));
    assert_eq!(
        loaded.config.kommune_name.value,
        Config::default().kommune_name.value
    );
    let too_large = loaded
        .errors
        .iter()
        .filter(|error| error.to_string().contains("larger than"))
        .count();
    assert_eq!(too_large, 3, "{:?}", loaded.errors);
}
