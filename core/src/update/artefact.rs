//! The signed artefact: an envelope holding the exact signed bytes and their Ed25519 signature,
//! and the payload inside it (guides per language and illustrations); and its verification,
//! which is all the app does with one. Making one is the signing tool's part (`publish.rs`).
//!
//! The payload travels base64-encoded inside the envelope so the bytes that were signed are the
//! bytes that are verified: no JSON re-serialisation, no canonical form to agree on.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

use super::UpdateError;
use crate::guide::{Guide, parse_guide};
use crate::i18n::Language;
use crate::signing::PublicKey;

/// Version of the envelope and of the payload. A newer one comes from a newer publisher tool
/// and is refused rather than half understood. Format 2 added `expires`; format 1 updates,
/// which never expire, are refused (see [`UpdateError::NoExpiry`]).
pub const ARTEFACT_FORMAT: u32 = 2;

/// The published file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Envelope {
    pub(super) format: u32,
    /// Base64 of the payload's JSON bytes.
    pub(super) payload: String,
    /// Base64 of the Ed25519 signature over the payload bytes ([`crate::signing`]).
    pub(super) signature: String,
}

/// What the signature covers.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Payload {
    pub(super) format: u32,
    /// Grows with every publication; an older serial than the cached one is refused, so a
    /// replayed old (but validly signed) guide cannot undo a fix.
    pub(super) serial: u64,
    /// Unix time (seconds) after which the app no longer uses this update: withholding newer
    /// updates cannot hold a PC on this one forever. Absent in format 1.
    #[serde(default)]
    pub(super) expires: Option<u64>,
    /// Guide TOML by language code ([`Language::code`]).
    pub(super) guides: BTreeMap<String, String>,
    /// PNG or JPEG by picture name (`step-03`, `step-03@2x`), base64.
    #[serde(default)]
    pub(super) illustrations: BTreeMap<String, String>,
}

/// A verified update: every guide parsed and its links allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct UpdateBundle {
    pub serial: u64,
    /// Unix time (seconds) after which it is not used.
    pub expires: u64,
    /// One guide per language in [`Language::ALL`], same pages in the same order.
    guides: Vec<(Language, Guide)>,
    /// Picture bytes by name (`step-03`, `step-03@2x`); PNG or JPEG by their magic bytes.
    pub illustrations: BTreeMap<String, Vec<u8>>,
}

impl UpdateBundle {
    pub fn guide(&self, language: Language) -> Option<&Guide> {
        self.guides
            .iter()
            .find(|(code, _)| *code == language)
            .map(|(_, guide)| guide)
    }
}

/// Checks the signature first and reads nothing of the payload before it holds; then validates
/// the content: format, every language present, every guide valid, every link allowed, the
/// pictures PNG or JPEG under safe names.
pub fn verify_artefact(
    artefact: &[u8],
    key: &PublicKey,
    allowed_hosts: &[String],
) -> Result<UpdateBundle, UpdateError> {
    let envelope: Envelope = serde_json::from_slice(artefact)
        .map_err(|error| UpdateError::Envelope(error.to_string()))?;
    if envelope.format > ARTEFACT_FORMAT {
        return Err(UpdateError::NewerFormat(envelope.format));
    }
    let payload = BASE64
        .decode(envelope.payload.trim())
        .map_err(|error| UpdateError::Envelope(format!("payload: {error}")))?;
    let signature = BASE64
        .decode(envelope.signature.trim())
        .map_err(|error| UpdateError::Envelope(format!("signature: {error}")))?;
    if !key.verifies(&payload, &signature) {
        return Err(UpdateError::BadSignature);
    }

    let payload: Payload = serde_json::from_slice(&payload)
        .map_err(|error| UpdateError::Payload(error.to_string()))?;
    if payload.format > ARTEFACT_FORMAT {
        return Err(UpdateError::NewerFormat(payload.format));
    }
    let expires = payload.expires.ok_or(UpdateError::NoExpiry)?;
    let guides = validate_guides(&payload.guides, allowed_hosts)?;
    let illustrations = validate_illustrations(&payload.illustrations)?;
    Ok(UpdateBundle {
        serial: payload.serial,
        expires,
        guides,
        illustrations,
    })
}

fn validate_guides(
    sources: &BTreeMap<String, String>,
    allowed_hosts: &[String],
) -> Result<Vec<(Language, Guide)>, UpdateError> {
    for code in sources.keys() {
        if !Language::ALL.iter().any(|language| language.code() == code) {
            let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            return Err(UpdateError::Payload(format!(
                "unknown language \"{code}\" (known: {})",
                known.join(", ")
            )));
        }
    }
    let mut guides = Vec::new();
    // Every language, so switching language mid-guide never falls back to another version.
    for &language in Language::ALL {
        let code = language.code();
        let source = sources
            .get(code)
            .ok_or_else(|| UpdateError::Payload(format!("the guide for \"{code}\" is missing")))?;
        let guide = parse_guide(&format!("update:{code}.toml"), source).map_err(|errors| {
            UpdateError::Guide {
                language: code.to_owned(),
                errors,
            }
        })?;
        if guide.language != code {
            return Err(UpdateError::Payload(format!(
                "the guide under \"{code}\" says language = \"{}\"",
                guide.language
            )));
        }
        let problems = crate::links::check_guide_links(&guide, allowed_hosts);
        if !problems.is_empty() {
            return Err(UpdateError::Links {
                language: code.to_owned(),
                problems: problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        guides.push((language, guide));
    }
    // Same pages in the same order: saved progress and a language switch keep their place.
    let ids = |guide: &Guide| guide.pages.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    if let Some((first_language, first)) = guides.first() {
        for (language, guide) in &guides {
            if ids(guide) != ids(first) {
                return Err(UpdateError::Payload(format!(
                    "the \"{}\" guide has other pages than the \"{}\" guide",
                    language.code(),
                    first_language.code()
                )));
            }
        }
    }
    Ok(guides)
}

fn validate_illustrations(
    encoded: &BTreeMap<String, String>,
) -> Result<BTreeMap<String, Vec<u8>>, UpdateError> {
    let mut pictures = BTreeMap::new();
    for (name, data) in encoded {
        let stem = name.strip_suffix("@2x").unwrap_or(name);
        // The name may become part of a path or a texture id: nothing but a plain stem.
        let safe = !stem.is_empty()
            && stem.len() <= 64
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !safe {
            return Err(UpdateError::Payload(format!(
                "illustration name \"{name}\" is not a-z 0-9 - _ (with an optional @2x)"
            )));
        }
        let bytes = BASE64
            .decode(data)
            .map_err(|error| UpdateError::Payload(format!("illustration \"{name}\": {error}")))?;
        // By its magic bytes, as the decoder tells formats apart (`check_picture` reads it so).
        let format = image::guess_format(&bytes).ok();
        if !matches!(
            format,
            Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
        ) {
            return Err(UpdateError::Payload(format!(
                "illustration \"{name}\" is neither PNG nor JPEG"
            )));
        }
        // The app's own check, so an update it would not show is refused here, by the signing
        // tool too.
        crate::illustrations::check_picture(std::path::Path::new(name), &bytes)
            .map_err(|error| UpdateError::Payload(format!("illustration {error}")))?;
        pictures.insert(name.clone(), bytes);
    }
    Ok(pictures)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::signing::SecretKey;
    use crate::update::Acceptance;
    use crate::update::publish::*;

    pub(crate) fn embedded_input(serial: u64) -> PublishInput {
        PublishInput {
            serial,
            guides: Language::ALL
                .iter()
                .map(|&l| {
                    (
                        l.code().to_owned(),
                        crate::guide::embedded_source(l).1.to_owned(),
                    )
                })
                .collect(),
            illustrations: vec![(
                "step-03".to_owned(),
                include_bytes!("../../../assets/illustrations/step-03.png").to_vec(),
            )],
            expires: None,
        }
    }

    fn key() -> SecretKey {
        SecretKey::from_base64(&BASE64.encode([7u8; 32])).expect("key")
    }

    #[test]
    fn round_trip() {
        let (artefact, bundle) =
            build_artefact(&embedded_input(3), &key(), &Acceptance::new(&[], 0)).expect("build");
        assert_eq!(bundle.serial, 3);
        assert!(bundle.guide(Language::Nn).is_some());
        assert!(bundle.illustrations.contains_key("step-03"));
        let again = verify_artefact(&artefact, &key().public_key(), &[]).expect("verify");
        assert_eq!(again, bundle);
    }

    /// Guides written before guide format 2 (without ways out) still load when signed into an
    /// update: the new keys are optional. (The update's own envelope is format 2 since it
    /// carries an expiry; an envelope without one is refused, see `accept`.)
    #[test]
    fn an_update_made_from_format_one_guides_still_loads() {
        let english = include_str!("../../tests/fixtures/guide-format-1/en.toml");
        let fixture = |code: &str| -> String {
            match code {
                "nb" => include_str!("../../tests/fixtures/guide-format-1/nb.toml").to_owned(),
                "nn" => include_str!("../../tests/fixtures/guide-format-1/nn.toml").to_owned(),
                "en" => english.to_owned(),
                // A language added since format 1 never had such a guide: the English one
                // stands in under its code.
                _ => english.replace("language = \"en\"", &format!("language = \"{code}\"")),
            }
        };
        let mut input = embedded_input(5);
        input.guides = Language::ALL
            .iter()
            .map(|l| (l.code().to_owned(), fixture(l.code())))
            .collect();
        let (artefact, _) =
            build_artefact(&input, &key(), &Acceptance::new(&[], 0)).expect("build");
        let bundle = verify_artefact(&artefact, &key().public_key(), &[]).expect("verify");
        for &language in Language::ALL {
            let guide = bundle.guide(language).expect("guide");
            assert_eq!(guide.steps.len(), 11);
            assert!(guide.pages.iter().all(|page| page.way_out.is_none()));
        }
    }

    #[test]
    fn a_flipped_byte_anywhere_in_the_payload_is_refused() {
        let payload = payload_bytes(&embedded_input(1)).expect("payload");
        let artefact = seal(&key(), &payload);
        let envelope: Envelope = serde_json::from_slice(&artefact).expect("envelope");
        for index in [0, payload.len() / 2, payload.len() - 1] {
            let mut tampered = payload.clone();
            if let Some(byte) = tampered.get_mut(index) {
                *byte ^= 0x01;
            }
            let forged = serde_json::to_vec(&Envelope {
                format: ARTEFACT_FORMAT,
                payload: BASE64.encode(&tampered),
                signature: envelope.signature.clone(),
            })
            .expect("json");
            assert!(matches!(
                verify_artefact(&forged, &key().public_key(), &[]),
                Err(UpdateError::BadSignature)
            ));
        }
    }

    #[test]
    fn content_problems_are_refused_even_when_signed() {
        let cases: Vec<(PublishInput, &str)> = vec![
            (
                PublishInput {
                    guides: embedded_input(1).guides.into_iter().take(2).collect(),
                    ..embedded_input(1)
                },
                "missing",
            ),
            (
                {
                    let mut input = embedded_input(1);
                    input.guides.push(("de".to_owned(), String::new()));
                    input
                },
                "unknown language",
            ),
            (
                {
                    let mut input = embedded_input(1);
                    if let Some((_, source)) = input.guides.first_mut() {
                        *source = source.replacen(
                            "https://accountsettings.connect.visma.com\"",
                            "https://accountsettings.connect.visma.com.evil.example\"",
                            1,
                        );
                    }
                    input
                },
                "outside the allowlist",
            ),
            (
                {
                    let mut input = embedded_input(1);
                    input.illustrations =
                        vec![("../../evil".to_owned(), b"\x89PNG\r\n\x1a\n".to_vec())];
                    input
                },
                "illustration name",
            ),
            (
                {
                    let mut input = embedded_input(1);
                    input.illustrations = vec![("step-01".to_owned(), b"<svg/>".to_vec())];
                    input
                },
                "neither PNG nor JPEG",
            ),
            (
                {
                    // A format the decoder knows by its magic bytes, but not one of the two.
                    let mut input = embedded_input(1);
                    input.illustrations = vec![("step-01".to_owned(), b"GIF89a\x01\0".to_vec())];
                    input
                },
                "neither PNG nor JPEG",
            ),
        ];
        for (input, expected) in cases {
            let artefact = seal(&key(), &payload_bytes(&input).expect("payload"));
            let error = verify_artefact(&artefact, &key().public_key(), &[]).expect_err(expected);
            assert!(error.to_string().contains(expected), "{expected}: {error}");
        }
    }
}
