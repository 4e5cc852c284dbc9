use super::*;
use crate::guide;
use crate::i18n::Language;

fn request(page_id: &str, image: &str, scale: Scale) -> Request {
    Request {
        page_id: page_id.to_owned(),
        image: image.to_owned(),
        scale,
    }
}

#[test]
fn every_built_in_picture_decodes_at_both_scales() {
    for (stem, _, _) in EMBEDDED {
        for (scale, size) in [(Scale::X1, [640, 400]), (Scale::X2, [1280, 800])] {
            let image = decode(&request(stem, stem, scale), None)
                .unwrap_or_else(|e| panic!("{stem} {scale:?}: {e}"));
            assert_eq!(image.size, size, "{stem} {scale:?}");
        }
    }
}

#[test]
fn every_page_picture_in_every_guide_is_built_in_and_has_alt_text() {
    for &language in Language::ALL {
        let guide = guide::embedded(language).expect("guide");
        let mut count = 0;
        for page in &guide.pages {
            let Some(illustration) = &page.illustration else {
                continue;
            };
            assert!(!illustration.alt.is_empty(), "{language:?} {}", page.id);
            assert!(
                embedded_bytes(&illustration.image, Scale::X1).is_some(),
                "{language:?} {}: no built-in picture {:?}",
                page.id,
                illustration.image
            );
            count += 1;
        }
        assert!(count >= 13, "{language:?}: start, 11 steps and finish");
    }
}

/// A picture drawn in `assets/illustrations/src/` but not listed in `EMBEDDED` would render
/// to PNGs the app never shows; a guide naming it would show only its alt text.
#[test]
fn every_svg_source_is_built_in_and_every_built_in_picture_has_a_source() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/illustrations/src");
    let mut sources: Vec<String> = std::fs::read_dir(&dir)
        .expect("illustration sources")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "svg"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect();
    sources.sort();
    let mut built_in: Vec<String> = EMBEDDED
        .iter()
        .map(|(stem, _, _)| stem.to_string())
        .collect();
    built_in.sort();
    assert_eq!(sources, built_in);
    assert!(
        built_in.iter().any(|stem| stem == "relogin"),
        "the page after step 11"
    );
}

#[test]
fn override_file_named_after_the_page_replaces_the_picture() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut png = Vec::new();
    image::RgbImage::from_pixel(30, 20, image::Rgb([200, 10, 10]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    std::fs::write(dir.path().join("forgot-password.png"), &png).expect("write");
    let image = decode(
        &request("forgot-password", "step-03", Scale::X1),
        Some(dir.path()),
    )
    .expect("override");
    assert_eq!(image.size, [30, 20]);
    assert_eq!(image.pixels.len(), 30 * 20 * 4, "RGBA, four bytes a pixel");
    assert_eq!(
        image.pixels[..4],
        [200, 10, 10, 255],
        "unmultiplied, opaque"
    );
    // Other pages keep the built-in picture.
    let image = decode(
        &request("remove-link", "step-08", Scale::X1),
        Some(dir.path()),
    )
    .expect("built-in");
    assert_eq!(image.size, [640, 400]);
}

#[test]
fn broken_empty_and_huge_overrides_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.png"), b"").expect("write");
    std::fs::write(dir.path().join("b.jpg"), b"not a jpeg at all").expect("write");
    // A valid PNG header claiming 9000×10 pixels: refused from the header, nothing decoded.
    let mut png = Vec::new();
    image::GrayImage::new(9000, 1)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    std::fs::write(dir.path().join("c.png"), &png).expect("write");
    // Over 20 MB: refused from the file size.
    let big = std::fs::File::create(dir.path().join("d.png")).expect("create");
    big.set_len(MAX_FILE_BYTES + 1).expect("grow");

    let error = |page: &str| {
        decode(&request(page, "step-01", Scale::X1), Some(dir.path())).expect_err(page)
    };
    assert!(matches!(error("a"), IllustrationError::Empty { .. }));
    assert!(matches!(error("b"), IllustrationError::Unreadable { .. }));
    assert!(matches!(
        error("c"),
        IllustrationError::TooManyPixels { width: 9000, .. }
    ));
    assert!(matches!(error("d"), IllustrationError::TooLarge { .. }));
    assert!(error("d").to_string().contains("d.png"));
}

#[test]
fn loader_decodes_each_picture_once_off_the_calling_thread() {
    let (loaded_tx, loaded) = std::sync::mpsc::channel();
    let caller = std::thread::current().id();
    let mut loader = IllustrationLoader::new(None, Default::default(), move |result| {
        loaded_tx
            .send((std::thread::current().id(), result))
            .is_ok()
    });
    let first = request("start", "start", Scale::X1);
    assert!(loader.request(first.clone()));
    assert!(
        !loader.request(first.clone()),
        "no second decode of the same picture"
    );
    let wait = std::time::Duration::from_secs(30);
    let (thread, result) = loaded.recv_timeout(wait).expect("decoded");
    assert_ne!(thread, caller);
    // The second request was dropped: nothing more arrives once the loader is gone.
    drop(loader);
    let results: Vec<_> = std::iter::once(result)
        .chain(loaded.recv_timeout(wait).ok().map(|(_, more)| more))
        .collect();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].request, first);
    assert!(results[0].result.is_ok());
}

#[test]
fn scale_follows_the_display() {
    assert_eq!(Scale::for_pixels_per_point(1.0), Scale::X1);
    assert_eq!(Scale::for_pixels_per_point(1.5), Scale::X2);
    assert_eq!(Scale::for_pixels_per_point(2.0), Scale::X2);
}

#[test]
fn pictures_from_a_signed_update_come_between_overrides_and_built_in() {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(12, 8, image::Rgb([0, 0, 200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let published: Published = [("step-03".to_owned(), png)].into_iter().collect();
    // 2× falls back to the update's 1× picture rather than the older built-in one.
    let image = decode_with(
        &request("forgot-password", "step-03", Scale::X2),
        None,
        &published,
    )
    .expect("published");
    assert_eq!(image.size, [12, 8]);
    let image = decode_with(
        &request("remove-link", "step-08", Scale::X1),
        None,
        &published,
    )
    .expect("built-in");
    assert_eq!(image.size, [640, 400]);
}

#[test]
fn a_panicking_decode_costs_only_that_picture() {
    let (loaded_tx, loaded) = std::sync::mpsc::channel();
    let mut loader = IllustrationLoader::new(None, Default::default(), move |result| {
        loaded_tx.send(result).is_ok()
    });
    let bad = request(crate::test_hooks::PANIC_PAGE, "start", Scale::X1);
    let good = request("start", "start", Scale::X1);
    assert!(loader.request(bad));
    assert!(loader.request(good.clone()));
    let wait = std::time::Duration::from_secs(30);
    let first = loaded
        .recv_timeout(wait)
        .expect("the bad picture is reported");
    assert!(
        matches!(first.result, Err(IllustrationError::Panicked(_))),
        "shown as its alt text"
    );
    let second = loaded
        .recv_timeout(wait)
        .expect("the loader survived the panic");
    assert_eq!(second.request, good);
    assert!(second.result.is_ok());
}

/// A gray PNG of `width`×`height` (zeros compress to almost nothing).
fn gray_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = Vec::new();
    image::GrayImage::new(width, height)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    png
}

#[test]
fn too_many_pixels_in_all_are_refused_from_the_header_wherever_they_come_from() {
    // Within 8000 px a side, over the total: refused before any pixel is decoded.
    let png = gray_png(3200, 3200);
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("start.png"), &png).expect("write");
    let from_it = decode(&request("start", "step-01", Scale::X1), Some(dir.path()));
    assert!(
        matches!(
            from_it,
            Err(IllustrationError::TooManyPixels { width: 3200, .. })
        ),
        "{from_it:?}"
    );
    let published: Published = [("step-03".to_owned(), png)].into_iter().collect();
    let from_update = decode_with(
        &request("forgot-password", "step-03", Scale::X1),
        None,
        &published,
    );
    assert!(
        matches!(from_update, Err(IllustrationError::TooManyPixels { .. })),
        "{from_update:?}"
    );
    assert!(check_picture(Path::new("x"), &gray_png(3000, 3000)).is_ok());
}

#[test]
fn the_decoder_is_held_to_an_allocation_cap() {
    // 9 million pixels (under the pixel cap) at 16 bits × 4 channels: 72 MB to decode.
    let mut png = Vec::new();
    image::ImageBuffer::<image::Rgba<u16>, Vec<u16>>::new(3000, 3000)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("encode");
    let published: Published = [("step-03".to_owned(), png)].into_iter().collect();
    let decoded = decode_with(
        &request("forgot-password", "step-03", Scale::X1),
        None,
        &published,
    );
    assert!(
        matches!(&decoded, Err(IllustrationError::Unreadable { message, .. }) if message.contains("limit")),
        "{decoded:?}"
    );
}
