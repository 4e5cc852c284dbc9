//! Signed guide updates: IT publishes a new guide at an https address; the app fetches it in
//! the background, verifies its Ed25519 signature against the public key from the machine-wide
//! configuration, validates it like a guide file, and caches it per user.
//!
//! Anything wrong (unreachable, not signed, signed by another key, too large, an invalid guide,
//! a refused link, older than the cached one) leaves the cached or embedded guide in use and is
//! logged once, here, as a warning. The artefact format is in `docs/guide-updates.md`.
//!
//! At start: [`load_cached`] (synchronous, fast) gives the guide to use now; then
//! [`fetch_update`] on the tokio runtime brings a newer one if there is one.

mod accept;
mod artefact;
mod cache;
mod fetch;
mod publish;

pub use accept::{Acceptance, accept_artefact, unix_now, unix_time};
pub use artefact::{ARTEFACT_FORMAT, UpdateBundle, verify_artefact};
pub use cache::{CACHE_FILE, CachedArtefact};
pub use fetch::fetch_update;
pub use publish::{DEFAULT_VALIDITY_DAYS, PublishInput, build_artefact, payload_bytes, seal};

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::guide::GuideErrors;
use crate::signing::{KeyError, PublicKey};

/// The largest artefact accepted: three guides and a set of pictures are well under this.
/// Enforced on a download's `Content-Length`, again while reading it (for servers that send
/// none), on the cache file and by the signing tool.
pub const MAX_ARTEFACT_BYTES: usize = 5 * 1024 * 1024;

/// Where to fetch from and what to trust. Built from the machine-wide configuration only: a
/// user's own file must not be able to point the app at another key or address.
#[derive(Clone, Debug)]
pub struct UpdateConfig {
    /// `update.url`: the artefact's https address.
    pub url: String,
    /// `update.public_key`.
    pub public_key: PublicKey,
    /// Extra hosts the guide's links may point to (see [`crate::links::check_link`]).
    pub allowed_hosts: Vec<String>,
    /// The per-user cache folder.
    pub cache_dir: PathBuf,
    /// The lowest serial accepted, from a download or the cache: [`serial_floor`] of the
    /// machine-wide `update.min_serial`.
    pub min_serial: u64,
}

impl UpdateConfig {
    /// The update source, when IT has set both its address and its key.
    pub fn from_config(config: &Config, cache_dir: &Path) -> Option<Self> {
        Some(Self {
            url: config.update_url.value.clone()?,
            public_key: config.update_public_key.value.clone()?,
            allowed_hosts: config.trusted_link_hosts(),
            cache_dir: cache_dir.to_path_buf(),
            min_serial: serial_floor(config.update_min_serial.value),
        })
    }
}

/// The serial of the guide built into this version of the app. Raise it (to the Unix time)
/// whenever `assets/guide/` changes: an update must be newer than the guide it replaces, so an
/// old signed update can never bring back what this version has fixed.
pub const EMBEDDED_GUIDE_SERIAL: u64 = 1_795_700_000;

/// The lowest serial an update may have. Of the floors, only these two are out of an ordinary
/// user's reach: the embedded guide's serial (in the signed binary) and `update.min_serial`
/// from the machine-wide settings. The cached update's serial raises the floor further while
/// the cache lasts, but the cache is the user's to delete; IT raises `update.min_serial` to
/// retire an update for good.
pub fn serial_floor(min_serial: u64) -> u64 {
    min_serial.max(EMBEDDED_GUIDE_SERIAL.saturating_add(1))
}

/// What a fetch ended with. Whatever the case, [`UpdateOutcome::bundle`] is the guide to use
/// (`None`: the embedded one).
#[derive(Debug)]
pub enum UpdateOutcome {
    /// A newer verified update was downloaded (and cached, unless the cache could not be
    /// written, which is logged).
    Updated(UpdateBundle),
    /// The server has nothing newer (304, or the same bytes); the cached update stays.
    NotModified(UpdateBundle),
    /// The fetch or the update was refused; already logged. The verified cached copy, if any,
    /// stays in use.
    Failed {
        error: UpdateError,
        cached: Option<UpdateBundle>,
    },
}

impl UpdateOutcome {
    pub fn bundle(&self) -> Option<&UpdateBundle> {
        match self {
            Self::Updated(bundle) | Self::NotModified(bundle) => Some(bundle),
            Self::Failed { cached, .. } => cached.as_ref(),
        }
    }
}

/// Why an update was not used.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("the update address must be an https:// URL without user info: {0}")]
    InvalidUrl(String),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("cannot set up the HTTPS client: {0}")]
    Client(String),
    #[error("the update server could not be reached: {0}")]
    Unreachable(String),
    #[error("no complete answer within {0} ms")]
    Timeout(u128),
    #[error("the update server answered HTTP {0}")]
    Http(u16),
    #[error(
        "the server answered 304 Not Modified to a request that had no cached copy to refer to"
    )]
    UnexpectedNotModified,
    #[error("the update is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("not a signed guide update: {0}")]
    Envelope(String),
    #[error("the signature does not match the configured public key")]
    BadSignature,
    #[error("format {0} is newer than this version of the app understands")]
    NewerFormat(u32),
    #[error(
        "the update has no expiry (format 1, from an older paalogging-guide): sign it again with \
         this version"
    )]
    NoExpiry,
    #[error("the update expired at {expired}: publish a new one (paalogging-guide sign)")]
    Expired { expired: String },
    #[error("the signed content is not valid: {0}")]
    Payload(String),
    #[error("the \"{language}\" guide in the update is not valid:\n{errors}")]
    Guide {
        language: String,
        errors: GuideErrors,
    },
    #[error("the \"{language}\" guide in the update links outside the allowlist: {problems}")]
    Links { language: String, problems: String },
    #[error("the update has serial {found}, older than the cached serial {cached}")]
    Rollback { found: u64, cached: u64 },
    #[error("the update has serial {found}, the same as the cached update's, but other content")]
    SameSerial { found: u64 },
    #[error(
        "the update has serial {found}, below the lowest accepted {floor} (the built-in guide's \
         serial or update.min_serial)"
    )]
    BelowFloor { found: u64, floor: u64 },
}

/// The verified cached update, for use at start before any network. A missing cache is
/// normal; a cache that fails verification (tampered, another key, invalid for this version,
/// below `min_serial`) is logged and ignored, and the next fetch replaces it.
pub fn load_cached(
    cache_dir: &Path,
    public_key: &PublicKey,
    allowed_hosts: &[String],
    min_serial: u64,
) -> Option<UpdateBundle> {
    verified_cache(cache_dir, public_key, allowed_hosts, min_serial).map(|(_, bundle)| bundle)
}

/// A downloaded update (already verified, and not byte-for-byte the cached one) must be at or
/// above the floor and newer than the cached update: an equal serial with other bytes is a
/// second, different publication under the same number, and is refused too.
fn check_newer(
    bundle: &UpdateBundle,
    floor: u64,
    cached: Option<&UpdateBundle>,
) -> Result<(), UpdateError> {
    check_floor(bundle.serial, floor)?;
    match cached {
        Some(cached) if bundle.serial < cached.serial => Err(UpdateError::Rollback {
            found: bundle.serial,
            cached: cached.serial,
        }),
        Some(cached) if bundle.serial == cached.serial => Err(UpdateError::SameSerial {
            found: bundle.serial,
        }),
        _ => Ok(()),
    }
}

/// Refuses a serial below the floor.
fn check_floor(serial: u64, floor: u64) -> Result<(), UpdateError> {
    if serial < floor {
        return Err(UpdateError::BelowFloor {
            found: serial,
            floor,
        });
    }
    Ok(())
}

/// The cache entry and its bundle, when the entry verifies.
fn verified_cache(
    cache_dir: &Path,
    public_key: &PublicKey,
    allowed_hosts: &[String],
    min_serial: u64,
) -> Option<(CachedArtefact, UpdateBundle)> {
    let cached = match cache::read(cache_dir) {
        Ok(Some(cached)) => cached,
        Ok(None) => return None,
        Err(error) => {
            tracing::warn!("ignoring the cached guide update: {error}");
            return None;
        }
    };
    let acceptance = Acceptance::new(allowed_hosts, min_serial);
    match accept_artefact(cached.artefact.as_bytes(), public_key, &acceptance) {
        Ok(bundle) => Some((cached, bundle)),
        Err(error) => {
            // An expired one included: the embedded guide is used until a new update comes.
            tracing::warn!(
                "ignoring the cached guide update in {}, using the built-in guide: {error}",
                cache_dir.display()
            );
            None
        }
    }
}
