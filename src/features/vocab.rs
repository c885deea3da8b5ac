//! The distinct words of a document, and which one each token carries. A page uses most of
//! its words several times: whatever depends on the word alone (its lexicon category, how
//! often the prose uses it, its hashed keys) is worked out once per word and looked up by
//! number, instead of hashing the word's text again for every token.

use rustc_hash::FxHashMap;

use super::fluency;
use super::own_keys::WordCache;
use crate::lexicon::Lexicon;
use crate::tokens::Token;

/// A document's words, numbered in order of first use.
#[derive(Debug, Default)]
pub struct Vocabulary<'t> {
    /// Each distinct non-empty word.
    pub words: Vec<&'t str>,
    /// Per token, the number of its word; `None` for tokens without one.
    pub of_token: Vec<Option<u32>>,
    /// Per word, what the word alone says.
    pub facts: Vec<WordFacts>,
    /// Per word, its slot in the [`WordCache`] it was looked up in (empty without one).
    pub slots: Vec<u32>,
    /// Each word's number, to look a word up by its text.
    pub number_of: FxHashMap<&'t str, u32>,
}

/// What a word says on its own, whatever the page.
#[derive(Debug, Clone, Copy)]
pub struct WordFacts {
    /// Its lexicon category.
    pub lex: Option<u8>,
    /// It begins a two-word phrase of the lexicon.
    pub starts_phrase: bool,
    /// Its fluency hash and determiner flag, when it has a letter.
    pub chain: Option<(u64, bool)>,
}

impl WordFacts {
    pub fn of(word: &str) -> WordFacts {
        let lexicon = Lexicon::get();
        WordFacts {
            lex: lexicon.word(word),
            starts_phrase: lexicon.starts_phrase(word),
            chain: fluency::chain_word(word),
        }
    }
}

impl<'t> Vocabulary<'t> {
    pub fn of(tokens: &'t [Token<'_>]) -> Vocabulary<'t> {
        let mut vocab = Vocabulary::numbered(tokens);
        vocab.facts = vocab.words.iter().map(|w| WordFacts::of(w)).collect();
        vocab
    }

    /// [`Vocabulary::of`] with each word's facts taken from `cache`, where most words of a
    /// page already are.
    pub fn cached(tokens: &'t [Token<'_>], cache: &mut WordCache) -> Vocabulary<'t> {
        let mut vocab = Vocabulary::numbered(tokens);
        vocab.slots = vocab.words.iter().map(|w| cache.slot(w)).collect();
        vocab.facts = vocab.slots.iter().map(|&s| cache.facts(s)).collect();
        vocab
    }

    fn numbered(tokens: &'t [Token<'_>]) -> Vocabulary<'t> {
        // A page has about one distinct word in three tokens: sized for that, the table
        // rarely grows.
        let mut numbers: FxHashMap<&'t str, u32> = FxHashMap::default();
        numbers.reserve(tokens.len() / 3);
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
        Vocabulary {
            words,
            of_token,
            facts: Vec::new(),
            slots: Vec::new(),
            number_of: numbers,
        }
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
