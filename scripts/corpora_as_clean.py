"""Write the clean real corpora of the shared data as labelled-clean JSONL (spans: []),
unmodified, so that `spamspan eval` counts the pages it would wrongly flag.

usage: corpora_as_clean.py SHARED_DIR OUT_DIR
"""
import json
import pathlib
import sys


def digitalgov_url(rec: dict) -> str | None:
    """digital.gov's own URL of an article, as `spamspan synth` gives it: a crawl always
    knows the page's URL, and the evaluation should see what a crawl sees."""
    date, slug = rec.get("date") or "", rec.get("slug")
    if not slug or len(date) < 10:
        return None
    return f"https://digital.gov/{date[0:4]}/{date[5:7]}/{date[8:10]}/{slug}/"


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
                url = rec.get("url") or digitalgov_url(rec)
                if url:
                    doc["url"] = url
                dst.write(json.dumps(doc, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
