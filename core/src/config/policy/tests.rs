use std::collections::BTreeMap;

use super::*;
use crate::config::{Config, LayerSource, layer};

const ADMX: &str = include_str!("../../../../packaging/windows/policy/paalogging.admx");
const ADML: &[(&str, &str)] = &[
    (
        "nb-NO",
        include_str!("../../../../packaging/windows/policy/nb-NO/paalogging.adml"),
    ),
    (
        "en-US",
        include_str!("../../../../packaging/windows/policy/en-US/paalogging.adml"),
    ),
];

/// Registry value name → how the template stores it, from the ADMX.
fn admx_values() -> BTreeMap<String, RegistryType> {
    let doc = roxmltree::Document::parse(ADMX).expect("the ADMX is XML");
    let mut values = BTreeMap::new();
    for policy in doc.descendants().filter(|n| n.has_tag_name("policy")) {
        assert_eq!(
            policy.attribute("key"),
            Some(r"SOFTWARE\Policies\Paalogging")
        );
        assert_eq!(policy.attribute("class"), Some("Machine"));
        // An on/off policy carries the value name itself.
        if let Some(name) = policy.attribute("valueName") {
            values.insert(name.to_owned(), RegistryType::Flag);
        }
        for element in policy
            .descendants()
            .filter(|n| n.attribute("valueName").is_some())
        {
            let kind = match element.tag_name().name() {
                "text" => RegistryType::Text,
                "multiText" => RegistryType::List,
                "decimal" | "longDecimal" => RegistryType::Number,
                "policy" => continue,
                other => panic!("unexpected ADMX element {other}"),
            };
            let name = element
                .attribute("valueName")
                .unwrap_or_default()
                .to_owned();
            assert!(values.insert(name.clone(), kind).is_none(), "{name} twice");
        }
    }
    values
}

#[test]
fn the_admx_lists_exactly_the_keys_the_app_reads() {
    let from_app: BTreeMap<String, RegistryType> = KEYS
        .iter()
        .map(|key| (key.name.to_owned(), key.registry))
        .collect();
    assert_eq!(admx_values(), from_app);
}

#[test]
fn every_admx_string_and_presentation_is_in_each_adml() {
    let doc = roxmltree::Document::parse(ADMX).expect("ADMX");
    let mut strings = Vec::new();
    let mut presentations = Vec::new();
    for node in doc.descendants() {
        for attribute in node.attributes() {
            let value = attribute.value();
            if let Some(id) = value
                .strip_prefix("$(string.")
                .and_then(|v| v.strip_suffix(')'))
            {
                strings.push(id.to_owned());
            }
            if let Some(id) = value
                .strip_prefix("$(presentation.")
                .and_then(|v| v.strip_suffix(')'))
            {
                presentations.push(id.to_owned());
            }
        }
    }
    assert!(strings.len() > KEYS.len(), "{strings:?}");
    for (language, text) in ADML {
        let adml = roxmltree::Document::parse(text).expect("ADML is XML");
        let ids = |tag: &str| -> Vec<String> {
            adml.descendants()
                .filter(|n| n.has_tag_name(tag))
                .filter_map(|n| n.attribute("id").map(str::to_owned))
                .collect()
        };
        let (defined, shown) = (ids("string"), ids("presentation"));
        for id in &strings {
            assert!(defined.contains(id), "{language}: no string {id}");
        }
        for id in &presentations {
            assert!(shown.contains(id), "{language}: no presentation {id}");
        }
    }
}

/// The defaults with `values` applied as the policy layer.
fn apply_policy(values: &[(&str, RegValue)]) -> (Config, Vec<crate::config::ConfigError>) {
    let mut config = Config::default();
    let mut errors = Vec::new();
    layer::apply(
        &mut config,
        &to_toml(values),
        &LayerSource::Policy,
        &mut errors,
    );
    (config, errors)
}

#[test]
fn policy_values_become_a_layer_that_may_set_machine_only_keys() {
    let values = [
        ("kommune.name", RegValue::Text("Solund kommune".to_owned())),
        ("app.allow_english", RegValue::Number(0)),
        ("checks.timeout_seconds", RegValue::Number(12)),
        ("update.min_serial", RegValue::Number(1_800_000_000)),
        (
            "links.allowed_hosts",
            RegValue::List(vec!["intranett.solund.kommune.no".to_owned()]),
        ),
        (
            "kommune.email_domains",
            RegValue::Text("solund.kommune.no, sogn.no".to_owned()),
        ),
        ("not.a_key", RegValue::Text("ignored".to_owned())),
    ];
    let (config, errors) = apply_policy(&values);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.kommune_name.value, "Solund kommune");
    assert_eq!(config.kommune_name.source, LayerSource::Policy);
    assert!(!config.allow_english.value);
    assert_eq!(config.check_timeout_seconds.value, 12);
    assert_eq!(config.update_min_serial.value, 1_800_000_000);
    assert_eq!(config.allowed_hosts.value, ["intranett.solund.kommune.no"]);
    assert_eq!(config.email_domains.value, ["solund.kommune.no", "sogn.no"]);
}

#[test]
fn a_bad_policy_value_is_reported_with_its_name() {
    let values = [
        (
            "helpdesk.web",
            RegValue::Text("http://plain.example".to_owned()),
        ),
        ("kommune.name", RegValue::Text("Solund kommune".to_owned())),
    ];
    let (config, errors) = apply_policy(&values);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].position.field, "helpdesk.web");
    assert_eq!(errors[0].position.file, crate::config::POLICY_KEY);
    // The good value of the same policy still applies.
    assert_eq!(config.kommune_name.value, "Solund kommune");
}

/// The whole range of a REG_QWORD reaches the key: written out as digits, a number past
/// TOML's signed integers is still read into an unsigned key. IT retires every update with the
/// largest `update.min_serial`; a document built from `toml::Value`s (signed integers only)
/// could not carry it.
#[test]
fn the_largest_qword_still_sets_a_number_key() {
    let values = [
        ("update.min_serial", RegValue::Number(u64::MAX)),
        ("kommune.name", RegValue::Text("Solund kommune".to_owned())),
    ];
    let (config, errors) = apply_policy(&values);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(config.update_min_serial.value, u64::MAX);
    assert_eq!(config.kommune_name.value, "Solund kommune");
}
