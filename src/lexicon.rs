//! spamspan's own spam vocabulary (`data/lexicon/spam_terms.tsv`), embedded in the binary.
//!
//! A hit is evidence, not a verdict: sports pages say "jersey" and casino news says
//! "casino". The features pair these hits with the page's own context so that the model can
//! tell an on-topic mention from an injected one.

use std::collections::HashMap;
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
    words: HashMap<String, u8>,
    phrases: HashMap<(String, String), u8>,
}

impl Lexicon {
    /// The embedded vocabulary, parsed once.
    pub fn get() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(|| Lexicon::parse(SPAM_TERMS))
    }

    fn parse(source: &str) -> Lexicon {
        let mut words = HashMap::new();
        let mut phrases = HashMap::new();
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
                    phrases.insert((a.to_lowercase(), b.to_lowercase()), category);
                }
                _ => {}
            }
        }
        Lexicon { words, phrases }
    }

    /// Category of a lower-case word, if it is spam vocabulary.
    pub fn word(&self, lower: &str) -> Option<u8> {
        self.words.get(lower).copied()
    }

    /// Category of a lower-case two-word phrase, if it is spam vocabulary.
    pub fn phrase(&self, first: &str, second: &str) -> Option<u8> {
        self.phrases
            .get(&(first.to_string(), second.to_string()))
            .copied()
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
        assert!(Lexicon::is_strong(pharma));
    }
}
