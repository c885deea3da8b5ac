//! What the tokens around a prose word hold, within `window` tokens on each side: counted
//! from running totals, so that a token costs the same whatever the window's width,
//! instead of a walk over its neighbours.

use super::context::DocContext;
use crate::tokens::Token;

/// Running totals over the tokens: entry `j` counts tokens `0..j`.
pub struct Window {
    width: usize,
    /// Prose words: not in a link, with a word.
    words: Vec<u32>,
    /// Prose words the page's prose uses at most once.
    unseen: Vec<u32>,
    /// Prose words of strong spam vocabulary.
    strong: Vec<u32>,
    /// Link tokens, and those of links that look like spam.
    links: Vec<u32>,
    spammy_links: Vec<u32>,
}

/// The window around one prose word, the word itself left out.
pub struct Around {
    pub words: u32,
    pub unseen: u32,
    pub strong: u32,
    pub link: bool,
    pub spammy_link: bool,
}

impl Window {
    pub fn new(width: usize, tokens: &[Token], ctx: &DocContext) -> Window {
        let n = tokens.len() + 1;
        let mut window = Window {
            width,
            words: Vec::with_capacity(n),
            unseen: Vec::with_capacity(n),
            strong: Vec::with_capacity(n),
            links: Vec::with_capacity(n),
            spammy_links: Vec::with_capacity(n),
        };
        // All five totals in one walk over the tokens.
        let mut sums = [0u32; 5];
        window.push(sums);
        for (j, t) in tokens.iter().enumerate() {
            let prose = t.link.is_none() && !t.word.is_empty();
            sums[0] += u32::from(prose);
            sums[1] += u32::from(prose && ctx.token_count[j] <= 1);
            sums[2] += u32::from(prose && ctx.token_foreign_strong[j]);
            sums[3] += u32::from(t.link.is_some());
            sums[4] += u32::from(t.link.is_some_and(|l| ctx.links[l].spammy));
            window.push(sums);
        }
        window
    }

    fn push(&mut self, sums: [u32; 5]) {
        self.words.push(sums[0]);
        self.unseen.push(sums[1]);
        self.strong.push(sums[2]);
        self.links.push(sums[3]);
        self.spammy_links.push(sums[4]);
    }

    /// The window around prose word `i`.
    pub fn around(&self, i: usize) -> Around {
        let lo = i.saturating_sub(self.width);
        let hi = (i + self.width + 1).min(self.words.len() - 1);
        let count = |sums: &[u32]| sums[hi] - sums[lo];
        let own = |sums: &[u32]| sums[i + 1] - sums[i];
        Around {
            words: count(&self.words) - own(&self.words),
            unseen: count(&self.unseen) - own(&self.unseen),
            strong: count(&self.strong) - own(&self.strong),
            link: count(&self.links) > 0,
            spammy_link: count(&self.spammy_links) > 0,
        }
    }
}
