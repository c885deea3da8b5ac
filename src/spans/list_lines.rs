//! Link-list items are whole lines (outside HTML, where lines are not layout). An
//! appended list puts one item per line, and an item is
//! often a link with a few words of its own ("[easy loans](…) easy loans", "Спасибо за
//! статью [aide mémoire](…)"): the link alone is flagged, the words beside it are not, and
//! removing only the link leaves the words behind as litter.

use memchr::memchr_iter;

use super::Span;

/// At most this many words of a line outside its span, for the line to be taken as a list
/// item. A paragraph is one line in markdown; an injected link inside one has far more
/// words around it.
const ITEM_EXTRA_WORDS: usize = 8;

/// Widen each span that sits inside one line to the whole line, when the line next to it
/// (no blank line between) also holds a span and the line has at most
/// [`ITEM_EXTRA_WORDS`] words besides the span: two flagged neighbours make a list. A
/// widened link span is reported as a link-list item.
pub(super) fn widen_to_lines(text: &str, spans: &mut [Span]) {
    // Lines found by binary search over the line breaks: a search from each span is
    // quadratic on a long one-line document holding thousands of spans.
    let newlines: Vec<usize> = memchr_iter(b'\n', text.as_bytes()).collect();
    let line_of = |at: usize| {
        let k = newlines.partition_point(|&n| n < at);
        let start = k.checked_sub(1).map_or(0, |i| newlines[i] + 1);
        let end = newlines.get(k).copied().unwrap_or(text.len());
        start..end
    };
    let mut starts: Vec<usize> = spans.iter().map(|s| line_of(s.range.start).start).collect();
    starts.sort_unstable();
    let has_span = |line_start: usize| starts.binary_search(&line_start).is_ok();
    for s in spans.iter_mut().filter(|s| s.kind != "hidden_block") {
        let line = line_of(s.range.start);
        if s.range.end > line.end {
            continue;
        }
        let before = line.start.checked_sub(1).is_some_and(|nl| {
            let previous = line_of(nl);
            !previous.is_empty() && has_span(previous.start)
        });
        let after = line.end < text.len() && {
            let next = line_of(line.end + 1);
            !next.is_empty() && has_span(next.start)
        };
        if !(before || after) {
            continue;
        }
        // Counted only as far as the limit: the line may be a whole paragraph.
        let words = |s: &str| s.split_whitespace().take(ITEM_EXTRA_WORDS + 1).count();
        let extra = words(&text[line.start..s.range.start]) + words(&text[s.range.end..line.end]);
        if extra == 0 || extra > ITEM_EXTRA_WORDS {
            continue;
        }
        let content = &text[line.clone()];
        let start = line.start + (content.len() - content.trim_start().len());
        let end = line.end - (content.len() - content.trim_end().len());
        s.range = s.range.start.min(start)..s.range.end.max(end);
        if !matches!(s.kind, "anchor_text" | "hidden_block") {
            s.kind = "link_list";
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, piece: &str, kind: &'static str) -> Span {
        let start = text.find(piece).unwrap();
        Span {
            range: start..start + piece.len(),
            score: 0.99,
            kind,
            tokens: Vec::new(),
            pass: 0,
        }
    }

    fn widened(text: &str, mut spans: Vec<Span>) -> Vec<&str> {
        widen_to_lines(text, &mut spans);
        spans.iter().map(|s| &text[s.range.clone()]).collect()
    }

    #[test]
    fn list_items_with_words_beside_their_links_go_whole() {
        let text = "Intro paragraph.\n\n[easy loans](http://a.example/) easy loans\n\
                    Спасибо за статью [aide](http://b.example/)\nhttp://c.example/x\n";
        let spans = vec![
            span(text, "[easy loans](http://a.example/)", "markdown_link"),
            span(text, "[aide](http://b.example/)", "markdown_link"),
            span(text, "http://c.example/x", "bare_url"),
        ];
        assert_eq!(
            widened(text, spans.clone()),
            [
                "[easy loans](http://a.example/) easy loans",
                "Спасибо за статью [aide](http://b.example/)",
                "http://c.example/x",
            ]
        );
        let mut spans = spans;
        widen_to_lines(text, &mut spans);
        assert_eq!(spans[0].kind, "link_list");
    }

    /// Spans on `pieces` of `text` (markdown links) come out of the widening unchanged.
    fn assert_unchanged(text: &str, pieces: &[&str]) {
        let spans = pieces
            .iter()
            .map(|p| span(text, p, "markdown_link"))
            .collect();
        assert_eq!(widened(text, spans), pieces);
    }

    #[test]
    fn a_lone_line_a_blank_line_apart_or_a_long_paragraph_stays_as_it_is() {
        // No neighbouring line with a span: a link inside a short line is not a list.
        assert_unchanged(
            "See [cheap](http://a.example/) now\n\nOther words here\n",
            &["[cheap](http://a.example/)"],
        );
        // Neighbours a blank line apart are paragraphs, not a list.
        assert_unchanged(
            "a [x](http://a.example/) b\n\nc [y](http://b.example/) d\n",
            &["[x](http://a.example/)", "[y](http://b.example/)"],
        );
        // A paragraph around a link is too long to be an item.
        assert_unchanged(
            "one two three four five [x](http://a.example/) six seven eight nine\n\
             [y](http://b.example/)\n",
            &["[x](http://a.example/)", "[y](http://b.example/)"],
        );
    }
}
