//! Prose spans: runs of flagged tokens outside links — anchor text without its URL —
//! bridged over short gaps, widened to the neighbouring words of the phrase, trimmed of
//! edge punctuation; a lone token needs a wider margin.

use std::ops::Range;

use super::{DecodeParams, Found, Scored, Span};
use crate::features::{self, Extraction};

/// Runs of flagged prose tokens outside links: anchor text without its URL. A run that
/// only the campaign bar let in (none of its tokens reaches `threshold`, the page's usual
/// bar) must not hold the page's own topic words: on a jersey buying guide with one
/// injected shop link, "NFL jerseys" scores high for its words, not for being pasted in.
/// It must hold spam vocabulary or a capitalised name, what advertisements are made of.
/// A lone word is never let in by the campaign bar alone.
pub(super) fn prose_runs(page: Scored, params: DecodeParams, threshold: f32, found: &mut Found) {
    let Scored { ex, probs, .. } = page;
    let candidate = |i: usize| is_prose_word(ex, i);
    let n = ex.tokens.len();
    // The document's score is its strongest evidence, also when no run was flagged: a
    // page whose best word scored just under the bar ranks above one with nothing.
    for i in (0..n).filter(|&i| candidate(i)) {
        found.doc_score = found.doc_score.max(probs[i]);
    }
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
        let (start, end) = extend_run(ex, probs, params, run[0], run[run.len() - 1], &candidate);
        let (first, last) = capitalised_extent(ex, start, end);
        let span = anchor_text_span(page, first, last);
        let top = run.iter().map(|&k| probs[k]).fold(0.0, f32::max);
        // The campaign bar lowers the bar for runs, not for a lone word: one spam-vocabulary
        // word of a spun sentence ("a replica in the eight-page document") scores high
        // for its word alone, and a campaign page has spun prose as often as a clean one.
        let lone_needs =
            (params.threshold + params.lone_margin * (1.0 - params.threshold)).max(threshold);
        let on_topic =
            |k: usize| ex.context.token_lex[k].is_some_and(|c| ex.context.topic.covers_category(c));
        let campaign_only = top < threshold;
        // What an advertisement is made of: spam vocabulary or a capitalised name. Next to
        // a comment's spam links every word scores high ("This [is very] informative."),
        // so the campaign bar alone does not let in a run of the page's plain words.
        let advertises = |k: usize| {
            ex.context.token_lex[k].is_some()
                || features::is_capitalised(&ex.tokens[k].surface) && !starts_sentence(ex, k)
        };
        let campaign_allows = || {
            span.tokens.iter().any(|&k| advertises(k)) && !span.tokens.iter().any(|&k| on_topic(k))
        };
        // A word the extension widened into a phrase of high-scoring words is not lone.
        let phrase = run.len() > 1 || end > start;
        if (phrase || top >= lone_needs) && (!campaign_only || campaign_allows()) {
            found.spans.push(span);
        }
        i = last + 1;
    }
}

/// Token `k` begins a sentence: its capital is for its place, not a name's.
pub(super) fn starts_sentence(ex: &Extraction, k: usize) -> bool {
    k == 0 || ex.tokens[k - 1].ends_sentence
}

/// The anchor-text span of prose tokens `first..=last`: scored by their mean, without the
/// sentence's punctuation at its edges.
pub(super) fn anchor_text_span(page: Scored, first: usize, last: usize) -> Span {
    let tokens: Vec<usize> = (first..=last).collect();
    let score = tokens.iter().map(|&k| page.probs[k]).sum::<f32>() / tokens.len() as f32;
    Span {
        range: trim_punctuation(page.text, page.ex, first, last),
        score,
        kind: "anchor_text",
        tokens,
        pass: 0,
    }
}

/// Token `i` is a word of the page's visible prose: outside links, hidden blocks and markup.
pub(super) fn is_prose_word(ex: &Extraction, i: usize) -> bool {
    let t = &ex.tokens[i];
    t.link.is_none() && t.hidden.is_none() && !t.markup && !t.word.is_empty()
}

/// Widen a flagged prose run `first..=last` over the words of its sentence scoring at
/// least `extend_threshold`, bridging gaps of `max_gap` words as the run itself does.
pub(super) fn extend_run(
    ex: &Extraction,
    probs: &[f32],
    params: DecodeParams,
    first: usize,
    last: usize,
    candidate: &dyn Fn(usize) -> bool,
) -> (usize, usize) {
    let tokens = &ex.tokens;
    // From `edge` one way (`step`) to the nearest extending word within the gap, and on
    // from there; never over a sentence end between two tokens or a non-candidate.
    let walk = |mut edge: usize, step: &dyn Fn(usize) -> Option<usize>| 'grow: loop {
        let mut at = edge;
        for _ in 0..=params.max_gap {
            let Some(k) = step(at).filter(|&k| k < tokens.len()) else {
                break 'grow edge;
            };
            if !candidate(k) || tokens[at.min(k)].ends_sentence {
                break 'grow edge;
            }
            if probs[k] >= params.extend_threshold {
                edge = k;
                continue 'grow;
            }
            at = k;
        }
        break edge;
    };
    (
        walk(first, &|at| at.checked_sub(1)),
        walk(last, &|at| Some(at + 1)),
    )
}

/// Widen `first..=last` to the whole run of capitalised words it starts or ends inside
/// ("Dale" of "Dale Hunter Jersey" when "Hunter Jersey" is flagged), never past a sentence
/// start, a link or a non-capitalised word.
pub(super) fn capitalised_extent(
    ex: &Extraction,
    mut first: usize,
    mut last: usize,
) -> (usize, usize) {
    let tokens = &ex.tokens;
    let capitalised = |i: usize| {
        let t = &tokens[i];
        t.link.is_none() && !t.word.is_empty() && features::is_capitalised(&t.surface)
    };
    let ends_sentence = |i: usize| tokens[i].ends_sentence;
    if capitalised(first) {
        while first > 0 && capitalised(first - 1) && !ends_sentence(first - 1) {
            first -= 1;
        }
    }
    if capitalised(last) {
        while last + 1 < tokens.len() && capitalised(last + 1) && !ends_sentence(last) {
            last += 1;
        }
    }
    (first, last)
}

/// The byte range of tokens `first..=last` without leading or trailing punctuation that
/// belongs to the surrounding sentence ("Jersey," ends before the comma).
pub(super) fn trim_punctuation(
    text: &str,
    ex: &Extraction,
    first: usize,
    last: usize,
) -> Range<usize> {
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
