"""Scheduled runs of a profile: one window, the store as cache, "what changed", lock, cron lines.

A run is safe to repeat: the window comes from the date of the run, and the brief's generated_at
is the moment the window closed (00:00 UTC the day after its end) whenever that is already past,
so rerunning a finished week rewrites the same bytes. Only a window still open (e.g. "this-week")
takes the clock, since its content can still grow.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator, Mapping

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from . import api
from .config import Config, Window
from .errors import ConfigError, LockedError, NoDocumentsError, OutputError
from .model import Brief
from .store import BriefRecord, open_store

CHANGE_KEYS = ("new_actors", "new_quotes", "new_figures", "changed_figures", "raised_questions",
               "resolved_questions")
# Two quotes or questions scoring at least this (token-sort ratio, 0-100) are one item reworded
# slightly between articles, not a new one.
SIMILAR = 90


@dataclass
class RunResult:
    """What a run did: the files it wrote, or why it wrote none."""

    profile: str
    window: Window
    brief: Brief | None = None
    outputs: list[Path] = field(default_factory=list)
    skipped: str | None = None         # the one line to print when --if-new wrote nothing
    previous: BriefRecord | None = None
    extracted: int = 0                 # documents parsed and extracted in this run
    cached: int = 0                    # documents whose extraction came from the store
    rendered_reused: int = 0           # output files whose bytes came from the store


def run_profile(config: Config, name: str, *, now: datetime | None = None,
                overrides: Mapping[str, Any] | None = None, if_new: bool = False,
                warn: api.Warn | None = None, jobs: int | None = 1,
                dask: str | None = None, render_cache: bool = True) -> RunResult:
    """Build the brief of profile `name` for the window that `now` (default: today) falls in.

    With `if_new`, a brief with nothing new since the profile's previous one (or a window with no
    documents) writes nothing and says why in `RunResult.skipped`; a profile's first brief is
    always new. `jobs` worker processes parse and extract (None: one per core), or the Dask
    cluster at `dask` ("local": one started here). Files rendered by an earlier run of the same
    brief are reused from the store unless `render_cache` is False.
    """
    profile = config.profile(name)
    if overrides:
        profile = profile.with_overrides(**overrides)
    instant = api.resolve_now(now)
    # The window follows the day as the user lives it: --now's own date, else the local date.
    window = profile.window_for(now.date() if now is not None else instant.astimezone().date())
    generated_at = min(window.closes_at(), instant)
    options = profile.options(window, generated_at)
    options.jobs = jobs
    options.dask = dask
    options.render_cache = render_cache
    store_path = profile.store_path()
    with profile_lock(store_path, profile.name), open_store(store_path, warn=warn) as store:
        try:       # an empty inbox (the first week of a new folder) is "nothing new" too
            documents = api.load(profile.inputs, strict=profile.strict, warn=warn)
            store.remember(documents)
            brief = api.extract(documents=documents, options=options, cache=store, warn=warn)
        except NoDocumentsError as exc:
            message = f"no documents in the window {window} of profile {profile.name!r}"
            if if_new:
                return RunResult(profile.name, window, skipped=message + "; nothing written")
            raise NoDocumentsError(message) from exc
        result = RunResult(profile.name, window, brief=brief, extracted=store.saves,
                           cached=store.hits)
        found = store.previous_brief(profile.name, before=window.start)
        if found is not None:
            result.previous, previous_brief = found
            brief.changes = compute_changes(previous_brief, brief.to_dict())
            if if_new and not has_changes(brief.changes):
                result.skipped = (f"nothing new in {window} since the brief of "
                                  f"{result.previous.start}..{result.previous.end}; "
                                  "nothing written")
                return result
        # Render every format before writing any, so a failure leaves no partial set.
        serialised = brief.to_json()       # made once: the JSON, the rendered files' key, the record
        rendered = [(profile.output_path(fmt, window, generated_at),
                     api.render(brief, fmt, options, warn, store, serialised))
                    for fmt in profile.formats]
        api.stage("rendered")
        result.rendered_reused = store.render_hits
        result.outputs = api.write_set(rendered)     # all of the new files or none
        api.stage("written")
        store.record_brief(profile.name, window.start, window.end, brief, result.outputs,
                           serialised)
        api.stage("recorded")      # the brief is recorded last: it names only a whole set
    return result


@contextmanager
def profile_lock(store_path: Path, profile: str) -> Iterator[Path]:
    """Hold an exclusive lock for `profile` beside its store, or raise LockedError at once.

    flock locks vanish with the process that held them, so a killed run never leaves a stale lock.
    """
    import fcntl  # POSIX only; imported here so that the rest of briefgen still loads elsewhere

    lock_path = store_path.with_name(f"{store_path.name}.{profile}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "a+", encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot create the lock file: {exc.strerror or exc}", lock_path) from exc
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            by = f" (pid {holder})" if holder.isdigit() else ""
            raise LockedError(f"another run of profile {profile!r} is in progress{by}",
                              lock_path) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield lock_path
    finally:
        handle.close()       # closing the file releases the lock


def history(config: Config, name: str, *, store: Path | None = None) -> list[BriefRecord]:
    """The briefs recorded for a profile, oldest window first."""
    profile = config.profile(name)
    path = store or profile.store_path()
    if not path.exists():
        return []
    with open_store(path) as db:
        return db.briefs(name)


# -- "New since the last brief" ---------------------------------------------------------------


def compute_changes(previous: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """What `current` (a briefgen.brief/1 dict) has that `previous` did not.

    New actors, quotes, figures and questions are the current brief's own items, sources
    included. A changed figure is {"before": earlier figure, "after": current figure}: the same
    category about the same place (or, without a place, the same subject), other numbers. A
    resolved question is {question, kind} (its evidence lies in older documents) and counts only
    when the current brief no longer raises it although it still covers an actor the question
    names: a question merely out of this week's news is not resolved.
    """
    known = {n.casefold() for a in previous.get("actors", []) for n in (a["name"], *a["aliases"])}
    new_actors = [a for a in current.get("actors", [])
                  if not any(n.casefold() in known for n in (a["name"], *a["aliases"]))]

    old_quotes = [q["text"] for q in previous.get("quotes", [])]
    new_quotes = [q for q in current.get("quotes", []) if not _similar(q["text"], old_quotes)]

    new_figures, changed_figures = _figure_changes(previous.get("figures", []),
                                                   current.get("figures", []))

    old_questions = [q["question"] for q in previous.get("open_questions", [])]
    now_questions = [q["question"] for q in current.get("open_questions", [])]
    raised = [q for q in current.get("open_questions", [])
              if not _similar(q["question"], old_questions)]
    covered = [n for a in current.get("actors", []) for n in (a["name"], *a["aliases"])]
    resolved = [{"question": q["question"], "kind": q["kind"]}
                for q in previous.get("open_questions", [])
                if not _similar(q["question"], now_questions)
                and _names_any(q["question"], covered)]

    return {
        "previous": {"title": previous.get("title"), "generated_at": previous.get("generated_at"),
                     "period": previous.get("period")},
        "new_actors": new_actors,
        "new_quotes": new_quotes,
        "new_figures": new_figures,
        "changed_figures": changed_figures,
        "raised_questions": raised,
        "resolved_questions": resolved,
    }


def has_changes(changes: Mapping[str, Any] | None) -> bool:
    return bool(changes) and any(changes.get(key) for key in CHANGE_KEYS)


def _similar(text: str, pool: list[str]) -> bool:
    return process.extractOne(text, pool, scorer=fuzz.token_sort_ratio,
                              processor=default_process, score_cutoff=SIMILAR) is not None


def _names_any(text: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text) for n in names if n)


def _figure_changes(previous: list[dict], current: list[dict]) -> tuple[list[dict], list[dict]]:
    def fold(value: str | None) -> str | None:
        return value.casefold().strip() if value else None

    def value(f: dict) -> tuple:
        return (f["category"], f["low"], f["high"], f["qualifier"], f.get("vague"),
                fold(f.get("subject")), fold(f.get("place")))

    def topic(f: dict) -> tuple | None:
        anchor = f.get("place") or f.get("subject")
        return (f["category"], fold(anchor)) if anchor else None

    old_values = {value(f) for f in previous}
    old_by_topic: dict[tuple, list[dict]] = {}
    for f in previous:
        if (key := topic(f)) is not None:
            old_by_topic.setdefault(key, []).append(f)
    new, changed = [], []
    for f in current:
        if value(f) in old_values:
            continue
        before = old_by_topic.get(topic(f)) if topic(f) is not None else None
        if before:
            # Of several earlier figures on the topic, the one about the same people is the
            # one this figure updates.
            same = [p for p in before if fold(p.get("subject")) == fold(f.get("subject"))]
            changed.append({"before": (same or before)[0], "after": f})
        else:
            new.append(f)
    return new, changed


# -- cron and systemd ---------------------------------------------------------------------------

_CRON_MACROS = {"@yearly": "yearly", "@annually": "yearly", "@monthly": "monthly",
                "@weekly": "weekly", "@daily": "daily", "@midnight": "daily", "@hourly": "hourly"}
_CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12),
                ("day of week", 0, 7))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_CronItem = tuple[int | None, int | None, int | None]     # low, high, step; low None = "*"


def briefgen_executable() -> str:
    """The absolute path of the briefgen command: the one running, else the one on PATH."""
    running = Path(sys.argv[0])
    if running.name == "briefgen" and running.is_file():
        return str(running.absolute())
    found = shutil.which("briefgen")
    if found:
        return str(Path(found).absolute())
    raise ConfigError("cannot find the briefgen command on PATH; install briefgen first")


def check_cron(expr: str) -> str:
    """The cron schedule, normalised to single spaces; ConfigError if cron would reject it."""
    _parse_cron(expr)
    return " ".join(expr.split())


def cron_line(profile: str, cron_expr: str, config_path: Path, *, if_new: bool = False,
              executable: str | None = None) -> str:
    """A crontab line running the profile from the config's folder (printed, never installed)."""
    words = [f"{key}={shlex.quote(value)}" for key, value in _environment()]
    words += [shlex.quote(a) for a in _run_argv(profile, config_path, if_new, executable)]
    command = f"cd {shlex.quote(str(config_path.parent))} && " + " ".join(words)
    escaped = command.replace("%", r"\%")    # cron turns a bare % into a newline
    return f"{check_cron(cron_expr)} {escaped}"


def cron_to_on_calendar(expr: str) -> str:
    """The systemd OnCalendar= value for a cron schedule, when one says the same thing."""
    parsed = _parse_cron(expr)
    if isinstance(parsed, str):
        return parsed
    minute, hour, dom, month, dow = parsed
    if dom != [(None, None, None)] and dow != [(None, None, None)]:
        raise ConfigError(f"cron {expr!r}: with both a day of month and a day of week cron runs on "
                          "either, which OnCalendar cannot say; give one of them as '*'")
    days = _calendar_days(dow, expr)
    date_part = f"*-{_calendar_field(month, 1, 2, expr)}-{_calendar_field(dom, 1, 2, expr)}"
    time_part = f"{_calendar_field(hour, 0, 2, expr)}:{_calendar_field(minute, 0, 2, expr)}:00"
    return " ".join(part for part in (days, date_part, time_part) if part)


def systemd_units(profile: str, on_calendar: str, config_path: Path, *, if_new: bool = False,
                  executable: str | None = None) -> str:
    """A user service and timer running the profile (printed, never installed)."""
    unit = f"briefgen-{profile}"
    environment = "".join(f"Environment={_systemd_quote(f'{key}={value}')}\n"
                          for key, value in _environment())
    exec_start = " ".join(_systemd_quote(a)
                          for a in _run_argv(profile, config_path, if_new, executable))
    folder = str(config_path.parent).replace("%", "%%")
    return (f"# ~/.config/systemd/user/{unit}.service\n"
            "[Unit]\n"
            f"Description=briefgen brief for profile {profile}\n"
            "\n"
            "[Service]\n"
            "Type=oneshot\n"
            f"WorkingDirectory={folder}\n"
            f"{environment}"
            f"ExecStart={exec_start}\n"
            "\n"
            f"# ~/.config/systemd/user/{unit}.timer\n"
            "[Unit]\n"
            f"Description=Run the briefgen profile {profile} on schedule\n"
            "\n"
            "[Timer]\n"
            f"OnCalendar={on_calendar}\n"
            "# a run missed while the machine was off happens at the next boot\n"
            "Persistent=true\n"
            "\n"
            "[Install]\n"
            "WantedBy=timers.target\n"
            "\n"
            "# then: systemctl --user daemon-reload && "
            f"systemctl --user enable --now {unit}.timer\n")


def _run_argv(profile: str, config_path: Path, if_new: bool, executable: str | None
              ) -> list[str]:
    return ([executable or briefgen_executable(), "run", profile, "--config", str(config_path)]
            + (["--if-new"] if if_new else []))


def _environment() -> list[tuple[str, str]]:
    """BRIEFGEN_HOME as set now, so the scheduled run finds the same home (cron's env is bare)."""
    value = os.environ.get("BRIEFGEN_HOME")
    return [("BRIEFGEN_HOME", str(Path(value).expanduser().absolute()))] if value else []


def _systemd_quote(arg: str) -> str:
    arg = arg.replace("%", "%%").replace("$", "$$")        # systemd specifiers and variables
    if re.fullmatch(r"[\w@%+=:,./$-]+", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _parse_cron(expr: str) -> list[list[_CronItem]] | str:
    """Five checked fields, or the OnCalendar word of a macro such as @weekly."""
    text = " ".join(expr.split())
    if text.startswith("@"):
        if text.lower() not in _CRON_MACROS:
            raise ConfigError(f"cron {expr!r}: unknown macro (use one of "
                              f"{', '.join(_CRON_MACROS)} or five fields)")
        return _CRON_MACROS[text.lower()]
    fields = text.split(" ")
    if len(fields) != 5:
        raise ConfigError(f"cron {expr!r}: needs five fields (minute hour day-of-month month "
                          "day-of-week), e.g. '0 7 * * MON'")
    return [[_cron_item(item, index, expr) for item in value.split(",")]
            for index, value in enumerate(fields)]


def _cron_item(item: str, index: int, expr: str) -> _CronItem:
    name, lowest, highest = _CRON_FIELDS[index]
    base, slash, step_text = item.partition("/")
    if slash and not (step_text.isdigit() and int(step_text) > 0):
        raise ConfigError(f"cron {expr!r}: bad step {item!r} in the {name} field")
    step = int(step_text) if slash else None
    if base == "*":
        return (None, None, step)
    first, dash, last = base.partition("-")

    def number(token: str) -> int:
        names = _MONTHS if index == 3 else _DAYS if index == 4 else ()
        if token.lower() in names:
            return names.index(token.lower()) + (1 if index == 3 else 0)
        if token.isdigit() and lowest <= int(token) <= highest:
            return int(token)
        raise ConfigError(f"cron {expr!r}: {token!r} is not a valid {name} "
                          f"({lowest}-{highest})")

    low = number(first)
    high = number(last) if dash else None
    if high is not None and high < low:
        raise ConfigError(f"cron {expr!r}: range {base!r} runs backwards in the {name} field")
    return (low, high, step)


def _calendar_field(items: list[_CronItem], lowest: int, width: int, expr: str) -> str:
    parts = []
    for low, high, step in items:
        if low is None:
            parts.append("*" if step is None else f"{lowest:0{width}d}/{step}")
        elif high is None:
            parts.append(f"{low:0{width}d}" + (f"/{step}" if step else ""))
        elif step is None:
            parts.append(f"{low:0{width}d}..{high:0{width}d}")
        else:
            raise ConfigError(f"cron {expr!r}: a stepped range has no OnCalendar equivalent; "
                              "write the values as a list")
    return ",".join(parts)


def _calendar_days(items: list[_CronItem], expr: str) -> str:
    if items == [(None, None, None)]:
        return ""
    days: set[int] = set()
    for low, high, step in items:
        if low is None or step is not None:
            raise ConfigError(f"cron {expr!r}: a stepped day of week has no OnCalendar "
                              "equivalent; list the days")
        days.update(d % 7 for d in range(low, (high if high is not None else low) + 1))
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    return ",".join(names[(d - 1) % 7] for d in sorted(days, key=lambda d: (d - 1) % 7))
