"""Data plumbing of bench/compare.

  prepare.py sets SHARED SYNTH_DIR CLEAN_DIR OUT_DIR
      sets/heldout.jsonl   the held-out synthetic split (unchanged)
      sets/real.jsonl      real_dev + every clean page of the corpora (ids prefixed with
                           their source, which makes them unique: a few repeat across files)
      sets/clean.jsonl     the clean corpora alone, the same records as in real.jsonl
      sets/<set>.txt       the documents' text, concatenated with newlines (what `wc -w`
                           and the MB/s figures count)
      sets/sizes.json      documents, tokens and text bytes per set, source per real doc
  prepare.py clean-preds REAL_PRED OUT    the predictions of sets/real.jsonl restricted to
                                          sets/clean.jsonl (same order)
  prepare.py scale HELDOUT OUT BYTES      the held-out documents repeated, with new ids,
                                          until the file holds at least BYTES bytes
"""
from __future__ import annotations

import json
import os
import pathlib
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

CORPORA = ["digitalgov_news", "dolma_cc", "readability_pages"]


def write_set(name: str, records: list[dict], out: pathlib.Path, sizes: dict) -> None:
    with open(out / f"{name}.jsonl", "w", encoding="utf-8") as w:
        for r in records:
            w.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out / f"{name}.txt", "w", encoding="utf-8") as w:
        for r in records:
            w.write(r["text"] + "\n")
    sizes[name] = {
        "docs": len(records),
        "clean_docs": sum(1 for r in records if not r.get("spans")),
        "tokens": sum(len(common.TOKEN_RE.findall(r["text"])) for r in records),
        "text_bytes": os.path.getsize(out / f"{name}.txt"),
        "jsonl_bytes": os.path.getsize(out / f"{name}.jsonl"),
    }


def sets(shared: str, synth: str, clean_dir: str, out_dir: str) -> None:
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict = {}
    write_set("heldout", list(common.read_jsonl(f"{synth}/heldout.jsonl")), out, sizes)
    real, clean, source = [], [], {}

    def unique(name: str) -> str:
        # a few ids repeat (digitalgov slugs): the n-th repeat gets "#n"
        k, out = 1, name
        while out in source:
            out, k = f"{name}#{k}", k + 1
        return out

    for r in common.read_jsonl(f"{shared}/real_dev/real_dev.jsonl"):
        r["id"] = unique("real_dev/" + r["id"])
        real.append(r)
        source[r["id"]] = "real_dev"
    for c in CORPORA:
        for r in common.read_jsonl(f"{clean_dir}/{c}.jsonl"):
            r["id"] = unique(f"{c}/{r['id']}")
            real.append(r)
            clean.append(r)
            source[r["id"]] = c
    write_set("real", real, out, sizes)
    write_set("clean", clean, out, sizes)
    sizes["real_sources"] = source
    (out / "sizes.json").write_text(json.dumps(sizes), encoding="utf-8")


def clean_preds(real_pred: str, out: str) -> None:
    with open(out, "w", encoding="utf-8") as w:
        for line in open(real_pred, encoding="utf-8"):
            if line.strip() and not json.loads(line)["id"].startswith("real_dev/"):
                w.write(line if line.endswith("\n") else line + "\n")


def scale(heldout: str, out: str, size: int) -> None:
    lines = [json.loads(l) for l in open(heldout, encoding="utf-8") if l.strip()]
    written, k = 0, 0
    with open(out, "w", encoding="utf-8") as w:
        while written < size:
            for r in lines:
                r2 = dict(r, id=f"x{k}-{r['id']}")
                r2.pop("spans", None)
                s = json.dumps(r2, ensure_ascii=False) + "\n"
                w.write(s)
                written += len(s.encode("utf-8"))
                if written >= size:
                    break
            k += 1


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "sets":
        sets(*sys.argv[2:6])
    elif cmd == "clean-preds":
        clean_preds(sys.argv[2], sys.argv[3])
    elif cmd == "scale":
        scale(sys.argv[2], sys.argv[3], int(float(sys.argv[4])))
    else:
        sys.exit(f"prepare.py: unknown command {cmd}")
