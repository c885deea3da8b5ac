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
use std::fmt::Write as _;

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

impl Metrics {
    /// A human-readable, aligned table: every metric, recall per gold kind, the counts, and
    /// a one-line headline last so that the tail of a long log still shows what matters.
    pub fn render_table(&self) -> String {
        let mut out = format!(
            "{:<18} {:>9} {:>9} {:>9}\n",
            "metric", "precision", "recall", "f1"
        );
        let m = self;
        let rows = [
            ("tokens", m.token_precision, m.token_recall, m.token_f1),
            (
                "spans (overlap)",
                m.span_precision,
                m.span_recall,
                m.span_f1,
            ),
            (
                "spans (exact)",
                m.exact_precision,
                m.exact_recall,
                m.exact_f1,
            ),
            ("documents", m.doc_precision, m.doc_recall, m.doc_f1),
        ];
        for (name, p, r, f) in rows {
            let _ = writeln!(out, "{name:<18} {p:>9.4} {r:>9.4} {f:>9.4}");
        }
        let (auc, retention) = (fmt_auc(self.doc_auc), fmt_percent(self.clean_retention));
        let _ = writeln!(out, "{:<18} {auc:>9}", "document ROC AUC");
        let c = &self.counts;
        let (lost, clean) = (c.clean_chars_flagged, c.clean_chars);
        let what = format!("({lost} of {clean} clean characters flagged)");
        let _ = writeln!(out, "{:<18} {retention:>9}   {what}", "clean retention");

        if !self.per_kind.is_empty() {
            let longest = self.per_kind.keys().map(|k| k.chars().count()).max();
            let w = longest.unwrap_or(0).max(16);
            let _ = writeln!(
                out,
                "\n{:<w$} {:>11} {:>9}",
                "recall by kind", "found/gold", "recall"
            );
            for (kind, k) in &self.per_kind {
                let frac = format!("{}/{}", k.found, k.gold);
                let _ = writeln!(out, "{kind:<w$} {frac:>11} {:>9.4}", k.recall());
            }
        }

        let groups: [&[(&str, usize)]; 5] = [
            &[
                ("documents", c.docs),
                ("positive", c.positive_docs),
                ("flagged", c.predicted_positive_docs),
                ("clean flagged", c.clean_docs_flagged),
            ],
            &[
                ("gold spans", c.gold_spans),
                ("found", c.gold_spans_found),
                ("exact", c.gold_spans_exact),
            ],
            &[
                ("predicted spans", c.predicted_spans),
                ("correct", c.predicted_spans_correct),
                ("exact", c.predicted_spans_exact),
            ],
            &[
                ("tokens", c.tokens),
                ("gold", c.gold_tokens),
                ("predicted", c.predicted_tokens),
                ("both", c.true_positive_tokens),
            ],
            &[
                ("characters", c.chars),
                ("clean", c.clean_chars),
                ("clean flagged", c.clean_chars_flagged),
            ],
        ];
        out.push_str("\ncounts\n");
        for group in groups {
            let line: Vec<String> = group.iter().map(|(k, v)| format!("{k} {v}")).collect();
            let _ = writeln!(out, "  {}", line.join(", "));
        }
        let (t, s, e, d) = (self.token_f1, self.span_f1, self.exact_f1, self.doc_f1);
        let _ = write!(
            out,
            "\nheadline: token F1 {t:.4} | span F1 {s:.4} | exact F1 {e:.4} | doc F1 {d:.4} | \
             doc AUC {auc} | clean retention {retention}"
        );
        out
    }
}

fn fmt_auc(auc: Option<f64>) -> String {
    auc.map_or_else(|| "n/a".to_string(), |a| format!("{a:.4}"))
}

/// Retention as a percentage with three decimals: the target is 99.9 %, so two would hide
/// the difference that matters.
fn fmt_percent(x: f64) -> String {
    format!("{:.3} %", 100.0 * x)
}
#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    type Pair = (LabelledDoc, Prediction);
    type Gold<'a> = &'a [(usize, usize, Option<&'a str>)];

    /// A labelled document and its prediction, built through the JSON format itself.
    fn doc(id: &str, text: &str, gold: Gold, pred: &[(usize, usize)], score: f32) -> Pair {
        let gold: Vec<Value> = gold
            .iter()
            .map(|(s, e, k)| json!({"start": s, "end": e, "kind": k}))
            .collect();
        let pred: Vec<Value> = pred
            .iter()
            .map(|(s, e)| json!({"start": s, "end": e, "label": "spam", "score": 0.9}))
            .collect();
        let g = serde_json::from_value(json!({"id": id, "text": text, "spans": gold}));
        let p = serde_json::from_value(json!({"id": id, "spans": pred, "doc_score": score}));
        (g.unwrap(), p.unwrap())
    }

    fn eval(docs: &[Pair]) -> Result<Metrics, EvalError> {
        let pairs: Vec<EvalInput> = docs
            .iter()
            .map(|(gold, pred)| EvalInput { gold, pred })
            .collect();
        evaluate(&pairs)
    }

    /// `check!(metrics, {"name": value, …})`: assert the named metrics and counts.
    macro_rules! check {
        ($m:expr, $($expected:tt)+) => {
            check_json(&$m, json!($($expected)+))
        };
    }

    /// Assert the metrics and counts named in `expected`, a subset of the JSON output.
    fn check_json(m: &Metrics, expected: Value) {
        let actual = serde_json::to_value(m).unwrap();
        for (key, want) in expected.as_object().unwrap() {
            let got = actual
                .get(key)
                .or_else(|| actual["counts"].get(key))
                .unwrap();
            match (got.as_f64(), want.as_f64()) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{key}: {got} != {want}"),
                _ => assert_eq!(got, want, "{key}"),
            }
        }
    }

    #[test]
    fn hand_computed_single_document() {
        // Tokens aa 0..2, bb 3..5, cc 6..8, dd 9..11, ee 12..14. Gold covers "bb cc"; the
        // prediction "c d" touches cc and dd and shares the 'c' at 7 with the gold span.
        // Clean non-whitespace: aa, dd, ee = 6 chars, of which the 'd' at 9 is flagged.
        let m = eval(&[doc("d", "aa bb cc dd ee", &[(3, 8, None)], &[(7, 10)], 0.8)]).unwrap();
        check!(m, {
            "tokens": 5, "gold_tokens": 2, "predicted_tokens": 2, "true_positive_tokens": 1,
            "token_precision": 0.5, "token_recall": 0.5, "token_f1": 0.5,
            "span_precision": 1.0, "span_recall": 1.0, "span_f1": 1.0,
            "exact_precision": 0.0, "exact_recall": 0.0, "exact_f1": 0.0,
            "chars": 14, "clean_chars": 6, "clean_chars_flagged": 1, "clean_retention": 5.0 / 6.0,
            "doc_precision": 1.0, "doc_recall": 1.0, "doc_f1": 1.0, "doc_auc": null,
        });
    }

    #[test]
    fn micro_average_over_documents() {
        let docs = [
            doc("a", "x y", &[(0, 1, None)], &[(0, 1)], 0.9),
            // A clean document wrongly flagged: one of its 4 clean characters lost.
            doc("b", "pq rs", &[], &[(3, 4)], 0.7),
            // A positive document missed.
            doc("c", "u v w", &[(2, 3, None)], &[], 0.1),
        ];
        // Clean characters: y, p q r s, u w. AUC: positives 0.9 and 0.1 against the
        // negative 0.7, one of two pairs in order.
        check!(eval(&docs).unwrap(), {
            "tokens": 7, "gold_tokens": 2, "predicted_tokens": 2, "true_positive_tokens": 1,
            "token_precision": 0.5, "token_recall": 0.5, "span_precision": 0.5, "span_recall": 0.5,
            "span_f1": 0.5, "exact_precision": 0.5, "exact_recall": 0.5, "exact_f1": 0.5,
            "clean_chars": 7, "clean_chars_flagged": 1, "clean_retention": 6.0 / 7.0,
            "docs": 3, "positive_docs": 2, "predicted_positive_docs": 2, "true_positive_docs": 1,
            "clean_docs_flagged": 1, "doc_precision": 0.5, "doc_recall": 0.5, "doc_f1": 0.5,
            "doc_auc": 0.5,
        });
    }

    #[test]
    fn exact_match_trims_whitespace() {
        // s0 e1 e2 _3 _4 b5 u6 y7 _8 n9 o10 w11 _12 _13 h14: gold "  buy now " trims to
        // 5..12, as do the predictions 5..12 and " buy now " 4..13; "buy no" does not.
        let pred = [(5, 12), (4, 13), (5, 11)];
        let m = eval(&[doc("d", "see  buy now  here", &[(3, 13, None)], &pred, 0.9)]).unwrap();
        check!(m, {
            "predicted_spans_exact": 2, "gold_spans_exact": 1,
            "exact_precision": 2.0 / 3.0, "exact_recall": 1.0, "exact_f1": 0.8,
        });
    }

    #[test]
    fn whitespace_only_and_empty_spans() {
        // Equal whitespace-only spans trim to nothing and never match exactly, but they
        // overlap. The empty span counts as a prediction but overlaps nothing.
        let m = eval(&[doc("d", "ab   cd", &[(2, 5, None)], &[(2, 5), (1, 1)], 0.9)]).unwrap();
        check!(m, {
            "exact_precision": 0.0, "exact_recall": 0.0, "span_precision": 0.5, "span_recall": 1.0,
            "predicted_spans": 2, "predicted_spans_correct": 1, "clean_retention": 1.0,
            "gold_tokens": 0, "predicted_tokens": 0,
        });
        // A lone empty predicted span still makes its clean document predicted positive.
        let m = eval(&[doc("e", "clean", &[], &[(2, 2)], 0.5)]).unwrap();
        check!(m, {"clean_docs_flagged": 1, "clean_retention": 1.0});
    }

    #[test]
    fn multibyte_text_uses_code_points() {
        // é0 _1 中2 文3 _4 😀5 x6 _7 y8: 9 code points in 19 bytes.
        let text = "é 中文 😀x y";
        let m = eval(&[doc("m", text, &[(5, 7, None)], &[(2, 6), (5, 7)], 0.9)]).unwrap();
        check!(m, {
            "chars": 9, "tokens": 4, "gold_tokens": 1, "predicted_tokens": 2,
            "true_positive_tokens": 1,
            "clean_chars": 4, "clean_chars_flagged": 2, "clean_retention": 0.5,
            "predicted_spans_correct": 2, "gold_spans_found": 1,
            "predicted_spans_exact": 1, "gold_spans_exact": 1,
        });
        let err = eval(&[doc("m", text, &[(5, 10, None)], &[], 0.0)]).unwrap_err();
        assert!(
            matches!(err, EvalError::BadSpan { which: "gold", .. }),
            "{err}"
        );
    }

    #[test]
    fn perfect_prediction_scores_one_everywhere() {
        let gold: [(&str, Gold, f32); 4] = [
            (
                "visit cheap-pills.example now",
                &[(6, 24, Some("bare_url"))],
                0.95,
            ),
            ("an honest paragraph", &[], 0.05),
            (
                "x [buy](http://s.example) y z",
                &[(2, 25, Some("markdown_link")), (28, 29, None)],
                0.8,
            ),
            ("nothing to see", &[], 0.2),
        ];
        let docs: Vec<Pair> = (gold.iter().enumerate())
            .map(|(i, &(text, spans, score))| {
                let pred: Vec<(usize, usize)> = spans.iter().map(|s| (s.0, s.1)).collect();
                doc(&i.to_string(), text, spans, &pred, score)
            })
            .collect();
        let m = eval(&docs).unwrap();
        let json = serde_json::to_value(&m).unwrap();
        let metrics: Vec<(&String, &Value)> = json
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, v)| v.is_f64())
            .collect();
        assert_eq!(metrics.len(), 14);
        assert!(
            metrics.iter().all(|(_, v)| v.as_f64() == Some(1.0)),
            "{metrics:?}"
        );
        assert!(m
            .per_kind
            .values()
            .all(|k| k.found == k.gold && k.recall() == 1.0));
    }

    #[test]
    fn empty_prediction_on_clean_document() {
        // zero_division=0: nothing predicted and nothing to find gives 0, not 1 or NaN.
        let m = eval(&[doc("c", "perfectly clean text", &[], &[], 0.0)]).unwrap();
        check!(m, {
            "clean_retention": 1.0, "clean_chars": 18, "doc_auc": null, "per_kind": {},
            "doc_precision": 0.0, "doc_recall": 0.0, "doc_f1": 0.0,
            "token_precision": 0.0, "span_precision": 0.0, "exact_precision": 0.0,
        });
        assert!(m.render_table().contains("doc AUC n/a"));
        // No documents at all: the same conventions.
        let m = evaluate(&[]).unwrap();
        check!(m, {"docs": 0, "clean_retention": 1.0, "token_f1": 0.0, "doc_auc": null});
    }

    #[test]
    fn auc_with_ties() {
        // Positives 0.9, 0.5, 0.5 against negatives 0.5, 0.1: the 0.9 beats both (2), each
        // 0.5 ties one and beats one (1.5 + 1.5): 5 of 6 pairs.
        let scores = [
            (0.9, true),
            (0.5, true),
            (0.5, false),
            (0.5, true),
            (0.1, false),
        ];
        assert!((roc_auc(&mut scores.clone()).unwrap() - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(
            roc_auc(&mut [(0.3, true), (0.3, false), (0.3, false)]),
            Some(0.5)
        );
        assert_eq!(roc_auc(&mut [(0.0, true), (-0.0, false)]), Some(0.5));
        assert_eq!(roc_auc(&mut [(0.1, true), (0.9, false)]), Some(0.0));
        assert_eq!(roc_auc(&mut [(0.4, true)]), None);
        // The same through `evaluate`.
        let docs: Vec<Pair> = (scores.iter().enumerate())
            .map(|(i, &(score, positive))| {
                let gold: Gold = if positive { &[(0, 1, None)] } else { &[] };
                doc(&i.to_string(), "x", gold, &[], score)
            })
            .collect();
        check!(eval(&docs).unwrap(), {"doc_auc": 5.0 / 6.0});
    }

    #[test]
    fn recall_per_kind() {
        // t0 h1 e2 _3 u4 r5 l6 _7 a8 n9 d10 _11 l12 i13 n14 k15 _16 a17 n18 d19 _20 m21..25;
        // the prediction 6..9 overlaps 4..7 and 8..11 and misses the rest.
        let url = Some("bare_url");
        let gold = [
            (4, 7, url),
            (12, 16, url),
            (8, 11, Some("anchor_text")),
            (21, 25, None),
        ];
        let m = eval(&[doc("k", "the url and link and more", &gold, &[(6, 9)], 0.7)]).unwrap();
        check!(m, {"span_recall": 0.5, "per_kind": {
            "anchor_text": {"gold": 1, "found": 1}, "bare_url": {"gold": 2, "found": 1},
            "unknown": {"gold": 1, "found": 0},
        }});
        assert_eq!(m.per_kind["bare_url"].recall(), 0.5);
        let table = m.render_table();
        let line = table.lines().find(|l| l.starts_with("bare_url")).unwrap();
        assert!(line.contains(" 1/2 ") && line.ends_with("0.5000"), "{line}");
    }

    #[test]
    fn overlapping_unsorted_predictions() {
        let union = merge(vec![(8, 12), (0, 3), (2, 5), (5, 6), (9, 10), (4, 4)]);
        assert_eq!(union, [(0, 6), (8, 12)]);
        assert!(overlaps(&union, 5, 9) && overlaps(&union, 11, 12));
        assert!(!overlaps(&union, 6, 8) && !overlaps(&union, 12, 20) && !overlaps(&union, 3, 3));
        // Tokens aaaa 0..4, bbbb 5..9, cccc 10..14; gold is bbbb. Flagged clean characters:
        // the 'a' at 1 and the 'c's at 10 and 11.
        let pred = [(7, 12), (6, 8), (5, 9), (1, 2)];
        let m = eval(&[doc("o", "aaaa bbbb cccc", &[(5, 9, None)], &pred, 0.9)]).unwrap();
        check!(m, {
            "predicted_spans": 4, "predicted_spans_correct": 3, "predicted_spans_exact": 1,
            "predicted_tokens": 3, "true_positive_tokens": 1,
            "clean_chars": 8, "clean_chars_flagged": 3,
        });
    }

    #[test]
    fn invalid_inputs_are_errors_naming_the_document() {
        let mut unlabelled = doc("u", "text", &[], &[], 0.0);
        unlabelled.0.spans = None;
        let err = eval(&[unlabelled]).unwrap_err();
        assert!(matches!(err, EvalError::Unlabelled { .. }) && err.to_string().contains("`u`"));
        let (gold, _) = doc("doc-1", "t", &[], &[], 0.0);
        let msg = eval(&[(gold, doc("doc-2", "t", &[], &[], 0.0).1)])
            .unwrap_err()
            .to_string();
        assert!(msg.contains("doc-1") && msg.contains("doc-2"), "{msg}");
        let err = eval(&[doc("r", "text", &[], &[(3, 1)], 0.0)]).unwrap_err();
        assert!(matches!(
            err,
            EvalError::BadSpan {
                detail: OffsetError::Reversed { .. },
                ..
            }
        ));
        let msg = eval(&[doc("b", "text", &[], &[(2, 5)], 0.0)])
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("`b`") && msg.contains("predicted span 2..5"),
            "{msg}"
        );
        let mut nan = doc("n", "text", &[], &[], 0.0);
        nan.1.doc_score = f32::NAN;
        let err = eval(&[nan]).unwrap_err();
        assert!(matches!(err, EvalError::BadScore { .. }));
    }

    #[test]
    fn table_holds_every_metric_and_ends_with_the_headline() {
        let docs = [
            doc(
                "a",
                "buy pills here",
                &[(4, 9, Some("bare_url"))],
                &[(4, 9)],
                0.9,
            ),
            doc("b", "ok", &[], &[], 0.1),
        ];
        let table = eval(&docs).unwrap().render_table();
        let labels = [
            "tokens",
            "spans (overlap)",
            "spans (exact)",
            "documents",
            "ROC AUC",
        ];
        for label in labels
            .iter()
            .chain(&["clean retention", "recall by kind", "counts"])
        {
            assert!(table.contains(label), "missing {label}:\n{table}");
        }
        let last = table.lines().last().unwrap();
        assert!(
            last.starts_with("headline:") && last.contains("100.000 %"),
            "{last}"
        );
        assert!(table.lines().count() <= 20, "{table}");
    }

    #[test]
    fn large_document_is_fast() {
        // ~1.2 MB of mixed ASCII and multi-byte text with 1,000 long, overlapping, unsorted
        // spans per side: an O(tokens × spans) implementation would take minutes here.
        let text = "lorem ipsum dolor 中文 café sit amet\n".repeat(30_000);
        let n = text.chars().count();
        let step = n / 1000;
        let gold: Vec<_> = (0..1000)
            .map(|i| (i * step, i * step + 50, Some("link_list")))
            .collect();
        let pred: Vec<_> = (0..1000).rev().map(|i| (i * 7, n - i * 11)).collect();
        let started = std::time::Instant::now();
        let m = eval(&[doc("big", &text, &gold, &pred, 0.9)]).unwrap();
        assert!(
            started.elapsed().as_secs_f64() < 10.0,
            "{:?}",
            started.elapsed()
        );
        check!(m, {"gold_spans_found": 1000, "chars": n});
    }
}
