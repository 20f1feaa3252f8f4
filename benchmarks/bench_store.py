"""Benchmark a scheduled run over a large folder: the first run, then a rerun served by the store.

    python benchmarks/bench_store.py                 # 500 articles, md + json
    python benchmarks/bench_store.py --articles 100 --formats md,json,pdf --keep /tmp/bench

Articles are made by varying the sample articles in seeds/ (a random subset of their paragraphs,
numbers shifted, a date spread over one week), so every file has its own content hash. Each run
happens in its own process so that its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEEK_START = date(2023, 2, 6)
NOW = datetime(2023, 2, 13, 7, tzinfo=timezone.utc)
LEADING_DATE = re.compile(r"^\s*date:?\s+\d{4}-\d{2}-\d{2}\s*", re.IGNORECASE)


def make_articles(folder: Path, count: int) -> int:
    """Write `count` varied articles; returns the total number of words."""
    seeds = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = LEADING_DATE.sub("", path.read_text(encoding="utf-8"))
        seeds.append([p.strip() for p in text.splitlines() if p.strip()])
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(count):
        rng = random.Random(i)
        paragraphs = seeds[i % len(seeds)]
        keep = sorted(rng.sample(range(len(paragraphs)), k=max(3, int(len(paragraphs) * 0.8))))
        body = [re.sub(r"\d+", lambda m: str(int(m[0]) + rng.randint(0, 40)), paragraphs[k])
                for k in keep]
        day = WEEK_START + timedelta(days=i % 7)
        text = f"date: {day.isoformat()}\n\n" + "\n\n".join(body) + "\n"
        (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
        words += sum(len(p.split()) for p in body)
    return words


def one_run(config: Path) -> dict:
    """Run the profile once in this process and report time, memory and cache use."""
    sys.path.insert(0, str(ROOT))
    from briefgen.config import load_config
    from briefgen.schedule import run_profile

    start = time.perf_counter()
    result = run_profile(load_config(config), "bench", now=NOW)
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # kilobytes on Linux
    return {"seconds": round(seconds, 2), "peak_mb": round(peak_kb / 1024, 1),
            "extracted": result.extracted, "cached": result.cached,
            "documents": len(result.brief.documents), "outputs": [p.name for p in result.outputs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--formats", default="md,json")
    parser.add_argument("--keep", type=Path, help="work in this folder and leave it in place")
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)   # the child process
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run)))
        return

    with tempfile.TemporaryDirectory(prefix="briefgen-bench-") as scratch:
        folder = args.keep or Path(scratch)
        words = make_articles(folder / "inbox", args.articles)
        formats = ", ".join(json.dumps(f.strip()) for f in args.formats.split(","))
        week_end = WEEK_START + timedelta(days=6)
        config = folder / "briefgen.toml"
        config.write_text(f"""
[profiles.bench]
inputs = ["inbox"]
window = {{ start = {WEEK_START.isoformat()}, end = {week_end.isoformat()} }}
formats = [{formats}]
output = "out/{{profile}}-{{iso_week}}.{{ext}}"
""", encoding="utf-8")
        print(f"{args.articles} articles, {words} words, formats {args.formats}")
        runs = {}
        for label in ("first run", "rerun"):
            child = subprocess.run([sys.executable, __file__, "--one-run", str(config)],
                                   capture_output=True, text=True,
                                   env={**os.environ, "BRIEFGEN_HOME": str(folder / "home")})
            if child.returncode != 0:
                sys.exit(f"{label} failed:\n{child.stderr}")
            runs[label] = json.loads(child.stdout.splitlines()[-1])
            r = runs[label]
            print(f"{label:9}  {r['seconds']:8.2f} s  peak {r['peak_mb']:7.1f} MB  "
                  f"extracted {r['extracted']:4}  from store {r['cached']:4}  "
                  f"documents {r['documents']}")
        store = folder / "out" / ".briefgen-store.sqlite"
        print(f"rerun / first run: {runs['rerun']['seconds'] / runs['first run']['seconds']:.1%}"
              f"; store {store.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
