//! What the app accepts of a verified update — its size, its serial, its pictures (checked in
//! `artefact.rs` with the app's picture check) and its expiry — as one check, used for a
//! download, for the cache and by the signing tool (`sign` and `verify`), so the three cannot
//! drift apart.

use super::artefact::{UpdateBundle, verify_artefact};
use super::{MAX_ARTEFACT_BYTES, UpdateError};
use crate::signing::PublicKey;

/// What an update must meet besides a valid signature and content.
#[derive(Clone, Copy, Debug)]
pub struct Acceptance<'a> {
    /// Extra hosts the guides' links may point to.
    pub allowed_hosts: &'a [String],
    /// The lowest serial accepted: [`super::serial_floor`] in the app and the signing tool.
    pub floor: u64,
    /// Now, in Unix seconds: an update whose expiry has passed is refused.
    pub now: u64,
}

impl<'a> Acceptance<'a> {
    /// The check as of now.
    pub fn new(allowed_hosts: &'a [String], floor: u64) -> Self {
        Self {
            allowed_hosts,
            floor,
            now: unix_now(),
        }
    }
}

/// The current Unix time in seconds (0 if the clock is before 1970, which expires nothing
/// early: every expiry is after it).
pub fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Verifies `artefact` and applies [`Acceptance`]: the one decision on whether an update is used.
pub fn accept_artefact(
    artefact: &[u8],
    key: &PublicKey,
    acceptance: &Acceptance<'_>,
) -> Result<UpdateBundle, UpdateError> {
    if artefact.len() > MAX_ARTEFACT_BYTES {
        return Err(UpdateError::TooLarge {
            limit: MAX_ARTEFACT_BYTES,
        });
    }
    let bundle = verify_artefact(artefact, key, acceptance.allowed_hosts)?;
    super::check_floor(bundle.serial, acceptance.floor)?;
    if bundle.expires <= acceptance.now {
        return Err(UpdateError::Expired {
            expired: crate::clock::rfc3339_utc(unix_time(bundle.expires)),
        });
    }
    Ok(bundle)
}

/// `seconds` after the Unix epoch, as a time.
pub fn unix_time(seconds: u64) -> std::time::SystemTime {
    // A time past what the OS can represent is shown as the epoch rather than overflowing.
    std::time::UNIX_EPOCH
        .checked_add(std::time::Duration::from_secs(seconds))
        .unwrap_or(std::time::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD as BASE64;

    use super::*;
    use crate::signing::SecretKey;
    use crate::update::artefact::tests::embedded_input;
    use crate::update::{CachedArtefact, PublishInput, payload_bytes, seal};

    fn key() -> SecretKey {
        SecretKey::from_base64(&BASE64.encode([7u8; 32])).expect("key")
    }

    fn sealed(input: &PublishInput) -> Vec<u8> {
        seal(&key(), &payload_bytes(input).expect("payload"))
    }

    #[test]
    fn an_expired_update_is_refused_and_the_expiry_is_signed() {
        let input = PublishInput {
            expires: Some(2_000),
            ..embedded_input(3)
        };
        let artefact = sealed(&input);
        let at = |now| Acceptance {
            allowed_hosts: &[],
            floor: 0,
            now,
        };
        let bundle = accept_artefact(&artefact, &key().public_key(), &at(1_999)).expect("valid");
        assert_eq!(bundle.expires, 2_000);
        let error = accept_artefact(&artefact, &key().public_key(), &at(2_000)).expect_err("old");
        assert!(matches!(error, UpdateError::Expired { .. }), "{error}");
        // Without an expiry (format 1, from an older tool): refused.
        let mut payload: serde_json::Value =
            serde_json::from_slice(&payload_bytes(&input).expect("payload")).expect("json");
        payload["format"] = 1.into();
        payload.as_object_mut().expect("object").remove("expires");
        let old = seal(&key(), &serde_json::to_vec(&payload).expect("json"));
        let error = accept_artefact(&old, &key().public_key(), &at(0)).expect_err("no expiry");
        assert!(matches!(error, UpdateError::NoExpiry), "{error}");
    }

    #[test]
    fn size_and_serial_floor_are_part_of_the_one_check() {
        let artefact = sealed(&embedded_input(3));
        let key = key().public_key();
        let error = accept_artefact(&artefact, &key, &Acceptance::new(&[], 4)).expect_err("low");
        assert!(matches!(error, UpdateError::BelowFloor { .. }), "{error}");
        let mut padded = artefact.clone();
        padded.resize(MAX_ARTEFACT_BYTES + 1, b' ');
        let error = accept_artefact(&padded, &key, &Acceptance::new(&[], 0)).expect_err("big");
        assert!(matches!(error, UpdateError::TooLarge { .. }), "{error}");
    }

    #[test]
    fn an_expired_cached_update_gives_way_to_the_built_in_guide() {
        let dir = tempfile::tempdir().expect("tempdir");
        let soon = PublishInput {
            expires: Some(unix_now() + 3_600),
            ..embedded_input(3)
        };
        let past = PublishInput {
            expires: Some(unix_now() - 1),
            ..embedded_input(3)
        };
        for (input, used) in [(soon, true), (past, false)] {
            let text = String::from_utf8(sealed(&input)).expect("utf-8");
            let entry = CachedArtefact::new("https://example.invalid/u.json", None, None, text);
            crate::update::cache::write(dir.path(), &entry).expect("cache");
            let cached = crate::update::load_cached(dir.path(), &key().public_key(), &[], 0);
            assert_eq!(cached.is_some(), used, "{:?}", input.expires);
        }
    }
}
