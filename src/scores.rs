//! Scores: a sparse dot product of token features with the model's weights, squashed to a
//! probability. Inference needs nothing of linfa, only the weights.

use crate::features::{Entry, RowSink, Rows};
use crate::model::Model;

/// Probability that each token is injected.
pub fn token_probabilities(model: &Model, rows: &Rows) -> Vec<f32> {
    rows.iter().map(|row| sigmoid(margin(model, row))).collect()
}

/// A [`RowSink`] that scores each token as its features arrive: the probabilities of
/// [`token_probabilities`] without keeping the rows, which are several hundred bytes per
/// token of text.
pub struct Scorer<'m> {
    model: &'m Model,
    pub probabilities: Vec<f32>,
    /// The probability of each one-feature row met so far, by feature: a markup token's row
    /// is that one flag, a third of the tokens of a crawl's HTML pages or more, and each
    /// would cost an `exp`.
    single: Vec<(u32, f32)>,
}

impl<'m> Scorer<'m> {
    pub fn new(model: &'m Model) -> Scorer<'m> {
        Scorer {
            model,
            probabilities: Vec::new(),
            single: Vec::new(),
        }
    }
}

impl RowSink for Scorer<'_> {
    fn reserve(&mut self, rows: usize) {
        self.probabilities.reserve(rows);
    }
    fn row(&mut self, entries: &[Entry]) {
        let p = match entries {
            [(i, v)] if *v == 1.0 => {
                if let Some(&(_, p)) = self.single.iter().find(|(j, _)| j == i) {
                    p
                } else {
                    let p = sigmoid(margin(self.model, entries));
                    self.single.push((*i, p));
                    p
                }
            }
            _ => sigmoid(margin(self.model, entries)),
        };
        self.probabilities.push(p);
    }
}

/// The linear margin `w·x + b` of one token.
pub fn margin(model: &Model, row: &[Entry]) -> f32 {
    row.iter()
        .map(|&(i, v)| model.weights.get(i as usize).copied().unwrap_or(0.0) * v)
        .sum::<f32>()
        + model.bias
}

pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The features that pushed a set of tokens' score most, summed over the tokens, largest
/// absolute contribution first.
pub fn explain<'a>(
    model: &Model,
    rows: impl Iterator<Item = &'a [Entry]>,
    top: usize,
) -> Vec<(String, f32)> {
    let mut totals: std::collections::BTreeMap<u32, f32> = std::collections::BTreeMap::new();
    let mut n = 0usize;
    for row in rows {
        n += 1;
        for &(i, v) in row {
            *totals.entry(i).or_default() +=
                model.weights.get(i as usize).copied().unwrap_or(0.0) * v;
        }
    }
    let mut out: Vec<(String, f32)> = totals
        .into_iter()
        .filter(|(_, c)| *c != 0.0)
        .map(|(i, c)| {
            let name = model
                .feature_names
                .get(i as usize)
                .map(str::to_string)
                .unwrap_or_else(|| format!("#{i}"));
            (name, c / n.max(1) as f32)
        })
        .collect();
    out.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
    out.truncate(top);
    out
}
