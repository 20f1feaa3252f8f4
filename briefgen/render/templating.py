"""Finding audience templates and rendering them (Jinja2) into Markdown.

A template is a folder holding `brief.md.j2` and `style.toml` (and optionally README.md). Names
are looked up in the folders given with --template-dir, then in $BRIEFGEN_HOME/templates, then
among the built-ins; a name may also be a folder path or a path to a `.md.j2` file. A template
can extend a built-in one with `{% extends "default:analyst/brief.md.j2" %}`: the `default:`
prefix always means the built-ins, so an organisation overrides single blocks, not whole files.

The template receives the `briefgen.brief/1` object (`Brief.to_dict()`) as top-level names
(`title`, `summary`, `quotes`, ...; also the whole as `brief`), the template's `style`, and the
filters, tests and functions below. StrictUndefined turns a typo into an error that names the
template file and line instead of a silent blank.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import shutil
import traceback
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Sequence

import jinja2
import jinja2.sandbox

from ..errors import TemplateError
from ..model import Brief
from ..userdirs import home
from .standing import DISPUTED, PART, SUPERSEDED, standing
from .style import Style, load_style

ENTRY = "brief.md.j2"
STYLE_FILE = "style.toml"
LISTED_SOURCES = 40     # a brief with more documents lists only the cited ones
_REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@dataclass
class TemplateSource:
    """Where a template lives and how it looks."""

    folder: Path
    name: str
    description: str
    origin: str                    # "built-in" | "user" | "path"
    style: Style
    entry: str = ENTRY             # file name of the Jinja template inside `folder`

    @property
    def path(self) -> Path:
        return self.folder / self.entry


# --- lookup -------------------------------------------------------------------------------

def user_template_dir() -> Path:
    """$BRIEFGEN_HOME/templates, else the platform's per-user application folder."""
    return home() / "templates"


def builtin_template_dir() -> Path:
    """The built-in templates: installed as the package `briefgen.templates`, else the repo's."""
    try:
        spec = importlib.util.find_spec("briefgen.templates")
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            if (Path(location) / "analyst" / ENTRY).is_file():
                return Path(location)
    return _REPO_TEMPLATES


def _search_path(template_dirs: Sequence[Path]) -> list[tuple[Path, str]]:
    dirs = [(Path(d), "user") for d in template_dirs]
    dirs.append((user_template_dir(), "user"))
    dirs.append((builtin_template_dir(), "built-in"))
    return dirs


def _source(folder: Path, name: str, origin: str, entry: str = ENTRY) -> TemplateSource:
    confined(folder / entry, folder)
    style_file = folder / STYLE_FILE
    if style_file.exists() or style_file.is_symlink():
        confined(style_file, folder)
    style = load_style(style_file)
    description = style.description or _readme_line(folder)
    return TemplateSource(folder=folder, name=name, description=description, origin=origin,
                          style=style, entry=entry)


def _readme_line(folder: Path) -> str:
    readme = folder / "README.md"
    if not readme.is_file() or not readme.resolve().is_relative_to(folder.resolve()):
        return ""
    for line in readme.read_text(encoding="utf-8").splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return ""


def _looks_like_path(name: str) -> bool:
    return name.endswith(".j2") or "/" in name or os.sep in name or name.startswith(".")


def find_template(name_or_path: str | Path, template_dirs: Sequence[Path] = ()) -> TemplateSource:
    """Resolve a template name or path; TemplateError lists what is available when not found."""
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or _looks_like_path(text):
        return _from_path(Path(text))
    for folder, origin in _search_path(template_dirs):
        candidate = folder / text
        if (candidate / ENTRY).is_file():
            if not candidate.resolve().is_relative_to(folder.resolve()):
                raise TemplateError(f"refused: template {text!r} is a symlink leading outside "
                                    f"{folder}; name its real folder with --template-dir",
                                    candidate)
            return _source(candidate, text, origin)
    if (Path(text) / ENTRY).is_file():
        return _from_path(Path(text))
    available = ", ".join(t.name for t in list_templates(template_dirs)) or "none"
    raise TemplateError(f"unknown template {text!r}; available: {available}")


def _from_path(path: Path) -> TemplateSource:
    if path.is_dir():
        if not (path / ENTRY).is_file():
            raise TemplateError(f"template folder has no {ENTRY}", path)
        return _source(path.resolve(), path.resolve().name, "path")
    if path.is_file():
        if not path.name.endswith(".j2"):
            raise TemplateError("a template file must end in .md.j2", path)
        folder = path.resolve().parent
        return _source(folder, path.name.removesuffix(".md.j2").removesuffix(".j2"), "path",
                       entry=path.name)
    raise TemplateError("template not found", path)


def list_templates(template_dirs: Sequence[Path] = ()) -> list[TemplateSource]:
    """Every template a name can reach, sorted by name; a name found twice lists the one used."""
    found: dict[str, TemplateSource] = {}
    for folder, origin in _search_path(template_dirs):
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if (child.name not in found and (child / ENTRY).is_file()
                    and child.resolve().is_relative_to(folder.resolve())):
                found[child.name] = _source(child, child.name, origin)
    return [found[name] for name in sorted(found)]


def template_files(name: str | Path, template_dirs: Sequence[Path] = ()) -> list[Path]:
    """The files that make up a template (for `templates show/path`)."""
    source = find_template(name, template_dirs)
    if source.entry != ENTRY:
        files = [p for p in (source.path, source.folder / STYLE_FILE) if p.is_file()]
    else:
        files = sorted(p for p in source.folder.iterdir() if p.is_file())
    for path in files:
        confined(path, source.folder)
    return files


def init_template(name: str, dest_dir: Path, from_: str = "analyst") -> Path:
    """Copy a template's files into dest_dir/name to start a customised one."""
    if not name or _looks_like_path(name) or name != name.strip():
        raise TemplateError(f"invalid template name {name!r}: use a plain folder name")
    origin = find_template(from_)
    target = Path(dest_dir) / name
    if target.exists():
        raise TemplateError("already exists; choose another name or remove it", target)
    try:
        target.mkdir(parents=True)
        for path in template_files(from_):
            shutil.copyfile(path, target / path.name)
    except OSError as exc:
        raise TemplateError(f"cannot create the template: {exc.strerror or exc}", target) from exc
    if origin.entry != ENTRY:
        (target / origin.entry).rename(target / ENTRY)
    return target


# --- rendering ----------------------------------------------------------------------------

class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses a file whose real path lies outside its folder.

    Template folders are shared between people; a symlink in one must not bring in any file
    of the machine that renders it (Jinja's own loader follows symlinks)."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        confined(Path(filename), Path(self.searchpath[0]))
        return source, filename, uptodate


def confined(path: Path, folder: Path) -> Path:
    """`path` with symlinks resolved; TemplateError when that leaves `folder` (symlinks or ..)."""
    real = path.resolve()
    if not real.is_relative_to(folder.resolve()):
        raise TemplateError(f"refused: it leads outside the template folder {folder} "
                            "(symlink or '..')", path)
    return real


def environment(source: TemplateSource) -> jinja2.Environment:
    """A sandboxed Jinja environment for one template: `default:NAME` is a built-in file, any
    other name is looked up in the template's own folder (for includes and imports beside it).

    Templates are code written by someone else: the immutable sandbox refuses attributes that
    start with "_" (no way to Python internals from `lipsum` or `''.__class__`), calls that
    change data, and ranges too large to build."""
    loader = jinja2.ChoiceLoader([
        jinja2.PrefixLoader({"default": _ConfinedLoader(str(builtin_template_dir()))},
                            delimiter=":"),
        _ConfinedLoader(str(source.folder)),
    ])
    return jinja2.sandbox.ImmutableSandboxedEnvironment(
        loader=loader, undefined=jinja2.StrictUndefined, autoescape=False, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True, bytecode_cache=_compiled_templates())


# How environment() compiles: part of the compiled-template folder's name, so code compiled
# under other settings (or another Jinja or Python) is never loaded.
_COMPILE_SETTINGS = "ImmutableSandboxedEnvironment trim_blocks lstrip_blocks keep_trailing_newline"


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by an earlier run (Jinja reuses one only while its source is the
    same). A file that cannot be read or written costs the compile, never the brief."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged file: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


_COMPILED: dict[Path, _CompiledTemplates | None] = {}


def _compiled_templates() -> _CompiledTemplates | None:
    """The folder of compiled templates, $BRIEFGEN_HOME/cache/jinja-<settings digest>; None
    when it cannot be made (templates are then compiled every run)."""
    import hashlib
    import sys

    tag = hashlib.sha256(f"{jinja2.__version__}|{sys.version}|{_COMPILE_SETTINGS}"
                         .encode("utf-8")).hexdigest()[:12]
    folder = home() / "cache" / f"jinja-{tag}"
    if folder not in _COMPILED:
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _COMPILED[folder] = _CompiledTemplates(str(folder))
        except OSError:
            _COMPILED[folder] = None
    return _COMPILED[folder]


def render_markdown(brief: Brief, source: TemplateSource) -> str:
    """Render the template for a brief; errors name the template file and line."""
    data = brief.to_dict()
    env = environment(source)
    helpers = Helpers(data, source.style)
    helpers.install(env)
    try:
        template = env.get_template(source.entry)
        text = template.render(**data, brief=data, style=_style_view(source.style))
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"line {exc.lineno}: {exc.message}",
                            exc.filename or source.path) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", source.path) from exc
    except TemplateError:
        raise                                   # a refused include names its own file
    except jinja2.sandbox.SecurityError as exc:
        filename, line = _template_frame(exc, source)
        raise TemplateError(f"line {line}: refused by the template sandbox: {exc}",
                            filename) from exc
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
        filename, line = _template_frame(exc, source)
        message = (str(exc) if isinstance(exc, jinja2.TemplateError)
                   else f"{type(exc).__name__}: {exc}")
        raise TemplateError(f"line {line}: {message}", filename) from exc
    return _tidy(text)


def _style_view(style: Style) -> dict[str, Any]:
    """The style as plain values: a template gets no Path (whose methods read files)."""
    view = {f.name: getattr(style, f.name) for f in dataclasses.fields(style) if f.name != "folder"}
    return {k: (tuple(v) if isinstance(v, list) else dict(v) if isinstance(v, dict) else v)
            for k, v in view.items()}


def _template_frame(exc: BaseException, source: TemplateSource) -> tuple[str, int | str]:
    """Jinja rewrites tracebacks so template lines appear as frames of the template file."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename and not frame.filename.endswith(".py") and Path(frame.filename).is_file():
            return frame.filename, frame.lineno or "?"
    return str(source.path), "?"


def _tidy(text: str) -> str:
    """Collapse the blank lines that template logic leaves behind."""
    text = re.sub(r"^[ \t]+$", "", text, flags=re.MULTILINE)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


# --- helpers for templates ----------------------------------------------------------------

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|&])")
_MD_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
_QUALIFIERS = {
    "exact": "exact", "at_least": "at least", "more_than": "more than", "about": "about",
    "at_most": "at most", "fewer_than": "fewer than", "range": "range", "vague": "vague",
}
_QUESTION_KINDS = {
    "denied": "Denied", "unconfirmed": "Unconfirmed", "disputed": "Disputed",
    "withheld": "Not disclosed", "conflicting_figures": "Figures differ",
    "claimed": "Unverified claim", "investigation": "Investigation sought",
    "unaccounted": "Unaccounted for", "unclear": "Unclear", "risk": "Risk", "accused": "Accusation",
}
_VERBATIM = ("direct", "partial")
# English function words a shortened text should not end on.
_WEAK_ENDINGS = {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for",
                 "with", "from", "as", "that", "which", "who", "its", "his", "her", "their"}
# Where a shortened text may end: after a clause, else at a word.
_CLAUSE_END = re.compile(r"[,;:)]\s|\s[–—-]\s")
_DISPUTING_KINDS = ("conflicting_figures", "disputed", "denied")
_CHANGE_LABELS = {
    "new_actors": "New actors", "new_quotes": "New quotes", "new_figures": "New figures",
    "changed_figures": "Changed figures", "raised_questions": "New open questions",
    "resolved_questions": "Resolved questions",
}
_NOTE_SENTENCE = 220


def md(value: Any) -> str:
    """Escape data so Markdown shows it literally: no emphasis, links, tables or list markers."""
    if value is None:
        return ""
    text = re.sub(r"\s*\n\s*", " ", str(value)).strip()
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # A leading list marker, setext underline or "1." would turn the line into structure.
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def parse_date(value: str) -> tuple[date, str] | None:
    """An ISO date or datetime, with its precision: "day", "month", "year" or "time"."""
    text = str(value).strip()
    try:
        if "T" in text or " " in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00")), "time"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text), "day"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return date(int(text[:4]), int(text[5:]), 1), "month"
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 1, 1), "year"
    except ValueError:
        return None
    return None


def format_date(value: Any, form: str = "long") -> str:
    """"8 February 2023"; form "short" gives "8 Feb 2023"; datetimes add the time in long form."""
    if value is None:
        return "undated"
    parsed = parse_date(value)
    if parsed is None:
        return str(value)
    day, precision = parsed
    month = _MONTHS[day.month - 1]
    if form == "short":
        month = month[:3]
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{month} {day.year}"
    text = f"{day.day} {month} {day.year}"
    if precision == "time" and form == "long" and isinstance(day, datetime):
        offset = day.utcoffset()
        zone = "UTC" if offset is not None and not offset else day.strftime("%z") or "local time"
        text += f", {day:%H:%M} {zone}"
    return text


def format_period(period: dict[str, Any] | None) -> str:
    """"1–8 February 2023", "since 1 February 2023", "until 8 February 2023"."""
    if not period:
        return ""
    start, end = period.get("start"), period.get("end")
    if start and end:
        a, b = parse_date(start), parse_date(end)
        if a and b and a[1] == b[1] == "day":
            (d1, _), (d2, _) = a, b
            if d1 == d2:
                return format_date(start)
            if (d1.year, d1.month) == (d2.year, d2.month):
                return f"{d1.day}–{format_date(end)}"
            if d1.year == d2.year:
                return f"{d1.day} {_MONTHS[d1.month - 1]} – {format_date(end)}"
        return f"{format_date(start)} – {format_date(end)}"
    if start:
        return f"since {format_date(start)}"
    if end:
        return f"until {format_date(end)}"
    return ""


def capfirst(value: Any) -> str:
    """Upper-case the first letter only (Jinja's `capitalize` lowers the rest: "UN" → "Un")."""
    text = str(value)
    return text[:1].upper() + text[1:]


def number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`2|plural("document")` → "2 documents"."""
    return f"{number(n)} {singular if n == 1 else plural_form or singular + 's'}"


def count(figure: dict[str, Any]) -> str:
    """The number alone: "300", "1,500–2,000", "dozens"."""
    low, high = figure.get("low"), figure.get("high")
    if figure.get("qualifier") == "vague" or (low is None and high is None):
        return figure.get("vague") or "an unknown number"
    if low is not None and high is not None and high != low:
        return f"{number(low)}–{number(high)}"
    return number(low if low is not None else high)


def amount(figure: dict[str, Any]) -> str:
    """The number with its qualifier: "at least 300", "1,500–2,000", "dozens"."""
    text = count(figure)
    low, high, kind = figure.get("low"), figure.get("high"), figure.get("qualifier")
    span = low is not None and high is not None and high != low
    if kind in (None, "exact", "range", "vague") or span or (low is None and high is None):
        return text
    return f"{_QUALIFIERS.get(kind, kind.replace('_', ' '))} {text}"


def describe_figure(figure: dict[str, Any], detail: bool = False) -> str:
    """"at least 300 civilians killed", "dozens of people displaced"; place and time on request."""
    subject = figure.get("subject")
    text = amount(figure)
    if subject:
        text += f" of {subject}" if figure.get("qualifier") == "vague" else f" {subject}"
    category = figure.get("category") or "other"
    if category != "other":
        text += f" {category}"
    if detail:
        if figure.get("place"):
            text += f" in {figure['place']}"
        if figure.get("when"):
            text += f" ({figure['when']})"
    return text


def qualifier(figure: dict[str, Any]) -> str:
    """The qualifier as words, with "hedged" when the text itself hedges."""
    label = _QUALIFIERS.get(figure.get("qualifier") or "exact", str(figure.get("qualifier")))
    return f"{label}, hedged" if figure.get("hedged") else label


def event_figures(figures: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The figures about this event: other events' tolls (scope "background") left out."""
    return [f for f in figures or [] if f.get("scope") != "background"]


def background_figures(figures: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Other, earlier or unrelated events' tolls: context, never a key figure."""
    return [f for f in figures or [] if f.get("scope") == "background"]


def beside_lead(points: Iterable[dict[str, Any]], event: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Summary points that add to the composed lead: those whose sentence the lead already
    cites are left out, and so are those that state a toll a later count replaced (beside the
    lead's "41–56 killed", "at least 34 killed" would read as a second, current toll)."""
    event = event or {}
    used = {_sentence_key(r) for clause in event.get("lead") or [] for r in clause.get("sources") or []}
    stale = {_sentence_key(r) for toll in event.get("tolls") or [] for v in toll.get("values") or []
             if v.get("superseded") and v.get("value") != toll.get("latest")
             for r in v.get("sources") or []}
    kept = []
    for point in points or []:
        keys = {_sentence_key(r) for r in point.get("sources") or []}
        if not keys & used and not (keys and keys <= stale):
            kept.append(point)
    return kept


def toll_sources(toll: dict[str, Any], limit: int = 3) -> list[dict[str, Any]]:
    """The sentences that give a toll's current counts (an earlier count is not cited for the
    toll as it stands now), at most `limit`."""
    current = [r for v in toll.get("values") or [] if not v.get("superseded") for r in v.get("sources") or []]
    refs, seen = [], set()
    for ref in current or toll.get("sources") or []:
        if _sentence_key(ref) not in seen:
            seen.add(_sentence_key(ref))
            refs.append(ref)
    return refs[:limit]


def toll_range(toll: dict[str, Any]) -> str:
    """"27", "at least 52", "23–31": a toll's reported values as one phrase."""
    low, high = toll.get("low"), toll.get("high")
    if low is None and high is None:
        return ""
    if low is not None and high is not None and high != low:
        return f"{number(low)}\u2013{number(high)}"
    value = low if low is not None else high
    return amount({"low": value, "high": None, "qualifier": toll.get("qualifier")})



def quote_text(value: Any) -> str:
    """A quote for display: the comma or colon that led back into the sentence dropped, and
    a closing full stop, since a source and a citation follow it ("…has changed” (Wire, 8
    May)"). A stop that ends an abbreviation ("the U.S.", "Jr.") stays."""
    text = str(value or "").strip().rstrip(",;:").rstrip()
    if text.endswith(".") and not text.endswith("..") and not _ABBREVIATION_END.search(text):
        text = text[:-1].rstrip()
    return text


# A last word that is an abbreviation: letters with inner stops, or a short capitalised word.
_ABBREVIATION_END = re.compile(r"(?:\b\w\.\w\.|\b[A-Z][a-z]{0,2}\.|\b\w\.)$")
# Words in quotation marks inside a reported statement.
_QUOTED = re.compile(r"[\u201c\"]([^\u201c\u201d\"]{2,}?)[\u201d\"]")


def statements(quotes: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The quotes split for a brief that must keep verbatim and paraphrased words apart.

    `verbatim`: direct and partial quotes, then the words in quotation marks inside a
    reported statement that no verbatim quote of its document already carries, as partial
    quotes of its speaker. `reported`: the reported statements with no words in quotation
    marks, the only ones a reader may paraphrase freely.
    """
    quotes = list(quotes)
    verbatim = [q for q in quotes if q.get("kind") in _VERBATIM]
    reported: list[dict[str, Any]] = []
    extra: list[dict[str, Any]] = []
    for q in quotes:
        if q.get("kind") in _VERBATIM:
            continue
        words = [m.group(1).strip() for m in _QUOTED.finditer(str(q.get("text") or ""))]
        if not words:
            reported.append(q)
            continue
        documents = {r.get("document") for r in q.get("sources", [])}
        for fragment in words:
            key = _plain_words(fragment)
            if not key or any(_carries(v, key, documents) for v in verbatim + extra):
                continue
            extra.append({**q, "text": fragment, "kind": "partial", "cue": None})
    return {"verbatim": verbatim + extra, "reported": reported}


def _plain_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _carries(quote: dict[str, Any], words: str, documents: set[Any]) -> bool:
    """Whether a verbatim quote from one of `documents` holds these words (or they hold it)."""
    if not documents & {r.get("document") for r in quote.get("sources", [])}:
        return False
    own = _plain_words(str(quote.get("text") or ""))
    return bool(own) and (words in own or own in words)


def speakers_first(quotes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each speaker's first quote, in order, then the rest: short briefs hear more voices."""
    quotes = list(quotes)
    seen: set[str | None] = set()
    first = []
    for q in quotes:
        if q.get("speaker") not in seen:
            seen.add(q.get("speaker"))
            first.append(q)
    return first + [q for q in quotes if not any(q is f for f in first)]


def kind_label(kind: str) -> str:
    """"Denied", "Figures differ", "Unverified claim": an open question's kind for readers."""
    return _QUESTION_KINDS.get(kind, capfirst(str(kind).replace("_", " ")))


def trim(value: Any, limit: int = 240, end: str = " …") -> str:
    """Text shortened to about `limit` characters, cut after a clause when one ends late
    enough, else between words; short text is returned whole."""
    text = re.sub(r"\s+", " ", str(value or "")).strip()
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    clauses = [m.start() + 1 for m in _CLAUSE_END.finditer(head) if m.start() >= limit * 0.6]
    cut = clauses[-1] if clauses else (head.rfind(" ") if head.rfind(" ") > limit * 0.5 else limit)
    words = text[:cut].rstrip(" ,;:–—-").split(" ")
    while len(words) > 1 and words[-1].lower() in _WEAK_ENDINGS:
        words.pop()   # "before storming the …" reads as a slip; "before storming …" does not
    return " ".join(words).rstrip(" ,;:–—-") + end


def verbatim_first(quotes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Direct and partial quotes first, then reported speech, each in the brief's order."""
    quotes = list(quotes)
    return ([q for q in quotes if q.get("kind") in _VERBATIM]
            + [q for q in quotes if q.get("kind") not in _VERBATIM])


def more(items: Iterable[Any], shown: int, noun: str = "more") -> str:
    """"+3 more" when a list of `shown` items leaves some out, else ""."""
    rest = len(list(items)) - shown
    return f"+{number(rest)} {noun}" if rest > 0 else ""


def _title_escape(text: str) -> str:
    return re.sub(r'(["\\&])', r"\\\1", text)


def _code_span(text: str) -> str:
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class Helpers:
    """Filters, tests and functions that need the brief or the style: one instance per render."""

    def __init__(self, brief: dict[str, Any], style: Style):
        self.brief = brief
        self.style = style
        self.docs = {d["id"]: (n, d) for n, d in enumerate(brief["documents"], start=1)}
        self.cited: set[int] = set()

    def install(self, env: jinja2.Environment) -> None:
        env.filters.update({
            "event_figures": event_figures, "beside_lead": beside_lead, "background_figures": background_figures,
            "toll_range": toll_range,
            "toll_sources": toll_sources,
            "md": md, "capfirst": capfirst, "date": format_date, "period": format_period,
            "number": number, "plural": plural, "count": count, "amount": amount,
            "figure": describe_figure, "qualifier": qualifier, "kind_label": kind_label,
            "quote_text": quote_text, "group_quotes": group_quotes, "trim": trim,
            "statements": statements, "published": self.published,
            "verbatim_first": verbatim_first, "more": more, "doc_numbers": self.doc_numbers,
            "speakers_first": speakers_first, "anchor": anchor, "location": location,
            "cite": self.cite, "limit": self.limit, "doc_number": self.doc_number,
            "doc_label": self.doc_label, "first_date": self.first_date,
            "attribution": self.attribution, "flags": self.flags,
            "source_entry": self.source_entry, "describe": self.describe,
        })
        env.tests.update({"section_enabled": self.section_enabled, "disputed": self.disputed})
        env.globals.update({
            "section_enabled": self.section_enabled, "sources": self.sources,
            "cited_sources": self.cited_sources, "listed_sources": self.listed_sources,
            "doc": self.doc,
            "figure_ranges": self.figure_ranges, "change_groups": self.change_groups,
        })

    # sections and limits

    def section_enabled(self, name: str) -> bool:
        return not self.style.sections or name in self.style.sections

    def limit(self, items: Iterable[Any], name: str | int, default: int | None = None) -> list[Any]:
        """`quotes|limit("quotes", 5)`: at most style.limits["quotes"] (else 5; None = all)."""
        n = name if isinstance(name, int) else self.style.limits.get(name, default)
        items = list(items)
        return items if n is None else items[: max(n, 0)]

    # documents and citations

    def doc(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self.docs:
            raise jinja2.TemplateRuntimeError(f"no document with id {doc_id!r} in this brief")
        return self.docs[doc_id][1]

    def doc_number(self, doc_id: str) -> int:
        self.doc(doc_id)
        return self.docs[doc_id][0]

    def doc_numbers(self, doc_ids: Iterable[str], most: int = 4) -> str:
        """"1, 2, 7 +12 more": a few source numbers in order, so a cell stays one line even
        when an actor appears in hundreds of documents."""
        numbers = sorted({self.doc_number(d) for d in doc_ids})
        shown = ", ".join(str(n) for n in numbers[:most])
        return f"{shown} +{number(len(numbers) - most)} more" if len(numbers) > most else shown

    def doc_label(self, doc_id: str) -> str:
        """"Example Wire, 8 February 2023": outlet (else title, else "source N") and date."""
        d = self.doc(doc_id)
        return f"{self._name(doc_id)}, {format_date(d.get('date'))}"

    def published(self, doc_id: str) -> str:
        """"Example Wire, 8 February 2023", "8 February 2023" or "undated": where and when a
        document appeared, for an item whose citation already gives the source's number."""
        d = self.doc(doc_id)
        return ", ".join(x for x in (d.get("source"), format_date(d.get("date"))) if x)

    def _name(self, doc_id: str) -> str:
        n, d = self.docs[doc_id]
        return d.get("source") or d.get("title") or f"source {n}"

    def first_date(self, refs: Iterable[dict[str, Any]]) -> str | None:
        dates = sorted(self.docs[r["document"]][1]["date"] for r in refs
                       if r["document"] in self.docs and self.docs[r["document"]][1].get("date"))
        return dates[0] if dates else None

    def cite(self, refs: Any, paragraph: bool = True, sentence: bool = True,
             most: int | None = 8) -> str:
        """Markdown citation links, one per cited paragraph: `[\\[1 ¶3\\]](#src-1 "note")`,
        a space between neighbours ("[1 ¶3] [2 ¶5]").

        The number is the document's position in `documents`; the link title is the note
        (title, outlet, date, paragraph and, unless sentence=False, the sentence itself) that
        HTML and DOCX show as the link's tooltip. One-page briefs leave the sentence out to save the room.
        A statement reprinted by many outlets gets its first `most` citations and "(+N more)".
        """
        if isinstance(refs, dict):
            refs = [refs]
        seen: dict[tuple[int, int], dict[str, Any]] = {}
        for ref in refs or []:
            if ref.get("document") not in self.docs:
                continue   # a ref to a document outside this brief cannot be cited
            key = (self.docs[ref["document"]][0], int(ref.get("paragraph") or 0))
            seen.setdefault(key, ref)
        links = []
        cited = sorted(seen.items())
        rest = len(cited) - most if most is not None and len(cited) > most else 0
        for (n, para), ref in cited[:len(cited) - rest]:
            self.cited.add(n)
            label = f"{n} ¶{para}" if paragraph and para else str(n)
            links.append(f'[\\[{label}\\]](#src-{n} "{_title_escape(self._note(ref, sentence))}")')
        return " ".join(links) + (f" (+{number(rest)} more)" if rest else "")

    def _note(self, ref: dict[str, Any], with_sentence: bool = True) -> str:
        d = self.docs[ref["document"]][1]
        where = ", ".join(x for x in (d.get("source"), format_date(d.get("date"))) if x)
        sentence = trim(ref.get("text") or "", _NOTE_SENTENCE, end="…") if with_sentence else ""
        note = f"{d.get('title') or d['id']} ({where}), ¶{ref.get('paragraph')}"
        if not sentence:
            return note
        quoted = sentence[0] in "“\"‘'«„"
        return f"{note}: {sentence}" if quoted else f"{note}: “{sentence}”"

    def sources(self) -> list[dict[str, Any]]:
        """Every document, numbered as citations number them, with its anchor name."""
        return [{**d, "number": n, "anchor": f"src-{n}"} for n, d in self.docs.values()]

    def cited_sources(self) -> list[dict[str, Any]]:
        """The documents cited so far in this render (for short briefs that list only those)."""
        return [s for s in self.sources() if s["number"] in self.cited]

    def source_entry(self, source: dict[str, Any], where: bool = True) -> str:
        """"**Headline**, Outlet, 8 February 2023. <link> `file.txt`": one line of a sources
        list (outlet, headline, date, link where known, and the file name, relative, never an
        absolute path). A document without a headline is named by its file. `where=False`
        leaves the link out (one-page briefs)."""
        details = [md(source["source"])] if source.get("source") else []
        details.append(format_date(source.get("date")))
        link = web_link(source) if where else None
        file = _code_span(source.get("path") or source["id"])
        if not source.get("title"):
            entry = f"{file}, {', '.join(details)}."
            return f"{entry} {link}" if link else entry
        entry = f"**{md(source['title'])}**, {', '.join(details)}."
        return " ".join(x for x in (entry, link, file) if x)

    def listed_sources(self) -> list[dict[str, Any]]:
        """The sources a brief lists: all of them, or for a large brief (more than the style's
        `limits.sources`, default 40) only those cited, so the brief is not mostly bibliography."""
        every = self.sources()
        limit = self.style.limits.get("sources", LISTED_SOURCES)
        return every if len(every) <= limit else self.cited_sources()

    # figures and quotes

    def attribution(self, figure: dict[str, Any], numbered: bool = True) -> str:
        """Who gives a number: the claimant the text names, else the outlet of its first source,
        else "reported in source N" (or "" with numbered=False, where a citation follows)."""
        if figure.get("claimed_by"):
            return f"according to {figure['claimed_by']}"
        refs = [r for r in figure.get("sources", []) if r.get("document") in self.docs]
        if not refs:
            return "source not stated" if numbered else ""
        n, d = self.docs[refs[0]["document"]]
        if d.get("source"):
            return f"reported by {d['source']}"
        return f"reported in source {n}" if numbered else ""

    def flags(self, figure: dict[str, Any]) -> list[str]:
        """"disputed" when an open question about conflicting or denied numbers cites the same
        sentence; "unconfirmed" when the text hedges or an open question says so."""
        places = {_sentence_key(r) for r in figure.get("sources", [])}
        result = []
        kinds = {q["kind"] for q in self.brief.get("open_questions", [])
                 if places & {_sentence_key(r) for r in q.get("evidence", [])}}
        status = standing(self.brief, figure)
        if status == SUPERSEDED:
            result.append("earlier count")
        elif status == PART:
            result.append("part of the total")
        elif status == DISPUTED or (status is None and kinds & set(_DISPUTING_KINDS)):
            result.append("disputed")
        if figure.get("hedged") or "unconfirmed" in kinds:
            result.append("unconfirmed")
        return result

    def disputed(self, figure: dict[str, Any]) -> bool:
        return "disputed" in self.flags(figure)

    def figure_ranges(self, figures: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Where two or more numbers are given for the same group of people (or, in a brief
        without groups, the same category in the same place): the lowest and highest, and
        whether they differ. Other events' tolls and breakdowns are never compared, and figures
        with neither a group nor a place are not either: yearly totals and single incidents are
        different counts."""
        groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for f in event_figures(figures):
            if f.get("breakdown") or (f.get("low") is None and f.get("high") is None):
                continue
            if f.get("group"):
                key = (f.get("category") or "other", "group:" + f["group"])
            elif f.get("place"):
                key = (f.get("category") or "other", str(f["place"]).casefold())
            else:
                continue
            groups.setdefault(key, []).append(f)
        result = []
        for (category, _), items in groups.items():
            if len(items) < 2:
                continue
            lowest = min(items, key=lambda f: f["low"] if f.get("low") is not None else f["high"])
            highest = max(items, key=lambda f: f["high"] if f.get("high") is not None else f["low"])
            refs = [r for f in items for r in f.get("sources", [])]
            values = {(f.get("low"), f.get("high")) for f in items}
            result.append({"category": category, "place": items[0].get("place"),
                           "subject": items[0].get("subject"), "lowest": lowest,
                           "highest": highest, "figures": items, "sources": refs,
                           "differ": len(values) > 1})
        return result

    # "new since the last brief"

    def change_groups(self, changes: dict[str, Any] | None) -> list[dict[str, Any]]:
        """The non-empty lists of `changes`, known keys first, each with a label."""
        if not changes:
            return []
        keys = [k for k in _CHANGE_LABELS if k in changes]
        keys += sorted(k for k in changes if k not in _CHANGE_LABELS)
        return [{"key": k, "label": _CHANGE_LABELS.get(k, k.replace("_", " ").capitalize()),
                 "items": list(changes[k])}
                for k in keys if isinstance(changes[k], list) and changes[k]]

    def describe(self, item: Any) -> str:
        """One item of a `changes` list as a Markdown line with its citations.

        Items are the objects of the brief's own lists (actor, quote, figure, open question);
        a changed figure is {"before": figure, "after": figure}; plain strings are shown as is.
        """
        if not isinstance(item, dict):
            return md(item)
        if "before" in item and "after" in item:
            after = item["after"]
            refs = after.get("sources", []) if isinstance(after, dict) else []
            change = f"{self.describe_plain(item['before'])} → {self.describe_plain(after)}"
            return f"{md(change)} {self.cite(refs)}".strip()
        refs = item.get("sources") or item.get("evidence") or []
        return f"{md(self.describe_plain(item))} {self.cite(refs)}".strip()

    def describe_plain(self, item: Any) -> str:
        if not isinstance(item, dict):
            return str(item)
        if "question" in item:
            return item["question"]
        if "category" in item and "qualifier" in item:
            return f"{describe_figure(item, detail=True)}, {self.attribution(item)}"
        if "name" in item:
            roles = "; ".join(item.get("roles") or [])
            return f"{item['name']} ({roles})" if roles else item["name"]
        if "kind" in item and "text" in item:
            speaker = item.get("speaker") or "unattributed"
            return (f"{speaker}: {item['text']}" if item["kind"] == "indirect"
                    else f"{speaker}: “{item['text']}”")
        return str(item.get("text", item))


def _sentence_key(ref: dict[str, Any]) -> tuple[str, int, int]:
    return (ref.get("document", ""), int(ref.get("paragraph") or 0), int(ref.get("sentence") or 1))


def group_quotes(quotes: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes grouped by speaker in order of first appearance; unattributed ones last.

    Each group has all its `quotes`, and the same split into `verbatim` (direct and partial)
    and `reported` (indirect), so a template can show the speaker's own words first.
    """
    groups: dict[str | None, dict[str, Any]] = {}
    for q in quotes:
        group = groups.setdefault(q.get("speaker"), {"speaker": q.get("speaker"), "role": None,
                                                     "quotes": [], "verbatim": [], "reported": []})
        group["role"] = group["role"] or q.get("speaker_role")
        group["quotes"].append(q)
        group["verbatim" if q.get("kind") in _VERBATIM else "reported"].append(q)
    ordered = [g for k, g in groups.items() if k is not None]
    return ordered + ([groups[None]] if None in groups else [])


def anchor(name: str) -> str:
    """A trailing attribute that gives the paragraph or list item an anchor: `{#src-1}`.

    Written through a filter because `{#` opens a comment in Jinja.
    """
    if not re.fullmatch(r"[A-Za-z][\w-]*", str(name)):
        raise jinja2.TemplateRuntimeError(f"invalid anchor name {name!r}")
    return "{#" + str(name) + "}"


def location(source: dict[str, Any]) -> str:
    """A source's URL as a link when it is a plain web address, else its path as code."""
    return web_link(source) or _code_span(source.get("path") or source.get("url")
                                          or source.get("id", ""))


def web_link(source: dict[str, Any]) -> str | None:
    """A source's URL as a Markdown autolink when it is a plain web address."""
    url = source.get("url")
    if url and re.fullmatch(r"https?://[^\s<>]+", url):
        return f"<{url}>"
    return None
