"""The fast slice of the fuzz suite: fixed seeds, every class, CLI in a subprocess and the API.

Each generated article must give a documented exit code, no traceback, error lines naming the
file, no partial or stray file in the output folder, no network connection, and nothing from its
text evaluated as a template. A case in an area whose limit is still being set (`known`) is
recorded as an expected failure naming that limit.

The long run: `BRIEFGEN_FUZZ=long python -m pytest tests/fuzz` takes BRIEFGEN_FUZZ_PER_CLASS
inputs of every class (86, so 1,200+ in all), one CLI subprocess per class and more hypothesis
examples; `python benchmarks/fuzz_long.py` runs the same cases and prints the counts per class.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzgen
import fuzzrun

SEED = 12
LONG = os.environ.get("BRIEFGEN_FUZZ", "").lower() == "long"
PER_CLASS = int(os.environ.get("BRIEFGEN_FUZZ_PER_CLASS", "86")) if LONG else 5
CASES = fuzzgen.cases(SEED, PER_CLASS)
# one subprocess per class where the CLI's own handling matters most (starting one costs seconds)
CLI_CASES = [c for c in fuzzgen.cases(SEED + 1, 1)
             if LONG or c.cls in ("random_bytes", "damaged_docx", "injection", "huge_numbers",
                                  "bidi", "xxe")]


def _judge(case: fuzzgen.Case, result: fuzzrun.Result) -> None:
    if result.problems and case.known:
        pytest.xfail(f"{case.known}: {result.problems}")
    assert not result.problems, f"{case.name} ({case.filename}): {result.problems}\n{result.stderr[-2000:]}"


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c.name for c in CASES])
def test_api(index, tmp_path):
    case = CASES[index]
    _judge(case, fuzzrun.run_api(case, tmp_path, index))


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_cli_subprocess(case, tmp_path):
    _judge(case, fuzzrun.run_cli(case, tmp_path / "run", fuzzrun.guard_dir(tmp_path / "guard")))


def test_guard_counts_a_connection(tmp_path):
    """The network check can fail: a connection made in process is refused and counted."""
    import socket

    with fuzzrun.no_network() as attempts:
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert len(attempts) == 1


def test_judge_sees_an_evaluated_marker(tmp_path):
    """The evaluation check can fail: an output showing 6007*7 computed is a problem."""
    case = fuzzgen.Case("x-0", "x", "x.txt", b"{{ 6007*7 }}")
    (tmp_path / "brief.json").write_text('{"text": "42049"}')
    problems = fuzzgen.check_run(case, 0, "", tmp_path, ["brief.json"], tmp_path / "x.txt")
    assert any("evaluated" in p for p in problems)


def test_judge_wants_the_warning_a_salvaged_file_owes(tmp_path):
    """The warning check can fail: a brief from a damaged DOCX without a word about the part."""
    case = fuzzgen.Case("x-0", "x", "x.docx", b"", warns="word/styles.xml")
    (tmp_path / "brief.json").write_text("{}")
    problems = fuzzgen.check_run(case, 0, "", tmp_path, ["brief.json"], tmp_path / "x.docx")
    assert any("no warning naming" in p for p in problems)
    said = "briefgen: warning: in/x.docx: part word/styles.xml (missing) could not be read; ..."
    assert fuzzgen.check_run(case, 0, said, tmp_path, ["brief.json"], tmp_path / "x.docx") == []


_hostile = st.sampled_from(fuzzgen.INJECTIONS + fuzzgen.BIDI + ["\u201c", "\u201d", "\"", "'",
                                                                "9" * 400, "\ufeff"])
# control characters cannot be stored in DOCX XML at all: the encodings class covers NUL bytes
_words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)


@settings(max_examples=200 if LONG else 12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.lists(st.one_of(_hostile, _words), min_size=1, max_size=12)
                .map(lambda parts: " ".join(parts)), min_size=1, max_size=6),
       st.sampled_from(fuzzgen.EXTS))
def test_hypothesis_paragraphs(tmp_path_factory, paragraphs, ext):
    """Hostile fragments mixed into real sentences, in any format, through the API."""
    paragraphs = [*paragraphs, fuzzgen.BASE_PARAGRAPHS[0]]
    case = fuzzgen.Case("hyp-0", "hypothesis", "hyp" + ext, fuzzgen.article(paragraphs, ext))
    result = fuzzrun.run_api(case, tmp_path_factory.mktemp("hyp"), len(paragraphs))
    assert not result.problems, f"{paragraphs!r} ({ext}): {result.problems}\n{result.stderr[-2000:]}"
