//! The distinct words of a document, and which one each token carries. A page uses most of
//! its words several times: whatever depends on the word alone (its lexicon category, how
//! often the prose uses it, its hashed keys) is worked out once per word and looked up by
//! number, instead of hashing the word's text again for every token.

use rustc_hash::FxHashMap;

use crate::tokens::Token;

/// A document's words, numbered in order of first use.
#[derive(Debug, Default)]
pub struct Vocabulary<'t> {
    /// Each distinct non-empty word.
    pub words: Vec<&'t str>,
    /// Per token, the number of its word; `None` for tokens without one.
    pub of_token: Vec<Option<u32>>,
}

impl<'t> Vocabulary<'t> {
    pub fn of(tokens: &'t [Token<'_>]) -> Vocabulary<'t> {
        let mut numbers: FxHashMap<&'t str, u32> = FxHashMap::default();
        let mut words = Vec::new();
        let of_token = tokens
            .iter()
            .map(|t| {
                let word: &'t str = &t.word;
                (!word.is_empty()).then(|| {
                    *numbers.entry(word).or_insert_with(|| {
                        words.push(word);
                        words.len() as u32 - 1
                    })
                })
            })
            .collect();
        Vocabulary { words, of_token }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Per token, `per_word` of its word; `none` for tokens without one.
    pub fn per_token<T: Copy>(&self, per_word: &[T], none: T) -> Vec<T> {
        self.of_token
            .iter()
            .map(|w| w.map_or(none, |w| per_word[w as usize]))
            .collect()
    }
}
