//! Echoes: a campaign repeats its phrases. Once one of its anchors is caught (a spam link's
//! anchor text or a run of anchor text) the same words pasted elsewhere into the page's
//! prose are the same injection: "[buy valium online](…)" near the end, and "has been
//! perfecting their Buy Valium Online process" in the first paragraph, where the words
//! alone score under the bar.
//!
//! Only phrases holding spam vocabulary foreign to the page's topic echo: a link wheel's
//! anchor is one of the page's own words ("within", "Facebook"), and its other uses are
//! the page's prose.

use rustc_hash::FxHashMap;

use super::prose::{anchor_text_span, is_prose_word};
use super::{Found, Scored, Span};
use crate::document::LinkKind;
use crate::features::Extraction;
use crate::tokens::words_of;

/// Flag every prose occurrence of a caught span's words that holds foreign spam
/// vocabulary and lies outside the spans found so far. A run of anchor text echoes when
/// one of its words reached `threshold`, the page's usual bar.
pub(super) fn echoed_phrases(page: Scored, threshold: f32, found: &mut Found) {
    let ex = page.ex;
    let phrases = caught_phrases(page, &found.spans, threshold);
    if phrases.is_empty() {
        return;
    }
    // The page's prose as one sequence of words, each with its token: a token "20mg," or
    // "pas-cher" splits into words as an anchor does.
    let mut words: Vec<(String, usize)> = Vec::new();
    for (i, t) in ex.tokens.iter().enumerate() {
        if is_prose_word(ex, i) {
            words.extend(words_of(&t.word).into_iter().map(|w| (w, i)));
        }
    }
    // The phrases by their first word, longest first within each: a page can catch
    // thousands of anchors, and each prose word is looked up, not compared with all.
    let mut by_first: FxHashMap<&str, Vec<&Vec<String>>> = FxHashMap::default();
    for p in &phrases {
        by_first.entry(p[0].as_str()).or_default().push(p);
    }
    let mut echoes = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let candidates = by_first
            .get(words[at].0.as_str())
            .map_or(&[][..], Vec::as_slice);
        let hit = candidates.iter().find_map(|p| {
            let end = at + p.len();
            let here = words.get(at..end)?;
            let same = (here.iter().map(|(w, _)| w.as_str())).eq(p.iter().map(String::as_str));
            let (first, last) = (here[0].1, here[here.len() - 1].1);
            (same && contiguous(ex, first, last)).then_some((end, first, last))
        });
        let Some((end, first, last)) = hit else {
            at += 1;
            continue;
        };
        let foreign = (first..=last).any(|k| ex.context.foreign_spam_word(k));
        let place = ex.tokens[first].range.start..ex.tokens[last].range.end;
        if foreign && !found.overlaps(&place) {
            echoes.push(anchor_text_span(page, first, last));
        }
        at = end;
    }
    found.spans.extend(echoes);
}

/// The word sequences of the caught spans that can echo: a link's anchor (not a bare URL,
/// whose "anchor" is its address) and a run of anchor text.
fn caught_phrases(page: Scored, spans: &[Span], sure: f32) -> Vec<Vec<String>> {
    let ex = page.ex;
    let mut phrases: Vec<Vec<String>> = Vec::new();
    for s in spans {
        let Some(&first) = s.tokens.first() else {
            continue;
        };
        let words = match ex.tokens[first].link {
            Some(l) if ex.structure.links[l].kind == LinkKind::BareUrl => continue,
            Some(l) => ex.context.links[l].anchor_words.clone(),
            // A run let in by the campaign bar alone is not sure enough to repeat.
            None if s.kind == "anchor_text" && s.tokens.iter().any(|&k| page.probs[k] >= sure) => {
                (s.tokens.iter())
                    .flat_map(|&k| words_of(&ex.tokens[k].word))
                    .collect()
            }
            None => continue,
        };
        if !words.is_empty() {
            phrases.push(words);
        }
    }
    // Each phrase once (a campaign repeats its anchors), then longest first: "cheap
    // replica watches" before "replica watches".
    phrases.sort_unstable();
    phrases.dedup();
    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
    phrases
}

/// Tokens `first..=last` are prose words of one sentence, with nothing between them.
fn contiguous(ex: &Extraction, first: usize, last: usize) -> bool {
    (first..=last).all(|k| is_prose_word(ex, k))
        && !(first..last).any(|k| ex.tokens[k].ends_sentence)
}
