//! The span decoder: flagged tokens become spans that cover whole injected elements — a
//! link with its anchor, the list line or `<li>` it sits alone in, the hidden block around
//! it — or runs of flagged prose tokens, bridging short gaps and dropping lone weak tokens.

use std::ops::Range;

use crate::document::{LinkKind, Structure};
use crate::features::Extraction;

/// A detected span, in bytes of the document text.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub range: Range<usize>,
    pub score: f32,
    pub kind: &'static str,
    /// Token indices whose features explain this span.
    pub tokens: Vec<usize>,
}

/// How the decoder turns token probabilities into spans.
#[derive(Debug, Clone, Copy)]
pub struct DecodeParams {
    pub threshold: f32,
    /// Unflagged tokens bridged between two flagged ones in prose.
    pub max_gap: usize,
    /// A run of one prose token needs this much more than the threshold to stand alone.
    pub lone_margin: f32,
}

impl DecodeParams {
    pub fn new(threshold: f32) -> Self {
        DecodeParams {
            threshold,
            max_gap: 1,
            lone_margin: 0.5,
        }
    }
}

/// Decode the spans of one document; returns spans sorted and non-overlapping, and the
/// document score.
pub fn decode(
    text: &str,
    ex: &Extraction,
    probs: &[f32],
    params: DecodeParams,
) -> (Vec<Span>, f32) {
    let structure = &ex.structure;
    let mut spans: Vec<Span> = Vec::new();
    let mut link_tokens: Vec<Vec<usize>> = vec![Vec::new(); structure.links.len()];
    for (i, t) in ex.tokens.iter().enumerate() {
        if let Some(l) = t.link {
            link_tokens[l].push(i);
        }
    }

    let mut doc_score = 0.0f32;
    let mut link_flagged = vec![false; structure.links.len()];
    for (l, toks) in link_tokens.iter().enumerate() {
        if toks.is_empty() {
            continue;
        }
        // Every token of a link shares the link's features; the mean keeps one odd token
        // (a `<p><a` fragment) from deciding for the whole element.
        let score = toks.iter().map(|&i| probs[i]).sum::<f32>() / toks.len() as f32;
        doc_score = doc_score.max(score);
        if score >= params.threshold {
            link_flagged[l] = true;
            let link = &structure.links[l];
            let range = link.container.clone().unwrap_or_else(|| link.range.clone());
            spans.push(Span {
                range,
                score,
                kind: link_kind_name(structure, l),
                tokens: toks.clone(),
            });
        }
    }

    for (h, block) in structure.hidden.iter().enumerate() {
        let inside: Vec<usize> = (0..ex.tokens.len())
            .filter(|&i| ex.tokens[i].hidden == Some(h))
            .collect();
        if inside.is_empty() {
            continue;
        }
        let any_link = structure.links.iter().enumerate().any(|(l, link)| {
            link_flagged[l]
                && block.range.start <= link.range.start
                && link.range.end <= block.range.end
        });
        let flagged = inside
            .iter()
            .filter(|&&i| probs[i] >= params.threshold)
            .count();
        if any_link || flagged * 2 >= inside.len() {
            let score = inside.iter().map(|&i| probs[i]).fold(0.0, f32::max);
            spans.push(Span {
                range: block.range.clone(),
                score,
                kind: "hidden_block",
                tokens: inside,
            });
        }
    }

    prose_runs(text, ex, probs, params, &mut spans, &mut doc_score);

    let spans = merge(text, spans);
    for s in &spans {
        doc_score = doc_score.max(s.score);
    }
    (spans, doc_score)
}

fn link_kind_name(structure: &Structure, l: usize) -> &'static str {
    let link = &structure.links[l];
    if link.hidden {
        return "hidden_block";
    }
    match link.kind {
        LinkKind::BareUrl => "bare_url",
        _ if link.container.is_some() => "link_list",
        LinkKind::Markdown => "markdown_link",
        LinkKind::MarkdownRef => "ref_link",
        LinkKind::MarkdownRefDef => "ref_def",
        LinkKind::Html => "html_link",
        LinkKind::BbCode => "bbcode",
    }
}

/// Runs of flagged prose tokens outside links: anchor text without its URL.
fn prose_runs(
    text: &str,
    ex: &Extraction,
    probs: &[f32],
    params: DecodeParams,
    spans: &mut Vec<Span>,
    doc_score: &mut f32,
) {
    let candidate = |i: usize| {
        let t = &ex.tokens[i];
        t.link.is_none() && t.hidden.is_none() && !t.markup && !t.word.is_empty()
    };
    let n = ex.tokens.len();
    let mut i = 0;
    while i < n {
        if !(candidate(i) && probs[i] >= params.threshold) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        let mut gap = 0;
        while j < n && candidate(j) && gap <= params.max_gap {
            if probs[j] >= params.threshold {
                run.push(j);
                gap = 0;
            } else {
                gap += 1;
            }
            j += 1;
        }
        let (first, last) = (run[0], run[run.len() - 1]);
        let members: Vec<usize> = (first..=last).collect();
        let score = members.iter().map(|&k| probs[k]).sum::<f32>() / members.len() as f32;
        let top = run.iter().map(|&k| probs[k]).fold(0.0, f32::max);
        *doc_score = doc_score.max(top);
        let lone_needs = params.threshold + params.lone_margin * (1.0 - params.threshold);
        if run.len() > 1 || top >= lone_needs {
            let range = trim_punctuation(text, ex, first, last);
            spans.push(Span {
                range,
                score,
                kind: "anchor_text",
                tokens: members,
            });
        }
        i = last + 1;
    }
}

/// The byte range of tokens `first..=last` without leading or trailing punctuation that
/// belongs to the surrounding sentence ("Jersey," ends before the comma).
fn trim_punctuation(text: &str, ex: &Extraction, first: usize, last: usize) -> Range<usize> {
    let start = ex.tokens[first].range.start;
    let end = ex.tokens[last].range.end;
    let piece = &text[start..end];
    let lead = piece.len()
        - piece
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .len();
    let trail = piece.len() - piece.trim_end_matches(|c: char| !c.is_alphanumeric()).len();
    if lead + trail >= piece.len() {
        return start..end;
    }
    start + lead..end - trail
}

/// Sort spans and merge the overlapping ones (a link inside a flagged hidden block, a link
/// whose container is another's).
fn merge(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.range.start, std::cmp::Reverse(s.range.end)));
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        if let Some(last) = out.last_mut() {
            if s.range.start < last.range.end {
                last.range.end = last.range.end.max(s.range.end);
                last.score = last.score.max(s.score);
                last.tokens.extend(s.tokens);
                continue;
            }
        }
        out.push(s);
    }
    for s in &mut out {
        s.tokens.sort_unstable();
        s.tokens.dedup();
        debug_assert!(text.is_char_boundary(s.range.start) && text.is_char_boundary(s.range.end));
    }
    out
}
