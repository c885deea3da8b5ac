//! The model: feature configuration, weights, bias, threshold and training metadata — the
//! single thing that training writes and inference reads. Its file format lives in
//! [`format`]; the trained default is embedded in the binary.

pub mod format;
mod names;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::features::Fluency;

pub use format::ModelFormatError;
pub use names::FeatureNames;

/// Which features the extractor computes; stored in the model so that inference computes
/// exactly the features the weights were trained on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// Version of the feature extractor's definitions. A model is refused by an extractor of
    /// another version, since its feature indices would mean something else.
    pub extractor_version: u32,
    /// Number of hashed lexical buckets (a power of two).
    pub hash_buckets: u32,
    /// Neighbour tokens on each side used by the window features.
    pub window: u32,
}

/// What the model was trained on and how it scored on held-out data; for `model inspect`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TrainingMeta {
    pub seed: u64,
    /// Free-form description of the training data (files, document and token counts).
    pub data: BTreeMap<String, String>,
    /// Metrics on the held-out split used to choose the threshold.
    pub heldout: BTreeMap<String, f64>,
    /// L2 regularisation strength, iterations and similar.
    pub hyper: BTreeMap<String, f64>,
}

/// A trained linear token classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub config: FeatureConfig,
    /// One name per weight, in weight order.
    pub feature_names: FeatureNames,
    pub weights: Vec<f32>,
    pub bias: f32,
    /// Token probability at or above which a token is flagged.
    pub threshold: f32,
    pub meta: TrainingMeta,
    /// Which words and word pairs ordinary prose uses (the seam features' background).
    pub fluency: Fluency,
}

/// The default model, trained by `scripts/train-default` and shipped in `models/`.
pub const DEFAULT_MODEL_BYTES: &[u8] = include_bytes!("../../models/default.spamspan");

impl Model {
    /// The model embedded in the binary.
    pub fn embedded() -> Result<Model, ModelFormatError> {
        format::decode_with(DEFAULT_MODEL_BYTES, format::Checksum::Trust)
    }
}
