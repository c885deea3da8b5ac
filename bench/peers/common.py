"""What every peer shares: FORMAT.md tokens, gold token labels, the token-window features,
the decoder (adjacent flagged tokens joined into one span) and the prediction records.

Tokens are the maximal runs of non-whitespace, whitespace being Rust's `char::is_whitespace`
(Unicode White_Space), exactly as `spamspan eval` counts them. Offsets are code points
(Python `str` indices), as FORMAT.md asks.
"""
from __future__ import annotations

import json
import random
import re
from typing import Iterator

import numpy as np

# Unicode White_Space = Rust's char::is_whitespace (Python's \s also has \x1c-\x1f).
_WS = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
TOKEN_RE = re.compile(f"[^{_WS}]+")
_DIGITS = re.compile(r"[0-9]+")
_PIECES = re.compile(r"[^\W_]+")  # alphanumeric runs of a token (URL and HTML parts)
_SHAPE_MAP = {}

WINDOW = 3  # the token and 3 neighbours each side


def read_jsonl(path: str) -> Iterator[dict]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in TOKEN_RE.finditer(text)]


def token_labels(spans: list[tuple[int, int]], gold: list[dict] | None) -> np.ndarray:
    """1 for a token with any character inside a gold span (FORMAT.md's token metric)."""
    y = np.zeros(len(spans), dtype=np.int8)
    if not gold or not spans:
        return y
    starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
    ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
    for g in gold:
        # tokens with start < g.end and end > g.start
        lo = np.searchsorted(ends, g["start"], side="right")
        hi = np.searchsorted(starts, g["end"], side="left")
        if hi > lo:
            y[lo:hi] = 1
    return y


def norm(tok: str) -> str:
    """Lower case, digit runs read as one 0, at most 40 characters."""
    return _DIGITS.sub("0", tok.lower())[:40]


def shape(tok: str) -> str:
    out = []
    for c in tok[:40]:
        if c.isupper():
            k = "X"
        elif c.islower():
            k = "x"
        elif c.isdigit():
            k = "d"
        else:
            k = c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)[:12]


def _clean(s: str) -> str:
    # Feature strings go into whitespace-separated text formats (fastText, VW): no ':' or
    # '|' (VW syntax) and nothing fastText would read as a label.
    return s.replace(":", ";").replace("|", "!")


class DocFeatures:
    """Per-document token features, computed once; `window(i)` assembles one token's."""

    def __init__(self, text: str):
        self.spans = tokens(text)
        raw = [text[s:e] for s, e in self.spans]
        self.raw = raw
        self.norm = [_clean(norm(t)) for t in raw]
        self.shape = [_clean(shape(t)) for t in raw]
        self.pieces = [[_clean(p) for p in _PIECES.findall(n)[:12]] for n in self.norm]

    def __len__(self) -> int:
        return len(self.spans)

    def window(self, i: int) -> dict[str, list[str]]:
        """Position-tagged features in three namespaces: the token itself, left, right."""
        n = self.norm
        tok = ["w=" + n[i], "s=" + self.shape[i]] + ["p=" + p for p in self.pieces[i]]
        left, right = [], []
        for d in range(1, WINDOW + 1):
            j = i - d
            left.append(f"l{d}=" + (n[j] if j >= 0 else "<s>"))
            j = i + d
            right.append(f"r{d}=" + (n[j] if j < len(n) else "</s>"))
        return {"t": tok, "l": left, "r": right}

    def line(self, i: int) -> str:
        """One token window as a fastText word sequence: left context (far to near), the
        token, right context (near to far), so that word bigrams pair neighbours."""
        w = self.window(i)
        return " ".join(list(reversed(w["l"])) + w["t"] + w["r"])

    def char_ngrams(self, i: int, lo: int = 3, hi: int = 5) -> list[str]:
        t = "<" + self.norm[i] + ">"
        return [f"c={t[k:k + n]}" for n in range(lo, hi + 1) for k in range(0, max(0, len(t) - n + 1))]


def training_windows(path: str, neg_rate: float, seed: int):
    """(DocFeatures, token index, label) of every positive token and a `neg_rate` sample of
    negative tokens of the labelled documents in `path`, in a seeded random order per
    document (documents in file order)."""
    rng = random.Random(seed)
    for doc in read_jsonl(path):
        if doc.get("spans") is None:
            continue
        f = DocFeatures(doc["text"])
        y = token_labels(f.spans, doc["spans"])
        for i in range(len(f)):
            if y[i] or neg_rate >= 1.0 or rng.random() < neg_rate:
                yield f, i, int(y[i])


def decode(spans: list[tuple[int, int]], probs: np.ndarray, threshold: float) -> list[dict]:
    """Adjacent flagged tokens (probability ≥ threshold) joined into one span, scored by its
    highest token probability."""
    out = []
    cur = None
    for (s, e), p in zip(spans, probs):
        if p >= threshold:
            if cur is None:
                cur = [s, e, float(p)]
            else:
                cur[1] = e
                cur[2] = max(cur[2], float(p))
        elif cur is not None:
            out.append(cur)
            cur = None
    if cur is not None:
        out.append(cur)
    return [{"start": s, "end": e, "label": "spam", "score": round(min(1.0, max(0.0, p)), 6)} for s, e, p in out]


def prediction(doc_id: str, spans, probs, threshold: float) -> dict:
    doc_score = float(probs.max()) if len(probs) else 0.0
    return {"id": doc_id, "spans": decode(spans, probs, threshold),
            "doc_score": round(min(1.0, max(0.0, doc_score)), 6)}


class ProbWriter:
    """Token probabilities of every document, for choosing the threshold afterwards without
    running the model again: one float32 array, plus per-document token offsets."""

    def __init__(self):
        self.probs: list[np.ndarray] = []

    def add(self, p: np.ndarray) -> None:
        self.probs.append(np.asarray(p, dtype=np.float32))

    def save(self, path: str) -> None:
        lens = np.array([len(p) for p in self.probs], dtype=np.int64)
        flat = np.concatenate(self.probs) if self.probs else np.zeros(0, np.float32)
        np.savez(path, probs=flat, lens=lens)


def load_probs(path: str) -> list[np.ndarray]:
    z = np.load(path)
    flat, lens = z["probs"], z["lens"]
    return np.split(flat, np.cumsum(lens)[:-1]) if len(lens) else []
