//! TEMPORARY stand-in until the synth module lands.
use crate::io::LabelledDoc;
use std::collections::BTreeMap;
use std::path::PathBuf;
#[derive(Debug, Clone, Default)]
pub struct SynthConfig {
    pub shared_dir: PathBuf,
    pub seed: u64,
    pub max_docs_per_corpus: usize,
    pub injected_share: f64,
    pub heldout_share: f64,
}
pub struct SynthOutput {
    pub train: Vec<LabelledDoc>,
    pub heldout: Vec<LabelledDoc>,
    pub summary: BTreeMap<String, usize>,
}
#[derive(Debug, thiserror::Error)]
#[error("synth not available yet")]
pub struct SynthError;
pub fn synthesize(_c: &SynthConfig) -> Result<SynthOutput, SynthError> {
    Err(SynthError)
}
