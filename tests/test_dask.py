"""--dask: the per-document step on a two-worker LocalCluster gives the brief --jobs 1 gives."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import cluster, work
from briefgen.cli import main
from briefgen.errors import EXIT_USAGE, ClusterError
from briefgen.store import open_store

NOW = "2026-04-06T07:00:00Z"
TOWNS = ["Orlen", "Saskia Bay", "Modrava", "Kestrel Point", "Vanterre", "Hollin"]
PEOPLE = ["Mira Solberg", "Tomas Eke", "Ada Wrenfield", "Joel Marani", "Lena Dubrov",
          "Ravi Castel"]


def corpus(folder: Path, count: int = 12) -> Path:
    """Invented reports of eight paragraphs each: several chunks, so several Dask tasks."""
    folder.mkdir()
    for i in range(count):
        town, person = TOWNS[i % len(TOWNS)], PEOPLE[(i * 5) % len(PEOPLE)]
        paragraphs = [
            f"Storm damage in {town}",
            f"A storm hit {town} on Sunday, killing {3 + i} people and injuring {10 + 2 * i}, "
            f"the district council said.",
            f"\u201cThe roofs of {20 + i} houses came off in the night,\u201d said {person}, "
            f"the council's emergency officer.",
            f"{person} said {i + 1} people were still missing near the harbour.",
            f"The Coastal Relief Union sent {4 + i} boats to {town} on Monday.",
            f"Residents said the warning reached them late.",
            f"It was not clear when power would return to the eastern streets of {town}.",
            f"Schools in {town} will stay closed until Thursday, officials said.",
        ]
        (folder / f"storm-{i:02d}.txt").write_text("\n\n".join(paragraphs) + "\n",
                                                   encoding="utf-8")
    return folder


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_a_local_cluster_gives_the_brief_of_one_process(tmp_path):
    pytest.importorskip("distributed")
    folder = corpus(tmp_path / "inbox")
    documents = __import__("briefgen.api", fromlist=["load"]).load([folder])
    assert len(work.chunks(documents)) >= 2
    single, spread = tmp_path / "one.json", tmp_path / "dask.json"
    result = invoke("extract", str(folder), "--now", NOW, "--jobs", "1", "-o", str(single))
    assert result.exit_code == 0, result.stderr
    store = tmp_path / "store.sqlite"
    result = invoke("extract", str(folder), "--now", NOW, "--dask", "local", "--store",
                    str(store), "-o", str(spread))
    assert result.exit_code == 0, result.stderr
    assert spread.read_bytes() == single.read_bytes()
    with open_store(store) as db:            # the driver cached every worker's result
        assert db.extraction_count() == 12


def test_dask_not_installed_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)      # import fails as if absent
    folder = corpus(tmp_path / "inbox", count=1)
    result = invoke("extract", str(folder), "--now", NOW, "--dask", "local",
                    "-o", str(tmp_path / "b.json"))
    assert result.exit_code == EXIT_USAGE
    message = result.stderr.strip()
    assert "briefgen[dask]" in message and len(message.splitlines()) == 1
    assert not (tmp_path / "b.json").exists()


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "2s")
    folder = corpus(tmp_path / "inbox", count=1)
    result = invoke("build", str(folder), "--now", NOW, "--dask", "tcp://127.0.0.1:9",
                    "-o", str(tmp_path / "b.md"))
    assert result.exit_code == EXIT_USAGE
    message = result.stderr.strip()
    assert "tcp://127.0.0.1:9" in message and "cannot be reached" in message
    assert len(message.splitlines()) == 1
    assert not (tmp_path / "b.md").exists()


def test_an_address_without_a_scheme_is_refused():
    pytest.importorskip("distributed")
    with pytest.raises(ClusterError, match="scheduler address"):
        cluster.connect("scheduler-8786")
