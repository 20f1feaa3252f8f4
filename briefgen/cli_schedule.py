"""`briefgen run`, `briefgen history` and `briefgen schedule`: briefs from config profiles.

Built for cron and systemd timers: quiet on success, one line and a non-zero exit code on failure,
warnings on standard error.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from .api import FORMATS, UNDATED_POLICIES
from .cli_support import parse_now, report_errors, warn
from .errors import BriefgenError

CONFIG_HELP = ("Config file (default: ./briefgen.toml, else $BRIEFGEN_HOME/config.toml).")


def _shown(path: str | Path) -> str:
    """A path relative to the working folder when it lies below it, for shorter lines."""
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _check_cron(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    from . import schedule as scheduling

    try:
        return scheduling.check_cron(value)
    except BriefgenError as exc:
        raise click.BadParameter(exc.reason) from None


config_option = click.option("--config", "config_file", type=click.Path(dir_okay=False,
                             path_type=Path), help=CONFIG_HELP)


@click.command()
@click.argument("profile")
@config_option
@click.option("--now", callback=parse_now, metavar="ISO",
              help="Run as if it were this date or time (picks the window; for tests and reruns).")
@click.option("--if-new", is_flag=True,
              help="Write nothing (exit 0) when nothing is new since the profile's last brief.")
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path),
              help="Store file (default: beside the outputs, else $BRIEFGEN_HOME/store.sqlite).")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format, instead of the profile's (repeat for several).")
@click.option("--output", metavar="PATTERN",
              help="File-name pattern instead of the profile's, e.g. "
                   "'out/{profile}-{iso_week}.{ext}' (fields: profile, iso_week, start, end, "
                   "date, ext).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes that parse and extract (default: one per core).")
@click.option("--undated", type=click.Choice(UNDATED_POLICIES),
              help="Documents without a date of their own, instead of the profile's `undated` "
                   "(default include: listed as undated, outside the window).")
@click.option("--dask", metavar="ADDRESS",
              help="Parse and extract on a Dask cluster (tcp://host:8786, or 'local').")
@click.option("--no-render-cache", "no_render_cache", is_flag=True,
              help="Render every file again instead of reusing the store's copy.")
@click.option("-v", "--verbose", is_flag=True, help="Say what was read, reused and written.")
@report_errors
def run(profile: str, config_file: Path | None, now: datetime | None, if_new: bool,
        store: Path | None, formats: tuple[str, ...], output: str | None, jobs: int | None,
        undated: str | None, dask: str | None, verbose: bool, no_render_cache: bool) -> None:
    """Build the brief of PROFILE for its window (safe to run from cron: idempotent, locked)."""
    # the store, profiles and scheduling code load only when a command of theirs runs,
    # which keeps `briefgen --help` and `briefgen build` from importing them
    from . import schedule as scheduling
    from .config import find_config, load_config

    overrides: dict[str, object] = {}
    if formats:
        overrides["formats"] = formats
    if output:
        overrides["output"] = str(Path(output).absolute())
    if store:
        overrides["store"] = store.absolute()
    if undated:
        overrides["undated"] = undated
    config = load_config(find_config(config_file, Path.cwd()))
    result = scheduling.run_profile(config, profile, now=now, overrides=overrides,
                                    if_new=if_new, warn=warn, jobs=jobs, dask=dask,
                                    render_cache=not no_render_cache)
    if result.skipped:
        click.echo(result.skipped)
        return
    if verbose:
        brief = result.brief
        undated = f", {len(brief.undated_documents)} undated" if brief.undated_documents else ""
        click.echo(f"{profile}: window {result.window} ({result.window.iso_week}), "
                   f"{_count(len(brief.documents), 'document')}{undated}; "
                   f"{result.extracted} extracted, {result.cached} from the store; "
                   f"{result.rendered_reused} of {len(result.outputs)} file(s) reused as "
                   "rendered before", err=True)
        if result.previous is not None:
            click.echo(f"compared with the brief of {result.previous.start}.."
                       f"{result.previous.end}", err=True)
        for path in result.outputs:
            click.echo(f"wrote {_shown(path)}", err=True)


@click.command()
@click.argument("profile")
@config_option
@click.option("--store", type=click.Path(dir_okay=False, path_type=Path),
              help="Store file, if the runs used --store.")
@report_errors
def history(profile: str, config_file: Path | None, store: Path | None) -> None:
    """List the briefs PROFILE has produced, oldest first."""
    from . import schedule as scheduling
    from .config import find_config, load_config

    config = load_config(find_config(config_file, Path.cwd()))
    records = scheduling.history(config, profile, store=store)
    if not records:
        click.echo(f"no briefs recorded for profile {profile!r} yet")
        return
    for record in records:
        files = ", ".join(_shown(p) + ("" if Path(p).exists() else " (missing)")
                          for p in record.outputs)
        week = f"{record.end.isocalendar()[0]}-W{record.end.isocalendar()[1]:02d}"
        click.echo(f"{week}  {record.start}..{record.end}  {_count(record.documents, 'document')}  "
                   f"generated {record.generated_at}  {files}")


@click.command()
@click.argument("profile")
@config_option
@click.option("--cron", "cron_expr", required=True, metavar="SCHEDULE", callback=_check_cron,
              help='When to run, in crontab syntax, e.g. "0 7 * * MON" (Mondays 07:00).')
@click.option("--systemd", is_flag=True,
              help="Print a systemd user service and timer instead of a crontab line.")
@click.option("--if-new", is_flag=True, help="Have the scheduled run use --if-new.")
@report_errors
def schedule(profile: str, config_file: Path | None, cron_expr: str, systemd: bool,
             if_new: bool) -> None:
    """Print what runs PROFILE on a schedule; installing it is left to you."""
    from . import schedule as scheduling
    from .config import find_config, load_config

    config_path = find_config(config_file, Path.cwd())
    load_config(config_path).profile(profile)
    if systemd:
        on_calendar = scheduling.cron_to_on_calendar(cron_expr)
        click.echo(scheduling.systemd_units(profile, on_calendar, config_path, if_new=if_new),
                   nl=False)
    else:
        line = scheduling.cron_line(profile, cron_expr, config_path, if_new=if_new)
        click.echo(f"# briefgen profile {profile} (add it with: crontab -e)\n{line}")


COMMANDS = [run, history, schedule]
