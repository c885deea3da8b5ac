"""Choose a peer's decision threshold on the held-out split by spamspan's own rule
(`spamspan train`, src/train/mod.rs `choose_threshold`): among the candidate thresholds
that keep clean retention ≥ 99.9 % and flag at most 0.5 % of the held-out clean documents,
the one with the best token F1 + span-overlap F1 (the lowest on ties); when none keeps
that, the one with the most retention minus flagged share. Candidates: spamspan's grid
(0.10 … 0.99 by 0.01, 0.991 … 0.999) plus a finer tail near 1 (0.9991 … 0.99999) that
only helps peers whose probabilities crowd there.

  choose.py --gold heldout.jsonl --probs probs.npz --out threshold.json
            [--rewrite pred.jsonl]   # re-decode the predictions at the chosen threshold

Metrics here are computed on tokens (a predicted span is a run of flagged tokens); they
equal `spamspan eval`'s except when a span touches a gold span only in whitespace, and
bench/compare scores the rewritten predictions with `spamspan eval` anyway.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

RETENTION = 0.999
FLAGGED_CLEAN = 0.005


def candidates() -> list[float]:
    c = [i / 100 for i in range(10, 100)] + [i / 1000 for i in range(991, 1000)]
    c += [i / 10000 for i in range(9991, 10000)] + [i / 100000 for i in range(99991, 100000)]
    return c


def prf(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True)
    ap.add_argument("--probs", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rewrite")
    a = ap.parse_args()
    docs = list(common.read_jsonl(a.gold))
    probs = common.load_probs(a.probs)
    assert len(docs) == len(probs), "probabilities and documents differ in number"
    ys, clean_chars, doc_start, doc_of, gold_lo, gold_hi, spans_of = [], [], [], [], [], [], []
    clean_doc, off = [], 0
    for d, (doc, p) in enumerate(zip(docs, probs)):
        spans = common.tokens(doc["text"])
        assert len(spans) == len(p), f"{doc['id']}: token count differs"
        spans_of.append(spans)
        gold = doc.get("spans") or []
        ys.append(common.token_labels(spans, gold))
        # non-whitespace characters of each token outside every gold span
        inside = np.zeros(len(doc["text"]) + 1, dtype=np.int64)
        for g in gold:
            inside[g["start"]] += 1
            inside[g["end"]] -= 1
        cov = np.cumsum(inside)[:-1] > 0
        csum = np.concatenate([[0], np.cumsum(~cov)])
        clean_chars.append(np.array([csum[e] - csum[s] for s, e in spans], dtype=np.int64))
        starts = np.array([s for s, _ in spans], dtype=np.int64)
        ends = np.array([e for _, e in spans], dtype=np.int64)
        for g in gold:
            gold_lo.append(off + np.searchsorted(ends, g["start"], side="right"))
            gold_hi.append(off + np.searchsorted(starts, g["end"], side="left"))
        s = np.zeros(len(spans), dtype=bool)
        if len(spans):
            s[0] = True
        doc_start.append(s)
        doc_of.append(np.full(len(spans), d))
        clean_doc.append(not gold)
        off += len(spans)
    y = np.concatenate(ys).astype(bool)
    cc = np.concatenate(clean_chars)
    first = np.concatenate(doc_start)
    p = np.concatenate(probs)
    gold_lo, gold_hi = np.array(gold_lo, dtype=np.int64), np.array(gold_hi, dtype=np.int64)
    clean_doc = np.array(clean_doc)
    doc_max = np.array([q.max() if len(q) else 0.0 for q in probs])
    total_clean = cc.sum()
    rows = []
    for t in candidates():
        f = p >= t
        tp = int((f & y).sum())
        tok_f1 = prf(tp, int(f.sum()), int(y.sum()))
        run_start = f & (first | ~np.concatenate([[False], f[:-1]]))
        run_id = np.cumsum(run_start) - 1
        n_runs = int(run_start.sum())
        correct = int((np.bincount(run_id[f], weights=y[f], minlength=n_runs) > 0).sum()) if n_runs else 0
        cs = np.concatenate([[0], np.cumsum(f)])
        found = int(((cs[gold_hi] - cs[gold_lo]) > 0).sum()) if len(gold_lo) else 0
        sp = correct / n_runs if n_runs else 0.0
        sr = found / len(gold_lo) if len(gold_lo) else 0.0
        span_f1 = 2 * sp * sr / (sp + sr) if sp + sr else 0.0
        retention = 1 - cc[f].sum() / total_clean if total_clean else 1.0
        flagged = int(((doc_max >= t) & clean_doc).sum())
        share = flagged / max(1, int(clean_doc.sum()))
        ok = retention >= RETENTION and share <= FLAGGED_CLEAN
        key = (1, span_f1 + tok_f1) if ok else (0, retention - share)
        rows.append({"threshold": t, "token_f1": float(tok_f1), "span_f1": float(span_f1),
                     "retention": float(retention), "clean_docs_flagged": flagged, "ok": bool(ok),
                     "key": (key[0], float(key[1]))})
    best = None
    for r in rows:
        if best is None or r["key"][0] > best["key"][0] or (r["key"][0] == best["key"][0] and r["key"][1] > best["key"][1] + 1e-9):
            best = r
    out = {k: v for k, v in best.items() if k != "key"}
    out["rule"] = f"max token F1 + span F1 s.t. retention >= {RETENTION} and clean docs flagged <= {FLAGGED_CLEAN}"
    out["met_target"] = best["ok"]
    with open(a.out, "w") as w:
        json.dump(out, w, indent=1)
    print(json.dumps(out), file=sys.stderr)
    if a.rewrite:
        with open(a.rewrite, "w", encoding="utf-8") as w:
            for doc, spans, q in zip(docs, spans_of, probs):
                w.write(json.dumps(common.prediction(doc["id"], spans, q, best["threshold"])) + "\n")


if __name__ == "__main__":
    main()
