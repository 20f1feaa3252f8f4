"""The per-document step: one failing document is skipped (or fatal under --strict), in this
process and in worker processes; the brief is byte-identical whatever the number of workers."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from briefgen import api, work
from briefgen.cli import main
from briefgen.errors import InputError, NoDocumentsError

from conftest import ROOT, SEEDS
from faulty import run_chunk_breaking

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
CORPORA = [ROOT / "tests/data" / name for name in ("heldout", "heldout2", "heldout3")]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    # a re-saved copy with a line of its own: not an exact duplicate, so it is read
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    (folder / "broken-report.txt").write_text(text + "\nA closing line of this copy.\n",
                                              encoding="utf-8")
    return folder


@pytest.fixture
def breaking(monkeypatch):
    """extract_document raises for documents named broken*, as a bug on one article would."""
    import briefgen.extract as extractors

    real = extractors.extract_document

    def fails(pdoc):
        if pdoc.document.id.startswith("broken"):
            raise OverflowError("cannot convert float infinity to integer")
        return real(pdoc)

    monkeypatch.setattr(extractors, "extract_document", fails)


def test_a_document_that_breaks_extraction_is_skipped_with_a_warning(inbox, breaking):
    warnings: list[str] = []
    brief = api.extract([inbox], options=api.Options(now=NOW), warn=warnings.append)
    assert [d.id for d in brief.documents] == sorted(p.name for p in SEEDS.glob("*.txt"))
    [warning] = [w for w in warnings if "broken-report.txt" in w]
    assert "could not be extracted (OverflowError: cannot convert float infinity" in warning
    assert warning.endswith("skipped")


def test_under_strict_it_fails_the_run_naming_the_file(inbox, breaking, tmp_path):
    with pytest.raises(InputError, match="broken-report.txt: could not be extracted"):
        api.extract([inbox], options=api.Options(now=NOW, strict=True))
    out = tmp_path / "brief.md"
    result = CliRunner().invoke(main, ["build", str(inbox), "--strict", "--jobs", "1",
                                       "-o", str(out)])
    assert result.exit_code == 1
    assert "broken-report.txt: could not be extracted (OverflowError" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_when_every_document_fails_there_are_no_documents(tmp_path, breaking):
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], tmp_path / "broken.txt")
    with pytest.raises(NoDocumentsError):
        api.extract([tmp_path / "broken.txt"], options=api.Options(now=NOW))
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "broken.txt"), "--jobs", "1"])
    assert result.exit_code == 3


def test_a_failure_in_a_worker_process_is_skipped_the_same_way(inbox):
    warnings: list[str] = []
    documents = api.load([inbox])
    kept, extractions, _ = api.extract_documents(
        documents, warn=warnings.append, runner=work.pool_runner(2, task=run_chunk_breaking))
    assert "broken-report.txt" not in [d.id for d in kept] and len(kept) == len(extractions) == 2
    assert any("broken-report.txt: could not be extracted (OverflowError" in w for w in warnings)
    with pytest.raises(InputError, match="broken-report.txt"):
        api.extract_documents(documents, strict=True,
                              runner=work.pool_runner(2, task=run_chunk_breaking))


def test_a_reader_that_crashes_costs_only_its_file(tmp_path, monkeypatch):
    from briefgen.ingest import text

    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_text("Something went wrong in the reader.\n", encoding="utf-8")
    real = text.read

    def read(data):
        if b"wrong in the reader" in data:
            raise RecursionError("maximum recursion depth exceeded")
        return real(data)

    monkeypatch.setattr(text, "read", read)
    warnings: list[str] = []
    documents = api.load([tmp_path], warn=warnings.append)
    assert [d.id for d in documents] == ["good.txt"]
    assert warnings == [f"{tmp_path / 'bad.txt'}: could not be read "
                        "(RecursionError: maximum recursion depth exceeded)"]


def test_chunks_follow_the_documents_not_the_workers():
    documents = api.load(CORPORA)
    cut = work.chunks(documents)
    assert [d for chunk in cut for d in chunk] == documents
    assert len(cut) > 2
    assert all(sum(len(d.paragraphs) for d in chunk[:-1]) < work.CHUNK_PARAGRAPHS for chunk in cut)


def test_the_brief_is_byte_identical_whatever_the_number_of_workers(tmp_path):
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"brief-{jobs}.json"
        result = CliRunner().invoke(main, ["extract", *map(str, CORPORA), "--now",
                                           "2026-11-23T09:00:00Z", "--jobs", jobs, "-o", str(out)])
        assert result.exit_code == 0, result.output
        outputs[jobs] = out.read_bytes()
    assert outputs["1"] == outputs["2"]
    assert b'"quotes": [\n    {' in outputs["1"]
