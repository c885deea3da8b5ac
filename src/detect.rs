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

/// At most this many passes over one document (see [`Detector::detect`]). Two settle
/// nearly every page; the bound keeps a pathological one from costing more.
const MAX_PASSES: usize = 4;

/// What the detector found in one document.
#[derive(Debug, Clone)]
pub struct Detection {
    /// In bytes of the original text, sorted and disjoint.
    pub spans: Vec<Span>,
    pub doc_score: f32,
    /// The features of the original text.
    pub extraction: Extraction,
    pub probabilities: Vec<f32>,
    /// Features of the later passes, over the text with the spans found so far removed:
    /// `later[k]` explains the spans with `pass == k + 1`.
    pub later: Vec<Extraction>,
}

impl Detection {
    /// The feature rows of the tokens that explain `span`.
    pub fn span_rows<'a>(
        &'a self,
        span: &'a Span,
    ) -> impl Iterator<Item = &'a features::SparseRow> + 'a {
        let extraction = match span.pass {
            0 => &self.extraction,
            k => &self.later[k - 1],
        };
        span.tokens.iter().map(|&i| &extraction.rows[i])
    }
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

    /// Detect the injected spans of `doc`, until cleaning would change nothing more.
    ///
    /// A page's features depend on the whole page, and spam is part of the page it is
    /// judged in: once one injection is gone, a word of the same campaign left glued to its
    /// link, or a second link in the same token, or an anchor just under the threshold, can
    /// stand out. So when a pass finds spans, detection runs again on the text with them
    /// removed — the page as it would be published — and adds what it finds there, mapped
    /// back to the original, until a pass finds nothing (at most [`MAX_PASSES`]). Cleaning
    /// the cleaned text again therefore changes nothing, and pages without spam (nearly
    /// all of a crawl) cost one pass.
    pub fn detect(&self, doc: &Document) -> Detection {
        let (mut spans, mut doc_score, extraction, probabilities) = self.one_pass(doc);
        let mut later = Vec::new();
        let mut found = !spans.is_empty();
        while found && later.len() + 1 < MAX_PASSES {
            let ranges: Vec<_> = spans.iter().map(|s| s.range.clone()).collect();
            let removal = clean::Removal::new(&doc.text, &ranges);
            let rest = Document {
                id: doc.id.clone(),
                text: removal.text.clone(),
                format: doc.format,
                url: doc.url.clone(),
            };
            let (more, score, extraction, _) = self.one_pass(&rest);
            found = !more.is_empty();
            doc_score = doc_score.max(score);
            let pass = later.len() + 1;
            spans.extend(more.into_iter().map(|s| Span {
                range: removal.range_to_original(s.range.clone()),
                pass,
                ..s
            }));
            spans = spans::merge_overlapping(spans);
            later.push(extraction);
        }
        Detection {
            spans,
            doc_score,
            extraction,
            probabilities,
            later,
        }
    }

    /// Only the first pass of [`Detector::detect`]: what training's threshold sweep decodes
    /// again at each threshold.
    pub(crate) fn detect_first_pass(&self, doc: &Document) -> Detection {
        let (spans, doc_score, extraction, probabilities) = self.one_pass(doc);
        Detection {
            spans,
            doc_score,
            extraction,
            probabilities,
            later: Vec::new(),
        }
    }

    /// One pass of extraction, scoring and decoding over the document as it is.
    fn one_pass(&self, doc: &Document) -> (Vec<Span>, f32, Extraction, Vec<f32>) {
        let extraction = features::extract(doc, &self.model.config);
        let probabilities = scores::token_probabilities(&self.model, &extraction.rows);
        let (spans, doc_score) = spans::decode(&doc.text, &extraction, &probabilities, self.params);
        (spans, doc_score, extraction, probabilities)
    }

    /// The prediction record of FORMAT.md: code-point offsets, scores, and with `explain`
    /// the `top` features that weighed most in each span.
    pub fn predict(&self, doc: &Document, explain: Option<usize>) -> Prediction {
        let detection = self.detect(doc);
        let explain_span =
            |s: &Span| explain.map(|top| scores::explain(&self.model, detection.span_rows(s), top));
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
    pub fn clean(&self, doc: &Document) -> (String, Detection) {
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
