//! Background fluency: which words ordinary prose uses, and which word follows which.
//!
//! Injected anchor text and bare URLs are pasted into sentences that were whole without
//! them. The words at both seams rarely follow each other anywhere, while the words either
//! side of the insertion do: in "things can [jerseys for sale] get fuzzy", "can jerseys"
//! and "sale get" are unheard of and "can get" is common. The page alone cannot tell that;
//! a table of the word pairs of clean training prose can, whatever the spam vocabulary.
//! Measured on the synthetic held-out split before this was built: two broken seams
//! around a removable phrase held for 65 % of injected anchor texts and for 2 % of random
//! clean phrases.
//!
//! The tables are two bit sets indexed by hash (false positives only make a pair look
//! ordinary, which costs recall, never clean text), stored in the model file. Training
//! builds them from the tokens outside the gold spans, cross-fitted by fold: a document's
//! own pairs must not be in the table its features are computed with, or every clean
//! seam of the training data would look ordinary and every break like spam.

use std::collections::HashMap;
use std::ops::Range;

use super::vocab::Vocabulary;
use crate::document::Structure;
use crate::tokens::Token;

/// Bits in the known-word table (128 KiB).
pub const KNOWN_BITS_LOG2: u32 = 20;
/// Bits in the word-pair table (1 MiB).
pub const PAIR_BITS_LOG2: u32 = 23;
/// A word is known once the training prose used it this often.
const KNOWN_MIN_COUNT: u32 = 3;
/// The pseudo-word after a sentence's last word: "strategy ." is a pair too.
const SENTENCE_END: u64 = word_hash("</s>");
/// Longest insertion looked for, in words.
const MAX_INSERTION: usize = 6;

/// Per-token marks of [`Fluency::marks`].
pub mod mark {
    /// The word does not follow the word before it in ordinary prose.
    pub const BREAK_BEFORE: u8 = 1;
    /// The next word (or the sentence end) does not follow this word.
    pub const BREAK_AFTER: u8 = 1 << 1;
    /// A one-word run with breaks at both ends whose outer words do follow each other.
    pub const INSERTION_ONE: u8 = 1 << 2;
    /// The same for a run of 2 to 6 words.
    pub const INSERTION_FEW: u8 = 1 << 3;
    /// A link whose neighbouring words follow each other: the sentence reads on without
    /// it, so it was pasted in ("what [buy valium online](…) is popular"), where a link
    /// made of the page's own words ("the airline [industry](…)") leaves a gap.
    pub const LINK_BRIDGED: u8 = 1 << 4;
    /// A prose word the training prose never used often enough to know.
    pub const UNKNOWN: u8 = 1 << 5;
    /// An insertion holding spam vocabulary (set by the extractor, which knows the lexicon).
    pub const INSERTION_LEX: u8 = 1 << 6;
    /// An insertion of capitalised words (set by the extractor).
    pub const INSERTION_CAPITALISED: u8 = 1 << 7;
    /// Either insertion mark.
    pub const INSERTION: u8 = INSERTION_ONE | INSERTION_FEW;
}

/// A bit set whose length is a power of two, indexed by the top bits of a hash.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BitTable {
    words: Vec<u64>,
    shift: u32,
}

impl BitTable {
    /// An all-zero table of `2^bits_log2` bits (`bits_log2` from 6 to 32).
    pub fn zeroed(bits_log2: u32) -> BitTable {
        let bits_log2 = bits_log2.clamp(6, 32);
        BitTable {
            words: vec![0; 1 << (bits_log2 - 6)],
            shift: 64 - bits_log2,
        }
    }

    /// A table from its 64-bit words; `None` unless their count is a power of two.
    pub fn from_words(words: Vec<u64>) -> Option<BitTable> {
        if words.is_empty() {
            return Some(BitTable::default());
        }
        if !words.len().is_power_of_two() || words.len() > 1 << 26 {
            return None;
        }
        let bits_log2 = words.len().trailing_zeros() + 6;
        Some(BitTable {
            words,
            shift: 64 - bits_log2,
        })
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    fn position(&self, hash: u64) -> (usize, u64) {
        let bit = scramble(hash) >> self.shift;
        ((bit >> 6) as usize, 1 << (bit & 63))
    }

    fn insert(&mut self, hash: u64) {
        if self.words.is_empty() {
            return;
        }
        let (w, b) = self.position(hash);
        self.words[w] |= b;
    }

    fn contains(&self, hash: u64) -> bool {
        if self.words.is_empty() {
            return false;
        }
        let (w, b) = self.position(hash);
        self.words[w] & b != 0
    }

    fn union_with(&mut self, other: &BitTable) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }
}

/// The background tables. An empty `Fluency` (the default) knows nothing and marks nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fluency {
    pub known: BitTable,
    pub pairs: BitTable,
}

impl Fluency {
    pub fn is_empty(&self) -> bool {
        self.known.is_empty() || self.pairs.is_empty()
    }

    fn known(&self, w: u64) -> bool {
        self.known.contains(w)
    }

    fn seen(&self, a: u64, b: u64) -> bool {
        self.pairs.contains(pair_hash(a, b))
    }

    /// The [`mark`]s of every token of a document whose words are `vocab`.
    pub(super) fn marks(
        &self,
        text: &str,
        structure: &Structure,
        tokens: &[Token],
        vocab: &Vocabulary,
    ) -> Vec<u8> {
        let mut marks = vec![0u8; tokens.len()];
        if self.is_empty() {
            return marks;
        }
        let chain = Chain::of(text, tokens, vocab);
        let next_of = |j: usize| -> Option<u64> {
            if chain.joined(j) {
                chain.word[j + 1]
            } else if tokens[j].ends_sentence {
                Some(SENTENCE_END)
            } else {
                None
            }
        };
        // Each token's table answers, looked up once: whether its word is known, and
        // whether the pair it makes with what follows is unseen. The seams of a run are
        // asked for again and again below, and the pair table (1 MiB) is a cache miss a
        // lookup.
        let known: Vec<bool> = chain
            .word
            .iter()
            .map(|w| w.is_some_and(|w| self.known(w)))
            .collect();
        let unseen_next: Vec<bool> = (0..tokens.len())
            .map(|j| chain.word[j].is_some_and(|w| next_of(j).is_some_and(|n| !self.seen(w, n))))
            .collect();
        // The next word (or the sentence end) does not follow token `j`'s word.
        let breaks_after = |j: usize| {
            unseen_next[j]
                && (!chain.joined(j) || known[j + 1] || chain.word[j + 1] == Some(SENTENCE_END))
        };
        for i in 0..tokens.len() {
            if chain.word[i].is_none() {
                continue;
            }
            if !known[i] {
                marks[i] |= mark::UNKNOWN;
            }
            if breaks_after(i) {
                marks[i] |= mark::BREAK_AFTER;
            }
            let Some(p) = i.checked_sub(1).filter(|&p| chain.joined(p)) else {
                continue;
            };
            // `joined(p)`: the pair after `p` is (`prev`, this word).
            if !known[p] || !unseen_next[p] {
                continue;
            }
            let prev = chain.word[p].unwrap_or_default();
            marks[i] |= mark::BREAK_BEFORE;
            // After a determiner comes a noun phrase, and a rare name there ("the
            // Hollywood Casino") breaks no seam, whatever the tables say: a pair like
            // "the hollywood" is missing from them only for want of text.
            if chain.links[p].determiner {
                continue;
            }
            // The shortest run from here that ends in a break and can be lifted out.
            for j in i..(i + MAX_INSERTION).min(tokens.len()) {
                if j > i && !chain.joined(j - 1) {
                    break;
                }
                if chain.word[j].is_none() {
                    break;
                }
                if !breaks_after(j) {
                    continue;
                }
                // A break inside the run is no end: pasted phrases rarely appear in clean
                // prose, so their own pairs are unseen too.
                if next_of(j).is_some_and(|n| self.seen(prev, n)) {
                    let m = if j == i {
                        mark::INSERTION_ONE
                    } else {
                        mark::INSERTION_FEW
                    };
                    for x in &mut marks[i..=j] {
                        *x |= m;
                    }
                    break;
                }
            }
        }
        self.mark_bridged_links(structure, tokens, &chain, &mut marks);
        marks
    }

    /// Links whose neighbours make a pair: "should be [URL] in Spanish". Hidden links have
    /// no place in the sentence to be judged by.
    fn mark_bridged_links(
        &self,
        structure: &Structure,
        tokens: &[Token],
        chain: &Chain,
        marks: &mut [u8],
    ) {
        let mut i = 0;
        while i < tokens.len() {
            let Some(l) = tokens[i].link else {
                i += 1;
                continue;
            };
            let mut j = i;
            while j + 1 < tokens.len() && tokens[j + 1].link == Some(l) {
                j += 1;
            }
            let run = i..j + 1;
            i = j + 1;
            if structure.links[l].hidden {
                continue;
            }
            let prev = run
                .start
                .checked_sub(1)
                .filter(|&p| chain.links[p].trailing_joins && !tokens[p].ends_sentence)
                .and_then(|p| chain.word[p]);
            let next = match tokens.get(run.end) {
                Some(_) if chain.links[run.end].leading_joins && chain.word[run.end].is_some() => {
                    chain.word[run.end]
                }
                _ if tokens[run.end - 1].ends_sentence => Some(SENTENCE_END),
                _ => None,
            };
            if let (Some(p), Some(n)) = (prev, next) {
                if self.known(p) && self.seen(p, n) {
                    for x in &mut marks[run] {
                        *x |= mark::LINK_BRIDGED;
                    }
                }
            }
        }
    }
}

/// Counts for building a [`Fluency`] from labelled documents.
#[derive(Debug, Clone)]
pub struct FluencyBuilder {
    counts: HashMap<u64, u32>,
    pairs: BitTable,
}

impl Default for FluencyBuilder {
    fn default() -> Self {
        FluencyBuilder {
            counts: HashMap::new(),
            pairs: BitTable::zeroed(PAIR_BITS_LOG2),
        }
    }
}

impl FluencyBuilder {
    /// Count the prose of one document, leaving out every token that touches `exclude`
    /// (the injected spans, sorted by start).
    pub fn add_document(&mut self, text: &str, tokens: &[Token], exclude: &[Range<usize>]) {
        let chain = Chain::of(text, tokens, &Vocabulary::of(tokens));
        let mut g = 0;
        let excluded: Vec<bool> = tokens
            .iter()
            .map(|t| {
                while g < exclude.len() && exclude[g].end <= t.range.start {
                    g += 1;
                }
                exclude[g..]
                    .iter()
                    .take_while(|e| e.start < t.range.end)
                    .any(|e| e.end > t.range.start)
            })
            .collect();
        for i in 0..tokens.len() {
            let Some(w) = chain.word[i].filter(|_| !excluded[i]) else {
                continue;
            };
            let c = self.counts.entry(w).or_default();
            *c = c.saturating_add(1);
            if chain.joined(i) && !excluded[i + 1] {
                if let Some(n) = chain.word[i + 1] {
                    self.pairs.insert(pair_hash(w, n));
                }
            } else if tokens[i].ends_sentence {
                self.pairs.insert(pair_hash(w, SENTENCE_END));
            }
        }
    }

    /// Add another builder's counts (another fold's documents).
    pub fn merge(&mut self, other: &FluencyBuilder) {
        for (&w, &c) in &other.counts {
            let e = self.counts.entry(w).or_default();
            *e = e.saturating_add(c);
        }
        self.pairs.union_with(&other.pairs);
    }

    pub fn build(&self) -> Fluency {
        let mut known = BitTable::zeroed(KNOWN_BITS_LOG2);
        for (&w, &c) in &self.counts {
            if c >= KNOWN_MIN_COUNT {
                known.insert(w);
            }
        }
        Fluency {
            known,
            pairs: self.pairs.clone(),
        }
    }
}

/// How the tokens of a document chain into word sequences: one entry per token.
struct Chain {
    links: Vec<ChainLink>,
    /// The hash of the token's prose word: `None` when the token is no word (no letter,
    /// or inside a link or markup).
    word: Vec<Option<u64>>,
}

#[derive(Clone, Copy, Default)]
struct ChainLink {
    /// Nothing but a comma after the word, and at most one line break before the next
    /// token: the next word may continue it.
    trailing_joins: bool,
    /// Nothing before the word.
    leading_joins: bool,
    /// The word opens a noun phrase ("the", "a", "this", "our", …).
    determiner: bool,
}

impl Chain {
    fn of(text: &str, tokens: &[Token], vocab: &Vocabulary) -> Chain {
        let n = tokens.len();
        let mut chain = Chain {
            links: Vec::with_capacity(n),
            word: Vec::with_capacity(n),
        };
        for (i, t) in tokens.iter().enumerate() {
            let word = vocab.of_token[i]
                .and_then(|w| vocab.facts[w as usize].chain)
                .filter(|_| t.link.is_none() && !t.markup);
            chain.word.push(word.map(|(hash, _)| hash));
            let raw = &text[t.range.clone()];
            let trailing_joins = match raw.as_bytes().last() {
                Some(b',') => ends_alphanumeric(&raw[..raw.len() - 1]),
                _ => ends_alphanumeric(raw),
            };
            let same_block = tokens.get(i + 1).is_some_and(|next| {
                text.as_bytes()[t.range.end..next.range.start]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    <= 1
            });
            chain.links.push(ChainLink {
                trailing_joins: trailing_joins && same_block,
                leading_joins: starts_alphanumeric(raw),
                determiner: word.is_some_and(|(_, determiner)| determiner),
            });
        }
        chain
    }

    /// Token `i`'s word runs straight into token `i + 1`'s.
    fn joined(&self, i: usize) -> bool {
        i + 1 < self.word.len()
            && self.word[i].is_some()
            && self.word[i + 1].is_some()
            && self.links[i].trailing_joins
            && self.links[i + 1].leading_joins
    }
}

/// The text's first character is a letter or digit; ASCII is told without decoding.
fn starts_alphanumeric(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text.chars().next().is_some_and(char::is_alphanumeric),
    }
}

/// The text's last character is a letter or digit.
fn ends_alphanumeric(text: &str) -> bool {
    match text.as_bytes().last() {
        Some(b) if b.is_ascii() => b.is_ascii_alphanumeric(),
        _ => text.chars().next_back().is_some_and(char::is_alphanumeric),
    }
}

/// What the chain needs of a word alone: its hash when it has a letter, and whether it is
/// a determiner.
pub(super) fn chain_word(word: &str) -> Option<(u64, bool)> {
    has_letter(word).then(|| (word_hash(word), is_determiner(word)))
}

fn has_letter(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_alphabetic())
    } else {
        word.chars().any(char::is_alphabetic)
    }
}

/// Words that open a noun phrase, in the languages of the corpora.
fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the"
            | "a"
            | "an"
            | "this"
            | "that"
            | "these"
            | "those"
            | "our"
            | "their"
            | "his"
            | "her"
            | "its"
            | "my"
            | "your"
            | "le"
            | "la"
            | "les"
            | "un"
            | "une"
            | "el"
            | "los"
            | "las"
            | "der"
            | "die"
            | "das"
            | "ein"
            | "eine"
            | "il"
            | "lo"
            | "gli"
            | "os"
            | "um"
            | "uma"
    )
}

/// FNV-1a 64 of a lower-case word. Stored tables depend on it: it must never change.
const fn word_hash(word: &str) -> u64 {
    let bytes = word.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        h = (h ^ bytes[i] as u64).wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    h
}

/// An ordered pair's hash: "can get" and "get can" differ.
fn pair_hash(a: u64, b: u64) -> u64 {
    a.rotate_left(23).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ b
}

/// Spread FNV's low-entropy top bits before they index a table.
fn scramble(h: u64) -> u64 {
    let h = (h ^ (h >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let h = (h ^ (h >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format};
    use crate::tokens::tokenize;

    fn fluency_of(texts: &[&str]) -> Fluency {
        let mut b = FluencyBuilder::default();
        for t in texts {
            let doc = Document::new("d", *t, Some(Format::Text));
            let s = doc.structure();
            b.add_document(t, &tokenize(t, &s), &[]);
        }
        b.build()
    }

    /// Each token's text, marks, and whether it belongs to a link.
    fn marks_in(f: &Fluency, text: &str, format: Format) -> Vec<(String, u8, bool)> {
        let doc = Document::new("d", text, Some(format));
        let s = doc.structure();
        let tokens = tokenize(text, &s);
        let m = f.marks(text, &s, &tokens, &Vocabulary::of(&tokens));
        tokens
            .iter()
            .zip(m)
            .map(|(t, m)| (text[t.range.clone()].to_string(), m, t.link.is_some()))
            .collect()
    }

    fn marks_of(f: &Fluency, text: &str) -> Vec<(String, u8)> {
        marks_in(f, text, Format::Text)
            .into_iter()
            .map(|(w, m, _)| (w, m))
            .collect()
    }

    const PROSE: &str = "things can get fuzzy pretty fast. things can get better. \
        it can get late. we can get there. jerseys for sale. buy jerseys for sale now. \
        the content should be in spanish. it should be in the text. \
        we read the strategy. a good strategy.";

    #[test]
    fn an_insertion_with_broken_seams_and_a_fluent_bridge_is_marked() {
        let f = fluency_of(&[PROSE, PROSE, PROSE]);
        let m = marks_of(&f, "things can jerseys for sale get fuzzy");
        let few: Vec<&str> = m
            .iter()
            .filter(|(_, m)| m & mark::INSERTION_FEW != 0)
            .map(|(w, _)| w.as_str())
            .collect();
        assert_eq!(few, ["jerseys", "for", "sale"]);
        assert_ne!(m[2].1 & mark::BREAK_BEFORE, 0);
        assert_ne!(m[4].1 & mark::BREAK_AFTER, 0);
        // The clean sentence has no mark but none of its words is unknown either.
        let clean = marks_of(&f, "things can get fuzzy");
        assert!(clean.iter().all(|(_, m)| *m == 0), "{clean:?}");
    }

    #[test]
    fn a_bare_url_the_sentence_reads_on_without_is_bridged() {
        let f = fluency_of(&[PROSE, PROSE, PROSE]);
        let m = marks_of(
            &f,
            "the content should be https://pills.example/buy in spanish",
        );
        assert_ne!(m[4].1 & mark::LINK_BRIDGED, 0, "{m:?}");
        let m = marks_of(
            &f,
            "the content should https://pills.example/buy in spanish",
        );
        assert_eq!(m[3].1 & mark::LINK_BRIDGED, 0, "{m:?}");
    }

    #[test]
    fn a_pasted_link_is_bridged_and_a_linked_word_of_the_sentence_is_not() {
        let f = fluency_of(&[PROSE, PROSE, PROSE]);
        let marks = |text: &str| {
            marks_in(&f, text, Format::Markdown)
                .into_iter()
                .filter(|&(_, _, link)| link)
                .map(|(_, m, _)| m & mark::LINK_BRIDGED != 0)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            marks("it should be [cheap pills](https://pills.example/) in the text"),
            [true, true]
        );
        assert_eq!(
            marks("we read the [strategy](https://blog.example/strategy/) today"),
            [false]
        );
    }

    #[test]
    fn excluded_spans_and_sentence_ends_shape_the_pairs() {
        let text = "can jerseys get there.";
        let doc = Document::new("d", text, Some(Format::Text));
        let s = doc.structure();
        let tokens = tokenize(text, &s);
        let mut b = FluencyBuilder::default();
        let jerseys = text.find("jerseys").map(|a| a..a + "jerseys".len());
        for _ in 0..3 {
            b.add_document(text, &tokens, jerseys.as_slice());
        }
        let f = b.build();
        let (can, jerseys, get, there) = (
            word_hash("can"),
            word_hash("jerseys"),
            word_hash("get"),
            word_hash("there"),
        );
        assert!(f.known(can) && f.known(get) && !f.known(jerseys));
        assert!(!f.seen(can, jerseys) && !f.seen(jerseys, get));
        assert!(f.seen(get, there) && f.seen(there, SENTENCE_END));
    }

    #[test]
    fn an_empty_fluency_marks_nothing() {
        let m = marks_of(&Fluency::default(), "things can jerseys for sale get fuzzy");
        assert!(m.iter().all(|(_, m)| *m == 0));
    }

    #[test]
    fn bit_tables_round_trip_through_their_words() {
        let mut t = BitTable::zeroed(10);
        t.insert(12345);
        let back = BitTable::from_words(t.words().to_vec()).unwrap();
        assert!(back.contains(12345));
        assert_eq!(back, t);
        assert!(BitTable::from_words(vec![0; 3]).is_none());
    }
}
