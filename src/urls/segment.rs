//! Splitting run-together words ("cheapjerseysa" → cheap, jerseys, a).
//!
//! Spam hosts and slugs glue keywords together so that no tokenizer sees them; splitting
//! them back lets the lexicon features fire on hosts as they do on prose. The word list is
//! our own (`data/lexicon/words_en.txt`): common English plus the commerce, gambling,
//! pharmacy, brand, team and place words that spam host names are built from.

use std::sync::OnceLock;

const WORDS: &str = include_str!("../../data/lexicon/words_en.txt");

/// Longest word the dynamic programme will try; bounds the work at O(n · MAX_WORD).
const MAX_WORD: usize = 24;

// Costs are in hundredths so that the programme compares integers. A known word costs
// one unit, so the fewest words win; among splits with as many words, longer words win by
// a small bonus (squared length), so "loans|now" beats "loan|snow". One- and two-letter
// words pay extra because they are what a wrong split produces ("hell|or|replica"). An
// unknown stretch pays once for starting and then per character, so a brand name the
// list lacks stays one chunk instead of being shredded into accidental short words, and
// a single stray letter ("a" of "cheapjerseysa") is dearer than the known word "a".
const WORD_COST: u32 = 1000;
const UNKNOWN_START: u32 = 1600;
const UNKNOWN_CHAR: u32 = 500;
const INF: u32 = u32::MAX / 4;

/// Regular endings a listed word may carry, and the small extra that a word formed so
/// pays, so a listed spelling of the same text is preferred.
const ENDINGS: [&str; 8] = ["s", "es", "d", "ed", "ing", "er", "ers", "ly"];
const ENDING_COST: u32 = 100;

/// Cost of a known word of `len` characters. The length bonus (at most 144) reorders
/// splits with as many words but is worth far less than a whole extra word.
fn known_cost(len: usize) -> u32 {
    let penalty = match len {
        1 => 1000,
        2 => 500,
        _ => 0,
    };
    let bonus = (len.min(12) * len.min(12)) as u32;
    WORD_COST + penalty - bonus
}

struct Node {
    children: Vec<(char, u32)>,
    word: bool,
}

/// A character trie, so that all dictionary words starting at one position are found in
/// a single walk instead of one hash lookup (and one substring) per length.
struct Trie {
    nodes: Vec<Node>,
    /// The root's child per ASCII character (0 for none): the root has a child for nearly
    /// every letter, and every word and every position of the programme starts there.
    root_ascii: [u32; 128],
}

impl Trie {
    fn build(text: &str) -> Trie {
        let mut trie = Trie {
            nodes: vec![Node {
                children: Vec::new(),
                word: false,
            }],
            root_ascii: [0; 128],
        };
        for line in text.lines() {
            let w = line.trim();
            if w.is_empty() || w.starts_with('#') || w.chars().count() > MAX_WORD {
                continue;
            }
            let mut at = 0usize;
            for c in w.chars().flat_map(char::to_lowercase) {
                at = match trie.listed_child(at, c) {
                    Some(next) => next,
                    None => {
                        let next = trie.nodes.len();
                        trie.nodes.push(Node {
                            children: Vec::new(),
                            word: false,
                        });
                        trie.nodes[at].children.push((c, next as u32));
                        next
                    }
                };
            }
            trie.nodes[at].word = true;
        }
        for &(c, next) in &trie.nodes[0].children {
            if c.is_ascii() {
                trie.root_ascii[c as usize] = next;
            }
        }
        trie
    }

    fn child(&self, at: usize, c: char) -> Option<usize> {
        if at == 0 && c.is_ascii() {
            let next = self.root_ascii[c as usize];
            return (next != 0).then_some(next as usize);
        }
        self.listed_child(at, c)
    }

    fn listed_child(&self, at: usize, c: char) -> Option<usize> {
        self.nodes[at]
            .children
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, n)| *n as usize)
    }
}

fn trie() -> &'static Trie {
    static TRIE: OnceLock<Trie> = OnceLock::new();
    TRIE.get_or_init(|| Trie::build(WORDS))
}

/// Whether `word` (any case) is in the segmentation word list.
///
/// A listed word plus a regular ending ("quoted", "players") counts too: the list keeps
/// base forms and plurals, and spelling out every inflection would triple it.
pub fn is_known_word(word: &str) -> bool {
    // The list is ASCII, so no listed word plus ending is longer than this; a longer word
    // is unknown without being looked at, and the rest fit on the stack.
    let mut lower = ['\0'; MAX_WORD + 3];
    let mut len = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let Some(slot) = lower.get_mut(len) else {
            return false;
        };
        *slot = c;
        len += 1;
    }
    let lower = &lower[..len];
    let listed = |chars: &[char]| {
        let t = trie();
        let mut at = 0usize;
        for &c in chars {
            match t.child(at, c) {
                Some(next) => at = next,
                None => return false,
            }
        }
        at != 0 && t.nodes[at].word
    };
    // The endings are ASCII: as many characters as bytes.
    listed(lower)
        || ENDINGS.iter().any(|e| {
            lower.len() > e.len() + 1
                && lower[lower.len() - e.len()..].iter().copied().eq(e.chars())
                && listed(&lower[..lower.len() - e.len()])
        })
}

/// Split a run of letters (e.g. a host label) into likely words.
///
/// Returns lower-case pieces in order. Letters are segmented against the word list;
/// digit runs come out as their own pieces; anything else (hyphens, dots) only separates.
/// A stretch the list cannot explain comes out whole, as one piece.
pub fn segment(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut letters: Vec<char> = Vec::new();
    let mut digits = String::new();
    for c in s.chars() {
        if c.is_alphabetic() {
            if !digits.is_empty() {
                out.push(std::mem::take(&mut digits));
            }
            letters.extend(c.to_lowercase());
        } else {
            if !letters.is_empty() {
                split_letters(&letters, &mut out);
                letters.clear();
            }
            if c.is_numeric() {
                digits.push(c);
            } else if !digits.is_empty() {
                out.push(std::mem::take(&mut digits));
            }
        }
    }
    if !letters.is_empty() {
        split_letters(&letters, &mut out);
    }
    if !digits.is_empty() {
        out.push(digits);
    }
    out
}

/// How the best path reached a position.
#[derive(Clone, Copy)]
enum Back {
    None,
    /// A known word started at this index, after a boundary (false) or an unknown run (true).
    Word(usize, bool),
    /// One unknown character, continuing a run (true) or starting one (false).
    Unknown(bool),
}

/// The cheapest way found to reach one position, in each of the two states.
#[derive(Clone, Copy)]
struct Best {
    word_cost: u32,
    unk_cost: u32,
    word_back: Back,
    unk_back: Back,
}

impl Default for Best {
    fn default() -> Self {
        Best {
            word_cost: INF,
            unk_cost: INF,
            word_back: Back::None,
            unk_back: Back::None,
        }
    }
}

/// The dynamic programme. Two states per position — "a word just ended" and "inside an
/// unknown run" — let an unknown stretch be charged once for starting without trying
/// every possible stretch length, which keeps it linear in the input.
fn split_letters(chars: &[char], out: &mut Vec<String>) {
    let n = chars.len();
    let t = trie();
    // One table of both states (one allocation per call: hosts and slugs are short, so
    // allocating is a large part of the work).
    let mut best = vec![Best::default(); n + 1];
    best[0].word_cost = 0;
    for j in 0..n {
        let (w, u) = (best[j].word_cost, best[j].unk_cost);
        let start_run = w.saturating_add(UNKNOWN_START + UNKNOWN_CHAR);
        let extend_run = u.saturating_add(UNKNOWN_CHAR);
        let next = &mut best[j + 1];
        if start_run <= extend_run {
            if start_run < next.unk_cost {
                next.unk_cost = start_run;
                next.unk_back = Back::Unknown(false);
            }
        } else if extend_run < next.unk_cost {
            next.unk_cost = extend_run;
            next.unk_back = Back::Unknown(true);
        }
        let (base, after_unknown) = if u < w { (u, true) } else { (w, false) };
        let mut at = 0usize;
        for (k, &c) in chars[j..].iter().take(MAX_WORD).enumerate() {
            match t.child(at, c) {
                Some(next) => at = next,
                None => break,
            }
            if !t.nodes[at].word {
                continue;
            }
            let len = k + 1;
            let endings = ENDINGS.iter().filter_map(|e| {
                let tail = chars.get(j + len..j + len + e.len())?;
                tail.iter()
                    .copied()
                    .eq(e.chars())
                    .then_some((e.len(), ENDING_COST))
            });
            for (extra, surcharge) in std::iter::once((0, 0)).chain(endings) {
                let end = j + len + extra;
                let cost = base.saturating_add(known_cost(len + extra) + surcharge);
                if cost < best[end].word_cost {
                    best[end].word_cost = cost;
                    best[end].word_back = Back::Word(j, after_unknown);
                }
            }
        }
    }

    let mut pieces: Vec<String> = Vec::new();
    let mut i = n;
    let mut in_unknown = best[n].unk_cost < best[n].word_cost;
    let mut run_end = n;
    while i > 0 {
        let back = if in_unknown {
            best[i].unk_back
        } else {
            best[i].word_back
        };
        match back {
            Back::Word(j, prev_unknown) => {
                pieces.push(chars[j..i].iter().collect());
                i = j;
                in_unknown = prev_unknown;
                run_end = i;
            }
            Back::Unknown(continues) => {
                i -= 1;
                if !continues {
                    pieces.push(chars[i..run_end].iter().collect());
                    in_unknown = false;
                    run_end = i;
                }
            }
            // Unreachable for a consistent table; emit the rest whole rather than loop.
            Back::None => {
                pieces.push(chars[..i].iter().collect());
                break;
            }
        }
    }
    pieces.reverse();
    out.extend(pieces);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(s: &str) -> Vec<String> {
        segment(s)
    }

    #[test]
    fn spec_examples() {
        assert_eq!(seg("cheapjerseysa"), ["cheap", "jerseys", "a"]);
        assert_eq!(seg("capitalsshine"), ["capitals", "shine"]);
        assert_eq!(seg("helloreplica"), ["hello", "replica"]);
        assert_eq!(seg("cheapelitejerseys"), ["cheap", "elite", "jerseys"]);
        assert_eq!(seg("bestonlinecasino"), ["best", "online", "casino"]);
    }

    #[test]
    fn more_spam_hosts() {
        assert_eq!(seg("cheapnikeshoes"), ["cheap", "nike", "shoes"]);
        assert_eq!(
            seg("replicawatchesonline"),
            ["replica", "watches", "online"]
        );
        assert_eq!(seg("buycialisonline"), ["buy", "cialis", "online"]);
        assert_eq!(seg("slotgacormaxwin"), ["slot", "gacor", "maxwin"]);
        assert_eq!(seg("paydayloansnow"), ["payday", "loans", "now"]);
        assert_eq!(seg("quotedprices"), ["quoted", "prices"]);
    }

    #[test]
    fn case_digits_and_separators() {
        assert_eq!(seg("CheapJerseys"), ["cheap", "jerseys"]);
        assert_eq!(seg("shop24"), ["shop", "24"]);
        assert_eq!(seg("cheap-jordans"), ["cheap", "jordans"]);
        assert!(seg("").is_empty());
        assert!(seg("---").is_empty());
    }

    #[test]
    fn unknown_stretch_stays_whole() {
        assert_eq!(seg("zxqvbn"), ["zxqvbn"]);
        assert_eq!(seg("cheapzxqv"), ["cheap", "zxqv"]);
        assert_eq!(seg("пример"), ["пример"]);
    }

    /// `is_known_word` bounds the words it looks up by the listed words' lengths in bytes.
    #[test]
    fn word_list_is_ascii() {
        assert!(WORDS.is_ascii());
    }

    #[test]
    fn known_words() {
        assert!(is_known_word("Jerseys"));
        assert!(is_known_word("quoted"));
        assert!(!is_known_word("ss"));
        assert!(!is_known_word(""));
        assert!(!is_known_word("zxqvbn"));
    }

    #[test]
    fn long_input_is_linear_enough() {
        let s = "a".repeat(50_000) + &"cheapjerseys".repeat(2_000);
        let words = seg(&s);
        assert!(!words.is_empty());
        assert_eq!(words.iter().map(|w| w.len()).sum::<usize>(), s.len());
    }
}
