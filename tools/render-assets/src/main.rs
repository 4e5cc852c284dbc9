//! render-assets: renders Påloggingshjelp's hand-drawn SVG sources to the raster files the app
//! and its packages use.
//!
//! * `assets/illustrations/src/<stem>.svg` → `assets/illustrations/<stem>.png` (640 px wide) and
//!   `assets/illustrations/<stem>@2x.png` (1280 px wide).
//! * `icons/paalogging.svg` → `icons/png/<N>x<N>.png`, `icons/paalogging.ico` and
//!   `icons/paalogging.icns`.
//!
//! Text is set in DejaVu Sans, loaded from the system font database; every other font family is
//! dropped from the database so that a missing glyph can never fall back to whatever font a
//! machine happens to have. The output is byte-for-byte deterministic for a given DejaVu Sans
//! version and a given Cargo.lock.
//!
//! Usage (from the repository root):
//!
//! ```text
//! cargo run --release --manifest-path tools/render-assets/Cargo.toml            # write all files
//! cargo run --release --manifest-path tools/render-assets/Cargo.toml -- --check # compare only
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;
use resvg::usvg::fontdb;

/// The only font family the assets may use.
const FONT_FAMILY: &str = "DejaVu Sans";

/// The illustration stems the guide files refer to (`illustration = { image = "<stem>" }`).
/// Every one of them must have a source; extra sources are rendered too.
const ILLUSTRATION_STEMS: &[&str] = &[
    "start", "step-01", "step-02", "step-03", "step-04", "step-05", "step-06", "step-07",
    "step-08", "step-09", "step-10", "step-11", "relogin", "finish",
];

/// Width in pixels of the 1× illustration; the 2× file is twice as wide.
const ILLUSTRATION_WIDTH: u32 = 640;
/// Expected size of every illustration's viewBox (4:3-ish canvas).
const ILLUSTRATION_VIEWBOX: (f32, f32) = (640.0, 400.0);

/// Square PNG sizes written to icons/png/.
const ICON_PNG_SIZES: &[u32] = &[16, 24, 32, 48, 64, 128, 256, 512];
/// Sizes stored in the Windows .ico.
const ICO_SIZES: &[u32] = &[16, 24, 32, 48, 64, 256];

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("render-assets: error: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, String>;

/// Files to produce, keyed by path relative to the repository root.
type Outputs = BTreeMap<PathBuf, Vec<u8>>;

fn run() -> Result<()> {
    let mut check = false;
    let mut root: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--root" => root = Some(args.next().ok_or("--root needs a path")?.into()),
            "-h" | "--help" => {
                println!(
                    "usage: render-assets [--check] [--root <repo>]\n\n\
                     Renders assets/illustrations/src/*.svg and icons/paalogging.svg.\n\
                     --check   render in memory and fail if any committed file differs\n\
                     --root    repository root (default: two levels above this crate)"
                );
                return Ok(());
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    let root = match root {
        Some(r) => r,
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."),
    };
    let root = root
        .canonicalize()
        .map_err(|e| format!("repository root {}: {e}", root.display()))?;

    let fontdb = Arc::new(load_fonts()?);
    let mut outputs = Outputs::new();
    render_illustrations(&root, &fontdb, &mut outputs)?;
    render_icon(&root, &fontdb, &mut outputs)?;

    if check {
        let mut stale = Vec::new();
        for (rel, bytes) in &outputs {
            match fs::read(root.join(rel)) {
                Ok(on_disk) if on_disk == *bytes => {}
                Ok(_) => stale.push(format!("{} differs", rel.display())),
                Err(e) => stale.push(format!("{}: {e}", rel.display())),
            }
        }
        if !stale.is_empty() {
            return Err(format!(
                "{} of {} files are not up to date:\n  {}\nre-run without --check to update them",
                stale.len(),
                outputs.len(),
                stale.join("\n  ")
            ));
        }
        println!("render-assets: all {} files are up to date", outputs.len());
        return Ok(());
    }

    let mut report = String::new();
    for (rel, bytes) in &outputs {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let unchanged = fs::read(&path).is_ok_and(|old| old == *bytes);
        if !unchanged {
            fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let _ = writeln!(
            report,
            "{:>9} B  {}{}",
            bytes.len(),
            rel.display(),
            if unchanged { "" } else { "  (written)" }
        );
    }
    print!("{report}");
    verify_written(&root)?;
    println!(
        "render-assets: {} files, icon containers verified",
        outputs.len()
    );
    Ok(())
}

/// Loads the system fonts and keeps only DejaVu Sans, so text renders the same everywhere.
fn load_fonts() -> Result<fontdb::Database> {
    let mut db = fontdb::Database::new();
    db.load_system_fonts();
    let others: Vec<fontdb::ID> = db
        .faces()
        .filter(|f| !f.families.iter().any(|(name, _)| name == FONT_FAMILY))
        .map(|f| f.id)
        .collect();
    for id in others {
        db.remove_face(id);
    }
    let has = |weight| {
        db.query(&fontdb::Query {
            families: &[fontdb::Family::Name(FONT_FAMILY)],
            weight,
            ..Default::default()
        })
        .and_then(|id| db.face(id))
        .is_some_and(|f| f.weight == weight)
    };
    if !has(fontdb::Weight::NORMAL) || !has(fontdb::Weight::BOLD) {
        return Err(format!(
            "the font {FONT_FAMILY:?} (regular and bold) was not found among the system fonts.\n\
             Install it first, on Debian/Ubuntu: apt-get install fonts-dejavu-core"
        ));
    }
    db.set_sans_serif_family(FONT_FAMILY);
    db.set_serif_family(FONT_FAMILY);
    db.set_monospace_family(FONT_FAMILY);
    db.set_cursive_family(FONT_FAMILY);
    db.set_fantasy_family(FONT_FAMILY);
    Ok(db)
}

fn parse_svg(path: &Path, fontdb: &Arc<fontdb::Database>) -> Result<usvg::Tree> {
    let data = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let opt = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        font_size: 16.0,
        languages: vec!["nb".to_owned(), "en".to_owned()],
        fontdb: Arc::clone(fontdb),
        // The sources are self-contained: no external images or files.
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..Default::default()
    };
    usvg::Tree::from_data(&data, &opt).map_err(|e| format!("{}: {e}", path.display()))
}

/// Renders `tree` scaled to `width` pixels wide; returns straight (non-premultiplied) RGBA.
fn render(tree: &usvg::Tree, width: u32) -> Result<(u32, u32, Vec<u8>)> {
    let size = tree.size();
    let scale = width as f32 / size.width();
    let height = (size.height() * scale).round() as u32;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or("cannot allocate a pixmap of that size")?;
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut rgba = Vec::with_capacity((width * height * 4) as usize);
    for p in pixmap.pixels() {
        let c = p.demultiply();
        rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
    }
    Ok((width, height, rgba))
}

fn render_illustrations(
    root: &Path,
    fontdb: &Arc<fontdb::Database>,
    outputs: &mut Outputs,
) -> Result<()> {
    let src_dir = root.join("assets/illustrations/src");
    let mut stems: Vec<String> = fs::read_dir(&src_dir)
        .map_err(|e| format!("{}: {e}", src_dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "svg"))
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    stems.sort();
    let missing: Vec<&str> = ILLUSTRATION_STEMS
        .iter()
        .copied()
        .filter(|s| !stems.iter().any(|t| t == s))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing illustration sources in {}: {}",
            src_dir.display(),
            missing.join(", ")
        ));
    }
    for stem in &stems {
        let tree = parse_svg(&src_dir.join(format!("{stem}.svg")), fontdb)?;
        let size = tree.size();
        if (size.width(), size.height()) != ILLUSTRATION_VIEWBOX {
            return Err(format!(
                "{stem}.svg is {}×{}, expected {}×{}",
                size.width(),
                size.height(),
                ILLUSTRATION_VIEWBOX.0,
                ILLUSTRATION_VIEWBOX.1
            ));
        }
        for (suffix, width) in [("", ILLUSTRATION_WIDTH), ("@2x", ILLUSTRATION_WIDTH * 2)] {
            let (w, h, rgba) = render(&tree, width)?;
            outputs.insert(
                PathBuf::from(format!("assets/illustrations/{stem}{suffix}.png")),
                encode_png(w, h, &rgba)?,
            );
        }
    }
    Ok(())
}

fn render_icon(root: &Path, fontdb: &Arc<fontdb::Database>, outputs: &mut Outputs) -> Result<()> {
    let tree = parse_svg(&root.join("icons/paalogging.svg"), fontdb)?;
    let size = tree.size();
    if size.width() != size.height() {
        return Err("icons/paalogging.svg must be square".into());
    }
    let mut rendered: BTreeMap<u32, Vec<u8>> = BTreeMap::new();
    for &n in ICON_PNG_SIZES.iter().chain(ICO_SIZES).chain(&[1024]) {
        if let std::collections::btree_map::Entry::Vacant(slot) = rendered.entry(n) {
            slot.insert(render(&tree, n)?.2);
        }
    }

    for &n in ICON_PNG_SIZES {
        outputs.insert(
            PathBuf::from(format!("icons/png/{n}x{n}.png")),
            encode_png(n, n, &rendered[&n])?,
        );
    }

    // Windows .ico: 32-bit BMP entries up to 64 px (what every consumer reads), PNG at 256 px.
    let mut dir = ico::IconDir::new(ico::ResourceType::Icon);
    for &n in ICO_SIZES {
        let image = ico::IconImage::from_rgba_data(n, n, rendered[&n].clone());
        let entry = if n >= 256 {
            ico::IconDirEntry::encode_as_png(&image)
        } else {
            ico::IconDirEntry::encode_as_bmp(&image)
        }
        .map_err(|e| format!("ico {n}px: {e}"))?;
        dir.add_entry(entry);
    }
    let mut ico_bytes = Vec::new();
    dir.write(&mut ico_bytes).map_err(|e| format!("ico: {e}"))?;
    outputs.insert(PathBuf::from("icons/paalogging.ico"), ico_bytes);

    // macOS .icns: legacy 16/32 px RGB + 8-bit mask entries, then PNG-coded entries up to
    // 512@2x (1024 px), the set `iconutil` produces.
    let mut family = icns::IconFamily::new();
    for (n, ty) in [
        (16, icns::IconType::RGB24_16x16),
        (32, icns::IconType::RGB24_32x32),
    ] {
        let image = icns::Image::from_data(icns::PixelFormat::RGBA, n, n, rendered[&n].clone())
            .map_err(|e| format!("icns {n}px: {e}"))?;
        family
            .add_icon_with_type(&image, ty)
            .map_err(|e| format!("icns {n}px: {e}"))?;
    }
    for (ostype, n) in [
        (*b"ic11", 32),
        (*b"ic12", 64),
        (*b"ic07", 128),
        (*b"ic13", 256),
        (*b"ic08", 256),
        (*b"ic14", 512),
        (*b"ic09", 512),
        (*b"ic10", 1024),
    ] {
        // Plain 8-bit RGBA, as Apple's iconutil writes them: no palette in icon containers.
        let png = encode_png_rgba(n, n, &rendered[&n])?;
        family
            .elements
            .push(icns::IconElement::new(icns::OSType(ostype), png));
    }
    let mut icns_bytes = Vec::new();
    family
        .write(&mut icns_bytes)
        .map_err(|e| format!("icns: {e}"))?;
    outputs.insert(PathBuf::from("icons/paalogging.icns"), icns_bytes);
    Ok(())
}

/// Encodes straight RGBA as a compact PNG: RGB when fully opaque, an indexed palette when the
/// image has at most 256 distinct colours, maximum deflate effort, adaptive filtering, and no
/// time stamp or other varying chunk.
fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    encode_png_with(width, height, rgba, true)
}

/// Encodes straight RGBA as a plain 8-bit RGBA PNG (for entries inside .icns).
fn encode_png_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>> {
    encode_png_with(width, height, rgba, false)
}

fn encode_png_with(width: u32, height: u32, rgba: &[u8], reduce: bool) -> Result<Vec<u8>> {
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == 255);

    // Try an exact (lossless) palette.
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut index: std::collections::HashMap<[u8; 4], u8> = std::collections::HashMap::new();
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    let mut fits = reduce;
    for p in rgba.chunks_exact(4).take_while(|_| reduce) {
        let key = [p[0], p[1], p[2], p[3]];
        let i = match index.get(&key) {
            Some(&i) => i,
            None => {
                if palette.len() == 256 {
                    fits = false;
                    break;
                }
                let i = palette.len() as u8;
                palette.push(key);
                index.insert(key, i);
                i
            }
        };
        indices.push(i);
    }

    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(Cursor::new(&mut out), width, height);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::High);
        enc.set_filter(png::Filter::Adaptive);
        let data: Vec<u8>;
        if fits {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(
                palette
                    .iter()
                    .flat_map(|c| [c[0], c[1], c[2]])
                    .collect::<Vec<_>>(),
            );
            if !opaque {
                enc.set_trns(palette.iter().map(|c| c[3]).collect::<Vec<_>>());
            }
            // Palette images compress best unfiltered.
            enc.set_filter(png::Filter::NoFilter);
            data = indices;
        } else if opaque && reduce {
            enc.set_color(png::ColorType::Rgb);
            data = rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
        } else {
            enc.set_color(png::ColorType::Rgba);
            data = rgba.to_vec();
        }
        let mut writer = enc.write_header().map_err(|e| format!("png: {e}"))?;
        writer
            .write_image_data(&data)
            .map_err(|e| format!("png: {e}"))?;
        writer.finish().map_err(|e| format!("png: {e}"))?;
    }
    Ok(out)
}

/// Reads the written icon containers back with the crates' own readers.
fn verify_written(root: &Path) -> Result<()> {
    let ico_path = root.join("icons/paalogging.ico");
    let bytes = fs::read(&ico_path).map_err(|e| format!("{}: {e}", ico_path.display()))?;
    let dir = ico::IconDir::read(Cursor::new(bytes)).map_err(|e| format!("re-reading ico: {e}"))?;
    let mut sizes: Vec<u32> = dir.entries().iter().map(|e| e.width()).collect();
    sizes.sort();
    if sizes != ICO_SIZES {
        return Err(format!("ico holds sizes {sizes:?}, expected {ICO_SIZES:?}"));
    }
    for e in dir.entries() {
        let img = e
            .decode()
            .map_err(|err| format!("ico {}px entry: {err}", e.width()))?;
        if (img.width(), img.height()) != (e.width(), e.height()) {
            return Err(format!(
                "ico {}px entry decodes to the wrong size",
                e.width()
            ));
        }
    }

    let icns_path = root.join("icons/paalogging.icns");
    let bytes = fs::read(&icns_path).map_err(|e| format!("{}: {e}", icns_path.display()))?;
    let family =
        icns::IconFamily::read(Cursor::new(bytes)).map_err(|e| format!("re-reading icns: {e}"))?;
    let types = family.available_icons();
    for ty in &types {
        let img = family
            .get_icon_with_type(*ty)
            .map_err(|e| format!("icns {ty:?}: {e}"))?;
        if img.width() != ty.pixel_width() || img.height() != ty.pixel_height() {
            return Err(format!(
                "icns {ty:?} decodes to {}×{}",
                img.width(),
                img.height()
            ));
        }
    }
    if types.len() != 10 {
        return Err(format!(
            "icns holds {} complete icons, expected 10: {types:?}",
            types.len()
        ));
    }
    Ok(())
}
