"""Summarise `spamspan eval --json` on a labelled-clean corpus: how many pages got a span."""
import json
import sys

m = json.load(sys.stdin)
c = m["counts"]
share = 100 * c["clean_docs_flagged"] / max(1, c["docs"])
print(f"documents {c['docs']}  flagged {c['clean_docs_flagged']} ({share:.2f} %)  "
      f"clean retention {100 * m['clean_retention']:.4f} %")
