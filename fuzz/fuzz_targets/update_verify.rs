//! A downloaded guide update of any bytes: refused or verified, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use paalogging_core::signing::{PublicKey, SecretKey};

fn key() -> &'static PublicKey {
    static KEY: OnceLock<PublicKey> = OnceLock::new();
    // A fixed key: the fuzzer cannot forge signatures, so this explores the envelope parsing.
    KEY.get_or_init(|| {
        SecretKey::from_base64("BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc=")
            .expect("key")
            .public_key()
    })
}

fuzz_target!(|bytes: &[u8]| {
    let _ = paalogging_core::update::verify_artefact(bytes, key(), &[]);
});
