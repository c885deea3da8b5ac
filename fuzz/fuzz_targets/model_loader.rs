//! The model decoder on arbitrary bytes: no panic, no allocation sized by an unchecked
//! length. A decoded model is handed to the detector, which must accept or refuse it
//! without panicking, and an accepted one must detect.
//!
//! The stored checksum would stop almost every mutated input before the JSON header is
//! parsed; when the first byte is odd the target recomputes it, so that the header
//! parser and the validation behind it are fuzzed too. The rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use spamspan::detect::Detector;
use spamspan::document::{Document, Format};
use spamspan::model::format::decode;

/// 64-bit FNV-1a, as the v1 format stores it.
fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, file)) = data.split_first() else {
        return;
    };
    let mut bytes = file.to_vec();
    if mode & 1 == 1 && bytes.len() >= 8 {
        let body = bytes.len() - 8;
        let sum = fnv1a64(&bytes[..body]);
        bytes[body..].copy_from_slice(&sum.to_le_bytes());
    }
    let Ok(model) = decode(&bytes) else {
        return;
    };
    assert_eq!(model.weights.len(), model.feature_names.len());
    if let Ok(detector) = Detector::new(model) {
        let doc = Document::new(
            "d",
            "Buy [cheap jerseys](http://cheapjerseysa.com/x) now",
            Some(Format::Markdown),
        );
        let _ = detector.clean(&doc);
    }
});
