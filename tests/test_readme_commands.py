"""The README's `briefgen templates ...` commands run as written.

Every such command line in a shell code block, and every inline `briefgen templates ...` span,
is run by bash (with pipefail) in a fresh folder with its own BRIEFGEN_HOME, `briefgen` being
this checkout. A line that is not a real command (placeholders, `a | b` meaning "a or b") fails.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SHELL_BLOCK = re.compile(r"^```(?:bash|sh|shell|console)\s*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`(briefgen templates[^`]*)`(?!`)")


def templates_commands(text: str) -> list[str]:
    found = []
    for block in SHELL_BLOCK.findall(text):
        for line in block.splitlines():
            line = line.strip().removeprefix("$ ")
            if line.startswith("briefgen templates"):
                found.append(line)
    outside = SHELL_BLOCK.sub("", text)
    found += [" ".join(span.split()) for span in INLINE.findall(outside)]
    return list(dict.fromkeys(found))


COMMANDS = templates_commands(README.read_text(encoding="utf-8"))


def test_the_readme_shows_each_templates_command():
    words = {shlex.split(command, comments=True)[2] for command in COMMANDS}
    assert {"list", "show", "init"} <= words, COMMANDS


def test_the_extraction_sees_a_line_that_is_not_a_command():
    sample = "```bash\nbriefgen templates list | show NAME   # which one\n```\nSee `briefgen templates list`."
    assert templates_commands(sample) == ["briefgen templates list | show NAME   # which one",
                                          "briefgen templates list"]


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "briefgen"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m briefgen "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "BRIEFGEN_HOME": str(home)}
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=work, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    assert "error" not in result.stderr, result.stderr
    assert result.stdout.strip()
    args = shlex.split(command, comments=True)
    if args[2] == "init":
        name = args[3]
        folder = Path(args[args.index("--dir") + 1]) if "--dir" in args else home / "templates"
        assert ((work / folder if not folder.is_absolute() else folder) / name
                / "brief.md.j2").is_file()
