//! Which writing systems the page's own prose is written in.
//!
//! A link wheel on a Chinese page anchors "Федоровна"; an English article carries
//! "Кроссовки Найк Дешево" or "网站优化", a Korean one "earn money fast". The words are not
//! only new to the page (many honest anchors are), their letters are of a script the page
//! hardly writes in. This needs no language list and no model of any language: the page
//! is its own reference.
//!
//! Scripts, not letter sequences: measured by trigrams the page's prose never uses, a plain
//! English anchor ("available") on a page of 500 prose words looked half foreign, and the
//! feature flagged a clean resource list; a page's mix of scripts is known after a few
//! dozen words.

use super::vocab::Vocabulary;

/// A writing system, coarsely: what tells a pasted phrase from the page's own language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    /// Han ideographs, kana and CJK symbols: Chinese and Japanese pages mix them.
    Cjk,
    Hangul,
    Thai,
    Indic,
    Other,
}

const SCRIPTS: usize = Script::Other as usize + 1;

impl Script {
    /// The script of a letter; `None` for digits, punctuation and symbols.
    fn of(c: char) -> Option<Script> {
        if c.is_ascii() {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        if !c.is_alphabetic() {
            return None;
        }
        Some(match u32::from(c) {
            0x00C0..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
            0x0400..=0x052F => Script::Cyrillic,
            0x0590..=0x05FF => Script::Hebrew,
            0x0600..=0x06FF | 0x0750..=0x077F => Script::Arabic,
            0x0900..=0x0DFF => Script::Indic,
            0x0E00..=0x0E7F => Script::Thai,
            0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => Script::Cjk,
            _ => Script::Other,
        })
    }
}

/// A page with fewer prose letters says too little about its scripts.
const MIN_PROSE_LETTERS: u32 = 300;
/// A script holding less than this share of the prose's letters is foreign to the page.
const FOREIGN_SHARE: f32 = 0.02;

/// The scripts of a page's prose, by share of its letters.
#[derive(Debug, Default)]
pub struct PageScripts {
    /// Per script, whether it is foreign to the page (all false when the page is mute).
    foreign: [bool; SCRIPTS],
}

impl PageScripts {
    /// From the vocabulary's words and how often the prose (outside links and hidden
    /// blocks) uses each.
    pub fn build(vocab: &Vocabulary, prose_counts: &[u32]) -> PageScripts {
        let mut letters = [0u32; SCRIPTS];
        for (word, &n) in vocab.words.iter().zip(prose_counts) {
            if n > 0 {
                for s in word.chars().filter_map(Script::of) {
                    letters[s as usize] += n;
                }
            }
        }
        let total: u32 = letters.iter().sum();
        let mut foreign = [false; SCRIPTS];
        if total >= MIN_PROSE_LETTERS {
            for (f, &n) in foreign.iter_mut().zip(&letters) {
                *f = (n as f32) < FOREIGN_SHARE * total as f32;
            }
        }
        PageScripts { foreign }
    }

    /// Share of the letters of `words` written in a script foreign to the page; 0 without
    /// letters.
    pub fn foreign_share<'w>(&self, words: impl Iterator<Item = &'w str>) -> f32 {
        let (mut all, mut foreign) = (0u32, 0u32);
        for s in words.flat_map(str::chars).filter_map(Script::of) {
            all += 1;
            foreign += u32::from(self.foreign[s as usize]);
        }
        if all == 0 {
            0.0
        } else {
            foreign as f32 / all as f32
        }
    }

    /// [`PageScripts::foreign_share`] of each vocabulary word.
    pub fn per_word(&self, vocab: &Vocabulary) -> Vec<f32> {
        vocab
            .words
            .iter()
            .map(|w| self.foreign_share(std::iter::once(*w)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::tokens::tokenize;

    fn page(text: &str) -> PageScripts {
        let doc = Document::new("t", text, None);
        let structure = doc.structure();
        let tokens = tokenize(&doc.text, &structure);
        let vocab = Vocabulary::of(&tokens);
        let mut counts = vec![0u32; vocab.len()];
        for w in vocab.of_token.iter().flatten() {
            counts[*w as usize] += 1;
        }
        PageScripts::build(&vocab, &counts)
    }

    const ENGLISH: &str = "The committee met on Tuesday to discuss the new budget for \
        the public library, which has served the town for more than forty years. Members \
        agreed that the reading rooms need new lighting and that the children's section \
        should open earlier on weekends. The treasurer said the town could pay for most \
        of the work from the reserve fund, and the rest would come from a state grant \
        that the library applied for last spring.";

    fn share(scripts: &PageScripts, words: &[&str]) -> f32 {
        scripts.foreign_share(words.iter().copied())
    }

    #[test]
    fn another_script_is_foreign_and_the_pages_own_is_not() {
        let english = page(ENGLISH);
        assert_eq!(share(&english, &["Кроссовки", "Найк"]), 1.0);
        assert_eq!(share(&english, &["网站优化"]), 1.0);
        assert_eq!(share(&english, &["available"]), 0.0);
        assert_eq!(share(&english, &["Tjønnmyråsen"]), 0.0);
        assert_eq!(share(&english, &["2016", "—"]), 0.0);
        let half = share(&english, &["Buy", "Кро"]);
        assert!((half - 0.5).abs() < 1e-6, "{half}");
    }

    #[test]
    fn a_mixed_page_owns_every_script_it_writes_in() {
        let chinese =
            "无论在 HTML 中哪里遇到 my-app 元素就会创建和显示 AppComponent 实例。".repeat(12);
        let scripts = page(&chinese);
        assert_eq!(share(&scripts, &["Angular"]), 0.0);
        assert_eq!(share(&scripts, &["前端编码规范"]), 0.0);
        assert_eq!(share(&scripts, &["Федоровна"]), 1.0);
    }

    #[test]
    fn a_short_page_says_nothing() {
        let scripts = page("Кроссовки and a few words.");
        assert_eq!(share(&scripts, &["网站优化"]), 0.0);
    }
}
