"""Errors a user can act on, each carrying the exit code documented in DESIGN.md.

Library code raises these; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_NO_DOCUMENTS = 3
EXIT_OUTPUT = 4


class BriefgenError(Exception):
    """Base class: a one-line message naming the file (when there is one) and the reason."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, path: object | None = None):
        self.path = None if path is None else str(path)
        self.reason = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputError(BriefgenError):
    """A document that cannot be read: missing, empty, binary, corrupt, unknown format."""


class TemplateError(BriefgenError):
    """A template that cannot be found, parsed or rendered."""


class ConfigError(BriefgenError):
    """A config file or profile that is malformed or names something that does not exist."""


class GoldError(BriefgenError):
    """A gold-annotation file for `briefgen evaluate` that does not follow the documented format."""


class ModelError(BriefgenError):
    """No usable spaCy pipeline is installed."""


class NoDocumentsError(BriefgenError):
    exit_code = EXIT_NO_DOCUMENTS


class OutputError(BriefgenError):
    """The brief could not be written: rendering, fonts, permissions."""

    exit_code = EXIT_OUTPUT


class LockedError(BriefgenError):
    """Another run of the same profile holds the lock."""

    exit_code = EXIT_OUTPUT


class ClusterError(BriefgenError):
    """--dask cannot be honoured: dask is not installed, or the scheduler cannot be reached."""

    exit_code = EXIT_USAGE
