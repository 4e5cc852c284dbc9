//! Signed guide updates against a loopback HTTPS server: what is accepted, what is refused, and
//! that a refusal keeps the cached guide. Also the signing tool, end to end.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use paalogging_core::i18n::Language;
use paalogging_core::signing::{PublicKey, SecretKey};
use paalogging_core::update::{
    self, MAX_ARTEFACT_BYTES, PublishInput, UpdateConfig, UpdateError, UpdateOutcome,
};

use crate::support::{self, TestCa, Validity};

const HOST: &str = "enterprise.test";

/// A raw answer, so the tests control every header (ETag, 304, missing Content-Length).
#[derive(Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Without it the body runs until the connection closes, as some servers send it.
    content_length: bool,
}

impl Answer {
    fn ok(body: Vec<u8>) -> Self {
        Self {
            status: 200,
            headers: Vec::new(),
            body,
            content_length: true,
        }
    }

    fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    fn status(status: u16) -> Self {
        Self {
            status,
            ..Self::ok(Vec::new())
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} Status\r\n", self.status);
        head.push_str("Content-Type: application/json\r\n");
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if self.content_length {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

type Handler = Arc<dyn Fn(&str) -> Answer + Send + Sync>;

/// The loopback HTTPS server with raw answers; it records every request head.
struct UpdateServer(support::Server);

impl UpdateServer {
    async fn start(ca: &TestCa, handler: Handler) -> Self {
        let tls = ca.server_config(Validity::Current);
        Self(
            support::serve_raw(
                Some(tls),
                Arc::new(move |head: &str| (handler(head).bytes(), Duration::ZERO)),
            )
            .await,
        )
    }

    async fn answering(ca: &TestCa, answer: Answer) -> Self {
        Self::start(ca, Arc::new(move |_| answer.clone())).await
    }

    fn url(&self) -> String {
        self.0.url(HOST, "/guide-update.json")
    }

    fn heads(&self) -> Vec<String> {
        self.0.heads()
    }
}

/// The value of a request header, case-insensitively.
fn request_header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| value.trim().to_owned())
    })
}

fn key(seed: u8) -> SecretKey {
    SecretKey::from_base64(&BASE64.encode([seed; 32])).expect("key")
}

fn embedded_guides() -> Vec<(String, String)> {
    Language::ALL
        .iter()
        .map(|&language| {
            let (_, source) = paalogging_core::guide::embedded_source(language);
            (language.code().to_owned(), source.to_owned())
        })
        .collect()
}

/// A valid update whose bokmål start page has a recognisable title.
fn input(serial: u64) -> PublishInput {
    let mut guides = embedded_guides();
    if let Some((_, source)) = guides.first_mut() {
        *source = source.replacen("name = ", &format!("name = \"Oppdatering {serial}\"\n#"), 1);
    }
    PublishInput {
        serial,
        guides,
        illustrations: Vec::new(),
        expires: None,
    }
}

fn artefact(serial: u64, signer: &SecretKey) -> Vec<u8> {
    update::build_artefact(&input(serial), signer, &update::Acceptance::new(&[], 0))
        .expect("a valid artefact")
        .0
}

fn config(url: String, cache_dir: &Path) -> UpdateConfig {
    UpdateConfig {
        url,
        public_key: key(1).public_key(),
        allowed_hosts: Vec::new(),
        cache_dir: cache_dir.to_path_buf(),
        min_serial: 0,
    }
}

fn guide_name(bundle: &update::UpdateBundle) -> String {
    bundle
        .guide(Language::Nb)
        .map(|guide| guide.name.clone())
        .unwrap_or_default()
}

fn refusal(outcome: &UpdateOutcome) -> &UpdateError {
    match outcome {
        UpdateOutcome::Failed { error, .. } => error,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Fetches `serial` once from a fresh server so the cache holds a verified update.
async fn prime_cache(ca: &TestCa, cache: &Path, serial: u64) {
    let server = UpdateServer::answering(
        ca,
        Answer::ok(artefact(serial, &key(1)))
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Sun, 01 Mar 2026 12:00:00 GMT"),
    )
    .await;
    let outcome = update::fetch_update(
        &support::request_options(ca, Duration::from_secs(5)),
        &config(server.url(), cache),
    )
    .await;
    assert!(matches!(outcome, UpdateOutcome::Updated(_)), "{outcome:?}");
}

#[tokio::test]
async fn a_good_update_is_used_cached_and_reverified() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let server = UpdateServer::answering(
        &ca,
        Answer::ok(artefact(7, &key(1)))
            .header("ETag", "\"v7\"")
            .header("Last-Modified", "Sun, 01 Mar 2026 12:00:00 GMT"),
    )
    .await;
    let config = config(server.url(), cache.path());
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config,
    )
    .await;
    let UpdateOutcome::Updated(bundle) = outcome else {
        panic!("expected an update, got {outcome:?}");
    };
    assert_eq!(bundle.serial, 7);
    assert_eq!(guide_name(&bundle), "Oppdatering 7");
    // No validators on the first request: there was nothing cached.
    let heads = server.heads();
    assert_eq!(heads.len(), 1);
    assert_eq!(request_header(&heads[0], "if-none-match"), None);

    let cached = update::load_cached(cache.path(), &config.public_key, &[], 0).expect("cached");
    assert_eq!(cached, bundle);
    // Another key does not accept the cache.
    assert_eq!(
        update::load_cached(cache.path(), &key(2).public_key(), &[], 0),
        None
    );
}

#[tokio::test]
async fn not_modified_serves_the_cached_copy() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    prime_cache(&ca, cache.path(), 3).await;

    // Answers 304 only to a request that carries the cached validator.
    let server = UpdateServer::start(
        &ca,
        Arc::new(|head: &str| {
            let validated = request_header(head, "if-none-match").as_deref() == Some("\"v1\"")
                && request_header(head, "if-modified-since").as_deref()
                    == Some("Sun, 01 Mar 2026 12:00:00 GMT");
            if validated {
                Answer::status(304)
            } else {
                Answer::status(500)
            }
        }),
    )
    .await;
    // The validators belong to the URL they came from: keep the same address.
    let mut config = config(server.url(), cache.path());
    let entry: update::CachedArtefact = serde_json::from_slice(
        &std::fs::read(cache.path().join(update::CACHE_FILE)).expect("cache file"),
    )
    .expect("cache entry");
    let mut moved = entry.clone();
    moved.url = config.url.clone();
    std::fs::write(
        cache.path().join(update::CACHE_FILE),
        serde_json::to_vec(&moved).expect("json"),
    )
    .expect("write");
    config.url = moved.url;

    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config,
    )
    .await;
    let UpdateOutcome::NotModified(bundle) = outcome else {
        panic!("expected not modified, got {outcome:?}");
    };
    assert_eq!(bundle.serial, 3);
    assert_eq!(server.heads().len(), 1);
}

#[tokio::test]
async fn refused_updates_keep_the_cached_guide() {
    let ca = TestCa::new("Update root");
    let good = artefact(5, &key(1));

    let tampered = {
        let mut envelope: serde_json::Value = serde_json::from_slice(&good).expect("json");
        let payload = envelope["payload"].as_str().expect("payload").to_owned();
        let mut bytes = BASE64.decode(payload).expect("base64");
        let text = String::from_utf8(bytes.clone()).expect("utf-8");
        // Change one visible word of the guide; the signature no longer matches.
        let at = text.find("Oppdatering 5").expect("title");
        bytes[at] = b'X';
        envelope["payload"] = BASE64.encode(bytes).into();
        serde_json::to_vec(&envelope).expect("json")
    };
    let wrong_key = artefact(5, &key(2));
    let unsigned = paalogging_core::guide::embedded_source(Language::Nb)
        .1
        .as_bytes()
        .to_vec();
    let signed_but_invalid = {
        let mut input = input(5);
        if let Some((_, source)) = input.guides.first_mut() {
            *source = source.replacen("kind = \"start\"", "kind = \"begin\"", 1);
        }
        update::seal(&key(1), &update::payload_bytes(&input).expect("payload"))
    };
    let signed_bad_link = {
        let mut input = input(5);
        if let Some((_, source)) = input.guides.first_mut() {
            *source = source.replacen(
                "https://accountsettings.connect.visma.com\"",
                "https://accountsettings.connect.visma.com.evil.example\"",
                1,
            );
        }
        update::seal(&key(1), &update::payload_bytes(&input).expect("payload"))
    };
    let older = artefact(1, &key(1));
    let oversized = vec![b' '; MAX_ARTEFACT_BYTES + 1];
    let oversized_unannounced = Answer {
        content_length: false,
        ..Answer::ok(vec![b' '; MAX_ARTEFACT_BYTES + 1])
    };

    type Check = fn(&UpdateError) -> bool;
    let cases: Vec<(&str, Answer, Check)> = vec![
        ("tampered", Answer::ok(tampered), |e| {
            matches!(e, UpdateError::BadSignature)
        }),
        ("wrong key", Answer::ok(wrong_key), |e| {
            matches!(e, UpdateError::BadSignature)
        }),
        ("unsigned", Answer::ok(unsigned), |e| {
            matches!(e, UpdateError::Envelope(_))
        }),
        ("signed but invalid", Answer::ok(signed_but_invalid), |e| {
            matches!(e, UpdateError::Guide { .. })
        }),
        ("signed with a bad link", Answer::ok(signed_bad_link), |e| {
            matches!(e, UpdateError::Links { .. })
        }),
        ("older than the cache", Answer::ok(older), |e| {
            matches!(
                e,
                UpdateError::Rollback {
                    found: 1,
                    cached: 2
                }
            )
        }),
        ("oversized", Answer::ok(oversized), |e| {
            matches!(e, UpdateError::TooLarge { .. })
        }),
        ("oversized without length", oversized_unannounced, |e| {
            matches!(e, UpdateError::TooLarge { .. })
        }),
        ("not found", Answer::status(404), |e| {
            matches!(e, UpdateError::Http(404))
        }),
        (
            "not modified without validators",
            Answer::status(304),
            |e| matches!(e, UpdateError::UnexpectedNotModified),
        ),
    ];
    for (name, answer, expected) in cases {
        let cache = tempfile::tempdir().expect("tempdir");
        prime_cache(&ca, cache.path(), 2).await;
        let before = std::fs::read(cache.path().join(update::CACHE_FILE)).expect("cache");
        let server = UpdateServer::answering(&ca, answer).await;
        let outcome = update::fetch_update(
            &support::request_options(&ca, Duration::from_secs(10)),
            &config(server.url(), cache.path()),
        )
        .await;
        assert!(expected(refusal(&outcome)), "{name}: {outcome:?}");
        assert_eq!(
            outcome.bundle().map(|b| b.serial),
            Some(2),
            "{name}: the cached update stays"
        );
        let after = std::fs::read(cache.path().join(update::CACHE_FILE)).expect("cache");
        assert_eq!(before, after, "{name}: the cache is untouched");
    }
}

#[tokio::test]
async fn refused_without_a_cache_means_the_embedded_guide() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let server = UpdateServer::answering(&ca, Answer::ok(artefact(5, &key(2)))).await;
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config(server.url(), cache.path()),
    )
    .await;
    assert!(matches!(refusal(&outcome), UpdateError::BadSignature));
    assert!(outcome.bundle().is_none());
    assert!(!cache.path().join(update::CACHE_FILE).exists());
}

#[tokio::test]
async fn unreachable_slow_and_untrusted_servers() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    prime_cache(&ca, cache.path(), 4).await;

    let closed = support::closed_port().await;
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config(
            format!("https://{HOST}:{closed}/guide-update.json"),
            cache.path(),
        ),
    )
    .await;
    assert!(
        matches!(refusal(&outcome), UpdateError::Unreachable(_)),
        "{outcome:?}"
    );
    assert_eq!(outcome.bundle().map(|b| b.serial), Some(4));

    let hole = support::black_hole().await;
    let started = Instant::now();
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_millis(500)),
        &config(
            format!("https://{HOST}:{}/guide-update.json", hole.port()),
            cache.path(),
        ),
    )
    .await;
    assert!(
        matches!(
            refusal(&outcome),
            UpdateError::Timeout(_) | UpdateError::Unreachable(_)
        ),
        "{outcome:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(outcome.bundle().map(|b| b.serial), Some(4));

    // A certificate from a CA the client does not trust.
    let other_ca = TestCa::new("Someone else");
    let server = UpdateServer::answering(&other_ca, Answer::ok(artefact(9, &key(1)))).await;
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config(server.url(), cache.path()),
    )
    .await;
    assert!(
        matches!(refusal(&outcome), UpdateError::Unreachable(_)),
        "{outcome:?}"
    );

    for url in [
        "http://enterprise.test/guide-update.json",
        "https://user@enterprise.test/guide-update.json",
        "not a url",
    ] {
        let outcome = update::fetch_update(
            &support::request_options(&ca, Duration::from_secs(5)),
            &config(url.to_owned(), cache.path()),
        )
        .await;
        assert!(
            matches!(refusal(&outcome), UpdateError::InvalidUrl(_)),
            "{url}: {outcome:?}"
        );
    }
}

/// The download never leaves https, also not through a redirect.
#[tokio::test]
async fn a_redirect_off_https_is_refused() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let to = format!("http://{HOST}:1/guide-update.json");
    let server = UpdateServer::answering(&ca, Answer::status(302).header("Location", &to)).await;
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config(server.url(), cache.path()),
    )
    .await;
    match refusal(&outcome) {
        UpdateError::Unreachable(why) => assert!(
            why.contains(&format!("redirect from https to {to} refused")),
            "{why}"
        ),
        other => panic!("expected Unreachable, got {other:?}"),
    }
}

#[tokio::test]
async fn a_tampered_cache_is_ignored_and_replaced() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    prime_cache(&ca, cache.path(), 6).await;
    let path = cache.path().join(update::CACHE_FILE);
    let mut entry: update::CachedArtefact =
        serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("entry");
    // Swap the signed artefact for one signed by someone else; keep the ETag.
    entry.artefact = String::from_utf8(artefact(99, &key(3))).expect("utf-8");
    std::fs::write(&path, serde_json::to_vec(&entry).expect("json")).expect("write");
    assert_eq!(
        update::load_cached(cache.path(), &key(1).public_key(), &[], 0),
        None
    );
    std::fs::write(&path, b"{ garbage").expect("write");
    assert_eq!(
        update::load_cached(cache.path(), &key(1).public_key(), &[], 0),
        None
    );
    // A huge cache file is not even read.
    std::fs::write(&path, vec![b' '; 2 * MAX_ARTEFACT_BYTES + 1]).expect("write");
    assert_eq!(
        update::load_cached(cache.path(), &key(1).public_key(), &[], 0),
        None
    );

    // The next fetch sends no validators (nothing usable is cached) and rewrites the cache.
    let server = UpdateServer::answering(&ca, Answer::ok(artefact(6, &key(1)))).await;
    let outcome = update::fetch_update(
        &support::request_options(&ca, Duration::from_secs(5)),
        &config(server.url(), cache.path()),
    )
    .await;
    assert!(matches!(outcome, UpdateOutcome::Updated(_)), "{outcome:?}");
    assert_eq!(request_header(&server.heads()[0], "if-none-match"), None);
    assert!(update::load_cached(cache.path(), &key(1).public_key(), &[], 0).is_some());
}

#[tokio::test]
async fn the_same_bytes_again_count_as_not_modified() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let bytes = artefact(8, &key(1));
    // A server without validators.
    let server = UpdateServer::answering(&ca, Answer::ok(bytes)).await;
    let config = config(server.url(), cache.path());
    let options = support::request_options(&ca, Duration::from_secs(5));
    assert!(matches!(
        update::fetch_update(&options, &config).await,
        UpdateOutcome::Updated(_)
    ));
    let outcome = update::fetch_update(&options, &config).await;
    assert!(
        matches!(&outcome, UpdateOutcome::NotModified(b) if b.serial == 8),
        "{outcome:?}"
    );
}

/// The embedded guide files, as IT would hand them to the signing tool.
fn guide_files() -> Vec<std::path::PathBuf> {
    Language::ALL
        .iter()
        .map(|language| {
            let (name, _) = language.embedded_guide();
            Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name)
        })
        .collect()
}

/// keygen → sign → verify with the companion binary, as IT would run it.
#[test]
fn the_signing_tool_round_trip() {
    let tool = env!("CARGO_BIN_EXE_paalogging-guide");
    let dir = tempfile::tempdir().expect("tempdir");
    let key_file = dir.path().join("signing-key.txt");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(tool)
            .args(args)
            .output()
            .expect("run the tool")
    };

    let keygen = run(&["keygen".as_ref(), "--out".as_ref(), key_file.as_os_str()]);
    assert!(keygen.status.success(), "{keygen:?}");
    let public_key = String::from_utf8(keygen.stdout)
        .expect("utf-8")
        .trim()
        .to_owned();
    assert!(public_key.parse::<PublicKey>().is_ok(), "{public_key}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_file)
            .expect("key file")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never overwrites a key.
    let again = run(&["keygen".as_ref(), "--out".as_ref(), key_file.as_os_str()]);
    assert!(!again.status.success());

    let pictures = dir.path().join("pictures");
    std::fs::create_dir(&pictures).expect("mkdir");
    std::fs::write(
        pictures.join("step-03.png"),
        std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/illustrations/step-03.png"),
        )
        .expect("picture"),
    )
    .expect("write");
    let guides = guide_files();
    let out = dir.path().join("guide-update.json");
    let serial = (update::EMBEDDED_GUIDE_SERIAL + 42).to_string();
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "sign".as_ref(),
        "--key".as_ref(),
        key_file.as_os_str(),
        "--serial".as_ref(),
        serial.as_ref(),
        "--valid-days".as_ref(),
        "30".as_ref(),
        "--illustrations".as_ref(),
        pictures.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(guides.iter().map(|g| g.as_os_str()));
    let sign = run(&args);
    assert!(sign.status.success(), "{sign:?}");

    let verify = run(&[
        "verify".as_ref(),
        "--public-key".as_ref(),
        public_key.as_ref(),
        out.as_os_str(),
    ]);
    assert!(verify.status.success(), "{verify:?}");
    let said = String::from_utf8_lossy(&verify.stdout).to_string();
    assert!(
        said.contains(&format!("serial {serial}")) && said.contains("1 pictures"),
        "{said}"
    );
    // The expiry, 30 days from now, is shown.
    let expires = update::unix_time(update::unix_now() + 30 * 86_400);
    let day = paalogging_core::clock::rfc3339_utc(expires);
    let day = day.get(..10).expect("a date");
    assert!(said.contains(&format!("expires {day}")), "{said}");

    let other_key = key(9).public_key().to_string();
    let wrong = run(&[
        "verify".as_ref(),
        "--public-key".as_ref(),
        other_key.as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(wrong.status.code(), Some(1), "{wrong:?}");
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("signature"));

    // Signing refuses a guide the app would refuse.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        std::fs::read_to_string(&guides[0])
            .expect("guide")
            .replacen(
                "https://accountsettings.connect.visma.com\"",
                "http://evil.example\"",
                1,
            ),
    )
    .expect("write");
    let refused = run(&[
        "sign".as_ref(),
        "--key".as_ref(),
        key_file.as_os_str(),
        "--out".as_ref(),
        dir.path().join("bad.json").as_os_str(),
        bad.as_os_str(),
        guides[1].as_os_str(),
        guides[2].as_os_str(),
    ]);
    assert!(!refused.status.success());
    assert!(!dir.path().join("bad.json").exists());
}

/// A picture of noise, which does not compress: `side`×`side` RGB.
fn noise_png(side: u32) -> Vec<u8> {
    // Seeded: the same picture, and so the same sizes, every run.
    let mut random = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
    let mut pixels = vec![0u8; 3 * side as usize * side as usize];
    random.fill(&mut pixels);
    let image = image::RgbImage::from_raw(side, side, pixels).expect("side × side RGB pixels");
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    png
}

/// `sign` and `verify` use the app's own acceptance check: what the app would refuse (below
/// the serial floor, over the size cap, expired) is not written, and not called valid.
#[test]
fn the_signing_tool_refuses_what_the_app_refuses() {
    let tool = env!("CARGO_BIN_EXE_paalogging-guide");
    let dir = tempfile::tempdir().expect("tempdir");
    let key_file = dir.path().join("signing-key.txt");
    std::fs::write(&key_file, key(1).to_base64()).expect("key");
    let guides = guide_files();
    let sign = |name: &str, extra: &[&std::ffi::OsStr]| {
        let out = dir.path().join(name);
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "sign".as_ref(),
            "--key".as_ref(),
            key_file.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        args.extend_from_slice(extra);
        args.extend(guides.iter().map(|g| g.as_os_str()));
        let output = std::process::Command::new(tool)
            .args(&args)
            .output()
            .expect("run the tool");
        (output, out)
    };

    let (low, out) = sign("low.json", &["--serial".as_ref(), "5".as_ref()]);
    assert_eq!(low.status.code(), Some(1), "{low:?}");
    assert!(String::from_utf8_lossy(&low.stderr).contains("below the lowest"));
    assert!(!out.exists());

    // Five pictures of noise: each within the picture limits, together over 5 MiB.
    let pictures = dir.path().join("pictures");
    std::fs::create_dir(&pictures).expect("mkdir");
    let png = noise_png(600);
    for stem in [
        "step-01", "step-02", "step-03", "step-04", "step-05", "step-06",
    ] {
        std::fs::write(pictures.join(format!("{stem}.png")), &png).expect("write");
    }
    let (large, out) = sign(
        "large.json",
        &["--illustrations".as_ref(), pictures.as_os_str()],
    );
    assert_eq!(large.status.code(), Some(1), "{large:?}");
    assert!(String::from_utf8_lossy(&large.stderr).contains("larger than"));
    assert!(!out.exists());

    // An artefact the app would call expired is not valid to `verify` either.
    let expired = update::PublishInput {
        expires: Some(update::unix_now() - 60),
        ..input(update::EMBEDDED_GUIDE_SERIAL + 1)
    };
    let artefact = update::seal(&key(1), &update::payload_bytes(&expired).expect("payload"));
    let file = dir.path().join("expired.json");
    std::fs::write(&file, artefact).expect("write");
    let public_key = key(1).public_key().to_string();
    let verify = std::process::Command::new(tool)
        .args([
            "verify".as_ref(),
            "--public-key".as_ref(),
            public_key.as_ref(),
            file.as_os_str(),
        ] as [&std::ffi::OsStr; 4])
        .output()
        .expect("run the tool");
    assert_eq!(verify.status.code(), Some(1), "{verify:?}");
    assert!(String::from_utf8_lossy(&verify.stderr).contains("expired"));
}

#[test]
fn update_keys_are_only_read_from_the_machine_wide_file() {
    use paalogging_core::config::{KeyError, Problem};
    let dir = tempfile::tempdir().expect("tempdir");
    let user = dir.path().join("user");
    std::fs::create_dir_all(&user).expect("mkdir");
    std::fs::write(
        user.join("config.toml"),
        format!(
            "[update]\nurl = \"https://evil.example/guide.json\"\npublic_key = \"{}\"\n[links]\nallowed_hosts = [\"evil.example\"]\n",
            key(9).public_key()
        ),
    )
    .expect("write");
    let loaded =
        paalogging_core::config::load(&paalogging_core::config::Paths::under(dir.path()), None);
    assert_eq!(loaded.errors.len(), 3, "{:?}", loaded.errors);
    assert!(
        loaded
            .errors
            .iter()
            .all(|e| e.problem == Problem::Key(KeyError::MachineOnly))
    );
    assert_eq!(loaded.config.update_url.value, None);
    assert!(loaded.config.allowed_hosts.value.is_empty());
}

/// An update with another guide name but the given serial: same number, other bytes.
fn artefact_named(serial: u64, name: &str) -> Vec<u8> {
    let mut input = input(serial);
    if let Some((_, source)) = input.guides.first_mut() {
        *source = source.replacen("name = ", &format!("name = \"{name}\"\n#"), 1);
    }
    update::build_artefact(&input, &key(1), &update::Acceptance::new(&[], 0))
        .expect("a valid artefact")
        .0
}

/// Fetches what `server` answers with the cache in `cache` and floor `min_serial`.
async fn fetch_with_floor(
    ca: &TestCa,
    cache: &Path,
    min_serial: u64,
    answer: Vec<u8>,
) -> UpdateOutcome {
    let server = UpdateServer::answering(ca, Answer::ok(answer)).await;
    let config = UpdateConfig {
        min_serial,
        ..config(server.url(), cache)
    };
    update::fetch_update(
        &support::request_options(ca, Duration::from_secs(5)),
        &config,
    )
    .await
}

#[tokio::test]
async fn the_same_serial_with_other_bytes_is_refused() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    prime_cache(&ca, cache.path(), 10).await;
    let outcome = fetch_with_floor(&ca, cache.path(), 0, artefact_named(10, "Annen utgave")).await;
    assert!(
        matches!(refusal(&outcome), UpdateError::SameSerial { found: 10 }),
        "{outcome:?}"
    );
    // The cached update stays in use, and in the cache.
    assert_eq!(
        outcome.bundle().map(guide_name).as_deref(),
        Some("Oppdatering 10")
    );
    let cached = update::load_cached(cache.path(), &key(1).public_key(), &[], 0);
    assert_eq!(
        cached.as_ref().map(guide_name).as_deref(),
        Some("Oppdatering 10")
    );
}

#[tokio::test]
async fn a_serial_below_min_serial_is_refused_and_retires_the_cache() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let outcome = fetch_with_floor(&ca, cache.path(), 20, artefact(15, &key(1))).await;
    assert!(
        matches!(
            refusal(&outcome),
            UpdateError::BelowFloor {
                found: 15,
                floor: 20
            }
        ),
        "{outcome:?}"
    );
    assert!(outcome.bundle().is_none(), "the embedded guide stays");
    // At the floor itself an update is accepted.
    let outcome = fetch_with_floor(&ca, cache.path(), 20, artefact(20, &key(1))).await;
    assert!(matches!(outcome, UpdateOutcome::Updated(_)), "{outcome:?}");
    // IT raising the floor above the cached update retires it at the next start.
    let key = key(1).public_key();
    assert!(update::load_cached(cache.path(), &key, &[], 20).is_some());
    assert_eq!(update::load_cached(cache.path(), &key, &[], 21), None);
}

/// The cache is the user's: deleted or corrupted, it no longer holds the floor up. What does is
/// out of the user's reach: update.min_serial (and the embedded serial, below).
#[tokio::test]
async fn a_deleted_or_corrupted_cache_does_not_let_an_older_update_back_in() {
    let ca = TestCa::new("Update root");
    for damage in ["delete", "corrupt", "older copy"] {
        let cache = tempfile::tempdir().expect("tempdir");
        prime_cache(&ca, cache.path(), 30).await;
        let path = cache.path().join(update::CACHE_FILE);
        match damage {
            "delete" => std::fs::remove_file(&path).expect("delete"),
            "corrupt" => std::fs::write(&path, b"{ garbage").expect("write"),
            _ => {
                // A copy of an older signed update put back in the cache by hand.
                let mut entry: update::CachedArtefact =
                    serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("entry");
                entry.artefact = String::from_utf8(artefact(25, &key(1))).expect("utf-8");
                std::fs::write(&path, serde_json::to_vec(&entry).expect("json")).expect("write");
            }
        }
        assert_eq!(
            update::load_cached(cache.path(), &key(1).public_key(), &[], 30),
            None,
            "{damage}"
        );
        let outcome = fetch_with_floor(&ca, cache.path(), 30, artefact(25, &key(1))).await;
        assert!(
            matches!(
                refusal(&outcome),
                UpdateError::BelowFloor {
                    found: 25,
                    floor: 30
                }
            ),
            "{damage}: {outcome:?}"
        );
    }
}

#[tokio::test]
async fn an_update_older_than_the_embedded_guide_is_refused() {
    let ca = TestCa::new("Update root");
    let cache = tempfile::tempdir().expect("tempdir");
    let embedded = update::EMBEDDED_GUIDE_SERIAL;
    let server = UpdateServer::answering(&ca, Answer::ok(artefact(embedded, &key(1)))).await;
    // The floor as the app builds it from its configuration, with no update.min_serial.
    let mut app_config = paalogging_core::config::Config::default();
    app_config.update_url.value = Some(server.url());
    app_config.update_public_key.value = Some(key(1).public_key());
    let config = UpdateConfig::from_config(&app_config, cache.path()).expect("update config");
    assert_eq!(config.min_serial, embedded + 1);
    let options = support::request_options(&ca, Duration::from_secs(5));
    let outcome = update::fetch_update(&options, &config).await;
    assert!(
        matches!(refusal(&outcome), UpdateError::BelowFloor { found, .. } if *found == embedded),
        "{outcome:?}"
    );
    // update.min_serial below the embedded serial does not lower the floor.
    app_config.update_min_serial.value = 1;
    let config = UpdateConfig::from_config(&app_config, cache.path()).expect("update config");
    assert_eq!(config.min_serial, embedded + 1);
    app_config.update_min_serial.value = embedded + 100;
    let config = UpdateConfig::from_config(&app_config, cache.path()).expect("update config");
    assert_eq!(config.min_serial, embedded + 100);
}
