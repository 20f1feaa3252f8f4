"""Memory of one document at the character cap (limit document_chars, 1,000,000 by default),
built through to a PDF (and JSON) by the CLI in a subprocess. Run on demand:

    python benchmarks/bench_cap_memory.py [--chars 1000000] [--over 20000] [--formats pdf,json]

The document is made of invented reports (bench_scaling.article: distinct names, quotes and
figures, so extraction has real work) run together, `--over` characters past the cap so that the
cap is what stops it. Prints wall seconds, the child's peak RSS, whether the cap's warning was
given, and what the brief holds. Target: peak RSS well under 1 GB (the README's bound).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_scaling import article  # noqa: E402


def big_document(chars: int, seed: int = 21) -> str:
    rng = random.Random(seed)
    parts = ["Title: Floods across the southern provinces, day by day\n"]
    size, i = len(parts[0]), 0
    while size < chars:
        # each report without its own date line (one document, one date), its paragraphs
        # three by three, so that the character cap is reached before the paragraph limit
        lines = article(i, rng).strip().split("\n\n")[1:]
        body = "\n\n".join(" ".join(lines[k:k + 3]) for k in range(0, len(lines), 3)) + "\n"
        parts.append(body)
        size += len(body) + 1
        i += 1
    return "\n".join(parts)


def run(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak RSS in MB of the child, exit code, standard error)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    return time.monotonic() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=1_000_000, help="the document_chars cap")
    parser.add_argument("--over", type=int, default=20_000, help="characters past the cap")
    parser.add_argument("--formats", default="pdf,json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cap-") as tmp:
        folder = Path(tmp)
        src = folder / "provinces.txt"
        text = big_document(args.chars + args.over)
        src.write_text(text, encoding="utf-8")
        paragraphs = text.count("\n\n") + 1
        command = [sys.executable, "-m", "briefgen", "build", str(src), "--now",
                   "2026-11-23T09:00:00Z", "--limit", f"document_chars={args.chars}"]
        outputs = [folder / f"brief.{fmt}" for fmt in args.formats.split(",")]
        for out in outputs:
            command += ["-o", str(out)]
        wall, rss, code, stderr = run(command, ROOT)
        print(f"document: {len(text):,} characters, {paragraphs:,} paragraphs, "
              f"cap document_chars={args.chars:,}")
        print(f"exit {code}, {wall:.1f} s wall, peak RSS {rss:.0f} MB")
        print(f"cap warning given: {'document_chars' in stderr}")
        for line in stderr.splitlines():
            if "error" in line or "Traceback" in line:
                print("  " + line[:300])
        for out in outputs:
            if out.exists():
                print(f"{out.name}: {out.stat().st_size:,} bytes")
        json_out = folder / "brief.json"
        if json_out.exists():
            brief = json.loads(json_out.read_text(encoding="utf-8"))
            counts = {key: len(value) for key, value in brief.items() if isinstance(value, list)}
            print(f"brief.json lists: {counts}")


if __name__ == "__main__":
    main()
