//! Spam paragraphs (outside HTML, where lines are not layout): a paragraph riddled with
//! spans is an injected one, and goes whole. A spun pharmacy advertisement pasted into a
//! page ("this have summer http://…/viagra-ajanta.html female brunette have thing paypal
//! viagra with just books prednisone no prescription canada …") has its URLs and its spam
//! phrases flagged one by one; removing only those leaves its filler words behind as
//! litter ("this have summer female canada supply brightning. Weeks and.").

use std::ops::Range;

use super::Span;
use crate::tokens::Token;

/// At least this many spans in one paragraph. An injection campaign pastes a handful of
/// links into a page's own paragraph (synthetic pages carry up to six in one); a paragraph
/// that is itself an advertisement yields many more.
const MIN_SPANS: usize = 8;

/// The spans must cover at least this share of the paragraph's words: many spans strewn
/// over a long paragraph of the page's own prose are a heavy campaign, not an
/// advertisement.
const MIN_COVERED: f32 = 0.3;

/// Above this share the spans already take nearly all of it (an appended link list, one
/// span per line): each item stays its own span.
const MAX_COVERED: f32 = 0.8;

/// Replace the spans of each paragraph that is mostly spam with one span over the whole
/// paragraph (trimmed of surrounding white space), reported as `spam_paragraph`. `spans`
/// are sorted and disjoint (merged), so that a hidden block counts once, not once more
/// per link in it.
pub(super) fn whole_paragraphs(text: &str, tokens: &[Token], spans: &mut Vec<Span>) {
    if spans.len() < MIN_SPANS {
        return;
    }
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let mut rest = std::mem::take(spans).into_iter().peekable();
    while let Some(first) = rest.next() {
        let paragraph = paragraph_around(text, first.range.start);
        let mut group = vec![first];
        while let Some(next) = rest.next_if(|s| s.range.start < paragraph.end) {
            group.push(next);
        }
        // A span reaching in from the paragraph before keeps this one as it is.
        let clear = out.last().is_none_or(|s| s.range.end <= paragraph.start);
        match merged(text, tokens, &paragraph, &group).filter(|_| clear) {
            Some(span) => out.push(span),
            None => out.extend(group),
        }
    }
    *spans = out;
}

/// The paragraph's span when `group` (its spans, sorted) makes it a spam paragraph.
fn merged(text: &str, tokens: &[Token], paragraph: &Range<usize>, group: &[Span]) -> Option<Span> {
    if group.len() < MIN_SPANS || group.iter().any(|s| s.range.end > paragraph.end) {
        return None;
    }
    let first = tokens.partition_point(|t| t.range.end <= paragraph.start);
    let mut words = 0usize;
    let mut covered = 0usize;
    let mut next_span = 0;
    for t in tokens[first..]
        .iter()
        .take_while(|t| t.range.start < paragraph.end)
    {
        words += 1;
        while next_span < group.len() && group[next_span].range.end <= t.range.start {
            next_span += 1;
        }
        if group[next_span..]
            .iter()
            .take_while(|s| s.range.start < t.range.end)
            .any(|s| s.range.end > t.range.start)
        {
            covered += 1;
        }
    }
    let share = covered as f32 / words.max(1) as f32;
    if !(MIN_COVERED..=MAX_COVERED).contains(&share) {
        return None;
    }
    let content = &text[paragraph.clone()];
    let start = paragraph.start + (content.len() - content.trim_start().len());
    let end = paragraph.end - (content.len() - content.trim_end().len());
    let mut tokens_of: Vec<usize> = group
        .iter()
        .flat_map(|s| s.tokens.iter().copied())
        .collect();
    tokens_of.sort_unstable();
    tokens_of.dedup();
    Some(Span {
        range: start..end,
        score: group.iter().map(|s| s.score).fold(0.0, f32::max),
        kind: "spam_paragraph",
        tokens: tokens_of,
        pass: group.iter().map(|s| s.pass).min().unwrap_or(0),
    })
}

/// The paragraph holding byte `at`: the lines around it up to a blank line (or only white
/// space) or the text's ends.
fn paragraph_around(text: &str, at: usize) -> Range<usize> {
    let blank = |line: &str| line.trim().is_empty();
    let mut start = text[..at].rfind('\n').map_or(0, |nl| nl + 1);
    while start > 0 {
        let previous_start = text[..start - 1].rfind('\n').map_or(0, |nl| nl + 1);
        if blank(&text[previous_start..start - 1]) {
            break;
        }
        start = previous_start;
    }
    let mut end = text[at..].find('\n').map_or(text.len(), |nl| at + nl);
    while end < text.len() {
        let next_end = text[end + 1..]
            .find('\n')
            .map_or(text.len(), |nl| end + 1 + nl);
        if blank(&text[end + 1..next_end]) {
            break;
        }
        end = next_end;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Structure;
    use crate::tokens::tokenize;

    fn spans_at(text: &str, pieces: &[&str]) -> Vec<Span> {
        let mut from = 0;
        pieces
            .iter()
            .map(|p| {
                let start = from + text[from..].find(p).unwrap();
                from = start + p.len();
                Span {
                    range: start..start + p.len(),
                    score: 0.95,
                    kind: "anchor_text",
                    tokens: Vec::new(),
                    pass: 0,
                }
            })
            .collect()
    }

    fn texts<'t>(text: &'t str, spans: &[Span]) -> Vec<&'t str> {
        spans.iter().map(|s| &text[s.range.clone()]).collect()
    }

    const AD: &str = "this have summer http://a.example/viagra.html female brunette \
        viagra with just books prednisone no prescription canada. Weeks \
        http://b.example/propecia/ and. Used recently lotion jar. This buy cialis shoppers \
        drug mart ago allegra for sale cheap name at http://c.example/cialis.html and meds \
        with no prescription that http://d.example/estrogen aren't year around\n\
        The conditioned http://e.example/levothyroxine first perfume puchase cialis online \
        in canada blonde.";
    const AD_SPANS: [&str; 10] = [
        "http://a.example/viagra.html",
        "viagra",
        "prednisone no prescription",
        "http://b.example/propecia/",
        "buy cialis",
        "for sale cheap",
        "http://c.example/cialis.html",
        "http://d.example/estrogen",
        "http://e.example/levothyroxine",
        "puchase cialis online",
    ];

    #[test]
    fn a_paragraph_riddled_with_spans_goes_whole() {
        let text = format!("Proxy Server\n\n{AD}\n\nThe server is the process that talks.\n");
        let tokens = tokenize(&text, &Structure::default());
        let mut spans = spans_at(&text, &AD_SPANS);
        whole_paragraphs(&text, &tokens, &mut spans);
        assert_eq!(texts(&text, &spans), vec![AD]);
        assert_eq!(spans[0].kind, "spam_paragraph");
    }

    #[test]
    fn fewer_spans_or_a_long_own_paragraph_stay_as_they_are() {
        let text = format!("{AD}\n");
        let tokens = tokenize(&text, &Structure::default());
        let mut few = spans_at(&text, &AD_SPANS[..MIN_SPANS - 1]);
        whole_paragraphs(&text, &tokens, &mut few);
        assert_eq!(few.len(), MIN_SPANS - 1);

        // The same spans strewn over a paragraph four times as long: a campaign in the
        // page's own prose, whose words stay.
        let own = "The agency measured how visitors use the site every month. ".repeat(12);
        let long = format!("{own}{AD}\n");
        let tokens = tokenize(&long, &Structure::default());
        let mut spans = spans_at(&long, &AD_SPANS);
        whole_paragraphs(&long, &tokens, &mut spans);
        assert_eq!(spans.len(), AD_SPANS.len());
    }

    #[test]
    fn a_list_taken_item_by_item_keeps_its_items() {
        let items: Vec<String> = (0..9)
            .map(|i| format!("[cheap jerseys {i}](http://shop{i}.example/)"))
            .collect();
        let text = format!("Intro text here.\n\n{}\n", items.join("\n"));
        let tokens = tokenize(&text, &Structure::default());
        let pieces: Vec<&str> = items.iter().map(String::as_str).collect();
        let mut spans = spans_at(&text, &pieces);
        whole_paragraphs(&text, &tokens, &mut spans);
        assert_eq!(texts(&text, &spans), pieces);
    }

    #[test]
    fn paragraphs_end_at_blank_lines() {
        let text = "one\ntwo\n \t\nthree\nfour\n\nfive";
        assert_eq!(&text[paragraph_around(text, 1)], "one\ntwo");
        assert_eq!(
            &text[paragraph_around(text, text.find("four").unwrap())],
            "three\nfour"
        );
        assert_eq!(&text[paragraph_around(text, text.len() - 1)], "five");
    }
}
