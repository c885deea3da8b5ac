//! Link lists. Items are whole lines (outside HTML, where lines are not layout). An
//! appended list puts one item per line, and an item is
//! often a link with a few words of its own ("[easy loans](…) easy loans", "Спасибо за
//! статью [aide mémoire](…)"): the link alone is flagged, the words beside it are not, and
//! removing only the link leaves the words behind as litter. A list written on one line
//! ("Related: [a](…) | [b](…)") is one span with its separators and its label, in any
//! format, for the same reason.

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

/// Longest label taken with a one-line list ("Related:", "Siehe auch:"), in words and in
/// bytes.
const LABEL_WORDS: usize = 3;
const LABEL_BYTES: usize = 64;

/// What may stand between two items of a list written on one line: "a | b", "a · b",
/// "a, b", "a - b", "a / b", and spaces (not line breaks).
fn is_separator(c: char) -> bool {
    (c.is_whitespace() && c != '\n' && c != '\r')
        || matches!(
            c,
            '|' | '¦' | '·' | '•' | ',' | ';' | '-' | '–' | '—' | '/' | '»' | '«'
        )
}

/// Join spans (sorted, disjoint) that only list separators keep apart on one line
/// ("[a](…) | [b](…) | [c](…)"): the separators belong to the list, and cutting the items
/// alone leaves "| |" behind. The gap must hold a separator other than a space: spans a
/// space apart lose it with the seam anyway. A list joined so, alone on its line but for a
/// short label ending in a colon ("Related:"), takes the label too.
pub(super) fn join_separated(text: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut joined = Vec::with_capacity(spans.len());
    for s in spans {
        if let Some(last) = out.last_mut() {
            let gap = &text[last.range.end..s.range.start];
            let separated = !gap.is_empty()
                && gap.chars().all(is_separator)
                && gap.chars().any(|c| !c.is_whitespace());
            if separated && s.kind != "hidden_block" && last.kind != "hidden_block" {
                last.range.end = s.range.end;
                last.score = last.score.max(s.score);
                last.tokens.extend(s.tokens);
                // Anchor texts strung together stay anchor text ("cheap jerseys, wholesale
                // jerseys"); anything with a link in it is a list.
                if !(last.kind == "anchor_text" && s.kind == "anchor_text") {
                    last.kind = "link_list";
                }
                if let Some(j) = joined.last_mut() {
                    *j = true;
                }
                continue;
            }
        }
        out.push(s);
        joined.push(false);
    }
    for (s, _) in out.iter_mut().zip(joined).filter(|(_, j)| *j) {
        take_label(text, s);
    }
    out
}

/// Widen a one-line list to the label before it when the label and the list are the
/// whole line.
fn take_label(text: &str, span: &mut Span) {
    let rest_of_line = text[span.range.end..]
        .chars()
        .take_while(|&c| c != '\n')
        .all(|c| c == '\r' || is_separator(c));
    if !rest_of_line {
        return;
    }
    // Looked for only as far back as a label can reach: a scan to the start of a long line
    // from every list on it would be quadratic.
    let reach = text.floor_char_boundary(span.range.start.saturating_sub(LABEL_BYTES));
    let line_start = match text[reach..span.range.start].rfind('\n') {
        Some(i) => reach + i + 1,
        None if reach == 0 => 0,
        None => return,
    };
    let before = &text[line_start..span.range.start];
    let label = before.trim();
    let words = label.split_whitespace().count();
    let plain = !label.contains(['<', '>', '[', ']', '(', ')']);
    if label.ends_with(':') && (1..=LABEL_WORDS).contains(&words) && plain {
        span.range.start = line_start + (before.len() - before.trim_start().len());
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

    fn joined(text: &str, pieces: &[&str]) -> Vec<(String, &'static str)> {
        let spans = pieces
            .iter()
            .map(|p| span(text, p, "markdown_link"))
            .collect();
        join_separated(text, spans)
            .into_iter()
            .map(|s| (text[s.range].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn a_one_line_list_goes_whole_with_its_separators_and_label() {
        let text =
            "Install it first.\n\nRelated: [a b](http://a.example/) | [c](http://c.example/) \
                    · [d](http://d.example/)\nMore text.\n";
        let pieces = [
            "[a b](http://a.example/)",
            "[c](http://c.example/)",
            "[d](http://d.example/)",
        ];
        assert_eq!(
            joined(text, &pieces),
            [(
                "Related: [a b](http://a.example/) | [c](http://c.example/) · [d](http://d.example/)"
                    .to_string(),
                "link_list"
            )]
        );
        // Without a label, or with a sentence for one, the list alone.
        let text = "[a](http://a.example/), [c](http://c.example/)\n";
        let list = "[a](http://a.example/), [c](http://c.example/)";
        assert_eq!(
            joined(text, &["[a](http://a.example/)", "[c](http://c.example/)"])[0].0,
            list
        );
        let text =
            "We also read these fine pages: [a](http://a.example/), [c](http://c.example/)\n";
        assert_eq!(
            joined(text, &["[a](http://a.example/)", "[c](http://c.example/)"])[0].0,
            list
        );
    }

    #[test]
    fn anchor_texts_strung_together_stay_anchor_text() {
        let text = "Prose here cheap jerseys, wholesale jerseys and more prose.\n";
        let spans = vec![
            span(text, "cheap jerseys", "anchor_text"),
            span(text, "wholesale jerseys", "anchor_text"),
        ];
        let out = join_separated(text, spans);
        assert_eq!(out.len(), 1);
        assert_eq!(
            &text[out[0].range.clone()],
            "cheap jerseys, wholesale jerseys"
        );
        assert_eq!(out[0].kind, "anchor_text");
    }

    #[test]
    fn spans_apart_by_words_spaces_or_a_line_break_stay_apart() {
        for text in [
            "[a](http://a.example/) and [c](http://c.example/)\n",
            "[a](http://a.example/) [c](http://c.example/)\n",
            "[a](http://a.example/) |\n[c](http://c.example/)\n",
        ] {
            let got = joined(text, &["[a](http://a.example/)", "[c](http://c.example/)"]);
            assert_eq!(got.len(), 2, "{text:?}: {got:?}");
            assert!(got.iter().all(|(_, kind)| *kind == "markdown_link"));
        }
        // A label is taken only when the list ends its line.
        let text = "See: [a](http://a.example/) | [c](http://c.example/) for more\n";
        assert_eq!(
            joined(text, &["[a](http://a.example/)", "[c](http://c.example/)"])[0].0,
            "[a](http://a.example/) | [c](http://c.example/)"
        );
    }
}
