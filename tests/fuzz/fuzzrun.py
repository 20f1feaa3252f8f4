"""Run one generated case through the CLI in a subprocess or through the library API.

Both ways give a Result judged by fuzzgen.check_run. Network use is refused and counted: in a
subprocess by a sitecustomize on PYTHONPATH, in process by patching the socket module.
"""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fuzzgen import Case, check_run

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T09:00:00Z"
CLI_OUTPUTS = ("brief.pdf", "brief.docx", "brief.json")
API_ROTATION = ("pdf", "docx", "html", "md")

GUARD = '''
import os, socket
_log = os.environ.get("FUZZ_NET_LOG")
def _refuse(*args, **kwargs):
    if _log:
        with open(_log, "a") as handle:
            handle.write(repr(args[:2]) + "\\n")
    raise OSError("network refused by the fuzz suite")
_connect = socket.socket.connect
def _guarded_connect(self, address, *a):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        return _refuse(address)
    return _connect(self, address, *a)
socket.socket.connect = _guarded_connect
socket.socket.connect_ex = _guarded_connect
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
'''


@dataclass
class Result:
    case: str
    cls: str
    mode: str
    code: int | str
    seconds: float
    max_rss_mb: float | None
    network: int
    problems: list[str] = field(default_factory=list)
    stderr: str = ""


def guard_dir(where: Path) -> Path:
    where.mkdir(parents=True, exist_ok=True)
    (where / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    return where


def _place(case: Case, work: Path) -> tuple[Path, Path]:
    src, out = work / "in", work / "out"
    src.mkdir(parents=True)
    out.mkdir()
    path = src / case.filename
    path.write_bytes(case.data)
    return path, out


def run_cli(case: Case, work: Path, guard: Path, timeout: float = 300.0,
            home: Path | None = None) -> Result:
    """`python -m briefgen build FILE -o OUT.pdf -o OUT.docx -o OUT.json` in a subprocess."""
    path, out = _place(case, work)
    netlog = work / "net.log"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(guard)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]),
        FUZZ_NET_LOG=str(netlog), BRIEFGEN_HOME=str(home or work / "home"))
    args = [sys.executable, "-m", "briefgen", "build", str(path), "--now", NOW]
    for name in CLI_OUTPUTS:
        args += ["-o", str(out / name)]
    errfile = work / "stderr.txt"
    start = time.monotonic()
    with open(errfile, "wb") as err:
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
    seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = errfile.read_text(encoding="utf-8", errors="replace")
    timed_out = seconds > timeout
    code: int | str = "timeout" if timed_out else proc.returncode
    network = len(netlog.read_text().splitlines()) if netlog.exists() else 0
    problems = [f"no result after {timeout:.0f} s"] if timed_out else \
        check_run(case, proc.returncode, stderr, out, list(CLI_OUTPUTS), path)
    if network:
        problems.append(f"{network} network connection attempts")
    return Result(case.name, case.cls, "cli", code, seconds, usage.ru_maxrss / 1024, network,
                  problems, stderr)


@contextmanager
def no_network():
    """Refuse and count every internet connection attempt made in this process."""
    attempts: list[object] = []
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
             socket.getaddrinfo)
    real_connect = saved[0]

    def refuse(*args, **_kwargs):
        attempts.append(args[:2])
        raise OSError("network refused by the fuzz suite")

    def connect(self, address, *rest):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            return refuse(address)
        return real_connect(self, address, *rest)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    try:
        yield attempts
    finally:
        (socket.socket.connect, socket.socket.connect_ex, socket.create_connection,
         socket.getaddrinfo) = saved


def run_api(case: Case, work: Path, index: int = 0) -> Result:
    """api.build_brief into JSON and one other format (rotating), in this process."""
    from briefgen import api
    from briefgen.errors import BriefgenError

    path, out = _place(case, work)
    names = ["brief.json", "brief." + API_ROTATION[index % len(API_ROTATION)]]
    lines: list[str] = []
    code: int | str = 0
    start = time.monotonic()
    with no_network() as attempts:
        try:
            api.build_brief([path], [out / n for n in names],
                            options=api.Options(now=api.resolve_now(None).replace(
                                year=2026, month=11, day=23, hour=9, minute=0, second=0)),
                            warn=lambda m: lines.append(f"briefgen: warning: {m}"))
        except BriefgenError as exc:
            code = exc.exit_code
            lines.append(f"briefgen: error: {exc}")
        except Exception:  # a bug: reported the way a user would never see it
            code = "exception"
            lines.append(traceback.format_exc())
    seconds = time.monotonic() - start
    stderr = "\n".join(lines)
    problems = check_run(case, code if isinstance(code, int) else 1, stderr, out, names, path)
    if code == "exception":
        problems.insert(0, "exception: " + stderr.strip().splitlines()[-1][:300])
    if attempts:
        problems.append(f"{len(attempts)} network connection attempts")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Result(case.name, case.cls, "api", code, seconds, rss, len(attempts), problems, stderr)
