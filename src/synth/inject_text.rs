//! Inline and appended injection styles written as text: URLs dropped mid-sentence, bare
//! anchors, markdown and reference links, raw `<a>` elements (as scraped WordPress content
//! keeps them), BBCode from forum scrapes, link wheels on innocent words, and appended
//! link lists. Inline styles also serve HTML pages, where their positions are text nodes of
//! body paragraphs (see `html_scan`).

use std::sync::OnceLock;

use rand::Rng;
use regex::Regex;

use super::edit::Splice;
use super::inject::{
    Ctx, Slot, ANCHOR_TEXT, BARE_URL, BBCODE, HTML_LINK, LINK_LIST, LINK_WHEEL, MARKDOWN_LINK,
    REF_DEF, REF_LINK,
};
use crate::document::Format;

/// Escape text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An `<a>` element in one of the shapes injected links take.
pub(crate) fn a_tag(ctx: &mut Ctx, url: &str, anchor: &str) -> String {
    let a = esc(anchor);
    match ctx.rng.gen_range(0..10) {
        0..=3 => format!("<a href=\"{url}\">{a}</a>"),
        4 => format!("<a href=\"{url}\" rel=\"dofollow\">{a}</a>"),
        5 => format!("<a href='{url}' target='_blank'>{a}</a>"),
        6 => format!("<a title=\"{a}\" href=\"{url}\">{a}</a>"),
        7 => format!("<strong><a href=\"{url}\">{a}</a></strong>"),
        8 => format!("<A HREF=\"{url}\">{a}</A>"),
        _ => format!("<a href=\"{url}\" target=\"_blank\" rel=\"noopener\">{a}</a>"),
    }
}

/// Anchor text as it goes into the document's format.
/// Every word's first letter upper-cased ("cheap nfl jerseys" → "Cheap Nfl Jerseys").
fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_word_start = true;
    for c in text.chars() {
        if at_word_start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        at_word_start = c.is_whitespace();
    }
    out
}

fn shown(ctx: &Ctx, anchor: &str) -> String {
    if ctx.format == Format::Html {
        esc(anchor)
    } else {
        anchor.to_string()
    }
}

/// Put `element` in running text: before a sentence's full stop (share `end_share`), or
/// before a word mid-sentence, or at the start of a sentence. Returns whether it found room.
fn place_inline(ctx: &mut Ctx, element: &str, kind: &'static str, end_share: f64) -> bool {
    if ctx.rng.gen_bool(end_share) {
        if let Some(p) = ctx.take(Slot::SentenceEnd) {
            ctx.push(Splice::labelled(p, " ", element, "", kind));
            return true;
        }
    }
    for slot in [Slot::WordStart, Slot::SentenceStart] {
        if let Some(p) = ctx.take(slot) {
            ctx.push(Splice::labelled(p, "", element, " ", kind));
            return true;
        }
    }
    false
}

/// Insert labelled `lines` (joined by `sep`) as their own block, at a paragraph break or,
/// with `at_end` or when there is none, at the end of the text.
pub(crate) fn block_lines(
    ctx: &mut Ctx,
    lines: &[String],
    kind: &'static str,
    sep: &str,
    at_end: bool,
) -> usize {
    if lines.is_empty() {
        return 0;
    }
    let text = ctx.text;
    let place = if at_end { None } else { ctx.take(Slot::Block) };
    let (p, before, after) = match place {
        Some(p) if text.as_bytes().get(p) == Some(&b'\n') => (p, "\n", "\n"),
        Some(p) => (p, "", "\n"),
        None => {
            let before = if text.is_empty() || text.ends_with("\n\n") {
                ""
            } else if text.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            (
                text.len(),
                before,
                if text.ends_with('\n') { "\n" } else { "" },
            )
        }
    };
    let mut s = Splice::insert(p, "");
    s.push(before, None);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            s.push(sep, None);
        }
        s.push(l, Some(kind));
    }
    s.push(after, None);
    ctx.push(s);
    lines.len()
}

/// `bare_url`: "… in https://www.shop.com/Jonas-Siegenthaler-Jersey Syria …", "(url)", a
/// bare domain ("helloreplica.com"), a scheme-less "www." URL, or a URL alone on its line.
pub(crate) fn bare_url(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let (anchor, cat) = ctx.camp.anchor(ctx.rng);
        let url = ctx.camp.url(ctx.rng, cat, &anchor);
        let no_scheme = url
            .split_once("://")
            .map_or(url.as_str(), |(_, r)| r)
            .to_string();
        let host = no_scheme
            .split(['/', '?'])
            .next()
            .unwrap_or(&no_scheme)
            .to_string();
        let r = ctx.rng.gen_range(0..100);
        let element = match r {
            0..=44 | 85..=99 => url.clone(),
            45..=59 => format!("({url})"),
            60..=74 => host,
            _ if no_scheme.starts_with("www.") => no_scheme,
            _ => format!("www.{no_scheme}"),
        };
        let ok = if r >= 85 && ctx.format != Format::Html {
            block_lines(ctx, &[element], BARE_URL, "\n", false) > 0
        } else {
            place_inline(ctx, &element, BARE_URL, 0.25)
        };
        made += usize::from(ok);
    }
    made
}

/// `anchor_text`: the anchor alone, no URL ("… concentration far Dale Hunter Jersey more …").
/// Half of them title-cased, as anchors stripped of their links by scrapers mostly are
/// ("Cheap Nfl Jerseys", "Louis Vuitton Outlet").
pub(crate) fn anchor_text(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let (anchor, _) = ctx.camp.keyword_anchor(ctx.rng);
        let anchor = if ctx.rng.gen_bool(0.5) {
            title_case(&anchor)
        } else {
            anchor
        };
        let element = shown(ctx, &anchor);
        made += usize::from(place_inline(ctx, &element, ANCHOR_TEXT, 0.2));
    }
    made
}

/// `markdown_link`: `[cheap nba jerseys](http://www.cheapelitejerseys.us.com)` mid-sentence
/// or at a sentence end.
pub(crate) fn markdown_link(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let (anchor, url) = ctx.camp.link(ctx.rng);
        let element = if ctx.rng.gen_bool(0.1) {
            format!("[{anchor}]({url} \"{anchor}\")")
        } else {
            format!("[{anchor}]({url})")
        };
        made += usize::from(place_inline(ctx, &element, MARKDOWN_LINK, 0.3));
    }
    made
}

/// `html_link`: an `<a>` element inside a sentence.
pub(crate) fn html_link(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let (anchor, url) = ctx.camp.link(ctx.rng);
        let element = a_tag(ctx, &url, &anchor);
        made += usize::from(place_inline(ctx, &element, HTML_LINK, 0.25));
    }
    made
}

/// `bbcode`: `[url=http://…]anchor[/url]` in forum text, inline or as a signature line.
pub(crate) fn bbcode(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let (anchor, url) = ctx.camp.link(ctx.rng);
        let element = match ctx.rng.gen_range(0..8) {
            0..=2 => format!("[url={url}]{anchor}[/url]"),
            3 => format!("[URL={url}]{anchor}[/URL]"),
            4 => format!("[url]{url}[/url]"),
            5 => format!("[link={url}]{anchor}[/link]"),
            6 => format!("[b][url={url}]{anchor}[/url][/b]"),
            _ => format!("[url=\"{url}\"]{anchor}[/url]"),
        };
        let ok = if ctx.rng.gen_bool(0.25) {
            let at_end = ctx.rng.gen_bool(0.5);
            block_lines(ctx, &[element], BBCODE, "\n", at_end) > 0
        } else {
            place_inline(ctx, &element, BBCODE, 0.2)
        };
        made += usize::from(ok);
    }
    made
}

fn ref_label_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?m)^ {0,3}\[([^\]\n]+)\]:").expect("constant pattern"))
}

/// `ref_link` + `ref_def`: `[anchor][7]` in prose and `[7]: http://…` lines at the end, with
/// labels that do not clash with the document's own reference definitions.
pub(crate) fn ref_links(ctx: &mut Ctx, pairs: usize) -> usize {
    let existing: Vec<String> = ref_label_re()
        .captures_iter(ctx.text)
        .filter_map(|c| c.get(1))
        .map(|m| m.as_str().to_lowercase())
        .collect();
    let max_num = existing
        .iter()
        .filter_map(|l| l.parse::<usize>().ok())
        .max();
    let mut next = max_num.map_or_else(|| ctx.rng.gen_range(1..=20), |m| m + 1);
    let mut defs = Vec::new();
    for _ in 0..pairs {
        while existing.contains(&next.to_string()) {
            next += 1;
        }
        let (anchor, url) = ctx.camp.link(ctx.rng);
        let label = next.to_string();
        next += 1;
        let use_ = if ctx.rng.gen_bool(0.15) {
            format!("[{anchor}][]")
        } else {
            format!("[{anchor}][{label}]")
        };
        let label = if use_.ends_with("[]") {
            anchor.clone()
        } else {
            label
        };
        if place_inline(ctx, &use_, REF_LINK, 0.2) {
            defs.push(match ctx.rng.gen_range(0..6) {
                0 => format!("[{label}]: <{url}>"),
                1 => format!("[{label}]: {url} \"{anchor}\""),
                _ => format!("[{label}]: {url}"),
            });
        }
    }
    let n = defs.len();
    n + block_lines(ctx, &defs, REF_DEF, "\n", true)
}

/// `link_wheel`: an innocent word of an existing sentence becomes a link to an unrelated
/// site (`[Rights](http://dundalksimon.ie/human-rights/)`); the span is the link element.
pub(crate) fn link_wheel(ctx: &mut Ctx, n: usize) -> usize {
    let mut made = 0;
    for _ in 0..n {
        let Some((a, b)) = ctx.take_word(5) else {
            break;
        };
        let word = &ctx.text[a..b];
        let url = ctx.camp.wheel_url(ctx.rng, word);
        let element = match ctx.format {
            Format::Markdown => format!("[{word}]({url})"),
            Format::Html => format!("<a href=\"{url}\">{word}</a>"),
            Format::Text if ctx.rng.gen_bool(0.5) => format!("[url={url}]{word}[/url]"),
            Format::Text => format!("<a href=\"{url}\">{word}</a>"),
        };
        let len = element.len();
        ctx.push(Splice {
            start: a,
            end: b,
            text: element,
            spans: vec![(0, len, LINK_WHEEL)],
        });
        made += 1;
    }
    made
}

/// `link_list` for text and markdown: appended or interleaved lines of links, one span per
/// line — markdown bullets, bare `[anchor](url)` lines, comment-spam lines mixing filler
/// words and URLs, "anchor url" lines, BBCode or raw `<a>` lines.
pub(crate) fn link_list(ctx: &mut Ctx, n: usize) -> usize {
    let markdown = ctx.format == Format::Markdown;
    let form = ctx.rng.gen_range(0..6);
    let mut lines = Vec::with_capacity(n);
    for i in 0..n {
        let (anchor, url) = if i < 2 || ctx.rng.gen_bool(0.6) {
            ctx.camp.link(ctx.rng)
        } else {
            ctx.camp.mixed_link(ctx.rng)
        };
        let line = match (markdown, form) {
            (true, 0) => format!("- [{anchor}]({url})"),
            (true, 1) => format!("* [{anchor}]({url})"),
            (true, 2) => format!("[{anchor}]({url})"),
            (true, 3) | (false, 2) => {
                let template = ctx.camp.vocab.filler(ctx.rng);
                fill_links(ctx, &template, &anchor, &url, markdown)
            }
            (true, 4) | (false, 5) => a_tag(ctx, &url, &anchor),
            (true, _) => format!("[{anchor}]({url}) {anchor}"),
            (false, 0) => format!("{anchor} {url}"),
            (false, 1) => url,
            (false, 3) => format!("[url={url}]{anchor}[/url]"),
            (false, _) => format!("{anchor} - {url}"),
        };
        lines.push(line);
    }
    let sep = if ctx.rng.gen_bool(0.3) { "\n\n" } else { "\n" };
    let at_end = ctx.rng.gen_bool(0.55);
    block_lines(ctx, &lines, LINK_LIST, sep, at_end)
}

/// Replace each `{link}` of a comment-spam template: the first with the given link, later
/// ones with more links of the campaign.
fn fill_links(ctx: &mut Ctx, template: &str, anchor: &str, url: &str, markdown: bool) -> String {
    let mut out = String::new();
    let mut first = true;
    for (i, piece) in template.split("{link}").enumerate() {
        if i > 0 {
            let (a, u) = if first {
                (anchor.to_string(), url.to_string())
            } else {
                ctx.camp.link(ctx.rng)
            };
            first = false;
            let link = match (markdown, ctx.rng.gen_range(0..3)) {
                (true, 0 | 1) => format!("[{a}]({u})"),
                (false, 0) => format!("{a} {u}"),
                _ => u,
            };
            out.push_str(&link);
        }
        out.push_str(piece);
    }
    let line = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        url.to_string()
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::title_case;

    #[test]
    fn title_case_capitalises_each_word_and_keeps_the_rest() {
        assert_eq!(title_case("cheap nfl jerseys"), "Cheap Nfl Jerseys");
        assert_eq!(title_case("купить  виагру"), "Купить  Виагру");
        assert_eq!(title_case("buy 50mg-pills now"), "Buy 50mg-pills Now");
        assert_eq!(title_case(""), "");
    }
}
