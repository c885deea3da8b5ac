//! Reading and writing documents: the labelled JSONL format of `FORMAT.md`, CSV with span
//! offsets, plain files, and the prediction file.

pub mod labelled;

pub use labelled::{GoldSpan, LabelledDoc, PredictedSpan, Prediction};
