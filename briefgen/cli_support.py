"""What every command shares: one-line errors with the documented exit codes, warnings,
progress, and date options. Kept apart so that cli.py and cli_schedule.py use one copy.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from datetime import date, datetime
from typing import Any, Callable, Iterator

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
            if verbose or (isinstance(exc, BrokenPipeError) and reader_left()):
                raise                   # a closed pipe is ended quietly by QuietPipeGroup
            click.echo(f"briefgen: internal error: {type(exc).__name__}: {exc} "
                       "(run with --verbose for details)", err=True)
            ctx.exit(1)

    return wrapper


def reader_left() -> bool:
    """Whether standard output or error is a pipe whose reader has closed it (`| head -1`).

    Asked of the descriptors themselves, so that a broken pipe to a worker process is still
    reported as the error it is. Where poll() is missing, a broken pipe is taken at its word.
    """
    import select

    if not hasattr(select, "poll"):
        return True
    for stream in (sys.stdout, sys.stderr):
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            continue                    # not a real descriptor (captured output in tests)
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        if any(events & select.POLLERR for _fd, events in poller.poll(0)):
            return True
    return False


def _silence_output() -> None:
    """Point standard output and error at the null device, so that what is still buffered
    is dropped at exit instead of raising again ("Exception ignored ... BrokenPipeError")."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        for stream in (sys.stdout, sys.stderr):
            try:
                os.dup2(devnull, stream.fileno())
            except (AttributeError, OSError, ValueError):
                pass
    finally:
        os.close(devnull)


@contextlib.contextmanager
def _quiet_when_reader_leaves() -> Iterator[None]:
    try:
        yield
    except BrokenPipeError:
        if not reader_left():
            raise
        _silence_output()
        raise click.exceptions.Exit(0) from None


class QuietPipeGroup(click.Group):
    """The top command group. A reader that stops early (`briefgen ... | head -1`) is not a
    failure: whatever command was writing ends at once, silently, with exit code 0.

    Both the parsing (help and usage text are printed there) and the command itself run
    inside the guard, so every command, present and future, gets the same behaviour.
    """

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _quiet_when_reader_leaves():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _quiet_when_reader_leaves():
            result = super().invoke(ctx)
            sys.stdout.flush()          # what is still buffered fails here, not at exit
            return result


def write_stdout(data: bytes) -> None:
    """All of `data` to standard output: a pipe may take a write only in part."""
    out = sys.stdout.buffer
    view = memoryview(data)
    while view:
        view = view[out.write(view):]
    out.flush()


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
