"""A reader that closes standard output early (`briefgen ... | head -1`) ends any command
quietly: exit code 0, nothing on standard error, files named with -o still written.

Each case runs briefgen in a real process whose standard output is a pipe. The pipe is shrunk to
one page, so that the writer is still writing when the reader goes away; "before" closes the read
end before the command has written anything, "after-one-line" reads one line first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import api
from briefgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_731d18e115c628d8.txt"
GOLD = ROOT / "tests" / "data" / "eval" / "storm.gold.json"
NOW = ["--now", "2026-11-23T09:00:00Z"]
PAGE = 4096

CONFIG = f"""
[profiles.weekly]
inputs = ["{SEED.parent.as_posix()}"]
window = "last-week"
formats = ["md"]
output = "out/{{profile}}-{{iso_week}}.{{ext}}"
"""


def small_pipe() -> tuple[int, int]:
    read_end, write_end = os.pipe()
    try:
        import fcntl

        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PAGE)
    except (ImportError, AttributeError, OSError):
        pass                              # a larger pipe only makes "before" the harder case
    return read_end, write_end


def run_into_closing_reader(args: list[str], when: str, cwd: Path) -> tuple[int, bytes, str]:
    """Run `python -m briefgen ARGS` into a pipe that its reader closes; (code, read, stderr)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SOURCE_DATE_EPOCH", None)
    read_end, write_end = small_pipe()
    if when == "before":
        os.close(read_end)
    process = subprocess.Popen([sys.executable, "-m", "briefgen", *args], cwd=cwd, env=env,
                               stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    got = b""
    if when == "after-one-line":
        while b"\n" not in got:
            chunk = os.read(read_end, 256)
            if not chunk:
                break
            got += chunk
        os.close(read_end)
    _out, err = process.communicate(timeout=600)
    return process.returncode, got, err.decode("utf-8", "replace")


def assert_quiet(code: int, stderr: str) -> None:
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert "BrokenPipe" not in stderr and "Exception ignored" not in stderr, stderr
    assert code == 0, stderr


@pytest.fixture
def team(tmp_path: Path) -> Path:
    (tmp_path / "briefgen.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "home").mkdir()
    return tmp_path


CASES = [
    (["--help"], "before"),
    (["--version"], "before"),
    (["templates", "--help"], "before"),
    (["templates", "list"], "before"),
    (["templates", "show", "analyst"], "before"),
    (["templates", "show", "analyst"], "after-one-line"),
    (["templates", "init", "mine", "--dir", "made"], "before"),
    (["schedule", "weekly", "--cron", "0 7 * * MON"], "before"),
    (["history", "weekly"], "before"),
    (["build", str(SEED), "-f", "md", "-o", "-", *NOW], "after-one-line"),
    (["build", str(SEED), "-f", "json", "-o", "-", *NOW], "before"),
    (["extract", str(SEED), *NOW], "after-one-line"),
    (["evaluate", str(GOLD)], "before"),
]


def case_id(value: object) -> str:
    return value if isinstance(value, str) else " ".join(a for a in value[:3] if "/" not in a)


@pytest.mark.parametrize(("args", "when"), CASES, ids=case_id)
def test_a_closed_pipe_ends_the_command_quietly(team, monkeypatch, args, when):
    monkeypatch.setenv("BRIEFGEN_HOME", str(team / "home"))
    code, got, stderr = run_into_closing_reader(args, when, team)
    assert_quiet(code, stderr)
    if when == "after-one-line":
        assert got.strip(), "the reader got nothing before it closed"


def test_the_reader_saw_only_part_of_a_longer_output(team, monkeypatch):
    """The "after-one-line" case is a real early close: the full output is larger than the pipe."""
    monkeypatch.setenv("BRIEFGEN_HOME", str(team / "home"))
    full = CliRunner().invoke(main, ["templates", "show", "analyst"], catch_exceptions=False)
    assert full.exit_code == 0
    assert len(full.stdout.encode("utf-8")) > 2 * PAGE


def test_files_named_beside_standard_output_are_still_written(team, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_HOME", str(team / "home"))
    target = team / "brief.md"
    code, _got, stderr = run_into_closing_reader(
        ["build", str(SEED), "-o", "-", "-o", str(target), *NOW], "before", team)
    assert_quiet(code, stderr)
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_a_broken_pipe_that_is_not_the_output_is_still_an_error(monkeypatch, tmp_path):
    """Only a closed standard output is quiet: a pipe to a worker breaking is reported."""
    def broken(*_args, **_kwargs):
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(api, "extract", broken)
    result = CliRunner().invoke(main, ["extract", str(SEED)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "internal error: BrokenPipeError" in result.stderr
