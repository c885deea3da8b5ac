//! Format version 2: version 1 plus the background prose tables of the seam features
//! (`features::fluency`). All integers and floats are little-endian.
//!
//! ```text
//! offset          size     field
//! 0               8        magic b"SPAMSPAN"
//! 8               1        format version = 2
//! 9               4        u32 H: header length in bytes (at most 16 MiB)
//! 13              H        header: UTF-8 JSON of `HeaderV2` (v1's fields, then
//!                          known_words and pair_words), compact, fields in that order
//! 13+H            4*N      N = n_weights f32 weights (N at most 2^26)
//! 13+H+4N         8*K      K = known_words u64 words of the known-word bit set
//! 13+H+4N+8K      8*P      P = pair_words u64 words of the word-pair bit set
//! end-8           8        u64 FNV-1a 64 of every byte before it
//! ```
//!
//! K and P are 0 (a model without tables: no seam feature fires) or powers of two up to
//! 2^20 words (8 MiB) each. As in v1, every length is checked against the bytes present
//! before anything is allocated, and the checksum before the JSON is parsed.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::v1::{
    append_frame, append_weights, check_feature_names, check_header_len, saturating_u32,
    split_checked, validate, weights_from_le, Cursor, CHECKSUM_LEN, MAX_HEADER_LEN, MAX_WEIGHTS,
};
use super::{Checksum, ModelFormatError, PREAMBLE_LEN};
use crate::features::fluency::BitTable;
use crate::features::Fluency;
use crate::model::{FeatureConfig, FeatureNames, Model, TrainingMeta};

/// Largest bit-set size in 64-bit words (8 MiB; the tables spamspan trains take 1 MiB).
pub(super) const MAX_TABLE_WORDS: u32 = 1 << 20;

/// The largest file a valid v2 model can occupy.
pub(super) const MAX_FILE_LEN: u64 = PREAMBLE_LEN as u64
    + 4
    + MAX_HEADER_LEN as u64
    + 4 * MAX_WEIGHTS as u64
    + 2 * 8 * MAX_TABLE_WORDS as u64
    + CHECKSUM_LEN as u64;

/// The JSON header as written: v1's, with the two table sizes.
#[derive(Serialize)]
struct HeaderV2<'a> {
    config: Cow<'a, FeatureConfig>,
    meta: Cow<'a, TrainingMeta>,
    feature_names: Cow<'a, [String]>,
    bias: f32,
    threshold: f32,
    n_weights: u32,
    known_words: u32,
    pair_words: u32,
}

/// [`HeaderV2`] as read: unknown fields are refused, and the feature names stay JSON text
/// until they are needed (see [`FeatureNames`]).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderV2In<'a> {
    config: FeatureConfig,
    meta: TrainingMeta,
    #[serde(borrow)]
    feature_names: &'a RawValue,
    bias: f32,
    threshold: f32,
    n_weights: u32,
    known_words: u32,
    pair_words: u32,
}

/// Append the v2 payload and checksum to `out` (which holds the preamble). No validation.
pub(super) fn encode(model: &Model, out: &mut Vec<u8>) {
    let header = header_json(model);
    append_payload(out, &header, model);
}

/// Like [`encode`], but first refuses any model that [`decode`] would refuse.
pub(super) fn encode_validated(model: &Model, out: &mut Vec<u8>) -> Result<(), ModelFormatError> {
    validate(model)?;
    check_tables(&model.fluency)?;
    let header = header_json(model);
    check_header_len(header.len())?;
    append_payload(out, &header, model);
    Ok(())
}

fn header_json(model: &Model) -> Vec<u8> {
    let header = HeaderV2 {
        config: Cow::Borrowed(&model.config),
        meta: Cow::Borrowed(&model.meta),
        feature_names: Cow::Borrowed(model.feature_names.as_slice()),
        bias: model.bias,
        threshold: model.threshold,
        n_weights: saturating_u32(model.weights.len()),
        known_words: saturating_u32(model.fluency.known.words().len()),
        pair_words: saturating_u32(model.fluency.pairs.words().len()),
    };
    // Every map is keyed by `String`, so serialising to memory cannot fail.
    serde_json::to_vec(&header).expect("a v2 header always serialises to JSON")
}

fn append_payload(out: &mut Vec<u8>, header: &[u8], model: &Model) {
    append_frame(out, header, |body| {
        append_weights(body, &model.weights);
        let tables = [model.fluency.known.words(), model.fluency.pairs.words()];
        body.reserve(8 * tables.iter().map(|t| t.len()).sum::<usize>());
        for word in tables.into_iter().flatten() {
            body.extend_from_slice(&word.to_le_bytes());
        }
    });
}

/// Decode a whole v2 file (preamble included; the parent has checked it).
pub(super) fn decode(bytes: &[u8], checksum: Checksum) -> Result<Model, ModelFormatError> {
    let (header_bytes, payload) = split_checked(bytes, checksum)?;
    let header: HeaderV2In = serde_json::from_slice(header_bytes)
        .map_err(|e| ModelFormatError::BadHeader(e.to_string()))?;
    for (what, words) in [
        ("known_words", header.known_words),
        ("pair_words", header.pair_words),
    ] {
        if words > MAX_TABLE_WORDS || (words != 0 && !words.is_power_of_two()) {
            return Err(ModelFormatError::Inconsistent(format!(
                "{what} is {words}, but it must be 0 or a power of two no larger than \
                 {MAX_TABLE_WORDS}"
            )));
        }
    }
    if header.n_weights > MAX_WEIGHTS {
        return Err(ModelFormatError::Inconsistent(format!(
            "{} weights, more than the limit of {MAX_WEIGHTS}",
            header.n_weights
        )));
    }
    let needed = 4 * u64::from(header.n_weights)
        + 8 * (u64::from(header.known_words) + u64::from(header.pair_words));
    let available = payload.len() as u64;
    if needed > available {
        return Err(ModelFormatError::Truncated {
            what: "the weights and tables",
            needed,
            available,
        });
    }
    if needed < available {
        return Err(ModelFormatError::Inconsistent(format!(
            "{} unexpected bytes after the weights and tables",
            available - needed
        )));
    }
    let feature_names =
        FeatureNames::from_json(header.feature_names.get()).map_err(ModelFormatError::BadHeader)?;
    check_feature_names(feature_names.len(), header.n_weights)?;
    let mut payload = Cursor { rest: payload };
    let weights = weights_from_le(payload.take(4 * u64::from(header.n_weights), "the weights")?);
    let mut table = |words: u32, what: &'static str| -> Result<BitTable, ModelFormatError> {
        let words: Vec<u64> = payload
            .take(8 * u64::from(words), what)?
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        // Sizes were checked above.
        BitTable::from_words(words)
            .ok_or_else(|| ModelFormatError::Inconsistent(format!("{what} has a bad size")))
    };
    let known = table(header.known_words, "the known-word table")?;
    let pairs = table(header.pair_words, "the word-pair table")?;

    let model = Model {
        config: header.config,
        feature_names,
        weights,
        bias: header.bias,
        threshold: header.threshold,
        meta: header.meta,
        fluency: Fluency { known, pairs },
    };
    // The table sizes were checked against the header above.
    validate(&model)?;
    Ok(model)
}

fn check_tables(fluency: &Fluency) -> Result<(), ModelFormatError> {
    for (what, t) in [
        ("known-word", &fluency.known),
        ("word-pair", &fluency.pairs),
    ] {
        let n = t.words().len();
        if n > MAX_TABLE_WORDS as usize || (n != 0 && !n.is_power_of_two()) {
            return Err(ModelFormatError::Inconsistent(format!(
                "the {what} table has {n} words, but it must be 0 or a power of two no \
                 larger than {MAX_TABLE_WORDS}"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::format::v1::fnv1a64;
    use crate::model::format::{decode, encode, CURRENT_VERSION, MAGIC};

    fn model_with_tables(known: usize, pairs: usize) -> Model {
        let table = |n: usize| {
            BitTable::from_words((0..n as u64).map(|i| i.wrapping_mul(0x9e37_79b9)).collect())
                .unwrap()
        };
        Model {
            config: FeatureConfig {
                extractor_version: 4,
                hash_buckets: 4,
                window: 1,
            },
            feature_names: vec!["a".into(), "b".into()].into(),
            weights: vec![1.0, -2.5],
            bias: 0.5,
            threshold: 0.25,
            meta: TrainingMeta::default(),
            fluency: Fluency {
                known: table(known),
                pairs: table(pairs),
            },
        }
    }

    fn header_len(bytes: &[u8]) -> usize {
        u32::from_le_bytes(bytes[9..13].try_into().unwrap()) as usize
    }

    /// `bytes` with its checksum recomputed, to reach the checks after it.
    fn resum(mut bytes: Vec<u8>) -> Vec<u8> {
        let n = bytes.len() - CHECKSUM_LEN;
        let sum = fnv1a64(&bytes[..n]);
        bytes[n..].copy_from_slice(&sum.to_le_bytes());
        bytes
    }

    #[test]
    fn tables_round_trip_and_encoding_is_deterministic() {
        for (k, p) in [(0, 0), (1, 2), (16, 64)] {
            let model = model_with_tables(k, p);
            let bytes = encode(&model);
            assert_eq!(bytes[8], CURRENT_VERSION);
            assert_eq!(&bytes[..8], MAGIC);
            assert_eq!(decode(&bytes).unwrap(), model);
            assert_eq!(encode(&model), bytes);
            let h = header_len(&bytes);
            assert_eq!(bytes.len(), 13 + h + 8 + 8 * (k + p) + CHECKSUM_LEN);
        }
    }

    #[test]
    fn a_table_cut_short_is_truncated() {
        let bytes = encode(&model_with_tables(16, 64));
        let mut cut = bytes[..bytes.len() - CHECKSUM_LEN - 8].to_vec();
        cut.extend_from_slice(&[0; CHECKSUM_LEN]);
        match decode(&resum(cut)) {
            Err(ModelFormatError::Truncated { what, .. }) => {
                assert_eq!(what, "the weights and tables")
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn hostile_table_sizes_are_refused_before_allocating() {
        let bytes = encode(&model_with_tables(1, 2));
        let h = header_len(&bytes);
        let header = std::str::from_utf8(&bytes[13..13 + h]).unwrap();
        for (from, to) in [
            (r#""pair_words":2"#, r#""pair_words":4294967295"#),
            (r#""pair_words":2"#, r#""pair_words":3"#),
            (r#""known_words":1"#, r#""known_words":1048576"#),
        ] {
            let new_header = header.replace(from, to);
            let mut out = bytes[..9].to_vec();
            out.extend_from_slice(&(new_header.len() as u32).to_le_bytes());
            out.extend_from_slice(new_header.as_bytes());
            out.extend_from_slice(&bytes[13 + h..]);
            let err = decode(&resum(out)).unwrap_err();
            assert!(
                matches!(
                    err,
                    ModelFormatError::Inconsistent(_) | ModelFormatError::Truncated { .. }
                ),
                "{to}: {err:?}"
            );
        }
    }

    #[test]
    fn trailing_bytes_are_refused() {
        let bytes = encode(&model_with_tables(1, 2));
        let mut longer = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        longer.extend_from_slice(&[0; 8]);
        longer.extend_from_slice(&[0; CHECKSUM_LEN]);
        assert!(matches!(
            decode(&resum(longer)),
            Err(ModelFormatError::Inconsistent(m)) if m.contains("unexpected bytes")
        ));
    }

    #[test]
    fn validated_encoding_refuses_a_bad_table() {
        let mut model = model_with_tables(1, 2);
        model.fluency.pairs = BitTable::default();
        let mut out = Vec::new();
        assert!(encode_validated(&model, &mut out).is_ok());
        let mut bad = model_with_tables(1, 2);
        bad.weights.push(f32::NAN);
        bad.feature_names = vec!["a".into(), "b".into(), "c".into()].into();
        assert!(encode_validated(&bad, &mut Vec::new()).is_err());
    }
}
