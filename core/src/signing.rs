//! Ed25519 keys for signed guide updates: the publisher's secret key (the signing tool), the
//! public key IT configures (`update.public_key`), and what a signature covers. A leaf, so the
//! configuration can parse a key without depending on the update machinery.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};

/// Signed together with the payload, so a signature made with the same key for anything else
/// (another tool, another format) can never pass as a guide update.
const SIGNING_CONTEXT: &[u8] = b"paalogging-guide-update-v1\0";

/// A key that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("update.public_key is not a base64 Ed25519 public key: {0}")]
    Public(String),
    #[error("the signing key is not usable: {0}")]
    Secret(String),
}

/// An Ed25519 public key, as set by `update.public_key` in the machine-wide configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Whether `signature` is this key's over `SIGNING_CONTEXT` ‖ `payload`. Strict: refuses
    /// malleable signatures and small-order points that plain `verify` lets by.
    pub fn verifies(&self, payload: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature).is_ok_and(|signature| {
            self.0
                .verify_strict(&signed_message(payload), &signature)
                .is_ok()
        })
    }
}

impl std::str::FromStr for PublicKey {
    type Err = KeyError;

    /// Base64 (standard alphabet) of the 32-byte key.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = key_bytes(text, KeyError::Public)?;
        let key = VerifyingKey::from_bytes(&bytes)
            .map_err(|error| KeyError::Public(error.to_string()))?;
        // A small-order key would accept signatures anyone can make.
        if key.is_weak() {
            return Err(KeyError::Public("a weak key".to_owned()));
        }
        Ok(Self(key))
    }
}

impl std::fmt::Display for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&BASE64.encode(self.0.as_bytes()))
    }
}

/// The publisher's private key. Only the signing tool holds one.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// A new key from the OS's random source.
    pub fn generate() -> Result<Self, KeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|error| KeyError::Secret(error.to_string()))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// Base64 of the 32-byte seed, as in the key file.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let seed = key_bytes(text, KeyError::Secret)?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0.to_bytes())
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The signature over `SIGNING_CONTEXT` ‖ `payload`.
    pub fn sign(&self, payload: &[u8]) -> [u8; 64] {
        self.0.sign(&signed_message(payload)).to_bytes()
    }
}

/// The 32 bytes of a key written in base64 (standard alphabet).
fn key_bytes(text: &str, error: fn(String) -> KeyError) -> Result<[u8; 32], KeyError> {
    let bytes = BASE64
        .decode(text.trim())
        .map_err(|decode| error(decode.to_string()))?;
    bytes
        .try_into()
        .map_err(|bytes: Vec<u8>| error(format!("{} bytes, expected 32", bytes.len())))
}

fn signed_message(payload: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(SIGNING_CONTEXT.len() + payload.len());
    message.extend_from_slice(SIGNING_CONTEXT);
    message.extend_from_slice(payload);
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_base64() {
        let secret = SecretKey::generate().expect("random");
        let public: PublicKey = secret.public_key().to_string().parse().expect("parse");
        assert_eq!(public, secret.public_key());
        let again = SecretKey::from_base64(&secret.to_base64()).expect("parse");
        assert_eq!(again.public_key(), public);
        for bad in ["", "not base64!", "AAAA", &BASE64.encode([0u8; 32])] {
            assert!(bad.parse::<PublicKey>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_signature_covers_the_context_and_the_payload() {
        let key = SecretKey::from_base64(&BASE64.encode([7u8; 32])).expect("key");
        let signature = key.sign(b"payload");
        assert!(key.public_key().verifies(b"payload", &signature));
        assert!(!key.public_key().verifies(b"payloaD", &signature));
        // The same key signing the bare payload (no context) is not a guide update's signature.
        let bare = key.0.sign(b"payload").to_bytes();
        assert!(!key.public_key().verifies(b"payload", &bare));
        let other = SecretKey::from_base64(&BASE64.encode([8u8; 32])).expect("key");
        assert!(!other.public_key().verifies(b"payload", &signature));
        assert!(!key.public_key().verifies(b"payload", &signature[..63]));
    }
}
