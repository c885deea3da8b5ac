//! "Spinning": the garbling of scraped, machine-rewritten copies ("Islamic Point out",
//! "Bashar A sad", "Ru sia"). Spam often lives on exactly such pages, so the model must see
//! garbled text on clean pages too and learn that it is not the spam. Never labelled.

use rand::seq::SliceRandom;
use rand::Rng;

use super::edit::Splice;
use super::prose::Slots;
use super::vocab::Vocab;

/// Spin a modest share (2–8 %) of the prose words: clumsy synonyms where the vocabulary has
/// one, otherwise a doubled letter turned into a space, a word split in two, or a letter
/// dropped. Returns replacements of single words.
pub(crate) fn spin<R: Rng>(text: &str, slots: &Slots, vocab: &Vocab, rng: &mut R) -> Vec<Splice> {
    let rate = rng.gen_range(0.02..0.08);
    let mut out = Vec::new();
    for &(a, b) in &slots.words {
        if !rng.gen_bool(rate) {
            continue;
        }
        if let Some(new) = spun(&text[a..b], vocab, rng) {
            out.push(Splice::replace(a, b, new));
        }
    }
    out
}

/// One garbled version of `word`, or `None` when it is too short to garble.
pub(crate) fn spun<R: Rng>(word: &str, vocab: &Vocab, rng: &mut R) -> Option<String> {
    let lower = word.to_lowercase();
    if let Some(alts) = vocab.synonyms_of(&lower) {
        if rng.gen_bool(0.75) {
            let alt = alts.choose(rng)?;
            if alt != &lower {
                return Some(match_case(word, alt));
            }
        }
    }
    let mut chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if n < 4 {
        return None;
    }
    let doubled = (1..n - 1).find(|&i| chars[i] == chars[i + 1] && chars[i].is_alphabetic());
    match doubled {
        Some(i) if rng.gen_bool(0.7) => chars[i] = ' ',
        _ if n >= 6 => {
            let i = rng.gen_range(2..n - 2);
            if rng.gen_bool(0.5) {
                chars.remove(i);
            } else {
                chars.insert(i, ' ');
            }
        }
        _ => return None,
    }
    Some(chars.into_iter().collect())
}

/// Give `alt` the capitalisation of `word` (Capitalised or UPPER).
fn match_case(word: &str, alt: &str) -> String {
    let upper = word
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase)
        && word.chars().count() > 1;
    if upper {
        return alt.to_uppercase();
    }
    if word.chars().next().is_some_and(char::is_uppercase) {
        let mut cs = alt.chars();
        return match cs.next() {
            Some(f) => f.to_uppercase().chain(cs).collect(),
            None => String::new(),
        };
    }
    alt.to_string()
}
