"""Run `spamspan audit --pipe` as a stage of a PySpark job (local mode, 2 cores) over a few
thousand JSONL records, some of them broken, and check that every record comes back, once,
in order within its partition, with its own id or its line number.

usage: pipe_job.py SPAMSPAN_BINARY SAMPLE_JSONL [RECORDS]
Exits non-zero (with the reason) if any record is lost, duplicated, reordered or mangled.
"""
import json
import sys

from pyspark import SparkConf, SparkContext


def records(sample_path: str, n: int) -> list[str]:
    with open(sample_path, encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    out = []
    for i in range(n):
        if i % 97 == 13:
            out.append('{"id": "broken-%d", "text": "cut off' % i)  # invalid JSON
            continue
        doc = dict(base[i % len(base)])
        doc["id"] = f"rec-{i}"
        doc.pop("spans", None)
        out.append(json.dumps(doc, ensure_ascii=False))
    return out


def main() -> int:
    binary, sample = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
    lines = records(sample, n)
    conf = SparkConf().setMaster("local[2]").setAppName("spamspan-pipe-test")
    conf.set("spark.ui.enabled", "false")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    try:
        rdd = sc.parallelize(list(enumerate(lines)), numSlices=8)
        # Each partition keeps its input order; remember it to check the output against.
        inputs = rdd.glom().collect()
        outputs = rdd.map(lambda kv: kv[1]).pipe(f"{binary} audit --pipe --quiet").glom().collect()
    finally:
        sc.stop()
    problems = []
    total_in = sum(len(p) for p in inputs)
    total_out = sum(len(p) for p in outputs)
    if total_in != n or total_out != n:
        problems.append(f"records in {total_in}, out {total_out}, expected {n}")
    for part, (ins, outs) in enumerate(zip(inputs, outputs)):
        if len(ins) != len(outs):
            problems.append(f"partition {part}: {len(ins)} in, {len(outs)} out")
            continue
        for line_no, ((i, line), out) in enumerate(zip(ins, outs), start=1):
            rec = json.loads(out)
            if line.startswith('{"id": "broken-'):
                if "error" not in rec or rec.get("line") != line_no:
                    problems.append(f"record {i}: broken line not answered in place: {out[:120]}")
            elif rec.get("id") != f"rec-{i}" or "spans" not in rec:
                problems.append(f"record {i}: got {out[:120]}")
    if problems:
        print("\n".join(problems[:20]), file=sys.stderr)
        return 1
    flagged = sum(1 for p in outputs for o in p if json.loads(o).get("spans"))
    print(f"spark pipe: {n} records in, {total_out} out, in order; {flagged} with spans")
    return 0


if __name__ == "__main__":
    sys.exit(main())
