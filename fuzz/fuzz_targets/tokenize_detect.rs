//! The whole detection pipeline on arbitrary UTF-8 in each format: structure, tokens,
//! features, detection, prediction and cleaning. No panic; tokens and spans lie on char
//! boundaries, spans sorted and disjoint; the prediction's code-point spans are exactly
//! what `clean` removes.
//!
//! The first byte picks the format (text, markdown, HTML, or guessed); the rest is the
//! document, decoded lossily as the readers do.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use spamspan::clean::remove_spans;
use spamspan::detect::Detector;
use spamspan::document::{Document, Format};
use spamspan::model::Model;
use spamspan::offsets::{char_span_to_bytes, CharIndex};
use spamspan::tokens::tokenize;

fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| Detector::new(Model::embedded().unwrap()).unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Some(Format::Text),
        1 => Some(Format::Markdown),
        2 => Some(Format::Html),
        _ => None,
    };
    let doc = Document::new("fuzz", String::from_utf8_lossy(rest), format);
    let text = &doc.text;

    let structure = doc.structure();
    let tokens = tokenize(text, &structure);
    for t in &tokens {
        assert!(text.is_char_boundary(t.range.start) && text.is_char_boundary(t.range.end));
    }

    // `predict` and `clean` each run the detector once; they must report and remove the
    // same spans.
    let detector = detector();
    let prediction = detector.predict(&doc, Some(4));
    let index = CharIndex::new(text);
    let mut end = 0;
    let predicted: Vec<_> = prediction
        .spans
        .iter()
        .map(|s| {
            let r = char_span_to_bytes(&index, s.start, s.end).unwrap();
            assert!(
                end <= r.start && r.start < r.end,
                "spans out of order: {prediction:?}"
            );
            assert_eq!(s.text.as_deref(), Some(&text[r.clone()]));
            end = r.end;
            r
        })
        .collect();

    let (cleaned, spans) = detector.clean(&doc);
    let detected: Vec<_> = spans.iter().map(|s| s.range.clone()).collect();
    assert_eq!(predicted, detected);
    assert_eq!(cleaned, remove_spans(text, &predicted));
    assert!(cleaned.len() <= text.len());
});
