//! spamspan's own spam vocabulary (`data/lexicon/spam_terms.tsv`), embedded in the binary.
//!
//! A hit is evidence, not a verdict: sports pages say "jersey" and casino news says
//! "casino". The features pair these hits with the page's own context so that the model can
//! tell an on-topic mention from an injected one.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const SPAM_TERMS: &str = include_str!("../data/lexicon/spam_terms.tsv");

/// Categories of spam vocabulary; each gets its own feature.
pub const CATEGORIES: [&str; 11] = [
    "apparel", "commerce", "replica", "pharma", "gambling", "loans", "essay", "seo", "adult",
    "misc", "other",
];

/// The spam vocabulary: single words and two-word phrases, each with a category index.
#[derive(Debug)]
pub struct Lexicon {
    // Fx rather than SipHash: looked up for every token, keys are not attacker-chosen in
    // a way that matters (a fixed vocabulary).
    words: FxHashMap<String, u8>,
    /// First word → second word → category, so a lookup borrows instead of allocating.
    phrases: FxHashMap<String, FxHashMap<String, u8>>,
    /// Terms of scripts written without spaces between words (Chinese, Japanese, Thai),
    /// longest first: there a token is a whole clause ("破解版下载"), and a term is found
    /// inside it rather than equal to it.
    unspaced: Vec<(String, u8)>,
}

/// Whether `c` belongs to a script written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}' // Thai
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
    )
}

impl Lexicon {
    /// The embedded vocabulary, parsed once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(SPAM_TERMS))
    }

    fn parse(source: &str) -> Lexicon {
        let mut words = FxHashMap::default();
        let mut phrases: FxHashMap<String, FxHashMap<String, u8>> = FxHashMap::default();
        for line in source.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (term, category) = line.split_once('\t').unwrap_or((line, "other"));
            let category = CATEGORIES
                .iter()
                .position(|c| *c == category.trim())
                .unwrap_or(CATEGORIES.len() - 1) as u8;
            let parts: Vec<&str> = term.split_whitespace().collect();
            match parts.as_slice() {
                [w] => {
                    words.insert(w.to_lowercase(), category);
                }
                [a, b] => {
                    phrases
                        .entry(a.to_lowercase())
                        .or_default()
                        .insert(b.to_lowercase(), category);
                }
                _ => {}
            }
        }
        let mut unspaced: Vec<(String, u8)> = words
            .iter()
            .filter(|(w, _)| w.chars().any(is_unspaced_script))
            .map(|(w, &c)| (w.clone(), c))
            .collect();
        unspaced.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        Lexicon {
            words,
            phrases,
            unspaced,
        }
    }

    /// Category of a lower-case word, if it is spam vocabulary.
    pub fn word(&self, lower: &str) -> Option<u8> {
        if let Some(&c) = self.words.get(lower) {
            return Some(c);
        }
        if lower.is_ascii() || !lower.chars().any(is_unspaced_script) {
            return None;
        }
        self.unspaced
            .iter()
            .find(|(term, _)| lower.contains(term.as_str()))
            .map(|&(_, c)| c)
    }

    /// Whether a lower-case word is the first of a two-word phrase.
    pub fn starts_phrase(&self, first: &str) -> bool {
        self.phrases.contains_key(first)
    }

    /// Category of a lower-case two-word phrase, if it is spam vocabulary.
    pub fn phrase(&self, first: &str, second: &str) -> Option<u8> {
        self.phrases.get(first)?.get(second).copied()
    }

    /// Whether the category is a strong signal on its own (products and services that are
    /// injected), as opposed to general commerce words that any shop page uses.
    pub fn is_strong(category: u8) -> bool {
        !matches!(
            CATEGORIES.get(category as usize),
            Some(&"commerce") | Some(&"other")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_vocabulary_parses_words_and_phrases() {
        let lex = Lexicon::get();
        let pharma = CATEGORIES.iter().position(|c| *c == "pharma").unwrap() as u8;
        assert_eq!(lex.word("viagra"), Some(pharma));
        assert_eq!(lex.phrase("no", "prescription"), Some(pharma));
        assert_eq!(lex.word("government"), None);
        // Inside a clause of a script without spaces, not only equal to it.
        let misc = CATEGORIES.iter().position(|c| *c == "misc").unwrap() as u8;
        assert_eq!(lex.word("破解版下载"), Some(misc));
        assert_eq!(lex.word("下载"), None);
        assert!(Lexicon::is_strong(pharma));
    }
}
