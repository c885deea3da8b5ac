//! What one word contributes to hashed keys, worked out once per distinct word of a
//! document: its own keys (the word and its character grams, copied into the row of every
//! token carrying it) and the hashes its neighbours' keys start from (`<word`, `>word`,
//! and `word_` as the first half of a pair). A page uses most of its words several times,
//! and hashing is byte by byte.

use std::ops::Range;

use super::hashed::{gram_keys, word_key, KeyWriter, Neighbour};
use super::key_hash::KeyHash;
use super::rows::Entry;
use super::vocab::Vocabulary;
use crate::model::FeatureConfig;

/// The hashes a word or mark lends the keys of the words beside it.
#[derive(Debug, Clone, Copy)]
pub struct AroundHashes {
    /// `<word`: the word before a token.
    pub before: u64,
    /// `>word`: the word after a token.
    pub after: u64,
    /// `word_`, to be continued with the word that follows it.
    pub pair: KeyHash,
}

impl AroundHashes {
    fn of(text: &str) -> AroundHashes {
        AroundHashes {
            before: KeyHash::new().with("<").with(text).finish(),
            after: KeyHash::new().with(">").with(text).finish(),
            pair: KeyHash::new().with(text).with("_"),
        }
    }
}

/// Per-word key material of one document, filled as tokens ask for it.
pub struct OwnKeys<'v> {
    vocab: &'v Vocabulary<'v>,
    /// Per word, where its own entries lie in `entries`: its word key, then its grams.
    own: Vec<Option<Range<usize>>>,
    entries: Vec<Entry>,
    around: Vec<Option<AroundHashes>>,
    /// The marks that stand for a missing neighbour.
    marks: [(&'static str, AroundHashes); 3],
}

impl<'v> OwnKeys<'v> {
    pub fn new(vocab: &'v Vocabulary<'v>) -> OwnKeys<'v> {
        let mark = |m: &'static str| (m, AroundHashes::of(m));
        OwnKeys {
            vocab,
            own: vec![None; vocab.len()],
            entries: Vec::new(),
            around: vec![None; vocab.len()],
            marks: [mark("^"), mark("$"), mark("@link")],
        }
    }

    fn word_of(&self, token: usize) -> usize {
        self.vocab.of_token[token].expect("a token with a word") as usize
    }

    /// Where token `i`'s word key and gram keys lie (see [`OwnKeys::entries`]).
    pub fn word_and_grams(
        &mut self,
        config: &FeatureConfig,
        i: usize,
    ) -> (Range<usize>, Range<usize>) {
        let w = self.word_of(i);
        let entries = &mut self.entries;
        let range = self.own[w].get_or_insert_with(|| {
            let word = self.vocab.words[w];
            let start = entries.len();
            let mut keys = KeyWriter::new(config, entries, None);
            word_key(&mut keys, word);
            gram_keys(&mut keys, word);
            start..entries.len()
        });
        (range.start..range.start + 1, range.start + 1..range.end)
    }

    pub fn entries(&self, range: Range<usize>) -> &[Entry] {
        &self.entries[range]
    }

    /// The hashes of token `i`'s word.
    pub fn around_token(&mut self, i: usize) -> AroundHashes {
        let w = self.word_of(i);
        let word = self.vocab.words[w];
        *self.around[w].get_or_insert_with(|| AroundHashes::of(word))
    }

    /// The hashes of a neighbour, word or mark.
    pub fn around(&mut self, n: Neighbour) -> AroundHashes {
        match n.token {
            Some(j) => self.around_token(j),
            None => match self.marks.iter().find(|(m, _)| *m == n.text) {
                Some(&(_, hashes)) => hashes,
                None => AroundHashes::of(n.text),
            },
        }
    }
}
