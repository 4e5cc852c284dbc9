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
fn every_page_picture_exists_decodes_at_both_scales_and_has_alt_text() {
    let guide = guide::embedded(Language::Nb).expect("guide");
    let mut count = 0;
    for page in &guide.pages {
        let Some(illustration) = &page.illustration else {
            continue;
        };
        assert!(!illustration.alt.is_empty(), "{}", page.id);
        count += 1;
        // The re-login picture comes from the pictures branch; until it is merged the page
        // shows its alt text, which is what a missing picture does.
        if illustration.image == "relogin" && embedded_bytes("relogin", Scale::X1).is_none() {
            let missing = decode(&request(page.id.as_str(), "relogin", Scale::X1), None);
            assert!(
                matches!(missing, Err(IllustrationError::Missing(_))),
                "{missing:?}"
            );
            continue;
        }
        for (scale, width) in [(Scale::X1, 640), (Scale::X2, 1280)] {
            let image = decode(&request(page.id.as_str(), &illustration.image, scale), None)
                .unwrap_or_else(|e| panic!("{}: {e}", page.id));
            assert_eq!(image.size[0], width, "{} {scale:?}", page.id);
        }
    }
    assert_eq!(count, 14, "start, 11 steps, the re-login page and finish");
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
    let bad = request(crate::crash::test_hooks::PANIC_PAGE, "start", Scale::X1);
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
