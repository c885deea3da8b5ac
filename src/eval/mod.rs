//! Scoring predictions against labelled documents, exactly as `FORMAT.md` defines it.
//!
//! All offsets are code points. Each document is scored in one pass over its characters
//! against the *merged* gold and predicted intervals, plus a binary search per span, so a
//! 1 MB document with thousands of overlapping, unsorted spans costs O(n + s log s) rather
//! than O(tokens × spans).
//!
//! Conventions where the format is silent (the ones scikit-learn uses with
//! `zero_division=0`, so numbers match a Python reimplementation):
//! - a precision with no predictions, a recall with nothing to find and an F1 with
//!   `P + R = 0` are all 0.0 — never NaN, never a free 1.0;
//! - clean retention is 1.0 when there are no clean characters (nothing could be lost);
//! - document ROC AUC is `None` (JSON `null`, "n/a" in the table) unless both positive and
//!   clean documents are present; tied scores count one half (Mann–Whitney U);
//! - an empty span (`start == end`) covers no character: it still counts as a span (and a
//!   predicted one makes its document predicted positive) but overlaps nothing;
//! - a span that is only whitespace trims to nothing and never matches exactly.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::io::{LabelledDoc, Prediction};
use crate::offsets::{char_span_to_bytes, CharIndex, OffsetError};

/// One labelled document and the prediction for it.
#[derive(Debug, Clone, Copy)]
pub struct EvalInput<'a> {
    /// Must be labelled (`spans` present; `[]` for clean).
    pub gold: &'a LabelledDoc,
    /// Must carry the same `id` as `gold`.
    pub pred: &'a Prediction,
}

/// Why a set of predictions cannot be scored.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("document `{id}` is unlabelled: evaluation needs a `spans` field ([] for clean)")]
    Unlabelled { id: String },
    #[error(
        "prediction `{pred}` is paired with labelled document `{gold}`: predictions must \
         list every document in input order with the same ids"
    )]
    IdMismatch { gold: String, pred: String },
    #[error("document `{id}`: {which} {detail}")]
    BadSpan {
        id: String,
        which: &'static str,
        detail: OffsetError,
    },
    #[error("document `{id}`: doc_score is NaN")]
    BadScore { id: String },
}

/// Recall of the gold spans of one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct KindRecall {
    /// Gold spans of this kind.
    pub gold: usize,
    /// Of those, how many a predicted span overlaps.
    pub found: usize,
}

impl KindRecall {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
}

/// The raw counts behind [`Metrics`], so that results can be pooled or checked by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub docs: usize,
    /// Documents with at least one gold span.
    pub positive_docs: usize,
    /// Documents with at least one predicted span.
    pub predicted_positive_docs: usize,
    /// Positive documents that are also predicted positive.
    pub true_positive_docs: usize,
    /// Clean documents (no gold span) with a predicted span.
    pub clean_docs_flagged: usize,
    pub gold_spans: usize,
    /// Gold spans overlapped by a predicted span.
    pub gold_spans_found: usize,
    /// Gold spans matched exactly (after trimming) by a predicted span.
    pub gold_spans_exact: usize,
    pub predicted_spans: usize,
    /// Predicted spans overlapping a gold span.
    pub predicted_spans_correct: usize,
    /// Predicted spans matching a gold span exactly (after trimming).
    pub predicted_spans_exact: usize,
    pub tokens: usize,
    pub gold_tokens: usize,
    pub predicted_tokens: usize,
    /// Tokens both gold- and predicted-positive.
    pub true_positive_tokens: usize,
    pub chars: usize,
    /// Non-whitespace characters outside every gold span.
    pub clean_chars: usize,
    /// Of those, the ones inside a predicted span: what a publisher would lose.
    pub clean_chars_flagged: usize,
}

/// Every metric of `FORMAT.md`, micro-averaged over all documents.
///
/// The headline numbers are plain top-level `f64` fields so that a model's metadata can
/// pick them up from the serialized object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub token_precision: f64,
    pub token_recall: f64,
    pub token_f1: f64,
    /// Span overlap: a predicted span is correct if it shares a character with a gold span.
    pub span_precision: f64,
    pub span_recall: f64,
    pub span_f1: f64,
    /// Exact spans: both ends equal after trimming whitespace.
    pub exact_precision: f64,
    pub exact_recall: f64,
    pub exact_f1: f64,
    pub clean_retention: f64,
    pub doc_precision: f64,
    pub doc_recall: f64,
    pub doc_f1: f64,
    /// `None` unless both positive and clean documents were scored.
    pub doc_auc: Option<f64>,
    pub counts: Counts,
    /// Recall by gold span kind (`"unknown"` for spans without one).
    pub per_kind: BTreeMap<String, KindRecall>,
}

/// Score `pairs`. Fails on the first unlabelled document, mismatched id, span outside its
/// text or NaN `doc_score`, since any of them means the inputs are not what they claim.
pub fn evaluate(pairs: &[EvalInput]) -> Result<Metrics, EvalError> {
    let mut counts = Counts::default();
    let mut per_kind: BTreeMap<String, KindRecall> = BTreeMap::new();
    let mut doc_scores = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let positive = score_doc(pair, &mut counts, &mut per_kind)?;
        doc_scores.push((pair.pred.doc_score, positive));
    }
    let c = &counts;
    let (token_precision, token_recall, token_f1) = prf(
        ratio(c.true_positive_tokens, c.predicted_tokens),
        ratio(c.true_positive_tokens, c.gold_tokens),
    );
    let (span_precision, span_recall, span_f1) = prf(
        ratio(c.predicted_spans_correct, c.predicted_spans),
        ratio(c.gold_spans_found, c.gold_spans),
    );
    let (exact_precision, exact_recall, exact_f1) = prf(
        ratio(c.predicted_spans_exact, c.predicted_spans),
        ratio(c.gold_spans_exact, c.gold_spans),
    );
    let (doc_precision, doc_recall, doc_f1) = prf(
        ratio(c.true_positive_docs, c.predicted_positive_docs),
        ratio(c.true_positive_docs, c.positive_docs),
    );
    let clean_retention = if c.clean_chars == 0 {
        1.0
    } else {
        1.0 - c.clean_chars_flagged as f64 / c.clean_chars as f64
    };
    Ok(Metrics {
        token_precision,
        token_recall,
        token_f1,
        span_precision,
        span_recall,
        span_f1,
        exact_precision,
        exact_recall,
        exact_f1,
        clean_retention,
        doc_precision,
        doc_recall,
        doc_f1,
        doc_auc: roc_auc(&mut doc_scores),
        counts,
        per_kind,
    })
}

/// Add one document to the counts; returns whether it is gold positive.
fn score_doc(
    pair: &EvalInput,
    c: &mut Counts,
    per_kind: &mut BTreeMap<String, KindRecall>,
) -> Result<bool, EvalError> {
    let (gold, pred) = (pair.gold, pair.pred);
    let id = || gold.id.clone();
    let gold_spans = gold
        .spans
        .as_ref()
        .ok_or_else(|| EvalError::Unlabelled { id: id() })?;
    if pred.id != gold.id {
        let pred = pred.id.clone();
        return Err(EvalError::IdMismatch { gold: id(), pred });
    }
    if pred.doc_score.is_nan() {
        return Err(EvalError::BadScore { id: id() });
    }
    let text = gold.text.as_str();
    let index = CharIndex::new(text);
    let side = |which, spans: Vec<(usize, usize)>| side(text, &index, &gold.id, which, spans);
    let (gold_union, gold_keys) = side(
        "gold",
        gold_spans.iter().map(|s| (s.start, s.end)).collect(),
    )?;
    let (pred_union, pred_keys) = side(
        "predicted",
        pred.spans.iter().map(|s| (s.start, s.end)).collect(),
    )?;

    // Documents.
    let positive = !gold_spans.is_empty();
    let flagged = !pred.spans.is_empty();
    c.docs += 1;
    c.positive_docs += usize::from(positive);
    c.predicted_positive_docs += usize::from(flagged);
    c.true_positive_docs += usize::from(positive && flagged);
    c.clean_docs_flagged += usize::from(!positive && flagged);

    // Span overlap, per kind.
    c.gold_spans += gold_spans.len();
    c.predicted_spans += pred.spans.len();
    for s in gold_spans {
        let found = usize::from(overlaps(&pred_union, s.start, s.end));
        c.gold_spans_found += found;
        let kind = s.kind.as_deref().unwrap_or("unknown");
        let entry = per_kind.entry(kind.to_string()).or_default();
        entry.gold += 1;
        entry.found += found;
    }
    let correct = pred
        .spans
        .iter()
        .filter(|s| overlaps(&gold_union, s.start, s.end));
    c.predicted_spans_correct += correct.count();

    // Exact spans: each span whose trimmed ends occur on the other side counts.
    c.gold_spans_exact += count_matches(&gold_keys, &pred_keys);
    c.predicted_spans_exact += count_matches(&pred_keys, &gold_keys);

    // Tokens and clean retention, in one pass over the characters. `token` is the open
    // token's (touches gold, touches predicted), `None` between tokens.
    let (mut g, mut p) = (0, 0);
    let mut token: Option<(bool, bool)> = None;
    for (i, ch) in text.chars().enumerate() {
        c.chars += 1;
        let in_gold = covers(&gold_union, &mut g, i);
        let in_pred = covers(&pred_union, &mut p, i);
        if ch.is_whitespace() {
            close(&mut token, c);
            continue;
        }
        let t = token.get_or_insert((false, false));
        t.0 |= in_gold;
        t.1 |= in_pred;
        if !in_gold {
            c.clean_chars += 1;
            c.clean_chars_flagged += usize::from(in_pred);
        }
    }
    close(&mut token, c);
    Ok(positive)
}

/// Merged intervals (sorted, disjoint; end exclusive) of one side's spans.
type Union = Vec<(usize, usize)>;

/// A span's ends after trimming whitespace; `None` if nothing is left.
type Trimmed = Option<(usize, usize)>;

/// Validate one side's spans against the text and return their union and their trimmed
/// ends (see [`trimmed`]), in input order.
fn side(
    text: &str,
    index: &CharIndex,
    id: &str,
    which: &'static str,
    spans: Vec<(usize, usize)>,
) -> Result<(Union, Vec<Trimmed>), EvalError> {
    let mut keys = Vec::with_capacity(spans.len());
    for &(start, end) in &spans {
        let bytes = char_span_to_bytes(index, start, end).map_err(|detail| {
            let id = id.to_string();
            EvalError::BadSpan { id, which, detail }
        })?;
        keys.push(trimmed(&text[bytes], start, end));
    }
    Ok((merge(spans), keys))
}

/// How many of `keys` occur among `other` (spans that trim to nothing never match).
fn count_matches(keys: &[Trimmed], other: &[Trimmed]) -> usize {
    let other: HashSet<(usize, usize)> = other.iter().flatten().copied().collect();
    keys.iter().flatten().filter(|k| other.contains(k)).count()
}

/// Count the open token, if any, and close it.
fn close(token: &mut Option<(bool, bool)>, c: &mut Counts) {
    if let Some((in_gold, in_pred)) = token.take() {
        c.tokens += 1;
        c.gold_tokens += usize::from(in_gold);
        c.predicted_tokens += usize::from(in_pred);
        c.true_positive_tokens += usize::from(in_gold && in_pred);
    }
}

/// The code-point ends of `span` (the text of `start..end`) with surrounding whitespace
/// removed, or `None` if it is only whitespace or empty. Only the whitespace at each end is
/// scanned, so the cost does not grow with the span's length.
fn trimmed(span: &str, start: usize, end: usize) -> Trimmed {
    let lead = span.chars().take_while(|c| c.is_whitespace()).count();
    if start + lead == end {
        return None;
    }
    let trail = span.chars().rev().take_while(|c| c.is_whitespace()).count();
    Some((start + lead, end - trail))
}

/// The union of the non-empty intervals, as sorted disjoint intervals.
fn merge(mut spans: Vec<(usize, usize)>) -> Union {
    spans.retain(|(s, e)| s < e);
    spans.sort_unstable();
    let mut out: Union = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Whether `start..end` shares a character with the merged intervals.
fn overlaps(union: &[(usize, usize)], start: usize, end: usize) -> bool {
    // The first interval ending after `start` is the only candidate: ends are sorted too.
    let i = union.partition_point(|&(_, e)| e <= start);
    start < end && union.get(i).is_some_and(|&(s, _)| s < end)
}

/// Whether character `i` lies in the merged intervals; `cursor` advances monotonically as
/// `i` does, so a whole document costs one pass.
fn covers(union: &[(usize, usize)], cursor: &mut usize, i: usize) -> bool {
    while union.get(*cursor).is_some_and(|&(_, e)| e <= i) {
        *cursor += 1;
    }
    union.get(*cursor).is_some_and(|&(s, _)| s <= i)
}

/// `num / den`, or 0.0 when `den` is 0 (scikit-learn's `zero_division=0`).
fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

/// Precision, recall and their harmonic mean (0.0 when both are 0).
fn prf(precision: f64, recall: f64) -> (f64, f64, f64) {
    let sum = precision + recall;
    let f1 = if sum == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / sum
    };
    (precision, recall, f1)
}

/// ROC AUC of `(score, positive)` pairs as the Mann–Whitney U statistic: the probability
/// that a random positive outscores a random negative, ties counting one half. Average
/// ranks over tied groups make that O(n log n). `None` without both classes.
fn roc_auc(scores: &mut [(f32, bool)]) -> Option<f64> {
    let positives = scores.iter().filter(|(_, p)| *p).count();
    let negatives = scores.len() - positives;
    if positives == 0 || negatives == 0 {
        return None;
    }
    scores.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < scores.len() {
        // `==` rather than `total_cmp` so that -0.0 and 0.0 tie; they are adjacent anyway.
        let tied = scores[i..].iter().take_while(|(s, _)| *s == scores[i].0);
        let j = i + tied.count();
        let group_positives = scores[i..j].iter().filter(|(_, p)| *p).count();
        rank_sum += (i + 1 + j) as f64 / 2.0 * group_positives as f64;
        i = j;
    }
    let (pos, neg) = (positives as f64, negatives as f64);
    Some((rank_sum - pos * (pos + 1.0) / 2.0) / (pos * neg))
}

mod table;
#[cfg(test)]
mod tests;
