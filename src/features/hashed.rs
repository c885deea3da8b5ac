//! Hashed lexical features of a prose word: the word, its neighbours and its character
//! n-grams. Each namespace
//! owns its own range of `hash_buckets` weights after the named features, so a weight
//! belongs to exactly one namespace (training relies on that: see `train::lexical`).
//!
//! Within a namespace the keys of one token share a total value of 1 (each gets `1/n`):
//! a long word does not outvote a short one by having more n-grams, and a token's namespace
//! contribution is the mean weight of its keys.
//!
//! Numbers are read as their shape (every digit run is one `0`): a page id, a price or a
//! year says nothing about spam by its value, and would only let the model memorise.
//!
//! Keys are hashed with FNV-1a over their parts, without building strings: the model file
//! depends on these hashes, so they must be stable across runs and platforms, and
//! inference must not allocate per key. Training asks for the key text too, to name the
//! buckets of the model it writes.

use super::context::DocContext;
use super::key_hash::{key_hash, key_text, KeyHash};
use super::names::NAMES;
use super::own_keys::OwnKeys;
use crate::lexicon::Lexicon;
use crate::model::FeatureConfig;
use crate::tokens::Token;

/// A family of hashed keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// The lower-case word.
    Word,
    /// The nearest words before and after, alone and as bigrams with the word.
    Neighbours,
    /// Character 3- and 4-grams of the word, with word-boundary marks.
    CharGrams,
    /// For a link: the words just before and after it, and the two as a skip-bigram.
    /// "if you citycyclist44.com are an agency" breaks a phrase ("you are"); "available
    /// at www.cdc.gov." does not. Learnt from the words, so any language can be learnt.
    LinkContext,
    /// For a link: the spam-vocabulary words of its host, path and anchor, each on its own
    /// ("p:viagra" weighs more than "p:online"). Only lexicon words: every other host or
    /// path word, learnt from a spam-domain list, describes the list rather than spam.
    LinkLexicon,
    /// For a link: its target's path template (`urls::path_template`): `/wiki/{a}` cites,
    /// `/{n}/{n}/{a}+/` on an unrelated site is a link wheel's shape. Its own namespace, so
    /// that a template never seen in training shares a bucket with templates only.
    LinkPath,
}

impl Namespace {
    pub const ALL: [Namespace; 6] = [
        Namespace::Word,
        Namespace::Neighbours,
        Namespace::CharGrams,
        Namespace::LinkContext,
        Namespace::LinkLexicon,
        Namespace::LinkPath,
    ];

    /// Short name, used in feature names (`word≈jersey`, `gram≈ers`).
    pub fn name(self) -> &'static str {
        match self {
            Namespace::Word => "word",
            Namespace::Neighbours => "near",
            Namespace::CharGrams => "gram",
            Namespace::LinkContext => "around",
            Namespace::LinkLexicon => "linklex",
            Namespace::LinkPath => "path",
        }
    }

    pub fn position(self) -> usize {
        self as usize
    }

    /// First weight index of this namespace's range.
    pub fn base(self, config: &FeatureConfig) -> u32 {
        NAMES.len() as u32 + self as u32 * config.hash_buckets
    }

    /// The namespace a weight index belongs to, if it is a hashed one.
    pub fn of_index(index: u32, config: &FeatureConfig) -> Option<Namespace> {
        let offset = index.checked_sub(NAMES.len() as u32)?;
        Namespace::ALL
            .get((offset / config.hash_buckets.max(1)) as usize)
            .copied()
    }
}

/// Character n-grams are taken from the first characters only: beyond that a "word" is a
/// hash or a glued run, and its grams carry nothing but cost.
const MAX_GRAM_CHARS: usize = 24;

/// Collects one token's hashed keys into its row, optionally recording each key's text.
pub struct KeyWriter<'a> {
    buckets: u32,
    entries: &'a mut Vec<(u32, f32)>,
    names: Option<&'a mut Vec<(u32, String)>>,
    start: usize,
    base: u32,
}

impl<'a> KeyWriter<'a> {
    pub fn new(
        config: &FeatureConfig,
        entries: &'a mut Vec<(u32, f32)>,
        names: Option<&'a mut Vec<(u32, String)>>,
    ) -> KeyWriter<'a> {
        KeyWriter {
            buckets: config.hash_buckets.max(1),
            start: entries.len(),
            entries,
            names,
            base: 0,
        }
    }

    pub(super) fn begin(&mut self, ns: Namespace) {
        self.start = self.entries.len();
        self.base = NAMES.len() as u32 + ns as u32 * self.buckets;
    }

    pub(super) fn key(&mut self, parts: &[&str]) {
        self.push(key_hash(parts), parts);
    }

    /// Add the key of `hash`; `parts` (the key's text) are only read to name it. Always
    /// inlined (a call per key cost 40 instructions), so that a caller's `parts` are not
    /// even gathered when keys are not named.
    #[inline(always)]
    pub(super) fn push(&mut self, hash: u64, parts: &[&str]) {
        let index = self.base + self.bucket(hash);
        self.entries.push((index, 1.0));
        if let Some(names) = self.names.as_deref_mut() {
            names.push((index, key_text(parts)));
        }
    }

    /// `hash % buckets`; a mask when the count is a power of two (every model so far),
    /// which is the same number without a 64-bit division per key.
    #[inline]
    fn bucket(&self, hash: u64) -> u32 {
        let buckets = u64::from(self.buckets);
        if buckets.is_power_of_two() {
            (hash & (buckets - 1)) as u32
        } else {
            (hash % buckets) as u32
        }
    }

    /// Give the namespace's keys of this token equal shares of 1.
    pub(super) fn end(&mut self) {
        let n = self.entries.len() - self.start;
        if n > 1 {
            let share = 1.0 / n as f32;
            for e in &mut self.entries[self.start..] {
                e.1 = share;
            }
        }
    }
}

/// Hashed keys of a prose word token (not in a link). With `own`, what depends on one word
/// only is taken from there; without (when naming keys, for training) each key is hashed
/// and written with its text.
pub fn word_keys(
    keys: &mut KeyWriter,
    own: Option<&mut OwnKeys>,
    config: &FeatureConfig,
    tokens: &[Token],
    i: usize,
) {
    let word = &*tokens[i].word;
    let prev = neighbour(tokens, i, Direction::Before);
    let next = neighbour(tokens, i, Direction::After);
    match own {
        Some(own) if keys.names.is_none() => {
            let (own_entries, w) = own.of_token(config, i);
            let (word_entry, grams) = (
                own_entries.start..own_entries.start + 1,
                own_entries.start + 1..own_entries.end,
            );
            keys.entries.extend_from_slice(own.entries(word_entry));
            let (p, n) = (own.around(config, prev), own.around(config, next));
            keys.begin(Namespace::Neighbours);
            keys.push(p.before, &["<", prev.text]);
            keys.push(n.after, &[">", next.text]);
            keys.push(p.pair.with(word).finish(), &[prev.text, "_", word]);
            keys.push(w.pair.with(next.text).finish(), &[word, "_", next.text]);
            keys.end();
            keys.entries.extend_from_slice(own.entries(grams));
        }
        _ => {
            word_key(keys, word);
            keys.begin(Namespace::Neighbours);
            keys.key(&["<", prev.text]);
            keys.key(&[">", next.text]);
            keys.key(&[prev.text, "_", word]);
            keys.key(&[word, "_", next.text]);
            keys.end();
            gram_keys(keys, word);
        }
    }
}

pub(super) fn word_key(keys: &mut KeyWriter, word: &str) {
    keys.begin(Namespace::Word);
    keys.key(&[word]);
    keys.end();
}

pub(super) fn gram_keys(keys: &mut KeyWriter, word: &str) {
    keys.begin(Namespace::CharGrams);
    char_grams(keys, word);
    keys.end();
}

/// Hashed keys of a token of link `l`: the words around the whole link.
pub fn link_keys(keys: &mut KeyWriter, tokens: &[Token], ctx: &DocContext, i: usize, l: usize) {
    let mut first = i;
    while first > 0 && tokens[first - 1].link == Some(l) {
        first -= 1;
    }
    let mut last = i;
    while last + 1 < tokens.len() && tokens[last + 1].link == Some(l) {
        last += 1;
    }
    let prev = neighbour(tokens, first, Direction::Before).text;
    let next = neighbour(tokens, last, Direction::After).text;
    keys.begin(Namespace::LinkContext);
    keys.key(&["<", prev]);
    keys.key(&[">", next]);
    keys.key(&[prev, "_", next]);
    keys.end();

    let facts = &ctx.links[l];
    let lexicon = Lexicon::get();
    let spam = |w: &&String| lexicon.word(w).is_some() && !ctx.topic.covers(w);
    keys.begin(Namespace::LinkLexicon);
    if let Some(u) = &facts.url {
        for w in u.host_words.iter().filter(spam) {
            keys.key(&["h:", w]);
        }
        for w in u.path_words.iter().take(MAX_PATH_WORDS).filter(spam) {
            keys.key(&["p:", w]);
        }
    }
    if !facts.anchor_is_url {
        for w in facts.anchor_words.iter().filter(spam) {
            keys.key(&["a:", w]);
        }
    }
    keys.end();
    if let Some(t) = &facts.path_template {
        keys.begin(Namespace::LinkPath);
        // A bare URL's template is only its shape: kept apart from anchored links'.
        keys.key(&[if facts.anchor_is_url { "url" } else { "a" }, t]);
        keys.end();
    }
}

/// Path words looked at: a long query string must not flood the namespace.
const MAX_PATH_WORDS: usize = 24;

#[derive(Clone, Copy)]
enum Direction {
    Before,
    After,
}

/// A token's nearest prose word on one side, or a mark in its place.
#[derive(Clone, Copy)]
pub(super) struct Neighbour<'t> {
    pub text: &'t str,
    /// The word's token; `None` for a mark.
    pub token: Option<usize>,
}

/// The nearest prose word on one side, `"^"`/`"$"` at the edge of the document or across a
/// sentence end, `"@link"` when a link comes first.
fn neighbour<'t>(tokens: &'t [Token], i: usize, dir: Direction) -> Neighbour<'t> {
    let mark = |text: &'static str| Neighbour { text, token: None };
    let mut j = i;
    loop {
        match dir {
            Direction::Before => {
                if j == 0 {
                    return mark("^");
                }
                j -= 1;
            }
            Direction::After => {
                if tokens[j].ends_sentence || j + 1 >= tokens.len() {
                    return mark("$");
                }
                j += 1;
            }
        }
        let t = &tokens[j];
        if t.link.is_some() {
            return mark("@link");
        }
        if t.word.is_empty() {
            continue;
        }
        if matches!(dir, Direction::Before) && t.ends_sentence {
            return mark("^");
        }
        return Neighbour {
            text: &t.word,
            token: Some(j),
        };
    }
}

/// 3- and 4-grams of `^word$` over characters, not bytes, so every script gets whole grams.
/// All 3-grams come first, then all 4-grams: the order the model was trained with (scores
/// sum a row in order). Each 4-gram is hashed on from the 3-gram at its start.
fn char_grams(keys: &mut KeyWriter, word: &str) {
    // Byte offset of each character boundary looked at (the word's end last, unless cut).
    let mut bounds = [0usize; MAX_GRAM_CHARS + 1];
    let mut len = 0;
    for (b, _) in word.char_indices().take(MAX_GRAM_CHARS + 1) {
        bounds[len] = b;
        len += 1;
    }
    let truncated = len > MAX_GRAM_CHARS;
    if !truncated {
        bounds[len] = word.len();
        len += 1;
    }
    let chars = len as isize - 1;
    let byte = |pos: isize| bounds[pos.clamp(0, chars) as usize];
    let lead = |start: isize| if start < 0 { "^" } else { "" };
    let trail = |stop: isize| if stop > chars { "$" } else { "" };
    // In character positions, -1 is the leading mark and `chars` the trailing one.
    let mut fours = [(0u64, 0usize, 0usize, 0isize); MAX_GRAM_CHARS + 1];
    let mut n_fours = 0;
    for start in -1..=(chars - 2) {
        let stop = start + 3;
        if stop > chars && truncated {
            break;
        }
        let (a, b) = (byte(start), byte(stop));
        let prefix = KeyHash::new().with(lead(start)).with(&word[a..b]);
        keys.push(
            prefix.with(trail(stop)).finish(),
            &[lead(start), &word[a..b], trail(stop)],
        );
        let stop4 = stop + 1;
        // A 4-gram ends one character later, so its 3-gram never has the trailing mark.
        if start <= chars - 3 && !(stop4 > chars && truncated) {
            let b4 = byte(stop4);
            let hash = prefix.with(&word[b..b4]).with(trail(stop4)).finish();
            fours[n_fours] = (hash, a, b4, start);
            n_fours += 1;
        }
    }
    for &(hash, a, b, start) in &fours[..n_fours] {
        keys.push(hash, &[lead(start), &word[a..b], trail(start + 4)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> FeatureConfig {
        FeatureConfig {
            extractor_version: super::super::EXTRACTOR_VERSION,
            hash_buckets: 1 << 12,
            window: 2,
        }
    }

    fn grams(word: &str) -> Vec<String> {
        let config = config();
        let mut entries = Vec::new();
        let mut names = Vec::new();
        let mut keys = KeyWriter::new(&config, &mut entries, Some(&mut names));
        keys.begin(Namespace::CharGrams);
        char_grams(&mut keys, word);
        keys.end();
        names.into_iter().map(|(_, n)| n).collect()
    }

    #[test]
    fn char_grams_mark_word_edges_and_respect_characters() {
        assert_eq!(
            grams("jersey"),
            ["^je", "jer", "ers", "rse", "sey", "ey$", "^jer", "jers", "erse", "rsey", "sey$"]
        );
        assert_eq!(grams("ab"), ["^ab", "ab$", "^ab$"]);
        assert_eq!(grams("été"), ["^ét", "été", "té$", "^été", "été$"]);
        assert!(grams("x").iter().all(|g| g == "^x$"));
    }

    #[test]
    fn long_words_give_bounded_grams() {
        let long = "a".repeat(500);
        let g = grams(&long);
        assert!(g.len() <= 2 * (MAX_GRAM_CHARS + 1), "{}", g.len());
    }

    #[test]
    fn keys_of_a_namespace_share_one_and_land_in_its_range() {
        let config = config();
        let mut entries = Vec::new();
        let mut keys = KeyWriter::new(&config, &mut entries, None);
        keys.begin(Namespace::CharGrams);
        char_grams(&mut keys, "jersey");
        keys.end();
        let total: f32 = entries.iter().map(|e| e.1).sum();
        assert!((total - 1.0).abs() < 1e-5);
        for &(i, _) in &entries {
            assert_eq!(Namespace::of_index(i, &config), Some(Namespace::CharGrams));
        }
    }

    /// The grams as first written: each key hashed from scratch. The model's buckets were
    /// filled by this; the incremental hashing must give the same keys in the same order.
    fn reference_grams(word: &str) -> Vec<(u32, String)> {
        let config = config();
        let mut entries = Vec::new();
        let mut names = Vec::new();
        let mut keys = KeyWriter::new(&config, &mut entries, Some(&mut names));
        keys.begin(Namespace::CharGrams);
        let mut bounds: Vec<usize> = word
            .char_indices()
            .map(|(b, _)| b)
            .take(MAX_GRAM_CHARS + 1)
            .collect();
        let truncated = bounds.len() > MAX_GRAM_CHARS;
        if !truncated {
            bounds.push(word.len());
        }
        let chars = bounds.len() as isize - 1;
        for n in [3isize, 4] {
            for start in -1..=(chars + 1 - n) {
                let stop = start + n;
                if stop > chars && truncated {
                    break;
                }
                let lead = if start < 0 { "^" } else { "" };
                let trail = if stop > chars { "$" } else { "" };
                let a = bounds[start.max(0) as usize];
                let b = bounds[stop.min(chars) as usize];
                keys.key(&[lead, &word[a..b], trail]);
            }
        }
        names
    }

    #[test]
    fn incremental_grams_hash_like_grams_hashed_one_by_one() {
        let config = config();
        let mut words: Vec<String> = [
            "x",
            "ab",
            "abc",
            "jersey",
            "été",
            "中文字",
            "v12x3",
            "2019",
            "a1b22c333",
            "0x0",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for n in [22, 23, 24, 25, 26, 40] {
            words.push("ab1".repeat(n).chars().take(n).collect());
            words.push("é".repeat(n));
        }
        for word in &words {
            let mut entries = Vec::new();
            let mut names = Vec::new();
            let mut keys = KeyWriter::new(&config, &mut entries, Some(&mut names));
            keys.begin(Namespace::CharGrams);
            char_grams(&mut keys, word);
            assert_eq!(names, reference_grams(word), "{word}");
        }
    }
}
