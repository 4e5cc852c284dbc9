//! Decodes pictures on a background thread, each at most once.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc;

use super::{IllustrationError, Published, Request, Rgba8Image, decode_with};

/// A finished decode.
pub struct Loaded {
    pub request: Request,
    pub result: Result<Rgba8Image, IllustrationError>,
}

pub struct IllustrationLoader {
    requests: Option<mpsc::Sender<Request>>,
    requested: HashSet<Request>,
}

impl IllustrationLoader {
    /// Each finished decode goes to `on_loaded`, from the loader's thread; it returns false
    /// when nobody listens any more, which ends the thread.
    /// `published`: pictures from a signed guide update, used where IT has no override.
    pub fn new(
        override_dir: Option<PathBuf>,
        published: std::sync::Arc<Published>,
        on_loaded: impl Fn(Loaded) -> bool + Send + 'static,
    ) -> Self {
        let (requests, request_rx) = mpsc::channel::<Request>();
        let spawned = std::thread::Builder::new()
            .name("illustrations".into())
            .spawn(move || {
                while let Ok(request) = request_rx.recv() {
                    // A panic in a decoder (a bug, a hostile file) costs only that picture: it
                    // shows as its alt text, and the loader goes on.
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        #[cfg(any(test, feature = "test-hooks"))]
                        if request.page_id == crate::test_hooks::PANIC_PAGE {
                            crate::test_hooks::crash_on_purpose("picture");
                        }
                        decode_with(&request, override_dir.as_deref(), &published)
                    }))
                    .unwrap_or_else(|payload| {
                        Err(IllustrationError::Panicked(crate::redact::panic_text(
                            payload.as_ref(),
                        )))
                    });
                    if !on_loaded(Loaded { request, result }) {
                        break;
                    }
                }
            });
        let requests = match spawned {
            Ok(_) => Some(requests),
            Err(error) => {
                // Without the thread the pictures stay as alt text; the guide still works.
                tracing::error!("cannot start the picture loader: {error}");
                None
            }
        };
        Self {
            requests,
            requested: HashSet::new(),
        }
    }

    /// Asks for a picture; repeated requests for the same one are ignored.
    pub fn request(&mut self, request: Request) -> bool {
        if self.requested.contains(&request) {
            return false;
        }
        let Some(requests) = &self.requests else {
            return false;
        };
        self.requested.insert(request.clone());
        requests.send(request).is_ok()
    }

    /// Lets a released picture be requested (decoded) again later.
    pub fn forget(&mut self, request: &Request) {
        self.requested.remove(request);
    }
}
