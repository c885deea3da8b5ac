//! Format version 1. All integers and floats are little-endian; offsets are from the start
//! of the file (the 9-byte preamble is written and checked by the parent module).
//!
//! ```text
//! offset      size     field
//! 0           8        magic b"SPAMSPAN"
//! 8           1        format version = 1
//! 9           4        u32 H: header length in bytes (at most 16 MiB)
//! 13          H        header: UTF-8 JSON of `HeaderV1` (config, meta, feature_names,
//!                      bias, threshold, n_weights), compact, fields in that order
//! 13+H        4*N      N = n_weights f32 weights (N at most 2^26)
//! 13+H+4N     8        u64 FNV-1a 64 of every byte before it (offsets 0 .. 13+H+4N)
//! ```
//!
//! Why JSON for the header: it is small, self-describing and easy to inspect (`strings`
//! shows it), and it carries the free-form training metadata. Why raw f32 for the weights:
//! there can be millions of them, and binary keeps them exact and compact. The checksum
//! covers the whole file so any damage, including to the magic, is caught; it is checked
//! before the JSON is parsed so accidental damage never reaches the parser.
//!
//! Known limitation: without serde_json's `float_roundtrip` feature, the `f64` values in
//! `meta` may come back 1 ULP off (the default parser is fast, not exact). `bias` and
//! `threshold` (f32) and the weights (binary) always round-trip exactly.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Checksum, ModelFormatError, PREAMBLE_LEN};
use crate::features::Fluency;
use crate::model::{FeatureConfig, Model, TrainingMeta};

/// Largest header accepted. Real headers are a few MiB at most (feature names dominate);
/// the limit keeps a hostile file from making the JSON parser build a huge structure.
pub(super) const MAX_HEADER_LEN: u32 = 16 << 20;
/// Largest weight count accepted (256 MiB of weights): far above any useful linear model.
pub(super) const MAX_WEIGHTS: u32 = 1 << 26;
/// Largest `hash_buckets`; more would only waste memory in the extractor.
pub(super) const MAX_HASH_BUCKETS: u32 = 1 << 24;
/// Largest context `window` the extractor supports.
pub(super) const MAX_WINDOW: u32 = 16;

pub(super) const CHECKSUM_LEN: usize = 8;

/// The JSON header. `Cow` lets encoding borrow from the `Model` instead of cloning every
/// feature name; decoding always produces owned values. Unknown fields are refused: a
/// header with extra fields was written by something that is not v1, and changes to the
/// layout must bump the version byte rather than be silently ignored.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderV1<'a> {
    config: Cow<'a, FeatureConfig>,
    meta: Cow<'a, TrainingMeta>,
    feature_names: Cow<'a, [String]>,
    bias: f32,
    threshold: f32,
    n_weights: u32,
}

/// Append the v1 payload and checksum to `out`, which already holds the preamble.
/// No validation: see [`encode_validated`]. Version 2 is written now; v1 files are only
/// read, and written by tests.
#[cfg(test)]
pub(super) fn encode(model: &Model, out: &mut Vec<u8>) {
    let header = header_json(model);
    append_frame(out, &header, |body| append_weights(body, &model.weights));
}

/// Like [`encode`], but first refuses any model that [`decode`] would refuse, so `write`
/// never produces a file that cannot be read back.
#[cfg(test)]
pub(super) fn encode_validated(model: &Model, out: &mut Vec<u8>) -> Result<(), ModelFormatError> {
    validate(model)?;
    let header = header_json(model);
    check_header_len(header.len())?;
    append_frame(out, &header, |body| append_weights(body, &model.weights));
    Ok(())
}

/// Refuse to write a header longer than a reader accepts.
pub(super) fn check_header_len(len: usize) -> Result<(), ModelFormatError> {
    if len > MAX_HEADER_LEN as usize {
        return Err(ModelFormatError::Inconsistent(format!(
            "the header would be {len} bytes, more than the {MAX_HEADER_LEN}-byte limit \
             (too many or too long feature names)"
        )));
    }
    Ok(())
}

#[cfg(test)]
fn header_json(model: &Model) -> Vec<u8> {
    let header = HeaderV1 {
        config: Cow::Borrowed(&model.config),
        meta: Cow::Borrowed(&model.meta),
        feature_names: Cow::Borrowed(model.feature_names.as_slice()),
        bias: model.bias,
        threshold: model.threshold,
        // Saturating: an over-long model then fails to decode rather than aliasing.
        n_weights: saturating_u32(model.weights.len()),
    };
    // Serialising to memory only fails for non-string map keys, and every map here is
    // keyed by `String` (non-finite floats become `null` rather than an error).
    serde_json::to_vec(&header).expect("a v1 header always serialises to JSON")
}

/// Append the frame v1 and v2 share to `out` (which holds the preamble): the header length,
/// the header, what `body` writes, and the checksum of everything before it.
pub(super) fn append_frame(out: &mut Vec<u8>, header: &[u8], body: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(&saturating_u32(header.len()).to_le_bytes());
    out.extend_from_slice(header);
    body(out);
    let sum = fnv1a64(out);
    out.extend_from_slice(&sum.to_le_bytes());
}

pub(super) fn append_weights(out: &mut Vec<u8>, weights: &[f32]) {
    out.reserve(4 * weights.len() + CHECKSUM_LEN);
    for w in weights {
        out.extend_from_slice(&w.to_le_bytes());
    }
}

pub(super) fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The header bytes and the bytes between header and checksum of a v1 or v2 file (the
/// layouts share this frame), after checking the header length against the bytes present
/// and the limit, and the checksum: nothing is parsed before the file is known whole.
pub(super) fn split_checked(
    bytes: &[u8],
    checksum: Checksum,
) -> Result<(&[u8], &[u8]), ModelFormatError> {
    let mut cur = Cursor {
        rest: bytes.get(PREAMBLE_LEN..).unwrap_or_default(),
    };
    let header_len = cur.u32("the header length")?;
    let header_bytes = cur.take(u64::from(header_len), "the header")?;
    if header_len > MAX_HEADER_LEN {
        return Err(ModelFormatError::Inconsistent(format!(
            "the header is {header_len} bytes, more than the {MAX_HEADER_LEN}-byte limit"
        )));
    }
    if cur.rest.len() < CHECKSUM_LEN {
        return Err(ModelFormatError::Truncated {
            what: "the checksum",
            needed: CHECKSUM_LEN as u64,
            available: cur.rest.len() as u64,
        });
    }
    let (body, stored) = bytes.split_at(bytes.len() - CHECKSUM_LEN);
    let mut stored_sum = [0u8; CHECKSUM_LEN];
    stored_sum.copy_from_slice(stored);
    if checksum == Checksum::Verify && fnv1a64(body) != u64::from_le_bytes(stored_sum) {
        return Err(ModelFormatError::ChecksumMismatch);
    }
    Ok((header_bytes, &cur.rest[..cur.rest.len() - CHECKSUM_LEN]))
}

/// Decode a whole v1 file (preamble included; the parent has checked it).
///
/// Order matters: every length is checked against the bytes actually present before it is
/// used, then the checksum, and only then is the JSON parsed and its `n_weights` trusted.
pub(super) fn decode(bytes: &[u8], checksum: Checksum) -> Result<Model, ModelFormatError> {
    let (header_bytes, weight_bytes) = split_checked(bytes, checksum)?;
    let header: HeaderV1<'static> = serde_json::from_slice(header_bytes)
        .map_err(|e| ModelFormatError::BadHeader(e.to_string()))?;
    check_weight_bytes(header.n_weights, weight_bytes.len())?;
    check_feature_names(header.feature_names.len(), header.n_weights)?;
    let weights = weights_from_le(weight_bytes);

    let model = Model {
        config: header.config.into_owned(),
        feature_names: header.feature_names.into_owned().into(),
        weights,
        bias: header.bias,
        threshold: header.threshold,
        meta: header.meta.into_owned(),
        // Version 1 predates the background prose tables.
        fluency: Fluency::default(),
    };
    validate(&model)?;
    Ok(model)
}

/// The header must name every weight.
pub(super) fn check_feature_names(names: usize, n_weights: u32) -> Result<(), ModelFormatError> {
    if names != n_weights as usize {
        return Err(ModelFormatError::Inconsistent(format!(
            "the header lists {names} feature names but {n_weights} weights"
        )));
    }
    Ok(())
}

/// Little-endian `f32`s, four bytes each (the length was checked).
pub(super) fn weights_from_le(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// `n_weights` against the bytes between header and checksum: too few is truncation (a
/// hostile count fails here, before anything is allocated), too many means trailing junk.
fn check_weight_bytes(n_weights: u32, available: usize) -> Result<(), ModelFormatError> {
    let needed = 4 * u64::from(n_weights);
    let available = available as u64;
    if needed > available {
        return Err(ModelFormatError::Truncated {
            what: "the weights",
            needed,
            available,
        });
    }
    if n_weights > MAX_WEIGHTS {
        return Err(ModelFormatError::Inconsistent(format!(
            "{n_weights} weights, more than the limit of {MAX_WEIGHTS}"
        )));
    }
    if needed < available {
        return Err(ModelFormatError::Inconsistent(format!(
            "{} unexpected bytes after the {n_weights} weights",
            available - needed
        )));
    }
    Ok(())
}

/// Everything about a model that a file must satisfy, shared by decoding and writing.
/// Range checks mirror what the feature extractor and scorer assume, so a bad model is
/// refused at load time with a clear message rather than misbehaving later.
pub(super) fn validate(model: &Model) -> Result<(), ModelFormatError> {
    let bad = |msg: String| Err(ModelFormatError::Inconsistent(msg));
    let c = &model.config;
    if !c.hash_buckets.is_power_of_two() || c.hash_buckets > MAX_HASH_BUCKETS {
        return bad(format!(
            "hash_buckets is {}, but it must be a power of two no larger than {MAX_HASH_BUCKETS}",
            c.hash_buckets
        ));
    }
    if c.window > MAX_WINDOW {
        return bad(format!(
            "window is {}, but at most {MAX_WINDOW} is supported",
            c.window
        ));
    }
    if model.weights.len() > MAX_WEIGHTS as usize {
        return bad(format!(
            "{} weights, more than the limit of {MAX_WEIGHTS}",
            model.weights.len()
        ));
    }
    if model.feature_names.len() != model.weights.len() {
        return bad(format!(
            "{} feature names but {} weights",
            model.feature_names.len(),
            model.weights.len()
        ));
    }
    if let Some((i, w)) = model
        .weights
        .iter()
        .enumerate()
        .find(|(_, w)| !w.is_finite())
    {
        return bad(format!(
            "weight {i} (feature `{}`) is {w}",
            model.feature_names[i]
        ));
    }
    if !model.bias.is_finite() {
        return bad(format!("the bias is {}", model.bias));
    }
    // Written so that NaN fails too.
    if !(model.threshold > 0.0 && model.threshold < 1.0) {
        return bad(format!(
            "the threshold is {}, but it must lie strictly between 0 and 1",
            model.threshold
        ));
    }
    // JSON has no NaN or infinity: such a value would be written as `null` and the file
    // could not be read back.
    let meta = &model.meta;
    let maps = [("heldout", &meta.heldout), ("hyper", &meta.hyper)];
    for (map_name, map) in maps {
        if let Some((k, v)) = map.iter().find(|(_, v)| !v.is_finite()) {
            return bad(format!("training metadata {map_name}.{k} is {v}"));
        }
    }
    Ok(())
}

/// 64-bit FNV-1a. Not cryptographic (it guards against accidents, not attackers, which the
/// length checks handle), but every single-byte change alters it, and it needs no crate.
pub(super) fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Reads fixed-size pieces off the front of a slice, reporting what was missing.
pub(super) struct Cursor<'a> {
    pub(super) rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    pub(super) fn take(
        &mut self,
        n: u64,
        what: &'static str,
    ) -> Result<&'a [u8], ModelFormatError> {
        let available = self.rest.len() as u64;
        if n > available {
            return Err(ModelFormatError::Truncated {
                what,
                needed: n,
                available,
            });
        }
        // `n <= rest.len()`, so it fits in usize.
        let (head, tail) = self.rest.split_at(n as usize);
        self.rest = tail;
        Ok(head)
    }

    pub(super) fn u32(&mut self, what: &'static str) -> Result<u32, ModelFormatError> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::format::{decode, MAGIC};

    const CURRENT_VERSION: u8 = 1;

    /// A whole v1 file.
    fn encode(model: &Model) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(1);
        super::encode(model, &mut out);
        out
    }
    use serde_json::{json, Value};

    fn tiny_model() -> Model {
        Model {
            config: FeatureConfig {
                extractor_version: 1,
                hash_buckets: 4,
                window: 1,
            },
            feature_names: vec!["a".into(), "b".into()].into(),
            weights: vec![1.0, -2.5],
            bias: 0.5,
            threshold: 0.25,
            meta: TrainingMeta {
                seed: 7,
                ..TrainingMeta::default()
            },
            fluency: Fluency::default(),
        }
    }

    fn header_value(model: &Model) -> Value {
        serde_json::from_slice(&header_json(model)).unwrap()
    }

    /// A file with the given header and weight bytes and a *correct* checksum, to reach
    /// the checks that come after the checksum.
    fn craft(header: &[u8], weight_bytes: &[u8]) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(CURRENT_VERSION);
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(header);
        out.extend_from_slice(weight_bytes);
        let sum = fnv1a64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    fn craft_value(header: &Value, weight_bytes: &[u8]) -> Vec<u8> {
        craft(&serde_json::to_vec(header).unwrap(), weight_bytes)
    }

    fn le(weights: &[f32]) -> Vec<u8> {
        weights.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    fn inconsistent(result: Result<Model, ModelFormatError>, needle: &str) {
        match result {
            Err(ModelFormatError::Inconsistent(msg)) => {
                assert!(msg.contains(needle), "{msg:?} lacks {needle:?}")
            }
            other => panic!("expected Inconsistent({needle}), got {other:?}"),
        }
    }

    #[test]
    fn fnv1a64_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn exact_byte_layout() {
        let bytes = encode(&tiny_model());
        let header = br#"{"config":{"extractor_version":1,"hash_buckets":4,"window":1},"meta":{"seed":7,"data":{},"heldout":{},"hyper":{}},"feature_names":["a","b"],"bias":0.5,"threshold":0.25,"n_weights":2}"#;
        let h = header.len();
        assert_eq!(&bytes[..9], b"SPAMSPAN\x01");
        assert_eq!(&bytes[9..13], &(h as u32).to_le_bytes());
        assert_eq!(&bytes[13..13 + h], &header[..]);
        assert_eq!(&bytes[13 + h..21 + h], &le(&[1.0, -2.5])[..]);
        assert_eq!(&bytes[21 + h..], &fnv1a64(&bytes[..21 + h]).to_le_bytes());
        assert_eq!(bytes.len(), 29 + h);
        assert_eq!(bytes, craft(header, &le(&[1.0, -2.5])));
    }

    #[test]
    fn header_length_u32_max_is_truncated() {
        let mut bytes = encode(&tiny_model());
        bytes[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        match decode(&bytes) {
            Err(ModelFormatError::Truncated { what, needed, .. }) => {
                assert_eq!((what, needed), ("the header", u64::from(u32::MAX)));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn header_over_limit_is_refused_before_parsing() {
        let mut bytes = MAGIC.to_vec();
        bytes.push(CURRENT_VERSION);
        bytes.extend_from_slice(&(MAX_HEADER_LEN + 1).to_le_bytes());
        bytes.resize(
            bytes.len() + MAX_HEADER_LEN as usize + 1 + CHECKSUM_LEN,
            b' ',
        );
        inconsistent(decode(&bytes), "header");
    }

    #[test]
    fn missing_checksum_is_truncated() {
        let bytes = encode(&tiny_model());
        let h = u32::from_le_bytes(bytes[9..13].try_into().unwrap()) as usize;
        assert!(matches!(
            decode(&bytes[..13 + h + 3]),
            Err(ModelFormatError::Truncated {
                what: "the checksum",
                available: 3,
                ..
            })
        ));
    }

    #[test]
    fn damage_is_a_checksum_mismatch() {
        let bytes = encode(&tiny_model());
        for i in [13, 20, bytes.len() - 12, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[i] ^= 0x10;
            assert!(
                matches!(decode(&bad), Err(ModelFormatError::ChecksumMismatch)),
                "byte {i}"
            );
        }
        // Cut inside the weights: the last 8 bytes are no longer the checksum.
        let cut = &bytes[..bytes.len() - 4];
        assert!(matches!(
            decode(cut),
            Err(ModelFormatError::ChecksumMismatch)
        ));
    }

    #[test]
    fn huge_weight_count_with_short_file_fails_without_allocating() {
        for n in [1u32 << 30, u32::MAX, MAX_WEIGHTS] {
            let mut h = header_value(&tiny_model());
            h["n_weights"] = json!(n);
            match decode(&craft_value(&h, &le(&[1.0, -2.5]))) {
                Err(ModelFormatError::Truncated {
                    what,
                    needed,
                    available,
                }) => {
                    assert_eq!(
                        (what, needed, available),
                        ("the weights", 4 * u64::from(n), 8)
                    );
                }
                other => panic!("n_weights {n}: unexpected {other:?}"),
            }
        }
    }

    #[test]
    fn weight_count_limits() {
        let limit = MAX_WEIGHTS as usize * 4;
        assert!(check_weight_bytes(MAX_WEIGHTS, limit).is_ok());
        assert!(matches!(
            check_weight_bytes(MAX_WEIGHTS + 1, limit + 4),
            Err(ModelFormatError::Inconsistent(_))
        ));
        assert!(matches!(
            check_weight_bytes(3, 8),
            Err(ModelFormatError::Truncated {
                needed: 12,
                available: 8,
                ..
            })
        ));
        assert!(matches!(
            check_weight_bytes(1, 8),
            Err(ModelFormatError::Inconsistent(_))
        ));
    }

    #[test]
    fn trailing_bytes_after_weights_are_refused() {
        let h = header_value(&tiny_model());
        let mut w = le(&[1.0, -2.5]);
        w.extend_from_slice(&[0, 0, 0, 0]);
        inconsistent(decode(&craft_value(&h, &w)), "unexpected bytes");
    }

    #[test]
    fn names_and_weights_length_mismatch() {
        let mut h = header_value(&tiny_model());
        h["feature_names"] = json!(["a", "b", "c"]);
        inconsistent(decode(&craft_value(&h, &le(&[1.0, -2.5]))), "feature names");
        h["feature_names"] = json!(["a"]);
        inconsistent(decode(&craft_value(&h, &le(&[1.0, -2.5]))), "feature names");
    }

    #[test]
    fn non_finite_weights_are_refused() {
        for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let mut model = tiny_model();
            model.weights[1] = bad;
            inconsistent(decode(&encode(&model)), "weight 1 (feature `b`)");
        }
    }

    #[test]
    fn bias_overflowing_f32_is_refused() {
        let mut h = header_value(&tiny_model());
        h["bias"] = json!(1e39);
        // The default serde_json parser yields infinity (caught by validation); with the
        // `float_roundtrip` feature the parser itself refuses the number.
        match decode(&craft_value(&h, &le(&[1.0, -2.5]))) {
            Err(ModelFormatError::Inconsistent(msg)) => assert!(msg.contains("bias"), "{msg}"),
            Err(ModelFormatError::BadHeader(_)) => {}
            other => panic!("unexpected {other:?}"),
        }
        // NaN bias is written as `null`, which is not an f32.
        let mut model = tiny_model();
        model.bias = f32::NAN;
        assert!(matches!(
            decode(&encode(&model)),
            Err(ModelFormatError::BadHeader(_))
        ));
    }

    #[test]
    fn threshold_outside_open_unit_interval_is_refused() {
        for t in [1.5, 1.0, 0.0, -0.1] {
            let mut model = tiny_model();
            model.threshold = t;
            inconsistent(decode(&encode(&model)), "threshold");
        }
    }

    #[test]
    fn config_ranges_are_checked() {
        let cases = [
            (1000, 1, "hash_buckets"),
            (0, 1, "hash_buckets"),
            (1 << 25, 1, "hash_buckets"),
            (4, 17, "window"),
        ];
        for (buckets, window, needle) in cases {
            let mut model = tiny_model();
            model.config.hash_buckets = buckets;
            model.config.window = window;
            inconsistent(decode(&encode(&model)), needle);
        }
        let mut model = tiny_model();
        model.config.hash_buckets = MAX_HASH_BUCKETS;
        model.config.window = MAX_WINDOW;
        assert_eq!(decode(&encode(&model)).unwrap(), model);
    }

    #[test]
    fn bad_json_is_bad_header() {
        let w = le(&[1.0, -2.5]);
        let mut with_extra = header_value(&tiny_model());
        with_extra["extra"] = json!(1);
        let mut missing = header_value(&tiny_model());
        missing.as_object_mut().unwrap().remove("threshold");
        for header in [
            b"not json".to_vec(),
            b"{}".to_vec(),
            vec![0xff, 0xfe],
            serde_json::to_vec(&with_extra).unwrap(),
            serde_json::to_vec(&missing).unwrap(),
        ] {
            match decode(&craft(&header, &w)) {
                Err(ModelFormatError::BadHeader(msg)) => assert!(!msg.is_empty()),
                other => panic!(
                    "{:?}: unexpected {other:?}",
                    String::from_utf8_lossy(&header)
                ),
            }
        }
    }

    #[test]
    fn validated_encoding_refuses_oversized_header() {
        let mut model = tiny_model();
        let mut names = model.feature_names.as_slice().to_vec();
        names[0] = "x".repeat(MAX_HEADER_LEN as usize);
        model.feature_names = names.into();
        let mut out = Vec::new();
        assert!(matches!(
            encode_validated(&model, &mut out),
            Err(ModelFormatError::Inconsistent(msg)) if msg.contains("header")
        ));
        assert!(out.is_empty());
    }
}
