"""Config files and the named profiles that `briefgen run PROFILE` builds.

A config file is TOML with one `[profiles.NAME]` table per brief. Paths inside it are relative to
the file itself, so a scheduled run behaves the same whatever working directory cron gives it.
"""

from __future__ import annotations

import re
import string

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Mapping, NamedTuple

from .api import FORMATS, UNDATED_POLICIES, Options
from .errors import ConfigError
from .limits import Limits
from .userdirs import home

CONFIG_NAME = "briefgen.toml"          # looked for in the working folder
HOME_CONFIG = "config.toml"            # ... and in BRIEFGEN_HOME
STORE_NAME = ".briefgen-store.sqlite"  # beside the outputs
HOME_STORE = "store.sqlite"            # ... or in BRIEFGEN_HOME when the output folder varies

DEFAULT_WINDOW = "7d"
DEFAULT_OUTPUT = "out/{profile}-{iso_week}.{ext}"
OUTPUT_FIELDS = ("profile", "iso_week", "start", "end", "date", "ext")
PROFILE_KEYS = ("inputs", "window", "template", "formats", "output", "title", "model", "store",
                "template_dirs", "strict", "undated", "limits")
# Profile names end up in file names, lock files and crontab lines.
PROFILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_DAYS = re.compile(r"(\d+)d")

WindowSpec = str | Mapping[str, Any]


def find_config(explicit: Path | None = None, cwd: Path | None = None) -> Path:
    """The config file to use: --config, else ./briefgen.toml, else $BRIEFGEN_HOME/config.toml.

    An explicit --config wins over the working folder's file: naming a file is the stronger intent.
    """
    if explicit is not None:
        if not Path(explicit).is_file():
            raise ConfigError("config file not found", explicit)
        return Path(explicit).resolve()
    candidates = [(cwd or Path.cwd()) / CONFIG_NAME, home() / HOME_CONFIG]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    raise ConfigError("no config file: looked for " + " and ".join(map(str, candidates))
                      + " (or pass --config)")


class Window(NamedTuple):
    """The days a brief covers, both ends included."""

    start: date
    end: date

    @property
    def iso_week(self) -> str:
        """The ISO week of the window's end, e.g. 2023-W06 (the week the brief reports on)."""
        year, week, _ = self.end.isocalendar()
        return f"{year}-W{week:02d}"

    def closes_at(self) -> datetime:
        """00:00 UTC the day after the end: the fixed generated_at of a window already over."""
        return datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=timezone.utc)

    def __str__(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def window_for(spec: WindowSpec, now: date | datetime) -> Window:
    """Turn a window spec into dates, relative to the day `now` falls on.

    "Nd" is the N whole days before today (today excluded, so a rerun later the same day sees the
    same window); "last-week" the previous ISO week, Monday to Sunday; "this-week" the current
    one; a table {start, end} explicit dates.
    """
    today = now.date() if isinstance(now, datetime) else now
    if isinstance(spec, str):
        text = spec.strip().lower()
        if text in ("last-week", "this-week"):
            monday = today - timedelta(days=today.weekday() + (7 if text == "last-week" else 0))
            return Window(monday, monday + timedelta(days=6))
        match = _DAYS.fullmatch(text)
        if match and int(match[1]) > 0:
            return Window(today - timedelta(days=int(match[1])), today - timedelta(days=1))
        raise ConfigError(f"unknown window {spec!r}: use 'Nd' (e.g. '7d'), 'last-week', "
                          "'this-week' or { start = YYYY-MM-DD, end = YYYY-MM-DD }")
    if isinstance(spec, Mapping):
        if set(spec) != {"start", "end"}:
            raise ConfigError("an explicit window needs exactly the keys start and end, got "
                              + ", ".join(sorted(spec)))
        start, end = _as_date(spec["start"], "start"), _as_date(spec["end"], "end")
        if start > end:
            raise ConfigError(f"window start {start} is after its end {end}")
        return Window(start, end)
    raise ConfigError(f"a window is a string or a {{start, end}} table, not {type(spec).__name__}")


def _as_date(value: Any, key: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"window {key} must be a date (YYYY-MM-DD), not {value!r}")


@dataclass(frozen=True)
class Profile:
    """One named brief: what to read, which days, how to render and where to write."""

    name: str
    folder: Path                           # the config file's folder: the base of relative paths
    inputs: tuple[str, ...]                # absolute paths or globs
    window: WindowSpec = DEFAULT_WINDOW
    template: str = "analyst"
    formats: tuple[str, ...] = ("pdf",)
    output: str = DEFAULT_OUTPUT           # absolute file-name pattern
    title: str | None = None
    model: str | None = None
    store: Path | None = None
    template_dirs: tuple[Path, ...] = ()
    strict: bool = False
    limits: Limits = Limits()              # the `limits` table: how much of each file is read
    undated: str = "include"               # include | exclude | file-date

    def window_for(self, now: date | datetime) -> Window:
        return window_for(self.window, now)

    def output_path(self, fmt: str, window: Window, generated_at: datetime) -> Path:
        return Path(self.output.format(profile=self.name, iso_week=window.iso_week,
                                       start=window.start.isoformat(), end=window.end.isoformat(),
                                       date=generated_at.date().isoformat(), ext=fmt))

    def store_path(self) -> Path:
        """The store: as configured, else beside the outputs, else under BRIEFGEN_HOME.

        An output folder that itself depends on the window (e.g. out/{iso_week}/...) has no
        fixed "beside", so that case falls back to the home folder.
        """
        if self.store is not None:
            return self.store
        folder = Path(self.output).parent
        if "{" in str(folder):
            return home() / HOME_STORE
        return folder / STORE_NAME

    def options(self, window: Window, generated_at: datetime) -> Options:
        return Options(title=self.title, now=generated_at, since=window.start, until=window.end,
                       model=self.model, strict=self.strict, template=self.template,
                       template_dirs=list(self.template_dirs), undated=self.undated,
                       limits=self.limits)

    def with_overrides(self, **changes: Any) -> Profile:
        """The profile with command-line values in place of the file's (checked the same way)."""
        unknown = set(changes) - set(PROFILE_KEYS)
        if unknown:
            raise ConfigError("unknown profile setting(s): " + ", ".join(sorted(unknown)))
        if "formats" in changes:
            changes["formats"] = _formats(changes["formats"])
        if "undated" in changes and changes["undated"] not in UNDATED_POLICIES:
            raise ConfigError(f"undated must be one of {', '.join(UNDATED_POLICIES)}")
        profile = replace(self, **changes)
        _check_output(profile.output, profile.formats)
        return profile


@dataclass
class Config:
    path: Path
    profiles: dict[str, Profile] = field(default_factory=dict)

    def profile(self, name: str) -> Profile:
        if name not in self.profiles:
            known = ", ".join(sorted(self.profiles)) or "none defined"
            raise ConfigError(f"no profile {name!r} (profiles: {known})", self.path)
        return self.profiles[name]


def load_config(path: str | Path) -> Config:
    """Read and check a config file; every mistake names the file and the key."""
    path = Path(path).resolve()
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise ConfigError("config file not found", path) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path) from exc
    unknown = set(data) - {"profiles"}
    if unknown:
        raise ConfigError(f"unknown key {sorted(unknown)[0]!r} "
                          "(a config file holds [profiles.NAME] tables)", path)
    profiles = data.get("profiles", {})
    if not isinstance(profiles, dict):
        raise ConfigError("profiles must be a table of [profiles.NAME] tables", path)
    config = Config(path=path)
    for name, raw in profiles.items():
        try:
            config.profiles[name] = _profile(name, raw, path.parent)
        except ConfigError as exc:
            raise ConfigError(exc.reason, path) from exc
    return config


def _profile(name: str, raw: Any, folder: Path) -> Profile:
    where = f"profiles.{name}"
    if not PROFILE_NAME.fullmatch(name):
        raise ConfigError(f"{where}: a profile name uses letters, digits, '-', '_' and '.' only")
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(raw) - set(PROFILE_KEYS))
    if unknown:
        raise ConfigError(f"unknown key {where}.{unknown[0]} (known: {', '.join(PROFILE_KEYS)})")
    if "inputs" not in raw:
        raise ConfigError(f"{where}.inputs is missing (folders, files or globs to read)")

    def strings(key: str) -> list[str]:
        value = raw[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v
                                                              for v in value):
            raise ConfigError(f"{where}.{key} must be a non-empty list of strings")
        return value

    def text(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise ConfigError(f"{where}.{key} must be a non-empty string")
        return value

    settings: dict[str, Any] = {"inputs": tuple(str(_under(folder, v)) for v in strings("inputs"))}
    if "window" in raw:
        try:
            window_for(raw["window"], date.today())
        except ConfigError as exc:
            raise ConfigError(f"{where}.window: {exc.reason}") from exc
        settings["window"] = raw["window"]
    if "formats" in raw:
        try:
            settings["formats"] = _formats(strings("formats"))
        except ConfigError as exc:
            raise ConfigError(f"{where}.formats: {exc.reason}") from exc
    if "template_dirs" in raw:
        settings["template_dirs"] = tuple(_under(folder, v) for v in strings("template_dirs"))
    if "limits" in raw:
        if not isinstance(raw["limits"], dict):
            raise ConfigError(f"{where}.limits must be a table, e.g. limits = {{ paragraphs = 20000 }}")
        try:
            settings["limits"] = Limits().with_values(raw["limits"], f"{where}.limits")
        except ValueError as exc:
            raise ConfigError(str(exc)) from exc
    if "strict" in raw:
        if not isinstance(raw["strict"], bool):
            raise ConfigError(f"{where}.strict must be true or false")
        settings["strict"] = raw["strict"]
    if "undated" in raw:
        if raw["undated"] not in UNDATED_POLICIES:
            raise ConfigError(f"{where}.undated must be one of {', '.join(UNDATED_POLICIES)}")
        settings["undated"] = raw["undated"]
    for key in ("title", "model"):
        settings[key] = text(key)
    if (template := text("template")) is not None:
        # A template that exists beside the config is a path; anything else is a built-in name.
        settings["template"] = str(_under(folder, template)) if (folder / template).exists() \
            else template
    if (store := text("store")) is not None:
        settings["store"] = _under(folder, store)
    settings["output"] = str(_under(folder, text("output") or DEFAULT_OUTPUT))
    try:
        _check_output(settings["output"], settings.get("formats", Profile.formats))
    except ConfigError as exc:
        raise ConfigError(f"{where}.output: {exc.reason}") from exc
    return Profile(name=name, folder=folder, **settings)


def _under(folder: Path, value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else folder / path


def _formats(values: Any) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(str(v).lower() for v in values))
    wrong = [f for f in formats if f not in FORMATS]
    if wrong or not formats:
        raise ConfigError(f"unknown format {wrong[0] if wrong else '(none)'!r} "
                          f"(choose from {', '.join(FORMATS)})")
    return formats


def _check_output(pattern: str, formats: tuple[str, ...]) -> None:
    """Catch a misspelt {field} now rather than on the first scheduled run."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        raise ConfigError(f"bad file-name pattern {pattern!r}: {exc}") from exc
    for name in names:
        if name not in OUTPUT_FIELDS:
            raise ConfigError(f"unknown field {{{name}}} in {pattern!r} "
                              f"(fields: {', '.join(OUTPUT_FIELDS)})")
    if len(formats) > 1 and "ext" not in names:
        raise ConfigError(f"{pattern!r} needs {{ext}}: several formats would overwrite each other")
