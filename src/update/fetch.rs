//! The download: one conditional GET through the platform's trust store and proxy (like the
//! checks), bounded in size and time.

use std::net::SocketAddr;

use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};

use super::cache::{self, CachedArtefact};
use super::{UpdateBundle, UpdateConfig, UpdateError, UpdateOutcome, verified_cache};
use crate::checks::{CheckOptions, Resolver};

/// The largest artefact accepted: three guides and a set of pictures are well under this.
/// Enforced on `Content-Length` and again while reading, for servers that send none.
pub const MAX_ARTEFACT_BYTES: usize = 5 * 1024 * 1024;

/// Fetches the update at `config.url` and returns the guide to use. `options.timeout` bounds
/// the whole exchange, body included; the resolver, extra roots and proxy work as for the
/// checks. Never panics and never fails: problems end as [`UpdateOutcome::Failed`], logged.
pub async fn fetch_update(options: &CheckOptions, config: &UpdateConfig) -> UpdateOutcome {
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
            tracing::info!("using guide update {} from {}", bundle.serial, config.url);
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
    options: &CheckOptions,
    config: &UpdateConfig,
    cached: Option<&(CachedArtefact, UpdateBundle)>,
) -> Result<Fetched, UpdateError> {
    let url = url::Url::parse(&config.url)
        .map_err(|error| UpdateError::InvalidUrl(format!("{}: {error}", config.url)))?;
    if url.scheme() != "https" || !url.username().is_empty() || url.password().is_some() {
        return Err(UpdateError::InvalidUrl(config.url.clone()));
    }
    let client = client(options)?;
    let mut request = client.get(url.clone());
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
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| UpdateError::Unreachable(error_chain(&error)))?
        {
            if body.len() + chunk.len() > MAX_ARTEFACT_BYTES {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
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
    let bundle = super::verify_artefact(&body, &config.public_key, &config.allowed_hosts)?;
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

/// ring is this build's only crypto provider; rustls needs it named once per process.
fn install_crypto_provider() {
    // Err means another part of the process (the checks) installed it first, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn client(options: &CheckOptions) -> Result<reqwest::Client, UpdateError> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        // A redirect must not take the download off https.
        .https_only(true)
        .user_agent(concat!("paalogging/", env!("CARGO_PKG_VERSION")));
    if let Resolver::Fixed(_) = &options.resolver {
        builder = builder.dns_resolver(FixedResolver(options.resolver.clone()));
    }
    if !options.extra_roots_pem.is_empty() {
        let mut roots = Vec::new();
        for pem in &options.extra_roots_pem {
            roots.push(
                reqwest::Certificate::from_pem(pem)
                    .map_err(|error| UpdateError::Client(error.to_string()))?,
            );
        }
        builder = builder.tls_certs_merge(roots);
    }
    if let Some(proxy) = &options.proxy {
        builder = builder.proxy(
            reqwest::Proxy::all(proxy).map_err(|error| UpdateError::Client(error.to_string()))?,
        );
    }
    builder
        .build()
        .map_err(|error| UpdateError::Client(error.to_string()))
}

/// The fixed table of [`Resolver::Fixed`], for tests against loopback servers.
struct FixedResolver(Resolver);

impl reqwest::dns::Resolve for FixedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let address = match &self.0 {
            Resolver::Fixed(table) => table.get(&host).copied(),
            Resolver::System => None,
        };
        Box::pin(async move {
            match address {
                Some(ip) => {
                    Ok(Box::new(std::iter::once(SocketAddr::new(ip, 0))) as reqwest::dns::Addrs)
                }
                None => Err(format!("{host} does not resolve").into()),
            }
        })
    }
}

/// The error with its causes: reqwest's own message rarely names the real reason.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
