"""What every command shares: one-line errors with the documented exit codes, warnings,
progress, and date options. Kept apart so that cli.py and cli_schedule.py use one copy.
"""

from __future__ import annotations

import functools
import sys
from datetime import date, datetime
from typing import Any, Callable

import click

from . import api
from .errors import BriefgenError


def report_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """One line on standard error and the documented exit code, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        verbose = bool((ctx.obj or {}).get("verbose")) or bool(kwargs.get("verbose"))
        try:
            return command(*args, **kwargs)
        except BriefgenError as exc:
            click.echo(f"briefgen: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("briefgen: interrupted", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:  # a bug, not the user's mistake: still no traceback by default
            if verbose:
                raise
            click.echo(f"briefgen: internal error: {type(exc).__name__}: {exc} "
                       "(run with --verbose for details)", err=True)
            ctx.exit(1)

    return wrapper


def warn(message: str) -> None:
    click.echo(f"briefgen: warning: {message}", err=True)


def progress_reporter() -> api.Progress | None:
    """Progress on standard error, only when a person is watching it."""
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if done == total else "\r"
        click.echo(f"{stage}: {done}/{total} documents", err=True, nl=False)
        click.echo(end, err=True, nl=False)

    return show


def parse_day(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param=param) from None


def parse_now(_ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an ISO date or time", param=param) from None
    try:
        api.resolve_now(when)          # the brief is stamped in UTC: it must have a UTC time
    except OverflowError:
        raise click.BadParameter(f"{value!r} lies outside the years 1-9999 in UTC",
                                 param=param) from None
    # The offset is kept: `run` picks its window by the day as given; the stamp is in UTC.
    return when if when.tzinfo else api.resolve_now(when)
