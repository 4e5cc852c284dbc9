//! Loopback HTTP(S) servers and certificates made in the test: no test touches the internet.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::services::ServiceId;

/// Host names the tests use; the fixed resolver maps them all to 127.0.0.1.
pub const HOSTS: &[&str] = &[
    "localhost",
    "accountsettings.test",
    "connect.test",
    "recaptcha.test",
    "enterprise.test",
    "idporten.test",
    "status.test",
    "digdir.test",
];

pub fn resolver() -> crate::net::Resolver {
    let table: HashMap<String, IpAddr> = HOSTS
        .iter()
        .map(|h| ((*h).to_owned(), IpAddr::V4(Ipv4Addr::LOCALHOST)))
        .collect();
    crate::net::Resolver::Fixed(Arc::new(table))
}

/// Request options for loopback tests: the fixed resolver, and `ca`'s root trusted.
pub fn request_options(ca: &TestCa, timeout: std::time::Duration) -> crate::net::RequestOptions {
    request_options_with(ca, timeout, None)
}

/// As [`request_options`], through `proxy`.
pub fn request_options_with(
    ca: &TestCa,
    timeout: std::time::Duration,
    proxy: Option<String>,
) -> crate::net::RequestOptions {
    crate::net::RequestOptions::with_settings(
        timeout,
        crate::net::NetSettings {
            resolver: resolver(),
            extra_roots_pem: vec![ca.root_pem.clone().into_bytes()],
            proxy,
            ..Default::default()
        },
    )
}

/// A test certificate authority.
pub struct TestCa {
    issuer: Issuer<'static, KeyPair>,
    pub root_pem: String,
}

pub enum Validity {
    Current,
    Expired,
    /// Valid from tomorrow: what a PC whose clock is behind sees.
    NotYetValid,
}

impl TestCa {
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        let key = KeyPair::generate().expect("key");
        let root = params.self_signed(&key).expect("root");
        Self {
            issuer: Issuer::new(params, key),
            root_pem: root.pem(),
        }
    }

    pub fn server_config(&self, validity: Validity) -> Arc<rustls::ServerConfig> {
        self.server_config_for(HOSTS, validity)
    }

    /// A server certificate for `names` only (another host's certificate: `names` without the
    /// host the client asks for).
    pub fn server_config_for(
        &self,
        names: &[&str],
        validity: Validity,
    ) -> Arc<rustls::ServerConfig> {
        let mut params =
            CertificateParams::new(names.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>())
                .expect("params");
        let now = std::time::SystemTime::now();
        let (from, to) = match validity {
            Validity::Current => (
                now - Duration::from_secs(3600),
                now + Duration::from_secs(86_400),
            ),
            Validity::Expired => (
                now - Duration::from_secs(30 * 86_400),
                now - Duration::from_secs(86_400),
            ),
            Validity::NotYetValid => (
                now + Duration::from_secs(86_400),
                now + Duration::from_secs(30 * 86_400),
            ),
        };
        params.not_before = from.into();
        params.not_after = to.into();
        let key = KeyPair::generate().expect("key");
        let cert = params.signed_by(&key, &self.issuer).expect("leaf");
        let key_der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("protocols")
        .with_no_client_auth()
        .with_single_cert(vec![CertificateDer::from(cert.der().to_vec())], key_der)
        .expect("server config");
        Arc::new(config)
    }
}

/// What the server does with a request.
#[derive(Clone)]
pub enum Reply {
    Respond {
        status: u16,
        content_type: &'static str,
        body: String,
        delay: Duration,
    },
    /// 302 to this address.
    Redirect(String),
}

impl Reply {
    pub fn ok(content_type: &'static str, body: &str) -> Self {
        Self::Respond {
            status: 200,
            content_type,
            body: body.to_owned(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16) -> Self {
        Self::Respond {
            status,
            content_type: "text/plain",
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn delayed(self, by: Duration) -> Self {
        match self {
            Self::Respond {
                status,
                content_type,
                body,
                ..
            } => Self::Respond {
                status,
                content_type,
                body,
                delay: by,
            },
            redirect @ Self::Redirect(_) => redirect,
        }
    }
}

pub type Route = Arc<dyn Fn(&str) -> Reply + Send + Sync>;

/// The raw answer to a request head, and how long to wait before sending it.
pub type Handler = Arc<dyn Fn(&str) -> (Vec<u8>, Duration) + Send + Sync>;

/// A running loopback server; stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    heads: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `https://{host}:{port}{path}`
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("https://{host}:{}{path}", self.port())
    }

    /// The head of every request so far, in order.
    pub fn heads(&self) -> Vec<String> {
        self.heads
            .lock()
            .map(|heads| heads.clone())
            .unwrap_or_default()
    }
}

/// The one loopback server: HTTPS with `tls`, else plain HTTP; `handler` answers each request.
pub async fn serve_raw(tls: Option<Arc<rustls::ServerConfig>>, handler: Handler) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (tls, handler, seen) = (tls.clone(), handler.clone(), seen.clone());
            tokio::spawn(async move {
                match tls {
                    Some(config) => {
                        if let Ok(stream) =
                            tokio_rustls::TlsAcceptor::from(config).accept(stream).await
                        {
                            answer(stream, &handler, &seen).await;
                        }
                    }
                    None => answer(stream, &handler, &seen).await,
                }
            });
        }
    });
    Server { addr, heads, task }
}

/// A server that answers by path (`route`), with [`Reply`]s.
pub async fn serve(tls: Option<Arc<rustls::ServerConfig>>, route: Route) -> Server {
    serve_raw(
        tls,
        Arc::new(move |head: &str| {
            let path = head.split_whitespace().nth(1).unwrap_or("/");
            route(path).into_bytes()
        }),
    )
    .await
}

pub async fn serve_one(tls: Option<Arc<rustls::ServerConfig>>, reply: Reply) -> Server {
    serve(tls, Arc::new(move |_| reply.clone())).await
}

/// Reads one request head, records it, and sends the handler's answer.
async fn answer<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    handler: &Handler,
    seen: &Mutex<Vec<String>>,
) {
    let mut request = Vec::new();
    let mut buf = [0u8; 2048];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(buf.get(..n).unwrap_or_default()),
        }
    }
    let head = String::from_utf8_lossy(&request).to_string();
    if let Ok(mut heads) = seen.lock() {
        heads.push(head.clone());
    }
    let (bytes, delay) = handler(&head);
    tokio::time::sleep(delay).await;
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

impl Reply {
    /// The HTTP/1.1 response, and the delay before it.
    fn into_bytes(self) -> (Vec<u8>, Duration) {
        let (status, content_type, body, delay, location) = match self {
            Reply::Respond {
                status,
                content_type,
                body,
                delay,
            } => (status, content_type, body, delay, None),
            Reply::Redirect(to) => (302, "text/plain", String::new(), Duration::ZERO, Some(to)),
        };
        // The client reads only the code; the phrase is http's, "Status" for codes it has none for.
        let reason = reqwest::StatusCode::from_u16(status)
            .ok()
            .and_then(|code| code.canonical_reason())
            .unwrap_or("Status");
        let extra = match (status, location) {
            (407, _) => "Proxy-Authenticate: NTLM\r\n".to_owned(),
            (_, Some(to)) => format!("Location: {to}\r\n"),
            _ => String::new(),
        };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n{body}",
            body.len()
        );
        (response.into_bytes(), delay)
    }
}

/// Accepts connections and never answers (a black-holing firewall).
pub async fn black_hole() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    Server {
        addr,
        heads: Default::default(),
        task,
    }
}

/// Accepts each connection, reads what the client sends first and closes it without a word (a
/// middlebox that lets the connection through and then drops it). Reading first makes the close
/// a clean one (FIN): closing with unread data would be a reset, which is «refused».
pub async fn hang_up() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf).await;
            let _ = stream.shutdown().await;
        }
    });
    Server {
        addr,
        heads: Default::default(),
        task,
    }
}

/// Sends `bytes` on each connection as soon as it is accepted, without reading a thing (a plain
/// HTTP server where TLS should be answers the client's TLS hello like this).
pub async fn talks_first(bytes: &'static [u8]) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let task = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(bytes).await;
            // Kept open: the client must judge the bytes, not a closed connection.
            held.push(stream);
        }
    });
    Server {
        addr,
        heads: Default::default(),
        task,
    }
}

/// A port with nothing listening (connection refused).
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}

pub const CONNECT_DISCOVERY: &str = r#"{"issuer":"https://connect.visma.com","authorization_endpoint":"https://connect.visma.com/connect/authorize"}"#;
pub const IDPORTEN_DISCOVERY: &str = r#"{"issuer":"https://idporten.no","authorization_endpoint":"https://login.idporten.no/authorize"}"#;
pub const VISMA_STATUS_OK: &str = r#"{"status":{"indicator":"none"},"components":[{"id":"x1","name":"CP - Visma Connect","status":"operational"}],"incidents":[]}"#;
pub const VISMA_STATUS_DEGRADED: &str = r#"{"status":{"indicator":"minor"},"components":[{"id":"x1","name":"CP - Visma Connect","status":"degraded_performance"}],"incidents":[]}"#;
pub const DIGDIR_STATUS_OK: &str = r#"{"status":{"indicator":"none"},"components":[{"name":"ID-porten","status":"operational"}],"incidents":[]}"#;

/// Where the loopback server answers for a service, and what it answers when the service is
/// healthy. A new row in `services.rs` needs its arm here (the match says so).
pub fn healthy_route(id: ServiceId) -> (&'static str, Reply) {
    match id {
        ServiceId::AccountSettings => (
            "/accountsettings",
            Reply::ok(
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body>Account Settings</body></html>",
            ),
        ),
        ServiceId::ConnectDiscovery => (
            "/connect/.well-known/openid-configuration",
            Reply::ok("application/json", CONNECT_DISCOVERY),
        ),
        ServiceId::Recaptcha => (
            "/recaptcha/api.js",
            Reply::ok("text/javascript", "/* recaptcha */ (function(){})();"),
        ),
        ServiceId::VismaEnterprise => ("/enterprise/", Reply::status(302)),
        ServiceId::IdportenDiscovery => (
            "/idporten/.well-known/openid-configuration",
            Reply::ok("application/json", IDPORTEN_DISCOVERY),
        ),
        ServiceId::VismaStatus => (
            "/visma/api/v2/summary.json",
            Reply::ok("application/json", VISMA_STATUS_OK),
        ),
        ServiceId::DigdirStatus => (
            "/digdir/api/v2/summary.json",
            Reply::ok("application/json", DIGDIR_STATUS_OK),
        ),
    }
}

/// A server that answers every endpoint of the real services the way they answer when healthy.
pub fn healthy_routes() -> Route {
    let routes: Vec<(&str, Reply)> = ServiceId::ALL.iter().map(|&id| healthy_route(id)).collect();
    Arc::new(move |path: &str| {
        let route = routes.iter().find(|(route, _)| *route == path);
        route.map_or_else(|| Reply::status(404), |(_, reply)| reply.clone())
    })
}

/// The healthy routes, except that `path` answers with `reply` (what a firewall or a login
/// portal sends instead).
pub fn healthy_routes_except(path: &'static str, reply: Reply) -> Route {
    let routes = healthy_routes();
    Arc::new(move |asked: &str| {
        if asked == path {
            reply.clone()
        } else {
            routes(asked)
        }
    })
}

/// The `[checks]` lines that point each service's `checks.<name>` key at `url(service)`.
pub fn endpoint_lines(url: impl Fn(ServiceId) -> String) -> String {
    let names = ServiceId::ALL
        .iter()
        .filter(|id| id.endpoint_key().is_some());
    names
        .map(|&id| format!("{} = \"{}\"\n", id.name(), url(id)))
        .collect()
}

/// A configuration file pointing every endpoint at `server` on `host`.
pub fn config_for(server: &Server, host: &str, enterprise: bool) -> String {
    let enterprise_line = if enterprise {
        let (path, _) = healthy_route(ServiceId::VismaEnterprise);
        format!("visma_enterprise_url = \"{}\"\n", server.url(host, path))
    } else {
        String::new()
    };
    let endpoints = endpoint_lines(|id| server.url(host, healthy_route(id).0));
    format!("[kommune]\n{enterprise_line}\n[checks]\ntimeout_seconds = 5\n{endpoints}")
}

/// Every kind of character a hostile server may put into its text to act on a terminal or a
/// text renderer: escape sequences (clear screen, window title), the 8-bit CSI, DEL, NEL, line
/// breaks and bidirectional controls.
pub const CONTROLS: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\r\n\t\u{7f}\u{85}\u{202E}\u{2066}\u{200F}\u{061C}\u{2028}";

/// The control characters in [`CONTROLS`], line feed aside (the outputs have lines).
const CONTROL_CHARS: &[char] = &[
    '\u{1b}', '\u{7}', '\u{9b}', '\r', '\t', '\u{7f}', '\u{85}', '\u{202E}', '\u{2066}',
    '\u{200F}', '\u{061C}', '\u{2028}',
];

/// The first control character of [`CONTROLS`] in `text`. Tests check the outputs with it, not
/// with the app's own sanitiser, so a gap in that cannot hide here.
pub fn control_in(text: &str) -> Option<char> {
    text.chars().find(|c| CONTROL_CHARS.contains(c))
}

/// `text` with [`CONTROLS`] inside it.
pub fn with_controls(text: &str) -> String {
    let (head, tail) = text.split_at(text.len() / 2);
    format!("{head}{CONTROLS}{tail}")
}

/// The healthy routes, but with controls in every piece of text the servers send that the app
/// shows: both issuers, the Visma component's status, the Digdir incident's name and status,
/// and a content type. (The incident's name keeps «ID-porten» whole, or it would not be about
/// ID-porten.)
pub fn hostile_routes() -> Route {
    let routes = healthy_routes();
    let json = |value: serde_json::Value| value.to_string();
    let connect = json(serde_json::json!({ "issuer": with_controls("https://evil.example") }));
    let idporten = json(serde_json::json!({ "issuer": with_controls("https://idporten.evil") }));
    let visma = json(serde_json::json!({
        "components": [{ "name": "CP - Visma Connect", "status": with_controls("major_outage") }],
        "incidents": [],
    }));
    let digdir = json(serde_json::json!({
        "components": [{ "name": "ID-porten", "status": "operational" }],
        "incidents": [{
            "name": format!("ID-porten {CONTROLS}er nede"),
            "status": with_controls("investigating"),
            "components": [],
        }],
    }));
    Arc::new(move |path: &str| match path {
        "/connect/.well-known/openid-configuration" => {
            Reply::ok("application/json;\tcharset=utf-8", &connect)
        }
        "/idporten/.well-known/openid-configuration" => Reply::ok("application/json", &idporten),
        "/visma/api/v2/summary.json" => Reply::ok("application/json", &visma),
        "/digdir/api/v2/summary.json" => Reply::ok("application/json", &digdir),
        other => routes(other),
    })
}

/// A genuine-looking Statuspage summary (`/api/v2/summary.json`) of a large vendor: `filler`
/// components with Statuspage's full field set, then «CP - Visma Connect» with `status`, and
/// `incidents` (as JSON values). Written as text: building it as JSON values took seconds.
pub fn large_status_summary(
    filler: usize,
    status: &str,
    incidents: Vec<serde_json::Value>,
) -> String {
    let component = |index: usize, name: &str, status: &str| {
        format!(
            r#"{{"id":"{index:012x}","name":"{name}","status":"{status}","created_at":"2019-03-11T09:12:43.127Z","updated_at":"2026-11-30T07:01:12.004Z","position":{index},"description":"Login and account services for Visma cloud products","showcase":false,"start_date":"2019-03-11","group_id":"k3p8z1m0q2wd","page_id":"h8f5ddtq2d1b","group":false,"only_show_if_degraded":false}}"#
        )
    };
    let mut components: Vec<String> = (0..filler)
        .map(|index| component(index, &format!("Service {index}"), "operational"))
        .collect();
    components.push(component(filler, "CP - Visma Connect", status));
    format!(
        r#"{{"page":{{"id":"h8f5ddtq2d1b","name":"Visma","url":"https://status.visma.com","time_zone":"Europe/Oslo","updated_at":"2026-11-30T07:01:12.004Z"}},"components":[{}],"incidents":{},"scheduled_maintenances":[],"status":{{"indicator":"none","description":"All Systems Operational"}}}}"#,
        components.join(","),
        serde_json::Value::Array(incidents),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_line_carries_the_code_and_its_phrase() {
        let status_line = |reply: Reply| {
            let (bytes, _) = reply.into_bytes();
            let text = String::from_utf8(bytes).expect("text");
            text.lines().next().unwrap_or_default().to_owned()
        };
        assert_eq!(status_line(Reply::ok("text/plain", "x")), "HTTP/1.1 200 OK");
        assert_eq!(
            status_line(Reply::status(407)),
            "HTTP/1.1 407 Proxy Authentication Required"
        );
        assert_eq!(
            status_line(Reply::Redirect("https://x.test/".into())),
            "HTTP/1.1 302 Found"
        );
        assert_eq!(status_line(Reply::status(599)), "HTTP/1.1 599 Status");
    }
}
