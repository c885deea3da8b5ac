//! The labelled document and prediction records of `FORMAT.md`. Offsets here are Unicode
//! code points, end exclusive, as the format specifies.

use serde::{Deserialize, Serialize};

use crate::document::{Document, Format};

/// A labelled (or unlabelled) document as it appears in a JSONL line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledDoc {
    pub id: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Absent: unlabelled. Empty: labelled clean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spans: Option<Vec<GoldSpan>>,
    /// Free-form provenance (`synth` records the corpus and spam domains here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<serde_json::Value>,
}

impl LabelledDoc {
    pub fn document(&self) -> Document {
        let mut doc = Document::new(self.id.clone(), self.text.clone(), self.format);
        doc.url = self.url.clone();
        doc
    }

    /// The document, taking the record's text rather than copying it.
    pub fn into_document(self) -> Document {
        let mut doc = Document::new(self.id, self.text, self.format);
        doc.url = self.url;
        doc
    }
}

/// A gold span, in code points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldSpan {
    pub start: usize,
    pub end: usize,
    #[serde(default = "default_label")]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

fn default_label() -> String {
    "spam".to_string()
}

/// A predicted span, in code points, with its score in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictedSpan {
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub score: f32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The span's text, for people reading the output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The features that weighed most, with `detect --explain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explain: Option<Vec<(String, f32)>>,
}

/// One record of the prediction file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    pub id: String,
    pub spans: Vec<PredictedSpan>,
    pub doc_score: f32,
}
