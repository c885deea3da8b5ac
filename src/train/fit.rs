//! The two linfa solvers that fit the weights. Both see the same sampled rows and return
//! weights plus bias for the positive (`true`) class.
//!
//! FTRL-Proximal (linfa-ftrl) is the default: it streams shuffled mini-batches, so each
//! update touches a small dense block, and its L1/L2 proximal step keeps the hashed lexical
//! buckets sparse. Batch L-BFGS logistic regression (linfa-logistic) finds the exact L2
//! optimum but passes over the whole dense matrix many times per iteration, which is slow
//! beyond ~50k rows.

use linfa::prelude::*;
use linfa_ftrl::Ftrl;
use linfa_logistic::LogisticRegression;
use ndarray::{Array1, Array2};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{TrainConfig, TrainError};
use crate::features::SparseRow;

/// Which linfa solver fits the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    /// linfa-ftrl on shuffled mini-batches, several epochs.
    Ftrl,
    /// linfa-logistic, L-BFGS on the full matrix.
    Lbfgs,
}

impl std::str::FromStr for Solver {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "ftrl" => Ok(Solver::Ftrl),
            "lbfgs" => Ok(Solver::Lbfgs),
            other => Err(format!("unknown solver {other:?}: use ftrl or lbfgs")),
        }
    }
}

/// Dense rows `indices` of `rows`, plus a constant column for the bias when `bias_column`.
fn dense(
    rows: &[&SparseRow],
    indices: &[usize],
    dimension: usize,
    bias_column: bool,
) -> Array2<f32> {
    let width = dimension + usize::from(bias_column);
    let mut x = Array2::<f32>::zeros((indices.len(), width));
    for (r, &i) in indices.iter().enumerate() {
        for &(f, v) in rows[i].iter() {
            x[[r, f as usize]] = v;
        }
        if bias_column {
            x[[r, dimension]] = 1.0;
        }
    }
    x
}

/// Fit weights and bias with the configured solver.
pub fn fit(
    rows: &[&SparseRow],
    labels: &[bool],
    dimension: usize,
    config: &TrainConfig,
) -> Result<(Vec<f32>, f32), TrainError> {
    match config.solver {
        Solver::Ftrl => fit_ftrl(rows, labels, dimension, config),
        Solver::Lbfgs => fit_lbfgs(rows, labels, dimension, config),
    }
}

fn fit_ftrl(
    rows: &[&SparseRow],
    labels: &[bool],
    dimension: usize,
    config: &TrainConfig,
) -> Result<(Vec<f32>, f32), TrainError> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let params = Ftrl::params_with_rng(ChaCha8Rng::seed_from_u64(config.seed.wrapping_add(1)))
        .alpha(config.learning_rate)
        .beta(1.0)
        .l1_ratio(config.l1)
        .l2_ratio(config.l2)
        .check()
        .map_err(|e| TrainError::Fit(e.to_string()))?;
    let mut model: Option<Ftrl<f32>> = None;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    for _ in 0..config.epochs {
        order.shuffle(&mut rng);
        for batch in order.chunks(config.batch_size.max(1)) {
            let x = dense(rows, batch, dimension, true);
            let y = Array1::from_iter(batch.iter().map(|&i| labels[i]));
            let dataset = Dataset::new(x, y);
            model = Some(
                params
                    .fit_with(model, &dataset)
                    .map_err(|e| TrainError::Fit(e.to_string()))?,
            );
        }
    }
    let model = model.ok_or_else(|| TrainError::Fit("no training rows".to_string()))?;
    let mut weights = model.get_weights().to_vec();
    let bias = weights.pop().unwrap_or(0.0);
    Ok((weights, bias))
}

fn fit_lbfgs(
    rows: &[&SparseRow],
    labels: &[bool],
    dimension: usize,
    config: &TrainConfig,
) -> Result<(Vec<f32>, f32), TrainError> {
    let all: Vec<usize> = (0..rows.len()).collect();
    let dataset = Dataset::new(
        dense(rows, &all, dimension, false),
        Array1::from_iter(labels.iter().copied()),
    );
    let fitted = LogisticRegression::default()
        .alpha(config.l2)
        .max_iterations(config.epochs as u64 * 20)
        .with_intercept(true)
        .fit(&dataset)
        .map_err(|e| TrainError::Fit(e.to_string()))?;
    // linfa calls the first label it meets "positive"; make the margin point at `true`.
    let sign = if fitted.labels().pos.class { 1.0 } else { -1.0 };
    let weights = fitted.params().iter().map(|w| w * sign).collect();
    Ok((weights, fitted.intercept() * sign))
}
