"""The peers of bench/compare, one command line for all of them:

  peer.py NAME train --train train.jsonl --model DIR [--neg-rate R] [--seed S]
  peer.py NAME predict --model DIR --input docs.jsonl --out pred.jsonl --probs probs.npz
                       [--threshold T]

NAME: fasttext | sklearn | vw | blocklist. Every learnt peer sees the same token windows
(common.DocFeatures: the token, its shape and alphanumeric pieces, and 3 neighbours each
side, position-tagged) and predicts P(token is injected); `predict` writes FORMAT.md
prediction records (adjacent flagged tokens joined, doc_score = max token probability)
and the raw token probabilities for choosing the threshold afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import random
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def shuffled_windows(args, render):
    """Every training window rendered by `render`, with its label, in a seeded random
    order (online learners must not see documents one after the other)."""
    rows = [(render(f, i), y) for f, i, y in common.training_windows(args.train, args.neg_rate, args.seed)]
    random.Random(args.seed).shuffle(rows)
    return rows


# ---------------------------------------------------------------- fastText
class FastText:
    PARAMS = dict(wordNgrams=2, epoch=5, lr=0.5, dim=50, minn=0, maxn=0, bucket=2_000_000,
                  loss="softmax", thread=2, verbose=0)

    @staticmethod
    def train(args, out: pathlib.Path) -> dict:
        import fasttext
        rows = shuffled_windows(args, lambda f, i: f.line(i))
        data = out / "train.txt"
        with open(data, "w", encoding="utf-8") as w:
            for line, y in rows:
                w.write(f"__label__{y} {line}\n")
        n = len(rows)
        del rows
        t = time.time()
        model = fasttext.train_supervised(input=str(data), seed=args.seed, **FastText.PARAMS)
        fit = time.time() - t
        model.save_model(str(out / "model.bin"))
        data.unlink()
        return {"windows": n, "fit_seconds": fit, "params": FastText.PARAMS}

    def __init__(self, model_dir: pathlib.Path):
        import fasttext
        self.m = fasttext.load_model(str(model_dir / "model.bin"))

    def probs(self, f: common.DocFeatures) -> np.ndarray:
        if not len(f):
            return np.zeros(0, np.float32)
        labels, probs = self.m.predict([f.line(i) for i in range(len(f))], k=2)
        return np.array([p[l.index("__label__1")] if "__label__1" in l else 0.0
                         for l, p in zip(labels, probs)], dtype=np.float32)


# ---------------------------------------------------------------- scikit-learn
def sk_features(f: common.DocFeatures, i: int) -> list[str]:
    w = f.window(i)
    return w["t"] + w["l"] + w["r"] + f.char_ngrams(i)


def sk_vectorizer():
    from sklearn.feature_extraction.text import HashingVectorizer
    return HashingVectorizer(n_features=2 ** 20, analyzer=lambda feats: feats, alternate_sign=False,
                             norm="l2", dtype=np.float32)


class Sklearn:
    PARAMS = dict(loss="log_loss", penalty="l2", alpha=1e-6, max_iter=5, tol=None, random_state=1)

    @staticmethod
    def train(args, out: pathlib.Path) -> dict:
        import pickle
        import scipy.sparse as sp
        from sklearn.linear_model import SGDClassifier
        vec = sk_vectorizer()
        xs, ys, batch, yb = [], [], [], []
        for f, i, y in common.training_windows(args.train, args.neg_rate, args.seed):
            batch.append(sk_features(f, i))
            yb.append(y)
            if len(batch) == 100_000:
                xs.append(vec.transform(batch))
                ys.extend(yb)
                batch, yb = [], []
        if batch:
            xs.append(vec.transform(batch))
            ys.extend(yb)
        x = sp.vstack(xs).tocsr()
        y = np.array(ys, dtype=np.int8)
        del xs
        t = time.time()
        params = dict(Sklearn.PARAMS, random_state=args.seed)
        clf = SGDClassifier(**params).fit(x, y)  # shuffles every epoch
        fit = time.time() - t
        with open(out / "model.pkl", "wb") as w:
            pickle.dump(clf, w)
        return {"windows": int(x.shape[0]), "fit_seconds": fit, "params": Sklearn.PARAMS,
                "n_features": 2 ** 20, "features": "token, shape, pieces, ±3 window, char 3-5-grams"}

    def __init__(self, model_dir: pathlib.Path):
        import pickle
        with open(model_dir / "model.pkl", "rb") as r:
            self.clf = pickle.load(r)
        self.vec = sk_vectorizer()

    def probs(self, f: common.DocFeatures) -> np.ndarray:
        if not len(f):
            return np.zeros(0, np.float32)
        x = self.vec.transform([sk_features(f, i) for i in range(len(f))])
        return self.clf.predict_proba(x)[:, 1].astype(np.float32)


# ---------------------------------------------------------------- Vowpal Wabbit
def vw_line(f: common.DocFeatures, i: int, label: int | None = None) -> str:
    w = f.window(i)
    head = "" if label is None else ("1 " if label else "-1 ")
    return f"{head}|t {' '.join(w['t'])} |l {' '.join(w['l'])} |r {' '.join(w['r'])}"


class VW:
    ARGS = "--loss_function logistic --link logistic -b 22 --learning_rate 0.5 --quiet"
    PASSES = 3

    @staticmethod
    def train(args, out: pathlib.Path) -> dict:
        from vowpalwabbit import Workspace
        rows = [(vw_line(f, i, y), y) for f, i, y in common.training_windows(args.train, args.neg_rate, args.seed)]
        rng = random.Random(args.seed)
        t = time.time()
        ws = Workspace(f"{VW.ARGS} --random_seed {args.seed} -f {out / 'model.vw'}")
        for _ in range(VW.PASSES):
            rng.shuffle(rows)
            for line, _y in rows:
                ws.learn(line)
        ws.finish()
        fit = time.time() - t
        return {"windows": len(rows), "fit_seconds": fit, "args": VW.ARGS, "passes": VW.PASSES,
                "namespaces": "t (token, shape, pieces), l (3 left, position-tagged), r (3 right)"}

    def __init__(self, model_dir: pathlib.Path):
        from vowpalwabbit import Workspace
        self.ws = Workspace(f"-i {model_dir / 'model.vw'} -t --link logistic --quiet")

    def probs(self, f: common.DocFeatures) -> np.ndarray:
        return np.array([self.ws.predict(vw_line(f, i)) for i in range(len(f))], dtype=np.float32)


# ---------------------------------------------------------------- keyword blocklist
class Blocklist:
    """WordPress "Disallowed Comment Keys" semantics: each line of blacklist.txt, trimmed,
    is a case-insensitive substring of the text; a token is flagged (probability 1) when a
    match overlaps it. Matches may span several tokens (23k keys contain a space)."""

    @staticmethod
    def train(args, out: pathlib.Path) -> dict:
        src = pathlib.Path(args.blocklist)
        keys = sorted({k.strip().lower() for k in src.read_text(encoding="utf-8").splitlines() if k.strip()})
        (out / "keys.txt").write_text("\n".join(keys) + "\n", encoding="utf-8")
        return {"keys": len(keys), "source": str(src), "match": "lower-case substring of the text"}

    def __init__(self, model_dir: pathlib.Path):
        import ahocorasick
        self.ac = ahocorasick.Automaton()
        for k in (model_dir / "keys.txt").read_text(encoding="utf-8").splitlines():
            if k:
                self.ac.add_word(k, len(k))
        self.ac.make_automaton()

    def probs_text(self, text: str, f: common.DocFeatures) -> np.ndarray:
        p = np.zeros(len(f), dtype=np.float32)
        if not len(f):
            return p
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two code points
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        starts = np.fromiter((s for s, _ in f.spans), dtype=np.int64, count=len(f))
        ends = np.fromiter((e for _, e in f.spans), dtype=np.int64, count=len(f))
        for end, n in self.ac.iter(low):
            a, b = end - n + 1, end + 1  # match [a, b)
            lo = np.searchsorted(ends, a, side="right")
            hi = np.searchsorted(starts, b, side="left")
            p[lo:hi] = 1.0
        return p


class BlocklistWord(Blocklist):
    """The same keys matched as whole words: a match counts only where it does not start or
    end inside a word (\\b semantics: checked on the sides where the key itself begins or
    ends with a letter or digit), so that a short key no longer fires inside a longer word."""

    @staticmethod
    def train(args, out: pathlib.Path) -> dict:
        info = Blocklist.train(args, out)
        info["match"] = "lower-case whole-word match (\\b at alphanumeric key ends)"
        return info

    def probs_text(self, text: str, f: common.DocFeatures) -> np.ndarray:
        p = np.zeros(len(f), dtype=np.float32)
        if not len(f):
            return p
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        starts = np.fromiter((s for s, _ in f.spans), dtype=np.int64, count=len(f))
        ends = np.fromiter((e for _, e in f.spans), dtype=np.int64, count=len(f))
        n_text = len(low)
        for end, n in self.ac.iter(low):
            a, b = end - n + 1, end + 1
            if low[a].isalnum() and a > 0 and low[a - 1].isalnum():
                continue
            if low[b - 1].isalnum() and b < n_text and low[b].isalnum():
                continue
            lo = np.searchsorted(ends, a, side="right")
            hi = np.searchsorted(starts, b, side="left")
            p[lo:hi] = 1.0
        return p


PEERS = {"fasttext": FastText, "sklearn": Sklearn, "vw": VW, "blocklist": Blocklist,
         "blocklist_word": BlocklistWord}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("peer", choices=PEERS)
    sub = ap.add_subparsers(dest="cmd", required=True)
    tr = sub.add_parser("train")
    tr.add_argument("--train", required=True)
    tr.add_argument("--model", required=True)
    tr.add_argument("--neg-rate", type=float, default=1.0)
    tr.add_argument("--seed", type=int, default=1)
    tr.add_argument("--blocklist")
    pr = sub.add_parser("predict")
    pr.add_argument("--model", required=True)
    pr.add_argument("--input", required=True)
    pr.add_argument("--out", required=True)
    pr.add_argument("--probs", required=True)
    pr.add_argument("--threshold", type=float, default=0.5)
    a = ap.parse_args()
    cls = PEERS[a.peer]
    model = pathlib.Path(a.model)
    if a.cmd == "train":
        model.mkdir(parents=True, exist_ok=True)
        t = time.time()
        info = cls.train(a, model)
        info["train_seconds"] = time.time() - t
        info["peer"] = a.peer
        (model / "info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
        log(f"{a.peer}: trained {json.dumps(info)}")
        return
    peer = cls(model)
    pw = common.ProbWriter()
    ntok = 0
    with open(a.out, "w", encoding="utf-8") as out:
        for doc in common.read_jsonl(a.input):
            f = common.DocFeatures(doc["text"])
            p = peer.probs_text(doc["text"], f) if hasattr(peer, "probs_text") else peer.probs(f)
            pw.add(p)
            ntok += len(p)
            out.write(json.dumps(common.prediction(doc["id"], f.spans, p, a.threshold)) + "\n")
    pw.save(a.probs)
    log(f"{a.peer}: {ntok} tokens of {a.input} scored")


if __name__ == "__main__":
    main()
