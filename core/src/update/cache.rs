//! The per-user cache of the last verified update: the artefact exactly as downloaded (its
//! signature inside) and what the next conditional request needs, in one file written
//! atomically, so the artefact and its ETag can never disagree.
//!
//! The cache is the user's to write, so it is trusted for nothing: every read verifies the
//! signature again, and a copy that fails is ignored.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The cache file inside the cache folder.
pub const CACHE_FILE: &str = "guide-update.json";

/// Version of the cache file layout (not of the artefact, which carries its own).
const CACHE_FORMAT: u32 = 1;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedArtefact {
    pub format: u32,
    /// The address it was fetched from: validators belong to one URL.
    pub url: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Seconds since the Unix epoch.
    pub fetched_at: u64,
    /// The artefact's bytes (the envelope is JSON, so UTF-8 text).
    pub artefact: String,
}

impl CachedArtefact {
    pub fn new(
        url: &str,
        etag: Option<String>,
        last_modified: Option<String>,
        artefact: String,
    ) -> Self {
        let fetched_at = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self {
            format: CACHE_FORMAT,
            url: url.to_owned(),
            etag,
            last_modified,
            fetched_at,
            artefact,
        }
    }
}

pub fn path(cache_dir: &Path) -> PathBuf {
    cache_dir.join(CACHE_FILE)
}

/// Why the cache file could not be used as a cache entry.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{} is larger than {limit} bytes", path.display())]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("cannot read {}: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} is not a cache entry: {source}", path.display())]
    NotAnEntry {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{} has cache format {found}, expected {CACHE_FORMAT}", path.display())]
    OtherFormat { path: PathBuf, found: u32 },
}

/// `Ok(None)`: nothing cached. `Err`: a file that cannot be read as a cache entry.
pub fn read(cache_dir: &Path) -> Result<Option<CachedArtefact>, CacheError> {
    let path = path(cache_dir);
    // The entry holds one artefact, JSON-escaped; anything far larger is not ours to read.
    let limit = 2 * super::MAX_ARTEFACT_BYTES as u64;
    if let Ok(metadata) = std::fs::metadata(&path)
        && metadata.len() > limit
    {
        return Err(CacheError::TooLarge { path, limit });
    }
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(CacheError::Unreadable { path, source }),
    };
    let cached: CachedArtefact = match serde_json::from_slice(&bytes) {
        Ok(cached) => cached,
        Err(source) => return Err(CacheError::NotAnEntry { path, source }),
    };
    if cached.format != CACHE_FORMAT {
        return Err(CacheError::OtherFormat {
            path,
            found: cached.format,
        });
    }
    Ok(Some(cached))
}

pub fn write(cache_dir: &Path, cached: &CachedArtefact) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(cached).map_err(std::io::Error::other)?;
    crate::atomic_file::write_atomic(&path(cache_dir), &json)
}
