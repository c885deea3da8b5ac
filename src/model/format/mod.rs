//! The on-disk model format: magic bytes, a format version byte, then a payload whose layout
//! belongs to that version (modelled on adblock-rust's `data_format`).
//!
//! ```text
//! offset  size  field
//! 0       8     magic  b"SPAMSPAN"
//! 8       1     format version (currently 2)
//! 9       ..    version payload, see `v2.rs` (and `v1.rs`, still read)
//! ```
//!
//! Why this shape: the magic lets us say "this is not a model file" instead of failing with
//! a confusing parse error, and the version byte lets a future spamspan keep reading old
//! files (one module per version) while an old spamspan refuses newer files with a clear
//! "upgrade" message rather than misreading them. Model files arrive from other machines
//! and from `--model` paths typed by users, so decoding treats them as untrusted input:
//! it never panics and never allocates from a length it has not checked against the bytes
//! actually present.

mod v1;
mod v2;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use super::Model;

/// First bytes of every spamspan model file.
pub const MAGIC: &[u8; 8] = b"SPAMSPAN";

/// The format version that [`encode`] and [`write`] produce, and the newest [`decode`] reads.
pub const CURRENT_VERSION: u8 = 2;

/// Bytes before the version payload: magic plus the version byte.
const PREAMBLE_LEN: usize = MAGIC.len() + 1;

/// Why a model file could not be read or written. Every message says what is wrong and what
/// the user can do about it, because these reach the command line verbatim.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelFormatError {
    /// The file does not start with [`MAGIC`].
    #[error(
        "not a spamspan model file (wrong magic bytes); pass a file written by `spamspan train`"
    )]
    NotAModel,
    /// The version byte names a format this build cannot read.
    #[error("{}", version_message(*found, *supported))]
    UnsupportedFormatVersion { found: u8, supported: u8 },
    /// The file ends before a part whose length is known.
    #[error(
        "model file is truncated: {what} needs {needed} bytes but only {available} remain; \
         the file was cut short, re-train or re-download it"
    )]
    Truncated {
        what: &'static str,
        needed: u64,
        available: u64,
    },
    /// The stored checksum does not match the contents.
    #[error("model file is corrupt (checksum mismatch); re-train or re-download it")]
    ChecksumMismatch,
    /// The checksum is right but the JSON header does not parse as a v1 header.
    #[error(
        "model header is not valid ({0}); the file was not written by a compatible spamspan, \
         re-train the model"
    )]
    BadHeader(String),
    /// The file parses but its contents contradict each other or are out of range.
    #[error("model file is inconsistent: {0}; re-train the model")]
    Inconsistent(String),
    /// Opening, reading, writing or renaming the file failed. The OS error is the `source`
    /// (not repeated here, so `{:#}` chains print it once).
    #[error("cannot access model file {}; check the path and its permissions", path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Older and newer versions need different advice: newer means upgrade spamspan, older
/// (including the never-issued 0) means the file predates what this build still reads.
fn version_message(found: u8, supported: u8) -> String {
    if found > supported {
        format!(
            "model format version {found} is newer than this spamspan supports ({supported}); \
             upgrade spamspan"
        )
    } else {
        format!(
            "model format version {found} is not supported by this spamspan (it reads version \
             {supported}); re-train the model with this spamspan"
        )
    }
}

/// Encode `model` in the current format. Deterministic: the same model always gives the
/// same bytes, so model files can be compared and checked into version control.
///
/// This does not validate the model (a NaN weight is encoded as is and refused by
/// [`decode`]); [`write`] validates before writing.
pub fn encode(model: &Model) -> Vec<u8> {
    let mut out = preamble();
    v2::encode(model, &mut out);
    out
}

/// Whether decoding recomputes the checksum over the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Checksum {
    Verify,
    /// For the model compiled into the binary only: its bytes cannot have been damaged
    /// since the build, and a test verifies its checksum. Hashing its 2.7 MB byte by byte
    /// was a quarter of the start-up of every `spamspan` run. Every other check still runs.
    Trust,
}

/// Decode a model file held in memory, dispatching on its version byte.
pub fn decode(bytes: &[u8]) -> Result<Model, ModelFormatError> {
    decode_with(bytes, Checksum::Verify)
}

pub(crate) fn decode_with(bytes: &[u8], checksum: Checksum) -> Result<Model, ModelFormatError> {
    if bytes.len() < MAGIC.len() {
        // A prefix of the magic (including an empty file) is a model cut short; anything
        // else is some other file.
        return if MAGIC.starts_with(bytes) {
            Err(ModelFormatError::Truncated {
                what: "the magic bytes",
                needed: MAGIC.len() as u64,
                available: bytes.len() as u64,
            })
        } else {
            Err(ModelFormatError::NotAModel)
        };
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelFormatError::NotAModel);
    }
    let Some(&version) = bytes.get(MAGIC.len()) else {
        return Err(ModelFormatError::Truncated {
            what: "the format version byte",
            needed: 1,
            available: 0,
        });
    };
    match version {
        1 => v1::decode(bytes, checksum),
        2 => v2::decode(bytes, checksum),
        found => Err(ModelFormatError::UnsupportedFormatVersion {
            found,
            supported: CURRENT_VERSION,
        }),
    }
}

/// Read and decode the model file at `path`.
///
/// Reads at most one byte more than the largest valid model, so pointing `--model` at a
/// huge unrelated file fails quickly instead of filling memory.
pub fn read(path: &Path) -> Result<Model, ModelFormatError> {
    let io_err = |source| ModelFormatError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(io_err)?;
    let mut bytes = Vec::new();
    file.take(v2::MAX_FILE_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > v2::MAX_FILE_LEN {
        return Err(ModelFormatError::Inconsistent(format!(
            "file is larger than {} bytes, the most a valid model can take",
            v2::MAX_FILE_LEN
        )));
    }
    decode(&bytes)
}

/// Validate `model` and write it to `path` atomically: the bytes go to a temporary file in
/// the same directory, which is fsynced and then renamed over `path`. An interrupted or
/// failed run therefore leaves either the old file or the complete new one, never half a
/// model, and a model that [`decode`] would refuse is never written at all.
pub fn write(path: &Path, model: &Model) -> Result<(), ModelFormatError> {
    let mut bytes = preamble();
    v2::encode_validated(model, &mut bytes)?;

    crate::io::atomic::write_atomically(path, &bytes).map_err(|source| ModelFormatError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn preamble() -> Vec<u8> {
    let mut out = Vec::with_capacity(PREAMBLE_LEN);
    out.extend_from_slice(MAGIC);
    out.push(CURRENT_VERSION);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FeatureConfig, TrainingMeta, DEFAULT_MODEL_BYTES};
    use std::fs;

    /// The embedded model is decoded without recomputing its checksum at every start:
    /// this is where its checksum is verified.
    #[test]
    fn the_embedded_model_passes_its_checksum() {
        let verified = decode(DEFAULT_MODEL_BYTES).expect("embedded model, checksum verified");
        assert_eq!(Model::embedded().expect("embedded model"), verified);
        let mut damaged = DEFAULT_MODEL_BYTES.to_vec();
        let last_weight = damaged.len() - 9;
        damaged[last_weight] ^= 1;
        assert!(matches!(
            decode(&damaged),
            Err(ModelFormatError::ChecksumMismatch)
        ));
        assert!(decode_with(&damaged, Checksum::Trust).is_ok());
    }

    fn small_model() -> Model {
        let mut meta = TrainingMeta {
            seed: 42,
            ..TrainingMeta::default()
        };
        meta.data.insert("docs".into(), "12".into());
        meta.heldout.insert("f1".into(), 0.875);
        meta.hyper.insert("l2".into(), 0.5);
        Model {
            config: FeatureConfig {
                extractor_version: 3,
                hash_buckets: 16,
                window: 2,
            },
            feature_names: vec!["bias_like".into(), "has_link".into(), "h:7".into()].into(),
            weights: vec![0.25, -1.5, 3.0e-7],
            bias: -0.75,
            threshold: 0.5,
            meta,
            fluency: crate::features::Fluency::default(),
        }
    }

    #[test]
    fn encode_starts_with_magic_and_version() {
        let bytes = encode(&small_model());
        assert_eq!(&bytes[..8], MAGIC);
        assert_eq!(bytes[8], CURRENT_VERSION);
    }

    #[test]
    fn round_trip_and_deterministic() {
        let model = small_model();
        let bytes = encode(&model);
        assert_eq!(decode(&bytes).unwrap(), model);
        assert_eq!(encode(&model), bytes);
        assert_eq!(encode(&model.clone()), bytes);
    }

    #[test]
    fn f32_header_fields_round_trip_exactly() {
        let mut model = small_model();
        let mut s: u32 = 0x1234_5678;
        for _ in 0..2000 {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            let bias = f32::from_bits(s);
            if !bias.is_finite() {
                continue;
            }
            model.bias = bias;
            model.threshold = (s >> 8) as f32 / (1u32 << 24) as f32 + f32::EPSILON;
            let back = decode(&encode(&model)).unwrap();
            assert_eq!(back.bias.to_bits(), model.bias.to_bits());
            assert_eq!(back.threshold.to_bits(), model.threshold.to_bits());
        }
    }

    #[test]
    fn meta_floats_round_trip_closely() {
        let mut model = small_model();
        for i in 1..500 {
            let v = f64::from(i) / 7.0 - 1.0 / 3.0;
            model.meta.heldout.insert(format!("m{i}"), v);
        }
        let back = decode(&encode(&model)).unwrap();
        for (k, v) in &model.meta.heldout {
            let w = back.meta.heldout[k];
            assert!((v - w).abs() <= v.abs() * 1e-15, "{k}: {v} vs {w}");
        }
    }

    #[test]
    fn wrong_magic_is_not_a_model() {
        let mut bytes = encode(&small_model());
        bytes[0] = b'X';
        assert!(matches!(decode(&bytes), Err(ModelFormatError::NotAModel)));
        assert!(matches!(
            decode(b"{\"json\": true}"),
            Err(ModelFormatError::NotAModel)
        ));
        assert!(matches!(decode(b"abc"), Err(ModelFormatError::NotAModel)));
        let msg = ModelFormatError::NotAModel.to_string();
        assert!(msg.contains("spamspan train"), "{msg}");
    }

    #[test]
    fn empty_file_is_truncated() {
        match decode(&[]) {
            Err(ModelFormatError::Truncated {
                needed: 8,
                available: 0,
                ..
            }) => {}
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            decode(b"SPAM"),
            Err(ModelFormatError::Truncated { available: 4, .. })
        ));
        assert!(matches!(
            decode(MAGIC),
            Err(ModelFormatError::Truncated { needed: 1, .. })
        ));
    }

    #[test]
    fn versions_zero_and_three_are_unsupported() {
        for version in [0u8, 3, 255] {
            let mut bytes = encode(&small_model());
            bytes[8] = version;
            match decode(&bytes) {
                Err(ModelFormatError::UnsupportedFormatVersion { found, supported }) => {
                    assert_eq!((found, supported), (version, CURRENT_VERSION));
                }
                other => panic!("version {version}: unexpected {other:?}"),
            }
        }
        let newer = ModelFormatError::UnsupportedFormatVersion {
            found: 3,
            supported: 1,
        }
        .to_string();
        assert!(
            newer.contains("newer") && newer.contains("upgrade spamspan"),
            "{newer}"
        );
        let older = ModelFormatError::UnsupportedFormatVersion {
            found: 0,
            supported: 1,
        }
        .to_string();
        assert!(older.contains("re-train"), "{older}");
    }

    #[test]
    fn every_prefix_is_an_error() {
        let bytes = encode(&small_model());
        for len in 0..bytes.len() {
            assert!(
                decode(&bytes[..len]).is_err(),
                "prefix of {len} bytes decoded"
            );
        }
    }

    #[test]
    fn every_flipped_byte_is_an_error() {
        let bytes = encode(&small_model());
        for i in 0..bytes.len() {
            for mask in [0x01u8, 0x80, 0xFF] {
                let mut bad = bytes.clone();
                bad[i] ^= mask;
                assert!(decode(&bad).is_err(), "flip {mask:#x} at byte {i} decoded");
            }
        }
    }

    #[test]
    fn appended_bytes_are_an_error() {
        let mut bytes = encode(&small_model());
        bytes.push(0);
        assert!(decode(&bytes).is_err());
    }

    #[test]
    fn write_then_read_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.spamspan");
        let model = small_model();
        write(&path, &model).unwrap();
        assert_eq!(read(&path).unwrap(), model);
        assert_eq!(fs::read(&path).unwrap(), encode(&model));

        // Overwriting an existing model replaces it whole.
        let mut other = model.clone();
        other.bias = 2.0;
        write(&path, &other).unwrap();
        assert_eq!(read(&path).unwrap(), other);

        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("m.spamspan")]);
    }

    #[test]
    fn write_refuses_invalid_model_and_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.spamspan");
        let model = small_model();
        write(&path, &model).unwrap();

        let mut bad = model.clone();
        bad.weights[1] = f32::NAN;
        assert!(matches!(
            write(&path, &bad),
            Err(ModelFormatError::Inconsistent(_))
        ));
        let mut bad = model.clone();
        bad.bias = f32::INFINITY;
        assert!(matches!(
            write(&path, &bad),
            Err(ModelFormatError::Inconsistent(_))
        ));
        let mut bad = model.clone();
        bad.meta.heldout.insert("auc".into(), f64::NAN);
        assert!(matches!(
            write(&path, &bad),
            Err(ModelFormatError::Inconsistent(_))
        ));

        assert_eq!(read(&path).unwrap(), model);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn write_into_missing_directory_is_io_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/dir/m.spamspan");
        match write(&path, &small_model()) {
            Err(ModelFormatError::Io { path: p, .. }) => assert_eq!(p, path),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn a_path_without_a_file_name_is_refused() {
        assert!(matches!(
            write(Path::new("/"), &small_model()),
            Err(ModelFormatError::Io { .. })
        ));
    }

    #[test]
    fn read_missing_file_is_io_error_naming_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("absent.spamspan");
        let err = read(&path).unwrap_err();
        assert!(matches!(&err, ModelFormatError::Io { path: p, .. } if *p == path));
        assert!(err.to_string().contains("absent.spamspan"));
        assert!(std::error::Error::source(&err).is_some());
    }

    #[test]
    fn read_non_model_file_is_not_a_model() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        fs::write(&path, "just some text, long enough to pass the magic").unwrap();
        assert!(matches!(read(&path), Err(ModelFormatError::NotAModel)));
    }
}
