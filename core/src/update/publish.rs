//! Making a signed artefact: the publisher's key, the payload and the envelope. Used by the
//! signing tool (`src/bin/paalogging-guide.rs`) and the tests; the app only verifies
//! (`artefact.rs`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signer as _, SigningKey};

use super::UpdateError;
use super::accept::{Acceptance, accept_artefact};
use super::artefact::{
    ARTEFACT_FORMAT, Envelope, Payload, PublicKey, UpdateBundle, signed_message,
};

/// The publisher's private key. Only the signing tool holds one.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// A new key from the OS's random source.
    pub fn generate() -> Result<Self, UpdateError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|error| UpdateError::InvalidSecretKey(error.to_string()))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Base64 of the 32-byte seed, as in the key file.
    pub fn from_base64(text: &str) -> Result<Self, UpdateError> {
        let bytes = BASE64
            .decode(text.trim())
            .map_err(|error| UpdateError::InvalidSecretKey(error.to_string()))?;
        let seed: [u8; 32] = bytes.try_into().map_err(|bytes: Vec<u8>| {
            UpdateError::InvalidSecretKey(format!("{} bytes, expected 32", bytes.len()))
        })?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0.to_bytes())
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }
}

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
    let signature = key.0.sign(&signed_message(payload));
    let envelope = Envelope {
        format: ARTEFACT_FORMAT,
        payload: BASE64.encode(payload),
        signature: BASE64.encode(signature.to_bytes()),
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
