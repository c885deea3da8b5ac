//! The hashed lexical keys enter the model through naive-Bayes log-count ratios, as in
//! NBSVM (Wang & Manning, 2012): each bucket gets the smoothed log-odds of the tokens it
//! occurs in being injected, each namespace's keys sum (with their `1/n` shares) into one
//! score per token, and linfa fits one weight per namespace score beside the named
//! features. The shipped model folds that back: bucket weight = namespace weight × ratio,
//! so inference stays one sparse dot product over named and hashed features.
//!
//! Why not give linfa the buckets directly: linfa's solvers work on dense matrices, and a
//! few hundred thousand hashed columns times a few hundred thousand rows does not fit
//! that. The ratios are computed by cross-fitting (each document's scores come from counts
//! over the other folds), otherwise the fit would see ratios that already know the
//! document's own labels and trust the lexical scores far more than they deserve.

use std::collections::HashMap;

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::features::{Namespace, SparseRow, NAMES};
use crate::model::FeatureConfig;

/// How the ratios are smoothed.
#[derive(Debug, Clone, Copy)]
pub struct RatioParams {
    /// Pseudo-count pulling a rarely seen bucket's ratio towards zero (the prior odds).
    pub smoothing: f32,
    /// Largest magnitude of a ratio: a bucket seen only in one class must not dominate.
    pub clip: f32,
    /// Number of cross-fitting folds.
    pub folds: usize,
}

impl Default for RatioParams {
    fn default() -> Self {
        RatioParams {
            smoothing: 10.0,
            clip: 5.0,
            folds: 5,
        }
    }
}

/// Occurrences of every hashed bucket in injected and in clean token rows.
#[derive(Debug, Clone)]
pub struct Counts {
    injected: Vec<f32>,
    clean: Vec<f32>,
}

impl Counts {
    pub fn new(buckets_total: usize) -> Counts {
        Counts {
            injected: vec![0.0; buckets_total],
            clean: vec![0.0; buckets_total],
        }
    }

    /// Count the hashed keys of one row.
    pub fn add(&mut self, row: &SparseRow, injected: bool) {
        let named = NAMES.len() as u32;
        let side = if injected {
            &mut self.injected
        } else {
            &mut self.clean
        };
        for &(i, _) in row {
            if let Some(slot) = i.checked_sub(named).and_then(|b| side.get_mut(b as usize)) {
                *slot += 1.0;
            }
        }
    }

    /// `self - other`, for the counts outside one fold.
    fn without(&self, other: &Counts) -> Counts {
        let sub = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x - y).collect();
        Counts {
            injected: sub(&self.injected, &other.injected),
            clean: sub(&self.clean, &other.clean),
        }
    }

    /// Smoothed log-count ratio of every bucket, relative to its namespace's prior odds so
    /// that an unseen bucket scores exactly 0.
    pub fn ratios(&self, config: &FeatureConfig, params: RatioParams) -> Vec<f32> {
        let buckets = config.hash_buckets as usize;
        let mut out = vec![0.0; self.injected.len()];
        for ns in 0..Namespace::ALL.len() {
            let range = ns * buckets..((ns + 1) * buckets).min(out.len());
            let pos: f64 = self.injected[range.clone()]
                .iter()
                .map(|&x| f64::from(x))
                .sum();
            let neg: f64 = self.clean[range.clone()]
                .iter()
                .map(|&x| f64::from(x))
                .sum();
            if pos <= 0.0 || neg <= 0.0 {
                continue;
            }
            let prior = (pos / (pos + neg)) as f32;
            let prior_logit = (prior / (1.0 - prior)).ln();
            let a = params.smoothing;
            for b in range {
                let (p, n) = (self.injected[b], self.clean[b]);
                if p == 0.0 && n == 0.0 {
                    continue;
                }
                let r = ((p + a * prior) / (n + a * (1.0 - prior))).ln() - prior_logit;
                out[b] = r.clamp(-params.clip, params.clip);
            }
        }
        out
    }
}

/// Which cross-fitting fold each document belongs to, shuffled with the seed.
pub fn assign_folds(documents: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..documents).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed ^ 0x1e71_ca15));
    let mut fold = vec![0; documents];
    for (rank, &doc) in order.iter().enumerate() {
        fold[doc] = rank % folds.max(1);
    }
    fold
}

/// [`assign_folds`] over documents grouped by id: every copy of a document (the same page
/// with other spam injected, from another draw of the generator) lands in one fold. Split
/// over folds, a page's own words and word pairs would be in the tables its other copy is
/// featurised with, and its seams would look ordinary in training only. With distinct ids
/// this is exactly [`assign_folds`].
pub fn assign_folds_by_id(ids: &[&str], folds: usize, seed: u64) -> Vec<usize> {
    let mut group_of: HashMap<&str, usize> = HashMap::new();
    let groups: Vec<usize> = ids
        .iter()
        .map(|id| {
            let next = group_of.len();
            *group_of.entry(id).or_insert(next)
        })
        .collect();
    let group_fold = assign_folds(group_of.len(), folds, seed);
    groups.iter().map(|&g| group_fold[g]).collect()
}

/// Per-fold ratios: entry `k` is computed from every document outside fold `k`.
pub fn out_of_fold_ratios(
    per_fold: &[Counts],
    config: &FeatureConfig,
    params: RatioParams,
) -> (Vec<Vec<f32>>, Vec<f32>) {
    let total = per_fold
        .iter()
        .skip(1)
        .fold(per_fold[0].clone(), |mut acc, c| {
            for (a, b) in acc.injected.iter_mut().zip(&c.injected) {
                *a += b;
            }
            for (a, b) in acc.clean.iter_mut().zip(&c.clean) {
                *a += b;
            }
            acc
        });
    let folds = per_fold
        .iter()
        .map(|c| total.without(c).ratios(config, params))
        .collect();
    (folds, total.ratios(config, params))
}

/// The row linfa is fitted on: the named features, then one lexical score per namespace
/// (index `NAMES.len() + namespace`).
pub fn compact_row(row: &SparseRow, ratios: &[f32], config: &FeatureConfig) -> SparseRow {
    let named = NAMES.len() as u32;
    let buckets = config.hash_buckets;
    let mut scores = [0.0f32; Namespace::ALL.len()];
    let mut out: SparseRow = Vec::with_capacity(row.len().min(32));
    for &(i, v) in row {
        match i.checked_sub(named) {
            None => out.push((i, v)),
            Some(b) => {
                let ns = (b / buckets) as usize;
                if let (Some(s), Some(r)) = (scores.get_mut(ns), ratios.get(b as usize)) {
                    *s += v * r;
                }
            }
        }
    }
    for (ns, &s) in scores.iter().enumerate() {
        if s != 0.0 {
            out.push((named + ns as u32, s));
        }
    }
    out
}

/// Width of the compact rows.
pub fn compact_dimension() -> usize {
    NAMES.len() + Namespace::ALL.len()
}

/// The full weight vector: named weights as fitted, each bucket its namespace weight times
/// its ratio.
pub fn fold_weights(compact: &[f32], ratios: &[f32], config: &FeatureConfig) -> Vec<f32> {
    let named = NAMES.len();
    let buckets = config.hash_buckets as usize;
    let mut out = Vec::with_capacity(config.dimension());
    out.extend_from_slice(&compact[..named]);
    out.extend(ratios.iter().enumerate().map(|(b, r)| {
        let ns_weight = compact.get(named + b / buckets).copied().unwrap_or(0.0);
        ns_weight * r
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scores;

    fn config() -> FeatureConfig {
        FeatureConfig {
            extractor_version: crate::features::EXTRACTOR_VERSION,
            hash_buckets: 8,
            window: 1,
        }
    }

    fn bucket(ns: usize, b: u32) -> u32 {
        NAMES.len() as u32 + ns as u32 * 8 + b
    }

    #[test]
    fn unseen_buckets_score_zero_and_class_specific_ones_get_their_sign() {
        let config = config();
        let mut c = Counts::new(Namespace::ALL.len() * 8);
        for _ in 0..10 {
            c.add(&vec![(bucket(0, 1), 1.0), (bucket(0, 3), 1.0)], true);
            c.add(&vec![(bucket(0, 2), 1.0), (bucket(0, 3), 1.0)], false);
        }
        let r = c.ratios(&config, RatioParams::default());
        assert!(r[1] > 1.0, "{}", r[1]);
        assert!(r[2] < -1.0, "{}", r[2]);
        assert!(r[3].abs() < 1e-6, "{}", r[3]);
        assert_eq!(r[4], 0.0);
        assert!(r.iter().all(|x| x.abs() <= 5.0));
    }

    #[test]
    fn folded_weights_score_a_row_as_the_compact_model_does() {
        let config = config();
        let ratios: Vec<f32> = (0..Namespace::ALL.len() * 8)
            .map(|i| (i as f32 * 0.37).sin())
            .collect();
        let mut compact = vec![0.0; compact_dimension()];
        for (i, w) in compact.iter_mut().enumerate() {
            *w = (i as f32 * 0.11).cos();
        }
        let row: SparseRow = vec![
            (0, 1.0),
            (3, 0.5),
            (bucket(0, 2), 1.0),
            (bucket(2, 5), 0.25),
            (bucket(2, 5), 0.25),
            (bucket(4, 7), 0.5),
        ];
        let full = crate::model::Model {
            config: config.clone(),
            feature_names: vec![String::new(); config.dimension()].into(),
            weights: fold_weights(&compact, &ratios, &config),
            bias: 0.0,
            threshold: 0.5,
            meta: Default::default(),
            fluency: Default::default(),
        };
        let small = crate::model::Model {
            weights: compact,
            ..full.clone()
        };
        let a = scores::margin(&full, &row);
        let b = scores::margin(&small, &compact_row(&row, &ratios, &config));
        assert!((a - b).abs() < 1e-5, "{a} vs {b}");
    }

    #[test]
    fn copies_of_a_document_share_a_fold() {
        let ids: Vec<String> = (0..40).map(|i| format!("doc{}", i % 13)).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let f = assign_folds_by_id(&ids, 5, 9);
        for (i, a) in ids.iter().enumerate() {
            for (j, b) in ids.iter().enumerate() {
                if a == b {
                    assert_eq!(f[i], f[j], "{a}");
                }
            }
        }
        assert!((0..5).all(|k| f.contains(&k)));
        let distinct: Vec<String> = (0..103).map(|i| format!("d{i}")).collect();
        let distinct: Vec<&str> = distinct.iter().map(String::as_str).collect();
        assert_eq!(assign_folds_by_id(&distinct, 5, 9), assign_folds(103, 5, 9));
    }

    #[test]
    fn folds_are_balanced_and_seeded() {
        let f = assign_folds(103, 5, 9);
        assert_eq!(f, assign_folds(103, 5, 9));
        for k in 0..5 {
            let n = f.iter().filter(|&&x| x == k).count();
            assert!((20..=21).contains(&n));
        }
    }
}
