//! One check: a request through the platform's trust store and proxy, timed by phase.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::classify::{classify_error, evaluate};
use super::{CheckSpec, Outcome, Phase, Verdict};

/// The biggest response body read; the expected documents are a few kilobytes.
const BODY_LIMIT: usize = 1024 * 1024;

/// How host names are resolved.
#[derive(Clone, Debug, Default)]
pub enum Resolver {
    /// The OS resolver.
    #[default]
    System,
    /// A fixed table; any other name does not resolve. For tests on loopback servers.
    Fixed(Arc<HashMap<String, IpAddr>>),
}

/// How checks connect. The defaults are the platform's: OS trust store, OS proxy settings.
#[derive(Clone, Debug)]
pub struct CheckOptions {
    pub timeout: Duration,
    pub resolver: Resolver,
    /// Extra trusted roots (PEM), on top of the OS store.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// A proxy URL instead of the system proxy settings.
    pub proxy: Option<String>,
}

impl CheckOptions {
    pub fn with_timeout(timeout: Duration) -> Self {
        Self {
            timeout,
            resolver: Resolver::System,
            extra_roots_pem: Vec::new(),
            proxy: None,
        }
    }
}

/// Records what happened during one check, shared with the resolver.
struct Trace {
    start: Instant,
    dns_failed: AtomicBool,
    phases: Mutex<Vec<(Phase, u64)>>,
    on_phase: Box<dyn Fn(Phase) + Send + Sync>,
}

impl Trace {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// `phase` finished; `next` begins.
    fn reached(&self, finished: Phase, next: Phase) {
        let ms = self.elapsed_ms();
        if let Ok(mut phases) = self.phases.lock() {
            phases.push((finished, ms));
        }
        (self.on_phase)(next);
    }
}

struct TracingResolver {
    resolver: Resolver,
    trace: Arc<Trace>,
}

impl reqwest::dns::Resolve for TracingResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        let resolver = self.resolver.clone();
        let trace = self.trace.clone();
        Box::pin(async move {
            let result: std::io::Result<Vec<SocketAddr>> = match resolver {
                Resolver::System => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map(Iterator::collect),
                Resolver::Fixed(table) => table
                    .get(&host)
                    .map(|ip| vec![SocketAddr::new(*ip, 0)])
                    .ok_or_else(|| {
                        std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            format!("{host} does not resolve"),
                        )
                    }),
            };
            match result {
                Ok(addrs) if !addrs.is_empty() => {
                    trace.reached(Phase::Dns, Phase::Connect);
                    Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
                }
                Ok(_) => {
                    trace.dns_failed.store(true, Ordering::SeqCst);
                    Err(format!("{host} has no addresses").into())
                }
                Err(error) => {
                    trace.dns_failed.store(true, Ordering::SeqCst);
                    Err(Box::new(error) as Box<dyn std::error::Error + Send + Sync>)
                }
            }
        })
    }
}

/// ring is this build's only crypto provider; rustls needs it named once per process.
fn install_crypto_provider() {
    // Err means another part of the process installed one first, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn client(options: &CheckOptions, trace: Arc<Trace>) -> Result<reqwest::Client, String> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout)
        .user_agent(concat!("paalogging/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(TracingResolver {
            resolver: options.resolver.clone(),
            trace,
        });
    if !options.extra_roots_pem.is_empty() {
        let mut roots = Vec::new();
        for pem in &options.extra_roots_pem {
            roots.push(reqwest::Certificate::from_pem(pem).map_err(|e| e.to_string())?);
        }
        builder = builder.tls_certs_merge(roots);
    }
    if let Some(proxy) = &options.proxy {
        builder = builder.proxy(reqwest::Proxy::all(proxy).map_err(|e| e.to_string())?);
    }
    builder.build().map_err(|e| e.to_string())
}

/// Runs one check to its end (success, failure or timeout); `on_phase` hears each new phase.
pub async fn run_check(
    spec: &CheckSpec,
    options: &CheckOptions,
    on_phase: impl Fn(Phase) + Send + Sync + 'static,
) -> Outcome {
    let trace = Arc::new(Trace {
        start: Instant::now(),
        dns_failed: AtomicBool::new(false),
        phases: Mutex::new(Vec::new()),
        on_phase: Box::new(on_phase),
    });
    let finish = |verdict: Verdict, detail: String| Outcome {
        verdict,
        elapsed: trace.start.elapsed(),
        phases: trace.phases.lock().map(|p| p.clone()).unwrap_or_default(),
        detail,
    };
    let Some(url) = &spec.url else {
        return finish(Verdict::Skipped, "not configured".to_owned());
    };
    #[cfg(any(test, feature = "test-hooks"))]
    if url.contains(crate::crash::test_hooks::PANIC_HOST) {
        crate::crash::test_hooks::crash_on_purpose("check");
    }
    (trace.on_phase)(Phase::Dns);
    let client = match client(options, trace.clone()) {
        Ok(client) => client,
        Err(error) => {
            return finish(
                Verdict::Problem(super::Problem::Other(error.clone())),
                error,
            );
        }
    };
    // The whole exchange, body included, is bounded by the timeout.
    let exchange = async {
        let mut response = client.get(url).send().await?;
        trace.reached(Phase::Connect, Phase::Http);
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            let room = BODY_LIMIT.saturating_sub(body.len());
            body.extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or(&[]));
            if body.len() >= BODY_LIMIT {
                break;
            }
        }
        Ok::<_, reqwest::Error>((status, content_type, body))
    };
    let result = tokio::time::timeout(options.timeout, exchange).await;
    match result {
        Err(_) => finish(
            Verdict::Problem(super::Problem::Timeout),
            format!(
                "no complete answer within {} ms",
                options.timeout.as_millis()
            ),
        ),
        Ok(Err(error)) => {
            let dns_failed = trace.dns_failed.load(Ordering::SeqCst);
            let (problem, detail) = classify_error(&error, dns_failed);
            finish(Verdict::Problem(problem), detail)
        }
        Ok(Ok((status, content_type, body))) => {
            let verdict = evaluate(&spec.expect, status, &content_type, &body);
            let ms = trace.elapsed_ms();
            if let Ok(mut phases) = trace.phases.lock() {
                phases.push((Phase::Http, ms));
            }
            finish(
                verdict,
                format!("HTTP {status}, {content_type}, {} bytes", body.len()),
            )
        }
    }
}
