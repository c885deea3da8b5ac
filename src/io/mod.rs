//! Reading and writing documents: the labelled JSONL format of `FORMAT.md`, CSV with span
//! offsets, plain files, and the prediction file.

pub mod atomic;
pub mod crawl;
pub mod labelled;
pub mod read;

pub use labelled::{GoldSpan, LabelledDoc, PredictedSpan, Prediction};
pub use read::{read_path, write_jsonl, Layout, ReadError};
