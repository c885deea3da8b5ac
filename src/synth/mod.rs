//! Synthetic training data: clean real documents with spam injected, labelled with exact spans.
//!
//! A classifier trained on naive injections scores well on its own synthetic split and fails
//! on real pages, so both sides are made hard on purpose:
//!
//! * the injections copy real ones: jersey-shop URLs dropped mid-sentence in spun news copies,
//!   hidden `<div>` blocks of casino links before `</body>`, comment-spam link lists, link
//!   wheels on innocent words, BBCode from forum scrapes, pointing at shop-like domains,
//!   referrer-spam and blocklisted domains, and compromised school or government sites;
//! * the clean side carries what the model must not flag: spun and garbled text, legitimate
//!   links to the page's own site and to reference sites, and sentences that mention jerseys,
//!   casinos and drugs legitimately. These are applied to clean and injected documents alike,
//!   so that none of them gives a document away.
//!
//! Evaluation must be on unseen documents *and* unseen spam domains: document ids and domains
//! are split by stable hashes, and held-out documents only use held-out domains and (where a
//! vocabulary category is big enough) held-out anchor rows.
//!
//! Everything is deterministic: one ChaCha8 stream per document, seeded from the run's seed
//! and the document's key; inputs are read in file order; no hash-map order reaches the output.

mod corpora;
mod domains;
mod edit;
mod html_scan;
mod inject;
mod inject_html;
mod inject_text;
mod negatives;
mod prose;
mod spin;
mod vocab;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_synthesize;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::io::LabelledDoc;

pub use domains::{generated_domains, spam_domain_pool};
pub use inject::inject;
pub use vocab::Vocab;

/// What to synthesise and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthConfig {
    /// The shared data directory: `corpora/` and `spam_vocab/` (see its README).
    pub shared_dir: PathBuf,
    pub seed: u64,
    /// At most this many documents of each corpus, in file order (0: all).
    pub max_docs_per_corpus: usize,
    /// The share of documents that get injections; the rest go out labelled clean.
    pub injected_share: f64,
    /// The share of documents (and of spam domains and vocabulary rows) held out.
    pub heldout_share: f64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            shared_dir: PathBuf::from("../shared"),
            seed: 1,
            max_docs_per_corpus: 0,
            injected_share: 0.5,
            heldout_share: 0.2,
        }
    }
}

/// The labelled documents, split, and counts by corpus, kind and split.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthOutput {
    pub train: Vec<LabelledDoc>,
    pub heldout: Vec<LabelledDoc>,
    pub summary: BTreeMap<String, usize>,
}

/// Why synthesis could not run. Missing inputs name the file, because the usual cause is a
/// shared directory that is not where the command looked.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("missing {path}: the shared data directory must hold corpora/ and spam_vocab/ (set SPAMSPAN_SHARED or pass --shared)")]
    Missing { path: PathBuf },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {detail}")]
    BadRecord {
        path: PathBuf,
        line: usize,
        detail: String,
    },
    #[error("invalid synth configuration: {0}")]
    Config(String),
}

impl SynthError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> SynthError {
        if source.kind() == std::io::ErrorKind::NotFound {
            SynthError::Missing {
                path: path.to_path_buf(),
            }
        } else {
            SynthError::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

/// FNV-1a, 64 bit: a hash that never changes between runs, platforms or Rust versions, for
/// the splits and the per-document seeds.
pub(crate) fn stable_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Whether `key` falls in the held-out share.
pub(crate) fn is_heldout(key: &str, share: f64) -> bool {
    ((stable_hash(key) % 10_000) as f64) < share * 10_000.0
}

/// The noise applied to one document (never labelled).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NoiseRates {
    pub spin: f64,
    pub legit_links: f64,
    pub mentions: f64,
}

const NOISE: NoiseRates = NoiseRates {
    spin: 0.3,
    legit_links: 0.3,
    mentions: 0.3,
};

/// Read the shared directory, inject spam into a share of every corpus, and split.
pub fn synthesize(config: &SynthConfig) -> Result<SynthOutput, SynthError> {
    for (name, v) in [
        ("injected_share", config.injected_share),
        ("heldout_share", config.heldout_share),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(SynthError::Config(format!(
                "{name} must be in [0, 1], got {v}"
            )));
        }
    }
    let shared = &config.shared_dir;
    if !shared.is_dir() {
        return Err(SynthError::Missing {
            path: shared.clone(),
        });
    }
    let corpora = corpora::load_all(shared, config.max_docs_per_corpus)?;
    let vocab = Vocab::with_shared(shared)?;
    let pool = spam_domain_pool(&vocab, shared, config.seed)?;
    let (train_domains, heldout_domains) = domains::split_pool(&pool, config.heldout_share);
    let train_vocab = vocab.part(false, config.heldout_share);
    let heldout_vocab = vocab.part(true, config.heldout_share);

    let mut out = SynthOutput {
        train: Vec::new(),
        heldout: Vec::new(),
        summary: BTreeMap::new(),
    };
    let add = |summary: &mut BTreeMap<String, usize>, key: String, n: usize| {
        *summary.entry(key).or_insert(0) += n;
    };
    add(
        &mut out.summary,
        "domains.train".into(),
        train_domains.len(),
    );
    add(
        &mut out.summary,
        "domains.heldout".into(),
        heldout_domains.len(),
    );
    for (corpus, docs, skipped) in corpora {
        add(
            &mut out.summary,
            format!("corpus.{corpus}.skipped_empty"),
            skipped,
        );
        for doc in docs {
            let key = format!("{corpus}/{}", doc.id);
            let heldout = is_heldout(&key, config.heldout_share);
            let split = if heldout { "heldout" } else { "train" };
            let (v, d) = if heldout {
                (&heldout_vocab, &heldout_domains)
            } else {
                (&train_vocab, &train_domains)
            };
            let mut rng =
                ChaCha8Rng::seed_from_u64(config.seed ^ stable_hash(&key).rotate_left(17));
            let injected = rng.gen_bool(config.injected_share);
            let (noised, noise) = negatives::add_noise(&doc, v, &mut rng, NOISE);
            let mut labelled = if injected {
                inject(&noised, v, &mut rng, d)
            } else {
                LabelledDoc {
                    spans: Some(Vec::new()),
                    ..noised
                }
            };
            set_meta(&mut labelled, corpus, &noise);
            let state = if injected { "injected" } else { "clean" };
            add(&mut out.summary, format!("docs.{split}"), 1);
            add(&mut out.summary, format!("docs.{split}.{state}"), 1);
            add(
                &mut out.summary,
                format!("corpus.{corpus}.{split}.{state}"),
                1,
            );
            for n in &noise {
                add(&mut out.summary, format!("noise.{n}.{split}"), 1);
            }
            for s in labelled.spans.iter().flatten() {
                let kind = s.kind.as_deref().unwrap_or("spam");
                add(&mut out.summary, format!("kind.{kind}.{split}"), 1);
                add(&mut out.summary, format!("spans.{split}"), 1);
            }
            if heldout {
                out.heldout.push(labelled);
            } else {
                out.train.push(labelled);
            }
        }
    }
    Ok(out)
}

/// `meta` = {"corpus", "spam_domains", "styles", "noise"}; `inject` fills the middle two
/// (clean documents get empty lists).
fn set_meta(doc: &mut LabelledDoc, corpus: &str, noise: &[&'static str]) {
    let mut meta = match doc.meta.take() {
        Some(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    meta.insert("corpus".into(), corpus.into());
    meta.entry("spam_domains")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    meta.entry("styles")
        .or_insert_with(|| serde_json::Value::Array(Vec::new()));
    meta.insert(
        "noise".into(),
        noise.iter().map(|n| serde_json::Value::from(*n)).collect(),
    );
    doc.meta = Some(serde_json::Value::Object(meta));
}
