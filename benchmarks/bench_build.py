"""Benchmark `briefgen build`: start-up, the seeds brief, and a 200-article corpus.

Run on demand (not part of the test suite):

    python benchmarks/bench_build.py [--articles 200] [--json]

Reports wall times, the share of time spent inside spaCy, and peak memory. Targets (2 cores):
seeds PDF < 3 s including start-up; outside spaCy < 25% of total at 200 articles;
`briefgen --help` < 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def best_of(runs: int, command: list[str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_corpus(folder: Path, count: int, seed: int = 7) -> None:
    """Vary the seed articles: shuffle paragraph order within each, and date them across weeks."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for i in range(count):
        text = sources[i % len(sources)]
        lines = [line for line in text.splitlines() if line.strip()]
        head, body = lines[0], lines[1:]
        rng.shuffle(body)
        day = 1 + i % 28
        head = head.replace("date 2023-02-08", f"date 2023-02-{day:02d}", 1)
        (folder / f"article-{i:04d}.txt").write_text("\n".join([head, *body]) + "\n", encoding="utf-8")


def staged_build(folder: Path, out: Path) -> dict[str, float]:
    """One in-process build with each stage timed: where does the time go?"""
    from briefgen import api, nlp
    from briefgen.assemble import assemble
    from briefgen.extract import extract_document

    times: dict[str, float] = {}
    start = time.perf_counter()
    documents = api.load([folder])
    times["ingest"] = time.perf_counter() - start

    mark = time.perf_counter()
    pipeline = nlp.load_pipeline()
    times["spacy_load"] = time.perf_counter() - mark
    mark = time.perf_counter()
    parsed = nlp.parse(documents, pipeline)
    times["spacy_parse"] = time.perf_counter() - mark

    mark = time.perf_counter()
    extractions = [extract_document(p) for p in parsed]
    times["extract"] = time.perf_counter() - mark

    mark = time.perf_counter()
    brief = assemble(documents, extractions, title=None, generated_at=api.resolve_now(None))
    times["assemble"] = time.perf_counter() - mark

    mark = time.perf_counter()
    api.write_atomic(out, api.render(brief, "pdf"))
    times["render_pdf"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - start
    spacy = times["spacy_load"] + times["spacy_parse"]
    times["outside_spacy_share"] = (times["total"] - spacy) / times["total"]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    exe = shutil.which("briefgen") or sys.exit("install briefgen first: pip install -e .")

    results: dict[str, object] = {}
    results["help_s"] = round(best_of(5, [exe, "--help"]), 3)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        results["seeds_pdf_s"] = round(best_of(3, [exe, "build", str(SEEDS), "-o", str(tmp_path / "s.pdf")]), 3)
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        synthetic_corpus(corpus, args.articles)
        start = time.perf_counter()
        subprocess.run([exe, "build", str(corpus), "-o", str(tmp_path / "c.pdf")], check=True, capture_output=True)
        results[f"corpus_{args.articles}_pdf_s"] = round(time.perf_counter() - start, 3)
        stages = staged_build(corpus, tmp_path / "staged.pdf")
        results["stages_s"] = {k: round(v, 3) for k, v in stages.items()}
        results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"briefgen --help                 {results['help_s']:.3f} s   (target < 0.3 s)")
    print(f"seeds brief (PDF), cold process {results['seeds_pdf_s']:.3f} s   (target < 3 s)")
    print(f"{args.articles} articles (PDF), cold      {results[f'corpus_{args.articles}_pdf_s']:.3f} s")
    stages = results["stages_s"]
    for name, value in stages.items():
        if name != "outside_spacy_share":
            print(f"  {name:<14} {value:8.3f} s")
    print(f"  outside spaCy  {stages['outside_spacy_share']:.1%}   (target < 25%)")
    print(f"peak memory (in-process build)  {results['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
