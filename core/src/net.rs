//! The run's one HTTPS client, shared by the network checks and the guide-update fetch.
//!
//! Built on first use (after the first frame: the window asks for nothing before that) and
//! then reused, so the crypto provider is installed and the platform's root certificates are
//! loaded once per run, not once per request. Trust comes from the platform verifier (the OS
//! store, plus extra roots for tests), the proxy from the OS settings unless one is given.
//! Every request opens a fresh connection: a check must test the path as it is now (after the
//! user changed network, a kept-alive connection would answer for the old one), and no idle
//! connection holds memory between runs.
//!
//! Errors are classified by type: [`causes`] walks the chain, including the payloads that
//! `io::Error` hides from `source()`, and [`ResolveError`], [`InsecureRedirect`] and
//! [`RedirectLoop`] are ours.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// How host names are resolved.
#[derive(Clone, Debug, Default)]
pub enum Resolver {
    /// The OS resolver.
    #[default]
    System,
    /// A fixed table; any other name does not resolve. For tests on loopback servers.
    Fixed(Arc<HashMap<String, IpAddr>>),
}

/// How to connect. The defaults are the platform's: OS resolver, trust store and proxy.
#[derive(Clone, Debug, Default)]
pub struct NetSettings {
    pub resolver: Resolver,
    /// Extra trusted roots (PEM), on top of the OS store.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// A PEM file of extra trusted roots (`network.extra_roots_file`), read when the client is
    /// built: a TLS-inspecting proxy's root that is not in the OS store, or a test root.
    pub extra_roots_file: Option<PathBuf>,
    /// A proxy URL instead of the system proxy settings.
    pub proxy: Option<String>,
}

/// Why the client could not be built. Kept (shared) so every request can report it.
#[derive(Debug, thiserror::Error)]
pub enum NetError {
    #[error("extra root certificate {index} is not usable: {source}")]
    Root {
        index: usize,
        #[source]
        source: reqwest::Error,
    },
    #[error("extra root certificates file {}: cannot be read: {source}", path.display())]
    RootsFileUnreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("extra root certificates file {}: not usable PEM: {source}", path.display())]
    RootsFileInvalid {
        path: PathBuf,
        #[source]
        source: reqwest::Error,
    },
    #[error("extra root certificates file {}: holds no certificate", path.display())]
    RootsFileEmpty { path: PathBuf },
    /// The certificates parsed, but the platform's verifier would not take extra roots (Wine's
    /// does not, for one).
    #[error(
        "the platform's certificate verifier refused the extra root certificates from {}: {source}",
        path.display()
    )]
    RootsRefused {
        path: PathBuf,
        #[source]
        source: reqwest::Error,
    },
    #[error("proxy {url} is not usable: {source}")]
    Proxy {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("cannot set up the HTTPS client: {0}")]
    Build(#[source] reqwest::Error),
}

/// A host name that did not resolve (ours, so classification finds it by type).
#[derive(Debug, thiserror::Error)]
#[error("{host} does not resolve{}", reason.as_ref().map(|r| format!(": {r}")).unwrap_or_default())]
pub struct ResolveError {
    pub host: String,
    #[source]
    pub reason: Option<std::io::Error>,
}

/// A redirect from https to another scheme, refused for every request.
#[derive(Debug, thiserror::Error)]
#[error("redirect from https to {to} refused")]
pub struct InsecureRedirect {
    pub to: String,
}

/// Redirects that arrive nowhere: back at an address already visited, or more than
/// `MAX_REDIRECTS` (10) of them.
#[derive(Debug, thiserror::Error)]
#[error("redirect loop: {reason}")]
pub struct RedirectLoop {
    pub reason: String,
}

/// How the run's requests are made: through which client (its resolver, trust store and proxy)
/// and within what time. The network checks and the guide-update fetch take one each.
#[derive(Clone, Debug)]
pub struct RequestOptions {
    /// How long one request may take, answer included.
    pub timeout: Duration,
    /// The run's shared client.
    pub net: Net,
}

impl RequestOptions {
    /// The platform's resolver, trust store and proxy.
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            net: Net::default(),
        }
    }

    /// What the configuration asks for: its timeout (`checks.timeout_seconds`), the
    /// platform's resolver, trust store (plus `network.extra_roots_file`) and proxy.
    pub fn from_config(config: &crate::config::Config) -> Self {
        Self::with_settings(
            config.check_timeout(),
            NetSettings {
                extra_roots_file: config.extra_roots_file.value.clone(),
                ..NetSettings::default()
            },
        )
    }

    /// Other connection settings (tests: a fixed resolver, a test root, a proxy).
    pub fn with_settings(timeout: Duration, settings: NetSettings) -> Self {
        Self {
            timeout,
            net: Net::new(settings),
        }
    }
}

/// The shared client. Cloning is cheap; all clones share one client.
#[derive(Clone, Debug)]
pub struct Net {
    settings: Arc<NetSettings>,
    client: Arc<OnceLock<Result<reqwest::Client, Arc<NetError>>>>,
    /// How many times a client was built (and the roots loaded): 1 after any use.
    builds: Arc<AtomicUsize>,
}

impl Default for Net {
    fn default() -> Self {
        Self::new(NetSettings::default())
    }
}

impl Net {
    /// Nothing is loaded yet: the client is built by the first request.
    pub fn new(settings: NetSettings) -> Self {
        Self {
            settings: Arc::new(settings),
            client: Arc::new(OnceLock::new()),
            builds: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The client, built on the first call.
    pub fn client(&self) -> Result<&reqwest::Client, Arc<NetError>> {
        self.client
            .get_or_init(|| {
                self.builds.fetch_add(1, Ordering::Relaxed);
                build(&self.settings).map_err(Arc::new)
            })
            .as_ref()
            .map_err(Arc::clone)
    }

    /// How many clients this `Net` and its clones have built: 0 before the first request,
    /// then 1 for the rest of the run.
    pub fn clients_built(&self) -> usize {
        self.builds.load(Ordering::Relaxed)
    }

    /// A GET of `url` bounded by `timeout` (connecting, TLS and headers; the body is the
    /// caller's to bound, see [`read_capped`]).
    pub fn get(
        &self,
        url: impl reqwest::IntoUrl,
        timeout: Duration,
    ) -> Result<reqwest::RequestBuilder, Arc<NetError>> {
        Ok(self.client()?.get(url).timeout(timeout))
    }
}

/// ring is this build's only crypto provider; rustls needs it named once per process.
fn install_crypto_provider() {
    // Err means another part of the process installed one first, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// How many redirects a request follows (reqwest's default).
const MAX_REDIRECTS: usize = 10;

fn build(settings: &NetSettings) -> Result<reqwest::Client, NetError> {
    install_crypto_provider();
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        let from_https = attempt
            .previous()
            .first()
            .is_some_and(|url| url.scheme() == "https");
        if from_https && attempt.url().scheme() != "https" {
            let to = attempt.url().to_string();
            attempt.error(InsecureRedirect { to })
        } else if attempt.previous().contains(attempt.url()) {
            let reason = format!("back at {}", attempt.url());
            attempt.error(RedirectLoop { reason })
        } else if attempt.previous().len() > MAX_REDIRECTS {
            let reason = format!("more than {MAX_REDIRECTS} redirects");
            attempt.error(RedirectLoop { reason })
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder()
        .user_agent(concat!("paalogging/", env!("CARGO_PKG_VERSION")))
        .redirect(redirects)
        .pool_max_idle_per_host(0)
        .dns_resolver(HookedResolver(settings.resolver.clone()));
    if !settings.extra_roots_pem.is_empty() {
        let mut roots = Vec::new();
        for (index, pem) in settings.extra_roots_pem.iter().enumerate() {
            roots.push(
                reqwest::Certificate::from_pem(pem)
                    .map_err(|source| NetError::Root { index, source })?,
            );
        }
        builder = builder.tls_certs_merge(roots);
    }
    if let Some(path) = &settings.extra_roots_file {
        builder = builder.tls_certs_merge(roots_from_file(path)?);
    }
    if let Some(url) = &settings.proxy {
        let proxy = reqwest::Proxy::all(url).map_err(|source| NetError::Proxy {
            url: url.clone(),
            source,
        })?;
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|source| match &settings.extra_roots_file {
            Some(path) => NetError::RootsRefused {
                path: path.clone(),
                source,
            },
            None => NetError::Build(source),
        })
}

/// The certificates of a PEM file (one or more `BEGIN CERTIFICATE` blocks).
fn roots_from_file(path: &std::path::Path) -> Result<Vec<reqwest::Certificate>, NetError> {
    let pem = std::fs::read(path).map_err(|source| NetError::RootsFileUnreadable {
        path: path.to_owned(),
        source,
    })?;
    let roots = reqwest::Certificate::from_pem_bundle(&pem).map_err(|source| {
        NetError::RootsFileInvalid {
            path: path.to_owned(),
            source,
        }
    })?;
    if roots.is_empty() {
        return Err(NetError::RootsFileEmpty {
            path: path.to_owned(),
        });
    }
    Ok(roots)
}

type Hook = Arc<dyn Fn() + Send + Sync>;

tokio::task_local! {
    /// Called when a host name of the current request has resolved (the checks time phases).
    static ON_RESOLVED: Hook;
}

/// Runs `future` (one request) with `on_resolved` called each time a host name resolves. The
/// client is shared, so the hook travels with the task, not with the client.
pub async fn with_resolve_hook<F: Future>(on_resolved: Hook, future: F) -> F::Output {
    ON_RESOLVED.scope(on_resolved, future).await
}

/// The configured resolver, reporting success to the request's hook.
struct HookedResolver(Resolver);

impl reqwest::dns::Resolve for HookedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let resolver = self.0.clone();
        // Taken now, in the request's task (the future may be polled elsewhere).
        let hook = ON_RESOLVED.try_with(Arc::clone).ok();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match resolver {
                Resolver::System => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map_err(|error| ResolveError {
                        host: host.clone(),
                        reason: Some(error),
                    })?
                    .collect(),
                Resolver::Fixed(table) => table
                    .get(&host)
                    .map(|ip| vec![SocketAddr::new(*ip, 0)])
                    .unwrap_or_default(),
            };
            if addrs.is_empty() {
                return Err(Box::new(ResolveError { host, reason: None }) as _);
            }
            if let Some(hook) = hook {
                hook();
            }
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// A response body read up to a limit.
#[derive(Debug)]
pub struct Body {
    /// At most the limit.
    pub bytes: Vec<u8>,
    /// False when the server sent more than the limit (the rest was not read).
    pub complete: bool,
}

/// Reads the body, stopping once it exceeds `limit` bytes.
pub async fn read_capped(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Body, reqwest::Error> {
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = limit.saturating_sub(bytes.len());
        if chunk.len() > room {
            bytes.extend_from_slice(chunk.get(..room).unwrap_or_default());
            return Ok(Body {
                bytes,
                complete: false,
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Body {
        bytes,
        complete: true,
    })
}

/// The error and its causes, outermost first. An `io::Error` hides the error it wraps from
/// `source()` (it returns the wrapped error's source); this yields the wrapped error itself.
pub fn causes<'a>(
    error: &'a (dyn StdError + 'static),
) -> impl Iterator<Item = &'a (dyn StdError + 'static)> {
    std::iter::successors(Some(error), |&current: &&'a (dyn StdError + 'static)| {
        let wrapped = current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref);
        match wrapped {
            Some(inner) => Some(inner as &(dyn StdError + 'static)),
            None => current.source(),
        }
    })
}

/// The first cause of type `T`.
pub fn find_cause<'a, T: StdError + 'static>(error: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    causes(error).find_map(|cause| cause.downcast_ref::<T>())
}

/// The error with its causes, joined with ": " (reqwest's own message rarely names the real
/// reason). Messages repeated by a wrapper are written once.
pub fn error_chain(error: &(dyn StdError + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in causes(error) {
        let text = cause.to_string();
        if parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("inner")]
    struct Inner;

    #[test]
    fn causes_see_through_io_errors() {
        let io = std::io::Error::other(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            Inner,
        ));
        assert!(find_cause::<Inner>(&io).is_some());
        assert_eq!(error_chain(&io), "inner");
    }

    fn roots_file_error(contents: Option<&[u8]>) -> Arc<NetError> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("roots.pem");
        if let Some(contents) = contents {
            std::fs::write(&path, contents).expect("write");
        }
        let net = Net::new(NetSettings {
            extra_roots_file: Some(path),
            ..NetSettings::default()
        });
        net.client().expect_err("the client must not be built")
    }

    #[test]
    fn an_unusable_roots_file_is_named_with_what_is_wrong() {
        let missing = roots_file_error(None);
        assert!(
            matches!(*missing, NetError::RootsFileUnreadable { .. }),
            "{missing}"
        );
        let empty = roots_file_error(Some(b"no certificate here\n"));
        assert!(matches!(*empty, NetError::RootsFileEmpty { .. }), "{empty}");
        let broken = roots_file_error(Some(
            b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
        ));
        assert!(
            matches!(*broken, NetError::RootsFileInvalid { .. }),
            "{broken}"
        );
        for error in [missing, empty, broken] {
            assert!(error.to_string().contains("roots.pem"), "{error}");
        }
    }

    #[test]
    fn resolve_error_names_the_host() {
        let error = ResolveError {
            host: "example.test".into(),
            reason: None,
        };
        assert_eq!(error.to_string(), "example.test does not resolve");
    }
}
