"""The long fuzz run: 1,200+ generated corrupt and hostile articles, counts per class.

    python benchmarks/fuzz_long.py                       # 86 per class x 14 classes, seed 12
    python benchmarks/fuzz_long.py --per-class 20 --seed 7 --markdown tests/fuzz/RESULTS.md
    python benchmarks/fuzz_long.py --count structure=30 --count quote_marks=40   # fewer slow ones

(`BRIEFGEN_FUZZ=long python -m pytest tests/fuzz` runs the same cases as tests, without counts.)

Each class runs in its own worker process (so its peak memory is its own), through the library
API, with every --cli-every-th input built by the CLI in a subprocess instead. Prints per class:
inputs tried, exit codes, tracebacks, partial outputs, network attempts, failures (expected ones,
in areas whose limits are still being set, apart), maximum time and maximum RSS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# this checkout's briefgen, not whichever one is installed, and the generator beside its tests
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "fuzz")]


def worker(cls: str, seed: int, per_class: int, cli_every: int, report: Path) -> None:
    import resource

    import fuzzgen
    import fuzzrun

    results = []
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{cls}-") as tmp:
        base = Path(tmp)
        guard = fuzzrun.guard_dir(base / "guard")
        for index, case in enumerate(fuzzgen.cases(seed, per_class, [cls])):
            work = base / case.name
            if cli_every and index % cli_every == 0:
                result = fuzzrun.run_cli(case, work, guard, timeout=600)
            else:
                result = fuzzrun.run_api(case, work, index)
            row = asdict(result)
            row["known"] = case.known
            row["stderr"] = result.stderr[-600:] if result.problems else ""
            results.append(row)
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            # written after every input, so that an interrupted run can still be summarised
            report.write_text(json.dumps({"class": cls, "results": results, "api_peak_rss_mb": peak}))


def summarise(block: dict) -> dict:
    rows = block["results"]
    api_rows = [r for r in rows if r["mode"] == "api"]
    cli_rows = [r for r in rows if r["mode"] == "cli"]
    partial = [r for r in rows if any(("stray files" in p or "outputs missing" in p
                                       or "outputs written" in p) for p in r["problems"])]
    failed = [r for r in rows if r["problems"] and not r["known"]]
    expected = [r for r in rows if r["problems"] and r["known"]]
    return {
        "class": block["class"],
        "tried": len(rows), "api": len(api_rows), "cli": len(cli_rows),
        "exit_codes": dict(sorted(Counter(str(r["code"]) for r in rows).items())),
        "tracebacks": sum("Traceback" in r["stderr"] or r["code"] == "exception" for r in rows),
        "partial_outputs": len(partial),
        "network": sum(r["network"] for r in rows),
        "failed": len(failed), "expected_failures": len(expected),
        "known": sorted({r["known"] for r in expected}),
        "max_seconds": round(max(r["seconds"] for r in rows), 2),
        "max_rss_mb_api_worker": round(block["api_peak_rss_mb"]),
        "max_rss_mb_cli": round(max((r["max_rss_mb"] for r in cli_rows), default=0)),
        "failures": [(r["case"], r["problems"][:2]) for r in failed + expected][:8],
    }


def table(summaries: list[dict], seed: int, per_class: int, seconds: float) -> str:
    total = sum(s["tried"] for s in summaries)
    lines = [f"Seed {seed}, {total} inputs ({per_class} per class unless --count set another) in "
             f"{seconds / 60:.1f} min.",
             "",
             "| class | tried (api/cli) | exit codes | tracebacks | partial outputs | network | "
             "failures (expected) | max s | max RSS MB (api worker / cli) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        codes = ", ".join(f"{k}: {v}" for k, v in s["exit_codes"].items())
        lines.append(f"| {s['class']} | {s['tried']} ({s['api']}/{s['cli']}) | {codes} | "
                     f"{s['tracebacks']} | {s['partial_outputs']} | {s['network']} | "
                     f"{s['failed']} ({s['expected_failures']}) | {s['max_seconds']} | "
                     f"{s['max_rss_mb_api_worker']} / {s['max_rss_mb_cli']} |")
    lines.append(f"| **all** | {total} | | {sum(s['tracebacks'] for s in summaries)} | "
                 f"{sum(s['partial_outputs'] for s in summaries)} | "
                 f"{sum(s['network'] for s in summaries)} | {sum(s['failed'] for s in summaries)} "
                 f"({sum(s['expected_failures'] for s in summaries)}) | | |")
    notes = [f"- {s['class']}: {case}: {problems}" for s in summaries
             for case, problems in s["failures"]]
    if notes:
        lines += ["", "Failures (first few per class):", *notes]
    return "\n".join(lines)


def main() -> None:
    import fuzzgen

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--per-class", type=int, default=86)
    parser.add_argument("--count", action="append", default=[], metavar="CLASS=N",
                        help="inputs for one class instead of --per-class (repeatable)")
    parser.add_argument("--cli-every", type=int, default=20, help="every Nth input goes through the CLI")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--classes", nargs="*", default=list(fuzzgen.GENERATORS))
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--summarise", type=Path, metavar="DIR",
                        help="only summarise the worker reports in DIR (of an interrupted run)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.seed, args.per_class, args.cli_every, args.report)
        return

    if args.summarise:
        blocks = [json.loads(p.read_text()) for p in sorted(args.summarise.glob("*.json"))]
        print(table([summarise(b) for b in blocks if b["results"]], args.seed, args.per_class, 0))
        return
    start = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="fuzz-long-"))
    print(f"worker reports in {tmp}", flush=True)

    counts = {cls: args.per_class for cls in args.classes}
    for pair in args.count:
        cls, _, number = pair.partition("=")
        if cls not in counts or not number.isdigit():
            parser.error(f"--count {pair}: write CLASS=N with a class of {', '.join(counts)}")
        counts[cls] = int(number)
    print(f"{sum(counts.values())} inputs planned: {counts}", flush=True)

    def run(cls: str) -> dict:
        report = tmp / f"{cls}.json"
        subprocess.run([sys.executable, __file__, "--worker", cls, "--seed", str(args.seed),
                        "--per-class", str(counts[cls]), "--cli-every", str(args.cli_every),
                        "--report", str(report)], cwd=ROOT, check=True)
        summary = summarise(json.loads(report.read_text()))
        print(f"{cls}: {summary['tried']} tried, codes {summary['exit_codes']}, "
              f"failed {summary['failed']} ({summary['expected_failures']} expected), "
              f"max {summary['max_seconds']} s", flush=True)
        return summary

    with ThreadPoolExecutor(args.workers) as pool:
        summaries = list(pool.map(run, args.classes))
    text = table(summaries, args.seed, args.per_class, time.monotonic() - start)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
