//! The URL recogniser and analyser on arbitrary text: no panic, matches in order, disjoint
//! and on char boundaries, and analysing every match (or the whole input) is safe.

#![no_main]

use libfuzzer_sys::fuzz_target;
use spamspan::urls;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = urls::find_urls(&text);
    let mut end = 0;
    for m in &found {
        let r = &m.range;
        assert!(
            r.start >= end && r.start < r.end && r.end <= text.len(),
            "{found:?}"
        );
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        end = r.end;
        if let Some(info) = urls::analyze(&text[r.clone()]) {
            assert!(info.path_words.len() <= 200);
        }
    }
    let _ = urls::analyze(&text);
    // Host labels are segmented into words; any run of letters may reach it.
    let _ = urls::segment(&text);
});
