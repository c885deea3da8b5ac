//! What one word contributes to hashed keys, worked out once per distinct word: its own
//! keys (the word and its character grams, copied into the row of every token carrying it)
//! and the hashes its neighbours' keys start from (`<word`, `>word`, and `word_` as the
//! first half of a pair). A page uses most of its words several times, pages share most of
//! their words, and hashing is byte by byte: a thread keeps what it worked out for the
//! pages it extracted before, the later passes over a cleaned page included.

use std::cell::RefCell;
use std::ops::Range;

use rustc_hash::FxHashMap;

use super::hashed::{gram_keys, word_key, KeyWriter, Neighbour};
use super::key_hash::KeyHash;
use super::rows::Entry;
use super::vocab::{Vocabulary, WordFacts};
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

/// Words a thread remembers at most (a few MB); past that it starts afresh at its next
/// page, so memory stays flat on a crawl of any size.
const MAX_WORDS: usize = 1 << 14;

thread_local! {
    static CACHE: RefCell<WordCache> = RefCell::default();
}

/// What every word seen so far on this thread says on its own: its facts, and once it is
/// asked for, its key material. All of it depends on the word and the bucket count alone.
#[derive(Debug, Default)]
pub struct WordCache {
    buckets: u32,
    index: FxHashMap<Box<str>, u32>,
    slots: Vec<Slot>,
    /// The words' own entries (word key, then grams), back to back.
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Slot {
    word: Box<str>,
    facts: WordFacts,
    /// Where its own entries lie in `entries`, and its neighbour hashes.
    keys: Option<(Range<usize>, AroundHashes)>,
}

/// The thread's [`WordCache`], taken for one extraction and put back when dropped.
pub struct CacheGuard(WordCache);

impl WordCache {
    /// This thread's cache, ready for keys of `config`.
    pub fn take(config: &FeatureConfig) -> CacheGuard {
        let mut cache = CACHE.with(|c| c.take());
        let buckets = config.hash_buckets.max(1);
        if cache.buckets != buckets || cache.slots.len() > MAX_WORDS {
            cache = WordCache {
                buckets,
                ..WordCache::default()
            };
        }
        CacheGuard(cache)
    }

    /// The slot of `word`, made on first sight.
    pub fn slot(&mut self, word: &str) -> u32 {
        if let Some(&s) = self.index.get(word) {
            return s;
        }
        let s = self.slots.len() as u32;
        let word: Box<str> = word.into();
        self.index.insert(word.clone(), s);
        self.slots.push(Slot {
            facts: WordFacts::of(&word),
            word,
            keys: None,
        });
        s
    }

    pub fn facts(&self, slot: u32) -> WordFacts {
        self.slots[slot as usize].facts
    }

    /// The key material of the word in `slot`, worked out on first use.
    fn keys(&mut self, config: &FeatureConfig, slot: u32) -> (Range<usize>, AroundHashes) {
        let slot = &mut self.slots[slot as usize];
        let entries = &mut self.entries;
        slot.keys
            .get_or_insert_with(|| {
                let start = entries.len();
                let mut keys = KeyWriter::new(config, entries, None);
                word_key(&mut keys, &slot.word);
                gram_keys(&mut keys, &slot.word);
                (start..entries.len(), AroundHashes::of(&slot.word))
            })
            .clone()
    }
}

impl std::ops::Deref for CacheGuard {
    type Target = WordCache;
    fn deref(&self) -> &WordCache {
        &self.0
    }
}

impl std::ops::DerefMut for CacheGuard {
    fn deref_mut(&mut self) -> &mut WordCache {
        &mut self.0
    }
}

impl Drop for CacheGuard {
    fn drop(&mut self) {
        let cache = std::mem::take(&mut self.0);
        CACHE.with(|c| *c.borrow_mut() = cache);
    }
}

/// Per-word key material of one document, looked up in the thread's cache as tokens ask.
pub struct OwnKeys<'v> {
    vocab: &'v Vocabulary<'v>,
    cache: &'v mut WordCache,
    /// The marks that stand for a missing neighbour.
    marks: [(&'static str, AroundHashes); 3],
}

impl<'v> OwnKeys<'v> {
    /// `vocab` must have been looked up in `cache` ([`Vocabulary::cached`]).
    pub fn new(vocab: &'v Vocabulary<'v>, cache: &'v mut WordCache) -> OwnKeys<'v> {
        let mark = |m: &'static str| (m, AroundHashes::of(m));
        OwnKeys {
            vocab,
            cache,
            marks: [mark("^"), mark("$"), mark("@link")],
        }
    }

    fn slot_of(&self, token: usize) -> u32 {
        let w = self.vocab.of_token[token].expect("a token with a word");
        self.vocab.slots[w as usize]
    }

    /// Where token `i`'s own entries lie (see [`OwnKeys::entries`]): its word key, then
    /// its gram keys; and the hashes of its word.
    pub fn of_token(&mut self, config: &FeatureConfig, i: usize) -> (Range<usize>, AroundHashes) {
        self.cache.keys(config, self.slot_of(i))
    }

    pub fn entries(&self, range: Range<usize>) -> &[Entry] {
        &self.cache.entries[range]
    }

    /// The hashes of a neighbour, word or mark.
    pub fn around(&mut self, config: &FeatureConfig, n: Neighbour) -> AroundHashes {
        match n.token {
            Some(j) => self.of_token(config, j).1,
            None => match self.marks.iter().find(|(m, _)| *m == n.text) {
                Some(&(_, hashes)) => hashes,
                None => AroundHashes::of(n.text),
            },
        }
    }
}
