//! Tests of injection, edits and vocabulary on small in-test documents (no shared data
//! needed). `tests_synthesize` runs the whole pipeline on a tiny fake shared directory.

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::edit::{self, KeptSpan, Splice};
use super::inject::inject_traced;
use super::*;
use crate::document::Format;
use crate::io::{GoldSpan, LabelledDoc};

const PROSE: &[&str] = &[
    "The café on the corner serves 中文 menus to visitors who arrive early in the morning.",
    "Researchers at the institute published their findings about coastal erosion last spring.",
    "Residents gathered at the library to discuss the new budget and the plans for the park.",
    "Über the weekend the council approved funding for seven schools and two small clinics.",
    "Engineers tested the bridge again because heavy rain had damaged the northern supports.",
    "Volunteers planted trees along the river while children painted murals near the station.",
];

pub(super) fn prose(n: usize, offset: usize) -> String {
    (0..n)
        .map(|i| PROSE[(i + offset) % PROSE.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn markdown_text() -> String {
    format!(
        "# Heading about the café\n\n{}\n\nSee the [annual report](https://example.gov/report \"Report\") for details, \
         and the [guide][1] too. {}\n\n```\nlet code = \"never touch these words in the code block\";\n```\n\n\
         {{{{< legacy-img src=\"2015/10/x.png\" alt=\"an image with many words inside it\" >}}}}\n\n{}\n\n\
         [1]: https://example.gov/guide\n",
        prose(4, 0),
        prose(3, 2),
        prose(5, 1)
    )
}

pub(super) fn html_text() -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\"><head><title>Des mots dans le titre de la page</title>\
         <style>p {{ color: red; }} .many words here {{ }}</style></head>\n<body>\n\
         <nav><a href=\"/\">Home page of the site with words</a></nav>\n<article>\n<p>{}</p>\n\
         <p>{} <a href=\"https://example.org/x\">an existing link with several words</a> {}</p>\n\
         <script>var s = \"text inside a script that has many words\";</script>\n<p>{}</p>\n</article>\n\
         <footer><p>Copyright 2024 the café and friends of the library</p></footer>\n</body>\n</html>\n",
        prose(3, 0),
        prose(2, 1),
        prose(2, 3),
        prose(4, 2)
    )
}

pub(super) fn text_text() -> String {
    format!(
        "A title line\n\n{}\n\n{}\nEdit | Files | Tags\n\n{}\n",
        prose(4, 0),
        prose(3, 1),
        prose(4, 4)
    )
}

fn doc(id: &str, text: String, format: Format) -> LabelledDoc {
    LabelledDoc {
        id: id.into(),
        text,
        format: Some(format),
        url: None,
        spans: None,
        meta: None,
    }
}

fn test_docs() -> Vec<LabelledDoc> {
    vec![
        doc("md", markdown_text(), Format::Markdown),
        doc("html", html_text(), Format::Html),
        doc("text", text_text(), Format::Text),
    ]
}

pub(super) fn chars_of(text: &str, s: &GoldSpan) -> String {
    text.chars().skip(s.start).take(s.end - s.start).collect()
}

fn domains() -> Vec<String> {
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    generated_domains(&Vocab::builtin(), &mut rng, 300)
}

#[test]
fn inject_is_deterministic_and_seed_dependent() {
    let vocab = Vocab::builtin();
    let pool = domains();
    for d in test_docs() {
        let a = inject(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(7), &pool);
        let b = inject(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(7), &pool);
        assert_eq!(a, b);
        let differs =
            (8..20).any(|s| inject(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(s), &pool) != a);
        assert!(differs, "{}: other seeds give the same output", d.id);
    }
}

/// Undo every edit: the output with each traced range replaced by the base text it replaced
/// must equal the input. What an edit inserted besides its spans must be separators only.
fn check_untouched(base: &str, out: &LabelledDoc, traces: &[edit::Trace]) {
    let chars: Vec<char> = out.text.chars().collect();
    let mut restored = String::new();
    let mut cursor = 0;
    let spans = out.spans.as_deref().unwrap_or(&[]);
    for t in traces {
        assert!(
            t.start >= cursor && t.end <= chars.len(),
            "traces out of order"
        );
        restored.extend(&chars[cursor..t.start]);
        restored.push_str(&t.original);
        // Separators: the trace text minus its spans, without whitespace.
        let mut rest = String::new();
        let mut pos = t.start;
        for s in spans
            .iter()
            .filter(|s| s.start >= t.start && s.end <= t.end)
        {
            rest.extend(&chars[pos..s.start]);
            pos = s.end;
        }
        rest.extend(&chars[pos..t.end]);
        let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        let allowed = ["", "<ul></ul>", "<olclass=\"links\"></ol>"];
        assert!(
            allowed.contains(&rest.as_str()),
            "unexpected separator text {rest:?}"
        );
        cursor = t.end;
    }
    restored.extend(&chars[cursor..]);
    assert_eq!(restored, base, "untouched text changed");
    for s in spans {
        assert!(
            traces.iter().any(|t| t.start <= s.start && s.end <= t.end),
            "span outside every edit"
        );
    }
}

#[test]
fn spans_are_exact_sorted_and_the_rest_is_untouched() {
    let vocab = Vocab::builtin();
    let pool = domains();
    let mut kinds = BTreeSet::new();
    for seed in 0..150 {
        for d in test_docs() {
            let (out, traces) =
                inject_traced(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(seed), &pool);
            let spans = out.spans.clone().unwrap_or_default();
            assert!(
                !spans.is_empty() && spans.len() <= 12,
                "{} seed {seed}: {} spans",
                d.id,
                spans.len()
            );
            let n = out.text.chars().count();
            for w in spans.windows(2) {
                assert!(w[0].end <= w[1].start, "overlap or unsorted: {w:?}");
            }
            for s in &spans {
                assert!(s.start < s.end && s.end <= n);
                let t = chars_of(&out.text, s);
                assert_eq!(t.trim(), t, "span has outer whitespace: {t:?}");
                let kind = s.kind.as_deref().unwrap_or("");
                kinds.insert(kind.to_string());
                check_shape(kind, &t);
            }
            check_untouched(&d.text, &out, &traces);
        }
    }
    for k in [
        "bare_url",
        "anchor_text",
        "markdown_link",
        "ref_link",
        "ref_def",
        "html_link",
        "hidden_block",
        "link_list",
        "link_wheel",
        "bbcode",
    ] {
        assert!(kinds.contains(k), "kind {k} never produced");
    }
}

fn check_shape(kind: &str, t: &str) {
    let ok = match kind {
        "bare_url" => !t.contains(char::is_whitespace) && t.contains('.'),
        "anchor_text" => !t.is_empty() && !t.contains("http"),
        "markdown_link" => t.starts_with('[') && t.contains("](") && t.ends_with(')'),
        "ref_link" => t.starts_with('[') && t.ends_with(']') && t.contains("]["),
        "ref_def" => t.starts_with('[') && t.contains("]: "),
        "html_link" => t.starts_with('<') && t.ends_with('>') && t.to_lowercase().contains("href"),
        "hidden_block" => t.starts_with('<') && t.ends_with('>') && t.matches("href").count() >= 3,
        "link_list" => t.contains("http") && !t.contains('\n'),
        "link_wheel" => (t.starts_with('[') || t.starts_with('<')) && t.contains("http"),
        "bbcode" => t.starts_with('[') && t.ends_with(']') && t.contains("http"),
        _ => false,
    };
    assert!(ok, "{kind} span does not look like its element: {t:?}");
}

#[test]
fn anchor_text_without_a_link_says_what_it_sells() {
    let vocab = Vocab::builtin();
    let generic: BTreeSet<String> = (vocab.anchors.iter())
        .filter(|a| a.category == "generic")
        .map(|a| a.text.to_lowercase())
        .collect();
    let pool = domains();
    let mut seen = 0;
    for seed in 0..300 {
        for d in test_docs() {
            let out = inject(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(seed), &pool);
            for s in out.spans.iter().flatten() {
                if s.kind.as_deref() == Some("anchor_text") {
                    seen += 1;
                    let t = chars_of(&out.text, s).to_lowercase();
                    assert!(
                        !generic.contains(&t),
                        "seed {seed}: generic anchor text {t:?}"
                    );
                }
            }
        }
    }
    assert!(seen > 50, "only {seen} anchor texts");
}

#[test]
fn spans_match_the_inserted_elements() {
    // Build a splice by hand and check code-point offsets over multi-byte text.
    let base = "café 中文 and more words here";
    let at = base.find("and").unwrap_or(0);
    let s = Splice::labelled(at, "", "[x](http://a.b)", " ", "markdown_link");
    let applied = edit::apply(base, vec![s], &[]);
    assert_eq!(
        applied.text,
        "café 中文 [x](http://a.b) and more words here"
    );
    assert_eq!(applied.spans.len(), 1);
    assert_eq!(
        chars_of(&applied.text, &applied.spans[0]),
        "[x](http://a.b)"
    );
    assert_eq!(applied.spans[0].start, 8);
}

#[test]
fn later_spans_shift_and_kept_spans_survive() {
    let base = "ünï one two three four five six";
    let p1 = base.find("two").unwrap_or(0);
    let p2 = base.find("five").unwrap_or(0);
    let kept = vec![KeptSpan {
        start: base.find("three").unwrap_or(0),
        end: base.find(" four").unwrap_or(0),
        label: "spam".into(),
        kind: Some("old".into()),
    }];
    let splices = vec![
        Splice::labelled(p2, "", "ÉLÉMENT", " ", "anchor_text"),
        Splice::labelled(p1, "", "中文中文", " ", "anchor_text"),
        Splice::replace(base.find("six").unwrap_or(0), base.len(), "SIX"),
        Splice::insert(base.find("hree").unwrap_or(0), "never"),
    ];
    let a = edit::apply(base, splices, &kept);
    assert_eq!(
        a.dropped, 1,
        "the insertion inside the kept span is dropped"
    );
    assert_eq!(a.text, "ünï one 中文中文 two three four ÉLÉMENT five SIX");
    let texts: Vec<String> = a.spans.iter().map(|s| chars_of(&a.text, s)).collect();
    assert_eq!(texts, ["中文中文", "three", "ÉLÉMENT"]);
}

#[test]
fn existing_spans_are_kept_by_inject() {
    let vocab = Vocab::builtin();
    let pool = domains();
    for seed in 0..30 {
        let first = inject(
            &doc("md", markdown_text(), Format::Markdown),
            &vocab,
            &mut ChaCha8Rng::seed_from_u64(seed),
            &pool,
        );
        let before: Vec<String> = first
            .spans
            .iter()
            .flatten()
            .map(|s| chars_of(&first.text, s))
            .collect();
        let second = inject(
            &first,
            &vocab,
            &mut ChaCha8Rng::seed_from_u64(seed + 1000),
            &pool,
        );
        let after: Vec<String> = second
            .spans
            .iter()
            .flatten()
            .map(|s| chars_of(&second.text, s))
            .collect();
        for b in &before {
            assert!(after.contains(b), "lost span {b:?}");
        }
        assert!(after.len() > before.len());
    }
}

#[test]
fn protected_constructs_stay_intact() {
    let vocab = Vocab::builtin();
    let pool = domains();
    let protected = [
        "```\nlet code = \"never touch these words in the code block\";\n```",
        "[annual report](https://example.gov/report \"Report\")",
        "{{< legacy-img src=\"2015/10/x.png\" alt=\"an image with many words inside it\" >}}",
        "<title>Des mots dans le titre de la page</title>",
        "<script>var s = \"text inside a script that has many words\";</script>",
        "<a href=\"https://example.org/x\">an existing link with several words</a>",
        "<nav><a href=\"/\">Home page of the site with words</a></nav>",
        "# Heading about the café\n",
        "[1]: https://example.gov/guide",
    ];
    for seed in 0..100 {
        for d in test_docs() {
            let out = inject(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(seed), &pool);
            for p in protected.iter().filter(|p| d.text.contains(*p)) {
                assert!(out.text.contains(p), "seed {seed}: {p:?} was written into");
            }
        }
    }
}

#[test]
fn noise_is_never_labelled() {
    let vocab = Vocab::builtin();
    let rates = NoiseRates {
        spin: 1.0,
        legit_links: 1.0,
        mentions: 1.0,
    };
    for seed in 0..20 {
        for mut d in test_docs() {
            d.url = Some("https://www.example.fr/a/b".into());
            let (out, kinds) =
                negatives::add_noise(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(seed), rates);
            assert!(out.spans.is_none());
            assert!(!kinds.is_empty());
            assert_ne!(out.text, d.text);
            d.spans = Some(Vec::new());
            let (out, _) =
                negatives::add_noise(&d, &vocab, &mut ChaCha8Rng::seed_from_u64(seed), rates);
            assert_eq!(out.spans, Some(Vec::new()));
        }
    }
}

#[test]
fn spinning_garbles_like_spun_copies() {
    let vocab = Vocab::builtin();
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let outs: BTreeSet<String> = (0..50)
        .filter_map(|_| spin::spun("Assad", &vocab, &mut rng))
        .collect();
    assert!(outs.contains("A sad"), "{outs:?}");
    let outs: BTreeSet<String> = (0..50)
        .filter_map(|_| spin::spun("State", &vocab, &mut rng))
        .collect();
    assert!(
        outs.iter()
            .any(|o| o.starts_with(char::is_uppercase) && o != "State"),
        "{outs:?}"
    );
}

#[test]
fn vocabulary_parses_and_splits() {
    let v = Vocab::builtin();
    for cat in [
        "jersey",
        "outlet",
        "replica",
        "pharma",
        "casino",
        "loans",
        "essay",
        "ringtone",
        "seo",
        "florist",
        "realestate",
        "generic",
    ] {
        assert!(
            v.anchors.iter().filter(|a| a.category == cat).count() >= 8,
            "few {cat} anchors"
        );
    }
    let langs: BTreeSet<&str> = v.anchors.iter().map(|a| a.lang.as_str()).collect();
    assert!(langs.len() >= 10, "{langs:?}");
    assert!(v.first_names.len() > 50 && v.last_names.len() > 50 && v.teams.len() > 50);
    assert!(!v.mentions.is_empty() && !v.references.is_empty() && !v.fillers.is_empty());
    let (train, held) = (v.part(false, 0.2), v.part(true, 0.2));
    let train_pharma: BTreeSet<&str> = train
        .anchors
        .iter()
        .filter(|a| a.category == "pharma")
        .map(|a| a.text.as_str())
        .collect();
    assert!(held
        .anchors
        .iter()
        .filter(|a| a.category == "pharma")
        .all(|a| !train_pharma.contains(a.text.as_str())));
    assert!(held
        .first_names
        .iter()
        .all(|n| !train.first_names.contains(n)));
    assert_eq!(v.domain_category("cheapnfljerseys.us.com"), Some("jersey"));
    assert_eq!(v.domain_category("slotgacor88.xyz"), Some("casino"));
    assert_eq!(
        domains::site_key("alumni.ashford-univ.edu"),
        "ashford-univ.edu"
    );
    assert_eq!(
        domains::site_key("dinkes.bantulkab.go.id"),
        "bantulkab.go.id"
    );
    assert_eq!(
        domains::site_key("www.cheapelitejerseys.us.com"),
        "cheapelitejerseys.us.com"
    );
    assert_eq!(domains::site_key("shop.co.uk"), "shop.co.uk");
    assert_eq!(domains::site_key("localhost"), "localhost");
}

#[test]
fn html_positions_avoid_scripts_links_and_head() {
    let text = html_text();
    let slots = prose::slots(&text, Format::Html);
    assert!(!slots.word_starts.is_empty() && !slots.blocks.is_empty());
    let forbidden = [
        "<script>",
        "<title>",
        "<nav>",
        "<footer>",
        "<a href=\"https://example.org/x\">",
    ];
    for f in forbidden {
        let a = text.find(f).unwrap_or(0);
        let close = match f {
            "<script>" => "</script>",
            "<title>" => "</title>",
            "<nav>" => "</nav>",
            "<footer>" => "</footer>",
            _ => "</a>",
        };
        let b = text[a..].find(close).map_or(text.len(), |j| a + j);
        assert!(
            slots.word_starts.iter().all(|&p| p < a || p > b),
            "position inside {f}"
        );
    }
    assert!(
        slots.html.body_close.is_some()
            && slots.html.html_close_end.is_some()
            && slots.html.footer_close.is_some()
    );
}
