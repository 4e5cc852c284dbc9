//! Step pictures: the built-in PNGs (rendered ahead of time from SVG by `tools/render-assets`)
//! or IT's own screenshots, decoded off the UI thread.
//!
//! No egui here: a decoded picture is a plain [`Rgba8Image`], which the window turns into a
//! texture.

mod loader;

pub use loader::{IllustrationLoader, Loaded};

use std::path::{Path, PathBuf};

/// A decoded picture: unmultiplied RGBA, four bytes a pixel, rows from the top.
#[derive(Clone, PartialEq, Eq)]
pub struct Rgba8Image {
    /// Width and height in pixels.
    pub size: [usize; 2],
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Rgba8Image {
    // The size says what matters; millions of pixel bytes in a log or a test failure do not.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rgba8Image")
            .field("size", &self.size)
            .field("bytes", &self.pixels.len())
            .finish()
    }
}

/// Built-in pictures: stem, 1× PNG, 2× PNG.
const EMBEDDED: &[(&str, &[u8], &[u8])] = &[
    (
        "start",
        include_bytes!("../../../assets/illustrations/start.png"),
        include_bytes!("../../../assets/illustrations/start@2x.png"),
    ),
    (
        "step-01",
        include_bytes!("../../../assets/illustrations/step-01.png"),
        include_bytes!("../../../assets/illustrations/step-01@2x.png"),
    ),
    (
        "step-02",
        include_bytes!("../../../assets/illustrations/step-02.png"),
        include_bytes!("../../../assets/illustrations/step-02@2x.png"),
    ),
    (
        "step-03",
        include_bytes!("../../../assets/illustrations/step-03.png"),
        include_bytes!("../../../assets/illustrations/step-03@2x.png"),
    ),
    (
        "step-04",
        include_bytes!("../../../assets/illustrations/step-04.png"),
        include_bytes!("../../../assets/illustrations/step-04@2x.png"),
    ),
    (
        "step-05",
        include_bytes!("../../../assets/illustrations/step-05.png"),
        include_bytes!("../../../assets/illustrations/step-05@2x.png"),
    ),
    (
        "step-06",
        include_bytes!("../../../assets/illustrations/step-06.png"),
        include_bytes!("../../../assets/illustrations/step-06@2x.png"),
    ),
    (
        "step-07",
        include_bytes!("../../../assets/illustrations/step-07.png"),
        include_bytes!("../../../assets/illustrations/step-07@2x.png"),
    ),
    (
        "step-08",
        include_bytes!("../../../assets/illustrations/step-08.png"),
        include_bytes!("../../../assets/illustrations/step-08@2x.png"),
    ),
    (
        "step-09",
        include_bytes!("../../../assets/illustrations/step-09.png"),
        include_bytes!("../../../assets/illustrations/step-09@2x.png"),
    ),
    (
        "step-10",
        include_bytes!("../../../assets/illustrations/step-10.png"),
        include_bytes!("../../../assets/illustrations/step-10@2x.png"),
    ),
    (
        "step-11",
        include_bytes!("../../../assets/illustrations/step-11.png"),
        include_bytes!("../../../assets/illustrations/step-11@2x.png"),
    ),
    (
        "relogin",
        include_bytes!("../../../assets/illustrations/relogin.png"),
        include_bytes!("../../../assets/illustrations/relogin@2x.png"),
    ),
    (
        "finish",
        include_bytes!("../../../assets/illustrations/finish.png"),
        include_bytes!("../../../assets/illustrations/finish@2x.png"),
    ),
];

/// Override files larger than this are refused without being read.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Pictures wider or taller than this are refused before decoding.
pub const MAX_SIDE: u32 = 8000;
/// Pictures of more pixels than this (about 38 MiB as RGBA) are refused before decoding: a
/// 2× screenshot of a 1920×1080 screen has 8.3 million. Each user's window keeps its pictures,
/// so on a terminal server this counts once per user.
pub const MAX_PIXELS: u64 = 10_000_000;
/// What the decoder may allocate for one picture (a 16-bit picture decodes to twice the bytes).
pub const MAX_DECODE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    X1,
    X2,
}

impl Scale {
    /// 2× pictures from 1.25 points per pixel up, so text in them stays sharp.
    pub fn for_pixels_per_point(pixels_per_point: f32) -> Self {
        if pixels_per_point > 1.25 {
            Self::X2
        } else {
            Self::X1
        }
    }
}

/// Which picture to show for a page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Request {
    /// The page id, which names IT's override file (`forgot-password.png`).
    pub page_id: String,
    /// The built-in picture's stem (`step-03`).
    pub image: String,
    pub scale: Scale,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IllustrationError {
    #[error("no built-in picture named {0}")]
    Missing(String),
    #[error("{path}: the file is empty")]
    Empty { path: PathBuf },
    #[error("{path}: {bytes} bytes is over the limit of {MAX_FILE_BYTES}")]
    TooLarge { path: PathBuf, bytes: u64 },
    #[error(
        "{path}: {width}×{height} px is over the limit of {MAX_SIDE} px a side or \
         {MAX_PIXELS} px in all"
    )]
    TooManyPixels {
        path: PathBuf,
        width: u32,
        height: u32,
    },
    #[error("{path}: {message}")]
    Unreadable { path: PathBuf, message: String },
    /// The decoder panicked (a bug); the picture shows as its alt text.
    #[error("the picture decoder stopped unexpectedly: {0}")]
    Panicked(String),
}

pub fn embedded_bytes(image: &str, scale: Scale) -> Option<&'static [u8]> {
    EMBEDDED
        .iter()
        .find(|(stem, _, _)| *stem == image)
        .map(|(_, x1, x2)| match scale {
            Scale::X1 => *x1,
            Scale::X2 => *x2,
        })
}

/// IT's override for a page, if one exists: `<page id>.png`, `.jpg` or `.jpeg`.
pub fn override_path(dir: &Path, page_id: &str) -> Option<PathBuf> {
    ["png", "jpg", "jpeg"]
        .iter()
        .map(|ext| dir.join(format!("{page_id}.{ext}")))
        .find(|path| path.is_file())
}

/// Decodes the picture for `request`: IT's override when present (a broken one is an error,
/// not a silent fallback, so IT notices), else the built-in one.
pub fn decode(
    request: &Request,
    override_dir: Option<&Path>,
) -> Result<Rgba8Image, IllustrationError> {
    decode_with(request, override_dir, &Published::default())
}

/// Pictures from a signed guide update, by name (`step-03`, `step-03@2x`).
pub type Published = std::collections::BTreeMap<String, Vec<u8>>;

/// Like [`decode`], with a signed update's pictures between IT's overrides and the built-in ones.
pub fn decode_with(
    request: &Request,
    override_dir: Option<&Path>,
    published: &Published,
) -> Result<Rgba8Image, IllustrationError> {
    if let Some(path) = override_dir.and_then(|dir| override_path(dir, &request.page_id)) {
        return decode_file(&path);
    }
    let wanted = match request.scale {
        Scale::X1 => vec![request.image.clone()],
        Scale::X2 => vec![format!("{}@2x", request.image), request.image.clone()],
    };
    if let Some(bytes) = wanted.iter().find_map(|name| published.get(name)) {
        return decode_bytes(Path::new(&request.image), bytes);
    }
    let bytes = embedded_bytes(&request.image, request.scale)
        .ok_or_else(|| IllustrationError::Missing(request.image.clone()))?;
    decode_bytes(Path::new(&request.image), bytes)
}

fn decode_file(path: &Path) -> Result<Rgba8Image, IllustrationError> {
    let unreadable = |message: String| IllustrationError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::metadata(path)
        .map_err(|e| unreadable(e.to_string()))?
        .len();
    if bytes == 0 {
        return Err(IllustrationError::Empty {
            path: path.to_path_buf(),
        });
    }
    if bytes > MAX_FILE_BYTES {
        return Err(IllustrationError::TooLarge {
            path: path.to_path_buf(),
            bytes,
        });
    }
    let data = std::fs::read(path).map_err(|e| unreadable(e.to_string()))?;
    decode_bytes(path, &data)
}

/// The decoder's limits: the sides and an allocation cap, enforced while decoding.
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn reader(data: &[u8]) -> Result<image::ImageReader<std::io::Cursor<&[u8]>>, String> {
    image::ImageReader::new(std::io::Cursor::new(data))
        .with_guessed_format()
        .map_err(|e| e.to_string())
}

/// What a picture must be to be shown, from its header alone: a PNG or JPEG the decoder reads,
/// within [`MAX_SIDE`] a side and [`MAX_PIXELS`] in all. The same check for the built-in
/// pictures, IT's folder and signed updates (the signing tool uses it too). Returns the size.
pub fn check_picture(path: &Path, data: &[u8]) -> Result<(u32, u32), IllustrationError> {
    let unreadable = |message: String| IllustrationError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    let (width, height) = reader(data)
        .map_err(unreadable)?
        .into_dimensions()
        .map_err(|e| unreadable(e.to_string()))?;
    if width > MAX_SIDE || height > MAX_SIDE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(IllustrationError::TooManyPixels {
            path: path.to_path_buf(),
            width,
            height,
        });
    }
    Ok((width, height))
}

fn decode_bytes(path: &Path, data: &[u8]) -> Result<Rgba8Image, IllustrationError> {
    let unreadable = |message: String| IllustrationError::Unreadable {
        path: path.to_path_buf(),
        message,
    };
    // The size from the header before spending memory on the pixels; the limits hold the
    // decoder to it whatever the header claimed.
    check_picture(path, data)?;
    let mut reader = reader(data).map_err(unreadable)?;
    reader.limits(limits());
    let decoded = reader.decode().map_err(|e| unreadable(e.to_string()))?;
    let rgba = decoded.into_rgba8();
    Ok(Rgba8Image {
        size: [rgba.width() as usize, rgba.height() as usize],
        pixels: rgba.into_raw(),
    })
}

#[cfg(test)]
mod tests;
