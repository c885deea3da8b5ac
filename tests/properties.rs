//! Property tests: whatever text comes in — arbitrary Unicode, arbitrary bytes decoded
//! lossily, or generated web-like text mixing prose, spam words, URLs, markdown, BBCode and
//! HTML — the pipeline does not panic, every span it reports lies on char boundaries inside
//! the text, cleaning removes exactly the reported spans (plus the documented seam) and
//! nothing else, and offsets convert between bytes and code points without loss.
//!
//! Case counts are kept modest so that the whole file runs in well under a minute in
//! release mode; `PROPTEST_CASES` raises them for a longer soak.

use std::ops::Range;
use std::sync::OnceLock;

use proptest::prelude::*;

use spamspan::clean::remove_spans;
use spamspan::detect::Detector;
use spamspan::document::{Document, Format, Structure};
use spamspan::features;
use spamspan::model::Model;
use spamspan::offsets::{char_span_to_bytes, CharIndex, OffsetError};
use spamspan::tokens::{tokenize, whitespace_tokens};
use spamspan::urls;

/// The embedded default model, decoded once for the whole file.
fn detector() -> &'static Detector {
    static DETECTOR: OnceLock<Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        Detector::new(Model::embedded().expect("embedded model decodes"))
            .expect("embedded model fits this extractor")
    })
}

fn config() -> ProptestConfig {
    // `ProptestConfig::default()` reads PROPTEST_CASES, but a literal `cases` would win.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        // Shrinking a failing web-like document can take thousands of steps; a bounded
        // shrink keeps a failure report from running for minutes.
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------
// Input generators
// ---------------------------------------------------------------------------------------

/// Arbitrary Unicode: any scalar value, including controls, combining marks, RTL marks,
/// zero-width characters and astral planes.
fn unicode_text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..300).prop_map(String::from_iter)
}

/// Arbitrary bytes decoded as a reader would (invalid sequences become U+FFFD).
fn lossy_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|b| String::from_utf8_lossy(&b).into_owned())
}

const WORDS: &[&str] = &[
    "the",
    "news",
    "council",
    "said",
    "on",
    "Tuesday",
    "that",
    "its",
    "budget",
    "will",
    "be",
    "thankful",
    "for",
    "schools",
    "and",
    "roads",
    "more",
    "far",
    "white",
    "shirt",
    "speaks",
    "Dale",
    "Hunter",
    "Jersey",
    "Jerseys",
    "Cheap",
    "cheap",
    "jerseys",
    "NFL",
    "buy",
    "online",
    "viagra",
    "cialis",
    "casino",
    "poker",
    "payday",
    "loans",
    "replica",
    "watches",
    "essay",
    "writing",
    "service",
    "discount",
    "outlet",
    "Nike",
    "Air",
    "Max",
    "café",
    "naïve",
    "中文",
    "网页",
    "Москва",
    "сheap",
    "che\u{200b}ap",
    "😀",
    "2024",
    "10%",
    "e-mail",
    "U.S.",
    "Mr.Smith",
    "index.html",
    "setup.py",
];

const HOSTS: &[&str] = &[
    "example.com",
    "www.capitalsshine.com",
    "cheapjerseysa.com",
    "cheap-nfl-jerseys.top",
    "replica-watches.xyz",
    "news.bbc.co.uk",
    "a.blogspot.com",
    "xn--80ak6aa92e.com",
    "пример.рф",
    "192.168.0.1",
    "[::1]",
    "localhost",
    "shop.example.co.uk:8080",
];

const PATHS: &[&str] = &[
    "",
    "/",
    "/Jonas-Siegenthaler-Jersey",
    "/10-tips-for-data",
    "/index.html",
    "/p?id=1&q=cheap+jerseys",
    "/%E4%B8%AD%E6%96%87",
    "/a/b/c/NFLJerseys#top",
    "/path%",
    "/(x)",
];

fn url() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["https://", "http://", "ftp://", "//", "", "www."]),
        prop::sample::select(HOSTS),
        prop::sample::select(PATHS),
    )
        .prop_map(|(scheme, host, path)| format!("{scheme}{host}{path}"))
}

fn anchor() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..4).prop_map(|w| w.join(" "))
}

/// One piece of web-like text.
fn piece() -> impl Strategy<Value = String> {
    let word = prop::sample::select(WORDS).prop_map(str::to_string);
    let separator = prop::sample::select(vec![
        " ", " ", " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u{a0}", "\u{3000}", "- ", "* ", "1. ",
        "(", ")", "( ", " )", ".", ",", ":", "!", "\"", "'", "[", "]", "<", ">", "&amp;", "&", "#",
        "# ", "## ", "|", "\u{200b}", "\u{feff}",
    ])
    .prop_map(str::to_string);
    let tag = prop::sample::select(vec![
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<ul>",
        "</ul>",
        "<li>",
        "</li>",
        "<br>",
        "<html>",
        "</html>",
        "<body>",
        "</body>",
        "<div style=\"display:none\">",
        "<span style=\"position:absolute;left:-9999px\">",
        "<font size=\"1\">",
        "<p hidden>",
        "<style>.x{display:none}</style>",
        "<div class=\"x\">",
        "<script>var a = '<a href=x>';</script>",
        "<!-- comment -->",
        "<!--",
        "</a>",
        "<a>",
        "<table><tr><td>",
        "</td></tr></table>",
        "<![CDATA[",
        "<",
        "</",
        "<a href=",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        6 => word,
        6 => separator,
        2 => url(),
        2 => (anchor(), url()).prop_map(|(a, u)| format!("[{a}]({u})")),
        1 => (anchor(), 0u8..4).prop_map(|(a, n)| format!("[{a}][{n}]")),
        1 => (0u8..4, url()).prop_map(|(n, u)| format!("\n[{n}]: {u}\n")),
        1 => (url(), anchor()).prop_map(|(u, a)| format!("[url={u}]{a}[/url]")),
        1 => (url(), anchor()).prop_map(|(u, a)| format!("[url]{u}[/url]{a}")),
        2 => (url(), anchor()).prop_map(|(u, a)| format!("<a href=\"{u}\">{a}</a>")),
        1 => (url(), anchor()).prop_map(|(u, a)| format!("<li><a href='{u}'>{a}</a></li>\n")),
        2 => tag,
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Web-like text: a few dozen pieces, mostly separated by blanks as in real pages, now and
/// then glued together as in broken markup.
fn web_text() -> impl Strategy<Value = String> {
    let gap = prop::sample::select(vec![" ", " ", " ", " ", " ", " ", "\n", "\n", "\n\n", ""]);
    prop::collection::vec((piece(), gap), 0..80).prop_map(|p| {
        p.into_iter()
            .flat_map(|(piece, gap)| [piece, gap.to_string()])
            .collect()
    })
}

/// Any of the three kinds of input above.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![unicode_text(), lossy_bytes(), web_text(), web_text()]
}

/// A format, or `None` to let the document guess it.
fn format() -> impl Strategy<Value = Option<Format>> {
    prop::sample::select(vec![
        None,
        Some(Format::Text),
        Some(Format::Markdown),
        Some(Format::Html),
    ])
}

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

/// A byte range that can be sliced out of `text`.
fn on_boundaries(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end
        && r.end <= text.len()
        && text.is_char_boundary(r.start)
        && text.is_char_boundary(r.end)
}

/// Each range ends before the next begins.
fn check_in_order_and_disjoint<'a>(
    what: &str,
    ranges: impl Iterator<Item = &'a Range<usize>>,
) -> Result<(), TestCaseError> {
    let mut previous: Option<&Range<usize>> = None;
    for r in ranges {
        if let Some(p) = previous {
            prop_assert!(
                p.end <= r.start,
                "{what} overlap or are out of order: {p:?} then {r:?}"
            );
        }
        previous = Some(r);
    }
    Ok(())
}

fn check_structure(text: &str, s: &Structure) -> Result<(), TestCaseError> {
    for l in &s.links {
        for r in [&l.range, &l.anchor] {
            prop_assert!(on_boundaries(text, r), "link range {r:?} of {l:?}");
        }
        prop_assert!(
            l.range.start <= l.anchor.start && l.anchor.end <= l.range.end,
            "anchor outside its link: {l:?}"
        );
        if let Some(c) = &l.container {
            prop_assert!(on_boundaries(text, c), "container {c:?} of {l:?}");
            prop_assert!(
                c.start <= l.range.start && l.range.end <= c.end,
                "container {c:?} does not hold link {:?}",
                l.range
            );
        }
    }
    // The tokenizer's forward-only cursors rely on links being in source order and
    // disjoint, as `Structure` documents.
    check_in_order_and_disjoint("links", s.links.iter().map(|l| &l.range))?;
    for h in &s.hidden {
        prop_assert!(on_boundaries(text, &h.range), "hidden block {h:?}");
    }
    for w in s.hidden.windows(2) {
        prop_assert!(
            w[0].range.start <= w[1].range.start,
            "hidden blocks out of order"
        );
    }
    for m in &s.markup {
        prop_assert!(on_boundaries(text, m), "markup range {m:?}");
    }
    Ok(())
}

/// Parse, tokenise and featurise `doc`, checking every intermediate result.
fn check_extraction(doc: &Document) -> Result<(), TestCaseError> {
    let text = &doc.text;
    let structure = doc.structure();
    check_structure(text, &structure)?;

    let tokens = tokenize(text, &structure);
    let ranges: Vec<_> = whitespace_tokens(text).collect();
    prop_assert_eq!(tokens.len(), ranges.len());
    for (t, r) in tokens.iter().zip(&ranges) {
        prop_assert_eq!(&t.range, r);
        prop_assert!(on_boundaries(text, r) && r.start < r.end);
        let piece = &text[r.clone()];
        prop_assert!(!piece.chars().any(char::is_whitespace), "token {piece:?}");
        if let Some(l) = t.link {
            prop_assert!(l < structure.links.len());
        }
        if let Some(h) = t.hidden {
            prop_assert!(h < structure.hidden.len());
        }
    }
    // Tokens are maximal: what lies between them is whitespace only.
    let mut pos = 0;
    for r in &ranges {
        prop_assert!(text[pos..r.start].chars().all(char::is_whitespace));
        pos = r.end;
    }
    prop_assert!(text[pos..].chars().all(char::is_whitespace));

    let config = &detector().model().config;
    let (ex, rows) = features::extract_rows(doc, config, &detector().model().fluency);
    prop_assert_eq!(rows.len(), ex.tokens.len());
    // Detection scores each row as it is made and keeps none: the same probabilities.
    let kept = spamspan::scores::token_probabilities(detector().model(), &rows);
    let streamed = detector().detect(doc).probabilities;
    prop_assert_eq!(
        kept.iter().map(|p| p.to_bits()).collect::<Vec<_>>(),
        streamed.iter().map(|p| p.to_bits()).collect::<Vec<_>>()
    );
    let dimension = config.dimension() as u32;
    for row in &rows {
        for &(index, value) in row {
            prop_assert!(index < dimension, "feature index {index} ≥ {dimension}");
            prop_assert!(value.is_finite(), "feature {index} has value {value}");
        }
    }
    Ok(())
}

/// Whether `out` is `text` with every range of `removed` cut out, and nothing else changed
/// but the seam that `src/clean.rs` documents: each cut may take one space or tab just
/// before it, and one space or tab just after it; both only when the space before follows
/// an opening bracket ("( URL white" → "(white"); and a cut that starts a line may take
/// the line break after it ("\n" or "\r\n": the emptied line goes whole), and a cut that is
/// a paragraph of its own (a blank line or the text's start before it) the blank line
/// after it too.
///
/// Checked by trying every allowed seam choice per cut (a handful each), carrying the set
/// of reachable (output position, chars the previous cut took after itself) states.
fn is_cut_with_seams(text: &str, removed: &[Range<usize>], out: &str) -> bool {
    let removed = merge_touching(removed);
    let mut states: Vec<(usize, usize)> = vec![(0, 0)];
    let mut prev_end = 0;
    for r in &removed {
        let before = text[..r.start].chars().next_back();
        let after = &text[r.end..];
        let line_start = before.is_none_or(|c| c == '\n');
        let blank = |c: Option<char>| matches!(c, Some(' ' | '\t'));
        let mut leads = vec![0];
        if blank(before) {
            leads.push(1);
        }
        let mut trails = vec![0];
        if blank(after.chars().next()) || (line_start && after.starts_with('\n')) {
            trails.push(1);
        } else if line_start && after.starts_with("\r\n") {
            trails.push(2);
        }
        let own_paragraph = r.start == 0
            || text[..r.start].ends_with("\n\n")
            || text[..r.start].ends_with("\n\r\n");
        if own_paragraph && after.starts_with("\n\n") {
            trails.push(2);
        } else if own_paragraph && after.starts_with("\r\n\r\n") {
            trails.push(4);
        }
        let opens_bracket = blank(before)
            && matches!(
                text[..r.start - 1].chars().next_back(),
                Some('(' | '[' | '{' | '«')
            );
        let mut next: Vec<(usize, usize)> = Vec::new();
        for &(pos, took) in &states {
            for &lead in &leads {
                for &trail in &trails {
                    if lead == 1 && trail == 1 && blank(after.chars().next()) && !opens_bracket {
                        continue;
                    }
                    let keep_start = prev_end + took;
                    let keep_end = r.start - lead;
                    let kept = if keep_start <= keep_end {
                        &text[keep_start..keep_end]
                    } else {
                        ""
                    };
                    if out[pos..].starts_with(kept) {
                        let state = (pos + kept.len(), trail);
                        if !next.contains(&state) {
                            next.push(state);
                        }
                    }
                }
            }
        }
        states = next;
        prev_end = r.end;
        if states.is_empty() {
            return false;
        }
    }
    states.iter().any(|&(pos, took)| {
        let rest = text.get(prev_end + took..).unwrap_or("");
        &out[pos..] == rest
    })
}

/// Sort and merge ranges that overlap or touch: what is really cut out.
fn merge_touching(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> =
        ranges.iter().filter(|r| r.start < r.end).cloned().collect();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Detect and clean `doc`, checking the spans and that `detect` and `clean` agree; returns
/// the cleaned text.
fn check_detection(doc: &Document) -> Result<String, TestCaseError> {
    let text = &doc.text;
    let detector = detector();
    let detection = detector.detect(doc);
    prop_assert_eq!(
        detection.probabilities.len(),
        detection.extraction.tokens.len()
    );
    for &p in &detection.probabilities {
        prop_assert!((0.0..=1.0).contains(&p), "probability {p}");
    }
    prop_assert!((0.0..=1.0).contains(&detection.doc_score));
    for s in &detection.spans {
        prop_assert!(on_boundaries(text, &s.range), "span {:?}", s.range);
        prop_assert!(s.range.start < s.range.end, "empty span {:?}", s.range);
        prop_assert!((0.0..=1.0).contains(&s.score));
    }
    check_in_order_and_disjoint("spans", detection.spans.iter().map(|s| &s.range))?;

    // The prediction record (code points) names exactly the detected spans …
    let prediction = detector.predict(doc, None);
    let index = CharIndex::new(text);
    let predicted: Vec<Range<usize>> = prediction
        .spans
        .iter()
        .map(|s| char_span_to_bytes(&index, s.start, s.end).expect("predicted span fits"))
        .collect();
    let detected: Vec<Range<usize>> = detection.spans.iter().map(|s| s.range.clone()).collect();
    prop_assert_eq!(&predicted, &detected);
    for (s, r) in prediction.spans.iter().zip(&predicted) {
        prop_assert_eq!(s.text.as_deref(), Some(&text[r.clone()]));
    }

    // … and `clean` removes exactly those, with nothing else changed but the seam.
    let (cleaned, _) = detector.clean(doc);
    prop_assert_eq!(&cleaned, &remove_spans(text, &predicted));
    prop_assert!(
        is_cut_with_seams(text, &predicted, &cleaned),
        "clean changed text outside the spans {predicted:?}:\n  before {text:?}\n  after  {cleaned:?}"
    );
    if predicted.is_empty() {
        prop_assert_eq!(&cleaned, text);
    } else {
        prop_assert!(cleaned.len() < text.len());
    }
    Ok(cleaned)
}

/// Every char boundary converts both ways; offsets inside a character round down; spans
/// convert back to the same slice.
fn check_offsets(text: &str, probe: usize) -> Result<(), TestCaseError> {
    let index = CharIndex::new(text);
    let count = text.chars().count();
    prop_assert_eq!(index.char_len(), count);
    for (ch, (byte, _)) in text.char_indices().enumerate() {
        prop_assert_eq!(index.char_to_byte(ch), Some(byte));
        prop_assert_eq!(index.byte_to_char(byte), ch);
    }
    prop_assert_eq!(index.char_to_byte(count), Some(text.len()));
    prop_assert_eq!(index.char_to_byte(count + 1), None);
    prop_assert_eq!(index.byte_to_char(text.len() + probe), count);

    // A byte offset inside a character maps to that character.
    let byte = probe % (text.len() + 1);
    let containing = if byte == text.len() {
        count
    } else {
        text.char_indices().take_while(|&(b, _)| b <= byte).count() - 1
    };
    prop_assert_eq!(index.byte_to_char(byte), containing);

    // A code-point span gives the slice of those code points.
    let (a, b) = (probe % (count + 1), (probe / 7) % (count + 1));
    let (start, end) = (a.min(b), a.max(b));
    let r = char_span_to_bytes(&index, start, end).expect("in-bounds span converts");
    let expected: String = text.chars().skip(start).take(end - start).collect();
    prop_assert_eq!(&text[r], expected.as_str());
    if start < end {
        prop_assert_eq!(
            char_span_to_bytes(&index, end, start),
            Err(OffsetError::Reversed {
                start: end,
                end: start
            })
        );
    }
    prop_assert!(char_span_to_bytes(&index, start, count + 1).is_err());
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// Structure, tokens and features of any text in any format: no panic, every range on
    /// char boundaries, tokens exactly the whitespace-separated runs, features in range.
    #[test]
    fn extraction_never_panics_and_stays_on_char_boundaries(
        text in any_text(),
        format in format(),
    ) {
        check_extraction(&Document::new("p", text, format))?;
    }

    /// Detection on any text: spans on char boundaries, sorted and disjoint; `predict`
    /// reports exactly them; `clean` removes exactly them plus the documented seam.
    #[test]
    fn detect_and_clean_agree_and_touch_nothing_else(
        text in any_text(),
        format in format(),
    ) {
        check_detection(&Document::new("p", text, format))?;
    }

    /// Cleaning the cleaned text again changes nothing: what is left after removing the
    /// spam is not spam to the same detector.
    ///
    ///
    /// A context-dependent detector gets this only by detecting to a fixed point
    /// (`Detector::detect`): removing spam changes the page the remaining tokens are
    /// scored in, so a word glued to a removed link (`"that [url=…]its[/url]jerseys "`),
    /// the second of two links in one token, or an anchor just under the threshold once
    /// the hidden block beside it is gone, is found by a later pass, in the same run.
    #[test]
    fn cleaning_is_idempotent(text in web_text(), format in format()) {
        let doc = Document::new("p", text, format);
        let (once, _) = detector().clean(&doc);
        let again = Document::new("p", once.clone(), Some(doc.format));
        let (twice, detection) = detector().clean(&again);
        prop_assert_eq!(
            &twice,
            &once,
            "second clean removed {:?}",
            detection.iter().map(|s| &once[s.range.clone()]).collect::<Vec<_>>()
        );
    }

    /// `remove_spans` on arbitrary (even overlapping, out-of-order or out-of-bounds)
    /// ranges changes nothing but the spans and their seam.
    #[test]
    fn remove_spans_touches_only_spans_and_seams(
        text in prop_oneof![web_text(), unicode_text()],
        cuts in prop::collection::vec((any::<usize>(), 0usize..40), 0..6),
    ) {
        let snap = |mut b: usize| {
            b = b.min(text.len());
            while !text.is_char_boundary(b) {
                b -= 1;
            }
            b
        };
        let spans: Vec<Range<usize>> = cuts
            .iter()
            .map(|&(at, len)| {
                let start = snap(at % (text.len() + 1));
                start..snap(start + len)
            })
            .collect();
        let out = remove_spans(&text, &spans);
        prop_assert!(
            is_cut_with_seams(&text, &spans, &out),
            "cut {spans:?}:\n  before {text:?}\n  after  {out:?}"
        );
        // Out-of-bounds and reversed ranges are ignored rather than panicking.
        let mut wild = spans.clone();
        wild.push(text.len()..text.len() + 5);
        #[allow(clippy::reversed_empty_ranges)]
        wild.push(3..1);
        prop_assert_eq!(remove_spans(&text, &wild), out);
    }

    /// Byte ↔ code-point offsets round-trip on any text.
    #[test]
    fn offsets_round_trip(text in any_text(), probe in any::<usize>()) {
        check_offsets(&text, probe)?;
    }

    /// The URL finder and analyser on any text: matches in order, disjoint, on char
    /// boundaries; analysing a match (or any text at all) does not panic.
    #[test]
    fn urls_found_are_in_order_and_on_boundaries(text in any_text()) {
        let found = urls::find_urls(&text);
        let mut end = 0;
        for m in &found {
            prop_assert!(on_boundaries(&text, &m.range) && m.range.start < m.range.end);
            prop_assert!(m.range.start >= end, "overlapping URL matches {found:?}");
            end = m.range.end;
            if let Some(info) = urls::analyze(&text[m.range.clone()]) {
                prop_assert!(info.path_words.len() <= 200);
                prop_assert_eq!(info.host.clone(), info.host.to_lowercase());
            }
        }
        let _ = urls::analyze(&text);
    }
}

/// The seam checker itself must be able to fail, or the properties above prove nothing.
#[test]
fn seam_checker_refuses_changes_outside_the_cut() {
    let cut = |text: &str, r: Range<usize>, out: &str| is_cut_with_seams(text, &[r], out);
    let text = "one two three four";
    assert!(cut(text, 4..7, "one three four"));
    assert!(cut(text, 4..7, "one  three four"));
    // A character outside the seam is gone or changed.
    assert!(!cut(text, 4..7, "one three fur"));
    assert!(!cut(text, 4..7, "one three fou"));
    assert!(!cut(text, 4..7, "one Three four"));
    // Both spaces only after an opening bracket.
    assert!(!cut(text, 4..7, "onethree four"));
    assert!(cut("a ( x b", 4..5, "a (b"));
    // A line break goes only with a cut that starts its line.
    assert!(cut("a\nx\nb", 2..3, "a\nb"));
    assert!(!cut("a x\nb", 2..3, "a b"));
    assert!(cut("x\r\nb", 0..1, "b"));
    // A paragraph of its own may take the blank line after it; a line inside one may not.
    assert!(cut("a\n\nx\n\nb", 3..4, "a\n\nb"));
    assert!(cut("x\r\n\r\nb", 0..1, "b"));
    assert!(!cut("a\nx\n\nb", 2..3, "a\nb"));
    // Overlapping and touching cuts are one cut.
    assert!(is_cut_with_seams(text, &[4..6, 5..8, 8..13], "one four"));
    assert!(!is_cut_with_seams(text, &[4..6, 5..8], "one t three four"));
}

/// The web-like generator must produce documents the detector flags, or the span
/// properties above would hold vacuously. (With the shipped model about 90 % of them have
/// spans; the bar is set well below that.)
#[test]
fn generated_web_text_has_spans_to_check() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = (web_text(), format());
    let samples = 200;
    let mut flagged = 0;
    for _ in 0..samples {
        let (text, format) = strategy.new_tree(&mut runner).unwrap().current();
        if !detector()
            .detect(&Document::new("p", text, format))
            .spans
            .is_empty()
        {
            flagged += 1;
        }
    }
    assert!(
        flagged * 2 >= samples,
        "only {flagged} of {samples} generated documents have spans"
    );
}

/// The fixed point is exercised: among web-like documents from a fixed seed, some need a
/// second pass (with the shipped model about 5 %), and each of those is cleaned in one run,
/// so cleaning the result again changes nothing.
#[test]
fn second_pass_finds_the_rest_in_one_run() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let strategy = (web_text(), format());
    let mut second_pass = 0;
    for _ in 0..2000 {
        let (text, format) = strategy.new_tree(&mut runner).unwrap().current();
        let doc = Document::new("p", text, format);
        let (once, spans) = detector().clean(&doc);
        if !spans.iter().any(|s| s.pass > 0) {
            continue;
        }
        second_pass += 1;
        let again = Document::new("p", once.clone(), Some(doc.format));
        let (twice, _) = detector().clean(&again);
        assert_eq!(twice, once, "second clean of {:?} changed it", doc.text);
    }
    assert!(
        second_pass >= 20,
        "only {second_pass} of 2000 documents needed a second pass"
    );
}
