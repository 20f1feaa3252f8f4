"""Where the user's own files live: config, templates and the fallback store, under one folder.

A leaf module: config (profiles) and render.templating (user templates) both need it, and
neither may import the other (config sits above the api, rendering below it).
"""

from __future__ import annotations

import os
from pathlib import Path

import click


def home() -> Path:
    """$BRIEFGEN_HOME, else the platform's per-user application folder."""
    env = os.environ.get("BRIEFGEN_HOME")
    return Path(env).expanduser() if env else Path(click.get_app_dir("briefgen"))
