//! The download: one conditional GET through the run's shared client ([`crate::net`], as the
//! checks use), bounded in size and time.

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};

use super::cache::{self, CachedArtefact};
use super::{
    MAX_ARTEFACT_BYTES, UpdateBundle, UpdateConfig, UpdateError, UpdateOutcome, verified_cache,
};
use crate::net::{RequestOptions, error_chain};

/// Fetches the update at `config.url` and returns the guide to use. `options.timeout` bounds
/// the whole exchange, body included; `options.net` is the client the checks use too. Never panics and never fails: problems end as [`UpdateOutcome::Failed`], logged.
pub async fn fetch_update(options: &RequestOptions, config: &UpdateConfig) -> UpdateOutcome {
    let cached = verified_cache(
        &config.cache_dir,
        &config.public_key,
        &config.allowed_hosts,
        config.min_serial,
    );
    let result = fetch_and_verify(options, config, cached.as_ref()).await;
    let cached_bundle = cached.map(|(_, bundle)| bundle);
    match result {
        Ok(Fetched::Updated(bundle)) => {
            tracing::info!(
                "using guide update {} from {}",
                bundle.serial,
                crate::links::host_for_log(&config.url)
            );
            UpdateOutcome::Updated(bundle)
        }
        Ok(Fetched::NotModified) => match cached_bundle {
            Some(bundle) => {
                tracing::debug!("guide update {} is current", bundle.serial);
                UpdateOutcome::NotModified(bundle)
            }
            // Not reached: a 304 counts only after validators, which need a verified copy.
            None => fail(config, UpdateError::UnexpectedNotModified, None),
        },
        Err(error) => fail(config, error, cached_bundle),
    }
}

fn fail(config: &UpdateConfig, error: UpdateError, cached: Option<UpdateBundle>) -> UpdateOutcome {
    let keeping = match &cached {
        Some(bundle) => format!("keeping the cached update {}", bundle.serial),
        None => "keeping the embedded guide".to_owned(),
    };
    tracing::warn!(
        "guide update from {} refused: {error}; {keeping}",
        config.url
    );
    UpdateOutcome::Failed { error, cached }
}

enum Fetched {
    Updated(UpdateBundle),
    NotModified,
}

async fn fetch_and_verify(
    options: &RequestOptions,
    config: &UpdateConfig,
    cached: Option<&(CachedArtefact, UpdateBundle)>,
) -> Result<Fetched, UpdateError> {
    let url = url::Url::parse(&config.url)
        .map_err(|error| UpdateError::InvalidUrl(format!("{}: {error}", config.url)))?;
    if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
        return Err(UpdateError::InvalidUrl(config.url.clone()));
    }
    let mut request = options
        .net
        .get(url.clone(), options.timeout)
        .map_err(|error| UpdateError::Client(error_chain(&*error)))?;
    // Validators only for the same address, and only when the copy they stand for is usable:
    // a 304 must never leave us with nothing.
    let validated = cached.filter(|(entry, _)| entry.url == config.url);
    if let Some((entry, _)) = validated {
        if let Some(etag) = &entry.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &entry.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
    }

    let exchange = async {
        let mut response = request
            .send()
            .await
            .map_err(|error| UpdateError::Unreachable(error_chain(&error)))?;
        let status = response.status().as_u16();
        if status == 304 {
            return if validated.is_some() {
                Ok(None)
            } else {
                Err(UpdateError::UnexpectedNotModified)
            };
        }
        if status != 200 {
            return Err(UpdateError::Http(status));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok())
                .map(str::to_owned)
        };
        let etag = header(ETAG);
        let last_modified = header(LAST_MODIFIED);
        let too_large = UpdateError::TooLarge {
            limit: MAX_ARTEFACT_BYTES,
        };
        if response
            .content_length()
            .is_some_and(|length| length > MAX_ARTEFACT_BYTES as u64)
        {
            return Err(too_large);
        }
        let body = crate::net::read_capped(&mut response, MAX_ARTEFACT_BYTES)
            .await
            .map_err(|error| UpdateError::Unreachable(error_chain(&error)))?;
        if !body.complete {
            return Err(too_large);
        }
        let body = body.bytes;
        Ok(Some((etag, last_modified, body)))
    };
    let (etag, last_modified, body) = match tokio::time::timeout(options.timeout, exchange).await {
        Err(_) => return Err(UpdateError::Timeout(options.timeout.as_millis())),
        Ok(Err(error)) => return Err(error),
        Ok(Ok(None)) => return Ok(Fetched::NotModified),
        Ok(Ok(Some(answer))) => answer,
    };

    if let Some((entry, _)) = cached
        && entry.artefact.as_bytes() == body.as_slice()
    {
        // A server without validators sends the same file again; keep the new validators.
        let refreshed =
            CachedArtefact::new(&config.url, etag, last_modified, entry.artefact.clone());
        store(config, &refreshed);
        return Ok(Fetched::NotModified);
    }
    let acceptance = super::Acceptance::new(&config.allowed_hosts, config.min_serial);
    let bundle = super::accept_artefact(&body, &config.public_key, &acceptance)?;
    super::check_newer(&bundle, config.min_serial, cached.map(|(_, bundle)| bundle))?;
    // Verified JSON is UTF-8; the check keeps the cache a faithful copy of the bytes.
    let text = String::from_utf8(body).map_err(|error| UpdateError::Envelope(error.to_string()))?;
    store(
        config,
        &CachedArtefact::new(&config.url, etag, last_modified, text),
    );
    Ok(Fetched::Updated(bundle))
}

/// A cache that cannot be written costs only the next start's head start: logged, not fatal.
fn store(config: &UpdateConfig, entry: &CachedArtefact) {
    if let Err(error) = cache::write(&config.cache_dir, entry) {
        tracing::warn!(
            "could not cache the guide update in {}: {error}",
            config.cache_dir.display()
        );
    }
}
