//! Making a signed artefact: the publisher's key, the payload and the envelope. Used by the
//! signing tool (`src/bin/paalogging-guide.rs`) and the tests; the app only verifies
//! (`artefact.rs`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::UpdateError;
use super::accept::{Acceptance, accept_artefact};
use super::artefact::{ARTEFACT_FORMAT, Envelope, Payload, UpdateBundle};
use crate::signing::SecretKey;

/// How long an update is used when its publisher does not say: long enough for a forgotten
/// re-publication to be noticed, short enough that withholding updates does not last.
pub const DEFAULT_VALIDITY_DAYS: u64 = 90;

/// What a publisher puts in an update.
#[derive(Clone, Debug, Default)]
pub struct PublishInput {
    pub serial: u64,
    /// Unix time after which the app no longer uses it; `None`: [`DEFAULT_VALIDITY_DAYS`] from
    /// now.
    pub expires: Option<u64>,
    /// `(language code, guide TOML)`.
    pub guides: Vec<(String, String)>,
    /// `(picture name, PNG or JPEG bytes)`.
    pub illustrations: Vec<(String, Vec<u8>)>,
}

/// The payload's bytes for `input` (not yet signed).
pub fn payload_bytes(input: &PublishInput) -> Result<Vec<u8>, UpdateError> {
    let payload = Payload {
        format: ARTEFACT_FORMAT,
        serial: input.serial,
        expires: Some(input.expires.unwrap_or_else(|| {
            super::accept::unix_now().saturating_add(DEFAULT_VALIDITY_DAYS * 86_400)
        })),
        guides: input.guides.iter().cloned().collect(),
        illustrations: input
            .illustrations
            .iter()
            .map(|(name, bytes)| (name.clone(), BASE64.encode(bytes)))
            .collect(),
    };
    serde_json::to_vec_pretty(&payload).map_err(|error| UpdateError::Payload(error.to_string()))
}

/// Signs `payload` and wraps it in an envelope: the bytes to publish. Signs whatever it is
/// given; [`build_artefact`] is the checked path.
pub fn seal(key: &SecretKey, payload: &[u8]) -> Vec<u8> {
    let signature = key.sign(payload);
    let envelope = Envelope {
        format: ARTEFACT_FORMAT,
        payload: BASE64.encode(payload),
        signature: BASE64.encode(signature),
    };
    // Serialising three plain fields cannot fail; an empty artefact would fail verification.
    serde_json::to_vec_pretty(&envelope).unwrap_or_default()
}

/// Builds, signs and checks an artefact with the app's own acceptance check, so a publisher
/// never uploads one the app refuses.
pub fn build_artefact(
    input: &PublishInput,
    key: &SecretKey,
    acceptance: &Acceptance<'_>,
) -> Result<(Vec<u8>, UpdateBundle), UpdateError> {
    let artefact = seal(key, &payload_bytes(input)?);
    let bundle = accept_artefact(&artefact, &key.public_key(), acceptance)?;
    Ok((artefact, bundle))
}
