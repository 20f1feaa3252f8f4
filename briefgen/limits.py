"""How much of one input file briefgen reads: the limits that keep a huge or hostile file from
taking the machine. Each can be changed (`--limit NAME=VALUE`, a profile's `limits` table).

When a file reaches a limit it is truncated (or skipped when nothing useful remains) with a
one-line warning naming the file and the limit; the truncation is part of the store's cache key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import Any, Iterable, Mapping


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 25_000_000            # bytes read from one file; the rest is not read
    decompressed_bytes: int = 100_000_000   # a DOCX's unzipped size, a PDF stream's inflated size
    paragraphs: int = 5_000                 # paragraphs kept per document
    paragraph_chars: int = 5_000            # a longer paragraph is split at sentence ends
    document_chars: int = 1_000_000         # characters kept per document (PDF text included)

    def with_values(self, values: Mapping[str, Any], where: str = "--limit") -> "Limits":
        """These limits with `values` ({name: int or "25MB"}) in place; ValueError names the bad one."""
        changes = {}
        for name, value in values.items():
            if name not in NAMES:
                raise ValueError(f"{where}: unknown limit {name!r} (limits: {', '.join(NAMES)})")
            changes[name] = parse_value(value, f"{where} {name}")
        return replace(self, **changes)


NAMES = tuple(f.name for f in fields(Limits))
DEFAULT = Limits()
_SIZE = re.compile(r"(\d[\d_,]*)\s*([kmg]i?b?|b)?", re.I)
_FACTORS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "m": 10**6, "mb": 10**6, "g": 10**9,
            "gb": 10**9, "ki": 2**10, "kib": 2**10, "mi": 2**20, "mib": 2**20, "gi": 2**30,
            "gib": 2**30}


def parse_value(value: Any, where: str) -> int:
    """A positive whole number, written 5000, 5_000, 5,000 or with a size unit (25MB, 1GiB)."""
    if isinstance(value, bool):
        raise ValueError(f"{where}: a limit is a positive whole number, not {value!r}")
    if isinstance(value, int):
        number = value
    else:
        match = _SIZE.fullmatch(str(value).strip())
        if not match:
            raise ValueError(f"{where}: a limit is a positive whole number (e.g. 5000 or 25MB), "
                             f"not {value!r}")
        number = int(match[1].replace("_", "").replace(",", "")) * _FACTORS[(match[2] or "").lower()]
    if number < 1:
        raise ValueError(f"{where}: a limit must be at least 1, not {value!r}")
    return number


def parse_pairs(pairs: Iterable[str], base: Limits = DEFAULT) -> Limits:
    """Limits from NAME=VALUE strings (the command line)."""
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"--limit {pair}: write NAME=VALUE (limits: {', '.join(NAMES)})")
        values[name.strip().replace("-", "_")] = value
    return base.with_values(values)


def hint(name: str, value: int) -> str:
    """How a warning names a limit: "limit paragraphs=5000, see --limit"."""
    return f"limit {name}={value}; raise it with --limit {name}=N"
