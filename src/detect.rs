//! The detector: a model applied to documents, end to end — extract, score, decode — with
//! the results in bytes (for cleaning) or in code points (for the prediction file).

use crate::clean;
use crate::document::Document;
use crate::features::{self, Extraction, EXTRACTOR_VERSION};
use crate::io::{PredictedSpan, Prediction};
use crate::model::Model;
use crate::offsets::CharIndex;
use crate::scores;
use crate::spans::{self, DecodeParams, Span};

/// Why a model cannot be used for detection.
#[derive(Debug, thiserror::Error)]
pub enum DetectorError {
    #[error(
        "the model was trained with feature extractor version {found}, this spamspan computes version {expected}; \
         re-train it with `spamspan train`"
    )]
    ExtractorVersion { found: u32, expected: u32 },
    #[error("the model has {found} weights but its feature configuration needs {expected}; the file is inconsistent")]
    Dimension { found: usize, expected: usize },
}

/// What the detector found in one document.
#[derive(Debug, Clone)]
pub struct Detection<'d> {
    pub spans: Vec<Span>,
    pub doc_score: f32,
    pub extraction: Extraction<'d>,
    pub probabilities: Vec<f32>,
}

/// A model ready to detect.
#[derive(Debug, Clone)]
pub struct Detector {
    model: Model,
    params: DecodeParams,
}

impl Detector {
    pub fn new(model: Model) -> Result<Detector, DetectorError> {
        if model.config.extractor_version != EXTRACTOR_VERSION {
            return Err(DetectorError::ExtractorVersion {
                found: model.config.extractor_version,
                expected: EXTRACTOR_VERSION,
            });
        }
        let expected = model.config.dimension();
        if model.weights.len() != expected {
            return Err(DetectorError::Dimension {
                found: model.weights.len(),
                expected,
            });
        }
        let params = DecodeParams::new(model.threshold);
        Ok(Detector { model, params })
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Use another decision threshold than the model's (for curves and experiments).
    pub fn with_threshold(mut self, threshold: f32) -> Detector {
        self.params.threshold = threshold;
        self
    }

    pub fn detect<'d>(&self, doc: &'d Document) -> Detection<'d> {
        let extraction = features::extract(doc, &self.model.config);
        let probabilities = scores::token_probabilities(&self.model, &extraction.rows);
        let (spans, doc_score) = spans::decode(&doc.text, &extraction, &probabilities, self.params);
        Detection {
            spans,
            doc_score,
            extraction,
            probabilities,
        }
    }

    /// The prediction record of FORMAT.md: code-point offsets, scores, and with `explain`
    /// the `top` features that weighed most in each span.
    pub fn predict(&self, doc: &Document, explain: Option<usize>) -> Prediction {
        let detection = self.detect(doc);
        let explain_span = |s: &Span| {
            explain.map(|top| {
                scores::explain(
                    &self.model,
                    s.tokens.iter().map(|&i| &detection.extraction.rows[i]),
                    top,
                )
            })
        };
        to_prediction(
            &doc.id,
            &doc.text,
            &detection.spans,
            detection.doc_score,
            true,
            explain_span,
        )
    }

    /// The document's text with every detected span removed.
    pub fn clean<'d>(&self, doc: &'d Document) -> (String, Detection<'d>) {
        let detection = self.detect(doc);
        let ranges: Vec<_> = detection.spans.iter().map(|s| s.range.clone()).collect();
        (clean::remove_spans(&doc.text, &ranges), detection)
    }
}

/// A prediction record from byte spans: code-point offsets, optionally the span text and an
/// explanation per span.
pub fn to_prediction(
    id: &str,
    text: &str,
    spans: &[Span],
    doc_score: f32,
    with_text: bool,
    explain: impl Fn(&Span) -> Option<Vec<(String, f32)>>,
) -> Prediction {
    // Most pages have no span: indexing their text would cost a good share of detecting.
    if spans.is_empty() {
        return Prediction {
            id: id.to_string(),
            spans: Vec::new(),
            doc_score,
        };
    }
    let index = CharIndex::new(text);
    let spans = spans
        .iter()
        .map(|s| PredictedSpan {
            start: index.byte_to_char(s.range.start),
            end: index.byte_to_char(s.range.end),
            label: "spam".to_string(),
            score: s.score,
            kind: Some(s.kind.to_string()),
            text: with_text.then(|| text[s.range.clone()].to_string()),
            explain: explain(s),
        })
        .collect();
    Prediction {
        id: id.to_string(),
        spans,
        doc_score,
    }
}
