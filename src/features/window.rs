//! What the tokens around a prose word hold, within `window` tokens on each side: counted
//! from running totals, so that a token costs the same whatever the window's width,
//! instead of a walk over its neighbours.

use super::context::DocContext;
use crate::tokens::Token;

/// Running totals over the tokens: entry `j` counts tokens `0..j`.
pub struct Window {
    width: usize,
    /// Per entry, in this order: prose words (not in a link, with a word); prose words the
    /// page's prose uses at most once; prose words of strong spam vocabulary; link tokens;
    /// and those of links that look like spam. Kept side by side: one allocation, and a
    /// token's window reads four entries rather than twenty values in five vectors.
    sums: Vec<[u32; 5]>,
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
        let mut sums = Vec::with_capacity(tokens.len() + 1);
        let mut running = [0u32; 5];
        sums.push(running);
        for (j, t) in tokens.iter().enumerate() {
            let prose = t.link.is_none() && !t.word.is_empty();
            running[0] += u32::from(prose);
            running[1] += u32::from(prose && ctx.token_count[j] <= 1);
            running[2] += u32::from(prose && ctx.token_foreign_strong[j]);
            running[3] += u32::from(t.link.is_some());
            running[4] += u32::from(t.link.is_some_and(|l| ctx.links[l].spammy));
            sums.push(running);
        }
        Window { width, sums }
    }

    /// The window around prose word `i`.
    pub fn around(&self, i: usize) -> Around {
        let lo = &self.sums[i.saturating_sub(self.width)];
        let hi = &self.sums[(i + self.width + 1).min(self.sums.len() - 1)];
        let (before, after) = (&self.sums[i], &self.sums[i + 1]);
        let count = |k: usize| hi[k] - lo[k];
        let own = |k: usize| after[k] - before[k];
        Around {
            words: count(0) - own(0),
            unseen: count(1) - own(1),
            strong: count(2) - own(2),
            link: count(3) > 0,
            spammy_link: count(4) > 0,
        }
    }
}
