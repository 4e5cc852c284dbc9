//! `paalogging-guide`: IT's tool to make a signing key, sign a guide update and check one.
//!
//! ```text
//! paalogging-guide keygen --out signing-key.txt
//! paalogging-guide public-key --key signing-key.txt
//! paalogging-guide sign --key signing-key.txt --out guide-update.json nb.toml nn.toml en.toml
//! paalogging-guide verify --public-key BASE64 guide-update.json
//! ```
//!
//! The format is described in docs/guide-updates.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use paalogging_core::signing::{PublicKey, SecretKey};
use paalogging_core::update::{
    Acceptance, DEFAULT_VALIDITY_DAYS, PublishInput, accept_artefact, build_artefact, serial_floor,
    unix_now, unix_time,
};

#[derive(Parser)]
#[command(
    name = "paalogging-guide",
    version,
    about = "Signs and checks guide updates for Påloggingshjelp"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Makes a new key pair: the private key goes to a new file (readable by you only), the
    /// public key is printed for `update.public_key` in the machine-wide configuration.
    Keygen {
        /// The private key file to create; an existing file is never overwritten.
        #[arg(long)]
        out: PathBuf,
    },
    /// Prints the public key of a private key file.
    PublicKey {
        #[arg(long)]
        key: PathBuf,
    },
    /// Validates guides (and pictures) and writes a signed update.
    Sign {
        /// The private key file.
        #[arg(long)]
        key: PathBuf,
        /// The artefact to write (publish it at the `update.url` address).
        #[arg(long)]
        out: PathBuf,
        /// Must grow with each publication; the default is the current Unix time.
        #[arg(long)]
        serial: Option<u64>,
        /// Days the app uses this update before it falls back to its built-in guide; publish
        /// a new one before then.
        #[arg(long, default_value_t = DEFAULT_VALIDITY_DAYS, value_parser = clap::value_parser!(u64).range(1..=3650))]
        valid_days: u64,
        /// A folder of pictures (`step-03.png`, `step-03@2x.png`, .jpg) to include.
        #[arg(long)]
        illustrations: Option<PathBuf>,
        /// A host the guides may link to besides Visma's and ID-porten's (repeat as needed);
        /// the PCs must allow the same hosts in their machine-wide configuration.
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        /// One guide file per language (nb, nn, en); the language is read from each file.
        #[arg(required = true)]
        guides: Vec<PathBuf>,
    },
    /// Checks an update's signature and content. Exit status 0 when valid, 1 when not.
    Verify {
        /// The public key (base64), as in `update.public_key`.
        #[arg(long)]
        public_key: String,
        #[arg(long = "allow-host")]
        allow_hosts: Vec<String>,
        file: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("paalogging-guide: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Keygen { out } => {
            let key = SecretKey::generate()?;
            write_private(&out, &format!("{}\n", key.to_base64()))?;
            println!("{}", key.public_key());
            eprintln!(
                "Private key written to {}. Keep it off the PCs; put the public key above in \
                 update.public_key in the machine-wide configuration.",
                out.display()
            );
        }
        Command::PublicKey { key } => println!("{}", read_key(&key)?.public_key()),
        Command::Sign {
            key,
            out,
            serial,
            valid_days,
            illustrations,
            allow_hosts,
            guides,
        } => {
            let key = read_key(&key)?;
            let serial = match serial {
                Some(serial) => serial,
                None => std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .context("the system clock is before 1970")?
                    .as_secs(),
            };
            let mut input = PublishInput {
                serial,
                expires: Some(unix_now().saturating_add(valid_days * 86_400)),
                ..PublishInput::default()
            };
            for path in &guides {
                let source = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let language = guide_language(&source)
                    .with_context(|| format!("{}: no language = \"…\" line", path.display()))?;
                input.guides.push((language, source));
            }
            if let Some(folder) = &illustrations {
                input.illustrations = read_pictures(folder)?;
            }
            // The app's own acceptance check, so nothing is written that the app would refuse.
            let acceptance = Acceptance::new(&allow_hosts, serial_floor(0));
            let (artefact, bundle) = build_artefact(&input, &key, &acceptance)?;
            paalogging_core::atomic_file::write_atomic(&out, &artefact)
                .with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "{}: serial {}, {} guides, {} pictures, {} bytes, expires {}",
                out.display(),
                bundle.serial,
                guides.len(),
                bundle.illustrations.len(),
                artefact.len(),
                paalogging_core::clock::rfc3339_utc(unix_time(bundle.expires))
            );
        }
        Command::Verify {
            public_key,
            allow_hosts,
            file,
        } => {
            let key: PublicKey = public_key.parse()?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            // The app's check (without a machine's update.min_serial, which only raises it).
            let acceptance = Acceptance::new(&allow_hosts, serial_floor(0));
            let bundle = accept_artefact(&bytes, &key, &acceptance)
                .with_context(|| format!("{} is not accepted by the app", file.display()))?;
            println!(
                "{}: valid, serial {}, {} pictures, expires {}",
                file.display(),
                bundle.serial,
                bundle.illustrations.len(),
                paalogging_core::clock::rfc3339_utc(unix_time(bundle.expires))
            );
        }
    }
    Ok(())
}

fn read_key(path: &Path) -> anyhow::Result<SecretKey> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(SecretKey::from_base64(&text)?)
}

/// Creates the key file readable by its owner only, and never replaces an existing key.
fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// The `language = "nb"` of a guide file; the full validation comes with signing.
fn guide_language(source: &str) -> Option<String> {
    let value: toml::Value = toml::from_str(source).ok()?;
    value.get("language")?.as_str().map(str::to_owned)
}

fn read_pictures(folder: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut pictures = Vec::new();
    let entries =
        std::fs::read_dir(folder).with_context(|| format!("cannot list {}", folder.display()))?;
    for entry in entries {
        let path = entry?.path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if !matches!(extension.as_deref(), Some("png" | "jpg" | "jpeg")) {
            continue;
        }
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        pictures.push((stem.to_owned(), bytes));
    }
    pictures.sort();
    Ok(pictures)
}
