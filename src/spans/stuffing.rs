//! Stuffing: one spam phrase pasted again and again into a page's prose ("Escort Bayan"
//! seven times in one article, each time between two words of a sentence). Each copy
//! scores low on its own: the page uses the words often, and a word a page repeats reads
//! as its own. The repetition is the evidence: prose repeats its topic's words in many
//! combinations, a stuffed page repeats one phrase of spam vocabulary foreign to it,
//! capitalised the same way, in sentence after sentence.

use std::collections::HashMap;

use super::prose::{
    anchor_text_span, capitalised_extent, is_prose_word, starts_sentence, trim_punctuation,
};
use super::{Found, Scored};
use crate::tokens::words_of;

/// A phrase as written, with where each copy lies (token ranges). The same text makes the
/// same words: the words need no key of their own.
type Copies = HashMap<String, Vec<(usize, usize)>>;

/// Copies of one phrase, each in a sentence of its own, that make it stuffing.
const MIN_COPIES: usize = 3;

/// Flag every copy of a phrase of two or more words, holding spam vocabulary foreign to
/// the page, that the prose repeats in at least [`MIN_COPIES`] sentences.
pub(super) fn stuffed_phrases(page: Scored, found: &mut Found) {
    let ex = page.ex;
    let mut copies = Copies::new();
    let mut i = 0;
    while i < ex.tokens.len() {
        if !(is_prose_word(ex, i) && ex.context.foreign_spam_word(i)) {
            i += 1;
            continue;
        }
        let (first, last) = phrase_around(page, i);
        let words: usize = (first..=last)
            .map(|k| words_of(&ex.tokens[k].word).len())
            .sum();
        // The same words written the same way: a name the prose declines or a phrase it
        // writes both ways is its own.
        if words >= 2 {
            let written = page.text[trim_punctuation(page.text, ex, first, last)].to_string();
            copies.entry(written).or_default().push((first, last));
        }
        i = last + 1;
    }
    let mut stuffed = Vec::new();
    for places in copies.into_values() {
        if sentences(page, &places) < MIN_COPIES {
            continue;
        }
        for (first, last) in places {
            let place = ex.tokens[first].range.start..ex.tokens[last].range.end;
            if !found.overlaps(&place) {
                stuffed.push(anchor_text_span(page, first, last));
            }
        }
    }
    found.spans.extend(stuffed);
}

/// The phrase around spam word `i`: its capitalised run ("Escort Bayan") less a sentence's
/// first word, or else the spam-vocabulary words next to it in its sentence ("cialis
/// daily").
fn phrase_around(page: Scored, i: usize) -> (usize, usize) {
    let ex = page.ex;
    let (mut first, last) = capitalised_extent(ex, i, i);
    // A sentence's first word is capitalised for its place, not as part of the phrase:
    // "The Escort Bayan data" holds the phrase of "open Escort Bayan.".
    if first < i && starts_sentence(ex, first) && ex.context.token_lex[first].is_none() {
        first += 1;
    }
    if first < last {
        return (first, last);
    }
    let lexical = |k: usize| is_prose_word(ex, k) && ex.context.token_lex[k].is_some();
    let (mut first, mut last) = (i, i);
    while first > 0 && lexical(first - 1) && !ex.tokens[first - 1].ends_sentence {
        first -= 1;
    }
    while last + 1 < ex.tokens.len() && lexical(last + 1) && !ex.tokens[last].ends_sentence {
        last += 1;
    }
    (first, last)
}

/// How many sentences hold the copies at `places` (in token order).
fn sentences(page: Scored, places: &[(usize, usize)]) -> usize {
    let tokens = &page.ex.tokens;
    let mut count = 0;
    let mut previous_end: Option<usize> = None;
    for &(first, last) in places {
        let new_sentence =
            previous_end.is_none_or(|end| (end..first).any(|k| tokens[k].ends_sentence));
        count += usize::from(new_sentence);
        previous_end = Some(last);
    }
    count
}
