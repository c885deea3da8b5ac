//! Tokens: maximal runs of non-whitespace, as the evaluation counts them, each keeping its
//! byte offsets into the original text and what the document structure says about it.

use std::borrow::Cow;
use std::ops::Range;

use crate::document::Structure;
use crate::unobfuscate;

/// One whitespace-delimited token of the source. Its word and surface borrow the text
/// whenever they can (no markup inside the token, nothing to lower-case): most tokens then
/// cost no allocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Token<'t> {
    pub range: Range<usize>,
    /// Index into [`Structure::links`] of the link this token belongs to.
    pub link: Option<usize>,
    /// Index into [`Structure::hidden`] of the hidden block holding this token.
    pub hidden: Option<usize>,
    /// The token lies wholly in markup (tags, scripts, comments): no prose word in it.
    pub markup: bool,
    /// The prose word the token carries, lower-case, stripped of markup and edge punctuation.
    /// Empty for pure markup and punctuation.
    pub word: Cow<'t, str>,
    /// The word as written (case kept), for shape features; hidden spellings read as the
    /// word (see [`unobfuscate`]).
    pub surface: Cow<'t, str>,
    /// The token ends a sentence or clause: `.`, `!`, `?`, `:` or `;` after its word
    /// (closing quotes and brackets aside). The surface has lost that punctuation.
    pub ends_sentence: bool,
}

/// Split `text` into tokens and attach the structure to each.
pub fn tokenize<'t>(text: &'t str, structure: &Structure) -> Vec<Token<'t>> {
    // Prose averages a token per six bytes or so, markup fewer: room for that spares
    // copying the tokens again and again as the vector grows.
    let mut tokens = Vec::with_capacity(text.len() / 6 + 1);
    let mut link_cursor = 0;
    let mut hidden_cursor = 0;
    let mut markup_cursor = 0;
    for range in whitespace_tokens(text) {
        let link = find_overlapping(&structure.links, &mut link_cursor, &range, |l| &l.range);
        let hidden = find_overlapping(&structure.hidden, &mut hidden_cursor, &range, |h| &h.range);
        let prose = prose_part(text, &range, &structure.markup, &mut markup_cursor);
        let markup = prose.is_empty();
        let surface = match prose {
            Cow::Borrowed(p) => unobfuscate::fold(trim_edges(p)),
            Cow::Owned(p) => Cow::Owned(unobfuscate::fold(trim_edges(&p)).into_owned()),
        };
        let word = lower_case(&surface);
        let ends_sentence = ends_sentence(&text[range.clone()]);
        tokens.push(Token {
            range,
            link,
            hidden,
            markup,
            word,
            surface,
            ends_sentence,
        });
    }
    tokens
}

/// `word` without the characters other than letters and digits at its ends.
fn trim_edges(word: &str) -> &str {
    // Most edges are ASCII: told apart byte by byte, and characters decoded only when a
    // non-ASCII one is left at an end (it may be an edge character itself).
    let bytes = word.as_bytes();
    let is_edge = |b: u8| b.is_ascii() && !b.is_ascii_alphanumeric();
    let mut start = 0;
    while start < bytes.len() && is_edge(bytes[start]) {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && is_edge(bytes[end - 1]) {
        end -= 1;
    }
    let rest = &word[start..end];
    let ascii_ends = rest.as_bytes().first().is_none_or(u8::is_ascii)
        && rest.as_bytes().last().is_none_or(u8::is_ascii);
    if ascii_ends {
        rest
    } else {
        rest.trim_matches(|c: char| !c.is_alphanumeric())
    }
}

fn ends_sentence(raw: &str) -> bool {
    // Closing quotes and brackets skipped byte by byte while they are ASCII.
    let bytes = raw.as_bytes();
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b')' | b']' | b'"' | b'\'' | b'*' | b'_') {
        end -= 1;
    }
    match bytes[..end].last() {
        Some(b) if b.is_ascii() => matches!(b, b'.' | b'!' | b'?' | b':' | b';'),
        Some(_) => raw[..end]
            .trim_end_matches([')', ']', '"', '\'', '”', '’', '»', '*', '_'])
            .ends_with(['.', '!', '?', ':', ';']),
        None => false,
    }
}

/// `surface` in lower case, borrowed when it is lower-case ASCII already. ASCII text
/// lower-cases the same byte by byte, without Unicode's case tables.
fn lower_case<'t>(surface: &Cow<'t, str>) -> Cow<'t, str> {
    // One walk over the bytes tells both whether there is anything to lower-case and
    // whether ASCII rules are enough for it.
    let (mut upper, mut ascii) = (false, true);
    for &b in surface.as_bytes() {
        upper |= b.is_ascii_uppercase();
        ascii &= b.is_ascii();
    }
    if !ascii {
        return Cow::Owned(surface.to_lowercase());
    }
    match surface {
        Cow::Borrowed(s) if !upper => Cow::Borrowed(s),
        _ => Cow::Owned(surface.to_ascii_lowercase()),
    }
}

/// Lower-case alphanumeric words of a piece of text: how anchors, titles and link targets
/// are compared word for word.
pub fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Byte ranges of the maximal runs of non-whitespace characters (`char::is_whitespace`).
pub fn whitespace_tokens(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            let (space, len) = char_at(text, at)?;
            if !space {
                break at;
            }
            at += len;
        };
        at += char_at(text, at).map_or(0, |(_, len)| len);
        loop {
            // Most of a token is ASCII other than blanks: step over that run byte by byte
            // before decoding anything.
            at += bytes[at..]
                .iter()
                .take_while(|&&b| b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r'))
                .count();
            match char_at(text, at) {
                Some((false, len)) => at += len,
                _ => return Some(start..at),
            }
        }
    })
}

/// Whether the character at byte `at` is whitespace, and its length; None at the end.
/// ASCII, most of the web's text, is told apart without decoding.
fn char_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let &byte = text.as_bytes().get(at)?;
    if byte.is_ascii() {
        return Some((matches!(byte, b' ' | b'\t'..=b'\r'), 1));
    }
    let c = text[at..].chars().next()?;
    Some((c.is_whitespace(), c.len_utf8()))
}

/// The first item (from a forward-only cursor over items sorted by start) overlapping `r`.
fn find_overlapping<T>(
    items: &[T],
    cursor: &mut usize,
    r: &Range<usize>,
    range_of: impl Fn(&T) -> &Range<usize>,
) -> Option<usize> {
    while *cursor < items.len() && range_of(&items[*cursor]).end <= r.start {
        *cursor += 1;
    }
    // Hidden blocks may nest, so look a little past the cursor rather than only at it.
    items[*cursor..]
        .iter()
        .take_while(|it| range_of(it).start < r.end)
        .position(|it| range_of(it).end > r.start)
        .map(|p| *cursor + p)
}

/// The token's text outside markup ranges (e.g. `href="…">slot` → `slot`); borrowed when
/// no markup touches the token, as for most tokens.
fn prose_part<'a>(
    text: &'a str,
    r: &Range<usize>,
    markup: &[Range<usize>],
    cursor: &mut usize,
) -> Cow<'a, str> {
    while *cursor < markup.len() && markup[*cursor].end <= r.start {
        *cursor += 1;
    }
    if markup.get(*cursor).is_none_or(|m| m.start >= r.end) {
        return Cow::Borrowed(&text[r.clone()]);
    }
    let mut out = String::new();
    let mut pos = r.start;
    for m in markup[*cursor..].iter().take_while(|m| m.start < r.end) {
        if m.start > pos {
            out.push_str(&text[pos..m.start]);
        }
        pos = pos.max(m.end);
    }
    if pos < r.end {
        out.push_str(&text[pos..r.end]);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};

    #[test]
    fn tokens_keep_offsets_and_links() {
        let text =
            "Bashar A sad ( https://www.capitalsshine.com/Jonas-Siegenthaler-Jersey white shirt)";
        let doc = Document::new("d", text, Some(Format::Text));
        let tokens = tokenize(text, &doc.structure());
        let words: Vec<&str> = tokens.iter().map(|t| &text[t.range.clone()]).collect();
        assert_eq!(words[3], "(");
        assert!(tokens[4].link.is_some());
        assert!(tokens[5].link.is_none());
        assert_eq!(tokens[6].word, "shirt");
        assert_eq!(tokens.len(), 7);
    }

    #[test]
    fn whitespace_is_what_char_is_whitespace_says() {
        let every_space: String = (0..0x3100u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'x'])
            .collect();
        let expected: Vec<&str> = every_space
            .split(char::is_whitespace)
            .filter(|t| !t.is_empty())
            .collect();
        let found: Vec<&str> = whitespace_tokens(&every_space)
            .map(|r| &every_space[r])
            .collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn multibyte_whitespace_and_text() {
        let text = "café\u{3000}中文  x";
        let ranges: Vec<_> = whitespace_tokens(text).map(|r| &text[r]).collect();
        assert_eq!(ranges, vec!["café", "中文", "x"]);
    }
}
