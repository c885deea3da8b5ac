//! `evaluate` against metrics worked out by hand, the module's conventions among them, and the
//! table it renders.

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
