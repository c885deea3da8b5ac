//! HTML tokens over byte offsets, read by lol_html.
//!
//! Why lol_html: it runs the HTML5 tokenizer's states as the standard writes them — attribute
//! quoting, comments and bogus comments, raw text (`<script>`, `<style>`), RCDATA (`<title>`,
//! `<textarea>`) and foreign content (`<svg>`, `<math>`, CDATA sections) switched by a tree
//! builder simulation — so injected markup is split where a browser splits it; it streams in
//! linear time without recursion; and it reports the source location of every token, which
//! is all a span detector needs from it.
//!
//! What stays here and in the tree builder ([`super`]): the element stack (implied end tags,
//! scopes, links and the hidden blocks of `css`), which lol_html does not build, and three
//! departures from a browser chosen for spam, each read again as markup by another run over
//! the range: `<noscript>` bodies (a crawler without scripts reads them, and spam hides
//! links there), a `<title>` or `<textarea>` left open to the end of the input, and a start
//! tag cut off by the end of the input (an unterminated quote would otherwise hide the rest
//! of a truncated fragment). Whatever lol_html does not report becomes markup, and
//! the end tags among it (those that close nothing lol_html had open) are named for the tree
//! builder. Nothing here fails: if lol_html stops (its
//! memory limit), the rest of the input is one text token.

use std::ops::Range;

use super::entities::decode_entities;
use super::lol_scan::{self, Reparse};

/// The attributes the tree builder looks at; the rest are skipped without allocating.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub style: Option<String>,
    pub id: Option<String>,
    pub class: Option<String>,
    pub href: Option<String>,
    pub hidden: bool,
}

#[derive(Debug)]
pub(super) enum Token {
    Text(Range<usize>),
    Start {
        range: Range<usize>,
        name: String,
        attrs: Attrs,
        self_closing: bool,
    },
    End {
        range: Range<usize>,
        name: String,
    },
    /// Comments, doctypes, processing instructions and other bogus `<!…>` constructs.
    Markup(Range<usize>),
    /// Source lol_html read without reporting it — the delimiters of CDATA sections, a tag
    /// cut off by the end of the input: markup that, like a stray end tag, neither shows nor
    /// shapes anything.
    Unreported(Range<usize>),
    /// The unparsed body of a raw-text element.
    Raw {
        range: Range<usize>,
        /// Shown to a reader (`<textarea>`, `<title>`) rather than code (`<script>`).
        text: bool,
        /// The body of a `<style>` element, whose rules can hide other elements.
        style: bool,
    },
}

impl Token {
    pub(super) fn range(&self) -> &Range<usize> {
        match self {
            Token::Text(r) | Token::Markup(r) | Token::Unreported(r) => r,
            Token::Start { range, .. } | Token::End { range, .. } | Token::Raw { range, .. } => {
                range
            }
        }
    }
}

/// lol_html counts the memory of its buffers and open-element stack against this limit. Far
/// above what a 100,000-deep page needs (a few MB), so only a hostile input reaches it.
const MEMORY_LIMIT: usize = 1 << 30;

/// Reading ranges again as markup costs at most this many times the input, so nested
/// `<noscript>`s or a run of unterminated quotes stay linear.
const REPARSE_BUDGET: usize = 2;

/// Tokens of `src` in source order: disjoint, covering all of it, on char boundaries.
pub(super) fn tokenize(src: &str) -> Vec<Token> {
    tokenize_with_limit(src, MEMORY_LIMIT)
}

pub(super) fn tokenize_with_limit(src: &str, memory_limit: usize) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut budget = src.len().saturating_mul(REPARSE_BUDGET);
    let mut queue: Vec<Range<usize>> = Vec::new();
    queue.push(0..src.len());
    while let Some(part) = queue.pop() {
        let Some(slice) = src.get(part.clone()) else {
            continue;
        };
        let scan = lol_scan::scan(slice, part.start, memory_limit);
        let covered = (scan.tokens.iter().map(Token::range))
            .chain(scan.reparse.iter().map(|r| &r.range))
            .map(|r| r.end)
            .fold(part.start, usize::max);
        tokens.extend(scan.tokens);
        let mut reparse = scan.reparse;
        if let Some(stop) = scan.stopped_at {
            tokens.push(Token::Text(stop..part.end));
        } else if let Some(cut) = cut_off_start_tag(src, covered..part.end) {
            tokens.push(Token::Unreported(cut.start..cut.end));
            reparse.push(Reparse {
                range: cut.end..part.end,
                fallback: Token::Unreported(cut.end..part.end),
            });
        }
        for r in reparse {
            if r.range.len() <= budget {
                budget -= r.range.len();
                queue.push(r.range);
            } else {
                tokens.push(r.fallback);
            }
        }
    }
    normalize(src, tokens)
}

/// A start tag the end of the input cut off (lol_html drops it, as the standard does), up to
/// its first `>`, when the part after that `>` is worth reading: where a browser would let an
/// unterminated quote swallow the rest, this stops at the tag's likely end.
fn cut_off_start_tag(src: &str, unreported: Range<usize>) -> Option<Range<usize>> {
    let (covered, end) = (unreported.start, unreported.end);
    let rest = src.get(covered..end)?;
    let lt = rest.find('<')?;
    let tail = &rest[lt..];
    let tag_start = tail.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic);
    // Only a tag that lol_html read to the end: text before it would have been reported.
    if !tag_start || !rest[..lt].trim().is_empty() {
        return None;
    }
    let gt = tail.find('>')?;
    let cut_end = covered + lt + gt + 1;
    (cut_end < end).then_some(covered..cut_end)
}

/// Sort the tokens of all runs into source order, drop any that overlap an earlier one or do
/// not fall on char boundaries, and cover what is left as unreported markup.
fn normalize(src: &str, mut tokens: Vec<Token>) -> Vec<Token> {
    tokens.sort_by_key(|t| t.range().start);
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
    let mut pos = 0;
    for t in tokens {
        let r = t.range().clone();
        let valid = r.start >= pos
            && r.start < r.end
            && src.is_char_boundary(r.start)
            && src.is_char_boundary(r.end)
            && r.end <= src.len();
        if !valid {
            continue;
        }
        if pos < r.start {
            push_unreported(src, pos..r.start, &mut out);
        }
        pos = r.end;
        match (out.last_mut(), t) {
            (Some(Token::Text(last)), Token::Text(next)) if last.end == next.start => {
                last.end = next.end;
            }
            (_, t) => out.push(t),
        }
    }
    if pos < src.len() {
        push_unreported(src, pos..src.len(), &mut out);
    }
    out
}

/// Source lol_html read without reporting, split after each `>`; the end tags among the
/// pieces are named, because the tree builder still wants one that closes nothing lol_html
/// had open: `</html>` in a fragment that never opened `<html>` marks where the page ends
/// and injected content after it begins.
fn push_unreported(src: &str, gap: Range<usize>, out: &mut Vec<Token>) {
    let mut start = gap.start;
    while start < gap.end {
        let piece = &src[start..gap.end];
        let end = start + piece.find('>').map_or(piece.len(), |p| p + 1);
        let range = start..end;
        out.push(match end_tag_name(&src[range.clone()]) {
            Some(name) => Token::End { range, name },
            None => Token::Unreported(range),
        });
        start = end;
    }
}

/// The lowercased name of the end tag `piece` is (`</name …>`), if it is one.
fn end_tag_name(piece: &str) -> Option<String> {
    let name = piece.strip_prefix("</")?.strip_suffix('>')?;
    let len = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/')
        .unwrap_or(name.len());
    let name = &name[..len];
    let first = name.bytes().next()?;
    first
        .is_ascii_alphabetic()
        .then(|| name.to_ascii_lowercase())
}

impl Attrs {
    /// The first occurrence of an attribute wins, as in a browser.
    pub(super) fn set(&mut self, name: &str, value: Option<&str>) {
        let value = || value.map(decode_entities).unwrap_or_default();
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
        let slot = if is("hidden") {
            self.hidden = true;
            return;
        } else if is("style") {
            &mut self.style
        } else if is("id") {
            &mut self.id
        } else if is("class") {
            &mut self.class
        } else if is("href") {
            &mut self.href
        } else {
            return;
        };
        if slot.is_none() {
            *slot = Some(value());
        }
    }
}

#[cfg(test)]
mod tests;
