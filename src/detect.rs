//! The detector: a model applied to documents, end to end — extract, score, decode — with
//! the results in bytes (for cleaning) or in code points (for the prediction file).

use std::ops::Range;

use rayon::prelude::*;

use crate::clean;
use crate::document::Document;
use crate::features::{self, Entry, Extraction, Rows, EXTRACTOR_VERSION};
use crate::io::{PredictedSpan, Prediction};
use crate::model::Model;
use crate::offsets::CharCursor;
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

/// Documents longer than this are detected a segment at a time (see
/// [`Detector::detect_segments`]): features take tens of bytes per byte of text, so a
/// 200 MB single-line dump would otherwise need gigabytes. Pages are far shorter.
pub const SEGMENT_BYTES: usize = 2 << 20;

/// At most this many passes over one document (see [`Detector::detect`]). Two settle
/// nearly every page; the bound keeps a pathological one from costing more.
const MAX_PASSES: usize = 4;

/// What the detector found in one document.
#[derive(Debug, Clone)]
pub struct Detection<'d> {
    /// In bytes of the original text, sorted and disjoint.
    pub spans: Vec<Span>,
    pub doc_score: f32,
    /// The structure and tokens of the original text.
    pub extraction: Extraction<'d>,
    pub probabilities: Vec<f32>,
    /// The feature rows of each pass when they were kept
    /// ([`Detector::detect_keeping_rows`]), else none: `rows[k]` explains the spans with
    /// `pass == k`, pass 0 being the original text and each later one the text with the
    /// spans found so far removed.
    pub rows: Vec<Rows>,
}

impl Detection<'_> {
    /// The feature rows of the tokens that explain `span`; none unless the rows were kept.
    pub fn span_rows<'a>(&'a self, span: &'a Span) -> impl Iterator<Item = &'a [Entry]> + 'a {
        let rows = self.rows.get(span.pass);
        rows.into_iter()
            .flat_map(move |rows| span.tokens.iter().map(move |&i| &rows[i]))
    }
}

/// The spans of a whole document found segment by segment ([`Detector::find`]).
#[derive(Debug, Default)]
pub struct Found {
    /// In bytes of the document, sorted and disjoint.
    pub spans: Vec<Span>,
    /// One per span: the features that weighed most, when asked for.
    pub explanations: Vec<Option<Vec<(String, f32)>>>,
    pub doc_score: f32,
}

impl Found {
    /// The prediction record of `text` (the document these spans were found in).
    pub fn to_prediction(self, id: &str, text: &str) -> Prediction {
        let mut explanations = self.explanations;
        to_prediction(id, text, &self.spans, self.doc_score, true, |i, _| {
            explanations[i].take()
        })
    }
}

/// One pass's spans, document score, extraction, token probabilities and, when kept,
/// feature rows.
type OnePass<'d> = (Vec<Span>, f32, Extraction<'d>, Vec<f32>, Option<Rows>);

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
        self.params = DecodeParams::new(threshold);
        self
    }

    /// Detect the injected spans of `doc`, until cleaning would change nothing more.
    ///
    /// A page's features depend on the whole page, and spam is part of the page it is
    /// judged in: once one injection is gone, a word of the same campaign left glued to its
    /// link, or a second link in the same token, or an anchor just under the threshold, can
    /// stand out. So when a pass finds spans, detection runs again on the text with them
    /// removed — the page as it would be published — and adds what it finds there, mapped
    /// back to the original, until a pass finds nothing (at most `MAX_PASSES`). Cleaning
    /// the cleaned text again therefore changes nothing, and pages without spam (nearly
    /// all of a crawl) cost one pass.
    pub fn detect<'d>(&self, doc: &'d Document) -> Detection<'d> {
        self.detect_passes(doc, false)
    }

    /// [`Detector::detect`], keeping the feature rows of every pass: what explanations
    /// are made of.
    pub fn detect_keeping_rows<'d>(&self, doc: &'d Document) -> Detection<'d> {
        self.detect_passes(doc, true)
    }

    fn detect_passes<'d>(&self, doc: &'d Document, keep_rows: bool) -> Detection<'d> {
        let (mut spans, mut doc_score, extraction, probabilities, rows) =
            self.one_pass(doc, keep_rows);
        let mut kept: Vec<Rows> = rows.into_iter().collect();
        let mut found = !spans.is_empty();
        let mut pass = 0;
        while found && pass + 1 < MAX_PASSES {
            let ranges: Vec<_> = spans.iter().map(|s| s.range.clone()).collect();
            let mut removal = clean::Removal::new(&doc.text, &ranges);
            let rest = Document {
                id: doc.id.clone(),
                // Only the removed ranges are needed to map spans back.
                text: std::mem::take(&mut removal.text),
                format: doc.format,
                url: doc.url.clone(),
            };
            let (more, score, _, _, rows) = self.one_pass(&rest, keep_rows);
            found = !more.is_empty();
            doc_score = doc_score.max(score);
            pass += 1;
            spans.extend(more.into_iter().map(|s| Span {
                range: removal.range_to_original(s.range.clone()),
                pass,
                ..s
            }));
            spans = spans::merge_overlapping(spans);
            kept.extend(rows);
        }
        Detection {
            spans,
            doc_score,
            extraction,
            probabilities,
            rows: kept,
        }
    }

    /// Only the first pass of [`Detector::detect`]: what training's threshold sweep decodes
    /// again at each threshold.
    pub(crate) fn detect_first_pass<'d>(&self, doc: &'d Document) -> Detection<'d> {
        let (spans, doc_score, extraction, probabilities, _) = self.one_pass(doc, false);
        Detection {
            spans,
            doc_score,
            extraction,
            probabilities,
            rows: Vec::new(),
        }
    }

    /// One pass of extraction, scoring and decoding over the document as it is; with
    /// `keep_rows` also the feature rows.
    fn one_pass<'d>(&self, doc: &'d Document, keep_rows: bool) -> OnePass<'d> {
        let model = &self.model;
        let mut scorer = scores::Scorer::new(model);
        let (extraction, rows) = if keep_rows {
            let mut rows = Rows::default();
            let ex = features::extract(
                doc,
                &model.config,
                &model.fluency,
                &mut (&mut scorer, &mut rows),
            );
            (ex, Some(rows))
        } else {
            (
                features::extract(doc, &model.config, &model.fluency, &mut scorer),
                None,
            )
        };
        let probabilities = scorer.probabilities;
        let (spans, doc_score) = spans::decode(&doc.text, &extraction, &probabilities, self.params);
        (spans, doc_score, extraction, probabilities, rows)
    }

    /// Detect a document of any length with bounded memory: one [`Detector::detect`] of
    /// the whole document up to [`SEGMENT_BYTES`], else one per segment of about that
    /// size, cut at a line break (or else a space) so that an element or sentence is
    /// rarely split. `each` gets the segment's offset in the document, the segment as a
    /// document (the whole document when there is one), and its detection, in order;
    /// what it keeps of each is up to it, so memory follows the text, not its features.
    /// Segments are detected in parallel, as many at a time as the pool has threads.
    /// With `keep_rows`, each detection keeps its feature rows.
    pub fn detect_segments(
        &self,
        doc: &Document,
        keep_rows: bool,
        mut each: impl FnMut(usize, &Document, Detection),
    ) {
        if doc.text.len() <= SEGMENT_BYTES {
            each(0, doc, self.detect_passes(doc, keep_rows));
            return;
        }
        let ranges = segment_ranges(&doc.text, SEGMENT_BYTES);
        for batch in ranges.chunks(rayon::current_num_threads().max(1)) {
            let segments: Vec<Document> = batch
                .iter()
                .map(|range| Document {
                    id: doc.id.clone(),
                    text: doc.text[range.clone()].to_string(),
                    format: doc.format,
                    url: doc.url.clone(),
                })
                .collect();
            let detections: Vec<Detection> = segments
                .par_iter()
                .map(|s| self.detect_passes(s, keep_rows))
                .collect();
            let detected = batch.iter().zip(&segments).zip(detections);
            for ((range, segment), detection) in detected {
                each(range.start, segment, detection);
            }
        }
    }

    /// What a document of any length holds, its segments added up: spans in its bytes,
    /// with `explain` the `top` features that weighed most in each, and its score. `also`
    /// sees each segment's detection before its spans are moved to the document's offsets,
    /// with the index its first span will have.
    pub fn find(
        &self,
        doc: &Document,
        explain: Option<usize>,
        mut also: impl FnMut(usize, &Document, &Detection),
    ) -> Found {
        let mut found = Found::default();
        self.detect_segments(doc, explain.is_some(), |offset, segment, detection| {
            also(found.spans.len(), segment, &detection);
            found.doc_score = found.doc_score.max(detection.doc_score);
            for s in &detection.spans {
                found.explanations.push(
                    explain.map(|top| scores::explain(&self.model, detection.span_rows(s), top)),
                );
            }
            found
                .spans
                .extend(detection.spans.into_iter().map(|s| s.shifted(offset)));
        });
        found
    }

    /// The spans of a document of any length (in its bytes) and its score.
    pub fn spans(&self, doc: &Document) -> (Vec<Span>, f32) {
        let found = self.find(doc, None, |_, _, _| {});
        (found.spans, found.doc_score)
    }

    /// The prediction record of FORMAT.md: code-point offsets, scores, and with `explain`
    /// the `top` features that weighed most in each span.
    pub fn predict(&self, doc: &Document, explain: Option<usize>) -> Prediction {
        self.find(doc, explain, |_, _, _| {})
            .to_prediction(&doc.id, &doc.text)
    }

    /// The document's text with every detected span removed, and the spans.
    pub fn clean(&self, doc: &Document) -> (String, Vec<Span>) {
        let (spans, _) = self.spans(doc);
        let ranges: Vec<_> = spans.iter().map(|s| s.range.clone()).collect();
        (clean::remove_spans(&doc.text, &ranges), spans)
    }
}

/// Cut `text` into pieces of at most about `size` bytes, each ending after a line break
/// in its last quarter, else after a space there, else at a character boundary.
fn segment_ranges(text: &str, size: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while text.len() - start > size {
        let mut limit = text.floor_char_boundary(start + size);
        if limit == start {
            // A character longer than `size`: take it whole.
            limit = start + text[start..].chars().next().map_or(1, char::len_utf8);
        }
        let low = text.floor_char_boundary(start + size * 3 / 4).max(start);
        let window = &text[low..limit];
        let cut = window
            .rfind('\n')
            .or_else(|| window.rfind(' '))
            .map_or(limit, |i| low + i + 1);
        out.push(start..cut);
        start = cut;
    }
    out.push(start..text.len());
    out
}

/// A prediction record from byte spans: code-point offsets, optionally the span text and an
/// explanation per span.
pub fn to_prediction(
    id: &str,
    text: &str,
    spans: &[Span],
    doc_score: f32,
    with_text: bool,
    mut explain: impl FnMut(usize, &Span) -> Option<Vec<(String, f32)>>,
) -> Prediction {
    // Most pages have no span: indexing their text would cost a good share of detecting.
    if spans.is_empty() {
        return Prediction {
            id: id.to_string(),
            spans: Vec::new(),
            doc_score,
        };
    }
    // Spans come sorted: their offsets are counted in one walk over the text.
    let mut chars = CharCursor::new(text);
    let spans = spans
        .iter()
        .enumerate()
        .map(|(i, s)| PredictedSpan {
            start: chars.byte_to_char(s.range.start),
            end: chars.byte_to_char(s.range.end),
            label: "spam".to_string(),
            score: s.score,
            kind: Some(s.kind.to_string()),
            text: with_text.then(|| text[s.range.clone()].to_string()),
            explain: explain(i, s),
        })
        .collect();
    Prediction {
        id: id.to_string(),
        spans,
        doc_score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_end_at_line_breaks_or_spaces_and_cover_the_text() {
        let text = "aaaa bbbb\ncccc dddd eeee ffff\ngggg ééé hhhh";
        for size in [1, 2, 4, 7, 10, 16, 100] {
            let ranges = segment_ranges(text, size);
            assert_eq!(ranges.first().unwrap().start, 0);
            assert_eq!(ranges.last().unwrap().end, text.len());
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].end, pair[1].start);
            }
            for r in &ranges {
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                assert!(
                    r.len() <= size.max(2) || ranges.len() == 1,
                    "{size}: {ranges:?}"
                );
            }
        }
        // A line break in the last quarter is preferred to a later space.
        let ranges = segment_ranges(text, 12);
        assert_eq!(&text[ranges[0].clone()], "aaaa bbbb\n");
        let ranges = segment_ranges(text, 16);
        assert_eq!(&text[ranges[0].clone()], "aaaa bbbb\ncccc ");
    }
}
