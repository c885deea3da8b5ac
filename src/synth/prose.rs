//! Where the generator may write: word boundaries in prose, sentence ends, paragraph breaks.
//!
//! Real injections sit in running text, and an injection that lands inside an existing link,
//! a tag, a code block or a URL would both look fake and corrupt the page. So positions come
//! only from *prose segments*: for plain text and markdown, lines of at least six words minus
//! every construct that is not prose (code, links, HTML, shortcodes, URLs, e-mail addresses,
//! headings, tables, reference definitions); for HTML, text nodes of body paragraphs (see
//! `html_scan`). Everything here is a byte offset into the text.

use std::sync::OnceLock;

use regex::Regex;

use crate::document::Format;

/// Candidate positions in one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Slots {
    /// Starts of words inside prose that follow a space (or " ("): insert "X " here.
    pub word_starts: Vec<usize>,
    /// Sentence-final punctuation (after a word): insert " X" here, before the full stop.
    pub sentence_ends: Vec<usize>,
    /// First letters of sentences that follow another sentence on the same line.
    pub sentence_starts: Vec<usize>,
    /// Words of letters only (start, end), for link wheels, legitimate links and spinning.
    pub words: Vec<(usize, usize)>,
    /// Paragraph boundaries: for text and markdown the start of a line (between "\n\n" when
    /// `text[p] == '\n'`); for HTML the end of a closing block tag in the body.
    pub blocks: Vec<usize>,
    /// The end of the text.
    pub end: usize,
    pub html: HtmlPlaces,
}

/// Landmarks of an HTML page (all `None` for other formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct HtmlPlaces {
    /// Just after the `<body …>` tag.
    pub body_open_end: Option<usize>,
    /// At the last `</body>` tag.
    pub body_close: Option<usize>,
    /// At the last `</footer>` tag.
    pub footer_close: Option<usize>,
    /// Just after the last `</html>` tag.
    pub html_close_end: Option<usize>,
}

/// The slots of a document in its format.
pub(crate) fn slots(text: &str, format: Format) -> Slots {
    match format {
        Format::Html => super::html_scan::slots(text),
        Format::Text | Format::Markdown => text_slots(text, format),
    }
}

/// Constructs that are never prose in text and markdown (also found in scraped plain text).
fn inline_patterns() -> &'static [Regex] {
    static RES: OnceLock<Vec<Regex>> = OnceLock::new();
    RES.get_or_init(|| {
        [
            r"`[^`\n]*`",
            r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\((?:[^()\n]|\([^()\n]*\))*\)",
            r"!?\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\[[^\]\n]*\]",
            r"\[[^\]\n]*\]",
            r"(?is)\[(?:url|link|img)[^\]]*\].*?\[/(?:url|link|img)\]",
            r"(?is)<a\b[^>]*>.*?</a\s*>",
            r"(?is)<script\b.*?</script\s*>",
            r"(?is)<style\b.*?</style\s*>",
            r"(?is)<pre\b.*?</pre\s*>",
            r"(?is)<code\b.*?</code\s*>",
            r"(?is)<textarea\b.*?</textarea\s*>",
            r"(?s)<!--.*?-->",
            r"<[A-Za-z/!?][^<>]*>",
            r"(?s)\{\{.*?\}\}",
            r"\{[^{}\n]*\}",
            r"(?i)\b(?:https?|ftp)://[^\s<>]*",
            r"(?i)\bwww\.[^\s<>]*",
            r"[\w.+-]+@[\w-]+\.[\w.-]+",
            r"(?i)\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|info|co|uk|de|it|fr|es|id|ru|us|ca|au|mil|xyz|top|shop)\b\S*",
            r"&#?\w+;",
        ]
        .iter()
        .filter_map(|p| Regex::new(p).ok())
        .collect()
    })
}

/// Lines as (start, end) byte ranges without their newline.
pub(crate) fn lines(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}

fn is_list_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    t.starts_with("* ")
        || t.starts_with("- ")
        || t.starts_with("+ ")
        || (digits > 0 && t[digits..].starts_with(". "))
}

/// Lines that are not running text however many words they have.
fn is_special_line(t: &str) -> bool {
    t.starts_with('#')
        || t.starts_with('|')
        || t.starts_with('<')
        || t.starts_with("{{")
        || t.starts_with("---")
        || t.starts_with("===")
        || t.starts_with("[")
        || t.starts_with("```")
        || t.starts_with("~~~")
}

/// Byte intervals (sorted, merged) that must not be written into.
pub(crate) fn forbidden_intervals(text: &str) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = Vec::new();
    let mut in_fence = false;
    let mut in_html = false;
    for (a, b) in lines(text) {
        let line = &text[a..b];
        let t = line.trim_start();
        let indent: usize = line[..line.len() - t.len()]
            .chars()
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let whole = (a, (b + 1).min(text.len()));
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            v.push(whole);
            continue;
        }
        if in_fence {
            v.push(whole);
            continue;
        }
        if t.trim().is_empty() {
            in_html = false;
            continue;
        }
        if t.starts_with('<') && !t.starts_with("<http") {
            in_html = true;
        }
        let ref_def = t.starts_with('[') && t.contains("]:");
        if in_html || is_special_line(t) || ref_def || (indent >= 4 && !is_list_item(t)) {
            v.push(whole);
        }
    }
    for re in inline_patterns() {
        v.extend(re.find_iter(text).map(|m| (m.start(), m.end())));
    }
    merge(v)
}

/// Sort and merge overlapping or touching intervals.
pub(crate) fn merge(mut v: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Whether `pos` lies in one of the (sorted, merged) intervals.
pub(crate) fn inside(intervals: &[(usize, usize)], pos: usize) -> bool {
    let i = intervals.partition_point(|&(a, _)| a <= pos);
    i > 0 && pos < intervals[i - 1].1
}

/// `a..b` minus the intervals.
fn subtract(a: usize, b: usize, intervals: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur = a;
    let first = intervals.partition_point(|&(_, e)| e <= a);
    for &(s, e) in &intervals[first..] {
        if s >= b {
            break;
        }
        if s > cur {
            out.push((cur, s));
        }
        cur = cur.max(e);
    }
    if cur < b {
        out.push((cur, b));
    }
    out
}

/// Words of a piece of text: whitespace tokens plus one per two CJK characters.
pub(crate) fn word_count(s: &str) -> usize {
    let cjk = s
        .chars()
        .filter(|c| ('\u{3040}'..='\u{9fff}').contains(c))
        .count();
    s.split_whitespace().count() + cjk / 2
}

fn text_slots(text: &str, format: Format) -> Slots {
    let forbidden = forbidden_intervals(text);
    let mut segments = Vec::new();
    let mut prose_line_ends = Vec::new();
    for (a, b) in lines(text) {
        let t = text[a..b].trim_start();
        if word_count(t) >= 6 && !is_special_line(t) && !inside(&forbidden, a + (b - a - t.len())) {
            segments.extend(subtract(a, b, &forbidden));
            prose_line_ends.push(b);
        }
    }
    let mut blocks = Vec::new();
    for &b in &prose_line_ends {
        // The line after a prose line: a blank line (markdown paragraph break) is preferred;
        // plain text without blank lines also accepts the start of the next line.
        let p = b + 1;
        if p < text.len() && !inside(&forbidden, b.saturating_sub(1)) {
            let blank = text.as_bytes()[p] == b'\n';
            if blank || format == Format::Text {
                blocks.push(p);
            }
        }
    }
    fill(text, &segments, blocks, HtmlPlaces::default())
}

/// A token that is (part of) a URL, an address or a file name.
pub(crate) fn looks_like_url(tok: &str) -> bool {
    tok.contains("://")
        || tok.contains("www.")
        || tok.contains('@')
        || tok.contains(".com")
        || tok.contains(".org")
}

/// Collect word starts, sentence ends and starts, and words from prose segments.
pub(crate) fn fill(
    text: &str,
    segments: &[(usize, usize)],
    blocks: Vec<usize>,
    html: HtmlPlaces,
) -> Slots {
    let mut s = Slots {
        blocks,
        end: text.len(),
        html,
        ..Slots::default()
    };
    for &(a, b) in segments {
        let chars: Vec<(usize, char)> =
            text[a..b].char_indices().map(|(i, c)| (a + i, c)).collect();
        let line_end = b == text.len() || text.as_bytes()[b] == b'\n';
        for k in 1..chars.len() {
            let (p, c) = chars[k];
            let prev = chars[k - 1].1;
            // After a space, or after an opening parenthesis that follows a space: spam is
            // often dropped right inside a parenthetical ("( https://… white shirt)").
            let after_paren = prev == '(' && k >= 2 && chars[k - 2].1 == ' ';
            if (prev == ' ' || after_paren) && c.is_alphanumeric() && k >= 2 {
                let tok_end = chars[k..]
                    .iter()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(b, |&(q, _)| q);
                if !looks_like_url(&text[p..tok_end]) {
                    s.word_starts.push(p);
                    let run = chars[k..]
                        .iter()
                        .take_while(|(_, c)| c.is_alphabetic())
                        .count();
                    let (wend, after) = match chars.get(k + run) {
                        Some(&(q, c)) => (q, Some(c)),
                        None => (b, None),
                    };
                    let ok_after = match after {
                        Some(c) => c == ' ' || ",.;:!?".contains(c),
                        None => line_end,
                    };
                    if run >= 2 && ok_after {
                        s.words.push((p, wend));
                    }
                }
            }
            if ".!?".contains(c) && prev.is_alphabetic() && prev.is_lowercase() {
                let next = chars.get(k + 1).map(|&(_, c)| c);
                let tok_start = chars[..k]
                    .iter()
                    .rposition(|(_, c)| c.is_whitespace())
                    .map_or(0, |i| i + 1);
                let tok: String = chars[tok_start..k].iter().map(|&(_, c)| c).collect();
                let plain = tok.chars().count() >= 3 && !tok.contains('.') && !looks_like_url(&tok);
                if plain && (next == Some(' ') || (next.is_none() && line_end)) && tok_start > 0 {
                    s.sentence_ends.push(p);
                }
                if plain && next == Some(' ') {
                    if let Some(&(q, c2)) = chars.get(k + 2) {
                        if c2.is_uppercase() {
                            s.sentence_starts.push(q);
                        }
                    }
                }
            }
            if "。！？".contains(c) {
                if let Some(&(q, c2)) = chars.get(k + 1) {
                    if !c2.is_whitespace() && !"」』）)".contains(c2) {
                        s.sentence_starts.push(q);
                    }
                }
            }
        }
    }
    s
}
