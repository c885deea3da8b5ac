//! The HTML parser on arbitrary text: no panic, no stack overflow however deep the nesting,
//! and the invariants the tokenizer and decoder rely on — every range on char boundaries
//! inside the text, links disjoint and in order, each anchor inside its link and each
//! container around it, outermost hidden blocks disjoint, markup sorted and merged.

#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use spamspan::document::html;

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    let s = html::parse(&src);
    let fits = |r: &Range<usize>| {
        r.start <= r.end
            && r.end <= src.len()
            && src.is_char_boundary(r.start)
            && src.is_char_boundary(r.end)
    };
    for l in &s.links {
        assert!(fits(&l.range) && fits(&l.anchor), "{l:?}");
        assert!(
            l.range.start <= l.anchor.start && l.anchor.end <= l.range.end,
            "{l:?}"
        );
        if let Some(c) = &l.container {
            assert!(
                fits(c) && c.start <= l.range.start && l.range.end <= c.end,
                "{l:?}"
            );
        }
    }
    for w in s.links.windows(2) {
        assert!(w[0].range.end <= w[1].range.start, "links overlap: {w:?}");
    }
    for h in &s.hidden {
        assert!(fits(&h.range), "{h:?}");
    }
    for w in s.hidden.windows(2) {
        assert!(
            w[0].range.end <= w[1].range.start,
            "hidden blocks overlap: {w:?}"
        );
    }
    for m in &s.markup {
        assert!(fits(m), "{m:?}");
    }
    for w in s.markup.windows(2) {
        assert!(w[0].end < w[1].start, "markup not sorted and merged: {w:?}");
    }
    let _ = html::canonical_url(&src);
});
