"""Write the clean real corpora of the shared data as labelled-clean JSONL (spans: []),
unmodified, so that `spamspan eval` counts the pages it would wrongly flag.

usage: corpora_as_clean.py SHARED_DIR OUT_DIR
"""
import json
import pathlib
import sys


def main() -> None:
    shared, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    sources = {
        "digitalgov_news": (shared / "corpora/digitalgov_news/news.jsonl", "markdown", "markdown", "slug"),
        "dolma_cc": (next((shared / "corpora/dolma_cc_by_sa").glob("*.jsonl")), "text", "text", "id"),
        "readability_pages": (shared / "corpora/readability_pages/pages.jsonl", "text", "html", "id"),
    }
    for name, (path, field, fmt, id_field) in sources.items():
        with open(path, encoding="utf-8") as src, open(out / f"{name}.jsonl", "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                rec = json.loads(line)
                doc = {"id": str(rec.get(id_field) or f"{name}-{i}"), "format": fmt, "text": rec[field], "spans": []}
                if rec.get("url"):
                    doc["url"] = rec["url"]
                dst.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
