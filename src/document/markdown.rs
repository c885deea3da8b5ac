//! Links in plain text and markdown: inline `[a](u)`, reference `[a][n]` with their
//! `[n]: u` definitions, BBCode `[url=u]a[/url]`, raw HTML `<a>` elements (scraped
//! WordPress content keeps them), and bare URLs in running text.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::FxHashMap;

use super::structure::{HiddenBlock, Link, LinkKind, Structure};
use crate::urls;

fn inline_link() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"\[([^\[\]\n]{0,400})\]\(\s*<?([^\s<>()]*(?:\([^\s()]*\)[^\s<>()]*)*)>?(?:\s+"[^"\n]*")?\s*\)"#)
            .expect("inline link pattern")
    })
}

/// What follows the anchor of an inline link, the target captured. The anchor holds no `]`,
/// so it ends at the first one: capturing the target with this pattern on the rest of a
/// match of [`inline_link`] gives what capturing with that one would, without its bounded
/// anchor repetition, whose hundreds of states the capture engine clears for every match.
fn inline_link_tail() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r#"\A\]\(\s*<?([^\s<>()]*(?:\([^\s()]*\)[^\s<>()]*)*)>?(?:\s+"[^"\n]*")?\s*\)\z"#,
        )
        .expect("inline link tail pattern")
    })
}

fn reference_link() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"\[([^\[\]\n]{1,400})\]\[([^\[\]\n]{0,100})\]").expect("reference link pattern")
    })
}

fn reference_def() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?m)^[ \t]{0,3}\[([^\[\]\n]{1,100})\]:[ \t]*<?(\S+?)>?(?:[ \t]+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$"#)
            .expect("reference definition pattern")
    })
}

/// Parse plain text or markdown.
pub fn parse(src: &str) -> Structure {
    let mut links: Vec<Link> = Vec::new();
    let mut taken = Claimed::default();

    for all in inline_link().find_iter(src) {
        let anchor = all.start() + 1..first_close(src, all.start());
        let Some(href) = inline_link_tail()
            .captures(&src[anchor.end..all.end()])
            .and_then(|caps| caps.get(1))
        else {
            continue;
        };
        // `![alt](src)` is an image, not a link.
        if src[..all.start()].ends_with('!') {
            taken.claim(all.range());
            continue;
        }
        links.push(link(LinkKind::Markdown, all.range(), anchor, href.as_str()));
        taken.claim(all.range());
    }

    let mut definitions: FxHashMap<String, String> = FxHashMap::default();
    for caps in reference_def().captures_iter(src) {
        let (Some(all), Some(label), Some(href)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if taken.overlaps(&all.range()) {
            continue;
        }
        definitions.insert(label.as_str().to_lowercase(), href.as_str().to_string());
        let line = trim_range(src, all.range());
        links.push(link(
            LinkKind::MarkdownRefDef,
            line.clone(),
            line.clone(),
            href.as_str(),
        ));
        taken.claim(line);
    }

    // Neither part holds a bracket: the anchor ends at the first `]`, the label at the last.
    for all in reference_link().find_iter(src) {
        if taken.overlaps(&all.range()) {
            continue;
        }
        let anchor = all.start() + 1..first_close(src, all.start());
        let label = &src[anchor.end + 2..all.end() - 1];
        // `[text][]` refers to the definition named by its own text.
        let key = if label.is_empty() {
            &src[anchor.clone()]
        } else {
            label
        };
        if let Some(href) = definitions.get(&key.to_lowercase()) {
            links.push(link(LinkKind::MarkdownRef, all.range(), anchor, href));
            taken.claim(all.range());
        }
    }

    for bb in super::bbcode::links(src) {
        if taken.overlaps(&bb.range) {
            continue;
        }
        links.push(link(
            LinkKind::BbCode,
            bb.range.clone(),
            bb.anchor,
            &src[bb.href],
        ));
        taken.claim(bb.range);
    }

    let mut hidden = Vec::new();
    let mut nested_hidden = Vec::new();
    let mut markup = Vec::new();
    if contains_html_link(src) {
        let html = super::html::parse(src);
        for l in html.links {
            if !taken.overlaps(&l.range) {
                taken.claim(l.range.clone());
                links.push(l);
            }
        }
        hidden = html.hidden;
        nested_hidden = html.nested_hidden;
        markup = html.markup;
    }

    let in_markup = SortedRanges::new(&markup);
    for m in urls::find_urls(src) {
        if taken.overlaps(&m.range) || in_markup.overlaps(&m.range) {
            continue;
        }
        let href = &src[m.range.clone()];
        links.push(link(
            LinkKind::BareUrl,
            m.range.clone(),
            m.range.clone(),
            href,
        ));
    }

    links.sort_by_key(|l| (l.range.start, l.range.end));
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', src.as_bytes()).collect();
    for l in &mut links {
        l.hidden = l.hidden || HiddenBlock::holding(&hidden, &l.range).is_some();
        if l.container.is_none() {
            l.container = lone_line(src, &newlines, &l.range);
        }
    }
    Structure {
        links,
        hidden,
        nested_hidden,
        markup,
    }
}

fn link(kind: LinkKind, range: Range<usize>, anchor: Range<usize>, href: &str) -> Link {
    Link {
        kind,
        range,
        anchor,
        href: href.trim().to_string(),
        hidden: false,
        container: None,
    }
}

/// The first `]` after the `[` at `open`; a link pattern matched there, so there is one.
fn first_close(src: &str, open: usize) -> usize {
    open + memchr::memchr(b']', &src.as_bytes()[open..]).expect("a closing bracket")
}

fn contains_html_link(src: &str) -> bool {
    src.as_bytes()
        .windows(3)
        .any(|w| w[0] == b'<' && (w[1] | 0x20) == b'a' && w[2].is_ascii_whitespace())
}

/// The disjoint ranges taken by the links found so far, by start: whether a candidate
/// overlaps one is a lookup, where a scan of them per candidate is quadratic on a page of
/// thousands of links.
#[derive(Default)]
struct Claimed(BTreeMap<usize, usize>);

impl Claimed {
    /// Take `r`, which overlaps no range taken before.
    fn claim(&mut self, r: Range<usize>) {
        debug_assert!(r.start < r.end && !self.overlaps(&r));
        self.0.insert(r.start, r.end);
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        // Disjoint ranges that start before `r` ends end in the order they start: the last
        // of them reaches furthest.
        self.0
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start)
    }
}

/// Ranges (they may overlap) sorted by start, with the furthest end reached so far: any of
/// them overlaps a range when one starting before its end reaches past its start.
struct SortedRanges {
    starts: Vec<usize>,
    furthest: Vec<usize>,
}

impl SortedRanges {
    fn new(ranges: &[Range<usize>]) -> SortedRanges {
        let mut sorted = ranges.to_vec();
        sorted.sort_unstable_by_key(|r| r.start);
        let mut furthest = Vec::with_capacity(sorted.len());
        let mut reach = 0;
        for r in &sorted {
            reach = reach.max(r.end);
            furthest.push(reach);
        }
        SortedRanges {
            starts: sorted.iter().map(|r| r.start).collect(),
            furthest,
        }
    }

    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.furthest[before_end - 1] > r.start
    }
}

fn trim_range(src: &str, r: Range<usize>) -> Range<usize> {
    let s = &src[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// The line holding the link, when nothing else on it but list markers and separators: an
/// appended link list loses the whole line, not just the link.
///
/// `newlines` are the offsets of every `\n` in `src`: the line is found by binary search,
/// since scanning for it from every link is quadratic on a long single-line document.
fn lone_line(src: &str, newlines: &[usize], r: &Range<usize>) -> Option<Range<usize>> {
    let before = newlines.partition_point(|&n| n < r.start);
    let line_start = before.checked_sub(1).map_or(0, |i| newlines[i] + 1);
    let after = newlines.partition_point(|&n| n < r.end);
    let line_end = newlines.get(after).copied().unwrap_or(src.len());
    let is_filler = |s: &str| {
        s.chars().all(|c| {
            c.is_whitespace() || matches!(c, '-' | '*' | '+' | '|' | ',' | '.' | '·' | '•' | '>')
        }) || s
            .trim()
            .trim_end_matches(['.', ')'])
            .chars()
            .all(|c| c.is_ascii_digit())
    };
    if is_filler(&src[line_start..r.start]) && is_filler(&src[r.end..line_end]) {
        let line = trim_range(src, line_start..line_end);
        // The link itself may end in blanks (an unclosed `<a …` tag runs to the end of the
        // text), and the container must still hold all of it.
        let line = line.start.min(r.start)..line.end.max(r.end);
        (line != *r).then_some(line)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute_overlaps(ranges: &[Range<usize>], r: &Range<usize>) -> bool {
        ranges.iter().any(|t| t.start < r.end && r.start < t.end)
    }

    proptest::proptest! {
        #[test]
        fn range_indexes_answer_as_a_scan_does(
            raw in proptest::collection::vec((0usize..60, 0usize..8), 0..30),
            queries in proptest::collection::vec((0usize..70, 1usize..10), 1..20),
        ) {
            let ranges: Vec<Range<usize>> = raw.iter().map(|&(s, l)| s..s + l).collect();
            let sorted = SortedRanges::new(&ranges);
            // Claimed holds disjoint non-empty ranges, as the parser claims them.
            let mut claimed = Claimed::default();
            let mut kept = Vec::new();
            for r in ranges.iter().filter(|r| !r.is_empty()) {
                if !brute_overlaps(&kept, r) {
                    claimed.claim(r.clone());
                    kept.push(r.clone());
                }
            }
            for &(s, l) in &queries {
                let q = s..s + l;
                proptest::prop_assert_eq!(sorted.overlaps(&q), brute_overlaps(&ranges, &q));
                proptest::prop_assert_eq!(claimed.overlaps(&q), brute_overlaps(&kept, &q));
            }
        }
    }

    fn kinds(s: &Structure) -> Vec<LinkKind> {
        s.links.iter().map(|l| l.kind).collect()
    }

    #[test]
    fn inline_reference_and_bbcode_links() {
        let src = "See [the guide](https://digital.gov/guide/) and [cheap nfl jerseys][3].\n\
                   Forum: [url=http://shop.xyz/a]buy now[/url]\n\n[3]: http://www.cheapjerseysgest.com\n";
        let s = parse(src);
        assert_eq!(
            kinds(&s),
            vec![
                LinkKind::Markdown,
                LinkKind::MarkdownRef,
                LinkKind::BbCode,
                LinkKind::MarkdownRefDef
            ]
        );
        assert_eq!(&src[s.links[0].anchor.clone()], "the guide");
        assert_eq!(s.links[1].href, "http://www.cheapjerseysgest.com");
        assert_eq!(
            &src[s.links[3].range.clone()],
            "[3]: http://www.cheapjerseysgest.com"
        );
        assert_eq!(&src[s.links[2].anchor.clone()], "buy now");
    }

    #[test]
    fn images_are_not_links_and_list_lines_are_containers() {
        let src =
            "![logo](http://x.org/a.png)\n- [Houston Gift Shop](http://www.florist.com/tx.html)\n";
        let s = parse(src);
        assert_eq!(kinds(&s), vec![LinkKind::Markdown]);
        let container = s.links[0].container.clone().unwrap();
        assert_eq!(
            &src[container],
            "- [Houston Gift Shop](http://www.florist.com/tx.html)"
        );
    }

    /// Found with a 20 MB single-line page: finding each link's line by scanning from the
    /// link made parsing quadratic (63 % of the run was `memrchr`). 40,000 links on one
    /// 5 MB line: 4.2 s that way, 0.05 s with the line index.
    #[test]
    fn many_links_on_one_long_line_parse_in_linear_time() {
        let src =
            "see https://cheapjerseysa.com/Jonas-Siegenthaler-Jersey and more ".repeat(40_000);
        let started = std::time::Instant::now();
        let s = parse(&src);
        let took = started.elapsed();
        assert_eq!(s.links.len(), 40_000);
        assert!(s.links.iter().all(|l| l.container.is_none()));
        assert!(took.as_millis() < 1000, "parsing took {took:?}");

        // Lines are still found: first, middle and last line, with and without a break.
        let src = "- [a](http://a.com)\ntext [b](http://b.com)\n- [c](http://c.com)";
        let containers: Vec<_> = parse(src)
            .links
            .iter()
            .map(|l| l.container.clone().map(|c| &src[c]))
            .collect();
        assert_eq!(
            containers,
            [
                Some("- [a](http://a.com)"),
                None,
                Some("- [c](http://c.com)")
            ]
        );
    }

    /// Found by the property tests: the unclosed tag runs to the end of the text, blank
    /// included, and the trimmed line was one byte shorter than the link it contained.
    #[test]
    fn a_container_holds_a_link_that_ends_in_blanks() {
        // A start tag cut off by the end of the input is no tag (the HTML5 tokenizer drops
        // it, and the HTML tokenizer is lol_html's), so the blank-ended link is now the
        // closed one, and the cut-off one yields nothing.
        for (src, links) in [
            ("<a href= https://example.com>x</a> ", 1),
            ("<a href= https://example.com ", 0),
        ] {
            let s = parse(src);
            assert_eq!(s.links.len(), links, "{src:?}");
            for link in &s.links {
                if let Some(c) = &link.container {
                    assert!(
                        c.start <= link.range.start && link.range.end <= c.end,
                        "{link:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn bare_urls_in_prose_and_wikipedia_parens() {
        let src =
            "Bashar A sad ( https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey white shirt) \
                   and [Foo](https://en.wikipedia.org/wiki/Foo_(bar)) end.";
        let s = parse(src);
        assert_eq!(kinds(&s), vec![LinkKind::BareUrl, LinkKind::Markdown]);
        assert_eq!(
            &src[s.links[0].range.clone()],
            "https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey"
        );
        assert_eq!(s.links[1].href, "https://en.wikipedia.org/wiki/Foo_(bar)");
        assert!(s.links[0].container.is_none());
    }
}
